//! The query contract shared by `serve` and `collect`: parses name/value pairs into a
//! [`Query`], compiles it into a [`Filter`], and selects the matching records.
//!
//! Every parameter named after a field of the data set is a filter, and all filters must
//! match. Parameters starting with `_` are options. Anything else is an error that names the
//! closest field. This module is pure: no HTTP, no command line.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use regex::{Regex, RegexBuilder};
use regex_syntax::ast::{self, Ast};

use crate::dataset::{Dataset, Field, Kind, normalize_token};
use crate::error::QueryError;

/// The most bytes a regex-mode pattern may have.
pub const MAX_PATTERN_BYTES: usize = 8 * 1024;
/// The most memory, in bytes, one compiled pattern may use.
pub const MAX_COMPILED_PATTERN_BYTES: usize = 2 * 1024 * 1024;
/// The most bytes a query string may have.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;
/// The most filters one query may combine.
pub const MAX_FILTERS: usize = 64;

/// How a filter value is compared with a field's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MatchMode {
    /// The lab's semantics: a case-sensitive regular expression searched anywhere in the
    /// text; values that Python would not accept as a pattern (`C++`) match literally.
    #[default]
    Regex,
    /// Whole-item equality, case-insensitive and trimmed; `Key Skills` is split on `|`.
    Token,
    /// A case-insensitive literal substring (surrounding white space trimmed, as in token
    /// mode, so a token match is always a substring match).
    Substring,
}

impl MatchMode {
    /// Every mode, in documentation order.
    pub const ALL: [MatchMode; 3] = [MatchMode::Regex, MatchMode::Token, MatchMode::Substring];

    /// The mode's name, as given to `_match`.
    pub fn name(self) -> &'static str {
        match self {
            MatchMode::Regex => "regex",
            MatchMode::Token => "token",
            MatchMode::Substring => "substring",
        }
    }
}

impl fmt::Display for MatchMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for MatchMode {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Self, QueryError> {
        MatchMode::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| QueryError::InvalidOption {
                name: "_match".into(),
                value: s.into(),
                expected: "use regex (the default), token or substring".into(),
            })
    }
}

/// A response format, chosen with `_format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A JSON array (the default).
    Json,
    /// One JSON object per line.
    Ndjson,
    /// RFC 4180 CSV with a header row.
    Csv,
}

impl FromStr for Format {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Self, QueryError> {
        match s {
            "json" => Ok(Format::Json),
            "ndjson" => Ok(Format::Ndjson),
            "csv" => Ok(Format::Csv),
            _ => Err(QueryError::InvalidOption {
                name: "_format".into(),
                value: s.into(),
                expected: "use json, ndjson or csv".into(),
            }),
        }
    }
}

/// A sort order, chosen with `_sort=Field` or `_sort=-Field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The field number to sort by.
    pub field: usize,
    /// Whether the order is descending.
    pub descending: bool,
}

/// One filter: a field and the value it must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The field number in the data set.
    pub field: usize,
    /// The value, as given.
    pub value: String,
}

/// The options of a query (parameters starting with `_`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `_match`: how values are compared.
    pub mode: MatchMode,
    /// `_limit`: the most records (or facet values) to return.
    pub limit: Option<usize>,
    /// `_offset`: how many matching records to skip.
    pub offset: Option<usize>,
    /// `_fields`: which fields to return, in order.
    pub fields: Option<Vec<usize>>,
    /// `_sort`: the sort order.
    pub sort: Option<Sort>,
    /// `_format`: the response format.
    pub format: Option<Format>,
    /// `_field`: the field to count values of (facets).
    pub facet: Option<usize>,
}

/// The names of every option, as they appear in a query.
pub const OPTION_NAMES: [&str; 7] = [
    "_match", "_limit", "_offset", "_fields", "_sort", "_format", "_field",
];

impl Options {
    /// The option names this query sets.
    pub fn given(&self) -> Vec<&'static str> {
        let set = [
            self.mode != MatchMode::default(),
            self.limit.is_some(),
            self.offset.is_some(),
            self.fields.is_some(),
            self.sort.is_some(),
            self.format.is_some(),
            self.facet.is_some(),
        ];
        OPTION_NAMES
            .into_iter()
            .zip(set)
            .filter_map(|(name, set)| set.then_some(name))
            .collect()
    }
}

/// A parsed query: filters to AND together, and options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The filters, in the order given.
    pub conditions: Vec<Condition>,
    /// The options.
    pub options: Options,
}

