//! The page's state as its URL holds it: the decoded query pairs in order, and the links
//! that change one thing about them (a filter, the sort, the page, the columns).

use std::fmt;

use askama::filters::HtmlSafe;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a query name or value keeps unescaped in a link: letters, digits and the marks
/// that read well in a URL and mean nothing special in a query (`:`, `,`, `-`).
const QUERY_TEXT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b',');

/// The options that choose a page of rows; a change of filter or sort starts again at 1.
const PAGING: [&str; 2] = ["_page", "_offset"];

/// A query as name/value pairs (decoded), in the order the URL gave them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairs(Vec<(String, String)>);

impl Pairs {
    /// Pairs from a list.
    pub fn new(pairs: Vec<(String, String)>) -> Pairs {
        Pairs(pairs)
    }

    /// The pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The value of the first pair called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Whether the exact pair is there.
    pub fn contains(&self, name: &str, value: &str) -> bool {
        self.iter().any(|(n, v)| n == name && v == value)
    }

    /// These pairs where `keep` holds.
    pub fn filtered(&self, keep: impl Fn(&str, &str) -> bool) -> Pairs {
        Pairs(self.0.iter().filter(|(n, v)| keep(n, v)).cloned().collect())
    }

    /// These pairs without any called one of `names`.
    pub fn without(&self, names: &[&str]) -> Pairs {
        self.filtered(|n, _| !names.contains(&n))
    }

    /// These pairs without pair number `index`, back on the first page.
    pub fn without_index(&self, index: usize) -> Pairs {
        Pairs(
            self.0
                .iter()
                .enumerate()
                .filter(|(i, (n, _))| *i != index && !PAGING.contains(&n.as_str()))
                .map(|(_, pair)| pair.clone())
                .collect(),
        )
    }

    /// These pairs with one more at the end.
    pub fn with(mut self, name: &str, value: &str) -> Pairs {
        self.0.push((name.to_owned(), value.to_owned()));
        self
    }

    /// These pairs with option `name` set to `value` (or removed, for `None`), in the
    /// place it had.
    pub fn set(&self, name: &str, value: Option<&str>) -> Pairs {
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut placed = false;
        for (n, v) in &self.0 {
            if n != name {
                out.push((n.clone(), v.clone()));
            } else if let (Some(value), false) = (value, placed) {
                out.push((n.clone(), value.to_owned()));
                placed = true;
            }
        }
        if let (Some(value), false) = (value, placed) {
            out.push((name.to_owned(), value.to_owned()));
        }
        Pairs(out)
    }

    /// These pairs with the exact pair removed when present, added when not; back on the
    /// first page either way.
    pub fn toggle(&self, name: &str, value: &str) -> Pairs {
        let fresh = self.without(&PAGING);
        if fresh.contains(name, value) {
            fresh.filtered(|n, v| !(n == name && v == value))
        } else {
            fresh.with(name, value)
        }
    }

    /// These pairs back on the first page.
    pub fn first_page(&self) -> Pairs {
        self.without(&PAGING)
    }

    /// The percent-encoded query string.
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        for (n, (name, value)) in self.0.iter().enumerate() {
            if n > 0 {
                out.push('&');
            }
            out.extend(utf8_percent_encode(name, QUERY_TEXT));
            out.push('=');
            out.extend(utf8_percent_encode(value, QUERY_TEXT));
        }
        out
    }

    /// A link to `path` with these pairs as its query.
    pub fn link(&self, path: &str) -> Href {
        if self.0.is_empty() {
            Href(path.to_owned())
        } else {
            Href(format!("{path}?{}", self.query_string()))
        }
    }

    /// A link to the explorer page showing these pairs.
    pub fn page(&self) -> Href {
        self.link("/")
    }
}

/// A URL made of percent-encoded parts, so the only character it holds that HTML cares
/// about is `&`, which it writes as `&amp;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Href(String);

impl Href {
    /// The URL as it is requested.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Href {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = self.0.split('&');
        if let Some(first) = parts.next() {
            f.write_str(first)?;
        }
        for part in parts {
            f.write_str("&amp;")?;
            f.write_str(part)?;
        }
        Ok(())
    }
}

// Every character but `&` is percent-encoded when it matters to HTML, and `&` is escaped.
impl HtmlSafe for Href {}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Pairs {
        Pairs::new(
            list.iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn links_encode_what_html_and_queries_care_about() {
        let p = pairs(&[
            ("Key Skills:eq", "C++"),
            ("_search", "\"a b\" <x>&'y'"),
            ("_sort", "-Id,Location"),
        ]);
        assert_eq!(
            p.page().as_str(),
            "/?Key%20Skills:eq=C%2B%2B&_search=%22a%20b%22%20%3Cx%3E%26%27y%27&_sort=-Id,Location"
        );
        assert_eq!(
            p.page().to_string(),
            "/?Key%20Skills:eq=C%2B%2B&amp;_search=%22a%20b%22%20%3Cx%3E%26%27y%27&amp;_sort=-Id,Location"
        );
        assert_eq!(Pairs::default().page().to_string(), "/");
        let decoded = crate::serve::decode_query(&p.query_string()).unwrap();
        assert_eq!(Pairs::new(decoded), p);
    }

    #[test]
    fn toggles_set_and_remove_pairs_back_on_page_one() {
        let p = pairs(&[("Location:eq", "Seattle"), ("_page", "3"), ("_sort", "Id")]);
        let added = p.toggle("Key Skills:eq", "Go");
        assert_eq!(
            added,
            pairs(&[
                ("Location:eq", "Seattle"),
                ("_sort", "Id"),
                ("Key Skills:eq", "Go")
            ])
        );
        assert_eq!(
            added.toggle("Location:eq", "Seattle"),
            pairs(&[("_sort", "Id"), ("Key Skills:eq", "Go")])
        );
        assert_eq!(
            p.set("_sort", Some("-Id")),
            pairs(&[("Location:eq", "Seattle"), ("_page", "3"), ("_sort", "-Id")])
        );
        assert_eq!(p.set("_sort", None).iter().count(), 2);
        assert_eq!(p.without_index(0), pairs(&[("_sort", "Id")]));
        assert_eq!(p.first_page().get("_page"), None);
        assert_eq!(p.set("_per_page", Some("50")).get("_per_page"), Some("50"));
    }
}
