//! The HTTP server: the jobs API over a loaded data set, and the `jobsctl serve` command.
//!
//! The only module that knows actix-web. Shared state is built once, outside
//! `HttpServer::new`; every route is registered by [`configure`] and wrapped by [`app`], so
//! tests mount the same app in-process. [`start`] is also how `collect` runs a server of
//! its own.

mod all;
mod asked;
mod caching;
mod error;
mod explorer;
mod facets;
mod middleware;
mod offload;
mod openapi;
mod page;
mod pool;
mod precompressed;
mod query;
mod render;
mod routes;
mod state;
mod watch;
mod xlsx;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};

pub use asked::decode_query;
pub use error::{ApiError, ServeError, StartError};
pub use pool::{DEFAULT_MAX_STREAMS, Pool};
pub use routes::{ROUTES, configure};
pub use state::{DEFAULT_CACHE_MAX_AGE, Snapshot, State};
pub use watch::watch;
pub use xlsx::DEFAULT_MAX_CELLS as DEFAULT_MAX_WORKBOOK_CELLS;

use crate::dataset::{DataSource, LoadOptions};
use crate::term::{Loading, Verbosity, init_logging, say};

/// How often `--watch` looks at the data file.
const WATCH_INTERVAL: Duration = Duration::from_millis(500);

/// A checked `jobsctl serve` command line.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The data to serve.
    pub data: DataSource,
    /// How to run the server.
    pub server: Config,
    /// Whether to reload the data file when it changes.
    pub watch: bool,
    /// How long a file written in place must stay unchanged before `--watch` reloads it.
    pub watch_settle: Duration,
    /// Where to write the port once listening.
    pub port_file: Option<PathBuf>,
    /// How the data file is loaded and reloaded: its size limit, lists and CSV delimiter.
    pub load: LoadOptions,
    /// How long clients and caches may reuse an answer, in seconds (0: `no-cache`).
    pub cache_max_age: u32,
    /// How many answers may be streamed at once.
    pub max_streams: usize,
    /// The most cells a workbook answer may have.
    pub max_workbook_cells: usize,
    /// How long evaluating one query may take (`None`: no limit).
    pub query_time_limit: Option<Duration>,
    /// How much to log.
    pub verbosity: Verbosity,
}

/// Runs `jobsctl serve`: loads the data, listens, and serves until Ctrl-C or SIGTERM.
pub fn run(config: &ServeConfig) -> Result<(), ServeError> {
    init_logging(config.verbosity);
    let size = config.data.file_size();
    let loading = Loading::start(
        &config.data.describe(),
        size,
        config.verbosity == Verbosity::Quiet,
    );
    let dataset = config.data.load(&config.load)?;
    drop(loading);
    let records = dataset.len();
    // Records read from an object's array (an API's answer): say which key held them.
    let under = dataset
        .records_key()
        .map(|key| format!(" (its {key:?} array)"))
        .unwrap_or_default();
    let state = Arc::new(
        State::new(dataset)
            .with_cache_max_age(config.cache_max_age)
            .with_max_workbook_cells(config.max_workbook_cells)
            .with_query_time_limit(config.query_time_limit)
            .with_pool(Pool::for_this_machine().with_max_streams(config.max_streams)),
    );
    let addr = config.server.addr;
    if addr.ip().is_unspecified() {
        say(format_args!(
            "jobsctl: warning: listening on all interfaces ({}): other machines can reach this \
             server; use --host 127.0.0.1 to keep it local",
            addr.ip()
        ));
    }
    let server = start(Arc::clone(&state), &config.server)?;
    state.index_words_in_background();
    // The watcher takes its first look at the file before anyone can learn the port, so
    // an edit made as soon as the port file appears is seen.
    if let (true, DataSource::File(path)) = (config.watch, &config.data) {
        let timing = watch::Timing {
            interval: WATCH_INTERVAL,
            settle: config.watch_settle,
        };
        watch(state, path.clone(), timing, config.load.clone()).map_err(ServeError::Io)?;
    }
    if let Some(path) = &config.port_file {
        write_port_file(path, server.addr().port())?;
    }
    let records = match records {
        1 => "1 record".to_owned(),
        n => format!("{n} records"),
    };
    say(format_args!(
        "jobsctl: serving {records} from {}{under} on {} (Ctrl-C stops)",
        config.data.describe(),
        server.url()
    ));
    server.wait().map_err(ServeError::Io)
}

