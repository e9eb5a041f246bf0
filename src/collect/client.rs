//! The HTTP client: one blocking ureq agent that GETs a jobs API's routes, retrying
//! connection failures and 5xx answers with backoff, never 4xx. It knows HTTP, not what the
//! answers mean: that is `source`'s job, which also says how many bytes each route's answer
//! may hold. Redirects are followed only within the origin (scheme, host and port) of the
//! request, so a server cannot send collect, and what it asks, to another host.

use std::io::Read;
use std::time::Duration;

use super::error::CollectError;

/// The most redirects followed for one request.
const MAX_REDIRECTS: usize = 5;
/// The most bytes kept of an answer that is not a 2xx, for its message.
const ERROR_BODY_BYTES: u64 = 64 << 10;

/// The most bytes read from one route's answer, and what to do when an answer is bigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The most bytes read; one more is an error.
    pub bytes: u64,
    /// What the user can do about a bigger answer, for the message.
    pub advice: &'static str,
}

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
            // Redirects are followed here, one at a time, so that each is checked.
            .max_redirects(0)
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
    /// answer, or [`Answer::NotFound`] for a 404. A body of more than `limit` bytes is an
    /// error, not retried.
    pub fn get(
        &self,
        path: &str,
        pairs: &[(&str, &str)],
        limit: Limit,
    ) -> Result<Answer, CollectError> {
        let url = format!("{}{path}", self.base);
        let mut pause = self.backoff;
        let mut attempt = 0;
        loop {
            match self.attempt(&url, path, pairs, limit) {
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

    fn attempt(
        &self,
        url: &str,
        path: &str,
        pairs: &[(&str, &str)],
        limit: Limit,
    ) -> Result<Answer, Failure> {
        let shown = || display_url(url, pairs);
        let mut request = self.agent.get(url);
        for (name, value) in pairs {
            request = request.query(name, value);
        }
        let mut response = self.send(request)?;
        let mut at = url.to_owned();
        let mut redirects = 0;
        while let Some(location) = redirect_location(&response) {
            let next = resolve(&at, &location).ok_or_else(|| {
                Failure::Fatal(CollectError::BadResponse {
                    url: shown(),
                    reason: format!("it redirected to {location:?}, which is not a URL"),
                })
            })?;
            let (from, to) = (Origin::of(url), Origin::of(&next));
            if from.is_none() || from != to {
                return Err(Failure::Fatal(CollectError::Redirected {
                    url: shown(),
                    from: from.map_or_else(|| url.to_owned(), |o| o.to_string()),
                    to: to.map_or_else(|| next.clone(), |o| o.to_string()),
                }));
            }
            if redirects == MAX_REDIRECTS {
                return Err(Failure::Fatal(CollectError::BadResponse {
                    url: shown(),
                    reason: format!(
                        "it redirected more than {MAX_REDIRECTS} times (last to {next}); \
                         give --url the server's own address"
                    ),
                }));
            }
            redirects += 1;
            response = self.send(self.agent.get(&next))?;
            at = next;
        }
        let status = response.status().as_u16();
        if !(200..=299).contains(&status) {
            // Only the start of an error answer is kept, for its message.
            let mut body = Vec::new();
            let read = response
                .body_mut()
                .with_config()
                .reader()
                .take(ERROR_BODY_BYTES)
                .read_to_end(&mut body);
            if let Err(e) = read {
                return Err(Failure::Retry(format!(
                    "HTTP {status}, then reading the answer: {e}"
                )));
            }
            return match status {
                404 => Ok(Answer::NotFound),
                500..=599 => Err(Failure::Retry(format!("HTTP {status}: {}", excerpt(&body)))),
                _ => Err(Failure::Fatal(CollectError::Http {
                    url: shown(),
                    status,
                    message: error_message(&body),
                })),
            };
        }
        match response
            .body_mut()
            .with_config()
            .limit(limit.bytes)
            .read_to_vec()
        {
            Ok(body) => Ok(Answer::Body(shown(), body)),
            Err(ureq::Error::BodyExceedsLimit(_)) => Err(Failure::Fatal(CollectError::TooLarge {
                url: shown(),
                route: path.to_owned(),
                limit: limit.bytes,
                advice: limit.advice,
            })),
            Err(e) => Err(Failure::Retry(format!("reading the answer: {e}"))),
        }
    }

    /// Sends one request: an answer of any status, or why there is none.
    fn send(
        &self,
        request: ureq::RequestBuilder<ureq::typestate::WithoutBody>,
    ) -> Result<ureq::http::Response<ureq::Body>, Failure> {
        request.call().map_err(|e| match e {
            ureq::Error::BadUri(reason) => Failure::Fatal(CollectError::BadUrl {
                url: self.base.clone(),
                reason,
            }),
            e => Failure::Retry(e.to_string()),
        })
    }
}

/// Where a redirect answer sends the request, if it is one.
fn redirect_location(response: &ureq::http::Response<ureq::Body>) -> Option<String> {
    if !matches!(response.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = response.headers().get("location")?;
    Some(String::from_utf8_lossy(location.as_bytes()).into_owned())
}

/// `location` (absolute, scheme-relative, absolute-path or relative) made absolute against
/// the URL `at`, or `None` when `at` is not an absolute URL.
fn resolve(at: &str, location: &str) -> Option<String> {
    let base: ureq::http::Uri = at.parse().ok()?;
    let scheme = base.scheme_str()?;
    let authority = base.authority()?.as_str();
    let resolved = if location.starts_with("//") {
        format!("{scheme}:{location}")
    } else if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else if location
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|head| head.contains(':'))
    {
        location.to_owned()
    } else {
        let dir = base.path().rsplit_once('/').map_or("", |(dir, _)| dir);
        format!("{scheme}://{authority}{dir}/{location}")
    };
    resolved.parse::<ureq::http::Uri>().ok()?;
    Some(resolved)
}

/// Scheme, host and port: what a redirect may not change.
#[derive(Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of an absolute http(s) URL.
    fn of(url: &str) -> Option<Origin> {
        let uri: ureq::http::Uri = url.parse().ok()?;
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        Some(Origin {
            host: uri.host()?.to_ascii_lowercase(),
            port: uri.port_u16().unwrap_or(default),
            scheme,
        })
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// Refuses a `--url` that is not an absolute http(s) URL, before any request is sent, and
/// gives the base URL to ask: a URL of the data route itself (`http://host:5000/data`,
/// which is what the lab's notebooks call) means its server, so `/data` is dropped.
pub fn check_url(url: &str) -> Result<String, CollectError> {
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
    let base = url.trim_end_matches('/');
    Ok(base
        .strip_suffix("/data/all")
        .or_else(|| base.strip_suffix("/data"))
        .unwrap_or(base)
        .to_owned())
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
        // The data route's own URL means its server.
        for data in [
            "http://h:5000/data",
            "http://h:5000/data/",
            "http://h:5000/data/all",
        ] {
            assert_eq!(check_url(data).unwrap(), "http://h:5000", "{data}");
        }
        assert_eq!(
            check_url("https://jobs.example/api/").unwrap(),
            "https://jobs.example/api"
        );
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
    fn redirects_resolve_against_the_url_asked() {
        let at = "http://h:5000/api/data/count?Location=Austin";
        let cases = [
            ("/v2/data/count?a=1", "http://h:5000/v2/data/count?a=1"),
            ("count?a=1", "http://h:5000/api/data/count?a=1"),
            ("//other:81/x", "http://other:81/x"),
            ("https://h:5000/x", "https://h:5000/x"),
        ];
        for (location, resolved) in cases {
            assert_eq!(
                resolve(at, location).as_deref(),
                Some(resolved),
                "{location}"
            );
        }
        assert_eq!(resolve("not a url", "/x"), None);
        assert_eq!(resolve(at, "/a b"), None);
    }

    #[test]
    fn origins_are_scheme_host_and_port() {
        let origin = |url| Origin::of(url).map(|o| o.to_string());
        assert_eq!(origin("http://H:80/x").as_deref(), Some("http://h:80"));
        assert_eq!(Origin::of("http://h/x"), Origin::of("http://h:80/y?z"));
        assert_eq!(Origin::of("https://h/x"), Origin::of("https://h:443"));
        for other in ["https://h/x", "http://h:81/x", "http://g/x"] {
            assert_ne!(Origin::of("http://h/x"), Origin::of(other), "{other}");
        }
        assert_eq!(Origin::of("ftp://h/x"), None);
        assert_eq!(Origin::of("/x"), None);
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
