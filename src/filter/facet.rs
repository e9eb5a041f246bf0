//! Facets: among matching records, how many have each distinct value of a field. List
//! items are counted once per record, grouped case-insensitively after trimming, and shown
//! under their most common spelling.

use crate::dataset::{Dataset, Field};

/// One value of a facet and how many matching records have it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetValue {
    /// The value's most common spelling in the data.
    pub value: String,
    /// How many matching records have it.
    pub count: u64,
}

/// A facet as counted, before any value is spelled out: token numbers and their counts,
/// most common first. It knows the size of its answer before one is built, and serializes
/// straight from the data set's texts.
#[derive(Debug, Clone)]
pub struct Counted<'a> {
    field: &'a Field,
    tokens: Vec<(u32, u64)>,
    truncated: bool,
}

impl<'a> Counted<'a> {
    /// The field counted.
    pub fn field(&self) -> &'a Field {
        self.field
    }

    /// Whether more values exist than the limit let through.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// How many values it lists.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether it lists no value.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// An upper bound of the bytes its values take as JSON (`{"value":…,"count":…}`, with
    /// every byte of a value escaped at most six times over).
    pub fn json_bytes(&self) -> usize {
        self.tokens
            .iter()
            .map(|&(t, _)| {
                let text = self.field.token_display(t);
                let escaped = text.len() + text.bytes().filter(|b| needs_escape(*b)).count() * 5;
                escaped + 40
            })
            .sum()
    }

    /// The values, spelled out.
    pub fn values(&self) -> Vec<FacetValue> {
        self.tokens
            .iter()
            .map(|&(t, count)| FacetValue {
                value: self.field.token_display(t).to_owned(),
                count,
            })
            .collect()
    }
}

/// Whether JSON writes byte `b` of a string as an escape.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

impl serde::Serialize for Counted<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct Value<'v>(&'v str, u64);
        impl serde::Serialize for Value<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut value = s.serialize_struct("FacetValue", 2)?;
                value.serialize_field("value", self.0)?;
                value.serialize_field("count", &self.1)?;
                value.end()
            }
        }
        let mut seq = serializer.serialize_seq(Some(self.tokens.len()))?;
        for &(t, count) in &self.tokens {
            seq.serialize_element(&Value(self.field.token_display(t), count))?;
        }
        seq.end()
    }
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
    count(dataset, field, records, limit).map_or_else(Vec::new, |c| c.values())
}

/// The facet of every record: the field's values in the order of their posting lengths,
/// sorted once per field and kept, so an unfiltered facet costs only its `limit` values.
pub fn facet_of_all(dataset: &Dataset, field: usize, limit: Option<usize>) -> Vec<FacetValue> {
    count_all(dataset, field, limit).map_or_else(Vec::new, |c| c.values())
}

/// [`facet`], counted but not spelled out; `None` for a field that does not exist.
pub fn count<'a>(
    dataset: &'a Dataset,
    field: usize,
    records: &[u32],
    limit: Option<usize>,
) -> Option<Counted<'a>> {
    if records.len() == dataset.len() {
        return count_all(dataset, field, limit);
    }
    let field = dataset.fields().get(field)?;
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
    let mut truncated = false;
    match limit {
        Some(0) => {
            truncated = !tokens.is_empty();
            tokens.clear();
        }
        Some(k) if k < tokens.len() => {
            tokens.select_nth_unstable_by(k - 1, order);
            tokens.truncate(k);
            truncated = true;
        }
        _ => {}
    }
    tokens.sort_unstable_by(order);
    let tokens = tokens
        .into_iter()
        .map(|t| (t, u64::from(counts[t as usize])))
        .collect();
    Some(Counted {
        field,
        tokens,
        truncated,
    })
}

/// [`facet_of_all`], counted but not spelled out; `None` for a field that does not exist.
pub fn count_all(dataset: &Dataset, field: usize, limit: Option<usize>) -> Option<Counted<'_>> {
    let field = dataset.fields().get(field)?;
    let all = field.tokens_by_count();
    let limit = limit.unwrap_or(usize::MAX);
    let tokens = all
        .iter()
        .take(limit)
        .map(|&t| (t, field.posting_of(t).len() as u64))
        .collect();
    Some(Counted {
        field,
        tokens,
        truncated: all.len() > limit,
    })
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

    #[test]
    fn counted_facets_say_when_values_were_left_out_and_how_big_they_are() {
        let d = Dataset::from_json(br#"[{"L": "A\"b"}, {"L": "A\"b"}, {"L": "C"}]"#).unwrap();
        let l = d.field_index("L").unwrap();
        let all = count_all(&d, l, Some(1)).unwrap();
        assert!(all.truncated());
        assert!(!count_all(&d, l, Some(2)).unwrap().truncated());
        assert!(count(&d, l, &[0, 2], Some(1)).unwrap().truncated());
        assert!(!count(&d, l, &[0, 2], None).unwrap().truncated());
        assert!(count(&d, l, &[0, 2], Some(0)).unwrap().truncated());
        assert!(count(&d, 9, &[0], None).is_none());
        let both = count_all(&d, l, None).unwrap();
        let json = serde_json::to_string(&both).unwrap();
        assert_eq!(
            json,
            r#"[{"value":"A\"b","count":2},{"value":"C","count":1}]"#
        );
        assert!(
            both.json_bytes() >= json.len(),
            "{} < {}",
            both.json_bytes(),
            json.len()
        );
        assert_eq!(
            serde_json::to_value(&both).unwrap(),
            serde_json::to_value(both.values()).unwrap()
        );
    }
}
