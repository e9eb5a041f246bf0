//! Route handlers: query pairs → [`Filter`] → response bytes.

use std::convert::Infallible;

use std::sync::Arc;

use actix_web::body::SizedStream;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, guard, web};
use futures_util::Stream;

use super::{ApiError, Snapshot, State, openapi, page, render};
use crate::error::QueryError;
use crate::facets::facet;
use crate::filter::{self, Filter, Format, MAX_QUERY_BYTES, Query};

const JSON: &str = "application/json";

/// Every route, as documented in `/openapi.json` (a test keeps the two in step).
pub const ROUTES: [&str; 8] = [
    "/",
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
            .service(readable("/").to(index))
            .service(readable("/health").to(health))
            .service(readable("/fields").to(fields))
            .service(readable("/openapi.json").to(openapi_json))
            .service(readable("/data/all").to(all))
            .service(readable("/data/count").to(count))
            .service(readable("/data/facets").to(facets))
            .service(readable("/data").to(data));
        if std::env::var_os(PANIC_ROUTE_ENV).is_some() {
            cfg.service(readable("/_panic").to(panic));
        }
        cfg.default_service(web::to(not_found));
    }
}

/// With this environment variable set, `GET /_panic` panics: a test hook that shows a
/// handler bug becomes a 500 with a JSON body while the server keeps serving.
pub const PANIC_ROUTE_ENV: &str = "JOBSCTL_TEST_PANIC_ROUTE";

async fn panic() -> HttpResponse {
    panic!("test hook: {PANIC_ROUTE_ENV} is set and GET /_panic was requested");
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

/// `OPTIONS`: what the route allows, and a CORS preflight answer.
async fn options() -> HttpResponse {
    HttpResponse::NoContent()
        .insert_header((header::ALLOW, "GET, HEAD, OPTIONS"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "*"))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
        .finish()
}

/// `GET /`: a page documenting the API, with links that work on the loaded data.
async fn index(state: web::Data<State>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page::render(&state.current().dataset))
}

/// `GET /health`: `{"status": "ok", "records": N}`.
async fn health(state: web::Data<State>) -> HttpResponse {
    let body = serde_json::json!({ "status": "ok", "records": state.current().dataset.len() });
    HttpResponse::Ok().content_type(JSON).body(body.to_string())
}

/// `GET /fields`: each field, its number of distinct values, and whether it is a list.
async fn fields(state: web::Data<State>) -> HttpResponse {
    let current = state.current();
    let dataset = &current.dataset;
    let fields: Vec<_> = dataset
        .fields()
        .iter()
        .map(|f| {
            let distinct = if f.list {
                f.token_count()
            } else {
                f.values.len()
            };
            serde_json::json!({ "name": f.name, "distinct": distinct, "list": f.list })
        })
        .collect();
    let body = serde_json::json!({ "records": dataset.len(), "fields": fields });
    HttpResponse::Ok().content_type(JSON).body(body.to_string())
}

/// `GET /openapi.json`: the OpenAPI 3.1 description of this API and its data.
async fn openapi_json(state: web::Data<State>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(JSON)
        .body(openapi::document(&state.current().dataset).to_string())
}

/// `GET /data/all`: every record (options for paging, projection, sorting and format
/// apply; filters belong on `/data`).
async fn all(req: HttpRequest, state: web::Data<State>) -> Result<HttpResponse, ApiError> {
    let current = state.current();
    let dataset = &current.dataset;
    let (query, _) = parse(&req, &current, LIST_OPTIONS)?;
    if !query.conditions.is_empty() {
        return Err(ApiError::FiltersOnAll);
    }
    if query.options == filter::Options::default() && format_of(&req, &query) == Format::Json {
        // The common case: the bytes built at load time, shared, not copied.
        return Ok(HttpResponse::Ok()
            .content_type(JSON)
            .insert_header(("X-Total-Count", dataset.len()))
            .body(chunked(dataset.all_json())));
    }
    let all = (0..dataset.len() as u32).collect();
    list(&req, Arc::clone(&current), &query, all)
}

/// `GET /data?<filters>`: the matching records.
async fn data(req: HttpRequest, state: web::Data<State>) -> Result<HttpResponse, ApiError> {
    let current = state.current();
    let (query, filter) = parse(&req, &current, LIST_OPTIONS)?;
    let records = filter.select_cached(&current.dataset, Some(&current.cache));
    list(&req, current, &query, records)
}

/// `GET /data/count?<filters>`: `{"count": N}`.
async fn count(req: HttpRequest, state: web::Data<State>) -> Result<HttpResponse, ApiError> {
    let current = state.current();
    let (_, filter) = parse(&req, &current, &[])?;
    let count = filter.count_cached(&current.dataset, Some(&current.cache));
    let body = format!("{{\"count\":{count}}}");
    Ok(HttpResponse::Ok().content_type(JSON).body(body))
}

/// `GET /data/facets?_field=<Field>&<filters>`: value counts among the matching records.
async fn facets(req: HttpRequest, state: web::Data<State>) -> Result<HttpResponse, ApiError> {
    let current = state.current();
    let dataset = &current.dataset;
    let (query, filter) = parse(&req, &current, &["_field", "_limit"])?;
    let field = query.options.facet.ok_or(QueryError::MissingOption {
        name: "_field".into(),
        example: "/data/facets?_field=Key Skills&Location=Seattle".into(),
    })?;
    let records = filter.select_cached(dataset, Some(&current.cache));
    let values = facet(dataset, field, &records, query.options.limit);
    let body = serde_json::json!({
        "field": dataset.fields()[field].name,
        "total": records.len(),
        "values": values,
    });
    Ok(HttpResponse::Ok().content_type(JSON).body(body.to_string()))
}

