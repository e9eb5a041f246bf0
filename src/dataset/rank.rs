//! The sort order of a field's distinct values, ranked once per field rather than on every
//! request: numbers as numbers before text, text by its bytes, `null` unranked (it sorts
//! with the records that lack the field).

use std::cmp::Ordering;

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
    let mut rank = vec![UNRANKED; values.len()];
    for (position, &value) in order.iter().enumerate() {
        if values.get(value as usize).is_some_and(|v| !v.is_null()) {
            rank[value as usize] = position as u32;
        }
    }
    rank
}
