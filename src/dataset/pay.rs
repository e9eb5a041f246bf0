//! Pay as postings write it (`105K–160K a year`, `$22k+/year`, `19.52–31.09 an hour`,
//! `1-1.5万/月`, `3 000 € par mois`, `월 300만원`), read into a range per year, the period it
//! was stated in and its currency. Pure: text in, a [`Pay`] out, or `None` for text that is
//! not an amount (`Competitive`, `面议`, an empty string).

pub use super::pay_words::Period;
use super::pay_words::{
    CURRENCIES, FILLERS, OPEN_ABOVE_AFTER, OPEN_ABOVE_BEFORE, PERIOD_VALUES, PERIODS,
    RANGE_SEPARATORS, UP_TO,
};
use super::span::Span;

/// A pay read from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pay {
    /// The range per year (`upper` infinite for `22k+`).
    pub yearly: Span,
    /// The period it was stated for; `None` when the text names none (the amounts are then
    /// taken as written).
    pub period: Option<Period>,
    /// The currency's ISO code, from a symbol or a code in the text.
    pub currency: Option<&'static str>,
}

/// One amount found in the text: where it is (byte offsets of the lower-case text), its
/// number, and whether a multiplier (`K`, `万`) followed it.
#[derive(Debug, Clone, Copy)]
struct Amount {
    start: usize,
    end: usize,
    value: f64,
    scale: Option<f64>,
}

/// Reads pay from `text`; `None` when it is no amount, more than two, or two that do not
/// make a range.
pub fn parse_pay(text: &str) -> Option<Pay> {
    let lower = text.trim().to_lowercase();
    let amounts = amounts(&lower);
    let (low, high) = match amounts.as_slice() {
        [one] => (*one, None),
        [low, high] => (*low, Some(*high)),
        _ => return None,
    };
    let period = find_period(&lower);
    let currency = find_currency(&lower);
    let mut rest = lower.clone();
    let mut cut = |from: usize, to: usize| rest.replace_range(from..to, &" ".repeat(to - from));
    cut(low.start, low.end);
    let (lower_bound, upper_bound) = match high {
        Some(high) => {
            let between = &lower[low.end..high.start];
            if !RANGE_SEPARATORS.contains(&strip_currency(between).trim()) {
                return None;
            }
            cut(low.end, high.start);
            cut(high.start, high.end);
            let scale = high.scale.unwrap_or(1.0);
            (low.value * low.scale.unwrap_or(scale), high.value * scale)
        }
        None => {
            let value = low.value * low.scale.unwrap_or(1.0);
            let before = &lower[..low.start];
            let after = strip_currency(&lower[low.end..]);
            let after = after.trim_start();
            if OPEN_ABOVE_AFTER.iter().any(|w| after.starts_with(w))
                || OPEN_ABOVE_BEFORE.iter().any(|w| ends_with_word(before, w))
            {
                (value, f64::INFINITY)
            } else if UP_TO.iter().any(|w| ends_with_word(before, w)) {
                (0.0, value)
            } else {
                (value, value)
            }
        }
    };
    if lower_bound > upper_bound || !has_only_pay_words(&rest) {
        return None;
    }
    let factor = period.map_or(1.0, Period::per_year);
    Some(Pay {
        yearly: Span {
            lower: lower_bound * factor,
            upper: upper_bound * factor,
        },
        period,
        currency,
    })
}

