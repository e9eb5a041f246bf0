//! How a list field writes its items, and reading them back: text joined by a separator
//! (`C++| Java`), a JSON array (in the file, or as a string: `["SQL", "Excel"]`) or a
//! Python list written as a string (`['SQL', 'Excel']`, as pandas saves a list column to
//! CSV). Items come back trimmed and borrowed from the value's text where they can be; a
//! value that is not written in its field's encoding is one item, whole.

use std::borrow::Cow;

use serde_json::value::RawValue;

/// How the items of a list field are written in each of its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListEncoding {
    /// Text joined by a separator, such as `|`, `;`, `,` or ` / `.
    Separator(String),
    /// A JSON array: an array in the file, or a string holding one.
    Json,
    /// A Python list literal in a string: `['SQL', 'Excel']`.
    Python,
}

impl ListEncoding {
    /// How the encoding is named in `/fields` and messages.
    pub fn name(&self) -> &'static str {
        match self {
            ListEncoding::Separator(_) => "separator",
            ListEncoding::Json => "json array",
            ListEncoding::Python => "python list",
        }
    }

    /// The separator, for a list read from joined text.
    pub fn separator(&self) -> Option<&str> {
        match self {
            ListEncoding::Separator(sep) => Some(sep),
            _ => None,
        }
    }

    /// Whether `term` may hold more than one item of a value (so a search for it must look
    /// at whole values): it holds the separator, or the punctuation between written items.
    pub fn may_cross_items(&self, term: &str) -> bool {
        match self {
            ListEncoding::Separator(sep) => term.contains(sep.trim()),
            ListEncoding::Json | ListEncoding::Python => term.contains(['"', '\'', ',', '[', ']']),
        }
    }
}

/// The items of one value: trimmed, empty ones skipped.
pub struct Items<'a>(ItemsInner<'a>);

enum ItemsInner<'a> {
    Whole(Option<&'a str>),
    Char(std::str::Split<'a, char>),
    Str(std::str::Split<'a, &'a str>),
    Read(std::vec::IntoIter<Cow<'a, str>>),
}

impl<'a> Iterator for Items<'a> {
    type Item = Cow<'a, str>;
    fn next(&mut self) -> Option<Cow<'a, str>> {
        loop {
            let item = match &mut self.0 {
                ItemsInner::Whole(whole) => Cow::Borrowed(whole.take()?),
                ItemsInner::Char(split) => Cow::Borrowed(split.next()?),
                ItemsInner::Str(split) => Cow::Borrowed(split.next()?),
                ItemsInner::Read(items) => items.next()?,
            };
            let item = match item {
                Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
                Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
                Cow::Owned(s) => Cow::Owned(s.trim().to_owned()),
            };
            if !item.is_empty() {
                return Some(item);
            }
        }
    }
}

/// The items of `text`, a value of a field whose lists are written in `encoding` (none: the
/// whole value is its one item).
pub fn items<'a>(text: &'a str, encoding: Option<&'a ListEncoding>) -> Items<'a> {
    let inner = match encoding {
        None => ItemsInner::Whole(Some(text)),
        Some(ListEncoding::Separator(sep)) => {
            let mut chars = sep.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => ItemsInner::Char(text.split(c)),
                _ => ItemsInner::Str(text.split(sep.as_str())),
            }
        }
        Some(ListEncoding::Json) => match json_items(text) {
            Some(items) => ItemsInner::Read(items.into_iter()),
            None => ItemsInner::Whole(Some(text)),
        },
        Some(ListEncoding::Python) => match python_items(text) {
            Some(items) => ItemsInner::Read(items.into_iter()),
            None => ItemsInner::Whole(Some(text)),
        },
    };
    Items(inner)
}

/// The items of a JSON array of scalars: strings decoded, numbers and booleans as written,
/// nulls skipped, and anything nested as its JSON text. `None` if `text` is not an array.
pub(super) fn json_items(text: &str) -> Option<Vec<Cow<'_, str>>> {
    let trimmed = text.trim();
    if !trimmed.starts_with('[') {
        return None;
    }
    let raw: Vec<&RawValue> = serde_json::from_str(trimmed).ok()?;
    Some(
        raw.into_iter()
            .filter_map(|item| {
                let item = item.get();
                match item.as_bytes().first() {
                    Some(b'"') => Some(
                        serde_json::from_str::<&str>(item)
                            .map(Cow::Borrowed)
                            .or_else(|_| serde_json::from_str::<String>(item).map(Cow::Owned))
                            .unwrap_or(Cow::Borrowed(item)),
                    ),
                    Some(b'n') => None,
                    _ => Some(Cow::Borrowed(item)),
                }
            })
            .collect(),
    )
}

