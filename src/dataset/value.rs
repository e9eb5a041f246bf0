//! Values as the data set keeps them: each distinct value of a field once, with its JSON
//! type, and the token rules (trimmed, case-folded list items) that token matching and
//! facets share.

use std::borrow::Cow;

use super::LIST_SEPARATOR;

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
}

/// One distinct value of a field.
#[derive(Debug, Clone)]
pub struct DistinctValue {
    /// The JSON type the value was loaded as.
    pub json_type: JsonType,
    /// The text filters match against: the string itself, or the decimal text of a number.
    pub text: Box<str>,
    /// The numeric value, for numbers (used to sort numbers as numbers).
    pub number: Option<f64>,
}

impl DistinctValue {
    /// Whether the value is JSON `null`, which no filter matches.
    pub fn is_null(&self) -> bool {
        self.json_type == JsonType::Null
    }

    /// Appends this value as JSON to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        write_value(self.json_type, &self.text, out);
    }
}

/// Appends a value of `json_type` whose text is `text` as JSON to `out`.
pub(super) fn write_value(json_type: JsonType, text: &str, out: &mut Vec<u8>) {
    match json_type {
        JsonType::Null => out.extend_from_slice(b"null"),
        JsonType::Bool | JsonType::Number => out.extend_from_slice(text.as_bytes()),
        JsonType::String => write_json_string(text, out),
    }
}

/// Appends `s` as a JSON string literal.
pub fn write_json_string(s: &str, out: &mut Vec<u8>) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Splits a value into its tokens: the trimmed, lowercased items of a list field, or the
/// whole trimmed, lowercased value. Empty items are skipped.
pub fn tokens(text: &str, list: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items(text, list) {
        let item = item.trim();
        if !item.is_empty() {
            let token = item.to_lowercase();
            if !out.contains(&token) {
                out.push(token);
            }
        }
    }
    out
}

/// Normalises a query value the way [`tokens`] normalises an item.
pub fn normalize_token(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The items of a value: `|`-separated parts of a list field, or the whole value.
pub(super) fn items(text: &str, list: bool) -> std::str::SplitN<'_, char> {
    text.splitn(if list { usize::MAX } else { 1 }, LIST_SEPARATOR)
}

/// The lowercase form of `item`, borrowed when it is already lowercase ASCII.
pub(super) fn lowercase(item: &str) -> Cow<'_, str> {
    if item
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Cow::Owned(item.to_lowercase())
    } else {
        Cow::Borrowed(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_trimmed_folded_and_unique() {
        assert_eq!(
            tokens(" Java |java| | SQL", true),
            ["java".to_owned(), "sql".to_owned()]
        );
        assert_eq!(tokens(" Java | SQL ", false), ["java | sql".to_owned()]);
        assert_eq!(tokens("  ", true), [] as [String; 0]);
        assert_eq!(normalize_token("  PyThon "), "python");
        assert!(matches!(lowercase("abc"), Cow::Borrowed(_)));
        assert_eq!(lowercase("Développeur"), "développeur");
    }

    #[test]
    fn values_write_as_json() {
        let write = |json_type, text: &str| {
            let mut out = Vec::new();
            write_value(json_type, text, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(write(JsonType::Null, ""), "null");
        assert_eq!(write(JsonType::Bool, "true"), "true");
        assert_eq!(write(JsonType::Number, "1.5"), "1.5");
        assert_eq!(write(JsonType::String, "a \"b\"\n"), r#""a \"b\"\n""#);
    }
}
