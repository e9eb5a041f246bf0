//! What one request asks of the server, read once: the data snapshot it is answered from,
//! its query string decoded into pairs, and the format its `Accept` header names. The
//! [`pin`] middleware takes it before anything else looks at the request and keeps it in the
//! request's extensions, so the `ETag`, a `304` and the handler all read the same snapshot:
//! a `--watch` reload in between cannot send new bytes under an old tag.

use std::future::{Ready, ready};
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use super::error::ApiError;
use super::state::{Snapshot, State};
use super::xlsx;
use crate::filter::{Format, MAX_QUERY_BYTES};

/// One request's snapshot, query pairs and accepted format, read once.
#[derive(Debug, Clone)]
pub struct Asked {
    snapshot: Arc<Snapshot>,
    pairs: Result<Arc<[(String, String)]>, Refused>,
    accepted: Option<Format>,
}

/// Why a query string could not be decoded (kept to answer with the same error each time).
#[derive(Debug, Clone)]
enum Refused {
    TooLong(usize),
    Encoding(String),
}

impl Asked {
    /// Reads a request made now: `state`'s current snapshot, `query` decoded, and `headers`'
    /// `Accept`.
    pub(super) fn now(state: &State, query: &str, headers: &HeaderMap) -> Asked {
        let pairs = if query.len() > MAX_QUERY_BYTES {
            Err(Refused::TooLong(query.len()))
        } else {
            decode_query(query).map(Arc::from).map_err(|e| match e {
                ApiError::Encoding(reason) => Refused::Encoding(reason),
                other => Refused::Encoding(other.to_string()),
            })
        };
        Asked {
            snapshot: state.current(),
            pairs,
            accepted: accepted_format(headers),
        }
    }

    /// The snapshot the request is answered from.
    pub fn snapshot(&self) -> &Arc<Snapshot> {
        &self.snapshot
    }

    /// The query's pairs, percent-decoded, or why they could not be.
    pub fn pairs(&self) -> Result<&[(String, String)], ApiError> {
        match &self.pairs {
            Ok(pairs) => Ok(pairs),
            Err(Refused::TooLong(length)) => Err(ApiError::QueryTooLong {
                length: *length,
                max: MAX_QUERY_BYTES,
            }),
            Err(Refused::Encoding(reason)) => Err(ApiError::Encoding(reason.clone())),
        }
    }

    /// The format the `Accept` header asks for, if it names one.
    pub fn accepted(&self) -> Option<Format> {
        self.accepted
    }
}

/// Splits and decodes an `application/x-www-form-urlencoded` query string strictly: a bad
/// `%` escape or bytes that are not UTF-8 are errors, not replacement characters.
pub fn decode_query(query: &str) -> Result<Vec<(String, String)>, ApiError> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode_component(name)?, decode_component(value)?))
        })
        .collect()
}

pub(super) fn decode_component(text: &str) -> Result<String, ApiError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(byte) = hex else {
                    let bad: String = text[i..].chars().take(3).collect();
                    return Err(ApiError::Encoding(format!(
                        "{bad:?} is not a percent escape (% must be followed by two hex digits)"
                    )));
                };
                out.push(byte);
                i += 2;
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out)
        .map_err(|_| ApiError::Encoding(format!("{text:?} does not decode to UTF-8 text")))
}

/// The format an `Accept` header names, if any.
fn accepted_format(headers: &HeaderMap) -> Option<Format> {
    let accept = headers.get(header::ACCEPT)?.to_str().ok()?;
    if accept.contains("application/x-ndjson") {
        Some(Format::Ndjson)
    } else if accept.contains("text/csv") {
        Some(Format::Csv)
    } else if accept.contains(xlsx::CONTENT_TYPE) {
        Some(Format::Xlsx)
    } else {
        None
    }
}

/// Takes the request's [`Asked`] once, before the caching middleware and the handler.
pub(super) async fn pin(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(state) = req.app_data::<web::Data<State>>() {
        let asked = Asked::now(state, req.query_string(), req.headers());
        req.extensions_mut().insert(asked);
    }
    next.call(req).await
}

impl FromRequest for Asked {
    type Error = ApiError;
    type Future = Ready<Result<Asked, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if let Some(asked) = req.extensions().get::<Asked>() {
            return ready(Ok(asked.clone()));
        }
        // Mounted without `pin` (a test's own App): read it now.
        ready(
            req.app_data::<web::Data<State>>()
                .map(|state| Asked::now(state, req.query_string(), req.headers()))
                .ok_or_else(|| ApiError::Internal {
                    what: format!("{} {} (no server state)", req.method(), req.path()),
                }),
        )
    }
}
