//! Evaluating a compiled query on the indexes. Equality reads postings; a test that
//! looks at values (a pattern, a number, a range) runs once per distinct value, then the
//! matching records are remembered in the cache; `and`, `or` and `not` combine sorted lists
//! of record numbers, and a `not` under an `and` is a difference, never a full complement.

use super::cache::{ANY_FIELD, SelectionCache};
use super::deadline::{Budget, Deadline};
use super::error::QueryError;
use super::expr::{Expr, Test};
use super::node::{Node, ValueTest, search_selected, values_selected};
use super::pattern::{lab_pattern, literal};
use super::query::{MatchMode, Query};
use super::search::SearchTerm;
use crate::dataset::{Dataset, fold_case, normalize_token};

/// A compiled query: ready to select records from one data set.
#[derive(Debug)]
pub struct Filter {
    root: Node,
}

impl Filter {
    /// Compiles a query for the data set it was parsed against: plain conditions in the
    /// query's match mode, and its predicates. Tests answered before come from `cache`.
    pub fn compile(
        query: &Query,
        dataset: &Dataset,
        cache: &SelectionCache,
    ) -> Result<Filter, QueryError> {
        Filter::build(query, dataset, cache, None)
    }

    /// Compiles a query and runs each scanning test (a pattern, a number or range test, a
    /// search) as soon as it is compiled, remembering its records in `cache`: one compiled
    /// pattern is held at a time, not all of a query's at once. The same answers as
    /// [`Filter::compile`]; what the server uses.
    ///
    /// Past `deadline` (looked at between tests, fields and search terms, and every few
    /// thousand values of a scan) the work stops with [`QueryError::TooSlow`]; the test
    /// it stopped in is not remembered.
    pub fn prepare(
        query: &Query,
        dataset: &Dataset,
        cache: &SelectionCache,
        deadline: &Deadline,
    ) -> Result<Filter, QueryError> {
        Filter::build(query, dataset, cache, Some(deadline))
    }

    fn build(
        query: &Query,
        dataset: &Dataset,
        cache: &SelectionCache,
        settle: Option<&Deadline>,
    ) -> Result<Filter, QueryError> {
        let at = Compiler {
            dataset,
            cache,
            settle,
        };
        let mode = query.options.mode;
        let mut parts = Vec::with_capacity(query.conditions.len() + query.predicates.len());
        for c in &query.conditions {
            parts.push(at.test(c.field, &plain_test(mode, &c.value))?);
        }
        for expr in &query.predicates {
            parts.push(at.expr(expr)?);
        }
        Ok(Filter {
            root: Node::All(parts),
        })
    }

    /// Whether compiling and evaluating `query` scans values (a pattern, a number or range
    /// test, or a search not answered before): work to run off the async workers. Postings
    /// and selections remembered in `cache` are cheap.
    pub fn costly(query: &Query, cache: &SelectionCache) -> bool {
        let mode = query.options.mode;
        query
            .conditions
            .iter()
            .any(|c| costly_test(c.field, &plain_test(mode, &c.value), cache))
            || query.predicates.iter().any(|p| costly_expr(p, cache))
    }

    /// Whether record `record` matches: the plain per-record test, without indexes.
    pub fn matches(&self, dataset: &Dataset, record: u32) -> bool {
        self.root.matches(dataset, record)
    }

    /// The matching record numbers, ascending. Scanning tests' selections are remembered
    /// in `cache` for the next query.
    pub fn select(&self, dataset: &Dataset, cache: &SelectionCache) -> Vec<u32> {
        self.root.eval(dataset, cache).into_vec(dataset.len())
    }

    /// The number of matching records.
    pub fn count(&self, dataset: &Dataset, cache: &SelectionCache) -> usize {
        self.root.eval(dataset, cache).len(dataset.len())
    }
}

/// What compiling a query needs: the data set, the cache, and whether scanning tests run
/// at once, and by when they must be done (see [`Filter::prepare`]).
struct Compiler<'a> {
    dataset: &'a Dataset,
    cache: &'a SelectionCache,
    settle: Option<&'a Deadline>,
}

