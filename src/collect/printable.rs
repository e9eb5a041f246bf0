//! Text from a server made safe to print: names and messages reach a terminal, where a
//! control character such as ESC could move the cursor, rewrite the screen, set the window
//! title or hide what follows. Each is shown escaped instead, as `ls -b` and git do:
//! `\t`, `\n`, `\r`, `\x1b` for the other ASCII controls (and DEL, `\x7f`), `\u{9b}` for
//! the C1 controls and the invisible marks that reorder text (bidirectional overrides,
//! isolates and marks). A backslash is left as it is, so escaping twice changes nothing.
//!
//! Only what is printed is escaped: the counts asked for, the JSON printed (where the same
//! characters are JSON escapes) and the workbook keep the true text.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is shown escaped: a control character (C0, DEL, C1) or a mark that
/// reorders the text around it.
fn escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every control character and reordering mark escaped; borrowed when it has
/// none.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if escaped(c) && c.is_ascii() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if escaped(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Serialized JSON with DEL, the C1 controls and the reordering marks, which JSON may carry
/// as they are, written as `\uXXXX` escapes: the same document for a parser, nothing a
/// terminal acts on.
pub fn json_printable(json: &str) -> Cow<'_, str> {
    // Below DEL, serde_json escapes every control character in a string, and the only ones
    // left are the white space between tokens.
    let raw = |c: char| escaped(c) && c >= '\u{7f}';
    if !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if raw(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_reordering_marks_are_escaped() {
        let cases = [
            ("Austin", "Austin"),
            ("C#, C++ and \\d", "C#, C++ and \\d"),
            ("São Paulo – Zürich", "São Paulo – Zürich"),
            ("\u{1b}[31mRed\u{1b}[0m", "\\x1b[31mRed\\x1b[0m"),
            ("\u{1b}]0;title\u{7}", "\\x1b]0;title\\x07"),
            ("a\tb\nc\rd", "a\\tb\\nc\\rd"),
            ("nul\u{0}del\u{7f}", "nul\\x00del\\x7f"),
            ("csi\u{9b}31m", "csi\\u{9b}31m"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"),
        ];
        for (text, shown) in cases {
            assert_eq!(printable(text), shown, "{text:?}");
            // Escaping is idempotent: a message escaped twice reads the same.
            assert_eq!(printable(shown), shown, "{shown:?}");
        }
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let doc = serde_json::to_string_pretty(
            &serde_json::json!({ "name": "\u{1b}[2J\u{9b}x\u{202e}\u{7f}" }),
        )
        .unwrap();
        let shown = json_printable(&doc);
        assert!(!shown.chars().any(|c| escaped(c) && c != '\n'), "{shown}");
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back["name"], "\u{1b}[2J\u{9b}x\u{202e}\u{7f}");
        assert_eq!(json_printable("{\"a\":1}"), "{\"a\":1}");
    }
}
