//! The collector: asks a jobs API (a running one, or one started in-process) how many
//! postings each location and skill has, prints the counts, and writes the workbook.
//!
//! The only module that knows ureq. Counting uses `/data/count` and falls back to counting
//! the `/data` array on servers without it, such as the lab's Flask server.

mod client;
pub mod interrupt;
mod progress;
mod report;
pub mod workbook;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use client::Client;
pub use report::OutputFormat;

use crate::dataset::DataSource;
use crate::error::CollectError;
use crate::filter::MatchMode;
use crate::serve;

/// The lab's locations, in the lab's order.
pub const DEFAULT_LOCATIONS: [&str; 7] = [
    "Los Angeles",
    "New York",
    "San Francisco",
    "Washington DC",
    "Seattle",
    "Austin",
    "Detroit",
];

/// The lab's technologies, in the lab's order.
pub const DEFAULT_SKILLS: [&str; 12] = [
    "C",
    "C#",
    "C++",
    "Java",
    "JavaScript",
    "Python",
    "Scala",
    "Oracle",
    "SQL Server",
    "MySQL Server",
    "PostgreSQL",
    "MongoDB",
];

/// The field queried for each location.
pub const LOCATION_FIELD: &str = "Location";
/// The field queried for each skill.
pub const SKILL_FIELD: &str = "Key Skills";

/// Counts gathered by one collect run, in the order the user asked for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// (location name, number of postings), one per requested location.
    pub locations: Vec<(String, u64)>,
    /// (skill name, number of postings), one per requested skill.
    pub skills: Vec<(String, u64)>,
    /// The skill × location cross-tab, when `--matrix` was given.
    pub matrix: Option<Matrix>,
}

/// Skill × location cross-tab: `counts[s][l]` postings list skill `s` in location `l`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    /// Row names.
    pub skills: Vec<String>,
    /// Column names.
    pub locations: Vec<String>,
    /// `counts[skill][location]`.
    pub counts: Vec<Vec<u64>>,
}

/// Where the numbers came from, recorded in the workbook's document properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInfo {
    /// The server URL, or the data file (or "embedded jobs.json") for an in-process server.
    pub source: String,
    /// The match mode name: "token", "regex" or "substring".
    pub match_mode: String,
    /// Number of records in the data set, when known.
    pub records: Option<u64>,
    /// Time of the run, RFC 3339 UTC, e.g. "2026-11-28T17:48:56Z".
    pub generated_at: String,
}

/// A checked collect run.
#[derive(Debug, Clone)]
pub struct Config {
    /// A running server's base URL; `None` starts one in-process over `data`.
    pub url: Option<String>,
    /// The data for the in-process server.
    pub data: DataSource,
    /// Locations to count, in order.
    pub locations: Vec<String>,
    /// Skills to count, in order.
    pub skills: Vec<String>,
    /// Whether to count every skill in every location too.
    pub matrix: bool,
    /// How names match.
    pub mode: MatchMode,
    /// The workbook to write, or `None` for none.
    pub output: Option<PathBuf>,
    /// How counts are printed on stdout.
    pub format: OutputFormat,
    /// Per-request timeout.
    pub timeout: Duration,
    /// How many times a failed request is tried again.
    pub retries: u32,
    /// How many requests run at once.
    pub jobs: usize,
    /// Whether to print nothing but results and errors.
    pub quiet: bool,
}