impl Compiler<'_> {
    fn expr(&self, expr: &Expr) -> Result<Node, QueryError> {
        let all = |parts: &[Expr]| -> Result<Vec<Node>, QueryError> {
            parts.iter().map(|p| self.expr(p)).collect()
        };
        Ok(match expr {
            Expr::All(parts) => Node::All(all(parts)?),
            Expr::Any(parts) => Node::Any(all(parts)?),
            Expr::Not(part) => Node::Not(Box::new(self.expr(part)?)),
            Expr::Test(field, test) => self.test(*field, test)?,
            Expr::Search(terms) => {
                let key = search_key(terms);
                if let Some(records) = self.cache.get(&(ANY_FIELD, key.clone())) {
                    return Ok(Node::Selected(records));
                }
                self.check()?;
                let terms = folded_terms(terms)
                    .iter()
                    .map(|t| SearchTerm::new(t))
                    .collect::<Result<_, _>>()?;
                self.settled(Node::Search { key, terms })?
            }
        })
    }

    /// `node`, or with [`Compiler::settle`] its records: run now within the deadline and
    /// remembered, so that its patterns are freed before the next test is compiled.
    fn settled(&self, node: Node) -> Result<Node, QueryError> {
        let Some(deadline) = self.settle else {
            return Ok(node);
        };
        Ok(match &node {
            Node::Values { field, key, test } => Node::Selected(values_selected(
                self.dataset,
                self.cache,
                *field,
                key,
                test,
                deadline,
            )?),
            Node::Search { key, terms } => Node::Selected(search_selected(
                self.dataset,
                self.cache,
                key,
                terms,
                deadline,
            )?),
            _ => node,
        })
    }

    /// Whether there is time left to compile and run one more test.
    fn check(&self) -> Result<(), QueryError> {
        self.settle.map_or(Ok(()), |deadline| deadline.check())
    }
}

/// The cache key of a test that scans values; `None` for equality, which reads postings.
fn test_key(test: &Test) -> Option<String> {
    Some(match test {
        Test::Equals(_) => return None,
        Test::Contains(text) => format!("contains\0{text}"),
        Test::Regex(pattern) => format!("regex\0{pattern}"),
        Test::Compare(comparison, n) => format!("{comparison:?}\0{n}"),
        Test::Covers(n) => format!("covers\0{n}"),
    })
}

/// A search's terms case-folded, sorted and each once: a repeated term (in any case)
/// costs nothing more, and the same terms in any order are one cached search.
fn folded_terms(terms: &[String]) -> Vec<String> {
    let mut folded: Vec<String> = terms.iter().map(|t| fold_case(t).into_owned()).collect();
    folded.sort_unstable();
    folded.dedup();
    folded
}

/// The cache key of a search for `terms`.
fn search_key(terms: &[String]) -> String {
    format!("search\0{}", folded_terms(terms).join("\0"))
}

/// The test a plain `Field=value` filter makes in match mode `mode`.
fn plain_test(mode: MatchMode, value: &str) -> Test {
    match mode {
        MatchMode::Token => Test::Equals(vec![normalize_token(value)]),
        MatchMode::Substring => Test::Contains(value.trim().to_owned()),
        MatchMode::Regex => Test::Regex(value.to_owned()),
    }
}

/// Whether some test of `expr` must scan values: not equality, not remembered in `cache`.
fn costly_expr(expr: &Expr, cache: &SelectionCache) -> bool {
    match expr {
        Expr::All(parts) | Expr::Any(parts) => parts.iter().any(|p| costly_expr(p, cache)),
        Expr::Not(part) => costly_expr(part, cache),
        Expr::Test(field, test) => costly_test(*field, test, cache),
        Expr::Search(terms) => cache.get(&(ANY_FIELD, search_key(terms))).is_none(),
    }
}

fn costly_test(field: usize, test: &Test, cache: &SelectionCache) -> bool {
    test_key(test).is_some_and(|key| cache.get(&(field, key)).is_none())
}

