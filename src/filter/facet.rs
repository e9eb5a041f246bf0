//! Facets: among matching records, how many have each distinct value of a field. List
//! items are counted once per record, grouped case-insensitively after trimming, and shown
//! under their most common spelling.

use crate::dataset::Dataset;

/// One value of a facet and how many matching records have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetValue {
    /// The value's most common spelling in the data.
    pub value: String,
    /// How many matching records have it.
    pub count: u64,
}

/// Counts the values of field number `field` over `records`, sorted by count descending,
/// then by value; at most `limit` values when given. Only the values returned are spelled
/// out: the rest are counted in a dense array and passed over by a partial sort.
pub fn facet(
    dataset: &Dataset,
    field: usize,
    records: &[u32],
    limit: Option<usize>,
) -> Vec<FacetValue> {
    if records.len() == dataset.len() {
        return facet_of_all(dataset, field, limit);
    }
    let Some(field) = dataset.fields().get(field) else {
        return Vec::new();
    };
    let mut counts = vec![0u32; field.token_count()];
    field.count_tokens(records, &mut counts);
    let mut tokens: Vec<u32> = (0..counts.len() as u32)
        .filter(|&t| counts[t as usize] > 0)
        .collect();
    let order = |a: &u32, b: &u32| {
        counts[*b as usize]
            .cmp(&counts[*a as usize])
            .then_with(|| field.token_display(*a).cmp(field.token_display(*b)))
    };
    match limit {
        Some(0) => tokens.clear(),
        Some(k) if k < tokens.len() => {
            tokens.select_nth_unstable_by(k - 1, order);
            tokens.truncate(k);
        }
        _ => {}
    }
    tokens.sort_unstable_by(order);
    tokens
        .into_iter()
        .map(|t| FacetValue {
            value: field.token_display(t).to_owned(),
            count: u64::from(counts[t as usize]),
        })
        .collect()
}

/// The facet of every record: the field's values in the order of their posting lengths,
/// sorted once per field and kept, so an unfiltered facet costs only its `limit` values.
pub fn facet_of_all(dataset: &Dataset, field: usize, limit: Option<usize>) -> Vec<FacetValue> {
    let Some(field) = dataset.fields().get(field) else {
        return Vec::new();
    };
    field
        .tokens_by_count()
        .iter()
        .take(limit.unwrap_or(usize::MAX))
        .map(|&t| FacetValue {
            value: field.token_display(t).to_owned(),
            count: field.posting_of(t).len() as u64,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facet of every record, worked out the slow way: count, then sort everything.
    fn got_all(d: &Dataset, field: usize) -> Vec<FacetValue> {
        let f = &d.fields()[field];
        let mut all: Vec<FacetValue> = (0..f.token_count() as u32)
            .map(|t| FacetValue {
                value: f.token_display(t).to_owned(),
                count: f.posting_of(t).len() as u64,
            })
            .collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        all
    }

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
        // A filtered facet with a limit returns the top values in the same order.
        let partial = facet(&d, skills, &[0, 1, 2, 3], Some(2));
        let full = facet(&d, skills, &[0, 1, 2, 3], None);
        assert_eq!(partial, full[..2]);
        assert_eq!(facet(&d, skills, &[0, 1], Some(0)), []);
        assert_eq!(facet_of_all(&d, skills, Some(2)), got_all(&d, skills)[..2]);
        let l = d.field_index("L").unwrap();
        let by_l: Vec<(String, u64)> = facet(&d, l, &[0, 1, 4], None)
            .into_iter()
            .map(|v| (v.value, v.count))
            .collect();
        assert_eq!(by_l, [("B".to_owned(), 2), ("A".to_owned(), 1)]);
    }
}
