//! Values as the data set keeps them: each distinct value of a field once, with its JSON
//! type, and the token rules (trimmed, case-folded list items) that token matching and
//! facets share.
//!
//! Case folding ([`fold_case`]) is Unicode's simple case folding, one character for one,
//! exactly as the regex crate's case-insensitive matching (used by `contains`, `substring`
//! and `_search`) compares characters: two texts are equal ignoring case for `eq` and token
//! matching exactly when a case-insensitive literal of one matches all of the other.

use std::borrow::Cow;
use std::cell::RefCell;

use hashbrown::HashMap;
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

use super::lists::{ListEncoding, items};
use super::strings::Strings;

/// The JSON type a value was loaded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonType {
    /// `null`: never matches a filter.
    Null,
    /// `true` or `false`, matched as that text.
    Bool,
    /// A number, matched against its decimal text.
    Number,
    /// A string.
    String,
    /// An array, kept as its compact JSON text: a list, whose items are read from it.
    Array,
    /// An object, or an array of objects, read into dotted fields (`location.city`) and kept
    /// as its compact JSON text only to write its record back.
    Object,
}

/// One distinct value of a field, as [`Values`] hands it out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistinctValue<'a> {
    /// The JSON type the value was loaded as.
    pub json_type: JsonType,
    /// The text filters match against: the string itself, or the decimal text of a number.
    pub text: &'a str,
    /// The numeric value, for numbers (used to sort numbers as numbers).
    pub number: Option<f64>,
}

impl DistinctValue<'_> {
    /// Whether the value is JSON `null`, which no filter matches.
    pub fn is_null(&self) -> bool {
        self.json_type == JsonType::Null
    }

    /// Appends this value as JSON to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        write_value(self.json_type, self.text, out);
    }
}

/// A field's distinct values, numbered in first-seen order. Their texts share one buffer,
/// and a number is kept only for a field that holds numbers.
#[derive(Debug, Default)]
pub struct Values {
    texts: Strings,
    types: Vec<JsonType>,
    /// Each value's number (NaN for one that is not a number), or empty when none is.
    numbers: Vec<f64>,
}

impl Values {
    /// How many distinct values there are.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// Value number `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<DistinctValue<'_>> {
        (i < self.len()).then(|| self.at(i))
    }

    /// The text of value number `i` (`""` past the end).
    pub fn text(&self, i: usize) -> &str {
        self.texts.get(i)
    }

    /// Whether any value is of `json_type`.
    pub(super) fn has_type(&self, json_type: JsonType) -> bool {
        self.types.contains(&json_type)
    }

    /// Whether value number `i` is of `json_type` with text `text`.
    pub(super) fn is(&self, i: usize, json_type: JsonType, text: &str) -> bool {
        self.types.get(i) == Some(&json_type) && self.texts.get(i) == text
    }

    /// Every value, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = DistinctValue<'_>> {
        (0..self.len()).map(|i| self.at(i))
    }

    /// Value number `i`, which must exist.
    fn at(&self, i: usize) -> DistinctValue<'_> {
        DistinctValue {
            json_type: self.types[i],
            text: self.texts.get(i),
            number: self.numbers.get(i).copied().filter(|n| !n.is_nan()),
        }
    }

    /// Adds a value, returning its number.
    pub(super) fn push(&mut self, json_type: JsonType, text: &str, number: Option<f64>) -> u32 {
        let i = self.texts.push(text);
        self.types.push(json_type);
        if let Some(n) = number {
            self.numbers.resize(i as usize, f64::NAN);
            self.numbers.push(n);
        }
        i
    }

    /// Gives every value a JSON number when each one is a string written as a JSON number
    /// (a CSV column of numbers), so that it compares, sorts and is answered as numbers.
    pub(super) fn numbers_from_text(&mut self) {
        let all = !self.is_empty()
            && (0..self.len())
                .all(|i| self.types[i] == JsonType::String && is_json_number(self.texts.get(i)));
        if !all {
            return;
        }
        self.numbers = (0..self.len())
            .map(|i| self.texts.get(i).parse::<f64>().unwrap_or(f64::NAN))
            .collect();
        self.types.fill(JsonType::Number);
    }

    /// Gives back the room reserved for values that never came.
    pub(super) fn shrink_to_fit(&mut self) {
        if !self.numbers.is_empty() {
            self.numbers.resize(self.len(), f64::NAN);
        }
        self.texts.shrink_to_fit();
        self.types.shrink_to_fit();
        self.numbers.shrink_to_fit();
    }
}

/// Appends a value of `json_type` whose text is `text` as JSON to `out`.
pub(super) fn write_value(json_type: JsonType, text: &str, out: &mut Vec<u8>) {
    match json_type {
        JsonType::Null => out.extend_from_slice(b"null"),
        JsonType::Bool | JsonType::Number => out.extend_from_slice(text.as_bytes()),
        JsonType::String => write_json_string(text, out),
        JsonType::Array | JsonType::Object => out.extend_from_slice(text.as_bytes()),
    }
}

