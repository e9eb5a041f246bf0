//! Route handlers: the request's query → a selection from the current snapshot → a response.
//! Every route is registered here, in [`configure`].

use std::sync::Arc;

use actix_web::body;
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse, guard, web};

use super::asked::Asked;
use super::error::ApiError;
use super::offload::{blocking, evaluate, first_piece, ranks_cheaply};
use super::query::{LIST_OPTIONS, format_of, link_header, parse};
use super::render::{CHUNK_BYTES, Chunks, shared_slices, streamed};
use super::state::{Snapshot, State};
use super::{all, explorer, facets, openapi, page, xlsx};
use crate::filter::{self, Format, Query};

const JSON: &str = "application/json";

/// The most records sorted on an async worker; more are sorted in the pool.
const SORT_HERE: usize = 4096;

/// Every route, as documented in `/openapi.json` (a test keeps the two in step).
pub const ROUTES: [&str; 12] = [
    "/",
    "/api",
    "/assets/explorer.css",
    "/assets/explorer.js",
    "/assets/icon.svg",
    "/health",
    "/fields",
    "/openapi.json",
    "/data",
    "/data/all",
    "/data/count",
    "/data/facets",
];

/// Registers every route on an app; used by the server and by in-process tests.
pub fn configure(state: web::Data<State>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(state)
            .service(readable("/").to(explorer::page))
            .service(readable("/api").to(api_reference))
            .service(readable("/assets/explorer.css").to(explorer::asset))
            .service(readable("/assets/explorer.js").to(explorer::asset))
            .service(readable("/assets/icon.svg").to(explorer::asset))
            .service(readable("/health").to(health))
            .service(readable("/fields").to(fields))
            .service(readable("/openapi.json").to(openapi_json))
            .service(readable("/data/all").to(all))
            .service(readable("/data/count").to(count))
            .service(readable("/data/facets").to(facets::facets))
            .service(readable("/data").to(data));
        cfg.default_service(web::to(not_found));
    }
}

/// A route answering GET and HEAD, OPTIONS (CORS preflight), and 405 otherwise.
fn readable(path: &str) -> ResourceBuilder {
    ResourceBuilder(path.to_owned())
}

struct ResourceBuilder(String);

impl ResourceBuilder {
    fn to<F, Args>(self, handler: F) -> actix_web::Resource
    where
        F: actix_web::Handler<Args>,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        web::resource(self.0)
            .route(
                web::route()
                    .guard(guard::Any(guard::Get()).or(guard::Head()))
                    .to(handler),
            )
            .route(web::route().guard(guard::Options()).to(options))
            .default_service(web::to(method_not_allowed))
    }
}

async fn not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound {
        path: req.path().to_owned(),
    })
}

async fn method_not_allowed(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed {
        method: req.method().to_string(),
        path: req.path().to_owned(),
    })
}

/// `OPTIONS`: what the route allows, and, unless CORS is off (`--no-cors`), a CORS
/// preflight answer.
async fn options(req: HttpRequest) -> HttpResponse {
    let mut response = HttpResponse::NoContent();
    response.insert_header((header::ALLOW, "GET, HEAD, OPTIONS"));
    let cors = req
        .app_data::<web::Data<Cors>>()
        .is_none_or(|cors| cors.enabled);
    if cors {
        response
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"))
            .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "*"))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"));
    }
    response.finish()
}

/// Whether the app answers cross-origin requests (set by [`super::app`]).
#[derive(Debug, Clone, Copy)]
pub struct Cors {
    /// False with `--no-cors`: no CORS header at all.
    pub enabled: bool,
}

/// `GET /api`: a page documenting the API, with links that work on the loaded data.
async fn api_reference(asked: Asked) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page::render(&asked.snapshot().dataset))
}

/// `GET /health`: `{"status": "ok", "records": N}`.
async fn health(asked: Asked) -> HttpResponse {
    let body = serde_json::json!({ "status": "ok", "records": asked.snapshot().dataset.len() });
    HttpResponse::Ok().content_type(JSON).body(body.to_string())
}

