//! The collector: asks a jobs API (a running one, or one started in-process) how many
//! postings each location and skill has, prints the counts, and writes the workbook.
//!
//! The only module that knows ureq (in `client`). `source` decides how a server is asked,
//! so that the lab's own server gives true counts in every match mode; `counts` plans and
//! runs the queries; `report` prints them; `workbook` lays the counts out as the lab's
//! sheets for the workbook layer to write.

mod answers;
mod client;
mod counts;
mod error;
mod fields;
mod hints;
mod interrupt;
mod names;
mod printable;
mod progress;
mod report;
mod source;
pub mod workbook;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use client::check_url;
pub use counts::{Counts, Matrix, RunInfo};
pub use error::CollectError;
pub use fields::Counted;
pub use interrupt::{EXIT_INTERRUPTED, EXIT_TERMINATED};
pub use names::{DEFAULT_LOCATIONS, DEFAULT_SKILLS, parse_names, split_list};
pub use report::OutputFormat;

use client::Client;
use counts::Plan;
use source::Source;

use crate::dataset::{DataSource, LOCATION_FIELD, LoadOptions, Role, SKILLS_FIELD};
use crate::filter::MatchMode;
use crate::serve;
use crate::term::{Loading, say};

/// A checked collect run.
#[derive(Debug, Clone)]
pub struct Config {
    /// A running server's base URL; `None` starts one in-process over `data`.
    pub url: Option<String>,
    /// The data for the in-process server.
    pub data: DataSource,
    /// How the data file is loaded (its size limit, lists and CSV delimiter); its size
    /// limit also bounds a server's answers of records.
    pub load: LoadOptions,
    /// Locations to count.
    pub locations: Names,
    /// Skills to count.
    pub skills: Names,
    /// Query pairs every count also applies: `Field:op=value` (`--filter`) and `_where`.
    pub filters: Vec<(String, String)>,
    /// Whether to count every skill in every location too.
    pub matrix: bool,
    /// How names match.
    pub mode: MatchMode,
    /// The workbook to write, or `None` for none.
    pub output: Option<PathBuf>,
    /// How counts are printed on stdout.
    pub format: OutputFormat,
    /// Whether the table draws a bar beside each count.
    pub bars: bool,
    /// Per-request timeout.
    pub timeout: Duration,
    /// How many times a failed request is tried again.
    pub retries: u32,
    /// How many requests run at once.
    pub jobs: usize,
    /// Whether to print nothing but results and errors.
    pub quiet: bool,
}

/// Which names a run counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    /// These, in this order.
    Listed(Vec<String>),
    /// The most common ones among the filtered records, from the server's facets.
    Top(usize),
    /// None given: the lab's list on the lab's own field, else the ten most common.
    Default,
}

/// How many names a run counts when none are given and the field is not the lab's.
pub const DEFAULT_TOP: usize = 10;

/// The names to count in the field playing `role` (`field`, if the data has one): those
/// given, the lab's list on the lab's own field, else the most common. With no such
/// field, none, said on stderr; names given for a field the data lacks are an error.
fn resolve(
    source: &Source<'_>,
    config: &Config,
    role: Role,
    field: Option<&str>,
) -> Result<Vec<String>, CollectError> {
    let (given, lab_field, lab_names, other) = match role {
        Role::Location => (
            &config.locations,
            LOCATION_FIELD,
            &DEFAULT_LOCATIONS[..],
            "skills",
        ),
        _ => (
            &config.skills,
            SKILLS_FIELD,
            &DEFAULT_SKILLS[..],
            "locations",
        ),
    };
    let Some(field) = field else {
        let flag = format!("--role {}=FIELD", role.name());
        if *given != Names::Default {
            return Err(CollectError::Refused {
                message: format!(
                    "no field of this data plays the {} role, so the names given cannot be \
                     counted; name the field with {flag} (for --url, on the server)",
                    role.name()
                ),
            });
        }
        if !config.quiet {
            say(format_args!(
                "note: no field of this data plays the {} role, so only {other} are counted; \
                 name one with {flag} to count it",
                role.name()
            ));
        }
        return Ok(Vec::new());
    };
    match given {
        Names::Listed(names) => Ok(names.clone()),
        Names::Top(n) => source.top(field, *n, &config.filters),
        Names::Default if field == lab_field => {
            Ok(lab_names.iter().map(|s| (*s).to_owned()).collect())
        }
        Names::Default => source.top(field, DEFAULT_TOP, &config.filters),
    }
}

