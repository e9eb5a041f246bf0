//! Request limits as a client sees them: headers over 32 KiB in total get a 431 and query
//! strings over 8 KiB a 414, each with a JSON body, over a real socket and in-process, and
//! both are in the OpenAPI document.

use actix_web::test::TestRequest;

use crate::common::FIXTURE;
use crate::common::bin::Server;
use crate::common::http::raw_exchange;
use crate::common::inproc::Api;

/// The 32 KiB limit, as documented.
const MAX_HEADER_BYTES: usize = 32 * 1024;

/// A GET of `/health` whose headers total about `bytes`, in 4 KiB cookies.
fn request_with_headers(bytes: usize) -> String {
    let mut request = String::from("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    let mut sent = "Host: 127.0.0.1\r\n".len();
    let mut n = 0;
    while sent < bytes {
        let value = "c".repeat(4000.min(bytes - sent));
        let line = format!("X-Cookie-{n}: {value}\r\n");
        sent += line.len();
        request.push_str(&line);
        n += 1;
    }
    request.push_str("Connection: close\r\n\r\n");
    request
}

/// The status line, headers and body of a raw HTTP answer.
fn split(answer: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (head.to_owned(), body.to_owned())
}

#[test]
fn forty_kilobytes_of_headers_get_a_json_431_over_a_socket() {
    let (_dir, server) = Server::over(FIXTURE, &["--quiet"]);
    let (head, body) = split(&raw_exchange(
        &server.base,
        request_with_headers(40_000).as_bytes(),
    ));
    assert!(head.starts_with("HTTP/1.1 431"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    let error: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    let message = error["error"].as_str().unwrap_or_default();
    assert!(message.contains("the limit is 32768"), "{message}");
    let (head, _) = split(&raw_exchange(
        &server.base,
        request_with_headers(30_000).as_bytes(),
    ));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
}

#[test]
fn the_header_limit_counts_every_field_and_holds_on_every_route() {
    let api = Api::fixture();
    let big = "v".repeat(MAX_HEADER_BYTES);
    for uri in ["/health", "/data?Location=Seattle", "/no/such/route"] {
        let response = api.send(
            TestRequest::get()
                .uri(uri)
                .insert_header(("X-Big", big.as_str())),
        );
        assert_eq!(response.status, 431, "{uri}");
        assert_eq!(response.header("content-type"), Some("application/json"));
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert!(response.error().contains("headers"), "{}", response.error());
    }
    // Just under the limit, counted as `Name: value` and a line break.
    let fits = "v".repeat(MAX_HEADER_BYTES - "X-Big: \r\n".len());
    let response = api.send(
        TestRequest::get()
            .uri("/health")
            .insert_header(("X-Big", fits.as_str())),
    );
    assert_eq!(response.status, 200, "{}", response.text());
}

#[test]
fn a_long_query_string_gets_a_json_414() {
    let api = Api::fixture();
    let response = api.get(&format!("/data/count?Location={}", "x".repeat(9000)));
    assert_eq!(response.status, 414);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert!(
        response.error().contains("the limit is 8192"),
        "{}",
        response.error()
    );
}

#[test]
fn openapi_lists_the_431_everywhere_and_the_414_on_the_data_routes() {
    let doc = Api::fixture().get("/openapi.json").json();
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        let responses = &item["get"]["responses"];
        assert_eq!(
            responses["431"]["$ref"], "#/components/responses/HeadersTooLarge",
            "{path}"
        );
        if path.starts_with("/data") {
            assert_eq!(
                responses["414"]["$ref"], "#/components/responses/TooLong",
                "{path}"
            );
        }
    }
    for (name, status) in [("HeadersTooLarge", "32768"), ("TooLong", "8192")] {
        let response = &doc["components"]["responses"][name];
        assert!(
            response["description"]
                .as_str()
                .unwrap_or_default()
                .contains(status),
            "{name}: {response}"
        );
        assert_eq!(
            response["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
    }
}
