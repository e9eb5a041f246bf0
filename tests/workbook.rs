//! Verification of `collect::workbook`: writes the lab's workbook and reads it back with umya,
//! then inspects the XML parts (charts, panes, filters, properties) straight from the zip.
//! Set `WB_KEEP=dir` to keep the written workbooks for manual checks (openpyxl, LibreOffice).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use jobsctl::collect::workbook::{self, WorkbookError};
use jobsctl::collect::{Counts, Matrix, RunInfo};
use umya_spreadsheet::CellRawValue;

use crate::common::{LAB_LOCATIONS as LOCATIONS, LAB_SKILLS as SKILLS};

fn lab_counts(with_matrix: bool) -> Counts {
    let locations: Vec<(String, u64)> = (0u64..)
        .zip(LOCATIONS)
        .map(|(i, name)| (name.to_owned(), 100 + 7 * i))
        .collect();
    let skills: Vec<(String, u64)> = (0u64..)
        .zip(SKILLS)
        .map(|(i, name)| (name.to_owned(), 1000 + 13 * i))
        .collect();
    let matrix = with_matrix.then(|| Matrix {
        skills: SKILLS.iter().map(|s| (*s).to_owned()).collect(),
        locations: LOCATIONS.iter().map(|s| (*s).to_owned()).collect(),
        counts: (0u64..12)
            .map(|s| (0u64..7).map(|l| s * 10 + l).collect())
            .collect(),
    });
    Counts {
        locations,
        skills,
        matrix,
    }
}

fn info() -> RunInfo {
    RunInfo {
        source: "http://127.0.0.1:5000".to_owned(),
        match_mode: "token".to_owned(),
        records: Some(27005),
        generated_at: "2026-11-28T17:48:56Z".to_owned(),
        filter: String::new(),
    }
}

/// A directory for one test's output: under `$WB_KEEP` (kept), else a temp dir (removed).
fn out_dir(name: &str) -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("WB_KEEP") {
        Some(keep) => {
            let dir = Path::new(&keep).join(name);
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).expect("create WB_KEEP dir");
            (None, dir)
        }
        None => {
            let tmp = tempfile::tempdir().expect("temp dir");
            let dir = tmp.path().to_path_buf();
            (Some(tmp), dir)
        }
    }
}

fn zip_names(path: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(fs::File::open(path).expect("open xlsx")).expect("zip");
    zip.file_names().map(str::to_owned).collect()
}

fn zip_text(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).expect("open xlsx")).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name} in {}: {e}", path.display()))
        .read_to_string(&mut text)
        .expect("read part");
    text
}

fn number(sheet: &umya_spreadsheet::Worksheet, col: u32, row: u32) -> f64 {
    match sheet.cell((col, row)).map(|c| c.cell_value().raw_value()) {
        Some(CellRawValue::Numeric(n)) => *n,
        other => panic!(
            "cell ({col},{row}) of {} is not numeric: {other:?}",
            sheet.name()
        ),
    }
}

fn text(sheet: &umya_spreadsheet::Worksheet, col: u32, row: u32) -> String {
    sheet.value((col, row))
}

/// The chart part (xl/charts/chartN.xml) whose formulas point at `sheet`.
fn chart_for(path: &Path, sheet: &str) -> String {
    let quoted = format!("'{sheet}'!");
    zip_names(path)
        .iter()
        .filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
        .map(|n| zip_text(path, n))
        .find(|xml| xml.contains(&quoted))
        .unwrap_or_else(|| panic!("no chart refers to {sheet}"))
}