/// Runs a collection: counts, prints on stdout, writes the workbook. Messages for people go
/// to stderr, so stdout holds only the results. The config's URL and output path have been
/// checked already (see `config.rs`). An error's text has its control characters escaped,
/// as it quotes the server.
pub fn run(config: &Config) -> Result<Counts, CollectError> {
    collect(config).map_err(CollectError::printable)
}

fn collect(config: &Config) -> Result<Counts, CollectError> {
    interrupt::install();
    let (server, base, described) = match &config.url {
        Some(url) => (None, url.clone(), url.clone()),
        None => {
            let loading = Loading::start(
                &config.data.describe(),
                config.data.file_size(),
                config.quiet,
            );
            let dataset = config.data.load(&config.load)?;
            drop(loading);
            let state = Arc::new(serve::State::new(dataset));
            let server = serve::start(
                state,
                &serve::Config {
                    addr: ([127, 0, 0, 1], 0).into(),
                    workers: config.jobs.clamp(1, 4),
                    handle_signals: false,
                    cors: false,
                    idle_timeout: Some(serve::DEFAULT_IDLE_TIMEOUT),
                },
            )?;
            let base = server.url();
            (Some(server), base, config.data.describe())
        }
    };
    let client =
        Client::new(&base, config.timeout).with_retries(config.retries, Duration::from_millis(200));
    let counted = Source::probe(&client, config.mode, config.load.max_bytes).and_then(|source| {
        if !config.filters.is_empty() {
            source.check_filters(&config.filters)?;
        }
        let fields = source.counted_fields();
        let locations = resolve(&source, config, Role::Location, fields.location.as_deref())?;
        let skills = resolve(&source, config, Role::Skills, fields.skills.as_deref())?;
        let plan = Plan {
            locations: &locations,
            skills: &skills,
            fields: &fields,
            matrix: config.matrix,
            filters: &config.filters,
        };
        let counts = counts::count_all(&source, &plan, config)?;
        if !config.quiet {
            let hints = |field: &Option<String>, counted| match field {
                Some(field) => hints::unmatched(&source, field, counted),
                None => Vec::new(),
            };
            let unmatched = hints(&fields.location, &counts.locations)
                .into_iter()
                .chain(hints(&fields.skills, &counts.skills));
            for warning in unmatched {
                say(format_args!("warning: {warning}"));
            }
        }
        Ok((counts, source.records()))
    });
    if let Some(server) = server {
        // The counts are in hand; a failure to stop cleanly does not lose them.
        let _ = server.stop();
    }
    let in_process = config.url.is_none();
    let (counts, records) = counted.map_err(|e| match in_process {
        true => e.without_address(&base, &described),
        false => e,
    })?;
    let info = RunInfo {
        source: described,
        match_mode: config.mode.name().to_owned(),
        records,
        generated_at: jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .unwrap_or_else(|_| jiff::Timestamp::now())
            .to_string(),
        filter: config
            .filters
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let mut stdout = std::io::stdout().lock();
    match report::print(&counts, &info, config.format, config.bars, &mut stdout) {
        // The reader stopped early (`| head`): its choice; the workbook is still written.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(CollectError::Stdout(e.to_string())),
        Ok(()) => {}
    }
    if let Some(output) = &config.output {
        workbook::write(&counts, &info, output)?;
        if !config.quiet {
            say(format_args!("wrote {}", output.display()));
        }
    }
    Ok(counts)
}
