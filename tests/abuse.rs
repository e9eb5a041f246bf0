//! Requests that cost more than they should, or that turn answers against their readers:
//! HEAD renders nothing, a repeated `_fields` and too many regular expressions are refused,
//! downloaded CSV cannot run formulas, big bodies hold no compressor, and `--no-cors` sends
//! no CORS header at all.

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
        "Note\r\n\"'=HYPERLINK(\"\"http://example.invalid\"\")\"\r\n'+1\r\nplain\r\n"
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
