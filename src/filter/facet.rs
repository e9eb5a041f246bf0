//! Facets: among matching records, how many have each distinct value of a field. List
//! items are counted once per record, grouped case-insensitively after trimming, and shown
//! under their most common spelling.

use crate::dataset::{Dataset, MISSING};

/// One value of a facet and how many matching records have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetValue {
    /// The value's most common spelling in the data.
    pub value: String,
    /// How many matching records have it.
    pub count: u64,
}

/// Counts the values of field number `field` over `records`, sorted by count descending,
/// then by value; at most `limit` values when given.
pub fn facet(
    dataset: &Dataset,
    field: usize,
    records: &[u32],
    limit: Option<usize>,
) -> Vec<FacetValue> {
    let Some(field) = dataset.fields().get(field) else {
        return Vec::new();
    };
    let mut counts = vec![0u64; field.token_count()];
    if records.len() == dataset.len() {
        // Every record: the postings lists already hold the answer.
        for (token, count) in counts.iter_mut().enumerate() {
            *count = field.posting_of(token as u32).len() as u64;
        }
    } else {
        for &record in records {
            let value = field.per_record[record as usize];
            if value == MISSING {
                continue;
            }
            for &token in field.tokens_of(value) {
                counts[token as usize] += 1;
            }
        }
    }
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .enumerate()
        .filter(|(_, count)| *count > 0)
        .map(|(token, count)| FacetValue {
            value: field.token_display(token as u32).to_owned(),
            count,
        })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    if let Some(limit) = limit {
        values.truncate(limit);
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_items_once_per_record_across_case_variants() {
        let d = Dataset::from_json(
            br#"[{"Key Skills": "Javascript| SQL|javascript", "L": "A"},
                 {"Key Skills": "javascript|Python", "L": "B"},
                 {"Key Skills": "JavaScript| python ", "L": "A"},
                 {"Key Skills": "Javascript", "L": "A"},
                 {"L": "B"}]"#,
        )
        .unwrap();
        let all: Vec<u32> = (0..5).collect();
        let skills = d.field_index("Key Skills").unwrap();
        let got = facet(&d, skills, &all, None);
        let want = [("Javascript", 4), ("Python", 2), ("SQL", 1)];
        let got: Vec<(&str, u64)> = got.iter().map(|v| (v.value.as_str(), v.count)).collect();
        assert_eq!(got, want);
        let some = facet(&d, skills, &[1, 2], Some(1));
        assert_eq!(
            some,
            [FacetValue {
                value: "Javascript".into(),
                count: 2
            }]
        );
        let l = d.field_index("L").unwrap();
        let by_l: Vec<(String, u64)> = facet(&d, l, &[0, 1, 4], None)
            .into_iter()
            .map(|v| (v.value, v.count))
            .collect();
        assert_eq!(by_l, [("B".to_owned(), 2), ("A".to_owned(), 1)]);
    }
}
