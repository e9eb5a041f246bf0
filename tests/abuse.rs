//! Requests that cost more than they should, or that turn answers against their readers:
//! HEAD renders nothing, a repeated `_fields` and too many regular expressions are refused,
//! downloaded CSV cannot run formulas, big bodies hold no compressor, streamed answers are
//! bounded in number, and `--no-cors` sends no CORS header at all.

use actix_web::test::TestRequest;

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
    let patterns: String = (0..17).map(|n| format!("&Note=x{n}")).collect();
    let refused = api.get(&format!("/data/count?Id=1{patterns}"));
    assert_eq!(refused.status, 400);
    let message = refused.text();
    assert!(
        message.contains("too many regular expressions (18)"),
        "{message}"
    );
    assert!(message.contains("at most 16"), "{message}");
    // The same values as exact tokens cost nothing to combine.
    let tokens: String = (0..17).map(|n| format!("&Note:ne=x{n}")).collect();
    let counted = api.get(&format!("/data/count?Id:eq=1{tokens}"));
    assert_eq!(
        (counted.status, counted.text().as_str()),
        (200, r#"{"count":1}"#)
    );
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

#[test]
fn big_bodies_are_sent_uncompressed_and_small_ones_compressed() {
    let records: Vec<serde_json::Value> = (0..20_000)
        .map(|i| serde_json::json!({ "Id": i, "Text": "some text to make the body big" }))
        .collect();
    let api = Api::from_json(&serde_json::to_string(&records).expect("json"));
    for (uri, compressed) in [
        ("/data/all", false),
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
