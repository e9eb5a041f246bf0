//! Sorting record numbers by a field: stable, numbers as numbers, missing values last. Each
//! field's values are ranked once (see [`Field::sort_ranks`]); a sort reads each record's
//! ranks once and orders by them.

use super::query::Sort;
use crate::dataset::{Dataset, Field, UNRANKED};

/// Sorts record numbers by one or more keys, stably. Numbers sort as numbers and before
/// text; records without a value sort last in either direction.
pub fn sort(dataset: &Dataset, records: &mut [u32], keys: &[Sort]) {
    let keys: Vec<(&Field, bool)> = keys
        .iter()
        .filter_map(|key| Some((dataset.fields().get(key.field)?, key.descending)))
        .collect();
    if keys.is_empty() || records.len() < 2 {
        return;
    }
    // Each record's keys, side by side: its rank in each field, turned so that a plain
    // ascending comparison gives the order asked for, with the missing last either way.
    let width = keys.len();
    let mut keyed: Vec<u32> = Vec::with_capacity(records.len() * width);
    for &record in records.iter() {
        for &(field, descending) in &keys {
            keyed.push(sort_key(field, record, descending));
        }
    }
    let mut order: Vec<usize> = (0..records.len()).collect();
    // Stable: records with equal keys keep their order.
    order.sort_by(|&a, &b| {
        keyed[a * width..(a + 1) * width].cmp(&keyed[b * width..(b + 1) * width])
    });
    let sorted: Vec<u32> = order.iter().map(|&i| records[i]).collect();
    records.copy_from_slice(&sorted);
}

/// The key record `record` sorts by in `field`: its value's rank (turned around when
/// `descending`), or [`UNRANKED`] (last) when it has no value or a `null`.
fn sort_key(field: &Field, record: u32, descending: bool) -> u32 {
    let ranks = field.sort_ranks();
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
