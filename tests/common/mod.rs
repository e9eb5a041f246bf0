//! Test helpers: run the real binary, start `jobsctl serve` on a free port, talk HTTP.

pub mod fake;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The `jobsctl` binary under test.
pub fn jobsctl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jobsctl"))
}

/// Runs `jobsctl` with `args` and waits for it.
pub fn run(args: &[&str]) -> Output {
    jobsctl()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run jobsctl")
}

/// Runs `jobsctl` with `args`, which must succeed; its output.
pub fn run_ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "jobsctl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Loads `path` with `jobsctl serve`, which must fail at once with exit code 1 and one line
/// on stderr that names the path and contains `message`.
pub fn assert_bad_data_file(path: &Path, message: &str) {
    let path = path.to_str().expect("utf-8 path");
    let out = run(&["serve", "--port", "0", "--data", path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{path}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{path}: {stderr}");
    assert!(stderr.contains(path), "{path}: {stderr}");
    assert!(stderr.contains(message), "{path}: {stderr}");
    assert!(!stderr.contains("panicked"), "{path}: {stderr}");
}

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

/// Waits up to 20 s for `done`.
pub fn wait_for(mut done: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// The repo's shipped jobs.json.
pub fn jobs_json() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("jobs.json")
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

/// A `jobsctl serve` child process, killed on drop.
pub struct Server {
    child: Child,
    /// e.g. `http://127.0.0.1:41234`
    pub base: String,
    /// Everything the server printed on stderr so far.
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `jobsctl serve --port 0 <args>` and waits until it listens.
    pub fn start(args: &[&str]) -> Server {
        let mut child = jobsctl()
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn jobsctl serve");
        let stderr = child.stderr.take().expect("piped stderr");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let sink = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
                    let _ = tx.send(url.to_owned());
                }
                sink.lock().expect("lock").push(line);
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("server did not start: {:?}", lines.lock().expect("lock"));
            }
        };
        Server {
            child,
            base,
            stderr: lines,
        }
    }

    /// GETs `path` (with its query) and returns status, content type and body.
    pub fn get(&self, path: &str) -> Response {
        request(&format!("{}{path}", self.base), "GET")
    }

    /// GETs `path` with query pairs encoded by the client, as a notebook would.
    pub fn get_query(&self, path: &str, pairs: &[(&str, &str)]) -> Response {
        let mut req = agent().get(format!("{}{path}", self.base));
        for (k, v) in pairs {
            req = req.query(k, v);
        }
        Response::from(req.call().expect("request"))
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `timeout` for the process to exit by itself; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<i32> {
        let started = std::time::Instant::now();
        while started.elapsed() < timeout {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Whether a line the server printed on stderr satisfies `wanted`, waiting up to 20 s.
    pub fn logged(&self, wanted: impl Fn(&str) -> bool) -> bool {
        let found = wait_for(|| self.stderr.lock().expect("lock").iter().any(|l| wanted(l)));
        if !found {
            eprintln!("server stderr: {:?}", self.stderr.lock().expect("lock"));
        }
        found
    }

    /// Kills the process.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A plain agent that reports 4xx/5xx as responses, not errors, and asks for bodies
/// uncompressed (compression is tested on raw sockets).
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .accept_encoding("identity")
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

/// Sends `method` to `url`.
pub fn request(url: &str, method: &str) -> Response {
    let agent = agent();
    let result = match method {
        "GET" => agent.get(url).call(),
        "HEAD" => agent.head(url).call(),
        "DELETE" => agent.delete(url).call(),
        "POST" => agent.post(url).send(""),
        "OPTIONS" => agent.options(url).call(),
        other => panic!("unsupported method {other}"),
    };
    Response::from(result.expect("request"))
}

/// What came back from a request.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// All headers, lowercase names.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl From<ureq::http::Response<ureq::Body>> for Response {
    fn from(mut r: ureq::http::Response<ureq::Body>) -> Response {
        let status = r.status().as_u16();
        let headers = r
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let body = r
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec()
            .expect("read body");
        Response {
            status,
            headers,
            body,
        }
    }
}

/// An independent reading of a jobs.json for expected values: plain serde_json.
pub fn records(path: &Path) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let text = std::fs::read(path).expect("read data");
    let value: serde_json::Value = serde_json::from_slice(&text).expect("parse data");
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r.as_object().expect("object").clone())
        .collect()
}

/// The text of `field` in a record, as the lab would see it.
pub fn text_of(record: &serde_json::Map<String, serde_json::Value>, field: &str) -> Option<String> {
    match record.get(field)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Expected token-mode count, computed without jobsctl's code: items of `Key Skills` split
/// on `|`, other fields whole; trimmed and compared case-insensitively.
pub fn token_count(
    records: &[serde_json::Map<String, serde_json::Value>],
    field: &str,
    name: &str,
) -> u64 {
    let want = name.trim().to_lowercase();
    records
        .iter()
        .filter(|r| {
            text_of(r, field).is_some_and(|t| {
                if field == "Key Skills" {
                    t.split('|').any(|item| item.trim().to_lowercase() == want)
                } else {
                    t.trim().to_lowercase() == want
                }
            })
        })
        .count() as u64
}

/// Expected regex-mode count for the lab's names: a literal search for names with `+`
/// (which Python refuses as a pattern), a regex search otherwise.
pub fn lab_count(
    records: &[serde_json::Map<String, serde_json::Value>],
    field: &str,
    name: &str,
) -> u64 {
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
