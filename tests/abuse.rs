//! Requests that cost more than they should, or that turn answers against their readers:
//! HEAD renders nothing, a repeated `_fields` is refused, a query past its time limit is
//! stopped, downloaded CSV cannot run formulas, big bodies hold no compressor, streamed
//! answers are bounded in number, and `--no-cors` sends no CORS header at all.

use std::time::Duration;

use actix_web::test::TestRequest;
use actix_web::web;
use jobsctl::dataset::Dataset;
use jobsctl::serve::State;

use crate::common::inproc::Api;

const DATA: &str = r#"[
 {"Id": 1, "Note": "=HYPERLINK(\"http://example.invalid\")", "Location": "Seattle"},
 {"Id": 2, "Note": "+1", "Location": "Austin"},
 {"Id": 3, "Note": "plain", "Location": "Seattle"}
]"#;

#[test]
fn head_answers_with_the_headers_and_renders_no_body() {
    let api = Api::from_json(DATA);
    for uri in [
        "/data?Location=Seattle&_format=csv",
        "/data/all",
        "/data/all?_fields=Id",
    ] {
        let get = api.get(uri);
        let head = api.request("HEAD", uri);
        assert_eq!((head.status, get.status), (200, 200), "{uri}");
        assert!(!get.body.is_empty(), "{uri}");
        assert!(head.body.is_empty(), "{uri}");
        for name in ["x-total-count", "content-type", "etag"] {
            assert_eq!(head.header(name), get.header(name), "{uri} {name}");
        }
    }
}