#[test]
fn lab_workbook_reads_back_with_umya() {
    let (_keep, dir) = out_dir("lab");
    let path = dir.join("job-postings.xlsx");
    let counts = lab_counts(true);
    workbook::write(&counts, &info(), &path).expect("write workbook");

    let book = umya_spreadsheet::reader::xlsx::read(&path).expect("umya reads it back");
    let names: Vec<&str> = book.sheet_collection().iter().map(|s| s.name()).collect();
    assert_eq!(
        names,
        ["jobs locations", "langages jobs", "skills by location"]
    );

    let loc = book.sheet_by_name("jobs locations").expect("sheet 1");
    assert_eq!(text(loc, 1, 1), "Location");
    assert_eq!(text(loc, 2, 1), "Number of Jobs");
    assert!(loc.style((1, 1)).font().is_some_and(|f| f.bold()));
    for (row, (name, count)) in (2u32..).zip(&counts.locations) {
        assert_eq!(&text(loc, 1, row), name);
        assert_eq!(number(loc, 2, row), *count as f64);
    }
    assert_eq!(text(loc, 1, 9), "");
    assert_eq!(loc.chart_collection().len(), 1);
    assert!(loc.column_dimension("A").is_some_and(|c| c.width() >= 13.0));

    let skills = book.sheet_by_name("langages jobs").expect("sheet 2");
    assert_eq!(text(skills, 1, 1), "Technology");
    assert_eq!(text(skills, 2, 1), "Number of Jobs");
    for (row, (name, count)) in (2u32..).zip(&counts.skills) {
        assert_eq!(&text(skills, 1, row), name);
        assert_eq!(number(skills, 2, row), *count as f64);
    }
    assert_eq!(skills.chart_collection().len(), 1);

    let m = book.sheet_by_name("skills by location").expect("sheet 3");
    assert_eq!(text(m, 1, 1), "Technology");
    for (col, loc_name) in (2u32..).zip(LOCATIONS) {
        assert_eq!(text(m, col, 1), loc_name);
    }
    let matrix = counts.matrix.as_ref().expect("matrix");
    for (row, (skill, line)) in (2u32..).zip(matrix.skills.iter().zip(&matrix.counts)) {
        assert_eq!(&text(m, 1, row), skill);
        for (col, n) in (2u32..).zip(line) {
            assert_eq!(number(m, col, row), *n as f64);
        }
    }
    assert!(m.chart_collection().is_empty());

    let props = book.properties();
    assert_eq!(props.title(), "Job postings");
    assert_eq!(props.creator(), "jobsctl");
    let custom: Vec<(String, String)> = props
        .custom_properties()
        .custom_document_property_list()
        .iter()
        .map(|p| (p.name().to_owned(), p.value().into_owned()))
        .collect();
    let expect = [
        ("Source", "http://127.0.0.1:5000"),
        ("Match mode", "token"),
        ("Records", "27005"),
        ("Generated at", "2026-11-28T17:48:56Z"),
    ];
    for (name, value) in expect {
        assert!(
            custom.iter().any(|(n, v)| n == name && v == value),
            "custom property {name}={value} missing from {custom:?}"
        );
    }
}

