//! What the page says when no posting matches: each filter value that no posting has, with
//! the closest value of its field as a link (the shared [`crate::filter::closest`], the
//! same notion of "close" as collect's warnings and the API's unknown-field errors).

use super::url::{Href, Pairs};
use crate::dataset::Dataset;
use crate::filter::{MAX_FACET_VALUES, closest, facet_of_all};

/// A filter value that no posting has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    /// The field filtered on.
    pub field: String,
    /// The value asked for.
    pub value: String,
    /// The field's closest value, and the page with it in place of `value`.
    pub suggestion: Option<(String, Href)>,
}

/// The plain `Field=value` filters of `pairs` whose value is no value (no item, for a
/// list field) of its field in any posting, compared trimmed and in any case, among the
/// field's [`MAX_FACET_VALUES`] most common.
pub fn unmatched(pairs: &Pairs, dataset: &Dataset) -> Vec<Unmatched> {
    pairs
        .iter()
        .enumerate()
        .filter_map(|(i, (name, value))| {
            let index = dataset.field_index(name)?;
            let values = facet_of_all(dataset, index, Some(MAX_FACET_VALUES));
            let wanted = value.trim().to_lowercase();
            if values
                .iter()
                .any(|v| v.value.trim().to_lowercase() == wanted)
            {
                return None;
            }
            let suggestion = closest(value, values.iter().map(|v| v.value.as_str()))
                .map(|s| (s.to_owned(), pairs.without_index(i).with(name, s).page()));
            Some(Unmatched {
                field: name.to_owned(),
                value: value.to_owned(),
                suggestion,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_no_posting_with_the_closest() {
        let dataset = Dataset::from_json(
            br#"[{"Location": "Seattle", "Key Skills": "Python|Go"},
                 {"Location": "Austin", "Key Skills": "Java"}]"#,
        )
        .unwrap();
        let pairs = |p: &[(&str, &str)]| {
            Pairs::new(
                p.iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                    .collect(),
            )
        };
        let found = unmatched(
            &pairs(&[
                ("Location", "Seatle"),
                ("Key Skills", "python"),
                ("Key Skills", "Cobol"),
                ("_sort", "Id"),
            ]),
            &dataset,
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].field, "Location");
        let (value, href) = found[0].suggestion.clone().unwrap();
        assert_eq!(value, "Seattle");
        assert!(
            href.as_str().contains("Location=Seattle"),
            "{}",
            href.as_str()
        );
        assert!(!href.as_str().contains("Seatle"), "{}", href.as_str());
        assert_eq!(
            (found[1].value.as_str(), &found[1].suggestion),
            ("Cobol", &None)
        );
    }
}
