//! `NaN`, `Infinity` and `-Infinity` written as bare words, as pandas and Python's `json`
//! module write missing and infinite numbers: not JSON, but common. They are read as
//! `null` (a missing value), by rewriting them outside strings before the JSON is parsed;
//! a file without them is not copied.

/// `bytes` with every bare `NaN`, `Infinity` and `-Infinity` outside strings written as
/// `null`, or `None` when there are none.
pub(super) fn to_null(bytes: &[u8]) -> Option<Vec<u8>> {
    if memchr::memmem::find(bytes, b"NaN").is_none()
        && memchr::memmem::find(bytes, b"Infinity").is_none()
    {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    let mut changed = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            out.push(b);
            i += 1;
            continue;
        }
        let rest = &bytes[i..];
        let word = [&b"-Infinity"[..], b"Infinity", b"NaN"]
            .into_iter()
            .find(|w| rest.starts_with(w) && !rest.get(w.len()).is_some_and(is_word));
        match word {
            Some(w) if !out.last().is_some_and(|&p| is_word(&p)) => {
                out.extend_from_slice(b"null");
                i += w.len();
                changed = true;
            }
            _ => {
                in_string = b == b'"';
                out.push(b);
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

/// Whether `b` may be part of a bare word (so `NaNa` or `xNaN` is not `NaN`).
fn is_word(b: &u8) -> bool {
    b.is_ascii_alphanumeric() || *b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> Option<String> {
        to_null(text.as_bytes()).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn bare_words_become_null_and_strings_are_left_alone() {
        assert_eq!(
            fixed(r#"{"a": NaN, "b": [Infinity,-Infinity], "c": "NaN \" NaN"}"#).as_deref(),
            Some(r#"{"a": null, "b": [null,null], "c": "NaN \" NaN"}"#)
        );
        assert_eq!(fixed(r#"{"a": "NaN"}"#), None);
        assert_eq!(fixed(r#"{"a": 1}"#), None);
        assert_eq!(fixed(r#"{"NaNa": NaNa}"#), None);
    }
}
