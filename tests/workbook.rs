//! The workbook `jobsctl collect` writes, read back with umya and part by part from the zip
//! (charts, panes, filters, properties). The counts come from a scripted server, so every
//! cell is known. Set `WB_KEEP=dir` to keep the workbooks for manual checks.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::bin::{run, stderr_of};
use crate::common::fake::{FakeServer, json, param};
use crate::common::xlsx::{
    chart_for, custom_properties, must_part, number, part_names, read, sheet, sheet_names, text,
};
use crate::common::{LAB_LOCATIONS as LOCATIONS, LAB_SKILLS as SKILLS, arg, scratch};

/// The record count the scripted server reports for a query without a name.
const RECORDS: u64 = 27005;

/// The count the scripted server gives location number `i`.
fn location_count(i: usize) -> u64 {
    100 + 7 * i as u64
}

/// The count the scripted server gives skill number `i`.
fn skill_count(i: usize) -> u64 {
    1000 + 13 * i as u64
}

/// The count the scripted server gives skill `s` in location `l`.
fn cell_count(s: usize, l: usize) -> u64 {
    (s * 10 + l) as u64
}

/// A server that answers the lab's names with the counts above, and the record count.
fn lab_server() -> FakeServer {
    FakeServer::start(|_, target| {
        let index = |name: Option<String>, names: &[&str]| {
            name.and_then(|n| names.iter().position(|x| *x == n))
        };
        let location = index(param(target, "Location"), &LOCATIONS);
        let skill = index(param(target, "Key Skills"), &SKILLS);
        let count = match (skill, location) {
            (Some(s), Some(l)) => cell_count(s, l),
            (None, Some(l)) => location_count(l),
            (Some(s), None) => skill_count(s),
            // No name: the first request, for the number of records.
            (None, None) => RECORDS,
        };
        json(200, format!("{{\"count\":{count}}}"))
    })
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
            let tmp = scratch();
            let dir = tmp.path().to_path_buf();
            (Some(tmp), dir)
        }
    }
}

