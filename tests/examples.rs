//! The examples run as written: `examples/pipeline.sh` and `examples/lab_notebook.py`
//! (the latter only where Python has requests and openpyxl).

use std::path::Path;
use std::process::Command;

use crate::common::{Server, jobs_json, lab_count, records, scratch};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn pipeline_sh_prints_sorted_csv() {
    if Command::new("curl").arg("--version").output().is_err() {
        eprintln!("skipping: curl is not installed");
        return;
    }
    // A free port for the script's server.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let out = Command::new("bash")
        .arg(root().join("examples/pipeline.sh"))
        .env("JOBSCTL", env!("CARGO_BIN_EXE_jobsctl"))
        .env("PORT", port.to_string())
        .output()
        .expect("run pipeline.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("kind,name,count"));
    let counts: Vec<u64> = lines
        .map(|l| {
            l.rsplit(',')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("count")
        })
        .collect();
    assert_eq!(counts.len(), 19);
    assert!(
        counts.windows(2).all(|w| w[0] <= w[1]),
        "not sorted: {counts:?}"
    );
    // The script stopped its server: the port is free again.
    assert!(std::net::TcpListener::bind(("127.0.0.1", port)).is_ok());
}

#[test]
fn lab_notebook_runs_unchanged_against_serve() {
    let ready = Command::new("python3")
        .args(["-c", "import requests, openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        eprintln!("skipping: python3 with requests and openpyxl is not available");
        return;
    }
    let server = Server::start(&["--quiet"]);
    let dir = scratch();
    let output = dir.path().join("lab.xlsx");
    let out = Command::new("python3")
        .arg(root().join("examples/lab_notebook.py"))
        .arg(&server.base)
        .arg(&output)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let data = records(&jobs_json());
    // The lab's flow gets the lab's numbers: regex semantics, the server's default.
    for skill in ["C", "C++", "Java", "Python"] {
        let line = format!("{skill}\t{}", lab_count(&data, "Key Skills", skill));
        assert!(
            stdout.lines().any(|l| l == line),
            "missing {line:?} in {stdout}"
        );
    }
    assert!(output.is_file());
}
