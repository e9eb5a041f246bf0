//! Field names in a query: the field a name means (`@role` names the field playing a
//! role), or an error that suggests the closest.

use super::error::QueryError;
use crate::dataset::{Dataset, Role};

/// The number of the field called `name`, or playing role `@name`, or an error that names
/// the closest field (or the roles there are).
pub(super) fn field_named(name: &str, dataset: &Dataset) -> Result<usize, QueryError> {
    // A field's own name comes first: JSON-LD postings have fields such as `@type`.
    if let Some(field) = dataset.field_index(name) {
        return Ok(field);
    }
    match name.strip_prefix('@') {
        Some(role) => role_field(role, dataset),
        None => Err(unknown_field(name, dataset)),
    }
}

/// The field a plain filter `name=value` is on: a field's name, or `@role`; `None` for any
/// other name (an operator filter, an option or an unknown field).
pub(super) fn plain_field(name: &str, dataset: &Dataset) -> Result<Option<usize>, QueryError> {
    match dataset.field_index(name) {
        Some(field) => Ok(Some(field)),
        None if name.starts_with('@') && !name.contains(':') => {
            field_named(name, dataset).map(Some)
        }
        None => Ok(None),
    }
}

/// The field playing role `role` (written without its `@`), or an error listing the roles
/// present.
fn role_field(role: &str, dataset: &Dataset) -> Result<usize, QueryError> {
    let present = dataset.roles().present();
    if let Some(field) = Role::parse(role).and_then(|r| dataset.roles().field(r)) {
        return Ok(field);
    }
    let listed: Vec<String> = present.iter().map(|r| format!("@{}", r.name())).collect();
    let known = match (Role::parse(role), listed.is_empty()) {
        (_, true) => "no field of this data plays a role; name the field itself, or declare \
                      one with --role ROLE=FIELD"
            .to_owned(),
        (Some(r), false) => format!(
            "no field of this data plays {}; the roles here are {} (GET /fields says which \
             field plays each)",
            r.name(),
            listed.join(", ")
        ),
        (None, false) => format!(
            "the roles here are {} (GET /fields says which field plays each)",
            listed.join(", ")
        ),
    };
    Err(QueryError::UnknownRole {
        name: role.to_owned(),
        known,
    })
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
