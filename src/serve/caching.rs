//! HTTP caching for the data routes: every 200 carries a strong `ETag`, made from the data's
//! content hash and the normalized query (so replicas serving the same file agree, and a
//! `--watch` reload changes it), and `Cache-Control`. A request whose `If-None-Match` holds
//! the current tag gets a `304 Not Modified` without its handler running (`*` gets one
//! when the answer would be a 200).

use std::hash::BuildHasher;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};

use super::asked::Asked;
use super::state::State;
use crate::filter::Format;

/// The routes whose answers depend only on the data and the query.
pub(super) const CACHED_ROUTES: [&str; 5] = [
    "/data",
    "/data/all",
    "/data/count",
    "/data/facets",
    "/fields",
];

/// Adds validators to data answers, and answers a matching `If-None-Match` with a 304.
pub(super) async fn validators(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let cacheable =
        matches!(*req.method(), Method::GET | Method::HEAD) && CACHED_ROUTES.contains(&req.path());
    let policy = req
        .app_data::<web::Data<State>>()
        .filter(|_| cacheable)
        .and_then(|state| {
            // The snapshot `asked::pin` took for this request: the handler answers from it.
            let asked = req.extensions().get::<Asked>().cloned()?;
            let tag = entity_tag(&asked, req.path())?;
            state.tagged();
            Some((tag, cache_control(state.cache_max_age())))
        });
    let Some((tag, control)) = policy else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let not_modified = |etag: HeaderValue, control: HeaderValue| {
        HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, control))
            .insert_header((header::VARY, "Accept, Accept-Encoding"))
            .finish()
    };
    let matched = matching_tag(req.headers(), &tag);
    // A tag is only ever sent with a 200, so a request naming the current one would be
    // answered 200: 304 at once. `*` matches any current answer, and an answer that would
    // not be a 200 (a query with a mistake) ignores it (RFC 9110, 13.2.1): the handler runs.
    let any = matched.as_ref().is_some_and(|m| m == "*");
    if let Some(matched) = matched.filter(|_| !any) {
        let response = not_modified(matched, control);
        return Ok(req.into_response(response).map_into_right_body());
    }
    let mut response = next.call(req).await?;
    if response.status() == StatusCode::OK && any {
        let etag = HeaderValue::from_str(&format!("\"{tag}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("*"));
        let request = response.request().clone();
        let answer = not_modified(etag, control);
        return Ok(ServiceResponse::new(request, answer).map_into_right_body());
    }
    if response.status() == StatusCode::OK {
        // A compressed body is another representation: its tag says which coding.
        let coding = response
            .headers()
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .filter(|coding| *coding != "identity")
            .map(|coding| format!("-{coding}"))
            .unwrap_or_default();
        let headers = response.headers_mut();
        if let Ok(etag) = HeaderValue::from_str(&format!("\"{tag}{coding}\"")) {
            headers.insert(header::ETAG, etag);
        }
        headers.insert(header::CACHE_CONTROL, control);
        // One line for every representation, compressed or not: caches that read only the
        // last `Vary` line (nginx before 1.23) must still key on both.
        headers.insert(
            header::VARY,
            HeaderValue::from_static("Accept, Accept-Encoding"),
        );
    }
    Ok(response.map_into_left_body())
}

/// `public, max-age=N`, or `no-cache` (store, but ask again every time) for 0.
fn cache_control(max_age: u32) -> HeaderValue {
    match max_age {
        0 => HeaderValue::from_static("no-cache"),
        n => HeaderValue::from_str(&format!("public, max-age={n}"))
            .unwrap_or_else(|_| HeaderValue::from_static("no-cache")),
    }
}

/// The tag of an answer, without quotes: a hash of the request's snapshot, the route, the
/// query's decoded pairs (sorted by name, so their order and spelling do not matter, while
/// repeated names keep theirs), and the format the Accept header asks for. `None` for a
/// query that does not decode: its handler answers 400.
fn entity_tag(asked: &Asked, path: &str) -> Option<String> {
    let mut pairs = asked.pairs().ok()?.to_vec();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    // Spelled as earlier releases hashed it, so that their tags stay valid.
    let format = match asked.accepted() {
        Some(Format::Ndjson) => "application/x-ndjson",
        Some(Format::Csv) => "text/csv",
        Some(Format::Xlsx) => "spreadsheetml",
        Some(Format::Json) | None => "",
    };
    // A list found by `_search` without `_sort` comes best first since ranking came, where
    // earlier releases sent it in file order: its tag must differ from theirs.
    let ranked = path == "/data"
        && pairs
            .iter()
            .any(|(k, v)| k == "_search" && !v.trim().is_empty())
        && !pairs.iter().any(|(k, _)| k == "_sort");
    let format = if ranked {
        format!("{format}\0ranked")
    } else {
        format.to_owned()
    };
    let content = asked.snapshot().dataset.content_hash();
    let hash = foldhash::quality::FixedState::with_seed(0x6574_6167)
        .hash_one((content, path, pairs, format));
    Some(format!("{hash:016x}"))
}

/// The tag in `If-None-Match` that names `tag` in any coding (or `*`), if any.
fn matching_tag(headers: &HeaderMap, tag: &str) -> Option<HeaderValue> {
    for value in headers.get_all(header::IF_NONE_MATCH) {
        let Ok(text) = value.to_str() else { continue };
        for candidate in text.split(',').map(str::trim) {
            let bare = candidate.trim_start_matches("W/").trim_matches('"');
            let base = bare.split_once('-').map_or(bare, |(base, _)| base);
            if candidate == "*" || base == tag {
                return HeaderValue::from_str(candidate).ok();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                header::HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    fn asked(data: &[u8], query: &str, headers: &HeaderMap) -> Asked {
        let state = State::new(crate::dataset::Dataset::from_json(data).unwrap());
        Asked::now(&state, query, headers)
    }

    #[test]
    fn tags_follow_the_data_and_the_meaning_of_the_query() {
        let none = HeaderMap::new();
        let one: &[u8] = br#"[{"A": 1, "B": 2}]"#;
        let two: &[u8] = br#"[{"A": 1, "B": 3}]"#;
        let tag = |data, path, query| entity_tag(&asked(data, query, &none), path).unwrap();
        let base = tag(one, "/data", "Location=Austin&_limit=2");
        assert_eq!(base, tag(one, "/data", "_limit=2&Location=Austin"));
        assert_eq!(base, tag(one, "/data", "Location=Austin&_limit=%32"));
        assert_ne!(base, tag(two, "/data", "Location=Austin&_limit=2"));
        assert_ne!(base, tag(one, "/data/count", "Location=Austin&_limit=2"));
        assert_ne!(base, tag(one, "/data", "Location=Austin&_limit=3"));
        assert_ne!(
            tag(one, "/data/facets", "_field=A&_field=B"),
            tag(one, "/data/facets", "_field=B&_field=A")
        );
        let csv = entity_tag(
            &asked(one, "", &headers(&[("accept", "text/csv")])),
            "/data",
        );
        assert_ne!(csv, entity_tag(&asked(one, "", &none), "/data"));
        assert_eq!(entity_tag(&asked(one, "a=%zz", &none), "/data"), None);
        // Tags as earlier releases made them: kept for every answer but a ranked list,
        // whose body is no longer in file order.
        let earlier = |path: &str, pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            let content = crate::dataset::Dataset::from_json(one)
                .unwrap()
                .content_hash();
            let hash = foldhash::quality::FixedState::with_seed(0x6574_6167)
                .hash_one((content, path, pairs, ""));
            format!("{hash:016x}")
        };
        assert_eq!(tag(one, "/data", "A=1"), earlier("/data", &[("A", "1")]));
        assert_eq!(
            tag(one, "/data", "_sort=A&_search=x"),
            earlier("/data", &[("_search", "x"), ("_sort", "A")])
        );
        assert_eq!(
            tag(one, "/data/count", "_search=x"),
            earlier("/data/count", &[("_search", "x")])
        );
        assert_ne!(
            tag(one, "/data", "_search=x"),
            earlier("/data", &[("_search", "x")])
        );
        assert_eq!(cache_control(0), "no-cache");
        assert_eq!(cache_control(60), "public, max-age=60");
    }

    #[test]
    fn if_none_match_matches_any_coding_of_the_tag() {
        let m = |value: &'static str| matching_tag(&headers(&[("if-none-match", value)]), "abc");
        assert_eq!(m("\"abc\"").unwrap(), "\"abc\"");
        assert_eq!(m("\"x\", \"abc-gzip\"").unwrap(), "\"abc-gzip\"");
        assert_eq!(m("W/\"abc\"").unwrap(), "W/\"abc\"");
        assert!(m("*").is_some());
        assert!(m("\"abcd\"").is_none());
        assert!(matching_tag(&HeaderMap::new(), "abc").is_none());
    }
}
