//! A newcomer's first hour (issue 24): names that count nothing say what was meant, a
//! `--url` of the data route works, a workbook path that cannot be written is refused
//! before any work naming only the user's path, and the small words are right.

use std::process::Stdio;

use crate::common::bin::{Server, jobsctl, run, run_ok, stderr_of, stdout_of};
use crate::common::inproc::Api;
use crate::common::{arg, scratch, write_file};

#[test]
fn a_name_that_counts_nothing_says_what_was_meant() {
    let out = run_ok(&[
        "collect",
        "--locations",
        "Seatle,Atlantis,Austin",
        "--skills",
        "Pyhton",
        "--format",
        "csv",
        "--no-workbook",
    ]);
    let stdout = stdout_of(&out);
    assert!(stdout.contains("Seatle,0"), "{stdout}");
    assert!(stdout.contains("Austin,2092"), "{stdout}");
    let stderr = stderr_of(&out);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(
        warnings,
        [
            r#"warning: no posting has location "Seatle"; did you mean "Seattle"?"#,
            r#"warning: no posting has location "Atlantis""#,
            r#"warning: no posting has key skills "Pyhton"; did you mean "Python"?"#,
        ]
    );
    // A name that counts but is in the data says nothing; --quiet says nothing at all.
    let quiet = run_ok(&["collect", "--locations", "Seatle", "--no-workbook", "-q"]);
    assert!(
        !stderr_of(&quiet).contains("warning"),
        "{}",
        stderr_of(&quiet)
    );
}

#[test]
fn an_unknown_parameter_suggests_only_a_close_field() {
    let api = Api::bundled();
    let nope = api.get("/data?Nope=1");
    assert_eq!(nope.status, 400);
    let message = nope.error();
    assert!(message.contains("unknown field \"Nope\""), "{message}");
    assert!(!message.contains("did you mean"), "{message}");
    let close = api.get("/data?Locaton=Austin").error();
    assert!(close.contains("did you mean \"Location\"?"), "{close}");
}

#[test]
fn the_data_routes_url_means_its_server() {
    let (_data, server) = Server::over(crate::common::sample_json(), &[]);
    let counts = |url: &str| {
        stdout_of(&run_ok(&[
            "collect",
            "--url",
            url,
            "--locations",
            "Austin",
            "--skills",
            "Python",
            "--format",
            "csv",
            "--no-workbook",
        ]))
    };
    let base = counts(&server.base);
    assert!(base.contains("Austin,"), "{base}");
    assert_eq!(counts(&format!("{}/data", server.base)), base);
    assert_eq!(counts(&format!("{}/data/", server.base)), base);
}

#[test]
fn a_workbook_path_that_cannot_be_written_is_refused_before_any_work() {
    let dir = scratch();
    let csv = dir.path().join("w.csv");
    let out = run(&["collect", "-o", arg(&csv)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout_of(&out).is_empty(), "counted before refusing");
    assert_eq!(
        stderr_of(&out).trim(),
        format!(
            "jobsctl: error: cannot write workbook to {}: a workbook is an .xlsx file; give a \
             name ending in .xlsx such as {} (for CSV on stdout, use --format csv \
             --no-workbook)",
            csv.display(),
            dir.path().join("w.xlsx").display()
        )
    );
    assert!(!csv.exists());
    // A directory that exists but takes no file: said so, before counting.
    let out = run(&["collect", "-o", "/proc/w.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout_of(&out).is_empty(), "counted before refusing");
    assert_eq!(
        stderr_of(&out).trim(),
        "jobsctl: error: cannot write workbook to /proc/w.xlsx: the directory /proc exists, \
         but it takes no new files (a virtual file system?); give a path in a directory you \
         can write to"
    );
}

#[test]
fn where_errors_blame_the_flag_given() {
    let out = run(&["collect", "--where", "{bad", "--no-workbook"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = stderr_of(&out);
    assert!(stderr.starts_with("jobsctl: error: --where: "), "{stderr}");
    assert!(!stderr.contains("_where"), "{stderr}");
}

#[test]
fn help_and_manual_describe_each_command_truly() {
    let collect = stdout_of(&run_ok(&["collect", "--help"]));
    assert!(!collect.contains("--watch"), "{collect}");
    let serve = stdout_of(&run_ok(&["serve", "--help"]));
    assert!(!serve.contains("self-description"), "{serve}");
    assert!(serve.contains("GET /api "), "{serve}");
    assert!(serve.contains("GET /  "), "{serve}");
    let man = stdout_of(&run_ok(&["man", "serve"]));
    assert!(man.contains(r"[\-\-data <FILE>]"), "{man}");
    assert!(man.contains(r"[\-\-watch]"), "{man}");
    let man = stdout_of(&run_ok(&["man", "collect"]));
    assert!(man.contains(r"[\-o|\-\-output <FILE>]"), "{man}");
}

#[test]
fn an_unknown_path_points_to_the_api_page() {
    let message = Api::fixture().get("/nope").error();
    assert!(
        message.contains("see GET /api or /openapi.json"),
        "{message}"
    );
}

#[test]
fn a_missing_file_named_by_jobsctl_data_blames_the_variable() {
    let dir = scratch();
    let missing = dir.path().join("missing.json");
    for command in ["serve", "collect"] {
        let out = jobsctl()
            .arg(command)
            .env("JOBSCTL_DATA", &missing)
            .stdin(Stdio::null())
            .output()
            .expect("run jobsctl");
        assert_eq!(out.status.code(), Some(1), "{command}");
        let stderr = stderr_of(&out);
        assert!(
            stderr.contains(&format!(
                "cannot read data file {}, named by JOBSCTL_DATA:",
                missing.display()
            )) && stderr.contains("fix JOBSCTL_DATA, unset it, or give --data FILE"),
            "{command}: {stderr}"
        );
    }
    // Given with --data, --data is the one to check.
    let out = run(&["collect", "--data", arg(&missing)]);
    assert!(stderr_of(&out).contains("--data"), "{}", stderr_of(&out));
}

#[test]
fn one_record_is_one_record() {
    let dir = scratch();
    let data = write_file(
        dir.path(),
        "one.json",
        r#"[{"Id": 1, "Location": "Austin"}]"#,
    );
    let mut command = jobsctl();
    command.args(["serve", "--data", arg(&data)]);
    let server = Server::spawn(command);
    assert!(server.logged(|line| line.contains("serving 1 record from")));
}

#[test]
fn loading_a_large_file_into_a_pipe_prints_no_progress() {
    let dir = scratch();
    // Over `term::LARGE_DATA_BYTES` (16 MiB): on a terminal this load shows a spinner.
    let padding = "x".repeat(1000);
    let record = format!(r#"{{"Location": "Austin", "Key Skills": "Go", "Note": "{padding}"}}"#);
    let json = format!("[{}]", vec![record; 17_500].join(","));
    assert!(json.len() > 16 << 20);
    let data = write_file(dir.path(), "large.json", &json);
    let out = run_ok(&[
        "collect",
        "--data",
        arg(&data),
        "--locations",
        "Austin",
        "--skills",
        "Go",
        "--no-workbook",
        "--format",
        "csv",
    ]);
    assert_eq!(stderr_of(&out), "", "stderr is a pipe: no progress");
    assert!(stdout_of(&out).contains("Austin,17500"));
}
