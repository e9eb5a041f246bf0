//! The HTTP server: `start` binds and runs the jobs API over a loaded data set.
//!
//! The only module that knows actix-web. Shared state is built once, outside
//! `HttpServer::new`, and every route is registered by [`configure`], so tests can mount the
//! same app in-process.

mod error;
mod openapi;
mod page;
mod render;
mod routes;
mod watch;

use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, DefaultHeaders, Next, from_fn};
use actix_web::{App, HttpServer, web};

pub use error::ApiError;
pub use routes::{ROUTES, configure};
pub use watch::watch;

use crate::dataset::Dataset;
use crate::filter::SelectionCache;

/// A data set being served, with what was learned from answering queries on it.
#[derive(Debug)]
pub struct Snapshot {
    /// The records.
    pub dataset: Dataset,
    /// Selections of regex and substring conditions asked before.
    pub cache: SelectionCache,
}

/// What the server shares between requests: the current snapshot of the data.
#[derive(Debug)]
pub struct State {
    current: RwLock<Arc<Snapshot>>,
}

impl State {
    /// State serving `dataset`.
    pub fn new(dataset: Dataset) -> State {
        State {
            current: RwLock::new(Arc::new(Snapshot {
                dataset,
                cache: SelectionCache::default(),
            })),
        }
    }

    /// Replaces the data set; requests already running finish on the old one.
    pub fn replace(&self, dataset: Dataset) {
        let next = Arc::new(Snapshot {
            dataset,
            cache: SelectionCache::default(),
        });
        match self.current.write() {
            Ok(mut guard) => *guard = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }

    /// The data requests see now; a request keeps the snapshot it started with.
    pub fn current(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }
}

/// How to run a server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to bind; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Worker threads.
    pub workers: usize,
    /// Whether the server stops by itself on Ctrl-C / SIGTERM (false when embedded).
    pub handle_signals: bool,
    /// Whether responses carry `Access-Control-Allow-Origin: *`.
    pub cors: bool,
}

/// Startup failures.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}; pick another --port (0 picks a free one)")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The server's thread could not start.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// A server running on its own thread.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    handle: ServerHandle,
    thread: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL, e.g. `http://127.0.0.1:5000`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Waits until the server stops (on Ctrl-C when it handles signals).
    pub fn wait(self) -> std::io::Result<()> {
        self.thread
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the server thread panicked")))
    }

    /// Stops the server, letting in-flight requests finish, and waits for it.
    pub fn stop(self) -> std::io::Result<()> {
        let handle = self.handle.clone();
        // The server runs its own runtime; `stop` resolves once it has shut down.
        std::thread::spawn(move || actix_web::rt::System::new().block_on(handle.stop(true)));
        self.wait()
    }
}

/// Binds `config.addr` and serves `state` on a new thread. Returns once it is listening.
pub fn start(state: Arc<State>, config: &Config) -> Result<Running, StartError> {
    let listener = TcpListener::bind(config.addr).map_err(|source| StartError::Bind {
        addr: config.addr,
        source,
    })?;
    let addr = listener.local_addr().map_err(StartError::Runtime)?;
    let data = web::Data::from(state);
    let workers = config.workers.max(1);
    let handle_signals = config.handle_signals;
    let cors = config.cors;
    let (sender, receiver) = std::sync::mpsc::channel();
    let thread = std::thread::Builder::new()
        .name("jobsctl-server".into())
        .spawn(move || {
            // actix-web's server is not Send: it is built on the thread that runs it.
            let mut server = HttpServer::new(move || app(data.clone(), cors))
                .workers(workers)
                .shutdown_timeout(10);
            if !handle_signals {
                server = server.disable_signals();
            }
            actix_web::rt::System::new().block_on(async move {
                let server = match server.listen(listener) {
                    Ok(server) => server.run(),
                    Err(e) => {
                        let message = e.to_string();
                        let _ = sender.send(Err(e));
                        return Err(std::io::Error::other(message));
                    }
                };
                // The receiver waits below; it cannot have gone away.
                let _ = sender.send(Ok(server.handle()));
                server.await
            })
        })
        .map_err(StartError::Runtime)?;
    let handle = receiver
        .recv()
        .unwrap_or_else(|_| Err(std::io::Error::other("the server thread failed")))
        .map_err(StartError::Runtime)?;
    Ok(Running {
        addr,
        handle,
        thread,
    })
}

/// The whole application: every route of [`configure`] behind the middleware the server
/// uses (compression, default headers, CORS, panic catching, request logging). The server
/// runs it, and tests mount it in-process with `actix_web::test::init_service`.
pub fn app(
    state: web::Data<State>,
    cors: bool,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let mut headers = DefaultHeaders::new().add(("X-Content-Type-Options", "nosniff"));
    if cors {
        headers = headers
            .add(("Access-Control-Allow-Origin", "*"))
            .add(("Access-Control-Expose-Headers", "X-Total-Count, Link"));
    }
    App::new()
        .wrap(Compress::default())
        .wrap(headers)
        .wrap(from_fn(catch_panics))
        .wrap(from_fn(log_request))
        .configure(configure(state))
}

/// Logs one line per request: method, path and query, status, latency.
async fn log_request(
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
            tracing::warn!(target: "jobsctl::access", "{method} {uri} failed: {e} {millis:.2}ms")
        }
    }
    result
}

/// Turns a panic in a handler into a 500 with a JSON body; the worker keeps serving.
async fn catch_panics(
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
