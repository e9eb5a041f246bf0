//! Evaluating a compiled query on the indexes: token conditions read postings, pattern
//! conditions test each distinct value once, and the lists are intersected.

use std::sync::Arc;

use regex::Regex;

use super::cache::SelectionCache;
use super::error::QueryError;
use super::pattern::{lab_pattern, literal};
use super::query::{MatchMode, Query};
use crate::dataset::{Dataset, Field, normalize_token, tokens};

/// How one condition is tested.
#[derive(Debug)]
enum Matcher {
    /// Token mode: the normalised token to look up.
    Token(String),
    /// Regex and substring modes: a compiled pattern searched in the text, and the value
    /// it was compiled from (the cache key).
    Pattern(Regex, String),
    /// A selection remembered from an earlier query with the same condition.
    Selected(Arc<[u32]>),
}

/// A compiled query: ready to select records from one data set.
#[derive(Debug)]
pub struct Filter {
    mode: MatchMode,
    conditions: Vec<(usize, Matcher)>,
}

impl Filter {
    /// Compiles a query's conditions in its match mode, for the data set it was parsed
    /// against, taking selections answered before from `cache`.
    pub fn compile(
        query: &Query,
        dataset: &Dataset,
        cache: &SelectionCache,
    ) -> Result<Filter, QueryError> {
        let mode = query.options.mode;
        let conditions = query
            .conditions
            .iter()
            .map(|c| {
                let value = match mode {
                    MatchMode::Token => {
                        return Ok((c.field, Matcher::Token(normalize_token(&c.value))));
                    }
                    MatchMode::Substring => c.value.trim(),
                    MatchMode::Regex => c.value.as_str(),
                };
                let key = (c.field, mode, value.to_owned());
                if let Some(records) = cache.get(&key) {
                    return Ok((c.field, Matcher::Selected(records)));
                }
                let re = match mode {
                    MatchMode::Regex => lab_pattern(value),
                    _ => literal(value, true),
                };
                let re = re.map_err(|reason| QueryError::PatternTooLarge {
                    field: dataset.fields()[c.field].name.clone(),
                    reason,
                })?;
                Ok((c.field, Matcher::Pattern(re, key.2)))
            })
            .collect::<Result<_, QueryError>>()?;
        Ok(Filter { mode, conditions })
    }

    /// Whether record `record` matches: the plain per-record test, without indexes.
    pub fn matches(&self, dataset: &Dataset, record: u32) -> bool {
        self.conditions.iter().all(|(field, matcher)| {
            let field = &dataset.fields()[*field];
            let Some(value) = field.value_of(record) else {
                return false;
            };
            match matcher {
                Matcher::Token(token) => {
                    !value.is_null() && tokens(&value.text, field.list).contains(token)
                }
                Matcher::Pattern(re, _) => !value.is_null() && re.is_match(&value.text),
                Matcher::Selected(records) => records.binary_search(&record).is_ok(),
            }
        })
    }

    /// The matching record numbers, ascending, using the indexes. Pattern conditions'
    /// selections are remembered in `cache` for the next query.
    pub fn select(&self, dataset: &Dataset, cache: &SelectionCache) -> Vec<u32> {
        let fields = dataset.fields();
        // Lists known without a scan (postings, cached selections): shortest first.
        let mut lists: Vec<&[u32]> = self
            .conditions
            .iter()
            .filter_map(|(field, m)| match m {
                Matcher::Token(token) => Some(fields[*field].posting(token)),
                Matcher::Selected(records) => Some(&records[..]),
                Matcher::Pattern(..) => None,
            })
            .collect();
        lists.sort_by_key(|p| p.len());
        let mut selected: Option<Vec<u32>> = None;
        for list in lists {
            selected = Some(match selected {
                None => list.to_vec(),
                Some(current) => intersect(&current, list),
            });
        }
        // Pattern conditions are tested once per distinct value, then looked up per record.
        for (field_number, matcher) in &self.conditions {
            let Matcher::Pattern(re, value) = matcher else {
                continue;
            };
            let field = &fields[*field_number];
            let hits = value_hits(field, re);
            let keep = |r: &u32| {
                let id = field.per_record[*r as usize];
                hits.get(id as usize).copied().unwrap_or(false)
            };
            // Select over all records once, so that the next query can reuse it.
            let all: Vec<u32> = (0..dataset.len() as u32).filter(keep).collect();
            let all = cache.insert((*field_number, self.mode, value.clone()), all);
            selected = Some(match selected {
                None => all.to_vec(),
                Some(current) => intersect(&current, &all),
            });
        }
        selected.unwrap_or_else(|| (0..dataset.len() as u32).collect())
    }

