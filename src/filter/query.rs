//! Parsing a query: name/value pairs (already percent-decoded) become filters on fields
//! (`Field=value`, `Field:op=value`, `_where`, `_search`) and `_`-options, checked against
//! the data set's fields.

use std::fmt;
use std::str::FromStr;

use super::MAX_FILTERS;
use super::error::QueryError;
use super::expr::{Expr, Operator, search_terms, split_list};
use super::fields::{field_named, plain_field, unknown_field};
use super::option::QueryOption;
pub use super::option_values::Sort;
use super::option_values::{
    count_option, facet_field, flag_option, positive_option, projection, sort_keys,
};
use super::where_json::parse_where;
use super::{DEFAULT_FACET_VALUES, MAX_FACET_VALUES};
use crate::dataset::Dataset;

/// How a filter value is compared with a field's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MatchMode {
    /// The lab's semantics: a case-sensitive regular expression searched anywhere in the
    /// text; values that Python before 3.11 refused as a pattern (`C++`) match literally,
    /// as in the lab's numbers.
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
                expected: "use json, ndjson, csv or xlsx (a workbook)".into(),
            }),
        }
    }
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
    /// `_match`: how plain `Field=value` filters compare values.
    pub mode: MatchMode,
    /// `_limit`: the most records (or facet values) to return.
    pub limit: Option<usize>,
    /// `_offset`: how many matching records to skip.
    pub offset: Option<usize>,
    /// `_page`: which page (from 1) of `_per_page` records to return.
    pub page: Option<usize>,
    /// `_per_page`: how many records a page holds (default 10, as json-server's).
    pub per_page: Option<usize>,
    /// `_fields`: which fields to return, in order.
    pub fields: Option<Vec<usize>>,
    /// `_sort`: the sort keys, most significant first.
    pub sort: Vec<Sort>,
    /// `_format`: the response format.
    pub format: Option<Format>,
    /// `_field`: the fields to count values of (facets), in the order asked.
    pub facets: Vec<usize>,
    /// `_download`: the answer is a file to save (`Content-Disposition: attachment`), and
    /// CSV cells that a spreadsheet would run as formulas are defused.
    pub download: bool,
}

/// How many records a page holds when `_page` is given without `_per_page`.
pub const DEFAULT_PER_PAGE: usize = 10;

impl Options {
    /// The options this query sets (`_where` and `_search` are filters, not listed).
    pub fn given(&self) -> Vec<QueryOption> {
        [
            (QueryOption::Match, self.mode != MatchMode::default()),
            (QueryOption::Limit, self.limit.is_some()),
            (QueryOption::Offset, self.offset.is_some()),
            (QueryOption::Page, self.page.is_some()),
            (QueryOption::PerPage, self.per_page.is_some()),
            (QueryOption::Fields, self.fields.is_some()),
            (QueryOption::Sort, !self.sort.is_empty()),
            (QueryOption::Format, self.format.is_some()),
            (QueryOption::Field, !self.facets.is_empty()),
            (QueryOption::Download, self.download),
        ]
        .into_iter()
        .filter_map(|(option, set)| set.then_some(option))
        .collect()
    }

    /// The most values each facet lists: `_limit`, or [`DEFAULT_FACET_VALUES`].
    pub fn facet_limit(&self) -> usize {
        self.limit.unwrap_or(DEFAULT_FACET_VALUES)
    }

    /// How many records to skip and the most to return, from `_offset`/`_limit` or
    /// `_page`/`_per_page`.
    pub fn window(&self) -> (usize, Option<usize>) {
        if self.page.is_some() || self.per_page.is_some() {
            let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
            let page = self.page.unwrap_or(1);
            ((page - 1).saturating_mul(per_page), Some(per_page))
        } else {
            (self.offset.unwrap_or(0), self.limit)
        }
    }
}

