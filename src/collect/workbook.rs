//! The lab's workbook: a collect run's counts and provenance as tables and properties for
//! the workbook layer ([`crate::workbook`]), which lays them out and saves them.
//!
//! 1. sheet `jobs locations`: `Location` | `Number of Jobs`, one row per location, with a bar
//!    chart of the counts;
//! 2. sheet `langages jobs` (the lab's spelling): `Technology` | `Number of Jobs`, one row per
//!    skill, with a bar chart;
//! 3. sheet `skills by location`, only when the run counted the skill × location matrix, with
//!    column A frozen too, a three-colour scale over the counts and a clustered bar chart
//!    (one series per location).
//!
//! Counts are numeric cells. The document properties say where the numbers came from
//! (custom properties `Source`, `Match mode`, `Records`, `Generated at`, and the same in the
//! description).

use std::path::Path;

pub use crate::workbook::WorkbookError;
use crate::workbook::{self, BarChart, Cell, CustomValue, Properties, Table};

use super::{Counts, Matrix, RunInfo};

/// Name of the locations sheet.
pub const LOCATIONS_SHEET: &str = "jobs locations";
/// Name of the technologies sheet (the lab's spelling).
pub const SKILLS_SHEET: &str = "langages jobs";
/// Name of the skill × location sheet, present only with a matrix.
pub const MATRIX_SHEET: &str = "skills by location";
/// Header of the count column on the locations and technologies sheets.
pub const COUNT_HEADER: &str = "Number of Jobs";
/// The workbook's title property.
pub const TITLE: &str = "Job postings";

/// Writes the workbook for `counts` and `info` to `path`, replacing any file there; a
/// failure never leaves a half-written file (see [`workbook::write`]).
pub fn write(counts: &Counts, info: &RunInfo, path: &Path) -> Result<(), WorkbookError> {
    workbook::write(path, &tables(counts), &properties(info))
}

/// The sheets of a run, in order.
fn tables(counts: &Counts) -> Vec<Table> {
    let (location, skills) = counts.fields.headings();
    let mut tables = vec![
        count_table(
            LOCATIONS_SHEET,
            &location,
            "Job postings by location",
            &counts.locations,
        ),
        count_table(
            SKILLS_SHEET,
            &skills,
            "Job postings by technology",
            &counts.skills,
        ),
    ];
    tables.extend(counts.matrix.as_ref().map(|m| matrix_table(m, &skills)));
    tables
}

/// A `label | Number of Jobs` sheet with its chart.
fn count_table(name: &str, label: &str, chart_title: &str, rows: &[(String, u64)]) -> Table {
    let mut table = Table::new(name, [label, COUNT_HEADER]);
    table.rows = rows
        .iter()
        .map(|(name, count)| vec![Cell::from(name.as_str()), Cell::from(*count)])
        .collect();
    table.chart = Some(BarChart {
        title: chart_title.to_owned(),
        categories: 0,
        values: vec![1],
    });
    table
}

/// The skill × location cross-tab; a short row of counts leaves its last cells empty.
fn matrix_table(matrix: &Matrix, skills: &str) -> Table {
    let mut table = Table::new(
        MATRIX_SHEET,
        std::iter::once(skills).chain(matrix.locations.iter().map(String::as_str)),
    );
    table.rows = matrix
        .skills
        .iter()
        .enumerate()
        .map(|(index, skill)| {
            let counts = matrix.counts.get(index).map_or(&[][..], Vec::as_slice);
            std::iter::once(Cell::from(skill.as_str()))
                .chain(
                    counts
                        .iter()
                        .take(matrix.locations.len())
                        .map(|n| Cell::from(*n)),
                )
                .collect()
        })
        .collect();
    table.freeze_first_column = true;
    table.color_scale = true;
    table.chart = Some(BarChart {
        title: "Job postings by technology and location".to_owned(),
        categories: 0,
        values: (1..=matrix.locations.len()).collect(),
    });
    table
}

/// The run's provenance as document properties.
fn properties(info: &RunInfo) -> Properties {
    let records = info
        .records
        .map_or_else(|| "unknown".to_owned(), |n| n.to_string());
    let records_value = match info.records.map(i64::try_from) {
        Some(Ok(n)) => CustomValue::Integer(n),
        _ => CustomValue::Text(records.clone()),
    };
    let mut description = format!(
        "Source: {}; Match mode: {}; Records: {records}; Generated at: {}",
        info.source, info.match_mode, info.generated_at
    );
    let mut custom = vec![
        ("Source".to_owned(), CustomValue::Text(info.source.clone())),
        (
            "Match mode".to_owned(),
            CustomValue::Text(info.match_mode.clone()),
        ),
        ("Records".to_owned(), records_value),
        (
            "Generated at".to_owned(),
            CustomValue::Date(info.generated_at.clone()),
        ),
    ];
    if !info.filter.is_empty() {
        description.push_str(&format!("; Filter: {}", info.filter));
        custom.push(("Filter".to_owned(), CustomValue::Text(info.filter.clone())));
    }
    Properties {
        title: TITLE.to_owned(),
        subject: "Job postings by location and technology".to_owned(),
        description,
        keywords: "jobs, job postings, locations, technologies, skills".to_owned(),
        created: Some(info.generated_at.clone()),
        custom,
    }
}
