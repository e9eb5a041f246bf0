//! The workbook: the only code that knows umya-spreadsheet.
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

use std::fs;
use std::io::{self, Write};
use std::path::{MAIN_SEPARATOR, Path, PathBuf};

use umya_spreadsheet::custom_properties::CustomDocumentProperty;
use umya_spreadsheet::drawing::charts::{
    CategoryAxisData, ChartText, GroupingValues, StringReference,
};
use umya_spreadsheet::drawing::spreadsheet::MarkerType;
use umya_spreadsheet::{
    Chart, ChartType, Coordinate, DefinedName, Pane, PaneStateValues, PaneValues, Selection,
    SheetView, SheetViews, Workbook, Worksheet,
};

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

/// The file name suggested when the user gives a directory.
const SUGGESTED_NAME: &str = "job-postings.xlsx";
/// Where the charts sit: columns D (index 3) to L (index 11), rows 2 (index 1) to 20 (index 19),
/// zero-based as drawing anchors count.
const CHART_FROM: (u32, u32) = (3, 1);
const CHART_TO: (u32, u32) = (11, 19);
/// Column widths, in characters, are kept within these bounds.
const MIN_WIDTH: f64 = 8.0;
const MAX_WIDTH: f64 = 60.0;

/// Why the workbook could not be written. Each message says what failed, where, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// The output path is an existing directory.
    #[error(
        "cannot write workbook to {path}: it is a directory; give a file path such as {suggestion}"
    )]
    IsDirectory {
        /// The path given.
        path: PathBuf,
        /// A file path inside that directory.
        suggestion: PathBuf,
    },
    /// The output path ends in a path separator or is a root, so it names no file.
    #[error(
        "cannot write workbook to {path}: the path names a directory, not a file; give a file \
         path such as {suggestion}"
    )]
    NotAFile {
        /// The path given.
        path: PathBuf,
        /// A file path inside that directory.
        suggestion: PathBuf,
    },
    /// The directory that would hold the workbook does not exist (it is not created).
    #[error(
        "cannot write workbook to {path}: the directory {dir} does not exist; create it first or \
         give a path in an existing directory"
    )]
    MissingDirectory {
        /// The path given.
        path: PathBuf,
        /// Its parent directory.
        dir: PathBuf,
    },
    /// Creating, writing, syncing or renaming the file failed.
    #[error(
        "cannot write workbook to {path}: {source}; check that the directory exists and is \
         writable"
    )]
    Io {
        /// The path given.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The spreadsheet library could not build or encode the workbook.
    #[error(
        "cannot write workbook to {path}: the spreadsheet library failed ({reason}); nothing was \
         written; please report this as a bug"
    )]
    Spreadsheet {
        /// The path given.
        path: PathBuf,
        /// What the library said.
        reason: String,
    },
}

/// Writes the workbook for `counts` and `info` to `path`, replacing any file there.
///
/// The workbook is written in full to a hidden temporary file in the same directory, synced,
/// then renamed over `path`; on any error the temporary file is removed and an existing file at
/// `path` is left as it was. A directory as `path`, or a missing parent directory, is an error
/// (the directory is not created). A bare file name means the current directory. A symbolic
/// link to a file is followed (the file it points to is replaced, the link kept), and an
/// existing device or FIFO such as `/dev/null` is written to directly, as it cannot be replaced.
pub fn write(counts: &Counts, info: &RunInfo, path: &Path) -> Result<(), WorkbookError> {
    let dir = target_dir(path)?;
    let book = build(counts, info).map_err(|reason| WorkbookError::Spreadsheet {
        path: path.to_path_buf(),
        reason,
    })?;
    let encode = |book: &Workbook, out: &mut dyn Write| {
        umya_spreadsheet::writer::xlsx::write_writer(book, out)
    };
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return write_in_place(&book, path, encode),
        _ => {}
    }
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match fs::canonicalize(path) {
        Ok(real) if is_link => match real.parent() {
            Some(real_dir) => save(&book, path, &real, real_dir, encode),
            None => save(&book, path, path, dir, encode),
        },
        _ => save(&book, path, path, dir, encode),
    }
}

