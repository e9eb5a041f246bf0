//! Why a collect run failed. Every message says what went wrong, where, and what to do.
//! Messages quote the server (its errors, the start of an answer, names in URLs), so they
//! are printed with control characters escaped ([`CollectError::printable`]).

use super::printable::printable;
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
    /// An answer was bigger than collect reads from its route.
    #[error(
        "{url} answered with more than {limit} bytes, the most collect reads from {route}; \
         {advice}"
    )]
    TooLarge {
        /// The request's URL.
        url: String,
        /// The route asked, e.g. `/data/count`.
        route: String,
        /// The most bytes read from it.
        limit: u64,
        /// What to do about it.
        advice: &'static str,
    },
    /// The server redirected to another origin, which collect does not follow.
    #[error(
        "{url} redirected to {to}, away from {from}; collect follows redirects only within \
         one scheme, host and port, so that its requests go nowhere else. If the API has \
         moved, give its new address with --url"
    )]
    Redirected {
        /// The request's URL.
        url: String,
        /// The origin asked.
        from: String,
        /// The origin it was sent to.
        to: String,
    },
    /// A count is larger than the number of records it counts from.
    #[error(
        "{url} counted {count} records, more than the {records} {said}; its counts cannot be \
         trusted. Is this a jobs API, and was its data reloaded during the run? Run again"
    )]
    Implausible {
        /// The request's URL.
        url: String,
        /// The count it answered.
        count: u64,
        /// The bound it broke.
        records: u64,
        /// Where the bound comes from, e.g. "records /health says it holds".
        said: String,
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
    /// An error of the server started in-process, said without its address (which is the
    /// process's own business, not the user's).
    #[error("{message}")]
    InProcess {
        /// The error's text, naming the data instead of the address.
        message: String,
        /// The exit code of the error it stands for.
        code: u8,
    },
}

impl CollectError {
    /// This error as the in-process server's: its address `base` is not shown, and the
    /// data `described` is named instead. Errors that do not quote the address stay as
    /// they are.
    pub fn without_address(self, base: &str, described: &str) -> CollectError {
        let text = self.to_string();
        if !text.contains(base) {
            return self;
        }
        CollectError::InProcess {
            message: format!("{described}: {}", text.replace(base, "")),
            code: self.exit_code(),
        }
    }

    /// 2 when the command line asked for something the server or data cannot do, 1 for any
    /// other failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CollectError::Refused { .. } => 2,
            CollectError::InProcess { code, .. } => *code,
            CollectError::Load(e) if e.is_usage() => 2,
            _ => 1,
        }
    }

    /// The same error with control characters in its text escaped, so that printing it
    /// cannot drive the terminal. The errors of loading data, starting the in-process
    /// server and writing the workbook hold only local text and are kept as they are.
    pub fn printable(self) -> CollectError {
        let shown = |text: String| printable(&text).into_owned();
        match self {
            CollectError::BadUrl { url, reason } => CollectError::BadUrl {
                url: shown(url),
                reason: shown(reason),
            },
            CollectError::GaveUp {
                url,
                attempts,
                last,
            } => CollectError::GaveUp {
                url: shown(url),
                attempts,
                last: shown(last),
            },
            CollectError::Http {
                url,
                status,
                message,
            } => CollectError::Http {
                url: shown(url),
                status,
                message: shown(message),
            },
            CollectError::BadResponse { url, reason } => CollectError::BadResponse {
                url: shown(url),
                reason: shown(reason),
            },
            CollectError::TooLarge {
                url,
                route,
                limit,
                advice,
            } => CollectError::TooLarge {
                url: shown(url),
                route: shown(route),
                limit,
                advice,
            },
            CollectError::Redirected { url, from, to } => CollectError::Redirected {
                url: shown(url),
                from: shown(from),
                to: shown(to),
            },
            CollectError::Implausible {
                url,
                count,
                records,
                said,
            } => CollectError::Implausible {
                url: shown(url),
                count,
                records,
                said: shown(said),
            },
            CollectError::Stdout(message) => CollectError::Stdout(shown(message)),
            CollectError::Refused { message } => CollectError::Refused {
                message: shown(message),
            },
            CollectError::InProcess { message, code } => CollectError::InProcess {
                message: shown(message),
                code,
            },
            local @ (CollectError::Load(_)
            | CollectError::Start(_)
            | CollectError::Workbook(_)
            | CollectError::Incomplete) => local,
        }
    }
}
