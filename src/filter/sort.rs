//! Sorting record numbers by a field: stable, numbers as numbers, missing values last.

use std::cmp::Ordering;

use super::query::Sort;
use crate::dataset::Dataset;

/// Sorts record numbers by a field, stably. Numbers sort as numbers and before text;
/// records without a value sort last in either direction.
pub fn sort(dataset: &Dataset, records: &mut [u32], sort: Sort) {
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
            .filter(|v| !v.is_null())
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
            sort(&d, &mut records, Sort { field, descending });
            records
        };
        assert_eq!(sorted(n, false), [1, 5, 0, 3, 2, 4]);
        assert_eq!(sorted(n, true), [3, 0, 1, 5, 2, 4]);
        assert_eq!(sorted(s, false), [1, 3, 0, 2, 4, 5]);
        assert_eq!(sorted(s, true), [5, 4, 0, 2, 1, 3]);
    }
}