/// The amounts in `text` (lower-case), leaving out a count of months' pay (`·13薪`).
fn amounts(text: &str) -> Vec<Amount> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        // Digits glued to a word (`401k` is not, `h1b` is) are part of the word.
        if at > 0 && bytes[at - 1].is_ascii_alphabetic() {
            while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
                at += 1;
            }
            continue;
        }
        let start = at;
        let mut end = at;
        // Digits and the separators between them (a separator only when a digit follows).
        let mut digits = String::new();
        while let Some(c) = text[end..].chars().next() {
            if c.is_ascii_digit() {
                digits.push(c);
                end += 1;
            } else if matches!(c, '.' | ',' | '\'' | ' ' | '\u{a0}' | '\u{202f}')
                && text[end + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
                && (c != ' ' || three_digits_follow(&text[end + 1..]))
            {
                digits.push(c);
                end += c.len_utf8();
            } else {
                break;
            }
        }
        let (scale, scaled_end) = scale_after(text, end);
        at = scaled_end.max(end);
        let months = text[at..].trim_start();
        if months.starts_with('薪') || months.starts_with("个月") {
            continue;
        }
        if let Some(value) = number(&digits, scale.is_some()) {
            found.push(Amount {
                start,
                end: at,
                value,
                scale,
            });
        }
    }
    found
}

/// Whether `text` starts with exactly three digits (a group after a thousands space).
fn three_digits_follow(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && !b.get(3).is_some_and(u8::is_ascii_digit)
}

/// The multiplier right after an amount ending at `end` (`K`, `M`, `mil`, `万`, `千`, `만`,
/// `천`), with where it ends.
fn scale_after(text: &str, end: usize) -> (Option<f64>, usize) {
    let rest = &text[end..];
    let spaced = rest.strip_prefix(' ').map_or((rest, 0), |r| (r, 1));
    for (word, scale, word_like) in [
        ("mil", 1e3, true),
        ("k", 1e3, true),
        ("m", 1e6, true),
        ("万", 1e4, false),
        ("千", 1e3, false),
        ("만", 1e4, false),
        ("천", 1e3, false),
    ] {
        for (rest, skipped) in [(rest, 0), spaced] {
            if let Some(after) = rest.strip_prefix(word) {
                let whole = !word_like || !after.starts_with(|c: char| c.is_alphabetic());
                // `5 months` is five of something, not five million.
                if whole && (skipped == 0 || word != "m") {
                    return (Some(scale), end + skipped + word.len());
                }
            }
        }
    }
    (None, end)
}

/// The number written as `digits` (digits with `.`, `,`, `'` or spaces between them):
/// a separator followed by groups of exactly three digits groups thousands, the last other
/// one is the decimal point; after a multiplier (`1.5万`) a lone `.` is always decimal.
fn number(digits: &str, scaled: bool) -> Option<f64> {
    let plain: String = digits
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    let groups_of_three = |sep: char| {
        let mut parts = plain.split(sep);
        parts.next();
        parts.all(|p| p.len() == 3 || (p.len() > 3 && !p[..3].contains(['.', ','])))
    };
    let (dots, commas) = (plain.matches('.').count(), plain.matches(',').count());
    let normal = match (dots, commas) {
        (0, 0) => plain.clone(),
        (_, 0) if dots > 1 || (!scaled && groups_of_three('.')) => plain.replace('.', ""),
        (_, 0) => plain.clone(),
        (0, _) if commas > 1 || groups_of_three(',') => plain.replace(',', ""),
        (0, _) => plain.replace(',', "."),
        _ if plain.rfind('.') > plain.rfind(',') => plain.replace(',', ""),
        _ => plain.replace('.', "").replace(',', "."),
    };
    normal.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The first period `text` states.
fn find_period(text: &str) -> Option<Period> {
    PERIODS
        .iter()
        .find(|(word, _)| find_word(text, word).is_some())
        .map(|&(_, period)| period)
}

/// The currency a sign or code in `text` names.
fn find_currency(text: &str) -> Option<&'static str> {
    let code = CURRENCIES
        .iter()
        .find(|(sign, _)| find_word(text, sign).is_some())
        .map(|&(_, code)| code)?;
    // `¥` is the yen, and the yuan on a Chinese board.
    Some(if code == "JPY" && text.contains(['万', '千', '元']) {
        "CNY"
    } else {
        code
    })
}