/// Writes straight into an existing file that is not a regular one (a device, a FIFO).
fn write_in_place<F>(book: &Workbook, path: &Path, encode: F) -> Result<(), WorkbookError>
where
    F: FnOnce(&Workbook, &mut dyn Write) -> Result<(), umya_spreadsheet::XlsxError>,
{
    let file = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|source| io_error(path, source))?;
    let mut out = io::BufWriter::new(file);
    encode(book, &mut out).map_err(|e| encode_error(path, e))?;
    out.flush().map_err(|source| io_error(path, source))
}

/// Encodes `book` with `encode` into a temporary file in `dir`, then renames it to `target`
/// (`path` itself, or the file a symbolic link at `path` points to). Errors name `path`.
fn save<F>(
    book: &Workbook,
    path: &Path,
    target: &Path,
    dir: &Path,
    encode: F,
) -> Result<(), WorkbookError>
where
    F: FnOnce(&Workbook, &mut dyn Write) -> Result<(), umya_spreadsheet::XlsxError>,
{
    let io_error = |source: io::Error| io_error(path, source);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".job-postings-").suffix(".xlsx.tmp");
    #[cfg(unix)]
    {
        // Like `File::create`: 0o666 less the umask, not tempfile's private 0o600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // From here on, returning early drops `tmp`, which deletes the temporary file.
    let mut tmp = builder.tempfile_in(dir).map_err(io_error)?;
    // Ctrl-C from here until the rename removes the temporary file too.
    let _pending = super::interrupt::pending(tmp.path().to_path_buf());
    {
        let mut out = io::BufWriter::new(tmp.as_file_mut());
        encode(book, &mut out).map_err(|e| encode_error(path, e))?;
        out.flush().map_err(io_error)?;
    }
    if let Ok(existing) = fs::metadata(target) {
        // Keep the replaced file's permissions. Best effort: the new content matters more.
        let _ = tmp.as_file().set_permissions(existing.permissions());
    }
    tmp.as_file().sync_all().map_err(io_error)?;
    tmp.persist(target).map_err(|e| io_error(e.error))?;
    Ok(())
}

