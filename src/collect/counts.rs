//! Counting: the queries a run needs (each location, each skill, and the skill × location
//! matrix), asked `--jobs` at a time, answered in the order the user asked for them.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::Config;
use super::error::CollectError;
use super::fields::Counted;
use super::progress::Progress;
use super::source::Source;
use crate::dataset::{LOCATION_FIELD, SKILLS_FIELD};

/// Counts gathered by one collect run, in the order the user asked for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// The fields counted, which name the headings.
    pub fields: Counted,
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
    /// The filter that restricted every count (`--filter`, `--where`), as written; empty
    /// when there was none.
    pub filter: String,
}

/// What one run counts: resolved names, and the filters every count also applies.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    /// Locations to count, in order.
    pub locations: &'a [String],
    /// Skills to count, in order.
    pub skills: &'a [String],
    /// The fields counted (a list of names is empty where the data has no such field).
    pub fields: &'a Counted,
    /// Whether to count every skill in every location too.
    pub matrix: bool,
    /// Query pairs added to every count (`Field:op=value`, `_where`).
    pub filters: &'a [(String, String)],
}

/// Asks for every count of `plan`, `config.jobs` at a time, and puts the answers back in
/// the requested order.
pub(super) fn count_all(
    source: &Source<'_>,
    plan: &Plan<'_>,
    config: &Config,
) -> Result<Counts, CollectError> {
    let location_field = plan.fields.location.as_deref().unwrap_or(LOCATION_FIELD);
    let skills_field = plan.fields.skills.as_deref().unwrap_or(SKILLS_FIELD);
    let query = |names: &[(&str, &str)]| -> Vec<(String, String)> {
        names
            .iter()
            .map(|(field, name)| ((*field).to_owned(), (*name).to_owned()))
            .chain(plan.filters.iter().cloned())
            .collect()
    };
    let mut queries: Vec<Vec<(String, String)>> = Vec::new();
    queries.extend(plan.locations.iter().map(|l| query(&[(location_field, l)])));
    queries.extend(plan.skills.iter().map(|s| query(&[(skills_field, s)])));
    if plan.matrix {
        for skill in plan.skills {
            for location in plan.locations {
                queries.push(query(&[(skills_field, skill), (location_field, location)]));
            }
        }
    }
    let progress = Progress::new(queries.len() as u64, config.quiet);
    let answers = fetch_all(source, &queries, config.jobs, &progress);
    progress.finish();
    let answers = answers?;
    let (locations, rest) = answers.split_at(plan.locations.len());
    let (skills, cells) = rest.split_at(plan.skills.len());
    let pair = |names: &[String], counts: &[u64]| -> Vec<(String, u64)> {
        names.iter().cloned().zip(counts.iter().copied()).collect()
    };
    let matrix = plan.matrix.then(|| Matrix {
        skills: plan.skills.to_vec(),
        locations: plan.locations.to_vec(),
        // One row per skill, even when there are no locations (and so no cells).
        counts: plan
            .skills
            .iter()
            .enumerate()
            .map(|(row, _)| {
                let width = plan.locations.len();
                cells
                    .get(row * width..(row + 1) * width)
                    .map_or_else(Vec::new, <[u64]>::to_vec)
            })
            .collect(),
    });
    Ok(Counts {
        fields: plan.fields.clone(),
        locations: pair(plan.locations, locations),
        skills: pair(plan.skills, skills),
        matrix,
    })
}

/// Runs the queries on `jobs` threads. Stops early after a failure and returns the failure
/// of the earliest query, so errors do not depend on timing.
fn fetch_all(
    source: &Source<'_>,
    queries: &[Vec<(String, String)>],
    jobs: usize,
    progress: &Progress,
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
                    let answer = source.count(query);
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