/// Appends `s` as a JSON string literal.
pub fn write_json_string(s: &str, out: &mut Vec<u8>) {
    // Most texts need no escape (JSON escapes control characters, `"` and `\\` only): copy
    // them as they are, exactly as serde_json would write them.
    // (Folded without stopping early, so that the check runs many bytes at a time.)
    let plain = s.bytes().fold(true, |plain, b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Splits a value into its tokens: the trimmed, case-folded items of a list field written
/// in `encoding`, or the whole trimmed, case-folded value. Empty items are skipped.
pub fn tokens(text: &str, encoding: Option<&ListEncoding>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items(text, encoding) {
        let token = fold_case(&item).into_owned();
        if !out.contains(&token) {
            out.push(token);
        }
    }
    out
}

/// Normalises a query value the way [`tokens`] normalises an item.
pub fn normalize_token(text: &str) -> String {
    fold_case(text.trim()).into_owned()
}

/// `text` case-folded, character by character: each character becomes one chosen member of
/// the set of characters that Unicode's simple case folding makes equal to it (the set the
/// regex crate matches case-insensitively): its lowest lowercase member, or its lowest
/// member when none is lowercase. ASCII letters fold to lowercase ASCII, `É` to `é`, the
/// Kelvin sign `K` to `k`, `ſ` to `s`, and `Σ`, `σ` and `ς` alike; a character without a
/// simple folding (such as `İ`, whose lowercase is two characters) is kept. Borrowed when
/// nothing changes.
pub fn fold_case(text: &str) -> Cow<'_, str> {
    let changes = |c: char| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            fold_char(c) != c
        }
    };
    if !text.chars().any(changes) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_ascii_lowercase()
                } else {
                    fold_char(c)
                }
            })
            .collect(),
    )
}

/// The folded form of one non-ASCII character (see [`fold_case`]), remembered per thread.
fn fold_char(c: char) -> char {
    thread_local! {
        static FOLDED: RefCell<HashMap<char, char>> = RefCell::new(HashMap::new());
    }
    FOLDED.with(|folded| {
        if let Ok(mut folded) = folded.try_borrow_mut() {
            *folded.entry(c).or_insert_with(|| fold_uncached(c))
        } else {
            fold_uncached(c)
        }
    })
}

/// [`fold_char`] computed from the regex crate's own case-folding table.
fn fold_uncached(c: char) -> char {
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class
        .iter()
        .flat_map(|range| range.start()..=range.end())
        .min_by_key(|&member| (!member.is_lowercase(), member))
        .unwrap_or(c)
}

/// Whether `text` is written as a JSON number (so a CSV cell holding it can be given as
/// one and read back the same): no leading zeros (`02134` is a code, not a number), no `+`,
/// no spaces.
fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let whole = i;
    let n = digits(&mut i);
    if n == 0 || (n > 1 && b[whole] == b'0') {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_trimmed_folded_and_unique() {
        let bar = ListEncoding::Separator("|".into());
        assert_eq!(
            tokens(" Java |java| | SQL", Some(&bar)),
            ["java".to_owned(), "sql".to_owned()]
        );
        assert_eq!(tokens(" Java | SQL ", None), ["java | sql".to_owned()]);
        assert_eq!(tokens("  ", Some(&bar)), [] as [String; 0]);
        assert_eq!(normalize_token("  PyThon "), "python");
        assert!(matches!(fold_case("abc"), Cow::Borrowed(_)));
        assert_eq!(fold_case("Développeur"), "développeur");
        assert_eq!(fold_case("DÉVELOPPEUR"), "développeur");
    }

    #[test]
    fn folding_is_one_character_for_one_and_the_same_for_every_case() {
        for (a, b) in [
            ("ÀÉÎÕÜ Ÿ", "àéîõü ÿ"),
            ("\u{212A}ELVIN", "kelvin"),
            ("ſ", "S"),
            ("ΟΔΟΣ", "οδοσ"),
            ("ὈΔΥΣΣΕΎΣ", "ὀδυσσεύς"),
            ("ẞ", "ß"),
            ("Ã¢â‚¬â„¢", "ã¢â‚¬â„¢"),
            ("ǅ", "ǆ"),
        ] {
            assert_eq!(fold_case(a), fold_case(b), "{a} / {b}");
            assert_eq!(fold_case(a).chars().count(), a.chars().count());
        }
        // No simple folding: kept, and not equal to the two characters of its lowercase.
        assert_eq!(fold_case("İ"), "İ");
        assert_ne!(fold_case("İ"), fold_case("i\u{307}"));
        assert_ne!(fold_case("ß"), fold_case("ss"));
    }

    #[test]
    fn lowercasing_first_changes_nothing_but_for_dotted_capital_i() {
        // `_search` lowercases its terms before matching them case-insensitively: that agrees
        // with folding for every character but `İ` (whose lowercase is two characters) and
        // those newer than the regex crate's Unicode tables, which it does not fold at all.
        let mut differ = Vec::new();
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let lower: String = c.to_lowercase().collect();
            if lower != c.to_string() && fold_case(&lower) != fold_case(&c.to_string()) {
                let unknown_to_regex = lower.chars().count() == 1
                    && fold_char(c) == c
                    && lower.chars().all(|l| fold_char(l) == l);
                if !unknown_to_regex {
                    differ.push(c);
                }
            }
        }
        assert_eq!(differ, ['İ']);
    }

    #[test]
    fn json_numbers_are_told_from_codes() {
        for yes in ["0", "99750", "-1.5", "1e3", "2.5E-4", "450000"] {
            assert!(is_json_number(yes), "{yes}");
        }
        for no in [
            "", "-", "02134", "1.", ".5", "+1", "1e", " 1", "1,000", "NaN", "0x10",
        ] {
            assert!(!is_json_number(no), "{no}");
        }
    }
}
