//! Workbooks: the only code that knows umya-spreadsheet. It knows nothing of collect or
//! serve: callers describe sheets as [`Table`]s and the document as [`Properties`].
//!
//! Every table becomes a sheet with a bold header row, columns as wide as their longest
//! value, a frozen header row (and column A, when asked), an autofilter over its data (with
//! the hidden `_xlnm._FilterDatabase` name Excel writes), and optionally a bar chart whose
//! category labels, values and series name are references to the cells, not literals, so
//! every spreadsheet program labels the bars. Text cells are always strings, never formulas.
//!
//! [`write()`] saves to a file: written in full to a temporary file beside the target and
//! renamed into place, so a failed write never leaves a half-written workbook nor touches an
//! existing one ([`discard_pending`] removes the temporary file on Ctrl-C). [`to_bytes`]
//! gives the same file in memory, for HTTP. A panic inside the spreadsheet library, while
//! building or saving, is caught (`unwind`) and becomes an error like any other.

mod address;
mod build;
mod chart;
mod error;
mod model;
mod page;
mod save;
mod styles;
mod unwind;

use std::path::Path;

pub use error::WorkbookError;
pub use model::{BarChart, Cell, CustomValue, MAX_ROWS, Properties, Table};
pub use save::{check_path, discard_pending};

/// Writes a workbook of `tables` (one sheet each, in order) with `properties` to `path`,
/// replacing any file there; see `save::save` (in `workbook/save.rs`) for how a failure never leaves a
/// half-written file.
pub fn write(path: &Path, tables: &[Table], properties: &Properties) -> Result<(), WorkbookError> {
    save::target_dir(path)?;
    check(tables)?;
    let failed = |reason| WorkbookError::Spreadsheet {
        path: path.to_path_buf(),
        reason,
    };
    // A panic while saving unwinds through the temporary file, which removes it.
    unwind::catch(|| {
        let book = build::build(tables, properties).map_err(failed)?;
        save::save(&book, path)
    })
    .map_err(failed)?
}

/// The xlsx file of `tables` with `properties`, in memory: the same bytes [`write()`] would
/// put in a file.
pub fn to_bytes(tables: &[Table], properties: &Properties) -> Result<Vec<u8>, WorkbookError> {
    check(tables)?;
    unwind::catch(|| {
        let book =
            build::build(tables, properties).map_err(|reason| WorkbookError::Encode { reason })?;
        save::encode(&book).map_err(|e| WorkbookError::Encode {
            reason: e.to_string(),
        })
    })
    .map_err(|reason| WorkbookError::Encode { reason })?
}

/// The characters a sheet name cannot hold: Excel's, and `'`, which the spreadsheet
/// library cannot refer to in a chart.
const NOT_IN_SHEET_NAMES: [char; 8] = ['[', ']', ':', '*', '?', '/', '\\', '\''];
/// The longest sheet name Excel accepts, in characters.
const MAX_SHEET_NAME: usize = 31;

