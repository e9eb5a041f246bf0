//! Experience asked for, as postings write it, read into a range of years: the lab's
//! formats (`2 - 5 yrs`, `10+ yrs`), `3+ years`, `at least 2 years`, `1-3年`, `10年以上`
//! (10 and more), `1年以下` (up to 1), `不限` (any) and `无经验` (none). Pure: text in, a
//! [`Span`] out.

use super::span::{Span, parse_span};

/// Values that ask for no particular experience: any number of years.
const ANY: [&str; 5] = ["不限", "经验不限", "无要求", "any", "no requirement"];
/// Values that ask for none.
const NONE: [&str; 6] = [
    "无经验",
    "无需经验",
    "no experience",
    "sin experiencia",
    "sem experiência",
    "sans expérience",
];
/// Words before a number of years that leave the range open above.
const AT_LEAST: [&str; 14] = [
    "at least",
    "minimum of",
    "minimum",
    "min.",
    "min",
    "more than",
    "over",
    "al menos",
    "mínimo",
    "más de",
    "pelo menos",
    "mais de",
    "au moins",
    "mindestens",
];
/// Words before a number of years that start the range at zero.
const UP_TO: [&str; 5] = ["up to", "less than", "under", "hasta", "bis zu"];
/// Units of years in other languages, read as `years`.
const YEARS: [&str; 9] = [
    "años", "año", "anos", "ano", "ans", "an", "jahren", "jahre", "jahr",
];

/// Reads the experience `text` asks for; `None` when it is no number of years.
pub fn parse_experience(text: &str) -> Option<Span> {
    if let Some(span) = parse_span(text) {
        return Some(span);
    }
    let lower = text.trim().to_lowercase();
    if ANY.contains(&lower.as_str()) {
        return Some(Span {
            lower: 0.0,
            upper: f64::INFINITY,
        });
    }
    if NONE.contains(&lower.as_str()) {
        return Some(Span::point(0.0));
    }
    // `N年以上` and `N年以下`: the suffix says which way the range runs.
    let (rest, open, up_to) = if let Some(rest) = lower.strip_suffix("以上") {
        (rest.to_owned(), true, false)
    } else if let Some(rest) = lower
        .strip_suffix("以下")
        .or_else(|| lower.strip_suffix("以内"))
    {
        (rest.to_owned(), false, true)
    } else {
        (lower.clone(), false, false)
    };
    let mut rest = rest
        .replace(['年', '～', '〜', '~'], " years ")
        .replace("到", "-");
    for unit in YEARS {
        rest = replace_word(&rest, unit, "years");
    }
    let mut open = open;
    let mut up_to = up_to;
    for word in AT_LEAST {
        if let Some(after) = strip_word(&rest, word) {
            rest = after;
            open = true;
            break;
        }
    }
    for word in UP_TO {
        if let Some(after) = strip_word(&rest, word) {
            rest = after;
            up_to = true;
            break;
        }
    }
    // `1 years - 3 years` once `年` is a word: keep the unit only at the end.
    let rest = rest.replacen(" years -", " -", 1);
    let span = parse_span(rest.trim())?;
    Some(match (open, up_to) {
        (true, _) => Span {
            lower: span.lower,
            upper: f64::INFINITY,
        },
        (_, true) => Span {
            lower: 0.0,
            upper: span.upper,
        },
        _ => span,
    })
}

/// `text` without `word` at its start, if it starts with it as a whole word.
fn strip_word(text: &str, word: &str) -> Option<String> {
    let after = text.trim_start().strip_prefix(word)?;
    after
        .starts_with(|c: char| !c.is_alphanumeric() || word.ends_with('.'))
        .then(|| after.to_owned())
}

/// `text` with every whole word `word` replaced by `by`.
fn replace_word(text: &str, word: &str, by: &str) -> String {
    text.split(' ')
        .map(|w| if w == word { by } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_experience_as_postings_write_it() {
        let inf = f64::INFINITY;
        let cases: &[(&str, Option<(f64, f64)>)] = &[
            // The lab's formats.
            ("2 - 5 yrs", Some((2.0, 5.0))),
            ("30 years and above", Some((30.0, inf))),
            ("0 Years", Some((0.0, 0.0))),
            // Elsewhere.
            ("5 - 10 Years", Some((5.0, 10.0))),
            ("3+ years", Some((3.0, inf))),
            ("at least 2 years", Some((2.0, inf))),
            ("At least 2 years", Some((2.0, inf))),
            ("minimum 4 years", Some((4.0, inf))),
            ("up to 2 years", Some((0.0, 2.0))),
            ("1-3年", Some((1.0, 3.0))),
            ("1-3 年", Some((1.0, 3.0))),
            ("3年", Some((3.0, 3.0))),
            ("10年以上", Some((10.0, inf))),
            ("1年以下", Some((0.0, 1.0))),
            ("3年以内", Some((0.0, 3.0))),
            ("不限", Some((0.0, inf))),
            ("经验不限", Some((0.0, inf))),
            ("无经验", Some((0.0, 0.0))),
            ("No experience", Some((0.0, 0.0))),
            ("al menos 3 años", Some((3.0, inf))),
            ("2-4 anos", Some((2.0, 4.0))),
            ("mindestens 5 Jahre", Some((5.0, inf))),
            ("5 ans", Some((5.0, 5.0))),
            // Near misses.
            ("Entry level", None),
            ("Senior", None),
            ("", None),
            ("years", None),
            ("3-1年", None),
        ];
        for &(text, want) in cases {
            let got = parse_experience(text).map(|s| (s.lower, s.upper));
            assert_eq!(got, want, "{text:?}");
        }
    }
}