    /// The number of matching records.
    pub fn count(&self, dataset: &Dataset, cache: &SelectionCache) -> usize {
        match self.conditions.as_slice() {
            [] => dataset.len(),
            [(field, Matcher::Token(token))] => dataset.fields()[*field].posting(token).len(),
            [(_, Matcher::Selected(records))] => records.len(),
            _ => self.select(dataset, cache).len(),
        }
    }
}

/// For each distinct value of `field`, whether `re` finds a match in it.
fn value_hits(field: &Field, re: &Regex) -> Vec<bool> {
    field
        .values
        .iter()
        .map(|v| !v.is_null() && re.is_match(&v.text))
        .collect()
}

/// The records in both sorted lists.
pub(super) fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(small.len());
    let mut rest = large;
    for &x in small {
        match rest.binary_search(&x) {
            Ok(i) => {
                out.push(x);
                rest = &rest[i + 1..];
            }
            Err(i) => rest = &rest[i..],
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::query::{Format, Sort};
    use crate::filter::{MAX_FILTERS, MAX_PATTERN_BYTES};

    /// A small data set with the lab's quirks: list separators with and without a space,
    /// mixed casing, C-family and Java-family names, and capital C's in other words.
    fn data() -> Dataset {
        let json = r#"[
            {"Id": 10, "Key Skills": "C| C++| Java", "Location": "Seattle", "Role": "Dev"},
            {"Id": 11, "Key Skills": "c++|C#| JavaScript", "Location": "Austin", "Role": "Dev"},
            {"Id": 12, "Key Skills": "Javascript| python", "Location": "Seattle", "Role": "QA"},
            {"Id": 13, "Key Skills": "Customer Care| Sales", "Location": "New York", "Role": "CSR"},
            {"Id": 15, "Key Skills": " Java |  | SQL", "Location": "seattle ", "Role": null},
            {"Id": 20, "Key Skills": "Python", "Location": "Austin", "Role": "Data (Senior)"}
        ]"#;
        Dataset::from_json(json.as_bytes()).unwrap()
    }

    /// A table row: query pairs and the records they must select.
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [u32]);

    /// The cached paths (a miss, then a hit) give the same answer as the uncached one.
    pub(super) fn assert_cached_agrees(d: &Dataset, query: &Query, selected: &[u32]) {
        let cache = SelectionCache::default();
        for _ in 0..2 {
            let filter = Filter::compile(query, d, &cache).unwrap();
            assert_eq!(filter.select(d, &cache), selected);
            assert_eq!(filter.count(d, &cache), selected.len());
            let plain: Vec<u32> = (0..d.len() as u32)
                .filter(|&r| filter.matches(d, r))
                .collect();
            assert_eq!(plain, selected);
        }
    }

    fn ids(d: &Dataset, pairs: &[(&str, &str)]) -> Result<Vec<u32>, QueryError> {
        let query = Query::parse(pairs.iter().copied(), d)?;
        let cache = SelectionCache::default();
        let filter = Filter::compile(&query, d, &cache)?;
        let selected = filter.select(d, &cache);
        // The indexed path must agree with the plain per-record test, and with count.
        let plain: Vec<u32> = (0..d.len() as u32)
            .filter(|&r| filter.matches(d, r))
            .collect();
        assert_eq!(selected, plain, "indexed and plain disagree for {pairs:?}");
        assert_eq!(filter.count(d, &SelectionCache::default()), selected.len());
        assert_cached_agrees(d, &query, &selected);
        Ok(selected)
    }

    #[test]
    fn match_modes() {
        let d = data();
        let cases: &[Case] = &[
            // regex (default): the lab's semantics, case-sensitive, anywhere in the text.
            (&[("Key Skills", "C")], &[0, 1, 3]),
            (&[("Key Skills", "C++")], &[0]),
            (&[("Key Skills", "c++")], &[1]),
            (&[("Key Skills", "C#")], &[1]),
            (&[("Key Skills", "Java")], &[0, 1, 2, 4]),
            (&[("Key Skills", "^Java")], &[2]),
            (&[("Key Skills", "[Pp]ython")], &[2, 5]),
            (&[("Key Skills", "Java(Script|script)")], &[1, 2]),
            (&[("Role", "Data (Senior)")], &[]),
            (&[("Role", "(Senior)")], &[5]),
            (&[("Id", "1[05]")], &[0, 4]),
            (&[("Id", "20")], &[5]),
            (&[("Location", "")], &[0, 1, 2, 3, 4, 5]),
            // token: whole items, case-insensitive, trimmed.
            (&[("Key Skills", "C"), ("_match", "token")], &[0]),
            (&[("Key Skills", "c++"), ("_match", "token")], &[0, 1]),
            (&[("Key Skills", "Java"), ("_match", "token")], &[0, 4]),
            (
                &[("Key Skills", "JAVASCRIPT"), ("_match", "token")],
                &[1, 2],
            ),
            (&[("Key Skills", " python "), ("_match", "token")], &[2, 5]),
            (&[("Key Skills", ""), ("_match", "token")], &[]),
            (&[("Location", "seattle"), ("_match", "token")], &[0, 2, 4]),
            (&[("Location", "New"), ("_match", "token")], &[]),
            (&[("Role", "dev"), ("_match", "token")], &[0, 1]),
            (&[("Id", "13"), ("_match", "token")], &[3]),
            // substring: literal, case-insensitive.
            (
                &[("Key Skills", "java"), ("_match", "substring")],
                &[0, 1, 2, 4],
            ),
            (&[("Key Skills", "C++"), ("_match", "substring")], &[0, 1]),
            (&[("Role", "(senior)"), ("_match", "substring")], &[5]),
            (&[("Role", "."), ("_match", "substring")], &[]),
            (&[("Location", " york "), ("_match", "substring")], &[3]),
        ];
        for (pairs, expected) in cases {
            assert_eq!(ids(&d, pairs).as_deref(), Ok(*expected), "{pairs:?}");
        }
    }

    #[test]
    fn filters_are_anded_including_a_repeated_field() {
        let d = data();
        let cases: &[Case] = &[
            (&[("Key Skills", "Java"), ("Location", "Seattle")], &[0, 2]),
            (&[("Location", "Seattle"), ("Key Skills", "Java")], &[0, 2]),
            (&[("Key Skills", "Java"), ("Key Skills", "C#")], &[1]),
            (
                &[
                    ("Key Skills", "java"),
                    ("Key Skills", "sql"),
                    ("_match", "token"),
                ],
                &[4],
            ),
            (
                &[
                    ("Key Skills", "python"),
                    ("Location", "austin"),
                    ("_match", "token"),
                ],
                &[5],
            ),
            (&[("Key Skills", "Python"), ("Location", "Seattle")], &[]),
        ];
        for (pairs, expected) in cases {
            assert_eq!(ids(&d, pairs).as_deref(), Ok(*expected), "{pairs:?}");
        }
    }

    #[test]
    fn no_filter_selects_everything() {
        let d = data();
        assert_eq!(ids(&d, &[]), Ok(vec![0, 1, 2, 3, 4, 5]));
        assert_eq!(ids(&d, &[("_match", "token")]), Ok(vec![0, 1, 2, 3, 4, 5]));
    }

    #[test]
    fn errors() {
        let d = data();
        let err = |pairs: &[(&str, &str)]| ids(&d, pairs).err().map(|e| e.to_string());
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[("Key skills", "C")],
                "unknown field \"Key skills\", did you mean \"Key Skills\"?",
            ),
            (&[("Locaton", "C")], "did you mean \"Location\"?"),
            (
                &[("Salary", "1")],
                "known fields: Id, Key Skills, Location, Role",
            ),
            (
                &[("_match", "fuzzy")],
                "invalid value \"fuzzy\" for option _match",
            ),
            (&[("_bogus", "1")], "unknown option \"_bogus\""),
            (&[("_limit", "-1")], "use a whole number"),
            (&[("_offset", "x")], "option _offset"),
            (&[("_format", "xml")], "use json, ndjson or csv"),
            (&[("_fields", "Id,Nope")], "unknown field \"Nope\""),
            (&[("_sort", "-Nope")], "unknown field \"Nope\""),
            (
                &[("_match", "token"), ("_match", "regex")],
                "more than once",
            ),
            (
                &[("Role", "(a{1000}){1000}")],
                "pattern for \"Role\" is too large",
            ),
        ];
        for (pairs, expected) in cases {
            let message = err(pairs).unwrap_or_default();
            assert!(message.contains(expected), "{pairs:?}: {message:?}");
        }
        let huge = "a".repeat(MAX_PATTERN_BYTES + 1);
        let message = err(&[("Role", &huge)]).unwrap_or_default();
        assert!(message.contains("the limit is 8192"), "{message}");
        let many: Vec<(&str, &str)> = vec![("Role", "x"); MAX_FILTERS + 1];
        assert!(err(&many).unwrap_or_default().contains("too many filters"));
    }

    #[test]
    fn options_are_parsed() {
        let d = data();
        let pairs = [
            ("_limit", "5"),
            ("_offset", "2"),
            ("_fields", "Role, Id"),
            ("_sort", "-Id"),
            ("_format", "csv"),
            ("_field", "Location"),
            ("_match", "substring"),
        ];
        let q = Query::parse(pairs, &d).unwrap();
        let o = &q.options;
        assert_eq!((o.limit, o.offset), (Some(5), Some(2)));
        assert_eq!(o.fields, Some(vec![3, 0]));
        assert_eq!(
            o.sort,
            Some(Sort {
                field: 0,
                descending: true
            })
        );
        assert_eq!((o.format, o.facet), (Some(Format::Csv), Some(2)));
        assert_eq!(o.mode, MatchMode::Substring);
        assert_eq!(o.given().len(), 7);
    }

    #[test]
    fn intersect_sorted_lists() {
        assert_eq!(intersect(&[1, 3, 5, 7], &[3, 4, 5, 8]), [3, 5]);
        assert_eq!(intersect(&[], &[1]), [] as [u32; 0]);
        assert_eq!(intersect(&[2], &[1, 2, 3]), [2]);
    }
}