impl Query {
    /// Parses name/value pairs (already percent-decoded) against a data set's fields.
    pub fn parse<'a, I>(pairs: I, dataset: &Dataset) -> Result<Query, QueryError>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut query = Query::default();
        let mut seen: Vec<&str> = Vec::new();
        for (name, value) in pairs {
            if let Some(field) = dataset.field_index(name) {
                query.conditions.push(Condition {
                    field,
                    value: value.to_owned(),
                });
                continue;
            }
            if !name.starts_with('_') {
                return Err(unknown_field(name, dataset));
            }
            if seen.contains(&name) {
                return Err(QueryError::RepeatedOption { name: name.into() });
            }
            let o = &mut query.options;
            match name {
                "_match" => o.mode = value.parse()?,
                "_limit" => o.limit = Some(count_option(name, value)?),
                "_offset" => o.offset = Some(count_option(name, value)?),
                "_format" => o.format = Some(value.parse()?),
                "_field" => o.facet = Some(field_named(value, dataset)?),
                "_fields" => {
                    let fields = value
                        .split(',')
                        .map(|f| field_named(f.trim(), dataset))
                        .collect::<Result<Vec<_>, _>>()?;
                    o.fields = Some(fields);
                }
                "_sort" => {
                    let (descending, field) = match value.strip_prefix('-') {
                        Some(rest) => (true, rest),
                        None => (false, value),
                    };
                    let field = field_named(field, dataset)?;
                    o.sort = Some(Sort { field, descending });
                }
                _ => {
                    return Err(QueryError::UnknownOption {
                        name: name.into(),
                        known: OPTION_NAMES.join(", "),
                    });
                }
            }
            seen.push(name);
        }
        if query.conditions.len() > MAX_FILTERS {
            return Err(QueryError::TooManyFilters {
                count: query.conditions.len(),
                max: MAX_FILTERS,
            });
        }
        Ok(query)
    }
}

fn count_option(name: &str, value: &str) -> Result<usize, QueryError> {
    value.parse().map_err(|_| QueryError::InvalidOption {
        name: name.into(),
        value: value.into(),
        expected: "use a whole number, 0 or more".into(),
    })
}

fn field_named(name: &str, dataset: &Dataset) -> Result<usize, QueryError> {
    dataset
        .field_index(name)
        .ok_or_else(|| unknown_field(name, dataset))
}

