//! `/data/all` compressed once per data version: each format in gzip and brotli, the same
//! bytes for every client, decoding to the plain answer; HEAD starts no work; a reload
//! compresses the new data; every other big answer keeps its per-connection bound.

use std::io::Read;
use std::time::Duration;

use actix_web::test::TestRequest;
use actix_web::web;
use jobsctl::dataset::Dataset;
use jobsctl::serve::State;

use crate::common::bin::Server;
use crate::common::http::{Response, raw_get};
use crate::common::inproc::Api;

/// Records enough for a `/data/all` of 1.3 to 2 MB: more than one piece, so sent plain
/// before this was built.
fn big_json(text: &str) -> String {
    let records: Vec<serde_json::Value> = (0..30_000)
        .map(|i| {
            let city = ["Austin", "Seattle"][i % 2];
            serde_json::json!({ "Id": i, "Text": text, "City": city })
        })
        .collect();
    serde_json::to_string(&records).expect("json")
}

fn decoded(coding: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match coding {
        "gzip" => flate2::read::GzDecoder::new(body).read_to_end(&mut out),
        "br" => brotli::Decompressor::new(body, 4096).read_to_end(&mut out),
        other => panic!("no decoder for {other}"),
    }
    .expect("decode");
    out
}

fn head(api: &Api, uri: &str, coding: &str) -> Response {
    api.send(
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri(uri)
            .insert_header(("Accept-Encoding", coding)),
    )
}

#[test]
fn each_format_is_compressed_once_in_each_coding_and_decodes_to_the_plain_answer() {
    let api = Api::from_json(&big_json("some text to make the body big"));
    for format in ["json", "ndjson", "csv"] {
        let uri = format!("/data/all?_format={format}");
        let plain = api.get(&uri);
        assert_eq!(plain.status, 200);
        assert!(plain.body.len() > 1_200_000, "{uri}: {}", plain.body.len());
        for (accept, coding) in [("gzip", "gzip"), ("gzip, deflate, br, zstd", "br")] {
            let what = format!("{uri} with {accept}");
            let first = api.get_with(&uri, ("Accept-Encoding", accept));
            assert_eq!(first.status, 200, "{what}");
            assert_eq!(first.header("content-encoding"), Some(coding), "{what}");
            assert_eq!(first.header("x-total-count"), Some("30000"), "{what}");
            assert_eq!(
                first.header("content-type"),
                plain.header("content-type"),
                "{what}"
            );
            assert_eq!(decoded(coding, &first.body), plain.body, "{what}");
            assert!(first.body.len() * 10 < plain.body.len(), "{what}");
            let tag = first.header("etag").expect("an ETag").to_owned();
            assert!(tag.ends_with(&format!("-{coding}\"")), "{what}: {tag}");
            // The same bytes again, and the same length for HEAD, now that they exist.
            let again = api.get_with(&uri, ("Accept-Encoding", accept));
            assert_eq!(again.body, first.body, "{what}");
            assert_eq!(again.header("etag"), Some(tag.as_str()), "{what}");
            let length = first.body.len().to_string();
            let headed = head(&api, &uri, accept);
            assert_eq!(
                headed.header("content-length"),
                Some(length.as_str()),
                "{what}"
            );
            assert_eq!(headed.header("content-encoding"), Some(coding), "{what}");
            let unchanged = api.send(
                TestRequest::get()
                    .uri(&uri)
                    .insert_header(("Accept-Encoding", accept))
                    .insert_header(("If-None-Match", tag.as_str())),
            );
            assert_eq!(unchanged.status, 304, "{what}");
        }
    }
    // The default format, asked for without `_format`, is the JSON one.
    let json = api.get_with("/data/all", ("Accept-Encoding", "br"));
    assert_eq!(
        json.body,
        api.get_with("/data/all?_format=json", ("Accept-Encoding", "br"))
            .body
    );
}

#[test]
fn a_head_starts_no_compression_and_no_coding_means_the_plain_answer() {
    let api = Api::from_json(&big_json("text"));
    let before = head(&api, "/data/all", "br");
    assert_eq!(before.status, 200);
    assert_eq!(before.header("content-encoding"), Some("br"));
    assert_eq!(
        before.header("content-length"),
        None,
        "HEAD compressed nothing"
    );
    assert_eq!(head(&api, "/data/all", "br").header("content-length"), None);
    let plain = api.get("/data/all");
    for accept in ["identity", "br;q=0, gzip;q=0", "zstd"] {
        let answer = api.get_with("/data/all", ("Accept-Encoding", accept));
        assert_eq!(
            answer.header("content-encoding"),
            Some("identity"),
            "{accept}"
        );
        assert_eq!(answer.body, plain.body, "{accept}");
    }
    // A workbook is a zip already.
    let workbook = api.get_with("/data/all?_format=xlsx", ("Accept-Encoding", "br"));
    assert_eq!(workbook.status, 200);
    assert_eq!(workbook.header("content-encoding"), Some("identity"));
}

#[test]
fn answers_that_depend_on_more_than_the_data_keep_the_per_connection_bound() {
    let api = Api::from_json(&big_json("some text to make the body big"));
    for uri in [
        "/data/all?_limit=29000",
        "/data/all?_sort=-Id",
        "/data/all?_fields=Id,Text",
        "/data/all?_format=csv&_download=1",
        "/data?_search=text",
    ] {
        let answer = api.get_with(uri, ("Accept-Encoding", "br"));
        assert_eq!(answer.status, 200, "{uri}");
        assert_eq!(answer.header("content-encoding"), Some("identity"), "{uri}");
        assert!(answer.body.len() > 1_000_000, "{uri}");
    }
}

#[test]
fn a_reload_compresses_the_new_data() {
    let state = web::Data::new(State::new(
        Dataset::from_json(big_json("old").as_bytes()).expect("data"),
    ));
    let api = Api::new(state.clone(), true);
    let old = api.get_with("/data/all", ("Accept-Encoding", "gzip"));
    assert!(decoded("gzip", &old.body).starts_with(br#"[{"Id":0,"Text":"old""#));
    state.replace(Dataset::from_json(big_json("new").as_bytes()).expect("data"));
    let new = api.get_with("/data/all", ("Accept-Encoding", "gzip"));
    assert!(decoded("gzip", &new.body).starts_with(br#"[{"Id":0,"Text":"new""#));
    assert_ne!(old.header("etag"), new.header("etag"));
}

/// Many clients at once, over real sockets, before anything is compressed: one of them
/// compresses, the others wait for its bytes, and all get the same answer.
#[test]
fn clients_arriving_together_share_one_compression() {
    let (_dir, server) = Server::over(&big_json("some text to make the body big"), &[]);
    let plain = server.get("/data/all?_format=ndjson");
    assert_eq!(plain.status, 200);
    let answers: Vec<Response> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..12)
            .map(|_| {
                scope.spawn(|| {
                    raw_get(
                        &server.base,
                        "/data/all?_format=ndjson",
                        "Accept-Encoding: br\r\n",
                    )
                })
            })
            .collect();
        clients
            .into_iter()
            .map(|client| client.join().expect("client"))
            .collect()
    });
    let first = &answers[0];
    assert_eq!(first.header("content-encoding"), Some("br"));
    assert_eq!(decoded("br", &first.body), plain.body);
    for answer in &answers {
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, first.body);
    }
    // It stays up and answers the cheap routes as before.
    assert!(crate::common::wait_until(Duration::from_secs(5), || {
        server.get("/health").status == 200
    }));
}
