//! HTTP caching in-process: strong ETags from the data and the meaning of the query,
//! Cache-Control from the state, and 304 for a matching If-None-Match.

use crate::common::inproc::Api;

const DATA: &str = r#"[{"Id": 1, "Location": "Seattle"}, {"Id": 2, "Location": "Austin"}]"#;

#[test]
fn data_answers_carry_validators_that_follow_the_data_and_the_query() {
    let api = Api::with_cache_max_age(DATA, 60);
    let first = api.get("/data?Location=Seattle&_limit=1");
    assert_eq!(first.status, 200);
    let etag = first.header("etag").expect("an ETag");
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "strong: {etag}"
    );
    assert_eq!(first.header("cache-control"), Some("public, max-age=60"));
    // The same question, spelled differently: the same tag.
    let same = api.get("/data?_limit=%31&Location=Seattle");
    assert_eq!(same.header("etag"), Some(etag));
    // Other data or another question: another tag.
    let other = Api::with_cache_max_age(&DATA.replace("Austin", "Boston"), 60);
    assert_ne!(
        other.get("/data?Location=Seattle&_limit=1").header("etag"),
        Some(etag)
    );
    assert_ne!(
        api.get("/data?Location=Austin&_limit=1").header("etag"),
        Some(etag)
    );
    for uri in [
        "/data/count",
        "/data/all",
        "/data/facets?_field=Location",
        "/fields",
    ] {
        assert!(api.get(uri).header("etag").is_some(), "{uri}");
    }
    assert_eq!(api.get("/health").header("etag"), None);
    let no_cache = Api::with_cache_max_age(DATA, 0).get("/data/count");
    assert_eq!(no_cache.header("cache-control"), Some("no-cache"));
}

#[test]
fn a_current_tag_gets_304_with_no_body_and_an_old_one_the_answer() {
    let api = Api::with_cache_max_age(DATA, 60);
    let first = api.get("/data/count?Location=Austin");
    let etag = first.header("etag").expect("an ETag");
    assert_eq!(first.text(), r#"{"count":1}"#);
    let again = api.get_with("/data/count?Location=Austin", ("If-None-Match", etag));
    assert_eq!((again.status, again.body.len()), (304, 0));
    assert_eq!(again.header("etag"), Some(etag));
    assert_eq!(again.header("cache-control"), Some("public, max-age=60"));
    let stale = api.get_with(
        "/data/count?Location=Austin",
        ("If-None-Match", "\"0000000000000000\""),
    );
    assert_eq!(
        (stale.status, stale.text().as_str()),
        (200, r#"{"count":1}"#)
    );
}

#[test]
fn a_star_gets_304_only_for_an_answer_that_would_be_200() {
    let api = Api::with_cache_max_age(DATA, 60);
    let star = ("If-None-Match", "*");
    let current = api.get_with("/data/count?Location=Austin", star);
    assert_eq!((current.status, current.body.len()), (304, 0));
    assert_eq!(
        current.header("etag"),
        api.get("/data/count?Location=Austin").header("etag")
    );
    // A query with a mistake has no current answer to match (RFC 9110, 13.2.1): its 400.
    let mistaken = api.get_with("/data/all?_limit=-1", star);
    assert_eq!(mistaken.status, 400);
    assert!(mistaken.error().contains("_limit"), "{}", mistaken.error());
}
