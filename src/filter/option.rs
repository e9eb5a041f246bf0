//! The query options, by name: one enum, so that the parser, the routes that take each
//! option, the explorer and the OpenAPI document name them the same way.

/// A query option: a parameter starting with `_`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryOption {
    /// `_match`: how plain `Field=value` filters compare.
    Match,
    /// `_limit`: the most records (or facet values) answered.
    Limit,
    /// `_offset`: records skipped.
    Offset,
    /// `_page`: the page, from 1.
    Page,
    /// `_per_page`: records a page.
    PerPage,
    /// `_fields`: the fields answered, in order.
    Fields,
    /// `_sort`: the sort keys.
    Sort,
    /// `_format`: json, ndjson, csv or xlsx.
    Format,
    /// `_field`: a facet's field.
    Field,
    /// `_download`: the answer is a file to save.
    Download,
    /// `_where`: a JSON filter.
    Where,
    /// `_search`: words every record must hold.
    Search,
}

impl QueryOption {
    /// Every option, in documentation order.
    pub const ALL: [QueryOption; 12] = [
        QueryOption::Match,
        QueryOption::Limit,
        QueryOption::Offset,
        QueryOption::Page,
        QueryOption::PerPage,
        QueryOption::Fields,
        QueryOption::Sort,
        QueryOption::Format,
        QueryOption::Field,
        QueryOption::Download,
        QueryOption::Where,
        QueryOption::Search,
    ];

    /// The option's name, as it appears in a query.
    pub fn name(self) -> &'static str {
        match self {
            QueryOption::Match => "_match",
            QueryOption::Limit => "_limit",
            QueryOption::Offset => "_offset",
            QueryOption::Page => "_page",
            QueryOption::PerPage => "_per_page",
            QueryOption::Fields => "_fields",
            QueryOption::Sort => "_sort",
            QueryOption::Format => "_format",
            QueryOption::Field => "_field",
            QueryOption::Download => "_download",
            QueryOption::Where => "_where",
            QueryOption::Search => "_search",
        }
    }

    /// The option called `name`, if there is one.
    pub fn named(name: &str) -> Option<QueryOption> {
        QueryOption::ALL.into_iter().find(|o| o.name() == name)
    }

    /// Every option's name, comma-separated, for messages.
    pub fn known() -> String {
        QueryOption::ALL.map(QueryOption::name).join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for option in QueryOption::ALL {
            assert_eq!(QueryOption::named(option.name()), Some(option));
            assert!(option.name().starts_with('_'));
        }
        assert_eq!(QueryOption::named("_nope"), None);
    }
}
