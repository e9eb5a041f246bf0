//! The whole app (`jobsctl::serve::app`: every route behind the same middleware the server
//! runs) mounted in-process with `actix_web::test`: no process, no socket, exact answers.

use std::rc::Rc;
use std::sync::OnceLock;

use actix_web::dev::Service;
use actix_web::http::Method;
use actix_web::test::{self, TestRequest};
use actix_web::{HttpResponse, web};
use futures_util::future::LocalBoxFuture;
use jobsctl::dataset::Dataset;
use jobsctl::serve::{State, app};

use super::http::{Response, header_pairs};

type Call = dyn Fn(TestRequest) -> LocalBoxFuture<'static, Response>;

/// The app over one data set, answering requests synchronously.
pub struct Api {
    runtime: actix_web::rt::SystemRunner,
    call: Box<Call>,
}

/// The state of the shipped jobs.json, loaded once per test run and shared.
fn bundled_state() -> web::Data<State> {
    static STATE: OnceLock<web::Data<State>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let bytes = std::fs::read(super::jobs_json()).expect("read jobs.json");
            web::Data::new(State::new(
                Dataset::from_json(&bytes).expect("bundled data"),
            ))
        })
        .clone()
}

/// The state of [`super::sample_json`], built once per test run.
fn sample_state() -> web::Data<State> {
    static STATE: OnceLock<web::Data<State>> = OnceLock::new();
    STATE.get_or_init(|| state_of(super::sample_json())).clone()
}

impl Api {
    /// The app over [`super::sample_json`]: for tests that ask many questions.
    pub fn sample() -> Api {
        Api::new(sample_state(), true)
    }

    /// The app over the shipped jobs.json (what `jobsctl serve` serves by default).
    pub fn bundled() -> Api {
        Api::new(bundled_state(), true)
    }

    /// The app over [`super::FIXTURE`].
    pub fn fixture() -> Api {
        Api::from_json(super::FIXTURE)
    }

    /// The app over the data set in `json`.
    pub fn from_json(json: &str) -> Api {
        Api::new(state_of(json), true)
    }

    /// The app over the data set in `json`, telling clients they may reuse answers for
    /// `max_age` seconds (`--cache-max-age`).
    pub fn with_cache_max_age(json: &str, max_age: u32) -> Api {
        let dataset = Dataset::from_json(json.as_bytes()).expect("test data set");
        Api::new(
            web::Data::new(State::new(dataset).with_cache_max_age(max_age)),
            true,
        )
    }

    /// The app over the data set in `json`, with or without CORS headers (`--no-cors`).
    pub fn from_json_with_cors(json: &str, cors: bool) -> Api {
        Api::new(state_of(json), cors)
    }

    /// The app over [`super::FIXTURE`] without CORS headers (`--no-cors`).
    pub fn fixture_without_cors() -> Api {
        Api::new(state_of(super::FIXTURE), false)
    }

    /// The app over `state`, with CORS headers or without (`--no-cors`).
    pub fn new(state: web::Data<State>, cors: bool) -> Api {
        let runtime = actix_web::rt::System::new();
        let service = Rc::new(runtime.block_on(test::init_service(app(state, cors))));
        let call = move |request: TestRequest| -> LocalBoxFuture<'static, Response> {
            let service = Rc::clone(&service);
            Box::pin(async move {
                let response: HttpResponse = match service.call(request.to_request()).await {
                    Ok(response) => response.map_into_boxed_body().into_parts().1,
                    // What the server's dispatcher does with an error that reaches it.
                    Err(error) => error.error_response(),
                };
                let status = response.status().as_u16();
                let headers = header_pairs(
                    response
                        .headers()
                        .iter()
                        .map(|(n, v)| (n.as_str(), v.as_bytes())),
                );
                let body = actix_web::body::to_bytes(response.into_body())
                    .await
                    .expect("read body")
                    .to_vec();
                Response {
                    status,
                    headers,
                    body,
                }
            })
        };
        Api {
            runtime,
            call: Box::new(call),
        }
    }

    /// Sends `request`.
    pub fn send(&self, request: TestRequest) -> Response {
        self.runtime.block_on((self.call)(request))
    }

    /// GETs `uri` (path and query, sent as written).
    pub fn get(&self, uri: &str) -> Response {
        self.send(TestRequest::get().uri(uri))
    }

    /// Sends `method` to `uri`.
    pub fn request(&self, method: &str, uri: &str) -> Response {
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        self.send(TestRequest::default().method(method).uri(uri))
    }

    /// GETs `uri` with one header.
    pub fn get_with(&self, uri: &str, header: (&str, &str)) -> Response {
        self.send(TestRequest::get().uri(uri).insert_header(header))
    }

    /// GETs `path` with query pairs percent-encoded, as a notebook's `requests` would.
    pub fn get_query(&self, path: &str, pairs: &[(&str, &str)]) -> Response {
        let encode = |s: &str| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        self.get(&format!("{path}?{}", query.join("&")))
    }
}

/// Fresh state over the data set in `json`.
fn state_of(json: &str) -> web::Data<State> {
    let dataset = Dataset::from_json(json.as_bytes()).expect("test data set");
    web::Data::new(State::new(dataset))
}
