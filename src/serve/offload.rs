//! Where a request's work runs: right on the async worker when it only reads postings and
//! remembered selections, and in the [`Pool`](super::pool::Pool) for heavy work when it
//! compiles patterns, scans values (a regex, a range, a search not answered before), renders
//! a big list or builds a workbook.

use std::sync::Arc;

use actix_web::HttpRequest;
use actix_web::web::Bytes;

use super::error::ApiError;
use super::pool::StreamSlot;
use super::render::{CHUNK_BYTES, Chunks};
use super::state::{Snapshot, State};
use crate::dataset::Dataset;
use crate::filter::{Deadline, Filter, Query, QueryError};

/// The most records a data set may have for ranking on an async worker: a ranking reads
/// its whole word index (27–100 µs at the lab's 27k, 2–5 ms at 100k long postings).
const RANK_HERE: usize = 32_768;

/// Whether putting `query`'s records in order costs little enough to do on an async worker
/// as far as ranking goes: no ranking, or one over a small data set whose word index is
/// built.
pub(super) fn ranks_cheaply(query: &Query, dataset: &Dataset) -> bool {
    !query.is_ranked() || (dataset.len() <= RANK_HERE && dataset.words_ready())
}

/// Builds a workbook with `work` in the pool for heavy work.
pub(super) async fn blocking<F>(
    req: &HttpRequest,
    state: &State,
    work: F,
) -> Result<Vec<u8>, ApiError>
where
    F: FnOnce() -> Result<Vec<u8>, crate::workbook::WorkbookError> + Send + 'static,
{
    let what = || format!("{} {}", req.method(), req.path());
    Ok(state.pool().run(what, work).await??)
}

/// Compiles `query` and answers it with `answer`: right here when that only reads
/// postings and remembered selections, in the pool for heavy work when it compiles
/// patterns or scans values (so a crowd of costly queries waits there, or gets a 503,
/// while cheap ones are answered at once). The state's query time limit starts once the
/// work starts, not while it waits for the pool.
pub(super) async fn evaluate<T, F>(
    req: &HttpRequest,
    state: &State,
    current: &Arc<Snapshot>,
    query: &Query,
    answer: F,
) -> Result<T, ApiError>
where
    F: FnOnce(&Filter, &Snapshot) -> T + Send + 'static,
    T: Send + 'static,
{
    if !Filter::costly(query, &current.cache) {
        let deadline = Deadline::after(state.query_time_limit());
        let filter = Filter::prepare(query, &current.dataset, &current.cache, &deadline)?;
        return Ok(answer(&filter, current));
    }
    let snapshot = Arc::clone(current);
    let query = query.clone();
    let what = || format!("{} {}", req.method(), req.uri());
    let limit = state.query_time_limit();
    let answered = state.pool().run(what, move || {
        // The word index is built (or waited for) before the query's time starts: it is
        // the data's, not the query's.
        if query.searches() {
            snapshot.dataset.words();
        }
        let deadline = Deadline::after(limit);
        let filter = Filter::prepare(&query, &snapshot.dataset, &snapshot.cache, &deadline)?;
        Ok::<T, QueryError>(answer(&filter, &snapshot))
    });
    Ok(answered.await??)
}

/// Renders the first piece of a list: right here when the answer looks small, in the pool
/// for heavy work when it looks like more than one piece, after taking a stream slot if one
/// is free. The size is a guess (records × their average size, scaled to the fields kept),
/// so an answer that looks big but not very big is rendered even without a free slot and
/// refused ([`ApiError::TooManyStreams`], by the caller) only if it turns out to need
/// streaming; one that looks several pieces long is refused at once.
pub(super) async fn first_piece(
    req: &HttpRequest,
    state: &State,
    mut chunks: Chunks,
) -> Result<(Bytes, Chunks, Option<StreamSlot>), ApiError> {
    let estimate = chunks.estimated_bytes();
    if estimate <= CHUNK_BYTES {
        let first = chunks.next().unwrap_or_default();
        return Ok((first, chunks, None));
    }
    let slot = match state.pool().stream_slot() {
        Ok(slot) => Some(slot),
        Err(refused) if estimate > 4 * CHUNK_BYTES => return Err(refused),
        Err(_) => None,
    };
    if chunks.next_is_cheap() {
        // A shared slice of the data's JSON (an unfiltered page from the start): made here.
        let first = chunks.next().unwrap_or_default();
        return Ok((first, chunks, slot));
    }
    let what = || format!("{} {}", req.method(), req.uri());
    let (first, chunks) = state
        .pool()
        .run(what, move || (chunks.next(), chunks))
        .await?;
    Ok((first.unwrap_or_default(), chunks, slot))
}