/// Refuses, before any work, a table with more rows than a sheet holds and a sheet name
/// that spreadsheet programs would refuse or repair.
fn check(tables: &[Table]) -> Result<(), WorkbookError> {
    for (index, table) in tables.iter().enumerate() {
        let name = &table.name;
        let reason = if name.is_empty() || name.chars().count() > MAX_SHEET_NAME {
            Some(format!("it must have 1 to {MAX_SHEET_NAME} characters"))
        } else if let Some(c) = name.chars().find(|c| NOT_IN_SHEET_NAMES.contains(c)) {
            Some(format!("{c:?} is not allowed"))
        } else if tables[..index]
            .iter()
            .any(|t| t.name.to_lowercase() == name.to_lowercase())
        {
            Some("another sheet has that name (names ignore case)".to_owned())
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(WorkbookError::SheetName {
                name: name.clone(),
                reason,
            });
        }
        if table.sheet_rows() > MAX_ROWS {
            return Err(WorkbookError::TooManyRows {
                sheet: name.clone(),
                rows: table.sheet_rows(),
                max: MAX_ROWS,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use umya_spreadsheet::{CellRawValue, Worksheet};

    use super::*;

    fn read(bytes: &[u8]) -> umya_spreadsheet::Workbook {
        umya_spreadsheet::reader::xlsx::read_reader(Cursor::new(bytes), true).unwrap()
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    fn raw(sheet: &Worksheet, column: u32, row: u32) -> CellRawValue {
        sheet
            .cell((column, row))
            .map_or(CellRawValue::Empty, |c| c.cell_value().raw_value().clone())
    }

    fn table() -> Table {
        let mut table = Table::new("Bob data", ["Name", "Count", "Note"]);
        table.rows = vec![
            vec!["=1+1".into(), Cell::Number(2.5), Cell::Empty],
            vec!["b".into()],
        ];
        table
    }

    #[test]
    fn cells_keep_their_types_and_text_is_never_a_formula() {
        let bytes = to_bytes(&[table()], &Properties::default()).unwrap();
        let book = read(&bytes);
        let sheet = book.sheet_by_name("Bob data").unwrap();
        assert_eq!(sheet.value((1, 1)), "Name");
        assert!(sheet.style((2, 1)).font().is_some_and(|f| f.bold()));
        assert!(matches!(raw(sheet, 1, 2), CellRawValue::String(s) if &*s == "=1+1"));
        assert!(!sheet.cell((1, 2)).unwrap().is_formula());
        assert!(matches!(raw(sheet, 2, 2), CellRawValue::Numeric(n) if n == 2.5));
        assert!(matches!(raw(sheet, 3, 2), CellRawValue::Empty));
        assert!(matches!(raw(sheet, 2, 3), CellRawValue::Empty));
        let xml = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(!xml.contains("<f>"), "{xml}");
        assert!(xml.contains(r#"<autoFilter ref="A1:C3""#), "{xml}");
        assert!(xml.contains(r#"topLeftCell="A2""#), "{xml}");
        let names = part(&bytes, "xl/workbook.xml");
        assert!(names.contains("'Bob data'!$A$1:$C$3"), "{names}");
    }

    #[test]
    fn a_chart_links_to_its_columns_and_is_left_out_without_rows() {
        let mut with_rows = Table::new("job counts", ["Location", "Number of Jobs"]);
        with_rows.rows = vec![vec!["Austin".into(), 3u64.into()]];
        with_rows.chart = Some(BarChart {
            title: "By location".to_owned(),
            categories: 0,
            values: vec![1],
        });
        let mut empty = with_rows.clone();
        empty.name = "none".to_owned();
        empty.rows.clear();
        empty.freeze_first_column = true;
        let bytes = to_bytes(&[with_rows, empty], &Properties::default()).unwrap();
        let chart = part(&bytes, "xl/charts/chart1.xml");
        for needle in [
            "<c:cat><c:strRef><c:f>'job counts'!$A$2:$A$2</c:f>",
            "<c:val><c:numRef><c:f>'job counts'!$B$2:$B$2</c:f>",
            "<c:tx><c:strRef><c:f>'job counts'!$B$1</c:f>",
            "<c:v>Austin</c:v>",
            "By location",
        ] {
            assert!(chart.contains(needle), "no {needle} in {chart}");
        }
        assert!(!chart.contains("<c:legend>"), "{chart}");
        let book = read(&bytes);
        assert!(
            book.sheet_by_name("none")
                .unwrap()
                .chart_collection()
                .is_empty()
        );
        let second = part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(
            second.contains(r#"xSplit="1" ySplit="1" topLeftCell="B2""#),
            "{second}"
        );
    }

    #[test]
    fn properties_are_written_and_large_numbers_kept_as_text() {
        let properties = Properties {
            title: "Title".to_owned(),
            subject: "Subject".to_owned(),
            description: "Description".to_owned(),
            keywords: "a, b".to_owned(),
            created: Some("2026-11-28T17:48:56Z".to_owned()),
            custom: vec![
                ("Small".to_owned(), CustomValue::Integer(7)),
                ("Large".to_owned(), CustomValue::Integer(1 << 40)),
                ("Text".to_owned(), CustomValue::Text("x".to_owned())),
                (
                    "When".to_owned(),
                    CustomValue::Date("2026-11-28T17:48:56Z".to_owned()),
                ),
            ],
        };
        let bytes = to_bytes(&[Table::new("t", ["a"])], &properties).unwrap();
        let core = part(&bytes, "docProps/core.xml");
        for needle in [
            "<dc:title>Title</dc:title>",
            "<dc:creator>jobsctl</dc:creator>",
        ] {
            assert!(core.contains(needle), "no {needle} in {core}");
        }
        let custom = part(&bytes, "docProps/custom.xml");
        for needle in [
            r#"name="Small"><vt:i4>7</vt:i4>"#,
            r#"name="Large"><vt:lpwstr>1099511627776</vt:lpwstr>"#,
            r#"name="Text"><vt:lpwstr>x</vt:lpwstr>"#,
            r#"name="When"><vt:filetime>2026-11-28T17:48:56Z</vt:filetime>"#,
        ] {
            assert!(custom.contains(needle), "no {needle} in {custom}");
        }
        assert!(part(&bytes, "xl/styles.xml").contains(r#"<cellStyle name="Normal""#));
    }

    #[test]
    fn a_table_longer_than_a_sheet_is_refused_before_any_work() {
        let mut table = Table::new("big", ["a"]);
        table.rows = vec![Vec::new(); MAX_ROWS - 1];
        assert!(check(std::slice::from_ref(&table)).is_ok());
        table.rows.push(Vec::new());
        let err = to_bytes(&[table], &Properties::default()).unwrap_err();
        assert!(
            matches!(err, WorkbookError::TooManyRows { rows, max, .. } if rows == MAX_ROWS + 1 && max == MAX_ROWS),
            "{err:?}"
        );
        assert!(err.to_string().contains("write CSV"), "{err}");
    }

    #[test]
    fn sheet_names_that_programs_refuse_are_refused() {
        for (names, reason) in [
            (&["a/b"][..], "'/' is not allowed"),
            (&["Bob's"][..], "'\\'' is not allowed"),
            (&[""][..], "1 to 31 characters"),
            (&["x"; 1][..], ""),
            (&["jobs", "JOBS"][..], "another sheet has that name"),
        ] {
            let tables: Vec<Table> = names.iter().map(|n| Table::new(*n, ["a"])).collect();
            let result = to_bytes(&tables, &Properties::default());
            match result {
                Err(WorkbookError::SheetName { reason: got, .. }) => {
                    assert!(
                        !reason.is_empty() && got.contains(reason),
                        "{names:?}: {got}"
                    );
                }
                Ok(_) => assert!(reason.is_empty(), "{names:?} accepted"),
                Err(other) => panic!("{names:?}: {other}"),
            }
        }
        let long = "x".repeat(32);
        assert!(to_bytes(&[Table::new(long, ["a"])], &Properties::default()).is_err());
    }

    #[test]
    fn a_panic_in_the_library_is_an_error_naming_the_file_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("job-postings.xlsx");
        std::fs::write(&path, b"the previous workbook").unwrap();
        for stage in ["build", "encode"] {
            unwind::inject::panic_at(Some(stage));
            let err = write(&path, &[table()], &Properties::default()).unwrap_err();
            let message = err.to_string();
            assert!(
                matches!(&err, WorkbookError::Spreadsheet { path: p, .. } if *p == path),
                "{stage}: {err:?}"
            );
            assert!(message.contains("job-postings.xlsx"), "{message}");
            assert!(message.contains(&format!("forced in {stage}")), "{message}");
            assert!(message.contains("nothing was written"), "{message}");
            assert_eq!(std::fs::read(&path).unwrap(), b"the previous workbook");
            let names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names, ["job-postings.xlsx"], "{stage}");

            unwind::inject::panic_at(Some(stage));
            let err = to_bytes(&[table()], &Properties::default()).unwrap_err();
            assert!(err.to_string().contains("panicked"), "{err}");
        }
        unwind::inject::panic_at(None);
        write(&path, &[table()], &Properties::default()).unwrap();
    }

    #[test]
    fn write_puts_the_same_workbook_in_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        write(&path, &[table()], &Properties::default()).unwrap();
        let book = umya_spreadsheet::reader::xlsx::read(&path).unwrap();
        assert_eq!(book.sheet_by_name("Bob data").unwrap().value((1, 3)), "b");
        assert!(matches!(
            write(dir.path(), &[table()], &Properties::default()),
            Err(WorkbookError::IsDirectory { .. })
        ));
    }
}
