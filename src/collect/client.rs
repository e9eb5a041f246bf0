//! The HTTP client: one blocking ureq agent that GETs a jobs API's routes, retrying
//! connection failures and 5xx answers with backoff, never 4xx. It knows HTTP, not what the
//! answers mean: that is `source`'s job.

use std::time::Duration;

use super::error::CollectError;

/// The most bytes read from one response: the lab's full data set is 12.9 MB, and a
/// 1M-record file is about 470 MB.
const MAX_BODY_BYTES: u64 = 2 << 30;

/// A client for one jobs API.
#[derive(Debug)]
pub struct Client {
    agent: ureq::Agent,
    base: String,
    retries: u32,
    backoff: Duration,
}

/// Why one attempt failed, and whether trying again may help.
enum Failure {
    Retry(String),
    Fatal(CollectError),
}

impl Client {
    /// A client for the API at `base` (no trailing slash).
    pub fn new(base: &str, timeout: Duration) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .user_agent(concat!("jobsctl/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Client {
            agent,
            base: base.trim_end_matches('/').to_owned(),
            retries: 2,
            backoff: Duration::from_millis(200),
        }
    }

    /// Sets how many times a failed request is tried again, and the first pause.
    pub fn with_retries(mut self, retries: u32, backoff: Duration) -> Client {
        self.retries = retries;
        self.backoff = backoff;
        self
    }

    /// The base URL, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// GETs `path` with the query `pairs`, retrying what may pass: the body of a 2xx
    /// answer, or [`Answer::NotFound`] for a 404.
    pub fn get(&self, path: &str, pairs: &[(&str, &str)]) -> Result<Answer, CollectError> {
        let url = format!("{}{path}", self.base);
        let mut pause = self.backoff;
        let mut attempt = 0;
        loop {
            match self.attempt(&url, pairs) {
                Ok(answer) => return Ok(answer),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(last)) if attempt >= self.retries => {
                    return Err(CollectError::GaveUp {
                        url: display_url(&url, pairs),
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

    fn attempt(&self, url: &str, pairs: &[(&str, &str)]) -> Result<Answer, Failure> {
        let mut request = self.agent.get(url);
        for (name, value) in pairs {
            request = request.query(name, value);
        }
        let shown = || display_url(url, pairs);
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

/// A usable answer.
pub enum Answer {
    /// A 2xx answer: the URL as a person would type it, and the body.
    Body(String, Vec<u8>),
    /// The route does not exist on this server.
    NotFound,
}

/// The URL as a person would type it, for messages.
fn display_url(url: &str, pairs: &[(&str, &str)]) -> String {
    let pairs: Vec<String> = pairs.iter().map(|(f, v)| format!("{f}={v}")).collect();
    if pairs.is_empty() {
        url.to_owned()
    } else {
        format!("{url}?{}", pairs.join("&"))
    }
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

/// The start of a body, for messages.
pub fn excerpt(body: &[u8]) -> String {
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
    fn describes_answers() {
        assert_eq!(error_message(br#"{"error": "bad"}"#), "bad");
        assert_eq!(error_message(b""), "(empty body)");
        assert_eq!(excerpt(&[b'x'; 200]).chars().count(), 121);
        assert_eq!(
            display_url(
                "http://h/data",
                &[("Key Skills", "C++"), ("_match", "token")]
            ),
            "http://h/data?Key Skills=C++&_match=token"
        );
    }
}
