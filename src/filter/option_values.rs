//! Reading the values of `_`-options: counts, flags, field lists, sort keys and facet fields,
//! each an error that says what to write instead.

use super::MAX_FACETS;
use super::error::QueryError;
use super::fields::field_named;
use crate::dataset::Dataset;

/// A sort order, chosen with `_sort=Field` or `_sort=-Field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The field number to sort by.
    pub field: usize,
    /// Whether the order is descending.
    pub descending: bool,
}

/// `_fields`: field names, comma-separated, each at most once (a repeated field would
/// multiply the answer's size without adding anything to it).
pub(super) fn projection(value: &str, dataset: &Dataset) -> Result<Vec<usize>, QueryError> {
    let mut fields: Vec<usize> = Vec::new();
    for name in value.split(',').map(str::trim) {
        let field = field_named(name, dataset)?;
        if fields.contains(&field) {
            return Err(QueryError::InvalidOption {
                name: "_fields".into(),
                value: value.into(),
                expected: format!("name each field once; {name:?} is listed more than once"),
            });
        }
        fields.push(field);
    }
    Ok(fields)
}

/// `1`/`true` or `0`/`false`.
pub(super) fn flag_option(name: &str, value: &str) -> Result<bool, QueryError> {
    match value {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(QueryError::InvalidOption {
            name: name.into(),
            value: value.into(),
            expected: "use 1 (or true) or 0 (or false)".into(),
        }),
    }
}

/// `_field`: a field to count, not already counted, within [`MAX_FACETS`] (each facet
/// costs a pass over the records and its part of the answer).
pub(super) fn facet_field(
    name: &str,
    asked: &[usize],
    dataset: &Dataset,
) -> Result<usize, QueryError> {
    let field = field_named(name, dataset)?;
    let refused = |expected: String| QueryError::InvalidOption {
        name: "_field".into(),
        value: name.into(),
        expected,
    };
    if asked.contains(&field) {
        return Err(refused(format!(
            "name each field once; {name:?} is asked for more than once"
        )));
    }
    if asked.len() >= MAX_FACETS {
        return Err(refused(format!(
            "at most {MAX_FACETS} fields may be counted in one request; ask for the others in \
             a second request"
        )));
    }
    Ok(field)
}

/// `_sort`: comma-separated keys. A later key on a field already sorted by can never change
/// the order, so it is dropped: a query never has more keys than there are fields.
pub(super) fn sort_keys(value: &str, dataset: &Dataset) -> Result<Vec<Sort>, QueryError> {
    let mut keys: Vec<Sort> = Vec::new();
    for key in value.split(',').map(str::trim) {
        let sort = sort_key(key, dataset)?;
        if !keys.iter().any(|k| k.field == sort.field) {
            keys.push(sort);
        }
    }
    Ok(keys)
}

/// `Field` or `-Field`.
pub(super) fn sort_key(key: &str, dataset: &Dataset) -> Result<Sort, QueryError> {
    let (descending, field) = match key.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, key),
    };
    Ok(Sort {
        field: field_named(field, dataset)?,
        descending,
    })
}

pub(super) fn positive_option(name: &str, value: &str) -> Result<usize, QueryError> {
    match value.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(QueryError::InvalidOption {
            name: name.into(),
            value: value.into(),
            expected: "use a whole number, 1 or more".into(),
        }),
    }
}

pub(super) fn count_option(name: &str, value: &str) -> Result<usize, QueryError> {
    value.parse().map_err(|_| QueryError::InvalidOption {
        name: name.into(),
        value: value.into(),
        expected: "use a whole number, 0 or more".into(),
    })
}
