//! `/data/all` compressed: the whole answer in each format, compressed once per data
//! version in the coding a client accepts (gzip or brotli), held in memory and sent to
//! every client as shared slices. A client costs no compressor and no copy, however big
//! the answer; one that accepts no coding gets the plain answer as before.

use std::sync::Arc;

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, web};

use super::error::ApiError;
use super::precompressed::{Coding, Turn};
use super::render::{Chunks, shared_slices};
use super::state::{Snapshot, State};
use crate::filter::Format;

/// Every record of `current` in `format`, compressed, if the request accepts a coding:
/// `None` to send the answer as it is (no coding accepted, a workbook, or a compression
/// that could not be made). A HEAD is answered with the compressed length once the bytes
/// exist, and never starts the work.
pub(super) async fn compressed(
    req: &HttpRequest,
    current: &Arc<Snapshot>,
    state: &State,
    format: Format,
) -> Result<Option<HttpResponse>, ApiError> {
    let Some(coding) = Coding::negotiated(req) else {
        return Ok(None);
    };
    if format == Format::Xlsx {
        return Ok(None);
    }
    let store = &current.precompressed;
    let mut response = HttpResponse::Ok();
    response
        .content_type(format.content_type())
        .insert_header(("X-Total-Count", current.dataset.len()))
        .insert_header(coding.header());
    if req.method() == Method::HEAD {
        let body = match store.ready(format, coding) {
            Some(bytes) => response
                .no_chunking(bytes.len() as u64)
                .streaming(nothing()),
            None => response.body(actix_web::body::None::new()),
        };
        return Ok(Some(body));
    }
    let bytes = match store.wait(format, coding).await {
        Turn::Ready(bytes) => bytes,
        Turn::Plain => return Ok(None),
        Turn::Compress(claim) => {
            let snapshot = Arc::clone(current);
            let what = || format!("{} {}", req.method(), req.uri());
            let work = move || claim.finish(encoded(&snapshot, format, coding));
            match state.pool().run(what, work).await {
                Ok(Some(bytes)) => bytes,
                // The pool is full (the claim went back unused) or compressing failed:
                // this answer goes as it is.
                Ok(None) | Err(ApiError::Busy) => return Ok(None),
                Err(error) => return Err(error),
            }
        }
    };
    Ok(Some(response.body(shared_slices(bytes))))
}

/// A body of no bytes, for a HEAD that states GET's length.
fn nothing() -> impl futures_util::Stream<Item = Result<web::Bytes, ApiError>> {
    futures_util::stream::empty()
}

/// The whole answer in `format`, compressed in `coding`: JSON from the bytes built at
/// load, the other formats rendered piece by piece into the compressor (never whole).
fn encoded(
    snapshot: &Arc<Snapshot>,
    format: Format,
    coding: Coding,
) -> std::io::Result<web::Bytes> {
    let dataset = &snapshot.dataset;
    let json = dataset.all_json();
    if format == Format::Json {
        return coding.encode(json.len(), [json]);
    }
    let records = (0..dataset.len() as u32).collect();
    let chunks = Chunks::new(
        Arc::clone(snapshot),
        records,
        (0, dataset.len()),
        None,
        format,
    );
    // About the JSON's size: NDJSON is the same, CSV a little smaller.
    coding.encode(json.len(), chunks)
}
