//! Middleware every route runs behind: one log line per request, a handler panic turned
//! into a 500 with a JSON body while the worker keeps serving, headers over
//! [`MAX_HEADER_BYTES`] refused with a JSON 431, and request bodies refused with a 413.

use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;

use super::error::ApiError;

/// The most bytes of header fields a request may send, in total (each field counted as
/// `Name: value` and a line break). Larger requests get a 431 with a JSON body. (A request
/// head over 128 KiB, or with more than 96 fields, is refused by actix-web itself, with a 431
/// and no body, before any of this runs.)
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Refuses a request whose header fields total more than [`MAX_HEADER_BYTES`]: 431, JSON.
pub(super) async fn limit_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let bytes: usize = req
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if bytes > MAX_HEADER_BYTES {
        let error = ApiError::HeadersTooLarge {
            bytes,
            max: MAX_HEADER_BYTES,
        };
        return Ok(req.error_response(error).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Refuses a body sent with a GET, HEAD or OPTIONS request (no route reads one) with a
/// 413 that says so. (actix-web still reads a chunked body to its end after the answer and
/// throws it away; a proxy's `client_max_body_size` bounds that, see docs/RELIABILITY.md.)
pub(super) async fn refuse_bodies(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let read_only = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let headers = req.headers();
    let sized = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() != "0");
    if read_only && (sized || headers.contains_key(header::TRANSFER_ENCODING)) {
        let error = ApiError::BodyNotTaken {
            method: req.method().to_string(),
        };
        return Ok(req.error_response(error).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Logs one line per request: method, path and query, status, latency.
pub(super) async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let uri = req.uri().clone();
    let result = next.call(req).await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    match &result {
        Ok(response) => tracing::info!(
            target: "jobsctl::access",
            "{method} {uri} {} {millis:.2}ms",
            response.status().as_u16()
        ),
        Err(e) => {
            tracing::warn!(target: "jobsctl::access", "{method} {uri} failed: {e} {millis:.2}ms");
        }
    }
    result
}

/// Turns a panic in a handler into a 500 with a JSON body; the worker keeps serving.
pub(super) async fn catch_panics(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    use futures_util::FutureExt;
    let what = format!("{} {}", req.method(), req.path());
    match std::panic::AssertUnwindSafe(next.call(req))
        .catch_unwind()
        .await
    {
        Ok(result) => result,
        Err(_) => {
            tracing::error!("handler panicked while answering {what}");
            // actix-web answers an error with its `error_response`: the JSON body.
            Err(ApiError::Internal { what }.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};

    use super::*;

    async fn boom() -> HttpResponse {
        panic!("a handler bug");
    }

    #[actix_web::test]
    async fn a_handler_panic_is_a_json_500_and_the_app_keeps_serving() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(catch_panics))
                .route("/boom", web::get().to(boom))
                .route("/ok", web::get().to(HttpResponse::Ok)),
        )
        .await;
        // The server turns the middleware's error into its JSON response, as here.
        let error =
            test::try_call_service(&app, test::TestRequest::get().uri("/boom").to_request())
                .await
                .err()
                .expect("the panic is an error");
        let response = error.error_response();
        assert_eq!(response.status().as_u16(), 500);
        let body = actix_web::body::to_bytes(response.into_body())
            .await
            .unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let message = body["error"].as_str().unwrap_or_default();
        assert!(message.contains("GET /boom"), "{message}");
        assert!(message.contains("a bug in jobsctl"), "{message}");
        let response =
            test::call_service(&app, test::TestRequest::get().uri("/ok").to_request()).await;
        assert_eq!(response.status().as_u16(), 200);
    }
}
