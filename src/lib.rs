//! jobsctl: serve a jobs.json over HTTP (a drop-in for the jobs API lab) and collect
//! posting counts per location and skill into an Excel workbook.
//!
//! Data flows one way: `dataset` (load, validate, index) → `filter` (the query contract) →
//! `serve` (HTTP responses) or `collect` (HTTP client, counts) → the workbook.

pub mod cli;
pub mod collect;
pub mod dataset;
pub mod error;
pub mod facets;
pub mod filter;
pub mod serve;

use std::sync::Arc;

use cli::{Cli, Command, FormatArg, MatchArg};
use dataset::DataSource;
use filter::MatchMode;

/// Any failure of a command, printed once by the binary.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data could not be loaded.
    #[error(transparent)]
    Load(#[from] error::LoadError),
    /// The server could not start or stopped with an error.
    #[error(transparent)]
    Start(#[from] serve::StartError),
    /// The server failed while running.
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
    /// A names file could not be read.
    #[error("cannot read names file {path}: {source}")]
    NamesFile {
        /// The file.
        path: std::path::PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The port file could not be written.
    #[error(
        "cannot write the port file {path}: {source}; check that its directory exists and is writable"
    )]
    PortFile {
        /// The file.
        path: std::path::PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A collect run failed.
    #[error(transparent)]
    Collect(#[from] error::CollectError),
}

impl Error {
    /// The process exit code: 2 for a usage error, 1 for any other failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Collect(error::CollectError::BadUrl { .. }) => 2,
            _ => 1,
        }
    }
}

/// Prints a message for people on stderr. Unlike `eprintln!`, it does not panic when
/// stderr is closed: a message nobody can read is dropped.
pub fn say(message: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Serve(args) => {
            init_logging(if args.quiet { "warn" } else { "info" });
            let source = data_source(args.data.data);
            let dataset = source.load()?;
            let records = dataset.len();
            let state = Arc::new(serve::State::new(dataset));
            let workers = args.workers.map_or_else(default_workers, usize::from);
            let config = serve::Config {
                addr: (args.host, args.port).into(),
                workers,
                handle_signals: true,
                cors: !args.no_cors,
            };
            if args.host.is_unspecified() {
                say(format_args!(
                    "jobsctl: warning: listening on all interfaces ({}): other machines can \
                     reach this server; use --host 127.0.0.1 to keep it local",
                    args.host
                ));
            }
            let server = serve::start(Arc::clone(&state), &config)?;
            if let Some(path) = &args.port_file {
                write_port_file(path, server.addr().port())?;
            }
            if let (true, DataSource::File(path)) = (args.watch, &source) {
                serve::watch(state, path.clone(), std::time::Duration::from_millis(500))
                    .map_err(Error::Serve)?;
            }
            say(format_args!(
                "jobsctl: serving {records} records from {} on {} (Ctrl-C stops)",
                source.describe(),
                server.url()
            ));
            server.wait().map_err(Error::Serve)
        }
        Command::Collect(args) => {
            let locations = names(
                args.locations.as_deref(),
                args.locations_file.as_deref(),
                &collect::DEFAULT_LOCATIONS,
            )?;
            let skills = names(
                args.skills.as_deref(),
                args.skills_file.as_deref(),
                &collect::DEFAULT_SKILLS,
            )?;
            let config = collect::Config {
                url: args.url,
                data: data_source(args.data.data),
                locations,
                skills,
                matrix: args.matrix,
                mode: match args.match_mode {
                    MatchArg::Token => MatchMode::Token,
                    MatchArg::Regex => MatchMode::Regex,
                    MatchArg::Substring => MatchMode::Substring,
                },
                output: (!args.no_workbook).then_some(args.output),
                format: match args.format {
                    FormatArg::Table => collect::OutputFormat::Table,
                    FormatArg::Csv => collect::OutputFormat::Csv,
                    FormatArg::Json => collect::OutputFormat::Json,
                },
                timeout: args.timeout,
                retries: args.retries,
                jobs: usize::from(args.jobs),
                quiet: args.quiet,
            };
            collect::run(&config)?;
            Ok(())
        }
    }
}

/// The names to count: a comma list, a names file, or the lab's defaults.
fn names(
    list: Option<&str>,
    file: Option<&std::path::Path>,
    defaults: &[&str],
) -> Result<Vec<String>, Error> {
    match (list, file) {
        (Some(list), _) => Ok(collect::split_list(list)),
        (None, Some(path)) => std::fs::read_to_string(path)
            .map(|text| collect::parse_names(&text))
            .map_err(|source| Error::NamesFile {
                path: path.to_path_buf(),
                source,
            }),
        (None, None) => Ok(defaults.iter().map(|s| s.to_string()).collect()),
    }
}

/// Writes `port` to `path` through a temporary file and a rename, so a reader polling for
/// the file never sees it half-written.
fn write_port_file(path: &std::path::Path, port: u16) -> Result<(), Error> {
    let error = |source| Error::PortFile {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => std::path::Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(error)?;
    std::io::Write::write_all(&mut tmp, format!("{port}\n").as_bytes()).map_err(error)?;
    tmp.persist(path).map_err(|e| error(e.error))?;
    Ok(())
}

fn data_source(path: Option<std::path::PathBuf>) -> DataSource {
    path.map_or(DataSource::Embedded, DataSource::File)
}

/// Sends `tracing` output to stderr, at `default` level unless RUST_LOG says otherwise.
/// actix's own start-up and shutdown chatter is kept at warnings unless RUST_LOG asks for
/// it. Colours only when stderr is a terminal and `NO_COLOR` is unset or empty.
fn init_logging(default: &str) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{default},actix_server=warn,actix_web=warn"))
    });
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .with_target(false)
        .try_init();
}

fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}
