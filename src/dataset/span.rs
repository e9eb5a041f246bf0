//! Numbers and ranges read from values, once at load: a JSON number, a numeric string, or
//! an experience range as job postings write it (`2 - 5 yrs`, `3 - 8 Years`, `0 Years`,
//! `30 years and above`, `10+ yrs`), whatever the case and spacing.

use super::value::{JsonType, Values};

/// The numbers a value stands for: `lower..=upper` (`upper` is infinite for "and above").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// The smallest number: the value itself, or the years a range requires.
    pub lower: f64,
    /// The largest number, or `f64::INFINITY` when the range has no upper limit.
    pub upper: f64,
}

impl Span {
    /// The span of a single number.
    pub fn point(n: f64) -> Span {
        Span { lower: n, upper: n }
    }

    /// Whether `n` lies in the span, ends included.
    pub fn covers(self, n: f64) -> bool {
        self.lower <= n && n <= self.upper
    }
}

/// What reading a field's values as ranges found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranges {
    /// How many records hold a value read as a range.
    pub records: usize,
    /// The currencies stated (ISO codes), with how many records state each, most first.
    pub currencies: Vec<(String, usize)>,
    /// The fields a derived field was read from (`min_salary`, `max_salary`, …); empty for
    /// a field of the data.
    pub read_from: Vec<String>,
}

/// Words that end an open range.
const OPEN_ENDS: [&str; 5] = ["and above", "or more", "and more", "plus", "+"];
/// Units that may follow the numbers.
const UNITS: [&str; 4] = ["years", "year", "yrs", "yr"];

/// Reads a number or a range from a string value; `None` when it is neither.
pub fn parse_span(text: &str) -> Option<Span> {
    // Every span starts with a number (a range's lower end, or the only one): most values
    // (skills, titles) are refused here, before any copy is made.
    let first = text.trim_start().bytes().next()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'.')) {
        return None;
    }
    let mut rest = text.trim().to_ascii_lowercase();
    let mut open = false;
    loop {
        let before = rest.len();
        if let Some(end) = OPEN_ENDS.iter().find(|end| rest.ends_with(*end)) {
            rest.truncate(rest.len() - end.len());
            open = true;
        }
        if let Some(unit) = UNITS.iter().find(|unit| rest.ends_with(*unit)) {
            rest.truncate(rest.len() - unit.len());
        }
        rest.truncate(rest.trim_end().len());
        if rest.len() == before {
            break;
        }
    }
    let span = match rest.split_once(['-', '–']) {
        Some((low, high)) if !low.trim().is_empty() && !open => Span {
            lower: number(low)?,
            upper: number(high)?,
        },
        _ => Span {
            lower: number(&rest)?,
            upper: if open { f64::INFINITY } else { number(&rest)? },
        },
    };
    (span.lower <= span.upper).then_some(span)
}

/// A finite decimal number, with nothing else around it but spaces.
fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The spans of a field's string values, or nothing when none reads as a number or range.
pub(super) fn spans_of(values: &Values) -> Vec<Option<Span>> {
    let spans: Vec<Option<Span>> = values
        .iter()
        .map(|v| match v.json_type {
            JsonType::String => parse_span(v.text),
            _ => None,
        })
        .collect();
    if spans.iter().any(Option::is_some) {
        spans
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_and_experience_ranges() {
        let inf = f64::INFINITY;
        let cases: [(&str, Option<(f64, f64)>); 18] = [
            ("2 - 5 yrs", Some((2.0, 5.0))),
            ("3 - 8 Years", Some((3.0, 8.0))),
            ("0 Years", Some((0.0, 0.0))),
            ("30 years and above", Some((30.0, inf))),
            ("30 Years And Above", Some((30.0, inf))),
            ("10+ yrs", Some((10.0, inf))),
            ("2-5yrs", Some((2.0, 5.0))),
            ("  15 - 20  YRS ", Some((15.0, 20.0))),
            ("1 year", Some((1.0, 1.0))),
            ("42", Some((42.0, 42.0))),
            ("-3", Some((-3.0, -3.0))),
            ("2.5 - 4", Some((2.5, 4.0))),
            ("5 - 2 yrs", None),
            ("Java", None),
            ("", None),
            ("yrs", None),
            ("1e9", None),
            ("2 - x yrs", None),
        ];
        for (text, want) in cases {
            let got = parse_span(text).map(|s| (s.lower, s.upper));
            assert_eq!(got, want, "{text:?}");
        }
        assert!(Span::point(3.0).covers(3.0));
        assert!(!Span::point(3.0).covers(3.5));
    }
}
