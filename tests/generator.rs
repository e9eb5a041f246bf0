//! The test-data generator (`examples/generate_jobs`): the lab shape is the committed
//! `jobs.json` byte for byte, every `--shape` is deterministic and well formed as its format
//! (CSV through a real CSV parser, JSON through serde_json), holds the quirks
//! docs/TEST-DATA.md promises, and a format a shape cannot take is refused with exit 2.

use std::collections::HashSet;
use std::process::{Command, Output, Stdio};

use crate::inputs::generator;

/// Every shape but the lab, with the formats it can be written in (its own first).
const SHAPES: [(&str, &[&str]); 8] = [
    ("api-json", &["json", "ndjson"]),
    ("python-lists", &["csv", "json", "ndjson"]),
    ("semicolon-csv", &["csv"]),
    ("ndjson-nan", &["ndjson", "json"]),
    ("salary-survey", &["csv", "json", "ndjson"]),
    ("cn-board", &["csv", "json", "ndjson"]),
    ("pay-strings", &["json", "ndjson", "csv"]),
    ("no-roles", &["json", "ndjson", "csv"]),
];

/// Runs the generator with `args`.
fn run(args: &[&str]) -> Output {
    Command::new(generator())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run generate_jobs (built by cargo test)")
}

/// The generator's output for `args`, which must succeed.
pub(crate) fn generated(args: &[&str]) -> Vec<u8> {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `records` records of `shape` in its own format, from seed 5.
pub(crate) fn shape(name: &str, records: usize) -> String {
    let records = records.to_string();
    let bytes = generated(&["--shape", name, "--records", &records, "--seed", "5"]);
    String::from_utf8(bytes).expect("UTF-8")
}

#[test]
fn the_lab_shape_is_the_committed_jobs_json() {
    let committed =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/jobs.json")).expect("jobs.json");
    for args in [
        &["--records", "27005", "--seed", "42"][..],
        &["--shape", "lab", "--format", "json"][..],
    ] {
        assert!(
            generated(args) == committed,
            "{args:?} differs from jobs.json"
        );
    }
}

#[test]
fn every_shape_in_every_format_is_a_function_of_the_seed() {
    for (name, formats) in SHAPES {
        for format in formats {
            let args = |seed| {
                [
                    "--shape",
                    name,
                    "--format",
                    format,
                    "--records",
                    "60",
                    "--seed",
                    seed,
                ]
            };
            let first = generated(&args("1"));
            assert!(first.len() > 1000, "{name} {format}: {} bytes", first.len());
            assert_eq!(first, generated(&args("1")), "{name} {format}: same seed");
            assert_ne!(
                first,
                generated(&args("2")),
                "{name} {format}: another seed"
            );
        }
    }
}

/// The rows of a CSV shape, read by the `csv` crate, which refuses a row of another length.
fn read_csv(text: &str, delimiter: u8) -> Vec<csv::StringRecord> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("every row has as many cells as the header");
    assert_eq!(rows.len(), 301, "a header and 300 rows");
    rows
}

/// The cells of column `name`.
fn column<'a>(rows: &'a [csv::StringRecord], name: &str) -> Vec<&'a str> {
    let at = rows[0].iter().position(|h| h == name).expect(name);
    rows[1..].iter().map(|row| &row[at]).collect()
}

#[test]
fn csv_shapes_have_one_cell_per_header_and_their_quirks() {
    let text = shape("python-lists", 300);
    let rows = read_csv(&text, b',');
    let skills = column(&rows, "job_skills");
    assert!(
        skills
            .iter()
            .any(|s| s.starts_with("['") && s.contains("', '"))
    );
    assert!(skills.contains(&"[]"));
    assert!(
        column(&rows, "job_benefits")
            .iter()
            .any(|s| s.contains("\"Employee's discount\""))
    );
    assert!(
        column(&rows, "job_location")
            .iter()
            .any(|s| s.ends_with(", NY"))
    );
    assert!(
        column(&rows, "company_name")
            .iter()
            .any(|s| { s.split_once(", ").is_some_and(|(a, b)| a == b) })
    );

    let text = shape("semicolon-csv", 300);
    assert!(
        text.starts_with("\u{feff}titulo;empresa;cidade;"),
        "BOM, `;`, Portuguese"
    );
    assert!(
        text.contains(";https://vagas.example.com.br/90000\r\n"),
        "CRLF"
    );
    let rows = read_csv(&text, b';');
    assert!(
        column(&rows, "descricao")
            .iter()
            .any(|d| d.contains('\n') && d.contains(';'))
    );
    assert!(
        column(&rows, "habilidades")
            .iter()
            .all(|s| s.contains(", "))
    );
    assert!(
        column(&rows, "beneficios")
            .iter()
            .any(|s| s.contains(" / "))
    );
    assert!(column(&rows, "cidade").contains(&"São Paulo, SP"));

    let table = read_csv(&shape("salary-survey", 300), b',');
    let usd = column(&table, "salary_in_usd");
    assert!(
        usd.contains(&"99750") && usd.contains(&"450000"),
        "text order differs"
    );
    assert!(usd.iter().all(|n| n.parse::<u64>().is_ok()));

    let table = read_csv(&shape("cn-board", 300), b',');
    assert_eq!(table[0].get(0), Some("职位名称"));
    let pay = column(&table, "薪资");
    assert!(pay.iter().any(|p| p.ends_with('K') && p.contains("K-")));
    assert!(pay.iter().any(|p| p.contains("K·") && p.ends_with('薪')));
    let experience = column(&table, "经验");
    for wanted in ["1-3年", "10年以上", "不限", "无经验", "1年以下"] {
        assert!(experience.contains(&wanted), "{wanted}");
    }
    assert!(column(&table, "技能").iter().any(|s| s.contains('|')));
}