#[cfg(test)]
mod properties {
    //! The indexed paths against the plain per-record test, on random data and queries.

    use proptest::prelude::*;

    use super::*;

    const SKILLS: [&str; 10] = [
        "C",
        "c++",
        "C#",
        "Java",
        "javascript",
        "JavaScript",
        "Python",
        " sql ",
        "",
        "Customer Care",
    ];
    const PLACES: [&str; 5] = ["Seattle", "seattle ", "Austin", "New York", "New Orleons"];
    const VALUES: [&str; 16] = [
        "C", "C++", "c#", "Java", "^J", "a|b", "[", "S.*e", "", "sql", "(x", "\\d", "1", "true",
        "Seattle", "york",
    ];

    fn record() -> impl Strategy<Value = serde_json::Value> {
        (
            proptest::collection::vec(0..SKILLS.len(), 0..5),
            any::<bool>(),
            0..PLACES.len() + 1,
            0u32..40,
            0..4u8,
        )
            .prop_map(|(skills, spaced, place, id, note)| {
                let sep = if spaced { "| " } else { "|" };
                let skills: Vec<&str> = skills.into_iter().map(|i| SKILLS[i]).collect();
                let mut r = serde_json::json!({ "Id": id, "Key Skills": skills.join(sep) });
                if let Some(place) = PLACES.get(place) {
                    r["Location"] = serde_json::json!(place);
                }
                r["Note"] = match note {
                    0 => serde_json::Value::Null,
                    1 => serde_json::json!(true),
                    2 => serde_json::json!("C and Java"),
                    _ => return r,
                };
                r
            })
    }

