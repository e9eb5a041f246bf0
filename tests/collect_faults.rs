//! `jobsctl collect` against servers that fail: retries, timeouts, fallbacks, bad answers,
//! interruption. In every failure the existing workbook is untouched and nothing is left.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::bin::{
    assert_success, collect_austin_go, jobsctl, run, signal, stderr_of, stdout_of,
};
use crate::common::fake::{FakeServer, Reply, asked_name, count_by_name_length, json};
use crate::common::xlsx::{assert_untouched, precious};
use crate::common::{arg, scratch};

/// `jobsctl collect --url URL --no-workbook --format csv <args>`, which must succeed; the
/// CSV it printed.
fn csv_from(url: &str, args: &[&str]) -> String {
    let mut all = vec!["collect", "--url", url, "--no-workbook", "--format", "csv"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_success(&out, &format!("jobsctl {all:?}"));
    stdout_of(&out)
}

#[test]
fn retries_5xx_then_succeeds() {
    let server = FakeServer::start(|n, _| {
        if n < 2 {
            json(500, r#"{"error": "busy"}"#)
        } else {
            json(200, r#"{"count": 7}"#)
        }
    });
    let csv = csv_from(
        &server.base,
        &["--locations", "Austin", "--skills", "Go", "--jobs", "1"],
    );
    assert_eq!(csv, "kind,name,count\nlocation,Austin,7\nskill,Go,7\n");
    // Two failures of the first request (the record count, asked first), then it, the
    // record count of /health that checks it, /fields (which says no roles here: the lab's
    // fields are counted), then the two counts.
    let seen = server.seen();
    assert_eq!(seen.len(), 7, "{seen:?}");
    assert_eq!(
        seen.iter().filter(|t| t.starts_with("/data/count")).count(),
        5
    );
    assert_eq!(seen[3], "/health", "{seen:?}");
    assert_eq!(seen[4], "/fields", "{seen:?}");
}

#[test]
fn gives_up_after_the_last_retry_and_keeps_the_old_workbook() {
    let server = FakeServer::start(|_, _| json(503, r#"{"error": "down for maintenance"}"#));
    let dir = scratch();
    let output = precious(dir.path());
    let out = collect_austin_go(&server.base, &["--output", arg(&output), "--retries", "1"]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("after 2 attempt(s)"), "{stderr}");
    assert!(stderr.contains("/data/count?_match=token"), "{stderr}");
    assert!(stderr.contains("HTTP 503"), "{stderr}");
    assert_untouched(dir.path(), &output);
}

#[test]
fn never_retries_4xx() {
    let server = FakeServer::start(|_, _| json(400, r#"{"error": "unknown field"}"#));
    let out = collect_austin_go(&server.base, &["--no-workbook", "--jobs", "1"]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("HTTP 400: unknown field"), "{stderr}");
    assert_eq!(server.seen().len(), 1);
}

#[test]
fn a_server_that_is_down_leaves_the_old_workbook() {
    let dir = scratch();
    let output = precious(dir.path());
    // Nothing listens there: trying again would only wait out the back-off.
    let out = collect_austin_go(
        "http://127.0.0.1:9",
        &["--output", arg(&output), "--retries", "0"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("is the server running?"));
    assert_untouched(dir.path(), &output);
}

#[test]
fn a_server_that_dies_mid_run_leaves_the_old_workbook() {
    let server = FakeServer::start(|n, _| {
        if n < 3 {
            json(200, r#"{"count": 5}"#)
        } else {
            Reply::Die
        }
    });
    let dir = scratch();
    let output = precious(dir.path());
    let out = run(&[
        "collect",
        "--url",
        &server.base,
        "--jobs",
        "1",
        "--retries",
        "1",
        "--output",
        arg(&output),
    ]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&server.base) && stderr.contains("attempt(s)"),
        "{stderr}"
    );
    assert!(server.seen().len() >= 4, "{:?}", server.seen());
    assert_untouched(dir.path(), &output);
}

#[test]
fn a_hanging_server_times_out() {
    let server = FakeServer::start(|_, _| Reply::Hang(Duration::from_secs(30)));
    let dir = scratch();
    let output = precious(dir.path());
    let started = Instant::now();
    let out = collect_austin_go(
        &server.base,
        &["--timeout", "1", "--retries", "0", "--output", arg(&output)],
    );
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.to_lowercase().contains("timeout"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_untouched(dir.path(), &output);
}

#[test]
fn a_non_json_answer_is_refused() {
    let server =
        FakeServer::start(|_, _| Reply::Respond(200, "text/html", "<html>hi</html>".into()));
    let dir = scratch();
    let output = precious(dir.path());
    let out = collect_austin_go(&server.base, &["--output", arg(&output)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("did not answer like a jobs API"),
        "{stderr}"
    );
    assert!(stderr.contains("<html>hi</html>"), "{stderr}");
    assert_untouched(dir.path(), &output);
}

#[test]
fn falls_back_to_counting_data_without_a_count_route() {
    // Like the lab's Flask server: no /data/count, no options, /data returns the array.
    let server = FakeServer::start(|_, target| {
        if target.starts_with("/data/count") {
            return json(404, "<h1>Not Found</h1>");
        }
        if target.contains("_match") {
            return json(500, "options are not fields");
        }
        let n = asked_name(target).map_or(0, |v| v.len());
        json(200, format!("[{}]", vec!["{\"Id\": 1}"; n].join(",")))
    });
    let csv = csv_from(
        &server.base,
        &[
            "--match",
            "regex",
            "--locations",
            "Austin,Reno",
            "--skills",
            "C++",
            "--jobs",
            "1",
        ],
    );
    assert_eq!(
        csv,
        "kind,name,count\nlocation,Austin,6\nlocation,Reno,4\nskill,C++,3\n"
    );
    let seen = server.seen();
    assert_eq!(
        seen.iter().filter(|t| t.starts_with("/data/count")).count(),
        1,
        "{seen:?}"
    );
    assert!(
        seen.iter().any(|t| t == "/data?Key%20Skills=C%2B%2B"),
        "{seen:?}"
    );
}

#[test]
fn parallel_requests_keep_the_requested_order() {
    // Answers arrive out of order: longer names answer faster.
    let server = FakeServer::start(|_, target| {
        let Some(value) = asked_name(target) else {
            // No name: the first request, for the number of records.
            return json(200, r#"{"count": 1000}"#);
        };
        std::thread::sleep(Duration::from_millis(
            200u64.saturating_sub(value.len() as u64 * 20),
        ));
        count_by_name_length(target)
    });
    let csv = csv_from(
        &server.base,
        &[
            "--locations",
            "A,BBBBBBBB,CCC,DD",
            "--skills",
            "EEEEEEE,F",
            "--jobs",
            "6",
        ],
    );
    assert_eq!(
        csv,
        "kind,name,count\nlocation,A,1\nlocation,BBBBBBBB,8\nlocation,CCC,3\nlocation,DD,2\n\
         skill,EEEEEEE,7\nskill,F,1\n"
    );
}

#[test]
fn names_files_allow_commas_and_comments() {
    let server = FakeServer::start(|_, target| count_by_name_length(target));
    let dir = scratch();
    let locations = dir.path().join("locations.txt");
    std::fs::write(&locations, "# cities\nWashington, DC\n\n  Austin  \n").expect("write");
    let skills = dir.path().join("skills.txt");
    std::fs::write(&skills, "C#\n# not a skill\nC++\n").expect("write");
    let csv = csv_from(
        &server.base,
        &[
            "--locations-file",
            arg(&locations),
            "--skills-file",
            arg(&skills),
        ],
    );
    assert_eq!(
        csv,
        "kind,name,count\nlocation,\"Washington, DC\",14\nlocation,Austin,6\nskill,C#,2\nskill,C++,3\n"
    );
    let missing = run(&[
        "collect",
        "--locations-file",
        "/no/such/file.txt",
        "--no-workbook",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr_of(&missing).contains("/no/such/file.txt"));
}

/// Sends `name` to a collect run stuck on a server that never answers; the run must exit
/// with `code`, say `said`, and leave the old workbook and no temporary file.
fn signalled_run_leaves_the_old_workbook(name: &str, code: i32, said: &str) {
    let server = FakeServer::start(|_, _| Reply::Hang(Duration::from_secs(30)));
    let dir = scratch();
    let output = precious(dir.path());
    let child = jobsctl()
        .args(["collect", "--url", &server.base, "--output", arg(&output)])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    assert!(crate::common::wait_for(|| !server.seen().is_empty()));
    signal(child.id(), name);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(code), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains(said), "{}", stderr_of(&out));
    assert_untouched(dir.path(), &output);
}

#[test]
fn ctrl_c_leaves_the_old_workbook_and_no_temp_file() {
    signalled_run_leaves_the_old_workbook("INT", 130, "interrupted");
}

#[test]
fn sigterm_exits_143_and_leaves_the_old_workbook_and_no_temp_file() {
    signalled_run_leaves_the_old_workbook("TERM", 143, "terminated");
}