fn io_error(path: &Path, source: io::Error) -> WorkbookError {
    WorkbookError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn encode_error(path: &Path, error: umya_spreadsheet::XlsxError) -> WorkbookError {
    match error {
        umya_spreadsheet::XlsxError::Io(source) => io_error(path, source),
        other => WorkbookError::Spreadsheet {
            path: path.to_path_buf(),
            reason: other.to_string(),
        },
    }
}

/// Checks `path` can name a file and returns the directory it goes in, which must exist.
/// Checks, before any work is done, that `path` can name the workbook: not a directory,
/// and in a directory that exists.
pub fn check_path(path: &Path) -> Result<(), WorkbookError> {
    target_dir(path).map(|_| ())
}

fn target_dir(path: &Path) -> Result<&Path, WorkbookError> {
    if path.is_dir() {
        return Err(WorkbookError::IsDirectory {
            path: path.to_path_buf(),
            suggestion: path.join(SUGGESTED_NAME),
        });
    }
    let ends_in_separator = path
        .as_os_str()
        .to_string_lossy()
        .ends_with(['/', MAIN_SEPARATOR]);
    if path.file_name().is_none() || ends_in_separator {
        return Err(WorkbookError::NotAFile {
            path: path.to_path_buf(),
            suggestion: path.join(SUGGESTED_NAME),
        });
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(WorkbookError::MissingDirectory {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        });
    }
    Ok(dir)
}

/// What differs between the locations sheet and the technologies sheet.
struct CountSheet {
    name: &'static str,
    label: &'static str,
    chart_title: &'static str,
}

/// Builds the whole workbook in memory. Errors are umya's, as text.
fn build(counts: &Counts, info: &RunInfo) -> Result<Workbook, String> {
    let mut book = umya_spreadsheet::new_file_empty_worksheet();
    let sheets = [
        (
            CountSheet {
                name: LOCATIONS_SHEET,
                label: "Location",
                chart_title: "Job postings by location",
            },
            &counts.locations,
        ),
        (
            CountSheet {
                name: SKILLS_SHEET,
                label: "Technology",
                chart_title: "Job postings by technology",
            },
            &counts.skills,
        ),
    ];
    for (index, (spec, rows)) in sheets.iter().enumerate() {
        let sheet = book.new_sheet(spec.name).map_err(|e| e.to_string())?;
        fill_count_sheet(sheet, spec, rows, index == 0);
        add_filter_name(&mut book, spec.name, index, 2, rows.len());
    }
    if let Some(matrix) = &counts.matrix {
        let sheet = book.new_sheet(MATRIX_SHEET).map_err(|e| e.to_string())?;
        let columns = fill_matrix_sheet(sheet, matrix);
        add_filter_name(
            &mut book,
            MATRIX_SHEET,
            sheets.len(),
            columns,
            matrix.skills.len(),
        );
    }
    book.set_active_sheet(0);
    set_properties(&mut book, info);
    Ok(book)
}

/// Writes a `name | Number of Jobs` sheet with its chart.
fn fill_count_sheet(sheet: &mut Worksheet, spec: &CountSheet, rows: &[(String, u64)], first: bool) {
    write_header(sheet, &[spec.label, COUNT_HEADER]);
    for (row, (name, count)) in (2u32..).zip(rows) {
        sheet.cell_mut((1, row)).set_value_string(name.as_str());
        sheet.cell_mut((2, row)).set_value_number(*count as f64);
    }
    set_width(
        sheet,
        1,
        rows.iter().map(|(name, _)| name.as_str()),
        spec.label,
    );
    set_width(
        sheet,
        2,
        rows.iter().map(|(_, count)| count.to_string()),
        COUNT_HEADER,
    );
    freeze_header(sheet, false, first);
    sheet.set_auto_filter(format!("A1:B{}", last_row(rows.len())));
    if !rows.is_empty() {
        sheet.add_chart(bar_chart(spec, rows.len()));
    }
}

/// Writes the skill × location cross-tab; returns its number of columns.
fn fill_matrix_sheet(sheet: &mut Worksheet, matrix: &Matrix) -> usize {
    let corner = "Technology";
    let mut header: Vec<&str> = vec![corner];
    header.extend(matrix.locations.iter().map(String::as_str));
    write_header(sheet, &header);
    for (index, (row, skill)) in (2u32..).zip(&matrix.skills).enumerate() {
        sheet.cell_mut((1, row)).set_value_string(skill.as_str());
        let counts = matrix.counts.get(index).map_or(&[][..], Vec::as_slice);
        for (column, count) in (2u32..).zip(counts.iter().take(matrix.locations.len())) {
            sheet
                .cell_mut((column, row))
                .set_value_number(*count as f64);
        }
    }
    set_width(sheet, 1, matrix.skills.iter().map(String::as_str), corner);
    for (column, location) in (2u32..).zip(&matrix.locations) {
        let index = column as usize - 2;
        let values = matrix
            .counts
            .iter()
            .filter_map(|row| row.get(index))
            .map(u64::to_string);
        set_width(sheet, column, values, location);
    }
    freeze_header(sheet, true, false);
    let columns = header.len();
    sheet.set_auto_filter(format!(
        "A1:{}{}",
        column_letters(columns),
        last_row(matrix.skills.len())
    ));
    columns
}

/// Writes bold text headers in row 1.
fn write_header(sheet: &mut Worksheet, labels: &[&str]) {
    for (column, label) in (1u32..).zip(labels) {
        sheet.cell_mut((column, 1)).set_value_string(*label);
        sheet.style_mut((column, 1)).font_mut().set_bold(true);
    }
}

/// Makes a column as wide as its longest value or header, within bounds.
fn set_width<I, S>(sheet: &mut Worksheet, column: u32, values: I, header: &str)
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let longest = values
        .into_iter()
        .map(|v| v.as_ref().chars().count())
        .chain(std::iter::once(header.chars().count() + 1)) // bold is wider
        .max()
        .unwrap_or(0);
    let width = ((longest as f64 * 1.1 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH) * 10.0).round() / 10.0;
    sheet
        .column_dimension_mut(&column_letters(column as usize))
        .set_width(width);
}

