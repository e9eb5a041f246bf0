//! Why a data set could not be loaded. Every message names the file and says what to do.

use std::fmt;
use std::path::{Path, PathBuf};

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
    #[error(
        "cannot read data file {path}: it is a directory; give the path of a JSON, NDJSON or \
         CSV file"
    )]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The path names something other than a regular file (a FIFO, a socket, a device).
    #[error(
        "cannot read data file {path}: it is a {kind}, not a regular file; give the path of a \
         JSON, NDJSON or CSV file"
    )]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is instead.
        kind: &'static str,
    },
    /// The file is larger than the limit.
    #[error(
        "data file {path} has {size} bytes, more than the limit of {max}; raise it with \
         --max-data-size if this file is meant to be read"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// The file holds no bytes at all.
    #[error(
        "data file {path} is empty; expected a JSON array of records such as [{{\"Id\": 1}}], \
         NDJSON (one record a line) or CSV (a header row of field names)"
    )]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// `--list`, `--no-list` or `--role` names a field the data does not have: a usage error.
    #[error("data file {path}: {message}")]
    NoSuchField {
        /// The file.
        path: PathBuf,
        /// Which option named which field, and the fields there are.
        message: String,
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

impl LoadError {
    /// Whether the command line was at fault (an option naming a field the data lacks):
    /// exit code 2 rather than 1.
    pub fn is_usage(&self) -> bool {
        matches!(self, LoadError::NoSuchField { .. })
    }
}

/// A data set could not be parsed from bytes; [`ParseError::at`] names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// No bytes but white space.
    Empty,
    /// Not valid JSON, or not an array of flat records.
    Invalid(String),
}

impl ParseError {
    /// Attaches the file's path.
    pub fn at(self, path: &Path) -> LoadError {
        let path = path.to_path_buf();
        match self {
            ParseError::Empty => LoadError::Empty { path },
            ParseError::Invalid(message) => LoadError::Invalid { path, message },
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => f.write_str("the data is empty; expected a JSON array of records"),
            ParseError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ParseError {}