/// Writes `port` to `path` through a temporary file and a rename, so a reader polling for
/// the file never sees it half-written.
fn write_port_file(path: &Path, port: u16) -> Result<(), ServeError> {
    let error = |source| ServeError::PortFile {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(error)?;
    std::io::Write::write_all(&mut tmp, format!("{port}\n").as_bytes()).map_err(error)?;
    tmp.persist(path).map_err(|e| error(e.error))?;
    Ok(())
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
    /// How long a client may accept no bytes before it is disconnected and its buffers
    /// freed (`--idle-timeout`); `None` leaves it to the system.
    pub idle_timeout: Option<Duration>,
}

/// How long a client may accept no bytes before `jobsctl serve` drops it, by default.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

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
    let idle_timeout = config.idle_timeout;
    let (sender, receiver) = std::sync::mpsc::channel();
    let thread = std::thread::Builder::new()
        .name("jobsctl-server".into())
        .spawn(move || {
            // actix-web's server is not Send: it is built on the thread that runs it.
            let mut server = HttpServer::new(move || app(data.clone(), cors))
                .workers(workers)
                .shutdown_timeout(10)
                // No lingering: past an answer to a request whose body is left unread (see
                // `middleware::refuse_bodies`), actix-http would otherwise read and throw
                // away whatever the client sends for this long, at the network's speed.
                .client_disconnect_timeout(Duration::ZERO)
                .on_connect(move |connection, _| {
                    limit_unsent(connection);
                    send_at_once(connection);
                    if let Some(timeout) = idle_timeout {
                        drop_when_idle(connection, timeout);
                    }
                });
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

/// The most bytes of answers a connection's socket holds unsent (`TCP_NOTSENT_LOWAT`). A
/// client that pipelines requests and reads nothing otherwise has the kernel queue up to its
/// send buffer's limit (4 MiB by default on Linux) for it; bytes in flight to a client that
/// reads are not counted, so throughput is not capped.
pub const MAX_UNSENT_BYTES: u32 = 128 * 1024;

/// Has the kernel hold at most [`MAX_UNSENT_BYTES`] unsent on a connection.
fn limit_unsent(connection: &dyn std::any::Any) {
    if let Some(stream) = connection.downcast_ref::<actix_web::rt::net::TcpStream>()
        && let Err(e) = socket2::SockRef::from(stream).set_tcp_notsent_lowat(MAX_UNSENT_BYTES)
    {
        tracing::warn!("cannot bound the unsent bytes of a connection: {e}");
    }
}

/// Has the kernel send each piece of an answer at once (`TCP_NODELAY`, as nginx's
/// `tcp_nodelay on`), rather than hold a piece's short tail until the client acknowledges
/// the last one. Without it, a streamed answer on a kept-alive connection waited for the
/// client's delayed acknowledgements: the 10,000-record list ran at 0.12× nginx's rate for
/// the same bytes on one connection, and 0.80× with it (`PARTS=static CONNECTIONS=1
/// bench/compare.sh`).
fn send_at_once(connection: &dyn std::any::Any) {
    if let Some(stream) = connection.downcast_ref::<actix_web::rt::net::TcpStream>()
        && let Err(e) = stream.set_nodelay(true)
    {
        tracing::warn!("cannot send a connection's answers at once: {e}");
    }
}

/// Has the kernel drop a connection whose data stays unacknowledged or unsent (a client
/// that reads nothing) for `timeout` (`TCP_USER_TIMEOUT`), which frees what the server
/// buffered for it.
fn drop_when_idle(connection: &dyn std::any::Any, timeout: Duration) {
    if let Some(stream) = connection.downcast_ref::<actix_web::rt::net::TcpStream>()
        && let Err(e) = socket2::SockRef::from(stream).set_tcp_user_timeout(Some(timeout))
    {
        tracing::warn!("cannot set the idle timeout on a connection: {e}");
    }
}

/// The whole application: every route of [`configure`] behind the middleware the server
/// uses (compression, the header limit, default headers, CORS, panic catching, request
/// logging). The server
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
        headers = headers.add(("Access-Control-Allow-Origin", "*")).add((
            "Access-Control-Expose-Headers",
            "X-Total-Count, Link, Content-Disposition",
        ));
    }
    App::new()
        .wrap(Compress::default())
        // Outside compression, so that a compressed answer's tag names its coding.
        .wrap(from_fn(caching::validators))
        // Outside the validators: the tag and the handler read the snapshot taken here.
        .wrap(from_fn(asked::pin))
        .wrap(from_fn(middleware::limit_headers))
        .wrap(from_fn(middleware::refuse_bodies))
        .wrap(headers)
        .wrap(from_fn(middleware::catch_panics))
        .wrap(from_fn(middleware::log_request))
        .app_data(web::Data::new(routes::Cors { enabled: cors }))
        .configure(configure(state))
}
