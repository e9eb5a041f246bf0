//! The workbook: the only code that knows umya-spreadsheet. `sheets` builds it in memory,
//! `save` writes it without ever losing the previous one.
//!
//! [`write`] turns one collect run into an `.xlsx` file laid out like the lab's:
//!
//! 1. sheet `jobs locations`: `Location` | `Number of Jobs`, one row per location, with a bar
//!    chart of the counts;
//! 2. sheet `langages jobs` (the lab's spelling): `Technology` | `Number of Jobs`, one row per
//!    skill, with a bar chart;
//! 3. sheet `skills by location`, only when the run counted the skill × location matrix.
//!
//! Every sheet has a bold header row, columns as wide as their longest value, a frozen header
//! row and an autofilter over its data. Counts are numeric cells. The charts' category labels
//! and values are references to the name and count cells, not literals, so every spreadsheet
//! program labels the bars with the names. The document properties say where the numbers came
//! from (custom properties `Source`, `Match mode`, `Records`, `Generated at`, and the same in
//! the description).
//!
//! The file is written to a temporary file beside the target and renamed into place, so a
//! failed write never leaves a half-written workbook nor touches an existing one.

mod error;
mod save;
mod sheets;
mod styles;

use std::path::Path;

pub use error::WorkbookError;
pub use save::{check_path, discard_pending};

use super::{Counts, RunInfo};

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

/// Writes the workbook for `counts` and `info` to `path`, replacing any file there; see
/// [`save`](save::save) for how a failure never leaves a half-written file.
pub fn write(counts: &Counts, info: &RunInfo, path: &Path) -> Result<(), WorkbookError> {
    save::target_dir(path)?;
    let book = sheets::build(counts, info).map_err(|reason| WorkbookError::Spreadsheet {
        path: path.to_path_buf(),
        reason,
    })?;
    save::save(&book, path)
}