impl Compiler<'_> {
    /// The node for one test on `field`.
    fn test(&self, field: usize, test: &Test) -> Result<Node, QueryError> {
        let (dataset, cache) = (self.dataset, self.cache);
        let Some(key) = test_key(test) else {
            return Ok(Node::Tokens {
                field,
                tokens: match test {
                    Test::Equals(tokens) => tokens.clone(),
                    _ => Vec::new(),
                },
            });
        };
        if let Some(records) = cache.get(&(field, key.clone())) {
            return Ok(Node::Selected(records));
        }
        self.check()?;
        let name = || dataset.fields()[field].name.clone();
        let test = match test {
            Test::Contains(text) => ValueTest::Pattern(
                literal(text, true)
                    .map_err(|reason| QueryError::pattern_too_large(&name(), reason))?,
            ),
            Test::Regex(pattern) => ValueTest::Pattern(
                lab_pattern(pattern)
                    .map_err(|reason| QueryError::pattern_too_large(&name(), reason))?,
            ),
            Test::Compare(comparison, n) => ValueTest::Compare(*comparison, *n),
            Test::Covers(n) => ValueTest::Covers(*n),
            Test::Equals(tokens) => {
                return Ok(Node::Tokens {
                    field,
                    tokens: tokens.clone(),
                });
            }
        };
        self.settled(Node::Values { field, key, test })
    }
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

    /// Selects `query` through the indexes, and checks that the plain per-record test, the
    /// count and the cached paths all agree.
    pub(super) fn checked(d: &Dataset, query: &Query) -> Result<Vec<u32>, QueryError> {
        let cache = SelectionCache::default();
        let filter = Filter::compile(query, d, &cache)?;
        let selected = filter.select(d, &cache);
        let plain: Vec<u32> = (0..d.len() as u32)
            .filter(|&r| filter.matches(d, r))
            .collect();
        assert_eq!(selected, plain, "indexed and plain disagree for {query:?}");
        assert_eq!(filter.count(d, &SelectionCache::default()), selected.len());
        assert_cached_agrees(d, query, &selected);
        // Running each scanning test as it is compiled gives the same answer.
        let cache = SelectionCache::default();
        let prepared = Filter::prepare(query, d, &cache, &Deadline::never())?;
        assert_eq!(
            prepared.select(d, &cache),
            selected,
            "prepare for {query:?}"
        );
        assert_eq!(prepared.count(d, &cache), selected.len());
        Ok(selected)
    }

    fn ids(d: &Dataset, pairs: &[(&str, &str)]) -> Result<Vec<u32>, QueryError> {
        checked(d, &Query::parse(pairs.iter().copied(), d)?)
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

    /// Postings with experience written every way the data writes it.
    fn experience() -> Dataset {
        let json = r#"[
            {"Id": 1, "Exp": "2 - 5 yrs", "Key Skills": "Go| Rust", "Location": "Detroit"},
            {"Id": 2, "Exp": "3 - 8 Years", "Key Skills": "go|Java", "Location": "Austin"},
            {"Id": 3, "Exp": "0 Years", "Key Skills": "Python", "Location": "Washington, DC"},
            {"Id": 4, "Exp": "30 years and above", "Key Skills": "Rust", "Location": "Austin"},
            {"Id": "5", "Exp": "fresher", "Key Skills": "Machine Learning| Python"},
            {"Id": 6, "Exp": null, "Location": "Seattle", "Note": "machine learning lead"}
        ]"#;
        Dataset::from_json(json.as_bytes()).unwrap()
    }

    #[test]
    fn operators_select_through_the_index() {
        let d = experience();
        let cases: &[Case] = &[
            (&[("Exp:covers", "3")], &[0, 1]),
            (&[("Exp:covers", "0")], &[2]),
            (&[("Exp:covers", "45")], &[3]),
            (&[("Exp:gte", "3")], &[1, 3]),
            (&[("Exp:lt", "2")], &[2]),
            (&[("Id:gte", "2"), ("Id:lt", "5")], &[1, 2, 3]),
            (&[("Id:gt", "4")], &[4, 5]),
            (&[("Id:lte", "1.5")], &[0]),
            (&[("Key Skills:eq", "GO")], &[0, 1]),
            (&[("Key Skills:ne", "go")], &[2, 3, 4, 5]),
            (&[("Location:in", r#"Austin,"Washington, DC""#)], &[1, 2, 3]),
            (
                &[("Location:nin", r#"Austin,"Washington, DC""#)],
                &[0, 4, 5],
            ),
            (&[("Key Skills:contains", "LEARN")], &[4]),
            (&[("Key Skills:regex", "^[Gg]o")], &[0, 1]),
            (
                &[("Location:eq", "austin"), ("Key Skills:eq", "rust")],
                &[3],
            ),
            (&[("Location", "Austin"), ("Key Skills:ne", "rust")], &[1]),
            (&[("_search", "machine learning")], &[4, 5]),
            (&[("_search", r#""machine learning" lead"#)], &[5]),
            (&[("_search", "python 5")], &[4]),
            (&[("_search", "")], &[0, 1, 2, 3, 4, 5]),
            (
                &[(
                    "_where",
                    r#"{"or":[{"Key Skills":{"eq":"Go"}},{"Key Skills":{"eq":"Rust"}}],"not":{"Location":{"eq":"Detroit"}}}"#,
                )],
                &[1, 3],
            ),
            (
                &[("_where", r#"{"not": {"Exp": {"covers": 3}}}"#)],
                &[2, 3, 4, 5],
            ),
            (&[("_where", r#"{"or": []}"#)], &[]),
            (&[("_where", r#"{"and": []}"#)], &[0, 1, 2, 3, 4, 5]),
            (
                &[
                    ("_where", r#"{"Location": {"in": ["austin", "seattle"]}}"#),
                    ("Id:gt", "2"),
                ],
                &[3, 5],
            ),
        ];
        for (pairs, expected) in cases {
            assert_eq!(ids(&d, pairs).as_deref(), Ok(*expected), "{pairs:?}");
        }
    }

    #[test]
    fn eq_and_ne_add_up_to_every_record_and_so_do_in_and_nin() {
        let d = experience();
        for field in ["Location", "Key Skills", "Exp", "Note", "Id"] {
            for value in ["austin", "go", "0 years", "x", "5", ""] {
                let eq = ids(&d, &[(&format!("{field}:eq"), value)]).unwrap();
                let ne = ids(&d, &[(&format!("{field}:ne"), value)]).unwrap();
                assert_eq!(eq.len() + ne.len(), d.len(), "{field} {value}");
                assert!(eq.iter().all(|r| !ne.contains(r)));
                let list = format!("{value},seattle");
                let within = ids(&d, &[(&format!("{field}:in"), &list)]).unwrap();
                let outside = ids(&d, &[(&format!("{field}:nin"), &list)]).unwrap();
                assert_eq!(within.len() + outside.len(), d.len(), "{field} in {list}");
            }
        }
    }

    #[test]
    fn operator_errors_say_what_to_write() {
        let d = experience();
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("Exp:near", "3")], "unknown operator \"near\""),
            (&[("Exp:covers", "three")], "Exp:covers needs a number"),
            (&[("Epx:covers", "3")], "did you mean \"Exp\""),
            (&[("Location:in", "\"open")], "not closed"),
            (&[("_where", "{")], "_where: it is not valid JSON"),
            (
                &[("_where", r#"{"Salary": {"gt": 1}}"#)],
                "unknown field \"Salary\"",
            ),
            (&[("_page", "0")], "1 or more"),
            (&[("_page", "1"), ("_limit", "3")], "not both"),
        ];
        for (pairs, expected) in cases {
            let message = ids(&d, pairs)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(message.contains(expected), "{pairs:?}: {message:?}");
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
            (&[("_format", "xml")], "use json, ndjson, csv or xlsx"),
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
            ("_field", "Role"),
            ("_match", "substring"),
        ];
        let q = Query::parse(pairs, &d).unwrap();
        let o = &q.options;
        assert_eq!((o.limit, o.offset), (Some(5), Some(2)));
        assert_eq!(o.fields, Some(vec![3, 0]));
        assert_eq!(
            o.sort,
            [Sort {
                field: 0,
                descending: true
            }]
        );
        assert_eq!(
            (o.format, o.facets.as_slice()),
            (Some(Format::Csv), &[2, 3][..])
        );
        assert_eq!(o.mode, MatchMode::Substring);
        assert_eq!(o.given().len(), 7);
        assert_eq!(o.window(), (2, Some(5)));
        let paged = Query::parse(
            [
                ("_page", "3"),
                ("_per_page", "4"),
                ("_sort", "Location,-Id"),
            ],
            &d,
        )
        .unwrap();
        assert_eq!(paged.options.window(), (8, Some(4)));
        assert_eq!(paged.options.sort.len(), 2);
        let default = Query::parse([("_page", "2")], &d).unwrap();
        assert_eq!(default.options.window(), (10, Some(10)));
    }

    #[test]
    fn search_terms_are_folded_and_counted_once() {
        let d = data();
        let cache = SelectionCache::default();
        let query = |value: &str| Query::parse([("_search", value)], &d).unwrap();
        let once = Filter::prepare(&query("java python"), &d, &cache, &Deadline::never())
            .unwrap()
            .select(&d, &cache);
        assert_eq!(once, [2]);
        // The same terms, repeated, in other cases and order: one search, remembered.
        let again = query("PYTHON java Java python JAVA");
        assert!(!Filter::costly(&again, &cache));
        assert_eq!(checked(&d, &again), Ok(once));
        assert_eq!(
            folded_terms(&["b".into(), "A".into(), "a".into()]),
            ["a", "b"]
        );
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
        super::tests::checked(d, &Query::parse(pairs, d).ok()?).ok()
    }

    const OPS: [&str; 13] = [
        "eq", "ne", "in", "nin", "contains", "regex", "lt", "lte", "gt", "gte", "covers", "like",
        "",
    ];
    const OPERANDS: [&str; 10] = [
        "3",
        "C",
        "java",
        "Seattle,austin",
        "\"a,b\",C#",
        "-1",
        "x",
        "",
        "20",
        "2.5",
    ];

    /// A random `_where` tree over the four fields, as JSON (sometimes broken on purpose).
    fn where_json() -> impl Strategy<Value = String> {
        let leaf = (0usize..4, 0..OPS.len(), 0..OPERANDS.len(), any::<bool>()).prop_map(
            |(f, op, v, as_array)| {
                let names = ["Id", "Key Skills", "Location", "Note"];
                let operand = if as_array {
                    serde_json::json!(OPERANDS[v].split(',').collect::<Vec<_>>())
                } else {
                    serde_json::json!(OPERANDS[v])
                };
                serde_json::json!({ names[f]: { OPS[op]: operand } })
            },
        );
        leaf.prop_recursive(4, 16, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3)
                    .prop_map(|v| serde_json::json!({ "and": v })),
                proptest::collection::vec(inner.clone(), 0..3)
                    .prop_map(|v| serde_json::json!({ "or": v })),
                inner.prop_map(|v| serde_json::json!({ "not": v })),
            ]
        })
        .prop_map(|v| v.to_string())
    }

    /// Runs `pairs` (whatever they are) and checks every path agrees when they parse.
    fn run_pairs(d: &Dataset, pairs: &[(String, String)]) -> Option<Vec<u32>> {
        let query = Query::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), d).ok()?;
        super::tests::checked(d, &query).ok()
    }

    proptest! {
        #[test]
        fn operators_and_where_agree_with_the_plain_scan(
            d in data(),
            ops in proptest::collection::vec((0usize..4, 0..OPS.len(), 0..OPERANDS.len()), 0..3),
            tree in where_json(),
            search in proptest::option::of("[a-zA-Z \"#+|]{0,12}"),
        ) {
            let names = ["Id", "Key Skills", "Location", "Note"];
            let mut pairs: Vec<(String, String)> = ops
                .iter()
                .map(|&(f, op, v)| (format!("{}:{}", names[f], OPS[op]), OPERANDS[v].to_owned()))
                .collect();
            pairs.push(("_where".into(), tree.clone()));
            if let Some(search) = search {
                pairs.push(("_search".into(), search));
            }
            run_pairs(&d, &pairs);
            // `not` of the whole tree selects exactly the rest.
            let inside = run_pairs(&d, &[("_where".into(), tree.clone())]);
            let outside = run_pairs(&d, &[("_where".into(), format!("{{\"not\": {tree}}}"))]);
            if let (Some(inside), Some(outside)) = (inside, outside) {
                prop_assert_eq!(inside.len() + outside.len(), d.len());
            }
        }

        #[test]
        fn any_text_as_where_or_operator_is_an_answer_or_an_error(
            d in data(),
            text in ".{0,64}",
            op in "[a-z:]{0,8}",
        ) {
            run_pairs(&d, &[("_where".into(), text.clone())]);
            run_pairs(&d, &[(format!("Location:{op}"), text.clone())]);
            run_pairs(&d, &[("_search".into(), text)]);
        }

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
