//! `collect` against servers that are not jobsctl: the lab's own kind of Flask server in
//! every match mode, and servers whose answers cannot be trusted. Never a number that was
//! not obtained.

use std::path::Path;
use std::process::Command;

use crate::common::bin::{assert_success, run};
use crate::common::fake::{FakeServer, Reply, json};
use crate::common::flask::FlaskLab;
use crate::common::{bundled_records, lab_count, scratch, text_of, token_count};

/// Whether this python3's `re` reads `++` as a possessive quantifier (Python 3.11 on).
fn python_has_possessive_quantifiers() -> bool {
    Command::new("python3")
        .args([
            "-c",
            "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)",
        ])
        .status()
        .is_ok_and(|s| s.success())
}

const LOCATIONS: [&str; 3] = ["Seattle", "New York", "Detroit"];
const SKILLS: [&str; 5] = ["C", "C++", "Java", "javascript", "Python"];

#[test]
fn collect_gives_true_counts_against_the_labs_server_in_every_mode() {
    // A slice of the bundled data keeps the Python server quick.
    let part: Vec<_> = bundled_records().iter().take(3000).cloned().collect();
    let dir = scratch();
    let data = dir.path().join("jobs.json");
    std::fs::write(&data, serde_json::to_vec(&part).expect("json")).expect("write");
    let Some(flask) = FlaskLab::start(&data) else {
        return;
    };
    let possessive = python_has_possessive_quantifiers();
    for mode in ["token", "substring", "regex"] {
        let out = run(&[
            "collect",
            "--url",
            &flask.base,
            "--match",
            mode,
            "--locations",
            &LOCATIONS.join(","),
            "--skills",
            &SKILLS.join(","),
            "--format",
            "csv",
            "--no-workbook",
        ]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_success(&out, mode);
        let expected = |field: &str, name: &str| -> u64 {
            match mode {
                "token" => token_count(&part, field, name),
                "substring" => {
                    let want = name.trim().to_lowercase();
                    part.iter()
                        .filter(|r| {
                            text_of(r, field).is_some_and(|t| t.to_lowercase().contains(&want))
                        })
                        .count() as u64
                }
                // The server's own semantics: from Python 3.11, `C++` is `C+`, possessive.
                _ if possessive && name == "C++" => lab_count(&part, field, "C+"),
                _ => lab_count(&part, field, name),
            }
        };
        let mut rows = vec!["kind,name,count".to_owned()];
        rows.extend(
            LOCATIONS
                .iter()
                .map(|l| format!("location,{l},{}", expected("Location", l))),
        );
        rows.extend(
            SKILLS
                .iter()
                .map(|s| format!("skill,{s},{}", expected("Key Skills", s))),
        );
        assert_eq!(stdout.lines().collect::<Vec<_>>(), rows, "{mode}");
        assert!(
            rows.iter().skip(1).all(|r| !r.ends_with(",0")),
            "a fixture where every count is non-zero: {rows:?}"
        );
    }
}

/// Runs collect against `base` with a workbook path in `dir`; its output.
fn collect_into(dir: &Path, base: &str, mode: &str) -> std::process::Output {
    let output = dir.join("job-postings.xlsx");
    run(&[
        "collect",
        "--url",
        base,
        "--match",
        mode,
        "--locations",
        "Austin",
        "--skills",
        "Go",
        "--retries",
        "0",
        "--output",
        output.to_str().expect("utf-8"),
    ])
}

/// How a fake server answers a request target.
type Script = fn(&str) -> Reply;

#[test]
fn answers_that_cannot_be_true_fail_and_print_no_numbers() {
    let cases: [(&str, Script, &str); 4] = [
        // More postings in a city than the server holds.
        (
            "token",
            |target| {
                if target.contains("Austin") {
                    json(200, r#"{"count": 11}"#)
                } else {
                    json(200, r#"{"count": 10}"#)
                }
            },
            "more than the 10 it holds",
        ),
        // A lab-style server whose /data answers something other than a list.
        (
            "regex",
            |target| match target.split('?').next() {
                Some("/data") => json(200, r#"{"rows": []}"#),
                _ => json(404, "{}"),
            },
            "expected a JSON array of records",
        ),
        (
            "regex",
            |target| match target.split('?').next() {
                Some("/data") => json(200, "null"),
                _ => json(404, "{}"),
            },
            "expected a JSON array of records, got null",
        ),
        // A lab-style server whose /data/all is not records.
        (
            "substring",
            |target| match target.split('?').next() {
                Some("/data/all") => json(200, r#"[1, 2, 3]"#),
                _ => json(404, "{}"),
            },
            "expected a JSON array of flat records",
        ),
    ];
    for (mode, reply, message) in cases {
        let server = FakeServer::start(move |_, target| reply(target));
        let dir = scratch();
        let out = collect_into(dir.path(), &server.base, mode);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{mode}: {stderr}");
        assert!(stderr.contains(message), "{mode}: {stderr}");
        assert!(out.stdout.is_empty(), "{mode}: printed {:?}", out.stdout);
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
    }
}

#[test]
fn a_lab_server_in_token_mode_is_asked_for_every_record_once_and_never_sent_match() {
    let body = serde_json::json!([
        {"Key Skills": "Go| Rust", "Location": "Austin"},
        {"Key Skills": "go|Java", "Location": "austin"},
        {"Key Skills": "Golang", "Location": "Detroit"}
    ])
    .to_string();
    let server = FakeServer::start(move |_, target| match target.split('?').next() {
        Some("/data/all") => json(200, body.clone()),
        _ => json(404, "{}"),
    });
    let out = run(&[
        "collect",
        "--url",
        &server.base,
        "--locations",
        "Austin,Detroit",
        "--skills",
        "Go",
        "--matrix",
        "--format",
        "csv",
        "--no-workbook",
    ]);
    assert_success(&out, "collect");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kind,name,count\nlocation,Austin,2\nlocation,Detroit,1\nskill,Go,2\n\
         skill@location,Go @ Austin,2\nskill@location,Go @ Detroit,0\n"
    );
    let seen = server.seen();
    assert_eq!(seen, ["/data/count?_match=token", "/data/all"], "{seen:?}");
}
