//! Why a collect run failed. Every message says what went wrong, where, and what to do.

use crate::dataset::LoadError;
use crate::serve::StartError;
use crate::workbook::WorkbookError;

/// A collect run failed.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// The data for the in-process server could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The in-process server could not start.
    #[error(transparent)]
    Start(#[from] StartError),
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
    Workbook(#[from] WorkbookError),
    /// A query was not answered (after another failed).
    #[error("not every count could be collected; run again")]
    Incomplete,
    /// Standard output could not be written (e.g. a closed pipe).
    #[error("cannot write the results to standard output: {0}")]
    Stdout(String),
    /// The run's own filters or names cannot be applied: the user's to fix.
    #[error("{message}")]
    Refused {
        /// What was refused, and what to write instead.
        message: String,
    },
}

impl CollectError {
    /// 2 when the command line asked for something the server or data cannot do, 1 for any
    /// other failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CollectError::Refused { .. } => 2,
            _ => 1,
        }
    }
}
