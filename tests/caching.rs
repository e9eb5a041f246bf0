//! HTTP caching in-process: strong ETags from the data and the meaning of the query,
//! Cache-Control from the state, and 304 for a matching If-None-Match.

use actix_web::test as actix_test;
use actix_web::web;
use jobsctl::dataset::Dataset;
use jobsctl::serve::{State, app};

const DATA: &str = r#"[{"Id": 1, "Location": "Seattle"}, {"Id": 2, "Location": "Austin"}]"#;

/// GETs `uri` (with `headers`) from an app over `data` whose answers may be reused for
/// `max_age` seconds: status, ETag, Cache-Control, body.
async fn get(
    data: &str,
    max_age: u32,
    uri: &str,
    headers: &[(&str, &str)],
) -> (u16, Option<String>, Option<String>, Vec<u8>) {
    let dataset = Dataset::from_json(data.as_bytes()).expect("dataset");
    let state = State::new(dataset).with_cache_max_age(max_age);
    let service = actix_test::init_service(app(web::Data::new(state), true)).await;
    let mut request = actix_test::TestRequest::get().uri(uri);
    for header in headers {
        request = request.insert_header(*header);
    }
    let response = actix_test::call_service(&service, request.to_request()).await;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (etag, control) = (header("etag"), header("cache-control"));
    let status = response.status().as_u16();
    let body = actix_test::read_body(response).await.to_vec();
    (status, etag, control, body)
}

#[actix_web::test]
async fn data_answers_carry_validators_that_follow_the_data_and_the_query() {
    let (status, etag, control, _) = get(DATA, 60, "/data?Location=Seattle&_limit=1", &[]).await;
    assert_eq!(status, 200);
    let etag = etag.expect("an ETag");
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "strong: {etag}"
    );
    assert_eq!(control.as_deref(), Some("public, max-age=60"));
    // The same question, spelled differently: the same tag.
    let (_, same, _, _) = get(DATA, 60, "/data?_limit=%31&Location=Seattle", &[]).await;
    assert_eq!(same.as_deref(), Some(etag.as_str()));
    // Other data or another question: another tag.
    let other = DATA.replace("Austin", "Boston");
    let (_, changed, _, _) = get(&other, 60, "/data?Location=Seattle&_limit=1", &[]).await;
    assert_ne!(changed.as_deref(), Some(etag.as_str()));
    let (_, asked, _, _) = get(DATA, 60, "/data?Location=Austin&_limit=1", &[]).await;
    assert_ne!(asked.as_deref(), Some(etag.as_str()));
    for uri in [
        "/data/count",
        "/data/all",
        "/data/facets?_field=Location",
        "/fields",
    ] {
        let (_, tag, _, _) = get(DATA, 60, uri, &[]).await;
        assert!(tag.is_some(), "{uri}");
    }
    let (_, none, _, _) = get(DATA, 60, "/health", &[]).await;
    assert_eq!(none, None);
    let (_, _, no_cache, _) = get(DATA, 0, "/data/count", &[]).await;
    assert_eq!(no_cache.as_deref(), Some("no-cache"));
}

#[actix_web::test]
async fn a_current_tag_gets_304_with_no_body_and_an_old_one_the_answer() {
    let (_, etag, _, body) = get(DATA, 60, "/data/count?Location=Austin", &[]).await;
    let etag = etag.expect("an ETag");
    assert_eq!(body, br#"{"count":1}"#);
    let (status, tag, control, body) = get(
        DATA,
        60,
        "/data/count?Location=Austin",
        &[("If-None-Match", etag.as_str())],
    )
    .await;
    assert_eq!((status, body.len()), (304, 0));
    assert_eq!(tag.as_deref(), Some(etag.as_str()));
    assert_eq!(control.as_deref(), Some("public, max-age=60"));
    let (status, _, _, body) = get(
        DATA,
        60,
        "/data/count?Location=Austin",
        &[("If-None-Match", "\"0000000000000000\"")],
    )
    .await;
    assert_eq!((status, body.as_slice()), (200, &br#"{"count":1}"#[..]));
}
