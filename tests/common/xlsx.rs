//! Workbooks read back from disk: with umya-spreadsheet, and part by part from the zip.

use std::io::Read;
use std::path::{Path, PathBuf};

use umya_spreadsheet::{CellRawValue, Workbook, Worksheet};

/// The workbook at `path`, read with umya.
pub fn read(path: &Path) -> Workbook {
    umya_spreadsheet::reader::xlsx::read(path)
        .unwrap_or_else(|e| panic!("read workbook {}: {e:?}", path.display()))
}

/// The names of the sheets, in order.
pub fn sheet_names(book: &Workbook) -> Vec<String> {
    book.sheet_collection()
        .iter()
        .map(|s| s.name().to_owned())
        .collect()
}

/// The sheet called `name`.
pub fn sheet<'a>(book: &'a Workbook, name: &str) -> &'a Worksheet {
    book.sheet_by_name(name)
        .unwrap_or_else(|e| panic!("no sheet {name}: {e:?}"))
}

/// The (name, count) rows of a two-column sheet, checking its header.
pub fn sheet_rows(path: &Path, name: &str, first_header: &str) -> Vec<(String, f64)> {
    let book = read(path);
    let ws = sheet(&book, name);
    assert_eq!(text(ws, 1, 1), first_header);
    assert_eq!(text(ws, 2, 1), "Number of Jobs");
    (2..)
        .map_while(|row| {
            let name = text(ws, 1, row);
            (!name.is_empty()).then(|| (name, number(ws, 2, row)))
        })
        .collect()
}

/// The text of cell (col, row), from 1.
pub fn text(sheet: &Worksheet, col: u32, row: u32) -> String {
    sheet.value((col, row))
}

/// The number in cell (col, row), which must be stored as a number.
pub fn number(sheet: &Worksheet, col: u32, row: u32) -> f64 {
    match sheet.cell((col, row)).map(|c| c.cell_value().raw_value()) {
        Some(CellRawValue::Numeric(n)) => *n,
        other => panic!(
            "cell ({col},{row}) of {} is not numeric: {other:?}",
            sheet.name()
        ),
    }
}

/// The names of the parts in the xlsx zip.
pub fn part_names(path: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open xlsx")).expect("zip");
    zip.file_names().map(str::to_owned).collect()
}

/// The text of one part of an xlsx, if it has that part.
pub fn part(path: &Path, name: &str) -> Option<String> {
    let file = std::fs::File::open(path).expect("open xlsx");
    let mut zip = zip::ZipArchive::new(file).expect("xlsx is a zip");
    let mut part = zip.by_name(name).ok()?;
    let mut text = String::new();
    part.read_to_string(&mut text).expect("read part");
    Some(text)
}

/// The text of one part of an xlsx, which must be there.
pub fn must_part(path: &Path, name: &str) -> String {
    part(path, name).unwrap_or_else(|| panic!("no {name} in {}", path.display()))
}

/// The chart part (xl/charts/chartN.xml) whose formulas point at `sheet`.
pub fn chart_for(path: &Path, sheet: &str) -> String {
    let quoted = format!("'{sheet}'!");
    part_names(path)
        .iter()
        .filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
        .map(|n| must_part(path, n))
        .find(|xml| xml.contains(&quoted))
        .unwrap_or_else(|| panic!("no chart refers to {sheet}"))
}

/// The text of the workbook's custom document properties.
pub fn custom_properties(path: &Path) -> String {
    must_part(path, "docProps/custom.xml")
}

/// A workbook from an earlier run that a failed run must leave byte for byte.
pub fn precious(dir: &Path) -> PathBuf {
    let path = dir.join("job-postings.xlsx");
    std::fs::write(&path, b"last week's workbook").expect("write");
    path
}

/// The [`precious`] workbook is unchanged and nothing else was left in `dir`.
pub fn assert_untouched(dir: &Path, path: &Path) {
    assert_eq!(std::fs::read(path).expect("read"), b"last week's workbook");
    let names: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "left behind: {names:?}");
}
