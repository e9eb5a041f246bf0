//! The explorer: the page at `/` that shows the postings, their facets, charts and counts
//! in a browser, with every asset inside the binary. The whole state lives in the URL, in
//! the query language of `/data`; the HTML is rendered on the server from compile-time
//! checked templates, and works with JavaScript off.

mod assets;
mod chart;
mod commands;
mod described;
mod nothing;
mod number;
mod reading;
mod sidebar;
mod spread;
mod table;
mod url;
mod view;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::asked::Asked;
use super::asked::decode_query;
use super::error::ApiError;
use super::offload::ranks_cheaply;
use super::state::State;
use crate::filter::{Deadline, Filter, Query};
pub use described::openapi_paths;
use url::Pairs;

/// What the page allows the browser to load: its own files only, from this server.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The search form's field chooser and value box: a submitted form carries them, and is
/// redirected to the plain query they stand for.
const FORM_FIELD: &str = "_filter_field";
const FORM_VALUE: &str = "_filter_value";

/// `GET /`: the explorer page for the query in the URL. A URL with errors still shows the
/// page (answered 400), with the errors beside the search box.
pub async fn page(
    req: HttpRequest,
    asked: Asked,
    state: web::Data<State>,
) -> Result<HttpResponse, ApiError> {
    if let Some(location) = submitted_form(req.query_string()) {
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, location))
            .finish());
    }
    let base = {
        let connection = req.connection_info();
        format!("{}://{}", connection.scheme(), connection.host())
    };
    let limit = state.query_time_limit();
    let costly = costly(&asked);
    let render = move || {
        let snapshot = asked.snapshot();
        // As for the API: the word index is the data's work, not the query's time.
        if costly {
            snapshot.dataset.words();
        }
        let reading = reading::read(asked.pairs(), snapshot, &Deadline::after(limit));
        let html = view::build(&reading, snapshot, &base).render();
        (reading.problems.is_empty(), html)
    };
    // A view whose filters scan values, or whose query fails (and so is read pair by pair),
    // is built in the pool for heavy work.
    let (fine, html) = if costly {
        let what = || format!("GET {}", req.uri());
        state.pool().run(what, render).await?
    } else {
        render()
    };
    let html = html.map_err(|e| {
        tracing::error!("rendering the explorer failed: {e}");
        ApiError::Internal {
            what: format!("GET {}", req.path()),
        }
    })?;
    let status = if fine {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .body(html))
}

/// Whether the view of `asked` compiles patterns or scans values, ranks a big data set (see
/// [`ranks_cheaply`]), or has a query that does not parse (its pairs are then read one by
/// one to find the ones to blame).
fn costly(asked: &Asked) -> bool {
    let Ok(pairs) = asked.pairs() else {
        return false;
    };
    let snapshot = asked.snapshot();
    let pairs = pairs
        .iter()
        .filter(|(name, _)| !name.starts_with("_filter_"))
        .map(|(k, v)| (k.as_str(), v.as_str()));
    Query::parse(pairs, &snapshot.dataset).map_or(true, |query| {
        Filter::costly(&query, &snapshot.cache) || !ranks_cheaply(&query, &snapshot.dataset)
    })
}

/// `GET /assets/<name>`: one of the page's embedded files (each is a route of its own).
/// Asked with the current version (`?v=`), it may be kept for a year.
pub async fn asset(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let name = req.path().strip_prefix("/assets/").unwrap_or_default();
    let Some(asset) = assets::find(name) else {
        return Err(ApiError::NotFound {
            path: req.path().to_owned(),
        });
    };
    let current = decode_query(req.query_string()).ok().is_some_and(|pairs| {
        pairs
            .iter()
            .any(|(n, v)| n == "v" && v == assets::version())
    });
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Ok(HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header((header::CACHE_CONTROL, cache))
        .body(asset.bytes))
}

/// The plain URL a submitted search form stands for, or `None` when the query is not a
/// form's: the chosen field and value become `Field=value`, an empty search and the default
/// match mode are left out, and paging starts again.
fn submitted_form(query: &str) -> Option<String> {
    let pairs = decode_query(query).ok()?;
    let first = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let field = first(FORM_FIELD)?;
    let value = first(FORM_VALUE).unwrap_or_default();
    let mut kept = Pairs::new(pairs)
        .without(&[FORM_FIELD, FORM_VALUE])
        .first_page()
        .filtered(|name, value| match name {
            "_search" => !value.trim().is_empty(),
            "_match" => value != "regex",
            _ => true,
        });
    if !field.is_empty() && !value.trim().is_empty() {
        kept = kept.with(&field, &value);
    }
    Some(kept.page().as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submitted_form_becomes_a_plain_query() {
        assert_eq!(submitted_form("Location:eq=Austin&_search=go"), None);
        assert_eq!(
            submitted_form(
                "Location:eq=Austin&_page=3&_search=&_match=regex&_filter_field=&_filter_value="
            )
            .as_deref(),
            Some("/?Location:eq=Austin")
        );
        assert_eq!(
            submitted_form(
                "_search=go+rust&_match=token&_filter_field=Key+Skills&_filter_value=C%2B%2B"
            )
            .as_deref(),
            Some("/?_search=go%20rust&_match=token&Key%20Skills=C%2B%2B")
        );
        assert_eq!(
            submitted_form("_filter_field=Location&_filter_value=").as_deref(),
            Some("/")
        );
    }
}