/// Freezes row 1 (and column A when `first_column`), as Excel's "Freeze Panes" does.
fn freeze_header(sheet: &mut Worksheet, first_column: bool, selected: bool) {
    let (columns, active) = if first_column {
        (1, PaneValues::BottomRight)
    } else {
        (0, PaneValues::BottomLeft)
    };
    let mut top_left = Coordinate::default();
    top_left.set_col_num(columns + 1).set_row_num(2);

    let mut pane = Pane::default();
    if columns > 0 {
        pane.set_horizontal_split(f64::from(columns));
    }
    pane.set_vertical_split(1.0)
        .set_top_left_cell(top_left.clone())
        .set_active_pane(active.clone())
        .set_state(PaneStateValues::Frozen);

    let mut selection = Selection::default();
    selection.set_pane(active).set_active_cell(top_left.clone());
    selection
        .sequence_of_references_mut()
        .set_sqref(top_left.to_string());

    let mut view = SheetView::default();
    view.set_workbook_view_id(0)
        .set_tab_selected(selected)
        .set_pane(pane)
        .set_selection(selection);
    let mut views = SheetViews::default();
    views.add_sheet_view_list_mut(view);
    sheet.set_sheets_views(views);
}

/// Adds the hidden `_xlnm._FilterDatabase` name that Excel writes for a sheet's autofilter.
fn add_filter_name(book: &mut Workbook, sheet: &str, index: usize, columns: usize, rows: usize) {
    let Ok(local_id) = u32::try_from(index) else {
        return;
    };
    let mut name = DefinedName::default();
    name.set_name("_xlnm._FilterDatabase");
    name.set_address(format!(
        "'{sheet}'!$A$1:${}${}",
        column_letters(columns),
        last_row(rows)
    ));
    name.set_local_sheet_id(local_id);
    name.set_hidden(true);
    book.add_defined_names(name);
}

/// A clustered column chart of `rows` data rows, categories and values linked to the cells.
fn bar_chart(spec: &CountSheet, rows: usize) -> Chart {
    let last = last_row(rows);
    let sheet = format!("'{}'", spec.name);
    let names = format!("{sheet}!$A$2:$A${last}");
    let values = format!("{sheet}!$B$2:$B${last}");
    let series_name = format!("{sheet}!$B$1");

    let mut from = MarkerType::default();
    from.set_col(CHART_FROM.0).set_row(CHART_FROM.1);
    let mut to = MarkerType::default();
    to.set_col(CHART_TO.0).set_row(CHART_TO.1);

    let mut chart = Chart::default();
    chart.new_chart(&ChartType::BarChart, from, to, vec![values.as_str()]);
    chart
        .set_grouping(GroupingValues::Standard)
        .set_title(spec.chart_title)
        .set_horizontal_title(spec.label)
        .set_vertical_title(COUNT_HEADER);
    if let Some(bars) = chart.plot_area_mut().bar_chart_mut() {
        // umya has no `clustered` grouping: `standard` with no overlap draws the bars side by
        // side (umya's default overlap of 100 is for stacked bars).
        bars.overlap_mut().set_val(0);
    }
    for series in chart.area_chart_series_list_mut().area_chart_series_mut() {
        let mut categories = StringReference::default();
        categories.formula_mut().set_address_str(names.as_str());
        let mut axis_data = CategoryAxisData::default();
        axis_data.set_string_reference(categories);
        series.set_category_axis_data(axis_data);

        let mut title = StringReference::default();
        title.formula_mut().set_address_str(series_name.as_str());
        let mut text = ChartText::default();
        text.set_string_reference(title);
        series.set_chart_text(text);
    }
    if let Some(frame) = chart.two_cell_anchor_mut().graphic_frame_mut() {
        // umya writes `<xdr:cNvPr id="0" name="">`; give the frame a real id and name as Excel
        // does (an empty name shows as a blank object in the program's navigator).
        frame
            .non_visual_graphic_frame_properties_mut()
            .non_visual_drawing_properties_mut()
            .set_id(2)
            .set_name(spec.chart_title);
    }
    // One series: a legend would only repeat the axis title.
    chart
        .chart_space_mut()
        .chart_mut()
        .set_legend_present(false);
    chart
}