/// `jobsctl collect --url <server> --output <path> --quiet <extra>`.
fn collect_to(server: &FakeServer, path: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "collect",
        "--url",
        &server.base,
        "--output",
        arg(path),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// Like [`collect_to`], which must succeed.
fn write_ok(server: &FakeServer, path: &Path, extra: &[&str]) {
    let out = collect_to(server, path, extra);
    crate::common::bin::assert_success(&out, &format!("collect to {}", path.display()));
}

/// Like [`collect_to`], which must fail with exit code 1; its stderr.
fn write_fails(server: &FakeServer, path: &Path) -> String {
    let out = collect_to(server, path, &[]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    stderr
}

/// The workbook at `path`, which must have the three sheets of a `--matrix` run, the
/// first headed "Location".
fn read_with_matrix(path: &Path) -> umya_spreadsheet::Workbook {
    let book = read(path);
    assert_eq!(
        sheet_names(&book),
        ["jobs locations", "langages jobs", "skills by location"]
    );
    assert_eq!(text(sheet(&book, "jobs locations"), 1, 1), "Location");
    book
}

#[test]
fn lab_workbook_reads_back_with_umya() {
    let (_keep, dir) = out_dir("lab");
    let path = dir.join("job-postings.xlsx");
    let server = lab_server();
    write_ok(&server, &path, &["--matrix"]);

    let book = read_with_matrix(&path);
    let loc = sheet(&book, "jobs locations");
    assert_eq!(text(loc, 2, 1), "Number of Jobs");
    assert!(loc.style((1, 1)).font().is_some_and(|f| f.bold()));
    for (i, (row, name)) in (2u32..).zip(LOCATIONS).enumerate() {
        assert_eq!(text(loc, 1, row), name);
        assert_eq!(number(loc, 2, row), location_count(i) as f64);
    }
    assert_eq!(text(loc, 1, 9), "");
    assert_eq!(loc.chart_collection().len(), 1);
    assert!(loc.column_dimension("A").is_some_and(|c| c.width() >= 13.0));

    let skills = sheet(&book, "langages jobs");
    assert_eq!(text(skills, 1, 1), "Technology");
    assert_eq!(text(skills, 2, 1), "Number of Jobs");
    for (i, (row, name)) in (2u32..).zip(SKILLS).enumerate() {
        assert_eq!(text(skills, 1, row), name);
        assert_eq!(number(skills, 2, row), skill_count(i) as f64);
    }
    assert_eq!(skills.chart_collection().len(), 1);

    let m = sheet(&book, "skills by location");
    assert_eq!(text(m, 1, 1), "Technology");
    for (col, loc_name) in (2u32..).zip(LOCATIONS) {
        assert_eq!(text(m, col, 1), loc_name);
    }
    for (s, (row, skill)) in (2u32..).zip(SKILLS).enumerate() {
        assert_eq!(text(m, 1, row), skill);
        for (l, col) in (2u32..).take(LOCATIONS.len()).enumerate() {
            assert_eq!(number(m, col, row), cell_count(s, l) as f64);
        }
    }
    // The matrix has a clustered bar chart too (one series per location) and a colour scale.
    assert_eq!(m.chart_collection().len(), 1);
    assert_eq!(m.conditional_formatting_collection().len(), 1);

    let props = book.properties();
    assert_eq!(props.title(), "Job postings");
    assert_eq!(props.creator(), "jobsctl");
    let custom: Vec<(String, String)> = props
        .custom_properties()
        .custom_document_property_list()
        .iter()
        .map(|p| (p.name().to_owned(), p.value().into_owned()))
        .collect();
    let records = RECORDS.to_string();
    let expect = [
        ("Source", server.base.as_str()),
        ("Match mode", "token"),
        ("Records", records.as_str()),
    ];
    for (name, value) in expect {
        assert!(
            custom.iter().any(|(n, v)| n == name && v == value),
            "custom property {name}={value} missing from {custom:?}"
        );
    }
    let generated = custom
        .iter()
        .find(|(n, _)| n == "Generated at")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    assert!(is_utc_second(generated), "Generated at {generated:?}");
}

/// Whether `text` is an RFC 3339 UTC time to the second, e.g. `2026-11-28T17:48:56Z`.
fn is_utc_second(text: &str) -> bool {
    regex::Regex::new(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        .expect("pattern")
        .is_match(text)
}

#[test]
fn lab_workbook_xml_has_linked_charts_panes_and_filters() {
    let (_keep, dir) = out_dir("xml");
    let path = dir.join("job-postings.xlsx");
    let server = lab_server();
    write_ok(&server, &path, &["--matrix"]);

    let wb_xml = must_part(&path, "xl/workbook.xml");
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
    let s1 = must_part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        s1.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{s1}"
    );
    assert!(s1.contains(r#"<autoFilter ref="A1:B8""#), "{s1}");
    let first = format!("<v>{}</v>", location_count(0));
    assert!(s1.contains(r#"t="s""#) && s1.contains(&first), "{s1}");
    let s2 = must_part(&path, "xl/worksheets/sheet2.xml");
    assert!(s2.contains(r#"<pane ySplit="1" topLeftCell="A2""#), "{s2}");
    assert!(s2.contains(r#"<autoFilter ref="A1:B13""#), "{s2}");
    let s3 = must_part(&path, "xl/worksheets/sheet3.xml");
    assert!(
        s3.contains(r#"<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>"#),
        "{s3}"
    );
    assert!(s3.contains(r#"<autoFilter ref="A1:H13""#), "{s3}");

    let custom = custom_properties(&path);
    let records = format!(r#"name="Records"><vt:i4>{RECORDS}</vt:i4>"#);
    for needle in [
        r#"name="Source""#,
        server.base.as_str(),
        r#"name="Match mode""#,
        records.as_str(),
        r#"name="Generated at"><vt:filetime>"#,
    ] {
        assert!(custom.contains(needle), "no {needle} in {custom}");
    }
    let core = must_part(&path, "docProps/core.xml");
    assert!(core.contains("<dc:title>Job postings</dc:title>"), "{core}");
    assert!(core.contains("<dc:creator>jobsctl</dc:creator>"), "{core}");
}

#[test]
fn empty_lists_give_headers_only_and_no_chart() {
    let (_keep, dir) = out_dir("empty");
    let path = dir.join("empty.xlsx");
    // Only the record count is asked: nothing else is to be counted.
    let server = FakeServer::start(|_, _| json(200, r#"{"count": 42}"#));
    write_ok(
        &server,
        &path,
        &["--locations", "", "--skills", "", "--matrix"],
    );

    let book = read_with_matrix(&path);
    let loc = sheet(&book, "jobs locations");
    assert_eq!(text(loc, 1, 2), "");
    assert!(loc.chart_collection().is_empty());
    assert!(
        !part_names(&path)
            .iter()
            .any(|n| n.starts_with("xl/charts/"))
    );
    let s1 = must_part(&path, "xl/worksheets/sheet1.xml");
    assert!(s1.contains(r#"<autoFilter ref="A1:B1""#), "{s1}");
    let custom = custom_properties(&path);
    assert!(
        custom.contains(r#"name="Records"><vt:i4>42</vt:i4>"#),
        "{custom}"
    );
    assert_eq!(
        server.seen(),
        ["/data/count?_match=token", "/health", "/fields"],
        "only the record count, /health, which checks it, and /fields, which names the \
         fields to count"
    );
}

#[test]
fn without_matrix_there_are_two_sheets() {
    let (_keep, dir) = out_dir("nomatrix");
    let path = dir.join("two.xlsx");
    write_ok(&lab_server(), &path, &[]);
    assert_eq!(
        sheet_names(&read(&path)),
        ["jobs locations", "langages jobs"]
    );
}

#[test]
fn overwrites_an_existing_workbook_and_leaves_no_temp_file() {
    let dir = scratch();
    let path = dir.path().join("job-postings.xlsx");
    fs::write(&path, b"old").expect("old file");
    write_ok(&lab_server(), &path, &[]);
    assert!(fs::read(&path).expect("read").starts_with(b"PK"));
    let names: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["job-postings.xlsx"]);
}

#[test]
fn relative_bare_file_name_goes_in_the_current_directory() {
    let dir = scratch();
    let server = lab_server();
    let out = crate::common::bin::jobsctl()
        .args(["collect", "--url", &server.base, "--quiet"])
        .args(["--output", "rel.xlsx"])
        .current_dir(dir.path())
        .output()
        .expect("run jobsctl");
    crate::common::bin::assert_success(&out, "collect --output rel.xlsx");
    assert!(dir.path().join("rel.xlsx").is_file());
}

#[test]
fn a_directory_is_refused_and_nothing_is_written() {
    let dir = scratch();
    let msg = write_fails(&lab_server(), dir.path());
    assert!(msg.contains("it is a directory"), "{msg}");
    assert!(msg.contains("job-postings.xlsx"), "{msg}");
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 0);
}

#[test]
fn a_missing_parent_directory_is_an_error_and_is_not_created() {
    let dir = scratch();
    let path = dir.path().join("no-such-dir").join("out.xlsx");
    let msg = write_fails(&lab_server(), &path);
    assert!(msg.contains("does not exist"), "{msg}");
    assert!(!dir.path().join("no-such-dir").exists());
}

#[test]
fn a_trailing_separator_is_refused() {
    let dir = scratch();
    let path = PathBuf::from(format!("{}/not-yet/", dir.path().display()));
    let msg = write_fails(&lab_server(), &path);
    assert!(msg.contains("names a directory, not a file"), "{msg}");
}

/// Root ignores directory permissions, so as root the write is run as the unprivileged
/// user `nobody` (`setpriv`, from util-linux): the test runs whoever runs it.
#[test]
fn an_unwritable_directory_fails_and_keeps_the_old_file_byte_identical() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = scratch();
    let path = dir.path().join("job-postings.xlsx");
    let old = b"previous workbook bytes".to_vec();
    fs::write(&path, &old).expect("old file");
    // A file this process created is owned by whoever it runs as.
    let as_root = fs::metadata(&path).expect("stat").uid() == 0;
    // Readable and searchable by anyone (so `nobody` reaches it), writable by no one.
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
    let server = lab_server();
    let args = [
        "collect",
        "--url",
        &server.base,
        "--output",
        arg(&path),
        "--quiet",
    ];
    let out = if as_root {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_jobsctl"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run setpriv (util-linux) to drop root: apt-get install util-linux")
    } else {
        run(&args)
    };
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
    let msg = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{msg}");
    // Found before any work (the directory is tried first), naming only the user's path.
    assert_eq!(
        msg.trim(),
        format!(
            "jobsctl: error: cannot write workbook to {}: the directory {} exists, but you may \
             not create files in it; give a path in a directory you can write to",
            path.display(),
            dir.path().display()
        ),
        "{msg}"
    );
    assert_eq!(fs::read(&path).expect("read"), old);
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
}

#[test]
fn awkward_names_and_large_counts_still_make_a_valid_workbook() {
    let (_keep, dir) = out_dir("awkward");
    let path = dir.join("awkward.xlsx");
    let names = ["R&D <lab>", "\"Quoted\" 'city'", "Zürich ✓", "=SUM(A1)"];
    // The most records a jobs API holds (record numbers are 32 bits, one kept for none),
    // and so the largest count collect accepts: more than an i32.
    let large = u64::from(u32::MAX) - 1;
    let server = FakeServer::start(move |_, target| {
        let count = if param(target, "Location").is_some() {
            5
        } else {
            large
        };
        json(200, format!("{{\"count\":{count}}}"))
    });
    let list = write_names(&dir, &names);
    write_ok(
        &server,
        &path,
        &["--locations-file", arg(&list), "--skills-file", arg(&list)],
    );
    let book = read(&path);
    let loc = sheet(&book, "jobs locations");
    for (row, name) in (2u32..).zip(names) {
        assert_eq!(text(loc, 1, row), name);
        assert_eq!(number(loc, 2, row), 5.0);
    }
    let skills = sheet(&book, "langages jobs");
    assert_eq!(number(skills, 2, 2), large as f64);
    let chart = chart_for(&path, "jobs locations");
    assert!(chart.contains("<c:v>R&amp;D &lt;lab&gt;</c:v>"), "{chart}");
}

/// A names file with one name per line.
fn write_names(dir: &Path, names: &[&str]) -> PathBuf {
    crate::common::write_file(dir, "names.txt", &names.join("\n"))
}

#[test]
fn a_symlink_is_followed_and_kept() {
    let dir = scratch();
    let real_dir = dir.path().join("real");
    fs::create_dir(&real_dir).expect("mkdir");
    let real = real_dir.join("book.xlsx");
    fs::write(&real, b"old").expect("old file");
    let link = dir.path().join("link.xlsx");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    write_ok(&lab_server(), &link, &[]);
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

#[test]
fn dev_null_is_written_to_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    write_ok(&lab_server(), Path::new("/dev/null"), &[]);
    let meta = fs::metadata("/dev/null").expect("/dev/null");
    assert!(meta.file_type().is_char_device());
}
