//! Turning the command line into checked run configurations. Everything that can be known
//! to fail from the flags alone (a `--url` that is not an http(s) URL, an `--output` that
//! cannot name a file, an unreadable names file) is refused here, before any work starts.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::{BarsArg, CollectArgs, FormatArg, MatchArg, ServeArgs};
use crate::collect::{self, Names, OutputFormat};
use crate::dataset::DataSource;
use crate::filter::MatchMode;
use crate::serve::{self, ServeConfig};
use crate::term::Verbosity;
use crate::workbook;

/// A command line that cannot run.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `--url` is not an http(s) base URL.
    #[error(transparent)]
    Url(collect::CollectError),
    /// `--output` cannot name a workbook file.
    #[error(transparent)]
    Output(#[from] workbook::WorkbookError),
    /// A `--filter` is not of the form `Field:op=value`.
    #[error(
        "--filter {given:?} is not a filter; write Field:op=value, e.g. \
         'Job Experience Required:covers=3' or 'Location:in=Seattle,Austin'"
    )]
    Filter {
        /// The filter as given.
        given: String,
    },
    /// The data file named by `JOBSCTL_DATA` (not by `--data`) cannot be read.
    #[error(
        "cannot read data file {path}, named by JOBSCTL_DATA: {source}; fix JOBSCTL_DATA, \
         unset it, or give --data FILE"
    )]
    DataFromEnv {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A names file could not be read.
    #[error("cannot read names file {path}: {source}; check the path")]
    NamesFile {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

impl ConfigError {
    /// 2 for a flag whose value is malformed, 1 for a file that cannot be used.
    pub fn exit_code(&self) -> u8 {
        match self {
            ConfigError::Url(_)
            | ConfigError::Filter { .. }
            | ConfigError::Output(workbook::WorkbookError::NotXlsx { .. }) => 2,
            ConfigError::Output(_)
            | ConfigError::NamesFile { .. }
            | ConfigError::DataFromEnv { .. } => 1,
        }
    }
}

impl TryFrom<ServeArgs> for ServeConfig {
    type Error = ConfigError;

    fn try_from(args: ServeArgs) -> Result<ServeConfig, ConfigError> {
        let workers = args.workers.map_or_else(
            || std::thread::available_parallelism().map_or(2, usize::from),
            usize::from,
        );
        Ok(ServeConfig {
            data: data_source(args.data.data.clone())?,
            load: args.data.load_options(),
            server: serve::Config {
                addr: (args.host, args.port).into(),
                workers,
                handle_signals: true,
                cors: !args.no_cors,
                idle_timeout: (args.idle_timeout > 0)
                    .then(|| std::time::Duration::from_secs(args.idle_timeout)),
            },
            watch: args.watch,
            watch_settle: std::time::Duration::from_millis(args.watch_settle_ms),
            port_file: args.port_file,
            cache_max_age: args.cache_max_age,
            max_streams: args.max_streams as usize,
            max_workbook_cells: args.max_workbook_cells as usize,
            query_time_limit: args.query_time_limit,
            verbosity: if args.quiet {
                Verbosity::Quiet
            } else {
                Verbosity::Normal
            },
        })
    }
}

/// The data to load. A file named by `JOBSCTL_DATA` rather than `--data` that cannot be
/// opened is refused here, naming the variable, since the user typed no `--data` to check.
fn data_source(path: Option<PathBuf>) -> Result<DataSource, ConfigError> {
    if let Some(path) = &path
        && from_environment(path)
        && let Err(source) = std::fs::metadata(path)
    {
        return Err(ConfigError::DataFromEnv {
            path: path.clone(),
            source,
        });
    }
    Ok(DataSource::from_option(path))
}

/// Whether `path` came from `JOBSCTL_DATA`: the variable holds it and the command line has
/// no `--data`.
fn from_environment(path: &Path) -> bool {
    std::env::var_os("JOBSCTL_DATA").is_some_and(|env| Path::new(&env) == path)
        && !std::env::args_os().any(|arg| {
            arg.to_str()
                .is_some_and(|a| a == "--data" || a.starts_with("--data="))
        })
}

impl TryFrom<CollectArgs> for collect::Config {
    type Error = ConfigError;

    fn try_from(args: CollectArgs) -> Result<collect::Config, ConfigError> {
        let url = match &args.url {
            Some(url) => Some(collect::check_url(url).map_err(ConfigError::Url)?),
            None => None,
        };
        let output = (!args.no_workbook).then_some(args.output);
        if let Some(path) = &output {
            workbook::check_path(path)?;
        }
        let locations = match args.top_locations {
            Some(n) => Names::Top(usize::from(n)),
            None => names(args.locations.as_deref(), args.locations_file.as_deref())?,
        };
        let skills = match args.top {
            Some(n) => Names::Top(usize::from(n)),
            None => names(args.skills.as_deref(), args.skills_file.as_deref())?,
        };
        let mut filters = args
            .filters
            .iter()
            .map(|given| filter_pair(given))
            .collect::<Result<Vec<_>, _>>()?;
        filters.extend(args.where_json.map(|json| ("_where".to_owned(), json)));
        Ok(collect::Config {
            url,
            data: data_source(args.data.data.clone())?,
            load: args.data.load_options(),
            locations,
            skills,
            filters,
            matrix: args.matrix,
            mode: match args.match_mode {
                MatchArg::Token => MatchMode::Token,
                MatchArg::Regex => MatchMode::Regex,
                MatchArg::Substring => MatchMode::Substring,
            },
            output,
            format: match args.format {
                FormatArg::Table => OutputFormat::Table,
                FormatArg::Csv => OutputFormat::Csv,
                FormatArg::Json => OutputFormat::Json,
            },
            bars: match args.bars {
                BarsArg::Auto => std::io::stdout().is_terminal(),
                BarsArg::Always => true,
                BarsArg::Never => false,
            },
            timeout: args.timeout,
            retries: args.retries,
            jobs: usize::from(args.jobs),
            quiet: args.quiet,
        })
    }
}

/// `Field:op=value` as a query pair; whether the field and operator exist is for the data
/// to say (the server, or the records counted here, refuse what they cannot apply).
fn filter_pair(given: &str) -> Result<(String, String), ConfigError> {
    match given.split_once('=') {
        Some((name, value)) if name.contains(':') && !name.starts_with(':') => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(ConfigError::Filter {
            given: given.to_owned(),
        }),
    }
}

/// The names to count: a comma list, a names file, or the lab's defaults.
fn names(list: Option<&str>, file: Option<&Path>) -> Result<Names, ConfigError> {
    match (list, file) {
        (Some(list), _) => Ok(Names::Listed(collect::split_list(list))),
        (None, Some(path)) => std::fs::read_to_string(path)
            .map(|text| Names::Listed(collect::parse_names(&text)))
            .map_err(|source| ConfigError::NamesFile {
                path: path.to_path_buf(),
                source,
            }),
        (None, None) => Ok(Names::Default),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_field_op_value() {
        assert_eq!(
            filter_pair("Job Experience Required:covers=3").unwrap(),
            ("Job Experience Required:covers".to_owned(), "3".to_owned())
        );
        assert_eq!(
            filter_pair("Location:in=a=b").unwrap(),
            ("Location:in".to_owned(), "a=b".to_owned())
        );
        for bad in ["Location=Seattle", ":eq=1", "covers"] {
            let message = filter_pair(bad).unwrap_err().to_string();
            assert!(message.contains("write Field:op=value"), "{bad}: {message}");
        }
    }

    #[test]
    fn serve_defaults_are_the_servers_own() {
        use clap::Parser;
        let cli = crate::cli::Cli::try_parse_from(["jobsctl", "serve"]).unwrap();
        let crate::cli::Command::Serve(args) = cli.command else {
            panic!("not serve");
        };
        let config = ServeConfig::try_from(args).unwrap();
        assert_eq!(config.max_streams, serve::DEFAULT_MAX_STREAMS);
        assert_eq!(config.max_workbook_cells, serve::DEFAULT_MAX_WORKBOOK_CELLS);
        assert_eq!(config.cache_max_age, serve::DEFAULT_CACHE_MAX_AGE);
        assert_eq!(
            config.query_time_limit,
            Some(crate::filter::DEFAULT_QUERY_TIME_LIMIT)
        );
        assert_eq!(
            config.load.max_bytes,
            crate::dataset::DEFAULT_MAX_DATA_BYTES
        );
    }
}