/// Splits a comma-separated list, trimming names and dropping empty ones.
pub fn split_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parses a names file: one name per line; blank lines and lines starting with `#` are
/// skipped (a `#` inside a name, as in `C#`, is kept).
pub fn parse_names(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Runs a collection: counts, prints on stdout, writes the workbook. Messages for people go
/// to stderr, so stdout holds only the results.
pub fn run(config: &Config) -> Result<Counts, CollectError> {
    if let Some(output) = &config.output {
        workbook::check_path(output)?;
    }
    interrupt::install();
    if let Some(url) = &config.url {
        client::check_url(url)?;
    }
    let (server, base, records, source) = match &config.url {
        Some(url) => (
            None,
            url.trim_end_matches('/').to_owned(),
            None,
            url.clone(),
        ),
        None => {
            let dataset = config.data.load()?;
            let records = dataset.len() as u64;
            let state = Arc::new(serve::State::new(dataset));
            let server = serve::start(
                state,
                &serve::Config {
                    addr: ([127, 0, 0, 1], 0).into(),
                    workers: config.jobs.clamp(1, 4),
                    handle_signals: false,
                    cors: false,
                },
            )?;
            let base = server.url();
            (Some(server), base, Some(records), config.data.describe())
        }
    };
    let client = Client::new(&base, config.mode, config.timeout)
        .with_retries(config.retries, Duration::from_millis(200));
    let counted = count_all(&client, config);
    let records = records.or_else(|| counted.as_ref().ok().and_then(|_| client.records()));
    if let Some(server) = server {
        // The counts are in hand; a failure to stop cleanly does not lose them.
        let _ = server.stop();
    }
    let counts = counted?;
    let info = RunInfo {
        source,
        match_mode: config.mode.name().to_owned(),
        records,
        generated_at: jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .unwrap_or_else(|_| jiff::Timestamp::now())
            .to_string(),
    };
    let mut stdout = std::io::stdout().lock();
    match report::print(&counts, &info, config.format, &mut stdout) {
        // The reader stopped early (`| head`): its choice; the workbook is still written.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(CollectError::Stdout(e.to_string())),
        Ok(()) => {}
    }
    if let Some(output) = &config.output {
        workbook::write(&counts, &info, output)?;
        if !config.quiet {
            crate::say(format_args!("wrote {}", output.display()));
        }
    }
    Ok(counts)
}

/// Asks for every count the run needs, `config.jobs` at a time, and puts the answers back
/// in the requested order.
fn count_all(client: &Client, config: &Config) -> Result<Counts, CollectError> {
    let mut queries: Vec<Vec<(&str, &str)>> = Vec::new();
    queries.extend(
        config
            .locations
            .iter()
            .map(|l| vec![(LOCATION_FIELD, l.as_str())]),
    );
    queries.extend(
        config
            .skills
            .iter()
            .map(|s| vec![(SKILL_FIELD, s.as_str())]),
    );
    if config.matrix {
        for skill in &config.skills {
            for location in &config.locations {
                queries.push(vec![
                    (SKILL_FIELD, skill.as_str()),
                    (LOCATION_FIELD, location.as_str()),
                ]);
            }
        }
    }
    let progress = progress::Progress::new(queries.len() as u64, config.quiet);
    let answers = fetch_all(client, &queries, config.jobs, &progress);
    progress.finish();
    let answers = answers?;
    let (locations, rest) = answers.split_at(config.locations.len());
    let (skills, cells) = rest.split_at(config.skills.len());
    let pair = |names: &[String], counts: &[u64]| -> Vec<(String, u64)> {
        names.iter().cloned().zip(counts.iter().copied()).collect()
    };
    let matrix = config.matrix.then(|| Matrix {
        skills: config.skills.clone(),
        locations: config.locations.clone(),
        counts: cells
            .chunks(config.locations.len().max(1))
            .map(<[u64]>::to_vec)
            .collect(),
    });
    Ok(Counts {
        locations: pair(&config.locations, locations),
        skills: pair(&config.skills, skills),
        matrix,
    })
}

/// Runs the queries on `jobs` threads. Stops early after a failure and returns the failure
/// of the earliest query, so errors do not depend on timing.
fn fetch_all(
    client: &Client,
    queries: &[Vec<(&str, &str)>],
    jobs: usize,
    progress: &progress::Progress,
) -> Result<Vec<u64>, CollectError> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let slots: Vec<Mutex<Option<Result<u64, CollectError>>>> =
        queries.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, queries.len().max(1)) {
            scope.spawn(|| {
                // Every query taken is answered, so the first failure is always recorded.
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(query) = queries.get(i) else { break };
                    let answer = client.count(query);
                    if answer.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if let Ok(mut slot) = slots[i].lock() {
                        *slot = Some(answer);
                    }
                    progress.advance();
                }
            });
        }
    });
    let answers: Vec<Option<Result<u64, CollectError>>> = slots
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect();
    let mut counts = Vec::with_capacity(queries.len());
    for answer in answers {
        match answer {
            Some(Ok(count)) => counts.push(count),
            Some(Err(e)) => return Err(e),
            // Not asked: only possible after a failure, which comes first in the order.
            None => return Err(CollectError::Incomplete),
        }
    }
    Ok(counts)
}
