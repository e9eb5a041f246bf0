//! The HTTP client: one blocking ureq agent that asks a jobs API for counts, retrying
//! connection failures and 5xx answers with backoff, never 4xx.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::error::CollectError;
use crate::filter::MatchMode;

/// The most bytes read from one response: the lab's full data set is 12.9 MB, and a
/// 1M-record file is about 470 MB.
const MAX_BODY_BYTES: u64 = 2 << 30;

/// A client for one jobs API.
#[derive(Debug)]
pub struct Client {
    agent: ureq::Agent,
    base: String,
    mode: MatchMode,
    retries: u32,
    backoff: Duration,
    /// Set once the server answered 404 for `/data/count` (the lab's server has none).
    no_count_route: AtomicBool,
}

/// Why one attempt failed, and whether trying again may help.
enum Failure {
    Retry(String),
    Fatal(CollectError),
}

impl Client {
    /// A client for the API at `base` (no trailing slash).
    pub fn new(base: &str, mode: MatchMode, timeout: Duration) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .user_agent(concat!("jobsctl/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Client {
            agent,
            base: base.to_owned(),
            mode,
            retries: 2,
            backoff: Duration::from_millis(200),
            no_count_route: AtomicBool::new(false),
        }
    }

    /// Sets how many times a failed request is tried again, and the first pause.
    pub fn with_retries(mut self, retries: u32, backoff: Duration) -> Client {
        self.retries = retries;
        self.backoff = backoff;
        self
    }

    /// The number of records the server holds, from `/health`, when it says (jobsctl does;
    /// the lab's server has no such route). Asked once, without retries.
    pub fn records(&self) -> Option<u64> {
        #[derive(serde::Deserialize)]
        struct Health {
            records: u64,
        }
        let mut response = self
            .agent
            .get(format!("{}/health", self.base))
            .call()
            .ok()?;
        if !response.status().is_success() {
            return None;
        }
        let body = response.body_mut().read_to_vec().ok()?;
        serde_json::from_slice::<Health>(&body)
            .ok()
            .map(|h| h.records)
    }

    /// The number of records matching all `filters` (field, value).
    pub fn count(&self, filters: &[(&str, &str)]) -> Result<u64, CollectError> {
        if !self.no_count_route.load(Ordering::Relaxed) {
            match self.get("/data/count", filters)? {
                Answer::NotFound => self.no_count_route.store(true, Ordering::Relaxed),
                Answer::Body(url, body) => {
                    return parse_count(&body)
                        .ok_or_else(|| bad_response(&url, &body, "{\"count\": N}"));
                }
            }
        }
        match self.get("/data", filters)? {
            Answer::Body(url, body) => parse_array_len(&body)
                .ok_or_else(|| bad_response(&url, &body, "a JSON array of records")),
            Answer::NotFound => Err(CollectError::Http {
                url: format!("{}/data", self.base),
                status: 404,
                message: "the server has no /data route; is this a jobs API?".into(),
            }),
        }
    }

    /// GETs `path` with the filters (and `_match` when it is not the server's default),
    /// retrying what may pass.
    fn get(&self, path: &str, filters: &[(&str, &str)]) -> Result<Answer, CollectError> {
        let url = format!("{}{path}", self.base);
        let mut pause = self.backoff;
        let mut attempt = 0;
        loop {
            match self.attempt(&url, filters) {
                Ok(answer) => return Ok(answer),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(last)) if attempt >= self.retries => {
                    return Err(CollectError::GaveUp {
                        url: display_url(&url, filters, self.mode),
                        attempts: attempt + 1,
                        last,
                    });
                }
                Err(Failure::Retry(_)) => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_secs(5));
                    attempt += 1;
                }
            }
        }
    }

    fn attempt(&self, url: &str, filters: &[(&str, &str)]) -> Result<Answer, Failure> {
        let mut request = self.agent.get(url);
        for (field, value) in filters {
            request = request.query(field, value);
        }
        if self.mode != MatchMode::default() {
            request = request.query("_match", self.mode.name());
        }
        let shown = || display_url(url, filters, self.mode);
        let mut response = request.call().map_err(|e| match e {
            ureq::Error::BadUri(reason) => Failure::Fatal(CollectError::BadUrl {
                url: self.base.clone(),
                reason,
            }),
            e => Failure::Retry(e.to_string()),
        })?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_vec()
            .map_err(|e| Failure::Retry(format!("reading the answer: {e}")))?;
        match status {
            200..=299 => Ok(Answer::Body(shown(), body)),
            404 => Ok(Answer::NotFound),
            500..=599 => Err(Failure::Retry(format!("HTTP {status}: {}", excerpt(&body)))),
            _ => Err(Failure::Fatal(CollectError::Http {
                url: shown(),
                status,
                message: error_message(&body),
            })),
        }
    }
}

