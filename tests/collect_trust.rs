//! `jobsctl collect` against servers that lie or attack: answers too big for their route,
//! redirects to another host, names that carry terminal escapes, counts larger than the
//! records. Each is refused (or shown harmlessly) and says why.

use crate::common::bin::{assert_success, collect_austin_go, run, stderr_of, stdout_of};
use crate::common::fake::{FakeServer, Reply, count_by_name_length, json};
use crate::common::xlsx::{assert_untouched, precious, read, sheet, text};
use crate::common::{arg, scratch};

/// `jobsctl collect --url URL --format csv` for one location and one skill, plus `extra`.
fn collect(url: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--format", "csv"];
    args.extend_from_slice(extra);
    collect_austin_go(url, &args)
}

/// Asserts that a run failed with exit 1, printed no counts, and said each of `said`.
fn assert_refused(out: &std::process::Output, said: &[&str]) -> String {
    let stderr = stderr_of(out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stdout_of(out), "", "printed counts: {stderr}");
    for part in said {
        assert!(stderr.contains(part), "no {part:?} in: {stderr}");
    }
    stderr
}

#[test]
fn a_count_answer_bigger_than_its_route_allows_is_refused_and_not_retried() {
    // A well-formed count, padded with 100 KiB of white space: JSON that parses.
    let server =
        FakeServer::start(|_, _| json(200, format!("{{\"count\": 5}}{}", " ".repeat(100 << 10))));
    let dir = scratch();
    let output = precious(dir.path());
    let out = collect(&server.base, &["--output", arg(&output)]);
    assert_refused(
        &out,
        &[
            "/data/count",
            "more than 65536 bytes",
            "not a jobs API's answer",
        ],
    );
    assert_eq!(server.seen().len(), 1, "{:?}", server.seen());
    assert_untouched(dir.path(), &output);
}

