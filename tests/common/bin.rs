//! The real `jobsctl` binary: one-shot runs, and [`Server`], a `jobsctl serve` child on a
//! free port that learns its address from `--port-file` and is killed on drop.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::http::{Response, request};

/// How long a server may take to start listening (debug builds on a busy machine).
const START_TIMEOUT: Duration = Duration::from_secs(60);

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
    assert_success(&out, &format!("jobsctl {args:?}"));
    out
}

/// Asserts that a finished command succeeded, showing its stderr if not.
pub fn assert_success(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A command's stderr as text.
pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A command's stdout as text.
pub fn stdout_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Sends `signal` (e.g. "TERM", "INT") to process `pid`.
pub fn signal(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} {pid}: {status}");
}

/// `jobsctl collect --url URL --locations Austin --skills Go`, plus `extra`: one location
/// and one skill, asked of a (fake) server.
pub fn collect_austin_go(url: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "collect",
        "--url",
        url,
        "--locations",
        "Austin",
        "--skills",
        "Go",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// Loads `path` with `jobsctl serve`, which must fail at once with exit code 1 and one line
/// on stderr that names the path and contains `message`.
pub fn assert_bad_data_file(path: &Path, message: &str) {
    let path = super::arg(path);
    let out = run(&["serve", "--port", "0", "--data", path]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{path}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{path}: {stderr}");
    assert!(stderr.contains(path), "{path}: {stderr}");
    assert!(stderr.contains(message), "{path}: {stderr}");
    assert!(!stderr.contains("panicked"), "{path}: {stderr}");
}

/// Lines a child printed on stderr, collected by a reader thread; waiters are woken on
/// every new line and when the stream closes.
#[derive(Default)]
pub struct Log {
    lines: Mutex<(Vec<String>, bool)>,
    changed: Condvar,
}

impl Log {
    /// Starts a thread that reads `stream` line by line into a new log.
    pub fn read(stream: impl std::io::Read + Send + 'static) -> Arc<Log> {
        let log = Arc::new(Log::default());
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                sink.lines.lock().expect("lock").0.push(line);
                sink.changed.notify_all();
            }
            sink.lines.lock().expect("lock").1 = true;
            sink.changed.notify_all();
        });
        log
    }

    /// The lines so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("lock").0.clone()
    }

    /// Waits up to `timeout` for a line satisfying `wanted`, or for the stream to close.
    pub fn wait_for(&self, timeout: Duration, wanted: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let mut guard = self.lines.lock().expect("lock");
        loop {
            if guard.0.iter().any(|l| wanted(l)) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if guard.1 || left.is_zero() {
                return false;
            }
            guard = self.changed.wait_timeout(guard, left).expect("lock").0;
        }
    }

    /// Waits up to `timeout` for the stream to close; whether it did.
    pub fn wait_closed(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut guard = self.lines.lock().expect("lock");
        while !guard.1 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            guard = self.changed.wait_timeout(guard, left).expect("lock").0;
        }
        true
    }
}

/// A `jobsctl serve` child process on a free loopback port, killed on drop.
pub struct Server {
    child: Child,
    /// e.g. `http://127.0.0.1:41234`
    pub base: String,
    /// What the server printed on stderr.
    pub log: Arc<Log>,
    _port_dir: tempfile::TempDir,
}

impl Server {
    /// Starts `jobsctl serve <args>` and waits until it listens.
    pub fn start(args: &[&str]) -> Server {
        let mut command = jobsctl();
        command.arg("serve").args(args);
        Server::spawn(command)
    }

    /// Starts `jobsctl serve --data FILE <args>` over the data set `json`, written to FILE
    /// in a scratch directory that lives as long as the returned guard.
    pub fn over(json: &str, args: &[&str]) -> (tempfile::TempDir, Server) {
        let dir = super::scratch();
        let path = super::write_file(dir.path(), "jobs.json", json);
        let mut command = jobsctl();
        command.args(["serve", "--data"]).arg(&path).args(args);
        (dir, Server::spawn(command))
    }

    /// Starts `command` (a `jobsctl serve ...` command line, perhaps with extra environment)
    /// with `--port 0 --port-file FILE` added, and waits until FILE names the port. Fails,
    /// showing the server's stderr, if it exits or does not listen within a minute.
    pub fn spawn(mut command: Command) -> Server {
        let port_dir = super::scratch();
        let port_file = port_dir.path().join("port");
        let mut child = command
            .args(["--port", "0", "--port-file"])
            .arg(&port_file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn jobsctl serve");
        let log = Log::read(child.stderr.take().expect("piped stderr"));
        let started = Instant::now();
        let port = loop {
            // The file is written by a rename once the server listens: never half-written.
            if let Some(port) = std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|text| text.trim().parse::<u16>().ok())
            {
                break port;
            }
            if let Ok(Some(status)) = child.try_wait() {
                log.wait_closed(Duration::from_secs(5));
                panic!("jobsctl serve exited ({status}): {:?}", log.lines());
            }
            if started.elapsed() > START_TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("jobsctl serve did not listen in time: {:?}", log.lines());
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
            _port_dir: port_dir,
        }
    }

    /// GETs `path` (with its query) over HTTP.
    pub fn get(&self, path: &str) -> Response {
        request(&format!("{}{path}", self.base), "GET")
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `timeout` for the process to exit by itself; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<i32> {
        let mut code = None;
        super::wait_until(timeout, || match self.child.try_wait() {
            Ok(Some(status)) => {
                code = status.code();
                true
            }
            _ => false,
        });
        code
    }

    /// Whether the server printed a line on stderr that satisfies `wanted`, waiting up to
    /// 20 s; shows what it printed if not.
    pub fn logged(&self, wanted: impl Fn(&str) -> bool) -> bool {
        let found = self.log.wait_for(Duration::from_secs(20), wanted);
        if !found {
            eprintln!("server stderr: {:?}", self.log.lines());
        }
        found
    }

    /// Kills the process and returns everything it printed on stderr.
    pub fn kill(&mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log.wait_closed(Duration::from_secs(10));
        self.log.lines()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
