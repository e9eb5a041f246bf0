//! The query contract shared by `serve` and `collect`: parses name/value pairs into a
//! [`Query`], compiles it into a [`Filter`] against a data set and its [`SelectionCache`],
//! selects or counts the matching records, sorts them, and counts facets.
//!
//! Every parameter named after a field of the data set is a filter, and all filters must
//! match. Parameters starting with `_` are options. Anything else is an error that names the
//! closest field. This layer is pure: no HTTP, no command line, no terminal.

mod cache;
mod closest;
mod deadline;
mod error;
mod expr;
mod facet;
mod fields;
mod node;
mod option;
mod option_values;
mod pattern;
mod query;
mod relevance;
mod search;
mod select;
mod sets;
mod sort;
mod where_json;

pub use cache::SelectionCache;
pub use closest::closest;
pub use deadline::{DEFAULT_QUERY_TIME_LIMIT, Deadline};
pub use error::QueryError;
pub use expr::{Comparison, Expr, Operator, Test, search_terms, split_list};
pub use facet::{
    Counted, FacetValue, count as count_facet, count_all as count_facet_of_all, facet, facet_of_all,
};
pub use option::QueryOption;
pub use query::{Condition, DEFAULT_PER_PAGE, Format, MatchMode, Options, Query, Sort};
pub use relevance::PART_OF_A_WORD;
pub use select::Filter;
pub use sort::{order, sort};
pub use where_json::{MAX_WHERE_BYTES, MAX_WHERE_DEPTH, MAX_WHERE_LEAVES, parse_where};

/// The most bytes a regex-mode pattern may have.
pub const MAX_PATTERN_BYTES: usize = 8 * 1024;
/// The most memory, in bytes, one compiled pattern may use.
pub const MAX_COMPILED_PATTERN_BYTES: usize = 2 * 1024 * 1024;
/// The most bytes a query string may have.
pub const MAX_QUERY_BYTES: usize = 8 * 1024;
/// The most filters one query may combine.
pub const MAX_FILTERS: usize = 64;
/// The most fields one request may count values of (`_field`).
pub const MAX_FACETS: usize = 16;
/// How many values a facet lists when `_limit` does not say (Datasette's
/// `default_facet_size` is 30; jobsctl's facets are cheaper to read whole).
pub const DEFAULT_FACET_VALUES: usize = 100;
/// The most values a facet may list (`_limit`): with [`MAX_FACETS`], this bounds a facets
/// answer before it is built.
pub const MAX_FACET_VALUES: usize = 10_000;