/// Refuses a `--url` that is not an absolute http(s) URL, before any request is sent.
pub fn check_url(url: &str) -> Result<(), CollectError> {
    let bad = |reason: &str| CollectError::BadUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let uri: ureq::http::Uri = url
        .parse()
        .map_err(|e: ureq::http::uri::InvalidUri| bad(&e.to_string()))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(other) => return Err(bad(&format!("the scheme {other}: is not http or https"))),
        None => return Err(bad("it has no http:// or https:// in front")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("it names no host"));
    }
    if uri.query().is_some() {
        return Err(bad("give the base URL only, without a query"));
    }
    Ok(())
}

enum Answer {
    Body(String, Vec<u8>),
    NotFound,
}

/// The URL as a person would type it, for messages.
fn display_url(url: &str, filters: &[(&str, &str)], mode: MatchMode) -> String {
    let mut pairs: Vec<String> = filters.iter().map(|(f, v)| format!("{f}={v}")).collect();
    if mode != MatchMode::default() {
        pairs.push(format!("_match={mode}"));
    }
    if pairs.is_empty() {
        url.to_owned()
    } else {
        format!("{url}?{}", pairs.join("&"))
    }
}

fn parse_count(body: &[u8]) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct CountBody {
        count: u64,
    }
    serde_json::from_slice::<CountBody>(body)
        .ok()
        .map(|c| c.count)
}

/// The length of a JSON array without building its elements. The lab answers `null` when
/// no filter is given; that counts as no records.
fn parse_array_len(body: &[u8]) -> Option<u64> {
    let items: Option<Vec<serde::de::IgnoredAny>> = serde_json::from_slice(body).ok()?;
    Some(items.map_or(0, |v| v.len() as u64))
}

/// The server's `{"error": ...}` message, or the start of the body.
fn error_message(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        error: String,
    }
    serde_json::from_slice::<ErrorBody>(body)
        .map(|e| e.error)
        .unwrap_or_else(|_| excerpt(body))
}

fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let mut short: String = text.chars().take(120).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    if short.is_empty() {
        "(empty body)".into()
    } else {
        short
    }
}

fn bad_response(url: &str, body: &[u8], expected: &str) -> CollectError {
    CollectError::BadResponse {
        url: url.to_owned(),
        reason: format!("expected {expected}, got {}", excerpt(body)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_urls() {
        for good in [
            "http://127.0.0.1:5000",
            "http://localhost:5000/",
            "https://jobs.example/api",
        ] {
            assert!(check_url(good).is_ok(), "{good}");
        }
        let cases = [
            ("localhost:5000", "no http://"),
            ("not a url", "invalid"),
            ("ftp://x", "not http or https"),
            ("http://h:1/data?Location=x", "without a query"),
        ];
        for (bad, why) in cases {
            let message = check_url(bad)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(message.contains(why), "{bad}: {message}");
        }
    }

    #[test]
    fn parses_answers() {
        assert_eq!(parse_count(br#"{"count": 42}"#), Some(42));
        assert_eq!(parse_count(b"<html>"), None);
        assert_eq!(parse_array_len(br#"[{"a":1},{"b":[1,2]}]"#), Some(2));
        assert_eq!(parse_array_len(b"null"), Some(0));
        assert_eq!(parse_array_len(b"{}"), None);
        assert_eq!(error_message(br#"{"error": "bad"}"#), "bad");
        assert_eq!(error_message(b""), "(empty body)");
        assert_eq!(
            display_url("http://h/data", &[("Key Skills", "C++")], MatchMode::Token),
            "http://h/data?Key Skills=C++&_match=token"
        );
    }
}