#[test]
fn lab_workbook_xml_has_linked_charts_panes_and_filters() {
    let (_keep, dir) = out_dir("xml");
    let path = dir.join("job-postings.xlsx");
    workbook::write(&lab_counts(true), &info(), &path).expect("write workbook");

    let wb_xml = zip_text(&path, "xl/workbook.xml");
    assert!(!wb_xml.contains("Sheet1"), "stray Sheet1: {wb_xml}");
    assert!(wb_xml.contains("_xlnm._FilterDatabase"), "{wb_xml}");

    for (sheet, rows, title) in [
        ("jobs locations", 8, "Job postings by location"),
        ("langages jobs", 13, "Job postings by technology"),
    ] {
        let chart = chart_for(&path, sheet);
        let cat = format!("<c:cat><c:strRef><c:f>'{sheet}'!$A$2:$A${rows}</c:f>",);
        let val = format!("<c:val><c:numRef><c:f>'{sheet}'!$B$2:$B${rows}</c:f>",);
        assert!(chart.contains(&cat), "{sheet}: no {cat} in {chart}");
        assert!(chart.contains(&val), "{sheet}: no {val} in {chart}");
        assert!(chart.contains("<c:barChart>"), "{chart}");
        assert!(chart.contains(title), "{chart}");
        assert!(!chart.contains("<c:strLit>"), "{chart}");
        // the cached labels are the names, so programs that read caches label bars too
        assert!(chart.contains("<c:v>Los Angeles</c:v>") || sheet != "jobs locations");
    }

    // sheet1..3 are written in order
    let s1 = zip_text(&path, "xl/worksheets/sheet1.xml");
    assert!(
        s1.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{s1}"
    );
    assert!(s1.contains(r#"<autoFilter ref="A1:B8""#), "{s1}");
    assert!(s1.contains(r#"t="s""#) && s1.contains("<v>100</v>"), "{s1}");
    let s2 = zip_text(&path, "xl/worksheets/sheet2.xml");
    assert!(s2.contains(r#"<pane ySplit="1" topLeftCell="A2""#), "{s2}");
    assert!(s2.contains(r#"<autoFilter ref="A1:B13""#), "{s2}");
    let s3 = zip_text(&path, "xl/worksheets/sheet3.xml");
    assert!(
        s3.contains(r#"<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>"#),
        "{s3}"
    );
    assert!(s3.contains(r#"<autoFilter ref="A1:H13""#), "{s3}");

    let custom = zip_text(&path, "docProps/custom.xml");
    for needle in [
        r#"name="Source""#,
        "http://127.0.0.1:5000",
        r#"name="Match mode""#,
        r#"name="Records"><vt:i4>27005</vt:i4>"#,
        r#"name="Generated at"><vt:filetime>2026-11-28T17:48:56Z</vt:filetime>"#,
    ] {
        assert!(custom.contains(needle), "no {needle} in {custom}");
    }
    let core = zip_text(&path, "docProps/core.xml");
    assert!(core.contains("<dc:title>Job postings</dc:title>"), "{core}");
    assert!(core.contains("<dc:creator>jobsctl</dc:creator>"), "{core}");
}

#[test]
fn empty_lists_give_headers_only_and_no_chart() {
    let (_keep, dir) = out_dir("empty");
    let path = dir.join("empty.xlsx");
    let counts = Counts {
        locations: vec![],
        skills: vec![],
        matrix: Some(Matrix {
            skills: vec![],
            locations: vec![],
            counts: vec![],
        }),
    };
    let info = RunInfo {
        records: None,
        ..info()
    };
    workbook::write(&counts, &info, &path).expect("write empty workbook");

    let book = umya_spreadsheet::reader::xlsx::read(&path).expect("umya reads it back");
    let names: Vec<&str> = book.sheet_collection().iter().map(|s| s.name()).collect();
    assert_eq!(
        names,
        ["jobs locations", "langages jobs", "skills by location"]
    );
    let loc = book.sheet_by_name("jobs locations").expect("sheet 1");
    assert_eq!(text(loc, 1, 1), "Location");
    assert_eq!(text(loc, 1, 2), "");
    assert!(loc.chart_collection().is_empty());
    assert!(!zip_names(&path).iter().any(|n| n.starts_with("xl/charts/")));
    let s1 = zip_text(&path, "xl/worksheets/sheet1.xml");
    assert!(s1.contains(r#"<autoFilter ref="A1:B1""#), "{s1}");
    let custom = zip_text(&path, "docProps/custom.xml");
    assert!(
        custom.contains(r#"name="Records"><vt:lpwstr>unknown</vt:lpwstr>"#),
        "{custom}"
    );
}

#[test]
fn without_matrix_there_are_two_sheets() {
    let (_keep, dir) = out_dir("nomatrix");
    let path = dir.join("two.xlsx");
    workbook::write(&lab_counts(false), &info(), &path).expect("write workbook");
    let book = umya_spreadsheet::reader::xlsx::read(&path).expect("read back");
    let names: Vec<&str> = book.sheet_collection().iter().map(|s| s.name()).collect();
    assert_eq!(names, ["jobs locations", "langages jobs"]);
}

#[test]
fn overwrites_an_existing_workbook_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("job-postings.xlsx");
    fs::write(&path, b"old").expect("old file");
    workbook::write(&lab_counts(false), &info(), &path).expect("overwrite");
    assert!(fs::read(&path).expect("read").starts_with(b"PK"));
    let names: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["job-postings.xlsx"]);
}

#[test]
fn relative_bare_file_name_goes_in_the_current_directory() {
    // Run in a child process' sense: change the cwd only inside this test binary's thread is not
    // possible, so build the relative path from a temp dir below the cwd instead.
    let base = tempfile::tempdir_in(".").expect("temp dir under cwd");
    let name = base.path().file_name().expect("name").to_owned();
    let relative = Path::new(&name).join("rel.xlsx");
    workbook::write(&lab_counts(false), &info(), &relative).expect("write relative");
    assert!(base.path().join("rel.xlsx").is_file());
}

#[test]
fn a_directory_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = workbook::write(&lab_counts(true), &info(), dir.path()).expect_err("must fail");
    assert!(matches!(err, WorkbookError::IsDirectory { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("it is a directory"), "{msg}");
    assert!(msg.contains("job-postings.xlsx"), "{msg}");
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 0);
}

#[test]
fn a_missing_parent_directory_is_an_error_and_is_not_created() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("no-such-dir").join("out.xlsx");
    let err = workbook::write(&lab_counts(true), &info(), &path).expect_err("must fail");
    assert!(
        matches!(err, WorkbookError::MissingDirectory { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!dir.path().join("no-such-dir").exists());
}

#[test]
fn a_trailing_separator_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = PathBuf::from(format!("{}/not-yet/", dir.path().display()));
    let err = workbook::write(&lab_counts(true), &info(), &path).expect_err("must fail");
    assert!(matches!(err, WorkbookError::NotAFile { .. }), "{err:?}");
}

/// Needs a non-root user (root ignores directory permissions): the check is skipped as root.
/// `setpriv --reuid=65534 --regid=65534 --clear-groups target/debug/deps/workbook-*` runs it.
#[cfg(unix)]
#[test]
fn an_unwritable_directory_fails_and_keeps_the_old_file_byte_identical() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("job-postings.xlsx");
    let old = b"previous workbook bytes".to_vec();
    fs::write(&path, &old).expect("old file");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
    let result = workbook::write(&lab_counts(true), &info(), &path);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
    match result {
        Err(err) => {
            assert!(matches!(err, WorkbookError::Io { .. }), "{err:?}");
            let msg = err.to_string();
            assert!(
                msg.contains("check that the directory exists and is writable"),
                "{msg}"
            );
            assert_eq!(fs::read(&path).expect("read"), old);
            assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
        }
        Ok(()) => eprintln!("skipped: running as root, the directory stayed writable"),
    }
}

#[test]
fn awkward_names_and_a_ragged_matrix_still_make_a_valid_workbook() {
    let (_keep, dir) = out_dir("awkward");
    let path = dir.join("awkward.xlsx");
    let names = ["R&D <lab>", "\"Quoted\" 'city'", "Zürich ✓", "=SUM(A1)"];
    let counts = Counts {
        locations: names.iter().map(|n| ((*n).to_owned(), 5)).collect(),
        skills: names
            .iter()
            .map(|n| ((*n).to_owned(), u64::from(u32::MAX) + 1))
            .collect(),
        matrix: Some(Matrix {
            skills: vec!["a".to_owned(), "b".to_owned(), "c".to_owned()],
            locations: vec!["x".to_owned(), "y".to_owned()],
            // a short row, a long row, a missing row
            counts: vec![vec![1], vec![2, 3, 4]],
        }),
    };
    workbook::write(&counts, &info(), &path).expect("write workbook");
    let book = umya_spreadsheet::reader::xlsx::read(&path).expect("read back");
    let loc = book.sheet_by_name("jobs locations").expect("sheet 1");
    for (row, name) in (2u32..).zip(names) {
        assert_eq!(text(loc, 1, row), name);
    }
    let skills = book.sheet_by_name("langages jobs").expect("sheet 2");
    assert_eq!(number(skills, 2, 2), 4_294_967_296.0);
    let m = book.sheet_by_name("skills by location").expect("sheet 3");
    assert_eq!(number(m, 2, 2), 1.0);
    assert_eq!(text(m, 3, 2), "");
    assert_eq!(number(m, 3, 3), 3.0);
    assert_eq!(text(m, 4, 3), "", "no value beyond the last location");
    assert_eq!(text(m, 1, 4), "c");
    assert_eq!(text(m, 2, 4), "");
    let chart = chart_for(&path, "jobs locations");
    assert!(chart.contains("<c:v>R&amp;D &lt;lab&gt;</c:v>"), "{chart}");
}

#[cfg(unix)]
#[test]
fn a_symlink_is_followed_and_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real_dir = dir.path().join("real");
    fs::create_dir(&real_dir).expect("mkdir");
    let real = real_dir.join("book.xlsx");
    fs::write(&real, b"old").expect("old file");
    let link = dir.path().join("link.xlsx");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    workbook::write(&lab_counts(false), &info(), &link).expect("write through link");
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert!(fs::read(&real).expect("read").starts_with(b"PK"));
    assert_eq!(
        fs::read_dir(&real_dir).expect("list").count(),
        1,
        "no temp file left"
    );
}

#[cfg(unix)]
#[test]
fn dev_null_is_written_to_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    workbook::write(&lab_counts(true), &info(), Path::new("/dev/null")).expect("write");
    let meta = fs::metadata("/dev/null").expect("/dev/null");
    assert!(meta.file_type().is_char_device());
}