/// A parsed query: filters to AND together, and options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// The plain `Field=value` filters, in the order given, compared in `_match` mode.
    pub conditions: Vec<Condition>,
    /// `Field:op=value` filters, `_where` and `_search`, in the order given.
    pub predicates: Vec<Expr>,
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
        let mut operators = 0;
        for (name, value) in pairs {
            if let Some(field) = plain_field(name, dataset)? {
                query.conditions.push(Condition {
                    field,
                    value: value.to_owned(),
                });
                continue;
            }
            if !name.starts_with('_') {
                query
                    .predicates
                    .push(operator_filter(name, value, dataset)?);
                operators += 1;
                continue;
            }
            if name != "_field" && seen.contains(&name) {
                return Err(QueryError::RepeatedOption { name: name.into() });
            }
            let o = &mut query.options;
            let Some(option) = QueryOption::named(name) else {
                return Err(QueryError::UnknownOption {
                    name: name.into(),
                    known: QueryOption::known(),
                });
            };
            match option {
                QueryOption::Match => o.mode = value.parse()?,
                QueryOption::Limit => o.limit = Some(count_option(name, value)?),
                QueryOption::Offset => o.offset = Some(count_option(name, value)?),
                QueryOption::Page => o.page = Some(positive_option(name, value)?),
                QueryOption::PerPage => o.per_page = Some(count_option(name, value)?),
                QueryOption::Format => o.format = Some(value.parse()?),
                QueryOption::Field => o.facets.push(facet_field(value, &o.facets, dataset)?),
                QueryOption::Fields => o.fields = Some(projection(value, dataset)?),
                QueryOption::Download => o.download = flag_option(name, value)?,
                QueryOption::Sort => o.sort = sort_keys(value, dataset)?,
                QueryOption::Where => query.predicates.push(parse_where(value, dataset)?),
                QueryOption::Search => query.predicates.push(Expr::Search(search_terms(value))),
            }
            seen.push(name);
        }
        let o = &query.options;
        if (o.page.is_some() || o.per_page.is_some()) && (o.limit.is_some() || o.offset.is_some()) {
            return Err(QueryError::InvalidOption {
                name: "_page".into(),
                value: "with _limit or _offset".into(),
                expected: "page with either _page and _per_page or _limit and _offset, not both"
                    .into(),
            });
        }
        if !o.facets.is_empty()
            && let Some(limit) = o.limit.filter(|&limit| limit > MAX_FACET_VALUES)
        {
            return Err(QueryError::InvalidOption {
                name: "_limit".into(),
                value: limit.to_string(),
                expected: format!(
                    "a facet lists at most {MAX_FACET_VALUES} values: ask for fewer, or narrow \
                     the records with filters"
                ),
            });
        }
        let filters = query.conditions.len() + operators;
        if filters > MAX_FILTERS {
            return Err(QueryError::TooManyFilters {
                count: filters,
                max: MAX_FILTERS,
            });
        }
        Ok(query)
    }

    /// Whether the query filters records at all.
    pub fn has_filters(&self) -> bool {
        !self.conditions.is_empty() || !self.predicates.is_empty()
    }

    /// Whether a `_search` is part of it, at any depth (`_where` included): evaluating it
    /// reads the word index.
    pub fn searches(&self) -> bool {
        self.predicates.iter().any(Expr::searches)
    }

    /// The terms of its `_search` parameters, which rank the records it selects (a search
    /// inside `_where` selects, but does not rank).
    pub fn ranked_terms(&self) -> Vec<String> {
        self.predicates
            .iter()
            .filter_map(|p| match p {
                Expr::Search(terms) => Some(terms.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// Whether putting the selected records in order reads the word index: a `_search`
    /// and no `_sort`.
    pub fn is_ranked(&self) -> bool {
        self.options.sort.is_empty()
            && self
                .predicates
                .iter()
                .any(|p| matches!(p, Expr::Search(terms) if !terms.is_empty()))
    }
}

/// `Field:op=value`, or an error that names the closest field.
fn operator_filter(name: &str, value: &str, dataset: &Dataset) -> Result<Expr, QueryError> {
    let Some((field_name, op)) = name.rsplit_once(':') else {
        return Err(unknown_field(name, dataset));
    };
    let field = field_named(field_name, dataset)?;
    let op = Operator::named(op, field_name)?;
    let values = if op.takes_list() {
        split_list(value).map_err(|reason| QueryError::InvalidOption {
            name: name.into(),
            value: value.into(),
            expected: format!(
                "a comma-separated list, with double quotes around a value that holds a comma \
                 ({reason})"
            ),
        })?
    } else {
        vec![value.to_owned()]
    };
    op.expr(field, field_name, &values)
}