/// The items of a Python list literal of strings and plain words (`['SQL', "O'Reilly",
/// 3, None]`): quoted items unescaped, `None` skipped. `None` if `text` is not one.
pub(super) fn python_items(text: &str) -> Option<Vec<Cow<'_, str>>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let (item, after) = match rest.as_bytes()[0] {
            quote @ (b'\'' | b'"') => quoted(rest, quote as char)?,
            _ => {
                let end = rest.find(',').unwrap_or(rest.len());
                let word = rest[..end].trim();
                let item = (word != "None").then_some(Cow::Borrowed(word));
                (item, &rest[end..])
            }
        };
        items.extend(item);
        let after = after.trim_start();
        rest = match after.strip_prefix(',') {
            Some(next) => next.trim_start(),
            None if after.is_empty() => after,
            None => return None,
        };
    }
    Some(items)
}

/// A Python string literal at the start of `text`, quoted with `quote`, and what follows it.
fn quoted(text: &str, quote: char) -> Option<(Option<Cow<'_, str>>, &str)> {
    let body = &text[1..];
    let mut escaped = false;
    let mut owned: Option<String> = None;
    for (at, c) in body.char_indices() {
        if escaped {
            let out = owned.get_or_insert_with(|| body[..at - 1].to_owned());
            out.push(match c {
                'n' => '\n',
                't' => '\t',
                other => other,
            });
            escaped = false;
        } else if c == '\\' {
            escaped = true;
            owned.get_or_insert_with(|| body[..at].to_owned());
        } else if c == quote {
            let item = owned.map_or(Cow::Borrowed(&body[..at]), Cow::Owned);
            return Some((Some(item), &body[at + 1..]));
        } else if let Some(out) = &mut owned {
            out.push(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, encoding: &ListEncoding) -> Vec<String> {
        items(text, Some(encoding)).map(Cow::into_owned).collect()
    }

    #[test]
    fn separators_split_and_trim() {
        let bar = ListEncoding::Separator("|".into());
        assert_eq!(read(" Java |java| | SQL", &bar), ["Java", "java", "SQL"]);
        let slash = ListEncoding::Separator(" / ".into());
        assert_eq!(read("CI/CD / Go", &slash), ["CI/CD", "Go"]);
        assert_eq!(
            items(" whole , value ", None).collect::<Vec<_>>(),
            ["whole , value"]
        );
    }

    #[test]
    fn json_arrays_are_decoded() {
        let json = ListEncoding::Json;
        assert_eq!(read(r#"["SQL", "Excel"]"#, &json), ["SQL", "Excel"]);
        assert_eq!(
            read(r#"["a\"b", 3, true, null, {"k":1}, [1]]"#, &json),
            ["a\"b", "3", "true", r#"{"k":1}"#, "[1]"]
        );
        // Not an array: the whole value is its one item.
        assert_eq!(read("SQL", &json), ["SQL"]);
        assert_eq!(read("[broken", &json), ["[broken"]);
        assert_eq!(read("[]", &json), [] as [String; 0]);
    }

    #[test]
    fn python_lists_are_decoded() {
        let py = ListEncoding::Python;
        assert_eq!(read("['SQL', 'Excel']", &py), ["SQL", "Excel"]);
        assert_eq!(
            read(r#"["O'Reilly", 'it\'s', 3, None, 'a, b']"#, &py),
            ["O'Reilly", "it's", "3", "a, b"]
        );
        assert_eq!(read("[]", &py), [] as [String; 0]);
        assert_eq!(read("['open", &py), ["['open"]);
        assert_eq!(read("no list", &py), ["no list"]);
        assert!(matches!(
            items("['SQL']", Some(&py)).next(),
            Some(Cow::Borrowed("SQL"))
        ));
    }

    #[test]
    fn terms_that_may_cross_items_are_told() {
        let bar = ListEncoding::Separator(" | ".into());
        assert!(bar.may_cross_items("a|b"));
        assert!(!bar.may_cross_items("a b"));
        assert!(ListEncoding::Json.may_cross_items("a\", \"b"));
        assert!(!ListEncoding::Python.may_cross_items("machine learning"));
    }
}
