//! `collect` on data whose fields are not the lab's: it counts the fields playing the
//! location and skills roles (the ten most common of each when no names are given), says
//! on stderr what it cannot count, never shows the in-process server's address, and reads
//! a server's roles from its `/fields`.

use std::collections::HashMap;

use crate::common::bin::{Server, jobsctl, run, stderr_of, stdout_of};
use crate::common::{arg, scratch, write_file};
use crate::generator::shape;

/// Each value's count in `column` of a CSV text, items of a Python list counted one by one
/// when `list` is set: worked out here, not by the loader.
fn counted(text: &str, column: &str, list: bool) -> HashMap<String, u64> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let at = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == column)
        .expect("column");
    let mut counts = HashMap::new();
    for row in reader.records() {
        let row = row.expect("row");
        let cell = row.get(at).unwrap_or_default();
        let items: Vec<String> = if list {
            let inner = cell.trim().trim_start_matches('[').trim_end_matches(']');
            let mut items: Vec<String> = inner
                .split("', ")
                .map(|s| s.trim().trim_matches('\'').trim_matches('"').to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            items.sort();
            items.dedup();
            items
        } else if cell.trim().is_empty() {
            Vec::new()
        } else {
            vec![cell.trim().to_owned()]
        };
        for item in items {
            *counts.entry(item).or_insert(0) += 1;
        }
    }
    counts
}

/// `jobsctl collect --data DATA --no-workbook EXTRA...`.
fn collect(data: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["collect", "--data", arg(data), "--no-workbook"];
    args.extend_from_slice(extra);
    run(&args)
}

/// The `(name, count)` rows of a JSON report's `key`.
fn rows(report: &serde_json::Value, key: &str) -> Vec<(String, u64)> {
    report[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        r["name"].as_str().unwrap_or_default().to_owned(),
                        r["count"].as_u64().unwrap_or(u64::MAX),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Asserts that `got` are the ten most common of `want`, with their true counts.
fn top_ten(got: &[(String, u64)], want: &HashMap<String, u64>, what: &str) {
    assert_eq!(got.len(), 10.min(want.len()), "{what}: {got:?}");
    for (name, count) in got {
        assert_eq!(want.get(name), Some(count), "{what}: {name}");
    }
    let mut counts: Vec<u64> = want.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let mut shown: Vec<u64> = got.iter().map(|(_, c)| *c).collect();
    shown.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(shown, counts[..shown.len()], "{what}: not the most common");
}

#[test]
fn collect_counts_the_role_fields_of_a_kaggle_csv_in_process_and_through_a_server() {
    let text = shape("python-lists", 300);
    let dir = scratch();
    let data = write_file(dir.path(), "kaggle.csv", &text);
    let places = counted(&text, "job_location", false);
    let skills = counted(&text, "job_skills", true);
    let args = [
        "collect",
        "--data",
        arg(&data),
        "--no-workbook",
        "--format",
        "json",
    ];
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(
        !stderr_of(&out).contains("127.0.0.1"),
        "{}",
        stderr_of(&out)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
    top_ten(&rows(&report, "locations"), &places, "job_location");
    top_ten(&rows(&report, "skills"), &skills, "job_skills");
    // The table names the fields counted.
    let table = stdout_of(&run(&["collect", "--data", arg(&data), "--no-workbook"]));
    assert!(table.starts_with("job_location "), "{table}");
    assert!(table.contains("\njob_skills "), "{table}");
    // A server over the same file: its /fields names the roles, and the counts agree.
    let mut command = jobsctl();
    command.args(["serve", "--data", arg(&data)]);
    let server = Server::spawn(command);
    let remote = run(&[
        "collect",
        "--url",
        &server.base,
        "--no-workbook",
        "--format",
        "json",
    ]);
    assert_eq!(remote.status.code(), Some(0), "{}", stderr_of(&remote));
    let remote: serde_json::Value = serde_json::from_str(&stdout_of(&remote)).expect("JSON");
    assert_eq!(rows(&remote, "locations"), rows(&report, "locations"));
    assert_eq!(rows(&remote, "skills"), rows(&report, "skills"));
}

#[test]
fn with_no_skills_field_collect_counts_places_and_says_so() {
    let dir = scratch();
    let data = write_file(
        dir.path(),
        "jobs.json",
        r#"[{"title": "A", "city": "Paris"}, {"title": "B", "city": "Lyon"},
            {"title": "C", "city": "Paris"}]"#,
    );
    let out = collect(&data, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
    assert_eq!(
        rows(&report, "locations"),
        [("Paris".to_owned(), 2), ("Lyon".to_owned(), 1)]
    );
    assert_eq!(rows(&report, "skills"), []);
    let stderr = stderr_of(&out);
    assert!(
        stderr
            .contains("no field of this data plays the skills role, so only locations are counted"),
        "{stderr}"
    );
    // Names given for a field the data lacks are refused, saying how to name one.
    let out = collect(&data, &["--skills", "SQL"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("--role skills=FIELD"),
        "{}",
        stderr_of(&out)
    );
    // --role settles it.
    let out = collect(&data, &["--format", "json", "--role", "skills=title"]);
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
    assert_eq!(rows(&report, "skills").len(), 3, "{report}");
}

#[test]
fn an_error_of_the_in_process_server_names_the_data_not_its_address() {
    // A name longer than a query may be: the in-process server answers 414.
    let long = "a".repeat(9000);
    let out = run(&["collect", "--no-workbook", "--locations", &long]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("jobsctl: error: bundled synthetic jobs.json: /data/count?Location=aaa"),
        "{}",
        &stderr[..stderr.len().min(300)]
    );
    assert!(
        !stderr.contains("127.0.0.1"),
        "{}",
        &stderr[..stderr.len().min(300)]
    );
}
