//! Requests that cost more than they should, or that turn answers against their readers:
//! HEAD renders nothing, a repeated `_fields` and too many regular expressions are refused,
//! downloaded CSV cannot run formulas, and `--no-cors` sends no CORS header at all.

use actix_web::test as actix_test;
use actix_web::web;
use jobsctl::dataset::Dataset;
use jobsctl::serve::{State, app};

const DATA: &str = r#"[
 {"Id": 1, "Note": "=HYPERLINK(\"http://example.invalid\")", "Location": "Seattle"},
 {"Id": 2, "Note": "+1", "Location": "Austin"},
 {"Id": 3, "Note": "plain", "Location": "Seattle"}
]"#;

/// Sends `request` to the in-process app (CORS on or off): status, headers, body.
async fn send(
    cors: bool,
    request: actix_test::TestRequest,
) -> (u16, Vec<(String, String)>, String) {
    let dataset = Dataset::from_json(DATA.as_bytes()).expect("dataset");
    let service = actix_test::init_service(app(web::Data::new(State::new(dataset)), cors)).await;
    let response = actix_test::call_service(&service, request.to_request()).await;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = actix_test::read_body(response).await;
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[actix_web::test]
async fn head_answers_with_the_headers_and_renders_no_body() {
    for uri in [
        "/data?Location=Seattle&_format=csv",
        "/data/all",
        "/data/all?_fields=Id",
    ] {
        let (get_status, get_headers, get_body) =
            send(true, actix_test::TestRequest::get().uri(uri)).await;
        let (status, headers, body) = send(
            true,
            actix_test::TestRequest::default()
                .method(actix_web::http::Method::HEAD)
                .uri(uri),
        )
        .await;
        assert_eq!((status, get_status), (200, 200), "{uri}");
        assert!(!get_body.is_empty(), "{uri}");
        assert_eq!(body, "", "{uri}");
        for name in ["x-total-count", "content-type", "etag"] {
            assert_eq!(
                header(&headers, name),
                header(&get_headers, name),
                "{uri} {name}"
            );
        }
    }
}

#[actix_web::test]
async fn a_request_cannot_multiply_its_cost() {
    let repeated = send(
        true,
        actix_test::TestRequest::get().uri("/data/all?_fields=Id,Note,Id"),
    )
    .await;
    assert_eq!(repeated.0, 400);
    assert!(
        repeated.2.contains("\\\"Id\\\" is listed more than once"),
        "{}",
        repeated.2
    );
    let patterns: String = (0..17).map(|n| format!("&Note=x{n}")).collect();
    let (status, _, body) = send(
        true,
        actix_test::TestRequest::get().uri(&format!("/data/count?Id=1{patterns}")),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("too many regular expressions (18)"), "{body}");
    assert!(body.contains("at most 16"), "{body}");
    // The same values as exact tokens cost nothing to combine.
    let tokens: String = (0..17).map(|n| format!("&Note:ne=x{n}")).collect();
    let (status, _, body) = send(
        true,
        actix_test::TestRequest::get().uri(&format!("/data/count?Id:eq=1{tokens}")),
    )
    .await;
    assert_eq!((status, body.as_str()), (200, r#"{"count":1}"#));
}

#[actix_web::test]
async fn downloaded_csv_cannot_run_formulas_and_api_csv_stays_faithful() {
    let (status, headers, body) = send(
        true,
        actix_test::TestRequest::get().uri("/data?_format=csv&_fields=Note&_download=1"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-disposition"),
        Some("attachment; filename=\"jobs.csv\"")
    );
    assert_eq!(
        body,
        "Note\r\n\"'=HYPERLINK(\"\"http://example.invalid\"\")\"\r\n'+1\r\nplain\r\n"
    );
    let (_, headers, body) = send(
        true,
        actix_test::TestRequest::get().uri("/data?_format=csv&_fields=Note"),
    )
    .await;
    assert_eq!(header(&headers, "content-disposition"), None);
    assert_eq!(
        body,
        "Note\r\n\"=HYPERLINK(\"\"http://example.invalid\"\")\"\r\n+1\r\nplain\r\n"
    );
    let (_, headers, _) = send(
        true,
        actix_test::TestRequest::get().uri("/data?_download=1"),
    )
    .await;
    assert_eq!(
        header(&headers, "content-disposition"),
        Some("attachment; filename=\"jobs.json\"")
    );
    let (status, _, body) = send(
        true,
        actix_test::TestRequest::get().uri("/data?_download=yes"),
    )
    .await;
    assert_eq!(status, 400, "{body}");
}

#[actix_web::test]
async fn no_cors_means_no_cors_header_at_all() {
    let preflight = || {
        actix_test::TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri("/data")
            .insert_header(("Origin", "http://elsewhere.invalid"))
            .insert_header(("Access-Control-Request-Method", "GET"))
    };
    for (cors, request) in [
        (false, preflight()),
        (false, actix_test::TestRequest::get().uri("/data/count")),
    ] {
        let (status, headers, _) = send(cors, request).await;
        assert!(status < 300, "{status}");
        let cors_headers: Vec<&String> = headers
            .iter()
            .map(|(k, _)| k)
            .filter(|k| k.starts_with("access-control-"))
            .collect();
        assert!(cors_headers.is_empty(), "{cors_headers:?}");
    }
    let (_, headers, _) = send(true, preflight()).await;
    assert_eq!(
        header(&headers, "access-control-allow-methods"),
        Some("GET, HEAD, OPTIONS")
    );
}

#[actix_web::test]
async fn big_bodies_are_sent_uncompressed_and_small_ones_compressed() {
    let records: Vec<serde_json::Value> = (0..20_000)
        .map(|i| serde_json::json!({ "Id": i, "Text": "some text to make the body big" }))
        .collect();
    let dataset = Dataset::from_json(serde_json::to_string(&records).expect("json").as_bytes())
        .expect("dataset");
    let service = actix_test::init_service(app(web::Data::new(State::new(dataset)), true)).await;
    for (uri, compressed) in [
        ("/data/all", false),
        ("/data?_format=ndjson", false),
        ("/data?_limit=50", true),
    ] {
        let request = actix_test::TestRequest::get()
            .uri(uri)
            .insert_header(("Accept-Encoding", "br"))
            .to_request();
        let response = actix_test::call_service(&service, request).await;
        let coding = response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = actix_test::read_body(response).await;
        if compressed {
            assert_eq!(coding.as_deref(), Some("br"), "{uri}");
        } else {
            assert_ne!(coding.as_deref(), Some("br"), "{uri}");
            assert!(body.len() > 1_000_000, "{uri}: {} bytes", body.len());
        }
    }
}