#[test]
fn records_read_from_data_all_are_bounded_by_max_data_size() {
    // A lab-style server (no /data/count): token counts come from every record.
    let body = format!(
        "[{}]",
        vec![r#"{"Location": "Austin", "Key Skills": "Go"}"#; 40].join(",")
    );
    assert!(body.len() > 1024);
    let server = FakeServer::start(move |_, target| match target.split('?').next() {
        Some("/data/all") => json(200, body.clone()),
        _ => json(404, r#"{"error": "not found"}"#),
    });
    let out = collect(&server.base, &["--no-workbook", "--max-data-size", "1K"]);
    assert_refused(
        &out,
        &["/data/all", "more than 1024 bytes", "--max-data-size"],
    );
    // The same answer within the limit is counted.
    let out = collect(&server.base, &["--no-workbook", "--max-data-size", "4K"]);
    assert_success(&out, "collect within --max-data-size");
    assert_eq!(
        stdout_of(&out),
        "kind,name,count\nlocation,Austin,40\nskill,Go,40\n"
    );
}

#[test]
fn a_redirect_to_another_host_is_refused_naming_both() {
    let elsewhere = FakeServer::start(|_, target| count_by_name_length(target));
    let target_base = elsewhere.base.clone();
    let server =
        FakeServer::start(move |_, target| Reply::Redirect(302, format!("{target_base}{target}")));
    let out = collect(&server.base, &["--no-workbook"]);
    let host = |base: &str| base.trim_start_matches("http://").to_owned();
    assert_refused(
        &out,
        &[&host(&server.base), &host(&elsewhere.base), "--url"],
    );
    assert_eq!(elsewhere.seen(), Vec::<String>::new());
}

#[test]
fn a_redirect_within_the_server_is_followed() {
    let server = FakeServer::start(|_, target| {
        if let Some(moved) = target.strip_prefix("/v2") {
            count_by_name_length(moved)
        } else {
            Reply::Redirect(308, format!("/v2{target}"))
        }
    });
    let out = collect(&server.base, &["--no-workbook"]);
    assert_success(&out, "collect through same-origin redirects");
    assert_eq!(
        stdout_of(&out),
        "kind,name,count\nlocation,Austin,6\nskill,Go,2\n"
    );
}

#[test]
fn a_redirect_loop_ends_with_an_error() {
    let server = FakeServer::start(|_, target| Reply::Redirect(302, target.to_owned()));
    let out = collect(&server.base, &["--no-workbook"]);
    assert_refused(&out, &["redirected more than 5 times"]);
}

/// A name that clears the screen, colours and retitles the terminal, and reverses text.
const HOSTILE: &str = "\u{1b}[2J\u{1b}[31mRed\u{1b}]0;owned\u{7}\u{202e}x";
/// How it is printed.
const HOSTILE_SHOWN: &str = "\\x1b[2J\\x1b[31mRed\\x1b]0;owned\\x07\\u{202e}x";

#[test]
fn names_from_the_server_are_printed_escaped_and_kept_in_the_workbook() {
    let server = FakeServer::start(|_, target| {
        if target.starts_with("/data/facets") {
            let values = serde_json::json!({ "values": [{ "value": HOSTILE, "count": 3 }] });
            return json(200, values.to_string());
        }
        count_by_name_length(target)
    });
    let dir = scratch();
    let output = dir.path().join("jobs.xlsx");
    for format in ["table", "csv", "json"] {
        let out = run(&[
            "collect",
            "--url",
            &server.base,
            "--top",
            "1",
            "--top-locations",
            "1",
            "--format",
            format,
            "--output",
            arg(&output),
        ]);
        assert_success(&out, format);
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !bytes.contains(&0x1b) && !String::from_utf8_lossy(bytes).contains('\u{202e}'),
                "{format}: a raw control character on {stream}: {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        let stdout = stdout_of(&out);
        match format {
            "json" => {
                let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
                assert_eq!(doc["locations"][0]["name"], HOSTILE);
            }
            _ => assert!(stdout.contains(HOSTILE_SHOWN), "{format}: {stdout}"),
        }
    }
    // The cell holds the true text, its control characters written as Excel writes them
    // (`_x001B_`), since XML cannot hold them; Excel reads them back as they were.
    let book = read(&output);
    assert_eq!(
        text(sheet(&book, "jobs locations"), 1, 2),
        HOSTILE
            .replace('\u{1b}', "_x001B_")
            .replace('\u{7}', "_x0007_")
    );
}

#[test]
fn messages_quoting_the_server_are_printed_escaped() {
    let server =
        FakeServer::start(|_, _| json(400, serde_json::json!({ "error": HOSTILE }).to_string()));
    let out = collect(&server.base, &["--no-workbook"]);
    let stderr = assert_refused(&out, &[HOSTILE_SHOWN]);
    assert!(!out.stderr.contains(&0x1b), "{stderr:?}");
}

/// A server that counts `count` for every query and says it holds `health` records on
/// `/health` (`None`: it has no `/health` or `/fields`).
fn claiming(count: u64, health: Option<u64>) -> FakeServer {
    FakeServer::start(move |_, target| match (target.split('?').next(), health) {
        (Some("/health"), Some(records)) => json(
            200,
            format!("{{\"status\": \"ok\", \"records\": {records}}}"),
        ),
        (Some("/health" | "/fields"), _) => json(404, r#"{"error": "no such route"}"#),
        _ => json(200, format!("{{\"count\": {count}}}")),
    })
}

#[test]
fn a_count_larger_than_the_records_is_refused_even_when_the_total_claims_as_much() {
    let huge = u64::MAX;
    let cases = [
        // The total agrees with the counts, /health does not.
        (
            claiming(huge, Some(1000)),
            vec!["18446744073709551615", "/health", "1000"],
        ),
        // No /health to ask: no jobs API holds that many.
        (
            claiming(huge, None),
            vec!["18446744073709551615", "4294967294"],
        ),
        // /health tells the same lie.
        (
            claiming(huge, Some(huge)),
            vec!["18446744073709551615", "4294967294"],
        ),
        // The total is smaller than /health says: one of them is wrong.
        (
            claiming(10, Some(1000)),
            vec![
                "counted 10 records without a filter",
                "/health says it holds 1000",
            ],
        ),
    ];
    for (server, said) in cases {
        let dir = scratch();
        let output = precious(dir.path());
        let out = collect(&server.base, &["--output", arg(&output)]);
        assert_refused(&out, &said);
        assert_untouched(dir.path(), &output);
    }
    // A total that /health confirms bounds the counts as before.
    let out = collect(&claiming(1000, Some(1000)).base, &["--no-workbook"]);
    assert_success(&out, "collect with a total /health confirms");
    assert_eq!(
        stdout_of(&out),
        "kind,name,count\nlocation,Austin,1000\nskill,Go,1000\n"
    );
}