/// The error for a name that is not a field, with the closest field as a suggestion.
fn unknown_field(name: &str, dataset: &Dataset) -> QueryError {
    let lower = name.to_lowercase();
    let closest = dataset
        .fields()
        .iter()
        .map(|f| (strsim::levenshtein(&lower, &f.name.to_lowercase()), &f.name))
        .min_by_key(|(distance, _)| *distance)
        .filter(|(distance, field)| *distance <= (field.chars().count() / 3).max(2));
    QueryError::UnknownField {
        name: name.into(),
        suggestion: closest
            .map(|(_, f)| format!(", did you mean {f:?}?"))
            .unwrap_or_default(),
        known: dataset
            .fields()
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

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

/// Remembers, per data set, which records each regex or substring condition selects, so
/// a repeated query costs a lookup rather than a scan. Bounded; cleared when full.
#[derive(Debug, Default)]
pub struct SelectionCache {
    inner: Mutex<CacheInner>,
}

#[derive(Debug, Default)]
struct CacheInner {
    map: HashMap<(usize, MatchMode, String), Arc<[u32]>>,
    /// Record numbers held, over all entries.
    held: usize,
}

impl SelectionCache {
    /// The most entries kept.
    const MAX_ENTRIES: usize = 4096;
    /// The most record numbers kept over all entries (64 MiB).
    const MAX_HELD: usize = 16 << 20;

    fn get(&self, key: &(usize, MatchMode, String)) -> Option<Arc<[u32]>> {
        self.inner.lock().ok()?.map.get(key).cloned()
    }

    fn insert(&self, key: (usize, MatchMode, String), records: Vec<u32>) -> Arc<[u32]> {
        let records: Arc<[u32]> = records.into();
        if let Ok(mut inner) = self.inner.lock() {
            if inner.map.len() >= Self::MAX_ENTRIES || inner.held + records.len() > Self::MAX_HELD {
                inner.map.clear();
                inner.held = 0;
            }
            if records.len() <= Self::MAX_HELD {
                inner.held += records.len();
                inner.map.insert(key, Arc::clone(&records));
            }
        }
        records
    }
}

/// A compiled query: ready to select records from one data set.
#[derive(Debug)]
pub struct Filter {
    mode: MatchMode,
    conditions: Vec<(usize, Matcher)>,
}

impl Filter {
    /// Compiles a query's conditions in its match mode, for the data set it was parsed
    /// against.
    pub fn compile(query: &Query, dataset: &Dataset) -> Result<Filter, QueryError> {
        Self::compile_cached(query, dataset, None)
    }

    /// Like [`Filter::compile`], taking conditions answered before from `cache`.
    pub fn compile_cached(
        query: &Query,
        dataset: &Dataset,
        cache: Option<&SelectionCache>,
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
                if let Some(records) = cache.and_then(|cache| cache.get(&key)) {
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
                    value.kind != Kind::Null
                        && crate::dataset::tokens(&value.text, field.list).contains(token)
                }
                Matcher::Pattern(re, _) => value.kind != Kind::Null && re.is_match(&value.text),
                Matcher::Selected(records) => records.binary_search(&record).is_ok(),
            }
        })
    }

    /// The matching record numbers, ascending, using the indexes.
    pub fn select(&self, dataset: &Dataset) -> Vec<u32> {
        self.select_cached(dataset, None)
    }

    /// Like [`Filter::select`], remembering pattern conditions' selections in `cache`.
    pub fn select_cached(&self, dataset: &Dataset, cache: Option<&SelectionCache>) -> Vec<u32> {
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
            selected = Some(match (selected, cache) {
                (None, None) => (0..dataset.len() as u32).filter(keep).collect(),
                (Some(current), None) => current.into_iter().filter(keep).collect(),
                (current, Some(cache)) => {
                    // Select over all records once, so that the next query can reuse it.
                    let all: Vec<u32> = (0..dataset.len() as u32).filter(keep).collect();
                    let all = cache.insert((*field_number, self.mode, value.clone()), all);
                    match current {
                        None => all.to_vec(),
                        Some(current) => intersect(&current, &all),
                    }
                }
            });
        }
        selected.unwrap_or_else(|| (0..dataset.len() as u32).collect())
    }

    /// The number of matching records.
    pub fn count(&self, dataset: &Dataset) -> usize {
        self.count_cached(dataset, None)
    }

    /// Like [`Filter::count`], with a selection cache.
    pub fn count_cached(&self, dataset: &Dataset, cache: Option<&SelectionCache>) -> usize {
        match self.conditions.as_slice() {
            [] => dataset.len(),
            [(field, Matcher::Token(token))] => dataset.fields()[*field].posting(token).len(),
            [(_, Matcher::Selected(records))] => records.len(),
            _ => self.select_cached(dataset, cache).len(),
        }
    }
}

/// Sorts record numbers by a field, stably. Numbers sort as numbers and before text;
/// records without a value sort last in either direction.
pub fn sort(dataset: &Dataset, records: &mut [u32], sort: Sort) {
    use std::cmp::Ordering;
    let Some(field) = dataset.fields().get(sort.field) else {
        return;
    };
    // Rank the distinct values once, then sort records by rank.
    let mut order: Vec<u32> = (0..field.values.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&field.values[a as usize], &field.values[b as usize]);
        match (a.number, b.number) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => a.text.cmp(&b.text),
        }
    });
    let mut rank = vec![0u32; field.values.len()];
    for (position, &value) in order.iter().enumerate() {
        rank[value as usize] = position as u32;
    }
    let key = |r: &u32| -> Option<u32> {
        field
            .value_of(*r)
            .filter(|v| v.kind != Kind::Null)
            .map(|_| rank[field.per_record[*r as usize] as usize])
    };
    records.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) if sort.descending => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
}

/// For each distinct value of `field`, whether `re` finds a match in it.
fn value_hits(field: &Field, re: &Regex) -> Vec<bool> {
    field
        .values
        .iter()
        .map(|v| v.kind != Kind::Null && re.is_match(&v.text))
        .collect()
}

/// The records in both sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
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

/// Compiles a regex-mode value the way the lab's Python server treats it: a pattern when
/// Python's `re` would accept it, otherwise the literal text.
fn lab_pattern(value: &str) -> Result<Regex, String> {
    check_length(value)?;
    if !python_accepts(value) {
        return literal(value, false);
    }
    match RegexBuilder::new(value)
        .size_limit(MAX_COMPILED_PATTERN_BYTES)
        .build()
    {
        Ok(re) => Ok(re),
        Err(regex::Error::CompiledTooBig(limit)) => {
            Err(format!("it compiles to more than {limit} bytes"))
        }
        // A syntax Rust refuses but Python might take: match it literally.
        Err(_) => literal(value, false),
    }
}

