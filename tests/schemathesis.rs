//! The OpenAPI document tells the truth: schemathesis, run with its default checks against
//! `/openapi.json` of the real binary over the first 3,000 records of the bundled data (the
//! same fields, so the same document, and a tenth of the work per query), finds no failure. Schema-valid
//! requests are answered, schema-invalid ones refused with a JSON 400, and every answer has
//! a documented status, content type and body.
//!
//! The whole document is tested, `_where` included, in one run of every phase (examples,
//! coverage, fuzzing, stateful).
//!
//! What the schema cannot say is said elsewhere: a query string over 8 KiB is a 414
//! (`schemathesis.toml`, in the repository, lists it as an expected answer); a `_where` of
//! more than 256 tests, counted across its tree, is a 400 (stated in the parameter's
//! description; `tests/schemathesis_hooks.py` leaves out the coverage phase's one such case,
//! 297 tests, and `tests/limits.rs` tests the refusal); and a query that runs past the
//! server's time limit is a 400 (the server runs here without one, see below).

use std::process::{Command, Stdio};

use crate::common::bin::Server;
use crate::common::tools::{SCHEMATHESIS, require_tool};
use crate::common::{arg, root, sample_json, scratch};

/// A small, fixed budget: every phase runs. The coverage phase, which ignores it, is most of
/// the work: 9,565 cases, about 120 s of schemathesis's CPU and 33 s of the server's; 215 s
/// on two CPUs shared with other builds (load average 7 to 8).
const MAX_EXAMPLES: &str = "20";
/// Operations tested at once: one. With two, CPython 3.11's `ast.parse` (which Hypothesis
/// calls to describe its filters) keeps one recursion counter for every thread, and two
/// workers parsing at once made it raise "AST constructor recursion depth mismatch", a
/// runtime error of the tool rather than a finding about the server.
const WORKERS: &str = "1";
/// A fixed seed, so that a failure seen in CI can be replayed.
const SEED: &str = "13";

#[test]
fn schemathesis_finds_no_failure_with_its_default_checks() {
    if !require_tool("schemathesis", SCHEMATHESIS) {
        return;
    }
    // No time limit: how long a query may take is the machine's business, not the
    // document's, and a debug build on a shared CI machine can take more than the default
    // 1 s for the largest `_where` the coverage phase builds (198 scanning tests).
    let (_dir, server) = Server::over(sample_json(), &["--quiet", "--query-time-limit", "0"]);
    schemathesis(&server, &format!("{}/openapi.json", server.base), &[]);
}

/// The document depends on the data: over pay strings and experience ranges, `/fields`
/// answers kinds, roles and sources the lab's data never shows (`range`, `@salary` read
/// from a min/max pair, `currencies`), and a filter parameter per field of its own. The
/// operations whose schema is built from the data are run again over such data.
#[test]
fn schemathesis_finds_no_failure_over_pay_and_experience_data() {
    if !require_tool("schemathesis", SCHEMATHESIS) {
        return;
    }
    let data = crate::generator::shape("pay-strings", 400);
    let (_dir, server) = Server::over(&data, &["--quiet", "--query-time-limit", "0"]);
    let only = ["--include-path", "/fields", "--include-path", "/data/count"];
    schemathesis(&server, &format!("{}/openapi.json", server.base), &only);
}

/// Runs `schemathesis run` on the document at `location` with every phase, its default
/// checks, the fixed budget and `extra` arguments (an operation filter), and fails with its
/// output unless it found no issue.
fn schemathesis(server: &Server, location: &str, extra: &[&str]) {
    // Run from a scratch directory: nothing is written next to the sources.
    let dir = scratch();
    let config = root().join("schemathesis.toml");
    let output = Command::new("schemathesis")
        .args(["--config-file", arg(&config), "run", location])
        .args([
            "--max-examples",
            MAX_EXAMPLES,
            "--seed",
            SEED,
            "--workers",
            WORKERS,
        ])
        .args(["--generation-database", "none", "--no-color"])
        .args(extra)
        .env(
            "SCHEMATHESIS_HOOKS",
            root().join("tests/schemathesis_hooks.py"),
        )
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("run schemathesis");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("No issues found"),
        "schemathesis found failures against {} ({}):\n{stdout}\n{stderr}",
        server.base,
        output.status
    );
}

/// What `tests/schemathesis_hooks.py` leaves out is the documented refusal: a `_where` may
/// hold 256 tests, one per operator, counted across its tree; one more is a 400 that names
/// the limit. The document says so in `_where`'s description.
#[test]
fn a_where_of_more_than_256_tests_is_the_documented_400() {
    let api = crate::common::inproc::Api::from_json(crate::common::FIXTURE);
    let range = r#"{"Id":{"gte":0,"lte":99}}"#;
    let nested = |pairs: usize, extra: &str| {
        let leaves = vec![range; pairs].join(",");
        format!(r#"{{"or":[{{"and":[{leaves}]}}{extra}]}}"#)
    };
    let at_limit = api.get_query("/data/count", &[("_where", &nested(128, ""))]);
    assert_eq!(at_limit.status, 200, "{}", at_limit.text());
    let over = api.get_query(
        "/data/count",
        &[("_where", &nested(128, r#",{"not":{"Id":{"eq":1}}}"#))],
    );
    assert_eq!(over.status, 400, "{}", over.text());
    assert!(
        over.text().contains("257 tests; the limit is 256"),
        "{}",
        over.text()
    );
    let document = api.get("/openapi.json").json();
    let parameters = document["paths"]["/data/count"]["get"]["parameters"]
        .as_array()
        .expect("parameters");
    let description = parameters
        .iter()
        .find(|p| p["name"] == "_where")
        .and_then(|p| p["description"].as_str())
        .expect("_where's description");
    assert!(description.contains("256 tests"), "{description}");
}
