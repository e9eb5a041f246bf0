//! Field names in a query: the field a name means, or an error that suggests the closest.

use super::error::QueryError;
use crate::dataset::Dataset;

/// The number of the field called `name`, or an error that names the closest field.
pub(super) fn field_named(name: &str, dataset: &Dataset) -> Result<usize, QueryError> {
    dataset
        .field_index(name)
        .ok_or_else(|| unknown_field(name, dataset))
}

/// The error for a name that is not a field, with the closest field as a suggestion.
pub(super) fn unknown_field(name: &str, dataset: &Dataset) -> QueryError {
    let closest = super::closest(name, dataset.fields().iter().map(|f| f.name.as_str()));
    QueryError::UnknownField {
        name: name.into(),
        suggestion: closest
            .map(|f| format!(", did you mean {f:?}?"))
            .unwrap_or_default(),
        known: dataset
            .fields()
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}