    fn data() -> impl Strategy<Value = Dataset> {
        proptest::collection::vec(record(), 0..40).prop_map(|records| {
            let json = serde_json::Value::Array(records).to_string();
            Dataset::from_json(json.as_bytes()).unwrap()
        })
    }

    fn conditions() -> impl Strategy<Value = Vec<(usize, &'static str)>> {
        proptest::collection::vec((0usize..4, 0..VALUES.len()), 0..4)
            .prop_map(|c| c.into_iter().map(|(f, v)| (f, VALUES[v])).collect())
    }

    fn run(d: &Dataset, conditions: &[(usize, &str)], mode: MatchMode) -> Option<Vec<u32>> {
        let names = ["Id", "Key Skills", "Location", "Note"];
        let mut pairs: Vec<(&str, &str)> = conditions
            .iter()
            .filter(|(f, _)| d.field_index(names[*f]).is_some())
            .map(|(f, v)| (names[*f], *v))
            .collect();
        pairs.push(("_match", mode.name()));
        let query = Query::parse(pairs, d).ok()?;
        let cache = SelectionCache::default();
        let filter = Filter::compile(&query, d, &cache).ok()?;
        let selected = filter.select(d, &cache);
        let plain: Vec<u32> = (0..d.len() as u32)
            .filter(|&r| filter.matches(d, r))
            .collect();
        assert_eq!(selected, plain, "indexed and plain disagree");
        assert_eq!(filter.count(d, &SelectionCache::default()), selected.len());
        super::tests::assert_cached_agrees(d, &query, &selected);
        Some(selected)
    }

    proptest! {
        #[test]
        fn indexed_paths_equal_the_plain_scan(d in data(), c in conditions()) {
            for mode in MatchMode::ALL {
                run(&d, &c, mode);
            }
        }

        #[test]
        fn and_is_order_independent(d in data(), c in conditions()) {
            let mut reversed = c.clone();
            reversed.reverse();
            for mode in MatchMode::ALL {
                prop_assert_eq!(run(&d, &c, mode), run(&d, &reversed, mode));
            }
        }

        #[test]
        fn token_matches_are_substring_matches(d in data(), c in conditions()) {
            let token = run(&d, &c, MatchMode::Token).unwrap_or_default();
            let substring = run(&d, &c, MatchMode::Substring).unwrap_or_default();
            prop_assert!(token.iter().all(|r| substring.contains(r)), "{token:?} ⊄ {substring:?}");
        }
    }
}