#[test]
fn a_request_cannot_multiply_its_cost() {
    let api = Api::from_json(DATA);
    let repeated = api.get("/data/all?_fields=Id,Note,Id");
    assert_eq!(repeated.status, 400);
    assert!(
        repeated
            .text()
            .contains("\\\"Id\\\" is listed more than once"),
        "{}",
        repeated.text()
    );
    // The same values as exact tokens cost nothing to combine.
    let tokens: String = (0..17).map(|n| format!("&Note:ne=x{n}")).collect();
    let counted = api.get(&format!("/data/count?Id:eq=1{tokens}"));
    assert_eq!(
        (counted.status, counted.text().as_str()),
        (200, r#"{"count":1}"#)
    );
}

#[test]
fn many_regular_expressions_are_answered_within_the_default_time_limit() {
    let api = Api::from_json(DATA);
    // 24 plain filters in the default regex mode, and a `_where` with a regex on every
    // field at two levels (what schemathesis's coverage phase builds): no count limit.
    let patterns: Vec<String> = (0..24).map(|n| format!("^[^x]|x{n}")).collect();
    let mut pairs = vec![("Id", "1|3")];
    pairs.extend(patterns.iter().map(|p| ("Note", p.as_str())));
    let counted = api.get_query("/data/count", &pairs);
    assert_eq!(
        (counted.status, counted.text().as_str()),
        (200, r#"{"count":2}"#)
    );
    let leaf = |field: &str, n: usize| format!(r#"{{"{field}":{{"regex":"^.|{n}"}}}}"#);
    let level: Vec<String> = (0..8)
        .flat_map(|n| ["Id", "Note", "Location"].map(|f| leaf(f, n)))
        .collect();
    let inner = format!(r#"{{"and":[{}]}}"#, level.join(","));
    let outer = format!(r#"{{"or":[{inner},{}]}}"#, level.join(","));
    let answered = api.get_query("/data/count", &[("_where", &outer)]);
    assert_eq!(
        (answered.status, answered.text().as_str()),
        (200, r#"{"count":3}"#)
    );
}

#[test]
fn a_query_past_its_time_limit_is_stopped_with_a_400_that_says_how_to_narrow_it() {
    let dataset = Dataset::from_json(DATA.as_bytes()).expect("test data set");
    let state = State::new(dataset).with_query_time_limit(Some(Duration::ZERO));
    let api = Api::new(web::Data::new(state), true);
    for uri in [
        "/data/count?Note=plain",
        "/data?Note:contains=plain",
        "/data/facets?_field=Location&_search=plain",
        "/data?_where=%7B%22Id%22%3A%7B%22gt%22%3A1%7D%7D",
    ] {
        let late = api.get(uri);
        assert_eq!(late.status, 400, "{uri}");
        let message = late.text();
        for part in [
            "the query took longer than this server's limit of 0ns",
            "--query-time-limit",
            "narrow it",
        ] {
            assert!(message.contains(part), "{uri}: {part:?} in {message}");
        }
        // The query was abandoned, not remembered half-done: it fails again.
        assert_eq!(api.get(uri).status, 400, "{uri} again");
    }
    // Exact values read postings, which takes no time to speak of.
    let exact = api.get("/data/count?Note=plain&_match=token");
    assert_eq!(
        (exact.status, exact.text().as_str()),
        (200, r#"{"count":1}"#)
    );
    // The explorer says the same, beside the search box.
    let page = api.get("/?Note=plain");
    assert_eq!(page.status, 400);
    assert!(page.text().contains("took longer than"), "{}", page.text());
}

#[test]
fn downloaded_csv_cannot_run_formulas_and_api_csv_stays_faithful() {
    let api = Api::from_json(DATA);
    let download = api.get("/data?_format=csv&_fields=Note&_download=1");
    assert_eq!(download.status, 200);
    assert_eq!(
        download.header("content-disposition"),
        Some("attachment; filename=\"jobs.csv\"")
    );
    assert_eq!(
        download.text(),
        "\"Note\"\r\n\"'=HYPERLINK(\"\"http://example.invalid\"\")\"\r\n\"'+1\"\r\n\"plain\"\r\n"
    );
    // What the review found passing: a blank (a space, a no-break space, a tab) before the
    // formula, or a separator a spreadsheet may be set to split on. Every cell is quoted,
    // so no separator splits one, and each of these starts with a '.
    let tricks = [" =1+1", "\u{a0}=1+1", "\t=1+1", ";=1+1", "|=1+1", "a;=1+1"];
    let records: Vec<serde_json::Value> = tricks
        .iter()
        .map(|note| serde_json::json!({ "Note": note }))
        .collect();
    let tricky = Api::from_json(&serde_json::Value::from(records).to_string());
    let download = tricky.get("/data/all?_format=csv&_download=1").text();
    let cells: Vec<&str> = download
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        cells,
        [
            "\"' =1+1\"",
            "\"'\u{a0}=1+1\"",
            "\"'\t=1+1\"",
            "\"';=1+1\"",
            "\"'|=1+1\"",
            "\"a;=1+1\""
        ],
        "{download:?}"
    );
    let plain = api.get("/data?_format=csv&_fields=Note");
    assert_eq!(plain.header("content-disposition"), None);
    assert_eq!(
        plain.text(),
        "Note\r\n\"=HYPERLINK(\"\"http://example.invalid\"\")\"\r\n+1\r\nplain\r\n"
    );
    assert_eq!(
        api.get("/data?_download=1").header("content-disposition"),
        Some("attachment; filename=\"jobs.json\"")
    );
    assert_eq!(api.get("/data?_download=yes").status, 400);
}

#[test]
fn no_cors_means_no_cors_header_at_all() {
    let preflight = || {
        TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri("/data")
            .insert_header(("Origin", "http://elsewhere.invalid"))
            .insert_header(("Access-Control-Request-Method", "GET"))
    };
    let quiet = Api::from_json_with_cors(DATA, false);
    for request in [preflight(), TestRequest::get().uri("/data/count")] {
        let response = quiet.send(request);
        assert!(response.status < 300, "{}", response.status);
        let cors: Vec<&String> = response
            .headers
            .iter()
            .map(|(k, _)| k)
            .filter(|k| k.starts_with("access-control-"))
            .collect();
        assert!(cors.is_empty(), "{cors:?}");
    }
    let open = Api::from_json(DATA).send(preflight());
    assert_eq!(
        open.header("access-control-allow-methods"),
        Some("GET, HEAD, OPTIONS")
    );
}

/// A big answer made per request goes plain (a compressor per connection would hold
/// megabytes for as long as its client stays); `/data/all` is compressed once and shared
/// (tests/precompressed.rs); small answers are compressed as they go.
#[test]
fn big_bodies_made_per_request_are_sent_uncompressed_and_small_ones_compressed() {
    let records: Vec<serde_json::Value> = (0..20_000)
        .map(|i| serde_json::json!({ "Id": i, "Text": "some text to make the body big" }))
        .collect();
    let api = Api::from_json(&serde_json::to_string(&records).expect("json"));
    for (uri, compressed) in [
        ("/data/all", true),
        ("/data?_format=ndjson", false),
        ("/data?_limit=50", true),
    ] {
        let response = api.get_with(uri, ("Accept-Encoding", "br"));
        if compressed {
            assert_eq!(response.header("content-encoding"), Some("br"), "{uri}");
        } else {
            assert_ne!(response.header("content-encoding"), Some("br"), "{uri}");
            assert!(
                response.body.len() > 1_000_000,
                "{uri}: {} bytes",
                response.body.len()
            );
        }
    }
}

#[actix_web::test]
async fn streamed_answers_are_bounded_and_a_slot_comes_back_when_its_reader_goes() {
    use actix_web::test::{call_service, init_service, read_body};
    use jobsctl::dataset::Dataset;
    use jobsctl::serve::{Pool, State, app};

    let records: Vec<serde_json::Value> = (0..20_000)
        .map(|i| serde_json::json!({ "Id": i, "Text": "some text ".repeat(12) }))
        .collect();
    let dataset = Dataset::from_json(&serde_json::to_vec(&records).expect("json")).expect("data");
    let pool = Pool::for_this_machine().with_max_streams(1);
    let state = actix_web::web::Data::new(State::new(dataset).with_pool(pool));
    let app = init_service(app(state, true)).await;
    let big = || TestRequest::get().uri("/data?_format=ndjson").to_request();

    // A reader that has not read its answer yet holds the only slot.
    let held = call_service(&app, big()).await;
    assert_eq!(held.status(), 200);
    let refused = call_service(&app, big()).await;
    assert_eq!(refused.status(), 503);
    assert_eq!(
        refused.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"1"[..])
    );
    let message: serde_json::Value =
        serde_json::from_slice(&read_body(refused).await).expect("json");
    assert!(
        message["error"]
            .as_str()
            .is_some_and(|e| e.contains("--max-streams")),
        "{message}"
    );
    // Answers sent whole are not streamed, and are answered as before: a page, and every
    // record with one field kept (an answer that only looks big from its record count).
    for (uri, records) in [("/data?_fields=Id", 20_000), ("/data?_limit=1000", 1000)] {
        let whole = call_service(&app, TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(whole.status(), 200, "{uri}");
        let body = read_body(whole).await;
        let list: Vec<serde_json::Value> = serde_json::from_slice(&body).expect("json");
        assert_eq!(list.len(), records, "{uri}");
    }

    // Its reader gone, the slot is free again, and a streamed answer arrives whole.
    drop(held);
    let again = call_service(&app, big()).await;
    assert_eq!(again.status(), 200);
    let body = read_body(again).await;
    let lines: Vec<&[u8]> = body
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 20_000);
    let last: serde_json::Value = serde_json::from_slice(lines[19_999]).expect("json");
    assert_eq!(last["Id"], 19_999);
}

#[test]
fn facets_are_bounded_before_they_are_built() {
    let api = Api::from_json(DATA);
    let refused = |uri: &str, says: &str| {
        let answer = api.get(uri);
        assert_eq!(answer.status, 400, "{uri}: {}", answer.text());
        assert!(answer.text().contains(says), "{uri}: {}", answer.text());
    };
    // One GET used to ask for the same facet 819 times.
    refused(
        "/data/facets?_field=Id&_field=Location&_field=Id",
        "\\\"Id\\\" is asked for more than once",
    );
    refused("/?_field=Id&_field=Id", "is asked for more than once");
    refused(
        "/data/facets?_field=Id&_limit=10001",
        "at most 10000 values",
    );
    // A repeated sort key could never change the order: it is dropped, so a query has at
    // most as many keys as there are fields, and the answer is that of the first keys.
    for (repeated, first) in [
        ("_sort=-Id,Id", "_sort=-Id"),
        ("_sort=Location,-Id,-Location,Id", "_sort=Location,-Id"),
    ] {
        let answer = api.get(&format!("/data?{repeated}"));
        assert_eq!(answer.status, 200, "{repeated}");
        assert_eq!(answer.text(), api.get(&format!("/data?{first}")).text());
    }

    // Past 16 fields a request is refused, naming the limit.
    let wide: String = (0..17)
        .map(|n| format!("{{\"F{n}\": {n}}}"))
        .collect::<Vec<_>>()
        .join(",");
    let wide = Api::from_json(&format!("[{wide}]"));
    let fields: String = (0..17).map(|n| format!("&_field=F{n}")).collect();
    let answer = wide.get(&format!("/data/facets?{}", &fields[1..]));
    assert_eq!(answer.status, 400, "{}", answer.text());
    assert!(
        answer.text().contains("at most 16 fields"),
        "{}",
        answer.text()
    );
    let sixteen: String = (0..16).map(|n| format!("&_field=F{n}")).collect();
    assert_eq!(
        wide.get(&format!("/data/facets?{}", &sixteen[1..])).status,
        200
    );
}

#[test]
fn a_facet_lists_a_hundred_values_unless_asked_and_says_when_it_left_some_out() {
    let records: Vec<String> = (0..150)
        .map(|n| format!("{{\"Id\": {n}, \"Even\": {}}}", n % 2 == 0))
        .collect();
    let api = Api::from_json(&format!("[{}]", records.join(",")));
    for filter in ["", "&Id:gte=0"] {
        let facet = api.get(&format!("/data/facets?_field=Id{filter}")).json();
        assert_eq!(
            facet["values"].as_array().map(Vec::len),
            Some(100),
            "{filter}"
        );
        assert_eq!(facet["truncated"], true, "{filter}");
        assert_eq!(facet["total"], 150, "{filter}");
        let all = api
            .get(&format!("/data/facets?_field=Id&_limit=150{filter}"))
            .json();
        assert_eq!(
            all["values"].as_array().map(Vec::len),
            Some(150),
            "{filter}"
        );
        assert_eq!(all["truncated"], false, "{filter}");
    }
    let both = api
        .get("/data/facets?_field=Even&_field=Id&_limit=2")
        .json();
    assert_eq!(both["facets"][0]["truncated"], false);
    assert_eq!(both["facets"][1]["truncated"], true);
    assert_eq!(both["facets"][0]["values"][0]["count"], 75);
}

#[test]
fn a_facets_answer_too_big_to_build_is_refused_with_what_to_do() {
    // 1,800 distinct values of 10 KB: 18 MB of facet, past the 16 MB an answer may have.
    let records: Vec<String> = (0..1800)
        .map(|n| format!("{{\"Text\": \"{n:05}{}\"}}", "x".repeat(10_000)))
        .collect();
    let api = Api::from_json(&format!("[{}]", records.join(",")));
    let answer = api.get("/data/facets?_field=Text&_limit=10000");
    assert_eq!(
        answer.status,
        400,
        "{}",
        &answer.text()[..200.min(answer.text().len())]
    );
    assert!(
        answer.text().contains("fewer values (_limit)"),
        "{}",
        answer.text()
    );
    let fewer = api.get("/data/facets?_field=Text&_limit=1000");
    assert_eq!(fewer.status, 200);
    assert_eq!(fewer.json()["values"].as_array().map(Vec::len), Some(1000));
}

#[test]
fn head_of_facets_counts_nothing_and_sends_no_false_length() {
    let api = Api::from_json(DATA);
    for uri in [
        "/data/facets?_field=Location",
        "/data/facets?_field=Location&Location:regex=^S",
    ] {
        let get = api.get(uri);
        let head = api.request("HEAD", uri);
        assert_eq!((head.status, get.status), (200, 200), "{uri}");
        assert!(head.body.is_empty(), "{uri}");
        assert_eq!(
            head.header("content-type"),
            get.header("content-type"),
            "{uri}"
        );
        assert_eq!(head.header("etag"), get.header("etag"), "{uri}");
        assert_ne!(head.header("content-length"), Some("0"), "{uri}");
    }
    // A query GET would refuse is refused to HEAD too.
    let get = api.get("/data/facets?_field=Location&Location:regex=(a{999}){999}");
    assert_eq!(get.status, 400, "{}", get.text());
    assert_eq!(
        api.request(
            "HEAD",
            "/data/facets?_field=Location&Location:regex=(a{999}){999}"
        )
        .status,
        400
    );
}