/// Records the run in the core and custom document properties.
fn set_properties(book: &mut Workbook, info: &RunInfo) {
    let records = info
        .records
        .map_or_else(|| "unknown".to_owned(), |n| n.to_string());
    let props = book.properties_mut();
    props
        .set_title(TITLE)
        .set_subject("Job postings by location and technology")
        .set_creator("jobsctl")
        .set_last_modified_by("jobsctl")
        .set_keywords("jobs, job postings, locations, technologies, skills")
        .set_description(format!(
            "Source: {}; Match mode: {}; Records: {records}; Generated at: {}",
            info.source, info.match_mode, info.generated_at
        ))
        .set_created(info.generated_at.as_str())
        .set_modified(info.generated_at.as_str());

    let mut source = CustomDocumentProperty::default();
    source
        .set_name("Source")
        .set_value_string(info.source.as_str());
    let mut mode = CustomDocumentProperty::default();
    mode.set_name("Match mode")
        .set_value_string(info.match_mode.as_str());
    let mut count = CustomDocumentProperty::default();
    count.set_name("Records");
    // Custom number properties are 32-bit; a larger count is kept as text.
    match info.records.map(i32::try_from) {
        Some(Ok(n)) => count.set_value_number(n),
        _ => count.set_value_string(records),
    };
    let mut generated = CustomDocumentProperty::default();
    generated
        .set_name("Generated at")
        .set_value_date_manual(info.generated_at.as_str());

    let custom = props.custom_properties_mut();
    for property in [source, mode, count, generated] {
        custom.add_custom_document_property_list(property);
    }
}

/// The last row of a table with a header and `rows` data rows (1 when there are none).
fn last_row(rows: usize) -> usize {
    rows + 1
}

/// Spreadsheet column letters for a 1-based column number: 1 → A, 27 → AA.
fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        column = (column - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::io;

    use super::{Counts, RunInfo, WorkbookError, build, column_letters, save, target_dir};

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(2), "B");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn a_write_failing_midway_keeps_the_old_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("job-postings.xlsx");
        fs::write(&path, b"the previous workbook").expect("write old file");
        let counts = Counts {
            locations: vec![("Austin".to_owned(), 3)],
            skills: vec![("Rust".to_owned(), 1)],
            matrix: None,
        };
        let info = RunInfo {
            source: "test".to_owned(),
            match_mode: "token".to_owned(),
            records: Some(4),
            generated_at: "2026-11-28T17:48:56Z".to_owned(),
        };
        let book = build(&counts, &info).expect("build");
        let dir_path = target_dir(&path).expect("target dir");

        let result = save(&book, &path, &path, dir_path, |_, out| {
            out.write_all(b"PK half a zip")?;
            out.flush()?;
            Err(io::Error::other("disk full").into())
        });

        let Err(WorkbookError::Io { source, .. }) = result else {
            panic!("expected an I/O error, got {result:?}");
        };
        assert_eq!(source.to_string(), "disk full");
        assert_eq!(fs::read(&path).expect("read"), b"the previous workbook");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["job-postings.xlsx"]);
    }
}
