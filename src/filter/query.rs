//! Parsing a query: name/value pairs (already percent-decoded) become filters on fields and
//! `_`-options, checked against the data set's fields.

use std::fmt;
use std::str::FromStr;

use super::MAX_FILTERS;
use super::error::QueryError;
use crate::dataset::Dataset;

/// How a filter value is compared with a field's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MatchMode {
    /// The lab's semantics: a case-sensitive regular expression searched anywhere in the
    /// text; values that Python would not accept as a pattern (`C++`) match literally.
    #[default]
    Regex,
    /// Whole-item equality, case-insensitive and trimmed; `Key Skills` is split on `|`.
    Token,
    /// A case-insensitive literal substring (surrounding white space trimmed, as in token
    /// mode, so a token match is always a substring match).
    Substring,
}

impl MatchMode {
    /// Every mode, in documentation order.
    pub const ALL: [MatchMode; 3] = [MatchMode::Regex, MatchMode::Token, MatchMode::Substring];

    /// The mode's name, as given to `_match`.
    pub fn name(self) -> &'static str {
        match self {
            MatchMode::Regex => "regex",
            MatchMode::Token => "token",
            MatchMode::Substring => "substring",
        }
    }
}

impl fmt::Display for MatchMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for MatchMode {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Self, QueryError> {
        MatchMode::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| QueryError::InvalidOption {
                name: "_match".into(),
                value: s.into(),
                expected: "use regex (the default), token or substring".into(),
            })
    }
}

/// A response format, chosen with `_format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A JSON array (the default).
    Json,
    /// One JSON object per line.
    Ndjson,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// An Excel workbook: one sheet with a header row.
    Xlsx,
}

impl FromStr for Format {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Self, QueryError> {
        match s {
            "json" => Ok(Format::Json),
            "ndjson" => Ok(Format::Ndjson),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(QueryError::InvalidOption {
                name: "_format".into(),
                value: s.into(),
                expected: "use json, ndjson or csv (or xlsx for a workbook)".into(),
            }),
        }
    }
}

/// A sort order, chosen with `_sort=Field` or `_sort=-Field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The field number to sort by.
    pub field: usize,
    /// Whether the order is descending.
    pub descending: bool,
}

/// One filter: a field and the value it must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The field number in the data set.
    pub field: usize,
    /// The value, as given.
    pub value: String,
}

/// The options of a query (parameters starting with `_`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `_match`: how values are compared.
    pub mode: MatchMode,
    /// `_limit`: the most records (or facet values) to return.
    pub limit: Option<usize>,
    /// `_offset`: how many matching records to skip.
    pub offset: Option<usize>,
    /// `_fields`: which fields to return, in order.
    pub fields: Option<Vec<usize>>,
    /// `_sort`: the sort order.
    pub sort: Option<Sort>,
    /// `_format`: the response format.
    pub format: Option<Format>,
    /// `_field`: the field to count values of (facets).
    pub facet: Option<usize>,
}

/// The names of every option, as they appear in a query.
pub const OPTION_NAMES: [&str; 7] = [
    "_match", "_limit", "_offset", "_fields", "_sort", "_format", "_field",
];

impl Options {
    /// The option names this query sets.
    pub fn given(&self) -> Vec<&'static str> {
        let set = [
            self.mode != MatchMode::default(),
            self.limit.is_some(),
            self.offset.is_some(),
            self.fields.is_some(),
            self.sort.is_some(),
            self.format.is_some(),
            self.facet.is_some(),
        ];
        OPTION_NAMES
            .into_iter()
            .zip(set)
            .filter_map(|(name, set)| set.then_some(name))
            .collect()
    }
}

/// A parsed query: filters to AND together, and options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// The filters, in the order given.
    pub conditions: Vec<Condition>,
    /// The options.
    pub options: Options,
}

impl Query {
    /// Parses name/value pairs (already percent-decoded) against a data set's fields.
    pub fn parse<'a, I>(pairs: I, dataset: &Dataset) -> Result<Query, QueryError>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut query = Query::default();
        let mut seen: Vec<&str> = Vec::new();
        for (name, value) in pairs {
            if let Some(field) = dataset.field_index(name) {
                query.conditions.push(Condition {
                    field,
                    value: value.to_owned(),
                });
                continue;
            }
            if !name.starts_with('_') {
                return Err(unknown_field(name, dataset));
            }
            if seen.contains(&name) {
                return Err(QueryError::RepeatedOption { name: name.into() });
            }
            let o = &mut query.options;
            match name {
                "_match" => o.mode = value.parse()?,
                "_limit" => o.limit = Some(count_option(name, value)?),
                "_offset" => o.offset = Some(count_option(name, value)?),
                "_format" => o.format = Some(value.parse()?),
                "_field" => o.facet = Some(field_named(value, dataset)?),
                "_fields" => {
                    let fields = value
                        .split(',')
                        .map(|f| field_named(f.trim(), dataset))
                        .collect::<Result<Vec<_>, _>>()?;
                    o.fields = Some(fields);
                }
                "_sort" => {
                    let (descending, field) = match value.strip_prefix('-') {
                        Some(rest) => (true, rest),
                        None => (false, value),
                    };
                    let field = field_named(field, dataset)?;
                    o.sort = Some(Sort { field, descending });
                }
                _ => {
                    return Err(QueryError::UnknownOption {
                        name: name.into(),
                        known: OPTION_NAMES.join(", "),
                    });
                }
            }
            seen.push(name);
        }
        if query.conditions.len() > MAX_FILTERS {
            return Err(QueryError::TooManyFilters {
                count: query.conditions.len(),
                max: MAX_FILTERS,
            });
        }
        Ok(query)
    }
}

fn count_option(name: &str, value: &str) -> Result<usize, QueryError> {
    value.parse().map_err(|_| QueryError::InvalidOption {
        name: name.into(),
        value: value.into(),
        expected: "use a whole number, 0 or more".into(),
    })
}

fn field_named(name: &str, dataset: &Dataset) -> Result<usize, QueryError> {
    dataset
        .field_index(name)
        .ok_or_else(|| unknown_field(name, dataset))
}

/// The error for a name that is not a field, with the closest field as a suggestion.
fn unknown_field(name: &str, dataset: &Dataset) -> QueryError {
    let lower = name.to_lowercase();
    let closest = dataset
        .fields()
        .iter()
        .map(|f| (strsim::levenshtein(&lower, &f.name.to_lowercase()), &f.name))
        .min_by_key(|(distance, _)| *distance)
        .filter(|(distance, field)| *distance <= (field.chars().count() / 3).max(2));
    QueryError::UnknownField {
        name: name.into(),
        suggestion: closest
            .map(|(_, f)| format!(", did you mean {f:?}?"))
            .unwrap_or_default(),
        known: dataset
            .fields()
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}
