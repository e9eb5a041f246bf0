//! Test helpers, each written once: the binary and its server (`bin`), the API mounted
//! in-process (`inproc`), HTTP answers (`http`), a scripted server for fault tests (`fake`),
//! workbooks read back (`xlsx`), outside tools (`tools`), and expected values computed
//! independently of jobsctl's code (here).

pub mod bin;
pub mod fake;
pub mod flask;
pub mod http;
pub mod inproc;
pub mod tools;
pub mod xlsx;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// One record of a jobs.json, read with plain serde_json.
pub type Record = serde_json::Map<String, serde_json::Value>;

/// The lab's seven locations, in the lab's order.
pub const LAB_LOCATIONS: [&str; 7] = [
    "Los Angeles",
    "New York",
    "San Francisco",
    "Washington DC",
    "Seattle",
    "Austin",
    "Detroit",
];

/// The lab's twelve technologies, in the lab's order.
pub const LAB_SKILLS: [&str; 12] = [
    "C",
    "C#",
    "C++",
    "Java",
    "JavaScript",
    "Python",
    "Scala",
    "Oracle",
    "SQL Server",
    "MySQL Server",
    "PostgreSQL",
    "MongoDB",
];

/// A small data set with awkward values: case variants, separators with and without a
/// space, commas, quotes, pipes, newlines and non-ASCII text.
pub const FIXTURE: &str = r#"[
 {"Id": 5, "Job Title": "Dev, \"Senior\"", "Key Skills": "Javascript| SQL|javascript", "Location": "Seattle", "Pay": 100},
 {"Id": 3, "Job Title": "QA – tester\u00a0Ã¢â‚¬â„¢", "Key Skills": "javascript|Python", "Location": "Austin", "Pay": 20},
 {"Id": 9, "Job Title": "Line\nbreak \\ back", "Key Skills": "JavaScript| python ", "Location": "Seattle", "Pay": 3},
 {"Id": 1, "Job Title": "Ops", "Key Skills": "Javascript", "Location": "Austin", "Pay": 1000},
 {"Id": 7, "Job Title": "Sales", "Key Skills": "Sales|  | Excel", "Location": "Boston"}
]"#;

/// Waits up to `timeout` for `done`, checking every few milliseconds.
pub fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    loop {
        if done() {
            return true;
        }
        if start.elapsed() > timeout {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Waits up to 20 s for `done`.
pub fn wait_for(done: impl FnMut() -> bool) -> bool {
    wait_until(Duration::from_secs(20), done)
}

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repo's shipped jobs.json (the same file is embedded in the binary).
pub fn jobs_json() -> PathBuf {
    root().join("jobs.json")
}

/// A scratch directory, removed on drop.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Writes `text` to `name` in `dir` and returns the path.
pub fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path
}

/// A path as the `&str` a command line wants.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// An independent reading of a jobs.json for expected values: plain serde_json.
pub fn records(path: &Path) -> Vec<Record> {
    let text = std::fs::read(path).expect("read data");
    let value: serde_json::Value = serde_json::from_slice(&text).expect("parse data");
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r.as_object().expect("object").clone())
        .collect()
}

/// [`records`] of the shipped jobs.json, read once per test run.
pub fn bundled_records() -> &'static [Record] {
    static RECORDS: OnceLock<Vec<Record>> = OnceLock::new();
    RECORDS.get_or_init(|| records(&jobs_json()))
}

/// How many records [`sample_json`] holds.
pub const SAMPLE_RECORDS: usize = 3000;

/// The first [`SAMPLE_RECORDS`] records of the shipped jobs.json, with all its quirks, as
/// JSON: for tests that need realistic data but not all of it (it loads ten times faster).
pub fn sample_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        serde_json::to_string(&bundled_records()[..SAMPLE_RECORDS]).expect("sample as JSON")
    })
}

/// The records of [`sample_json`].
pub fn sample_records() -> &'static [Record] {
    &bundled_records()[..SAMPLE_RECORDS]
}

/// The text of `field` in a record, as the lab would see it.
pub fn text_of<'a>(record: &'a Record, field: &str) -> Option<Cow<'a, str>> {
    match record.get(field)? {
        serde_json::Value::String(s) => Some(Cow::Borrowed(s)),
        serde_json::Value::Null => None,
        other => Some(Cow::Owned(other.to_string())),
    }
}

/// Whether `record` has `name` in `field` in token mode, decided without jobsctl's code:
/// items of `Key Skills` split on `|`, other fields whole; trimmed and compared
/// case-insensitively.
pub fn token_match(record: &Record, field: &str, name: &str) -> bool {
    let want = name.trim().to_lowercase();
    text_of(record, field).is_some_and(|t| {
        if field == "Key Skills" {
            t.split('|').any(|item| item.trim().to_lowercase() == want)
        } else {
            t.trim().to_lowercase() == want
        }
    })
}

/// Expected token-mode count (see [`token_match`]).
pub fn token_count(records: &[Record], field: &str, name: &str) -> u64 {
    records
        .iter()
        .filter(|r| token_match(r, field, name))
        .count() as u64
}

/// Expected regex-mode count for the lab's names: a literal search for names with `+`
/// (which Python refuses as a pattern), a regex search otherwise.
pub fn lab_count(records: &[Record], field: &str, name: &str) -> u64 {
    let re = regex::Regex::new(name).expect("pattern");
    records
        .iter()
        .filter(|r| {
            text_of(r, field).is_some_and(|t| {
                if name.contains("++") {
                    t.contains(name)
                } else {
                    re.is_match(&t)
                }
            })
        })
        .count() as u64
}
