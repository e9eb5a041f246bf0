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

/// A reload between the moment a request's tag is worked out and the moment its handler
/// reads the data must not send the new data under the old tag: the request is answered
/// from the one snapshot it took. The hook swaps the data at exactly that moment.
#[test]
fn a_reload_between_the_tag_and_the_handler_does_not_mix_two_versions() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use actix_web::web;
    use jobsctl::dataset::Dataset;
    use jobsctl::serve::State;

    let before = DATA;
    let after = DATA.replace("Seattle", "Spokane");
    let swap = Arc::new(AtomicBool::new(true));
    let hook = {
        let swap = Arc::clone(&swap);
        let after = after.clone();
        move |state: &State| {
            if swap.swap(false, Ordering::SeqCst) {
                state.replace(Dataset::from_json(after.as_bytes()).expect("test data"));
            }
        }
    };
    let dataset = Dataset::from_json(before.as_bytes()).expect("test data");
    let state = web::Data::new(State::new(dataset).with_hook_after_tag(hook));
    let api = Api::new(state.clone(), true);
    // A regex filter: the handler waits on the pool before it reads the data.
    for uri in ["/data?Location:regex=^S", "/data/facets?_field=Location"] {
        swap.store(true, Ordering::SeqCst);
        let mixed = api.get(uri);
        assert!(!swap.load(Ordering::SeqCst), "the hook ran for {uri}");
        let old = Api::from_json(before).get(uri);
        let new = Api::from_json(&after).get(uri);
        assert_ne!(old.text(), new.text(), "{uri}: the two versions differ");
        assert_eq!(
            (mixed.header("etag"), mixed.text()),
            (old.header("etag"), old.text()),
            "{uri}: the tag and the body are both the old version's"
        );
        // The next request sees the new data, under the new tag.
        let next = api.get(uri);
        assert_eq!(
            (next.header("etag"), next.text()),
            (new.header("etag"), new.text()),
            "{uri}"
        );
        // Swap back for the next route.
        state.replace(Dataset::from_json(before.as_bytes()).expect("test data"));
    }
}
