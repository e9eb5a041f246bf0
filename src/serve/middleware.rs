//! Middleware every route runs behind: one log line per request, a handler panic turned
//! into a 500 with a JSON body while the worker keeps serving, headers over
//! [`MAX_HEADER_BYTES`] refused with a JSON 431, and request bodies refused with a 413 (read
//! at most [`MAX_DISCARDED_BODY_BYTES`] of, then the connection closed).

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use actix_web::body::{BodySize, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{ConnectionType, Method, header};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use futures_util::StreamExt;

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

/// The most bytes of a refused body read and thrown away, so that the connection can
/// serve the next request. A longer body gets its 413 and the connection is closed.
pub const MAX_DISCARDED_BODY_BYTES: usize = 64 * 1024;

/// How long a refused body may take to arrive (up to [`MAX_DISCARDED_BODY_BYTES`]) before the
/// 413 is sent and the connection closed.
pub const DISCARD_BODY_TIME: Duration = Duration::from_secs(1);

/// Refuses a body sent with a GET, HEAD or OPTIONS request (no route reads one) with a
/// 413 that says so. A body that ends within [`MAX_DISCARDED_BODY_BYTES`] and
/// [`DISCARD_BODY_TIME`] is read and thrown away and the connection kept; past either, the
/// 413 says `Connection: close` and the connection is closed once it is sent, the rest of the
/// body unread (as nginx does past `client_max_body_size`).
pub(super) async fn refuse_bodies(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, impl MessageBody>>, actix_web::Error> {
    let read_only = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let headers = req.headers();
    let sized = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() != "0");
    if read_only && (sized || headers.contains_key(header::TRANSFER_ENCODING)) {
        let (request, mut payload) = req.into_parts();
        let ended = discard(&mut payload).await;
        let error = ApiError::BodyNotTaken {
            method: request.method().to_string(),
        };
        let mut response = ServiceResponse::from_err(error, request);
        if !ended {
            response
                .response_mut()
                .head_mut()
                .set_connection_type(ConnectionType::Close);
        }
        let unread = (!ended).then_some(payload);
        return Ok(response
            .map_body(|_, body| UnreadBody {
                body,
                _payload: unread,
            })
            .map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Reads and throws away `payload` up to [`MAX_DISCARDED_BODY_BYTES`] within
/// [`DISCARD_BODY_TIME`]; whether it ended within both.
async fn discard(payload: &mut Payload) -> bool {
    let read = async {
        let mut read = 0;
        while let Some(chunk) = payload.next().await {
            match chunk {
                Ok(bytes) => read += bytes.len(),
                Err(_) => return false,
            }
            if read > MAX_DISCARDED_BODY_BYTES {
                return false;
            }
        }
        true
    };
    actix_web::rt::time::timeout(DISCARD_BODY_TIME, read)
        .await
        .unwrap_or(false)
}

/// The body of a 413 that keeps the request's unread payload alive until its last byte is
/// sent. actix-http closes a connection whose request payload is still alive when the answer
/// ends; once the payload is dropped, it reads a chunked body to its end and throws it away,
/// however long that is.
struct UnreadBody {
    body: BoxBody,
    _payload: Option<Payload>,
}

impl MessageBody for UnreadBody {
    type Error = <BoxBody as MessageBody>::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_next(cx)
    }
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