#[test]
fn json_shapes_parse_and_nest_as_the_apis_do() {
    let answer: serde_json::Value = serde_json::from_str(&shape("api-json", 300)).expect("JSON");
    assert_eq!(answer["count"], 300);
    let results = answer["results"].as_array().expect("results");
    assert_eq!(results.len(), 300);
    assert!(
        results[0]["location"]["display_name"]
            .as_str()
            .is_some_and(|s| s.contains(", "))
    );
    assert!(results[0]["location"]["area"].is_array());
    assert!(results[0]["id"].is_string());
    assert!(
        results.iter().any(|r| r.get("salary_min").is_none()),
        "sparse"
    );
    assert!(results.iter().any(|r| r["salary_min"].is_f64()));
    assert!(
        results.iter().any(|r| r["locations"][0]["geo"].is_object()),
        "deeper nesting"
    );
    assert!(results.iter().all(|r| r["skills"].is_array()));

    let postings: Vec<serde_json::Value> =
        serde_json::from_str(&shape("pay-strings", 300)).expect("JSON");
    let salaries: Vec<&str> = postings
        .iter()
        .filter_map(|p| p["salary"].as_str())
        .collect();
    for wanted in [
        "K a year",
        "an hour",
        "k/year",
        "k+/year",
        "Competitive",
        "por año",
        "par mois",
        "만원",
    ] {
        assert!(salaries.iter().any(|s| s.contains(wanted)), "{wanted}");
    }
    assert!(salaries.iter().any(|s| s.contains('\u{2013}')), "en dash");
    assert!(salaries.contains(&""));
    for period in ["YEARLY", "HOURLY", "BIWEEKLY", "MONTHLY"] {
        assert!(
            postings.iter().any(|p| p["pay_period"] == period),
            "{period}"
        );
    }

    let readings: Vec<serde_json::Value> =
        serde_json::from_str(&shape("no-roles", 50)).expect("JSON");
    assert_eq!(readings.len(), 50);

    for line in shape("api-json", 50).lines().skip(1).take(3) {
        let _: serde_json::Value =
            serde_json::from_str(line.trim_end_matches(',')).expect("one result a line");
    }
}

#[test]
fn ndjson_nan_holds_bare_nan_and_infinity_and_is_json_once_they_are_null() {
    let text = shape("ndjson-nan", 300);
    assert_eq!(text.lines().count(), 300);
    assert!(text.contains(": NaN"), "NaN tokens");
    assert!(text.contains(": Infinity"), "Infinity tokens");
    assert!(
        text.lines()
            .any(|l| serde_json::from_str::<serde_json::Value>(l).is_err())
    );
    for line in text.lines() {
        let line = line
            .replace(": NaN", ": null")
            .replace(": Infinity", ": null");
        let record: serde_json::Value = serde_json::from_str(&line).expect(&line);
        assert!(record["_id"]["$oid"].is_string());
        assert!(record["company"]["name"].is_string());
        assert!(record["skills"].is_array());
    }
}

#[test]
fn descriptions_are_long_and_leave_every_other_value_alone() {
    for (name, field) in [("lab", "description"), ("pay-strings", "description")] {
        let args = |more: &[&'static str]| {
            let mut args = vec!["--shape", name, "--records", "40", "--seed", "3"];
            args.extend_from_slice(more);
            args
        };
        let plain: Vec<serde_json::Value> =
            serde_json::from_slice(&generated(&args(&[]))).expect("JSON");
        let long: Vec<serde_json::Value> =
            serde_json::from_slice(&generated(&args(&["--descriptions"]))).expect("JSON");
        let all: String = long
            .iter()
            .map(|r| r[field].as_str().expect(field))
            .collect();
        let vocabulary: HashSet<String> = all
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        assert!(
            (1_500..4_000).contains(&vocabulary.len()),
            "{name}: a few thousand words, not {}",
            vocabulary.len()
        );
        assert!(
            all.matches("machine learning").count() > 3,
            "{name}: phrases recur"
        );
        assert!(
            all.matches(" the ").count() > all.matches(" skills ").count(),
            "{name}: common words are common"
        );
        for (mut long, plain) in long.into_iter().zip(plain) {
            let text = long[field].as_str().expect(field).to_owned();
            let words = text.split_whitespace().count();
            assert!((300..=640).contains(&words), "{name}: {words} words");
            long.as_object_mut().expect("object").remove(field);
            assert_eq!(long, plain, "{name}");
        }
    }
    let rows = read_csv(
        &String::from_utf8(generated(&[
            "--shape",
            "semicolon-csv",
            "--records",
            "300",
            "--descriptions",
        ]))
        .expect("UTF-8"),
        b';',
    );
    assert_eq!(rows[0].len(), 11, "the shape's own descricao holds it");
    assert!(
        column(&rows, "descricao")
            .iter()
            .all(|d| d.split_whitespace().count() >= 300)
    );
}

#[test]
fn a_format_a_shape_cannot_take_is_refused_with_exit_2() {
    for (args, wanted) in [
        (
            &["--shape", "api-json", "--format", "csv"][..],
            "--shape api-json cannot be written as --format csv",
        ),
        (
            &["--shape", "semicolon-csv", "--format", "json"][..],
            "cannot be written as --format json",
        ),
        (
            &["--shape", "nope"][..],
            "not a shape; give one of lab, api-json,",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(wanted), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}