/// Where `word` is in `text`, as a whole word when it is made of ASCII letters.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let lettered = word.starts_with(|c: char| c.is_ascii_alphabetic());
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        !lettered
            || (edge(text[..at].chars().next_back())
                && edge(text[at + word.len()..].chars().next()))
    })
}

/// Whether `text` ends with `word` as a whole word (after trimming).
fn ends_with_word(text: &str, word: &str) -> bool {
    let text = strip_currency(text);
    let text = text.trim_end();
    text.strip_suffix(word).is_some_and(|before| {
        before
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// `text` without currency signs (codes made of letters stay).
fn strip_currency(text: &str) -> String {
    let mut text = text.to_owned();
    for (sign, _) in CURRENCIES {
        if !sign.starts_with(|c: char| c.is_ascii_alphabetic()) {
            text = text.replace(sign, " ");
        }
    }
    text
}

/// Whether what is left around the amounts is only pay's words: periods, currencies,
/// fillers and signs; a word of three or more other letters (`years`, `401k match`) means
/// the numbers are something else.
fn has_only_pay_words(rest: &str) -> bool {
    let mut rest = rest.to_owned();
    for (word, _) in PERIODS.iter().chain(PERIOD_VALUES) {
        while let Some(at) = find_word(&rest, word) {
            rest.replace_range(at..at + word.len(), " ");
        }
    }
    for (sign, _) in CURRENCIES {
        while let Some(at) = find_word(&rest, sign) {
            rest.replace_range(at..at + sign.len(), " ");
        }
    }
    rest.split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| w.chars().count() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .all(|w| FILLERS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INF: f64 = f64::INFINITY;

    /// What a pay string should read as: (lower, upper, period, currency) a year.
    type Read = Option<(f64, f64, Option<Period>, Option<&'static str>)>;

    #[test]
    fn reads_pay_as_postings_write_it() {
        use Period::*;
        let cases: &[(&str, Read)] = &[
            // Google Jobs.
            ("105K–160K a year", Some((105e3, 160e3, Some(Year), None))),
            (
                "19.52–31.09 an hour",
                Some((19.52 * 2080.0, 31.09 * 2080.0, Some(Hour), None)),
            ),
            (
                "87,465–113,190 a year",
                Some((87_465.0, 113_190.0, Some(Year), None)),
            ),
            // A Greenhouse/Lever scrape.
            ("$208k/year", Some((208e3, 208e3, Some(Year), Some("USD")))),
            (
                "$70k–$80k/year",
                Some((70e3, 80e3, Some(Year), Some("USD"))),
            ),
            ("$22k+/year", Some((22e3, INF, Some(Year), Some("USD")))),
            // A Chinese job board: no period stated, taken as written.
            ("7K-14K", Some((7e3, 14e3, None, None))),
            ("15-25K·13薪", Some((15e3, 25e3, None, None))),
            ("1-1.5万/月", Some((12e4, 18e4, Some(Month), None))),
            (
                "¥8000-12000/月",
                Some((96e3, 144e3, Some(Month), Some("JPY"))),
            ),
            (
                "8000-12000元/月",
                Some((96e3, 144e3, Some(Month), Some("CNY"))),
            ),
            // Other languages.
            (
                "€45.000 por año",
                Some((45e3, 45e3, Some(Year), Some("EUR"))),
            ),
            (
                "3\u{202f}000 € par mois",
                Some((36e3, 36e3, Some(Month), Some("EUR"))),
            ),
            (
                "3 000 € par mois",
                Some((36e3, 36e3, Some(Month), Some("EUR"))),
            ),
            ("월 300만원", Some((36e6, 36e6, Some(Month), Some("KRW")))),
            (
                "R$ 5.500,00 por mês",
                Some((66e3, 66e3, Some(Month), Some("BRL"))),
            ),
            (
                "R$ 5 mil por mês",
                Some((60e3, 60e3, Some(Month), Some("BRL"))),
            ),
            (
                "50.000 - 60.000 EUR brutto pro Jahr",
                Some((5e4, 6e4, Some(Year), Some("EUR"))),
            ),
            (
                "£30,000 - £35,000 per annum",
                Some((3e4, 3.5e4, Some(Year), Some("GBP"))),
            ),
            (
                "€15,50 por hora",
                Some((15.5 * 2080.0, 15.5 * 2080.0, Some(Hour), Some("EUR"))),
            ),
            // Other periods and words around.
            (
                "$25 - $30 per hour",
                Some((52e3, 62.4e3, Some(Hour), Some("USD"))),
            ),
            (
                "$2,000 biweekly",
                Some((52e3, 52e3, Some(TwoWeeks), Some("USD"))),
            ),
            (
                "$800 a week",
                Some((41.6e3, 41.6e3, Some(Week), Some("USD"))),
            ),
            ("$200 a day", Some((52e3, 52e3, Some(Day), Some("USD")))),
            ("Up to $80k", Some((0.0, 80e3, None, Some("USD")))),
            (
                "From $50,000 a year",
                Some((5e4, INF, Some(Year), Some("USD"))),
            ),
            (
                "$90K - $110K (Glassdoor est.)",
                Some((9e4, 11e4, None, Some("USD"))),
            ),
            ("120000", Some((12e4, 12e4, None, None))),
            (
                "USD 120,000.50",
                Some((120_000.5, 120_000.5, None, Some("USD"))),
            ),
            // The near misses.
            ("105K", Some((105e3, 105e3, None, None))),
            ("$1000k/year", Some((1e6, 1e6, Some(Year), Some("USD")))),
            ("Competitive", None),
            ("", None),
            ("面议", None),
            ("Depends on experience", None),
            ("5+ years", None),
            ("401k match", None),
            ("$160K–105K a year", None),
            ("1 - 2 - 3", None),
        ];
        for &(text, want) in cases {
            let got =
                parse_pay(text).map(|p| (p.yearly.lower, p.yearly.upper, p.period, p.currency));
            let close = match (got, want) {
                (Some(g), Some(w)) => {
                    (g.0 - w.0).abs() < 1e-6
                        && (g.1 == w.1 || (g.1 - w.1).abs() < 1e-6)
                        && g.2 == w.2
                        && g.3 == w.3
                }
                (None, None) => true,
                _ => false,
            };
            assert!(close, "{text:?}: got {got:?}, want {want:?}");
        }
    }

    #[test]
    fn periods_are_read_from_a_period_column() {
        for (text, want) in [
            ("YEARLY", Some(Period::Year)),
            ("HOURLY", Some(Period::Hour)),
            ("BIWEEKLY", Some(Period::TwoWeeks)),
            ("MONTHLY", Some(Period::Month)),
            ("WEEKLY", Some(Period::Week)),
            ("daily", Some(Period::Day)),
            ("year", Some(Period::Year)),
            ("/hr", Some(Period::Hour)),
            ("mensual", Some(Period::Month)),
            ("sometimes", None),
            ("", None),
        ] {
            assert_eq!(Period::parse(text), want, "{text:?}");
        }
        assert_eq!(Period::Hour.per_year(), 2080.0);
        assert_eq!(Period::TwoWeeks.per_year(), 26.0);
    }

    #[test]
    fn numbers_group_thousands_and_keep_decimals() {
        for (digits, scaled, want) in [
            ("87,465", false, 87_465.0),
            ("1,234,567", false, 1_234_567.0),
            ("45.000", false, 45_000.0),
            ("1.5", true, 1.5),
            ("19.52", false, 19.52),
            ("19,52", false, 19.52),
            ("1.234,56", false, 1234.56),
            ("1,234.56", false, 1234.56),
            ("3\u{202f}000", false, 3000.0),
            ("1'000", false, 1000.0),
        ] {
            assert_eq!(number(digits, scaled), Some(want), "{digits:?}");
        }
    }
}