/// The options that list routes take besides `_match`.
const LIST_OPTIONS: &[&str] = &["_limit", "_offset", "_fields", "_sort", "_format"];

/// Sorts, pages, projects and renders a list of records, with paging headers. Large
/// answers are streamed in pieces rather than built whole.
fn list(
    req: &HttpRequest,
    current: Arc<Snapshot>,
    query: &Query,
    mut records: Vec<u32>,
) -> Result<HttpResponse, ApiError> {
    let options = &query.options;
    let total = records.len();
    if let Some(sort) = options.sort {
        filter::sort(&current.dataset, &mut records, sort);
    }
    let offset = options.offset.unwrap_or(0).min(total);
    let end = options
        .limit
        .map_or(total, |limit| offset.saturating_add(limit).min(total));
    let format = format_of(req, query);
    let mut response = HttpResponse::Ok();
    response
        .content_type(format.content_type())
        .insert_header(("X-Total-Count", total));
    if let Some(link) = link_header(req, offset, options.limit, total) {
        response.insert_header((header::LINK, link));
    }
    let mut pieces = render::Pieces::new(
        current,
        records,
        (offset, end),
        options.fields.clone(),
        format,
    );
    let first = pieces.next().unwrap_or_default();
    match pieces.next() {
        // Small enough for one piece: a plain body with a Content-Length.
        None => Ok(response.body(first)),
        Some(second) => {
            let rest = [first, second].into_iter().chain(pieces);
            Ok(response.streaming(futures_util::stream::iter(rest.map(Ok::<_, Infallible>))))
        }
    }
}

/// The most bytes handed to the connection at once from the prebuilt `/data/all` body: a
/// slow reader holds one slice in the write buffer, not a copy of the whole body (a
/// 1M-record `/data/all` is 376 MB).
const CHUNK_BYTES: usize = 256 * 1024;

/// A body with a known length, streamed in [`CHUNK_BYTES`] slices without copying.
fn chunked(bytes: Bytes) -> SizedStream<impl Stream<Item = Result<Bytes, Infallible>>> {
    let len = bytes.len();
    let chunks = (0..len.div_ceil(CHUNK_BYTES)).map(move |i| {
        let start = i * CHUNK_BYTES;
        Ok(bytes.slice(start..len.min(start + CHUNK_BYTES)))
    });
    SizedStream::new(len as u64, futures_util::stream::iter(chunks))
}

/// The response format: `_format` first, then the Accept header, then JSON.
fn format_of(req: &HttpRequest, query: &Query) -> Format {
    if let Some(format) = query.options.format {
        return format;
    }
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains("application/x-ndjson") {
        Format::Ndjson
    } else if accept.contains("text/csv") {
        Format::Csv
    } else {
        Format::Json
    }
}

/// A `Link` header with `next` and `prev` pages, when `_limit` pages the result.
fn link_header(
    req: &HttpRequest,
    offset: usize,
    limit: Option<usize>,
    total: usize,
) -> Option<HeaderValue> {
    let limit = limit?;
    // Keep the query as the client encoded it, minus `_offset` (however it was spelled:
    // the query has been decoded once already, so each name decodes).
    let kept: Vec<&str> = req
        .query_string()
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(name, _)| name);
            !pair.is_empty() && decode_component(name).is_ok_and(|n| n != "_offset")
        })
        .collect();
    let url = |offset: usize| {
        let mut pairs = kept.clone();
        let offset = format!("_offset={offset}");
        pairs.push(&offset);
        format!("<{}?{}>", req.path(), pairs.join("&"))
    };
    let mut links = Vec::new();
    if limit > 0 && offset.saturating_add(limit) < total {
        links.push(format!("{}; rel=\"next\"", url(offset + limit)));
    }
    if offset > 0 {
        links.push(format!(
            "{}; rel=\"prev\"",
            url(offset.saturating_sub(limit))
        ));
    }
    if links.is_empty() {
        return None;
    }
    HeaderValue::from_str(&links.join(", ")).ok()
}

/// Parses and compiles the request's query; `allowed` lists the options (besides `_match`)
/// that this route takes.
fn parse(
    req: &HttpRequest,
    current: &Snapshot,
    allowed: &[&str],
) -> Result<(Query, Filter), ApiError> {
    let dataset = &current.dataset;
    let length = req.query_string().len();
    if length > MAX_QUERY_BYTES {
        return Err(ApiError::QueryTooLong {
            length,
            max: MAX_QUERY_BYTES,
        });
    }
    let pairs = decode_query(req.query_string())?;
    let query = Query::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), dataset)?;
    if let Some(name) = query
        .options
        .given()
        .into_iter()
        .find(|name| *name != "_match" && !allowed.contains(name))
    {
        return Err(QueryError::OptionNotApplicable {
            name: name.into(),
            route: req.path().to_owned(),
        }
        .into());
    }
    let filter = Filter::compile_cached(&query, dataset, Some(&current.cache))?;
    Ok((query, filter))
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

fn decode_component(text: &str) -> Result<String, ApiError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_queries_strictly() {
        let ok = |q: &str| decode_query(q).ok();
        assert_eq!(
            ok("Key%20Skills=C%2B%2B&Location=New+York"),
            Some(vec![
                ("Key Skills".into(), "C++".into()),
                ("Location".into(), "New York".into())
            ])
        );
        assert_eq!(
            ok("a=&&b"),
            Some(vec![("a".into(), "".into()), ("b".into(), "".into())])
        );
        assert_eq!(ok("x=%C3%A9"), Some(vec![("x".into(), "é".into())]));
        for bad in ["a=%", "a=%2", "a=%zz", "a=%+1", "a=%FF", "%C3=1"] {
            assert!(decode_query(bad).is_err(), "{bad}");
        }
    }
}
