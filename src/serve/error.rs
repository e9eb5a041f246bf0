//! The serve layer's errors: request errors (every failure a client can cause becomes a JSON
//! body `{"error": "..."}` with the right status code), start-up errors, and `jobsctl serve`'s.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

use crate::dataset::LoadError;
use crate::filter::QueryError;
use crate::workbook::WorkbookError;

/// A request that could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The query does not fit the query contract.
    #[error("{0}")]
    Query(#[from] QueryError),
    /// The query string is not valid percent-encoded UTF-8.
    #[error("the query string is not valid: {0}; percent-encode it as UTF-8 (%XX)")]
    Encoding(String),
    /// The query string is longer than the limit.
    #[error(
        "the query string has {length} bytes; the limit is {max}: use fewer or shorter filters"
    )]
    QueryTooLong {
        /// Its length.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// The request's header fields are larger in total than the server reads.
    #[error(
        "the request's headers have {bytes} bytes in total; the limit is {max}: send fewer or \
         smaller headers (large cookies are the usual cause)"
    )]
    HeadersTooLarge {
        /// Their size, each field counted as `Name: value` and a line break.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// A workbook was asked for with more rows than a sheet holds.
    #[error(
        "the workbook would have {rows} rows below its header; a sheet holds at most {max} \
         (Excel's limit): use _limit and _offset to ask for them in pages, or _format=csv for \
         all of them"
    )]
    TooManyRows {
        /// The rows asked for.
        rows: usize,
        /// The most a sheet holds below its header.
        max: usize,
    },
    /// A workbook was asked for with more cells than this server builds.
    #[error(
        "the workbook would have {rows} rows of {columns} columns, more than the {max} cells \
         this server builds a workbook with (--max-workbook-cells): use _limit and _offset to \
         ask for them in pages, _fields for fewer columns, or _format=csv for all of them"
    )]
    TooManyCells {
        /// The rows asked for.
        rows: usize,
        /// The columns of each row.
        columns: usize,
        /// The most cells a workbook may have.
        max: usize,
    },
    /// An answer would be larger than the server builds one.
    #[error(
        "the answer would have about {} MB, more than the {} MB this server builds one with: \
         ask for fewer values (_limit) or fewer fields (_field), or narrow the records with \
         filters", bytes.div_ceil(1 << 20), max >> 20
    )]
    AnswerTooLarge {
        /// Its size, estimated from above.
        bytes: usize,
        /// The most bytes an answer may have.
        max: usize,
    },
    /// The workbook could not be built (a bug).
    #[error("{0}")]
    Workbook(#[from] WorkbookError),
    /// A handler failed unexpectedly (a bug); the server keeps serving.
    #[error("internal error while answering {what}; this is a bug in jobsctl, please report it")]
    Internal {
        /// The request.
        what: String,
    },
    /// Filters were sent to `/data/all`.
    #[error("/data/all takes no filters; use /data?<Field>=<value> to filter")]
    FiltersOnAll,
    /// No route has this path.
    #[error(
        "no route {path}; see GET /api or /openapi.json for the routes, e.g. /data?Location=Seattle"
    )]
    NotFound {
        /// The path asked for.
        path: String,
    },
    /// Too much heavy work is waiting already.
    #[error(
        "the server is busy with expensive queries; try again in a second (Retry-After), or \
         ask with exact values (Field:eq=…, _match=token), which are answered at once"
    )]
    Busy,
    /// As many big answers as allowed are being sent already.
    #[error(
        "the server is sending as many large answers as it allows at once (serve \
         --max-streams); try again in a second (Retry-After), or ask for a page at a time \
         (_limit and _offset, or _page)"
    )]
    TooManyStreams,
    /// A request sent a body, which no route reads.
    #[error(
        "a {method} request takes no body, and this one sent one; send the query in the URL \
         (?Field=value) and no body"
    )]
    BodyNotTaken {
        /// The method used.
        method: String,
    },
    /// The route exists but not for this method.
    #[error("method {method} is not allowed on {path}; use GET")]
    MethodNotAllowed {
        /// The method used.
        method: String,
        /// The path asked for.
        path: String,
    },
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Query(_)
            | ApiError::Encoding(_)
            | ApiError::FiltersOnAll
            | ApiError::TooManyRows { .. }
            | ApiError::TooManyCells { .. }
            | ApiError::AnswerTooLarge { .. } => StatusCode::BAD_REQUEST,
            ApiError::QueryTooLong { .. } => StatusCode::URI_TOO_LONG,
            ApiError::HeadersTooLarge { .. } => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ApiError::BodyNotTaken { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal { .. } | ApiError::Workbook(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Busy | ApiError::TooManyStreams => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let body = serde_json::json!({ "error": self.to_string() }).to_string();
        let mut response = HttpResponse::build(self.status_code());
        match self {
            ApiError::MethodNotAllowed { .. } => {
                response.insert_header((header::ALLOW, "GET, HEAD, OPTIONS"));
            }
            ApiError::Busy | ApiError::TooManyStreams => {
                response.insert_header((header::RETRY_AFTER, "1"));
            }
            _ => {}
        }
        response.content_type("application/json").body(body)
    }
}

/// The server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}; pick another --port (0 picks a free one)")]
    Bind {
        /// The address.
        addr: std::net::SocketAddr,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The server's thread could not start.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// `jobsctl serve` failed.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The data could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The server could not start.
    #[error(transparent)]
    Start(#[from] StartError),
    /// The port file could not be written.
    #[error(
        "cannot write the port file {path}: {source}; check that its directory exists and is \
         writable"
    )]
    PortFile {
        /// The file.
        path: std::path::PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("the server stopped with an error: {0}")]
    Io(std::io::Error),
}
