//! Sorting record numbers by a field: stable, numbers as numbers, missing values last.

use std::cmp::Ordering;

use super::query::Sort;
use crate::dataset::Dataset;

/// Sorts record numbers by one or more keys, stably. Numbers sort as numbers and before
/// text; records without a value sort last in either direction.
pub fn sort(dataset: &Dataset, records: &mut [u32], keys: &[Sort]) {
    let ranked: Vec<(Sort, Vec<Option<u32>>)> = keys
        .iter()
        .filter_map(|key| Some((*key, ranks(dataset, key.field)?)))
        .collect();
    if ranked.is_empty() {
        return;
    }
    let field_of = |key: &Sort| &dataset.fields()[key.field];
    records.sort_by(|a, b| {
        for (key, rank) in &ranked {
            let field = field_of(key);
            let rank_of = |r: u32| {
                let v = field.per_record[r as usize];
                rank.get(v as usize).copied().flatten()
            };
            let order = match (rank_of(*a), rank_of(*b)) {
                (Some(x), Some(y)) if key.descending => y.cmp(&x),
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            if order != Ordering::Equal {
                return order;
            }
        }
        Ordering::Equal
    });
}

/// The sort rank of each distinct value of field number `field` (`None` for `null`).
fn ranks(dataset: &Dataset, field: usize) -> Option<Vec<Option<u32>>> {
    let field = dataset.fields().get(field)?;
    let mut order: Vec<u32> = (0..field.values.len() as u32).collect();
    let values = &field.values;
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
    let mut rank = vec![None; field.values.len()];
    for (position, &value) in order.iter().enumerate() {
        if values.get(value as usize).is_some_and(|v| !v.is_null()) {
            rank[value as usize] = Some(position as u32);
        }
    }
    Some(rank)
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
    }
}
