//! HTTP answers, whether they came over a socket (ureq, raw TCP) or from the app mounted
//! in-process: one [`Response`] type, so a test reads the same either way.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// What came back from a request.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// All headers, lowercase names.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `error` message of a JSON error body ("" when there is none).
    pub fn error(&self) -> String {
        self.json()["error"].as_str().unwrap_or_default().to_owned()
    }
}

impl From<ureq::http::Response<ureq::Body>> for Response {
    fn from(mut r: ureq::http::Response<ureq::Body>) -> Response {
        let status = r.status().as_u16();
        let headers = header_pairs(r.headers().iter().map(|(n, v)| (n.as_str(), v.as_bytes())));
        let body = r
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec()
            .expect("read body");
        Response {
            status,
            headers,
            body,
        }
    }
}

/// Headers as (lowercase name, text) pairs; a value that is not text becomes "".
pub fn header_pairs<'a>(
    headers: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Vec<(String, String)> {
    headers
        .map(|(n, v)| {
            let text = std::str::from_utf8(v).unwrap_or("");
            (n.to_owned(), text.to_owned())
        })
        .collect()
}

/// A plain agent that reports 4xx/5xx as responses, not errors, and asks for bodies
/// uncompressed.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .accept_encoding("identity")
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

/// Sends `method` to `url` over HTTP.
pub fn request(url: &str, method: &str) -> Response {
    let agent = agent();
    let result = match method {
        "GET" => agent.get(url).call(),
        "HEAD" => agent.head(url).call(),
        "DELETE" => agent.delete(url).call(),
        "POST" => agent.post(url).send(""),
        "OPTIONS" => agent.options(url).call(),
        other => panic!("unsupported method {other}"),
    };
    Response::from(result.expect("request"))
}

/// A TCP connection to `base` (`http://host:port`), with a read timeout of `timeout`.
pub fn connect(base: &str, timeout: Duration) -> TcpStream {
    let stream = TcpStream::connect(base.trim_start_matches("http://")).expect("connect");
    stream.set_read_timeout(Some(timeout)).expect("timeout");
    stream
}

/// Sends `request` as it is on a new connection to `base` and reads until the server
/// closes it; whatever came back, perhaps nothing.
pub fn raw_exchange(base: &str, request: &[u8]) -> Vec<u8> {
    let mut stream = connect(base, Duration::from_secs(30));
    // The server may close before reading everything; what it answered still counts.
    let _ = stream.write_all(request);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    bytes
}

/// GETs `path` from `base` on a new connection with `extra` header lines (each ending in
/// `\r\n`) and `Connection: close`; the body is every byte after the head, as sent (a
/// chunked body keeps its framing).
pub fn raw_get(base: &str, path: &str, extra: &str) -> Response {
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{extra}\r\n");
    let bytes = raw_exchange(base, request.as_bytes());
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let pairs: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    let headers = header_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_bytes())));
    Response {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    }
}

/// The ids of a JSON array of records, in order.
pub fn ids(body: &serde_json::Value) -> Vec<i64> {
    body.as_array()
        .expect("array")
        .iter()
        .map(|r| r["Id"].as_i64().expect("Id"))
        .collect()
}

/// The lines of an NDJSON body, each parsed.
pub fn ndjson(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("ndjson line"))
        .collect()
}
