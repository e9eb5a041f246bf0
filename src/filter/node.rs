//! A compiled query's nodes and how each is evaluated: equality reads postings, a value
//! test runs once per distinct value and is remembered in the cache, a search marks its
//! records, and `and`, `or` and `not` combine sorted lists of record numbers.

use std::sync::Arc;

use regex::Regex;

use super::cache::{ANY_FIELD, SelectionCache};
use super::deadline::{Budget, Unlimited};
use super::expr::Comparison;
use super::search::{SearchTerm, search};
use super::sets::{Selection, difference, intersect, union};
use crate::dataset::{Dataset, Field};

/// One node of a compiled query.
#[derive(Debug)]
pub(super) enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    /// Records holding one of these normalised tokens in the field: postings.
    Tokens {
        field: usize,
        tokens: Vec<String>,
    },
    /// Records whose value passes a test, decided once per distinct value.
    Values {
        field: usize,
        key: String,
        test: ValueTest,
    },
    /// Records where every term appears in some field.
    Search {
        key: String,
        terms: Vec<SearchTerm>,
    },
    /// A selection remembered from an earlier query with the same test.
    Selected(Arc<[u32]>),
}

/// A test of one distinct value.
#[derive(Debug)]
pub(super) enum ValueTest {
    Pattern(Regex),
    Compare(Comparison, f64),
    Covers(f64),
}

impl ValueTest {
    /// Whether distinct value number `value` of `field` passes.
    fn passes(&self, field: &Field, value: u32) -> bool {
        let Some(v) = field.values.get(value as usize) else {
            return false;
        };
        match self {
            ValueTest::Pattern(re) => !v.is_null() && re.is_match(v.text),
            ValueTest::Compare(comparison, bound) => field
                .span_of(value)
                .is_some_and(|span| comparison.holds(span.lower, *bound)),
            ValueTest::Covers(n) => field.span_of(value).is_some_and(|span| span.covers(*n)),
        }
    }

    /// The records of `field` whose value passes, each distinct value tested once, within
    /// `budget`.
    pub(super) fn records<B: Budget>(
        &self,
        field: &Field,
        budget: &B,
    ) -> Result<Vec<u32>, B::Exceeded> {
        let mut hits = Vec::with_capacity(field.values.len());
        for value in 0..field.values.len() {
            budget.check_at(value)?;
            hits.push(self.passes(field, value as u32));
        }
        budget.check()?;
        Ok(records_with(field, &hits))
    }
}

/// The records of a value test on `field`, run within `budget` and remembered in `cache`
/// under `key` (only once the scan is complete).
pub(super) fn values_selected<B: Budget>(
    dataset: &Dataset,
    cache: &SelectionCache,
    field: usize,
    key: &str,
    test: &ValueTest,
    budget: &B,
) -> Result<Arc<[u32]>, B::Exceeded> {
    let records = test.records(&dataset.fields()[field], budget)?;
    Ok(cache.insert((field, key.to_owned()), records))
}

/// The records of a search, run within `budget` and remembered in `cache` under `key`
/// (only once the search is complete).
pub(super) fn search_selected<B: Budget>(
    dataset: &Dataset,
    cache: &SelectionCache,
    key: &str,
    terms: &[SearchTerm],
    budget: &B,
) -> Result<Arc<[u32]>, B::Exceeded> {
    let records = search(dataset, terms, budget)?;
    Ok(cache.insert((ANY_FIELD, key.to_owned()), records))
}

impl Node {
    /// The matching records; `Selection::Everything` stands for all of them.
    pub(super) fn eval<'d>(&self, dataset: &'d Dataset, cache: &SelectionCache) -> Selection<'d> {
        match self {
            Node::All(parts) => {
                let (negatives, positives): (Vec<&Node>, Vec<&Node>) =
                    parts.iter().partition(|p| matches!(p, Node::Not(_)));
                let mut sets: Vec<Selection<'d>> =
                    positives.iter().map(|p| p.eval(dataset, cache)).collect();
                sets.sort_by_key(|s| s.len(dataset.len()));
                let mut current = sets
                    .into_iter()
                    .reduce(|a, b| intersect(a, &b))
                    .unwrap_or(Selection::Everything);
                for negative in negatives {
                    if let Node::Not(inner) = negative {
                        if current.is_empty() {
                            break;
                        }
                        current = difference(current, &inner.eval(dataset, cache), dataset.len());
                    }
                }
                current
            }
            Node::Any(parts) => parts
                .iter()
                .map(|p| p.eval(dataset, cache))
                .reduce(|a, b| union(a, &b))
                .unwrap_or_else(|| Selection::Owned(Vec::new())),
            Node::Not(inner) => difference(
                Selection::Everything,
                &inner.eval(dataset, cache),
                dataset.len(),
            ),
            Node::Tokens { field, tokens } => {
                let field = &dataset.fields()[*field];
                tokens
                    .iter()
                    .map(|t| Selection::Borrowed(field.posting(t)))
                    .reduce(|a, b| union(a, &b))
                    .unwrap_or_else(|| Selection::Owned(Vec::new()))
            }
            Node::Values { field, key, test } => {
                let Ok(records) = values_selected(dataset, cache, *field, key, test, &Unlimited);
                Selection::Shared(records)
            }
            Node::Search { key, terms } => {
                let Ok(records) = search_selected(dataset, cache, key, terms, &Unlimited);
                Selection::Shared(records)
            }
            Node::Selected(records) => Selection::Shared(Arc::clone(records)),
        }
    }

    /// The plain per-record test: the same tests, without postings, sets or the cache.
    pub(super) fn matches(&self, dataset: &Dataset, record: u32) -> bool {
        match self {
            Node::All(parts) => parts.iter().all(|p| p.matches(dataset, record)),
            Node::Any(parts) => parts.iter().any(|p| p.matches(dataset, record)),
            Node::Not(inner) => !inner.matches(dataset, record),
            Node::Tokens {
                field,
                tokens: wanted,
            } => {
                let field = &dataset.fields()[*field];
                field.value_of(record).is_some_and(|v| {
                    !v.is_null() && field.tokens(v.text).iter().any(|t| wanted.contains(t))
                })
            }
            Node::Values { field, test, .. } => {
                let field = &dataset.fields()[*field];
                field
                    .value_id(record)
                    .is_some_and(|v| test.passes(field, v))
            }
            Node::Search { terms, .. } => terms.iter().all(|term| {
                dataset
                    .fields()
                    .iter()
                    .any(|field| field.value_of(record).is_some_and(|v| term.found_in(v)))
            }),
            Node::Selected(records) => records.binary_search(&record).is_ok(),
        }
    }
}

/// The records whose value number has a `true` in `hits`, ascending.
fn records_with(field: &Field, hits: &[bool]) -> Vec<u32> {
    if !hits.contains(&true) {
        return Vec::new();
    }
    field
        .present()
        .filter(|&(_, v)| hits.get(v as usize).copied().unwrap_or(false))
        .map(|(r, _)| r)
        .collect()
}
