//! The examples run as written, from a directory other than the repository's:
//! `examples/pipeline.sh` (needs curl), `examples/lab_notebook.py` (needs python3 with
//! requests and openpyxl). Collect against the lab's Flask server is in `lab_server`.

use std::process::Command;
use std::time::Duration;

use crate::common::bin::{Server, assert_success, stderr_of, stdout_of};
use crate::common::tools::{CURL, PYTHON_MODULES, require_python, require_tool};
use crate::common::{
    FIXTURE, LAB_LOCATIONS, LAB_SKILLS, lab_count, records, root, sample_json, sample_records,
    scratch, token_count, wait_for, write_file,
};

/// The processes that run in `dir` (a script's server runs where the script started).
fn processes_in(dir: &std::path::Path) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .expect("/proc")
        .filter_map(Result::ok)
        .filter(|entry| std::fs::read_link(entry.path().join("cwd")).is_ok_and(|cwd| cwd == dir))
        .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
        .collect()
}

/// Runs `command` in `dir` to the end, then checks that it left nothing running there
/// (anything it left is killed, and the test fails).
fn run_leaving_nothing(mut command: Command, dir: &std::path::Path) -> std::process::Output {
    use std::io::Read;
    let mut child = command
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read in threads: a process left behind may hold the pipes open.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let mut status = None;
    let finished = crate::common::wait_until(Duration::from_secs(120), || {
        status = child.try_wait().expect("wait");
        status.is_some()
    });
    if !finished {
        let _ = child.kill();
    }
    let left = !wait_for(|| processes_in(dir).is_empty());
    for pid in processes_in(dir) {
        crate::common::bin::signal(pid, "KILL");
    }
    let status = status.unwrap_or_else(|| child.wait().expect("wait"));
    let out = std::process::Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    };
    assert!(finished, "did not finish in 2 minutes: {}", stderr_of(&out));
    assert!(!left, "left processes running in {}", dir.display());
    out
}

#[test]
fn pipeline_sh_prints_sorted_csv_for_a_relative_data_path() {
    if !require_tool("curl", CURL) {
        return;
    }
    let dir = scratch();
    write_file(dir.path(), "small.json", FIXTURE);
    let mut script = Command::new("bash");
    script
        .arg(root().join("examples/pipeline.sh"))
        .arg("small.json")
        .env("JOBSCTL", env!("CARGO_BIN_EXE_jobsctl"));
    let out = run_leaving_nothing(script, dir.path());
    assert_success(&out, "examples/pipeline.sh small.json");
    let stdout = stdout_of(&out);
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("kind,name,count"));
    let data = records(&dir.path().join("small.json"));
    let counts: Vec<u64> = lines
        .map(|line| {
            let (rest, count) = line.rsplit_once(',').expect("kind,name,count");
            let (kind, name) = rest.split_once(',').expect("kind,name");
            let field = if kind == "location" {
                "Location"
            } else {
                "Key Skills"
            };
            let count = count.parse().expect("count");
            assert_eq!(count, token_count(&data, field, name), "{line}");
            count
        })
        .collect();
    assert_eq!(counts.len(), LAB_LOCATIONS.len() + LAB_SKILLS.len());
    assert!(
        counts.windows(2).all(|w| w[0] <= w[1]),
        "not sorted: {counts:?}"
    );
}

#[test]
fn lab_notebook_runs_unchanged_against_serve() {
    if !require_python(&["requests", "openpyxl"], PYTHON_MODULES) {
        return;
    }
    // Realistic data, and enough of it for every name (a sample: it starts faster).
    let (_data, server) = Server::over(sample_json(), &["--quiet"]);
    let dir = scratch();
    let out = Command::new("python3")
        .arg(root().join("examples/lab_notebook.py"))
        .arg(&server.base)
        .arg("lab.xlsx")
        .current_dir(dir.path())
        .output()
        .expect("python3");
    assert_success(&out, "examples/lab_notebook.py");
    let stdout = stdout_of(&out);
    let data = sample_records();
    // The lab's flow gets the lab's numbers: regex semantics, the server's default.
    for skill in ["C", "C++", "Java", "Python"] {
        let line = format!("{skill}\t{}", lab_count(data, "Key Skills", skill));
        assert!(
            stdout.lines().any(|l| l == line),
            "missing {line:?} in {stdout}"
        );
    }
    assert!(dir.path().join("lab.xlsx").is_file());
}
