//! Sorting record numbers by a field: stable, numbers as numbers, missing values last. Each
//! field's values are ranked once (see [`Field::sort_ranks`]); a sort reads each record's
//! ranks once and orders by them.

use super::query::{Query, Sort};
use super::relevance::rank;
use crate::dataset::{Dataset, Field, UNRANKED};

/// Puts the records `query` selected (ascending) in the order it asks for: by its `_sort`
/// keys; else, for a `_search`, best first; else as they are, in file order.
pub fn order(dataset: &Dataset, query: &Query, records: &mut [u32]) {
    if !query.options.sort.is_empty() {
        sort(dataset, records, &query.options.sort);
    } else if query.is_ranked() {
        rank(dataset, &query.ranked_terms(), records);
    }
}

/// Sorts record numbers by one or more keys, stably. Numbers sort as numbers and before
/// text; records without a value sort last in either direction.
pub fn sort(dataset: &Dataset, records: &mut [u32], keys: &[Sort]) {
    let keys: Vec<(&Field, &[u32], bool)> = keys
        .iter()
        .filter_map(|key| {
            let field = dataset.fields().get(key.field)?;
            Some((field, field.sort_ranks(), key.descending))
        })
        .collect();
    if keys.is_empty() || records.len() < 2 {
        return;
    }
    // Each record's keys, side by side: its rank in each field, turned so that a plain
    // ascending comparison gives the order asked for, with the missing last either way.
    let width = keys.len();
    let mut keyed: Vec<u32> = Vec::with_capacity(records.len() * width);
    for &record in records.iter() {
        for &(field, ranks, descending) in &keys {
            keyed.push(sort_key(field, ranks, record, descending));
        }
    }
    let keys_of = |i: u32| {
        let at = i as usize * width;
        &keyed[at..at + width]
    };
    let mut order: Vec<u32> = (0..records.len() as u32).collect();
    // Stable: records with equal keys keep their order.
    order.sort_by(|&a, &b| keys_of(a).cmp(keys_of(b)));
    let sorted: Vec<u32> = order.iter().map(|&i| records[i as usize]).collect();
    records.copy_from_slice(&sorted);
}

/// The key record `record` sorts by in `field`, whose values rank as `ranks`: its value's
/// rank (turned around when `descending`), or [`UNRANKED`] (last) when it has no value or a
/// `null`.
fn sort_key(field: &Field, ranks: &[u32], record: u32, descending: bool) -> u32 {
    match field.value_id(record).and_then(|v| ranks.get(v as usize)) {
        Some(&rank) if rank != UNRANKED && descending => UNRANKED - 1 - rank,
        Some(&rank) => rank,
        None => UNRANKED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            sort(&d, &mut records, &[Sort { field, descending }]);
            records
        };
        assert_eq!(sorted(n, false), [1, 5, 0, 3, 2, 4]);
        assert_eq!(sorted(n, true), [3, 0, 1, 5, 2, 4]);
        assert_eq!(sorted(s, false), [1, 3, 0, 2, 4, 5]);
        assert_eq!(sorted(s, true), [5, 4, 0, 2, 1, 3]);
        // Two keys: S ascending, then N descending; missing N last within equal S.
        let mut records: Vec<u32> = (0..6).collect();
        let keys = [
            Sort {
                field: s,
                descending: false,
            },
            Sort {
                field: n,
                descending: true,
            },
        ];
        sort(&d, &mut records, &keys);
        assert_eq!(records, [3, 1, 0, 2, 4, 5]);
        // Each field's values are ranked once, not on every sort.
        let field = &d.fields()[n];
        assert!(std::ptr::eq(field.sort_ranks(), field.sort_ranks()));
    }
}
