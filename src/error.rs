//! Typed errors of the library: loading data, parsing queries, serving and collecting.
//!
//! Every message says what went wrong, where, and what to do about it; the binary prints
//! it once on stderr and exits non-zero.

use std::path::PathBuf;

/// A data file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be opened or read.
    #[error("cannot read data file {path}: {source}; check the path given to --data")]
    Io {
        /// The file that was asked for.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The path names a directory.
    #[error("cannot read data file {path}: it is a directory; give the path of a JSON file")]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The file holds no bytes at all.
    #[error("data file {path} is empty; expected a JSON array of records such as [{{\"Id\": 1}}]")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The text is not valid JSON, or not an array of flat records.
    #[error("data file {path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line and column where it was found.
        message: String,
    },
}

/// A query's parameters do not fit the query contract.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A parameter names no field of the data set.
    #[error("unknown field {name:?}{suggestion}; known fields: {known}")]
    UnknownField {
        /// The name as given.
        name: String,
        /// ", did you mean \"X\"?" or empty.
        suggestion: String,
        /// The data set's fields, comma-separated.
        known: String,
    },
    /// A parameter starting with `_` that is not an option.
    #[error("unknown option {name:?}; known options: {known}")]
    UnknownOption {
        /// The name as given.
        name: String,
        /// The known options, comma-separated.
        known: String,
    },
    /// An option's value is not one it accepts.
    #[error("invalid value {value:?} for option {name}: {expected}")]
    InvalidOption {
        /// The option.
        name: String,
        /// The value as given.
        value: String,
        /// What would be accepted.
        expected: String,
    },
    /// An option given twice.
    #[error("option {name} is given more than once; give it once")]
    RepeatedOption {
        /// The option.
        name: String,
    },
    /// A required option is missing.
    #[error("option {name} is required here, e.g. {example}")]
    MissingOption {
        /// The option.
        name: String,
        /// A working example.
        example: String,
    },
    /// An option that the route does not take.
    #[error("option {name} does not apply to {route}")]
    OptionNotApplicable {
        /// The option.
        name: String,
        /// The route it was sent to.
        route: String,
    },
    /// A regex-mode value that compiles to a program over the size limit.
    #[error(
        "pattern for {field:?} is too large ({reason}); simplify it, or use _match=substring \
         or _match=token for literal values"
    )]
    PatternTooLarge {
        /// The field the pattern was for.
        field: String,
        /// Why it was refused.
        reason: String,
    },
    /// More filters than the contract allows.
    #[error("too many filters ({count}); at most {max} filters may be combined in one query")]
    TooManyFilters {
        /// How many were given.
        count: usize,
        /// The limit.
        max: usize,
    },
}

/// A collect run failed.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// The data for the in-process server could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The in-process server could not start.
    #[error(transparent)]
    Start(#[from] crate::serve::StartError),
    /// `--url` is not a usable URL.
    #[error("--url {url:?} is not a valid URL ({reason}); give one like http://127.0.0.1:5000")]
    BadUrl {
        /// The URL given.
        url: String,
        /// Why it is refused.
        reason: String,
    },
    /// The server could not be reached, or kept failing, after every retry.
    #[error(
        "request to {url} failed after {attempts} attempt(s): {last}; is the server running? \
         Start one with `jobsctl serve`, or leave out --url to use an in-process server"
    )]
    GaveUp {
        /// The request's URL.
        url: String,
        /// How many attempts were made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// The server refused a request (4xx).
    #[error("{url} answered HTTP {status}: {message}")]
    Http {
        /// The request's URL.
        url: String,
        /// The status code.
        status: u16,
        /// The server's error message.
        message: String,
    },
    /// The server answered something that is not what a jobs API sends.
    #[error("{url} did not answer like a jobs API: {reason}")]
    BadResponse {
        /// The request's URL.
        url: String,
        /// What was wrong.
        reason: String,
    },
    /// The workbook could not be written.
    #[error(transparent)]
    Workbook(#[from] crate::collect::workbook::WorkbookError),
    /// A query was not answered (after another failed).
    #[error("not every count could be collected; run again")]
    Incomplete,
    /// Standard output could not be written (e.g. a closed pipe).
    #[error("cannot write the results to standard output: {0}")]
    Stdout(String),
}