/// `GET /fields`: each field, its number of distinct values, whether it is a list, its
/// role, and for a field read as ranges how many records read as one.
async fn fields(asked: Asked) -> HttpResponse {
    let dataset = &asked.snapshot().dataset;
    let fields: Vec<_> = dataset
        .fields()
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let distinct = if f.is_list() {
                f.token_count()
            } else {
                f.values.len()
            };
            let mut field = serde_json::json!({
                "name": f.name,
                "kind": f.kind().name(),
                "distinct": distinct,
                "missing": f.missing_count(dataset.len()),
                "list": f.is_list(),
            });
            if let Some((role, from)) = dataset.roles().of_field(n) {
                field["role"] = role.name().into();
                field["role_from"] = from.name().into();
            }
            if let Some(ranges) = f.ranges() {
                field["ranges"] = ranges.records.into();
                if !ranges.currencies.is_empty() {
                    let currencies: serde_json::Map<_, _> = ranges
                        .currencies
                        .iter()
                        .map(|(code, count)| (code.clone(), (*count).into()))
                        .collect();
                    field["currencies"] = currencies.into();
                }
                if !ranges.read_from.is_empty() {
                    field["read_from"] = ranges.read_from.clone().into();
                }
            }
            if let Some(encoding) = f.list_encoding() {
                field["list_encoding"] = encoding.name().into();
                if let Some(sep) = encoding.separator() {
                    field["separator"] = sep.into();
                }
            }
            field
        })
        .collect();
    let body = serde_json::json!({ "records": dataset.len(), "fields": fields });
    HttpResponse::Ok().content_type(JSON).body(body.to_string())
}

/// `GET /openapi.json`: the OpenAPI 3.1 description of this API and its data.
async fn openapi_json(asked: Asked) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(JSON)
        .body(openapi::document(&asked.snapshot().dataset).to_string())
}

/// `GET /data/all`: every record (options for paging, projection, sorting and format
/// apply; filters belong on `/data`).
async fn all(
    req: HttpRequest,
    asked: Asked,
    state: web::Data<State>,
) -> Result<HttpResponse, ApiError> {
    let current = Arc::clone(asked.snapshot());
    let dataset = &current.dataset;
    let query = parse(&req, &asked, LIST_OPTIONS)?;
    if query.has_filters() {
        return Err(ApiError::FiltersOnAll);
    }
    let format = format_of(&asked, &query);
    let whole_answer = filter::Options {
        format: None,
        ..query.options.clone()
    } == filter::Options::default();
    if whole_answer && let Some(response) = all::compressed(&req, &current, &state, format).await? {
        return Ok(response);
    }
    if whole_answer && format == Format::Json {
        // The common case: the bytes built at load time, shared, not copied.
        let mut response = HttpResponse::Ok();
        response
            .content_type(JSON)
            .insert_header(("X-Total-Count", dataset.len()));
        let body = dataset.all_json();
        let whole = body.len() > CHUNK_BYTES;
        if whole {
            // Sent as it is (a client that accepts a coding got the bytes compressed once,
            // above): see `list` on why big bodies are not compressed per connection.
            response.insert_header(header::ContentEncoding::Identity);
        }
        if req.method() == Method::HEAD {
            // GET's length when GET sends it as it is; none when it may be compressed.
            if !whole {
                return Ok(response.body(body::None::new()));
            }
            let nothing = futures_util::stream::empty::<Result<web::Bytes, ApiError>>();
            return Ok(response.no_chunking(body.len() as u64).streaming(nothing));
        }
        return Ok(response.body(shared_slices(body)));
    }
    let all = (0..dataset.len() as u32).collect();
    list(&req, &asked, &state, &query, all).await
}

/// `GET /data?<filters>`: the matching records.
async fn data(
    req: HttpRequest,
    asked: Asked,
    state: web::Data<State>,
) -> Result<HttpResponse, ApiError> {
    let current = asked.snapshot();
    let query = parse(&req, &asked, LIST_OPTIONS)?;
    let records = evaluate(&req, &state, current, &query, |filter, snapshot| {
        filter.select(&snapshot.dataset, &snapshot.cache)
    })
    .await?;
    list(&req, &asked, &state, &query, records).await
}

/// `GET /data/count?<filters>`: `{"count": N}`.
async fn count(
    req: HttpRequest,
    asked: Asked,
    state: web::Data<State>,
) -> Result<HttpResponse, ApiError> {
    let current = asked.snapshot();
    let query = parse(&req, &asked, &[])?;
    let count = evaluate(&req, &state, current, &query, |filter, snapshot| {
        filter.count(&snapshot.dataset, &snapshot.cache)
    })
    .await?;
    let body = format!("{{\"count\":{count}}}");
    Ok(HttpResponse::Ok().content_type(JSON).body(body))
}

