//! The sort order of a field's distinct values, ranked once per field rather than on every
//! request: numbers as numbers before text, text by its bytes, `null` unranked (it sorts
//! with the records that lack the field).

use std::cmp::Ordering;

use super::span::Span;
use super::value::Values;

/// The sort rank of a value that sorts with the missing ones (`null`).
pub const UNRANKED: u32 = u32::MAX;

/// Each value's rank: its place when the values are sorted (stably, so values that compare
/// equal, as `1` and `1.0`, keep their first-seen order), or [`UNRANKED`] for `null`.
pub(super) fn rank_values(values: &Values) -> Vec<u32> {
    let mut order: Vec<u32> = (0..values.len() as u32).collect();
    order.sort_by(
        |&a, &b| match (values.get(a as usize), values.get(b as usize)) {
            (Some(a), Some(b)) => match (a.number, b.number) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => a.text.cmp(b.text),
            },
            _ => Ordering::Equal,
        },
    );
    ranks_in(values, &order)
}

/// Each value's rank for a field read as ranges: by the range's lower end, then its upper.
/// A value that reads as no range (`Competitive`) is [`UNRANKED`], as `null` is: it sorts
/// with the missing, last in either direction. Values that read as the same range
/// (`105K a year`, `$105k/year`) share a rank, so their records keep their file order.
pub(super) fn rank_spans(values: &Values, span_of: impl Fn(u32) -> Option<Span>) -> Vec<u32> {
    let spans: Vec<Option<Span>> = (0..values.len() as u32).map(span_of).collect();
    let compare = |a: u32, b: u32| match (spans[a as usize], spans[b as usize]) {
        (Some(x), Some(y)) => x
            .lower
            .total_cmp(&y.lower)
            .then(x.upper.total_cmp(&y.upper)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => values.text(a as usize).cmp(values.text(b as usize)),
    };
    let mut order: Vec<u32> = (0..values.len() as u32).collect();
    order.sort_by(|&a, &b| compare(a, b));
    let mut rank = ranks_in(values, &order);
    for (value, span) in spans.iter().enumerate() {
        if span.is_none() {
            rank[value] = UNRANKED;
        }
    }
    for pair in order.windows(2) {
        let (first, next) = (pair[0] as usize, pair[1] as usize);
        if spans[next].is_some() && compare(pair[0], pair[1]) == Ordering::Equal {
            rank[next] = rank[first];
        }
    }
    rank
}

/// The ranks of values sorted into `order`, `null` [`UNRANKED`].
fn ranks_in(values: &Values, order: &[u32]) -> Vec<u32> {
    let mut rank = vec![UNRANKED; values.len()];
    for (position, &value) in order.iter().enumerate() {
        if values.get(value as usize).is_some_and(|v| !v.is_null()) {
            rank[value as usize] = position as u32;
        }
    }
    rank
}
