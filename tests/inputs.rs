//! `--data` in every format the generator writes: JSON, NDJSON and CSV give the same counts,
//! by extension or by content, and a bad line or row fails the load naming its line.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::common::bin::{assert_bad_data_file, run_ok, stdout_of};
use crate::common::{arg, scratch, write_file};

/// `examples/generate_jobs`, which a whole `cargo test` builds beside the test binary (as
/// `target/<profile>/examples/generate_jobs`, since the example is `test = false`).
pub(crate) fn generator() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    let profile = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target dir");
    let generator = profile.join("examples").join("generate_jobs");
    assert!(
        generator.exists(),
        "{} is not built: `cargo test` with no --test builds it, or run \
         `cargo build --example generate_jobs` (with --release for a release test run)",
        generator.display()
    );
    generator
}

/// The generator's output for `format`.
fn generate(format: &str) -> Vec<u8> {
    let out = Command::new(generator())
        .args(["--records", "400", "--seed", "5", "--format", format])
        .stdin(Stdio::null())
        .output()
        .expect("run generate_jobs (built by cargo test)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `collect` over `data`: its CSV counts, with the skill × location matrix.
fn counts(data: &std::path::Path) -> String {
    stdout_of(&run_ok(&[
        "collect",
        "--data",
        arg(data),
        "--no-workbook",
        "--matrix",
        "--format",
        "csv",
        "--filter",
        "Job Experience Required:covers=3",
    ]))
}

#[test]
fn json_ndjson_and_csv_give_the_same_counts() {
    let dir = scratch();
    let json = dir.path().join("jobs.json");
    std::fs::write(&json, generate("json")).expect("write");
    let expected = counts(&json);
    assert!(expected.lines().count() > 20, "{expected}");
    for (format, name) in [
        ("ndjson", "jobs.ndjson"),
        ("ndjson", "ndjson-without-extension"),
        ("csv", "jobs.csv"),
        ("csv", "csv-without-extension"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, generate(format)).expect("write");
        assert_eq!(counts(&path), expected, "{name}");
    }
}

#[test]
fn a_bad_line_or_row_is_named() {
    let dir = scratch();
    let ndjson = write_file(
        dir.path(),
        "jobs.ndjson",
        "{\"Id\": 1, \"Location\": \"Austin\"}\n{\"Id\": 2, \"Location\": Austin}\n",
    );
    assert_bad_data_file(
        &ndjson,
        "read as NDJSON: line 2, column 23: invalid JSON: expected value",
    );
    let csv = write_file(
        dir.path(),
        "jobs.csv",
        "Id,Location\n1,Austin\n2,Austin,TX\n",
    );
    assert_bad_data_file(&csv, "read as CSV: line 3: 3 cells where the header has 2");
}