/// Sorts, pages, projects and renders a list of records, with paging headers. Large
/// answers are streamed in pieces rather than built whole; a workbook is built whole, off
/// the async workers, and refused when it would have more rows than a sheet holds.
async fn list(
    req: &HttpRequest,
    asked: &Asked,
    state: &State,
    query: &Query,
    records: Vec<u32>,
) -> Result<HttpResponse, ApiError> {
    let current = Arc::clone(asked.snapshot());
    let options = &query.options;
    let total = records.len();
    let (offset, limit) = options.window();
    let offset = offset.min(total);
    let end = limit.map_or(total, |limit| offset.saturating_add(limit).min(total));
    let format = format_of(asked, query);
    if format == Format::Xlsx {
        let columns = options
            .fields
            .as_ref()
            .map_or(current.dataset.fields().len(), Vec::len);
        xlsx::check_size(
            end - offset,
            columns,
            xlsx::MAX_DATA_ROWS,
            state.max_workbook_cells(),
        )?;
    }
    let mut response = HttpResponse::Ok();
    response
        .content_type(format.content_type())
        .insert_header(("X-Total-Count", total));
    if let Some(link) = link_header(req, options, offset, total) {
        response.insert_header((header::LINK, link));
    }
    if options.download && format != Format::Xlsx {
        response.insert_header((
            header::CONTENT_DISPOSITION,
            xlsx::attachment(&format!("jobs.{}", format.extension())),
        ));
    }
    // HEAD costs what its headers cost: no body is sorted, rendered or compressed, and so
    // its length is not known (none is sent, rather than a false 0).
    if req.method() == Method::HEAD {
        return Ok(response.body(body::None::new()));
    }
    let mut records = sorted(req, state, &current, records, query).await?;
    if format == Format::Xlsx {
        let fields = options.fields.clone();
        let about = xlsx::about(req, total);
        let bytes = blocking(req, state, move || {
            let page = records.get(offset..end).unwrap_or_default();
            xlsx::records(&current.dataset, page, fields.as_deref(), &about)
        })
        .await?;
        return Ok(response
            .insert_header((
                header::CONTENT_DISPOSITION,
                xlsx::attachment(xlsx::RECORDS_FILE),
            ))
            .insert_header(header::ContentEncoding::Identity)
            .body(bytes));
    }
    // Only the page is kept: a streamed answer holds its records while its client reads.
    records.truncate(end);
    records.drain(..offset);
    let chunks = Chunks::new(
        current,
        records,
        (0, end - offset),
        options.fields.clone(),
        format,
    )
    .defusing_formulas(options.download);
    let (first, chunks, slot) = first_piece(req, state, chunks).await?;
    if chunks.is_finished() {
        // Small enough for one chunk: a plain body with a Content-Length.
        return Ok(response.body(first));
    }
    // A body of more than one chunk is sent uncompressed: a compressor holds megabytes per
    // connection for as long as its client stays, and a slow client could keep hundreds of
    // them alive. Small answers are still compressed; a proxy in front
    // (deploy/nginx.conf) can compress big ones for remote clients.
    let slot = match slot {
        Some(slot) => slot,
        None => state.pool().stream_slot()?,
    };
    Ok(response
        .insert_header(header::ContentEncoding::Identity)
        .streaming(streamed(first, chunks, slot)))
}

/// Records in the order `query` asks for (its `_sort` keys, or best first for its
/// `_search`): right here when there are few, in the pool for heavy work when ordering them
/// takes longer than a cheap request should hold an async worker (or the word index a
/// ranking reads is still being built).
async fn sorted(
    req: &HttpRequest,
    state: &State,
    current: &Arc<Snapshot>,
    mut records: Vec<u32>,
    query: &Query,
) -> Result<Vec<u32>, ApiError> {
    let ranked = query.is_ranked();
    if query.options.sort.is_empty() && !ranked {
        return Ok(records);
    }
    if records.len() <= SORT_HERE && ranks_cheaply(query, &current.dataset) {
        filter::order(&current.dataset, query, &mut records);
        return Ok(records);
    }
    let snapshot = Arc::clone(current);
    let query = query.clone();
    let what = || format!("{} {}", req.method(), req.uri());
    state
        .pool()
        .run(what, move || {
            filter::order(&snapshot.dataset, &query, &mut records);
            records
        })
        .await
}