/// Whether a value parses as a pattern without a quantifier applied directly to another
/// quantifier (`C++`, `a**`), which Rust accepts and Python refuses.
fn python_accepts(value: &str) -> bool {
    struct StackedRepetition;
    impl ast::Visitor for StackedRepetition {
        type Output = ();
        type Err = ();
        fn finish(self) -> Result<(), ()> {
            Ok(())
        }
        fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
            match ast {
                Ast::Repetition(r) if matches!(*r.ast, Ast::Repetition(_)) => Err(()),
                _ => Ok(()),
            }
        }
    }
    match ast::parse::Parser::new().parse(value) {
        Ok(ast) => ast::visit(&ast, StackedRepetition).is_ok(),
        Err(_) => false,
    }
}

/// Compiles a literal match of `value`.
fn literal(value: &str, case_insensitive: bool) -> Result<Regex, String> {
    check_length(value)?;
    RegexBuilder::new(&regex::escape(value))
        .case_insensitive(case_insensitive)
        .size_limit(MAX_COMPILED_PATTERN_BYTES)
        .build()
        .map_err(|e| e.to_string())
}

/// Refuses values longer than [`MAX_PATTERN_BYTES`].
fn check_length(value: &str) -> Result<(), String> {
    if value.len() > MAX_PATTERN_BYTES {
        return Err(format!(
            "{} bytes, the limit is {MAX_PATTERN_BYTES}",
            value.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let filter = Filter::compile_cached(query, d, Some(&cache)).unwrap();
            assert_eq!(filter.select_cached(d, Some(&cache)), selected);
            assert_eq!(filter.count_cached(d, Some(&cache)), selected.len());
            let plain: Vec<u32> = (0..d.len() as u32)
                .filter(|&r| filter.matches(d, r))
                .collect();
            assert_eq!(plain, selected);
        }
    }

    fn ids(d: &Dataset, pairs: &[(&str, &str)]) -> Result<Vec<u32>, QueryError> {
        let query = Query::parse(pairs.iter().copied(), d)?;
        let filter = Filter::compile(&query, d)?;
        let selected = filter.select(d);
        // The indexed path must agree with the plain per-record test, and with count.
        let plain: Vec<u32> = (0..d.len() as u32)
            .filter(|&r| filter.matches(d, r))
            .collect();
        assert_eq!(selected, plain, "indexed and plain disagree for {pairs:?}");
        assert_eq!(filter.count(d), selected.len());
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
    fn python_pattern_detection() {
        let cases = [
            ("C", true),
            ("C++", false),
            ("a**", false),
            ("a+?", true),
            ("(C+)+", true),
            ("C#", true),
            ("[", false),
            ("a{2}{3}", false),
            ("Java|Scala", true),
        ];
        for (value, accepted) in cases {
            assert_eq!(python_accepts(value), accepted, "{value:?}");
        }
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
    fn sorts_stably_numbers_as_numbers_missing_last() {
        let d = Dataset::from_json(
            br#"[{"N": 10, "S": "b"}, {"N": 9, "S": "a"}, {"S": "b"}, {"N": 100, "S": "a"},
                 {"N": null, "S": "c"}, {"N": 9, "S": "z"}]"#,
        )
        .unwrap();
        let n = d.field_index("N").unwrap();
        let s = d.field_index("S").unwrap();
        let sorted = |field, descending| {
            let mut records: Vec<u32> = (0..6).collect();
            sort(&d, &mut records, Sort { field, descending });
            records
        };
        assert_eq!(sorted(n, false), [1, 5, 0, 3, 2, 4]);
        assert_eq!(sorted(n, true), [3, 0, 1, 5, 2, 4]);
        assert_eq!(sorted(s, false), [1, 3, 0, 2, 4, 5]);
        assert_eq!(sorted(s, true), [5, 4, 0, 2, 1, 3]);
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
        let filter = Filter::compile(&query, d).ok()?;
        let selected = filter.select(d);
        let plain: Vec<u32> = (0..d.len() as u32)
            .filter(|&r| filter.matches(d, r))
            .collect();
        assert_eq!(selected, plain, "indexed and plain disagree");
        assert_eq!(filter.count(d), selected.len());
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
