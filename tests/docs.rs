//! The docs' commands run: every command in a fenced `sh` block of README.md and docs/*.md
//! is run with bash from a scratch directory (not the repository), with `jobsctl` on the
//! PATH. Where the doc shows the output (the next fenced block is not another command),
//! the output must be what the doc shows. Commands that cannot run in a test are skipped
//! by [`SKIPPED`], by name, never silently.
//!
//! Only the fences are relied on, not the prose: the docs are edited by others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::bin::{Server, stderr_of, stdout_of};
use crate::common::tools::{CURL, require_tool};
use crate::common::{root, sample_json, scratch};

/// Commands that are not run, each with the reason: (a piece of the command, why).
const SKIPPED: &[(&str, &str)] = &[
    // Usage synopses show the flags in brackets; they are not commands.
    (" [--", "a usage synopsis, not a command"),
    // `cargo run --release -- <args>` runs as `jobsctl <args>`; any other cargo command
    // builds (minutes in release) or is this very test run, which CI runs anyway.
    (
        "cargo ",
        "a cargo command: builds or runs the tests themselves (CI runs it)",
    ),
    // Benchmarks and the soak test run for minutes at full load and need wrk.
    ("bench/", "a long benchmark script"),
    ("wrk ", "a load generator run for seconds at full load"),
    // The 1M-record file comes from the generator in release (skipped above), and the
    // server over it cannot start without it.
    ("jobs-1m", "needs the 1M-record file the generator makes"),
    // Installing completions or the manual writes into the user's own directories.
    ("> ~/", "installs into the user's home directory"),
    (">> $PROFILE", "installs into the user's shell profile"),
    ("man -l", "opens a pager"),
];

/// A fenced block: its language and its lines.
struct Block {
    lang: String,
    text: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if let Some(lang) = line.trim_start().strip_prefix("```") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.trim_start().starts_with("```"))
                .collect();
            blocks.push(Block {
                lang: lang.trim().to_owned(),
                text: body.join("\n"),
            });
        }
    }
    blocks
}

/// `line` without a shell comment (`#` at the start of a word, outside quotes).
fn strip_comment(line: &str) -> &str {
    let (mut single, mut double, mut previous) = (false, false, ' ');
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && previous.is_whitespace() => return &line[..i],
            _ => {}
        }
        previous = c;
    }
    line
}

/// The commands of an `sh` block: comments dropped, `\` continuations and indented lines
/// (a synopsis wrapped over lines) joined to the line before.
fn commands(block: &str) -> Vec<String> {
    let mut commands: Vec<String> = Vec::new();
    let mut continued = false;
    for raw in block.lines() {
        let indented = raw.starts_with(char::is_whitespace);
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let (line, continues) = match line.strip_suffix('\\') {
            Some(head) => (head.trim_end(), true),
            None => (line, false),
        };
        match commands.last_mut() {
            Some(last) if continued || indented => {
                last.push(' ');
                last.push_str(line);
            }
            _ => commands.push(line.to_owned()),
        }
        continued = continues;
    }
    commands
}

/// The command as it runs here: `jobsctl` for the ways the docs name the binary.
fn as_run(command: &str) -> String {
    command
        .replace("cargo run --release -- ", "jobsctl ")
        .replace("target/release/jobsctl ", "jobsctl ")
}

/// Why `command` is not run, if it is one of [`SKIPPED`].
fn skip_reason(command: &str) -> Option<&'static str> {
    SKIPPED
        .iter()
        .find(|(piece, _)| command.contains(piece))
        .map(|(_, why)| *why)
}

/// The port a command names: in a URL `127.0.0.1:N`, or `--port N`; 5000 by default.
fn port_of(command: &str) -> u16 {
    let after = |marker: &str| {
        command.split(marker).nth(1).and_then(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
    };
    after("127.0.0.1:")
        .or_else(|| after("--port "))
        .unwrap_or(5000)
}

/// Runs the docs' commands in one directory, with the servers they start.
struct Runner {
    dir: tempfile::TempDir,
    path: String,
    /// Servers started by the doc's `jobsctl serve` commands, by the port the doc gave.
    servers: HashMap<u16, Server>,
    /// Ports whose serve command was skipped: commands using them are skipped too.
    skipped_ports: Vec<u16>,
    /// What ran, for the summary.
    ran: Vec<String>,
    /// The commands whose output was compared with the doc's.
    compared: Vec<String>,
}

impl Runner {
    fn new() -> Runner {
        let dir = scratch();
        let bin = dir.path().join(".bin");
        std::fs::create_dir(&bin).expect("mkdir");
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_jobsctl"), bin.join("jobsctl"))
            .expect("link jobsctl");
        // The examples are there to be run from elsewhere, as a user would.
        std::os::unix::fs::symlink(root().join("examples"), dir.path().join("examples"))
            .expect("link examples");
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        Runner {
            dir,
            path,
            servers: HashMap::new(),
            skipped_ports: Vec::new(),
            ran: Vec::new(),
            compared: Vec::new(),
        }
    }

    /// Puts a sample of the bundled data wherever the command names a relative data file
    /// that is not there (the docs' placeholders such as `path/to/lab/jobs.json`).
    fn provide_data_files(&self, command: &str) {
        let words: Vec<&str> = command.split_whitespace().collect();
        let named = words.iter().enumerate().filter_map(|(i, w)| {
            w.strip_prefix("JOBSCTL_DATA=")
                .or_else(|| (i > 0 && words[i - 1] == "--data").then_some(*w))
        });
        for name in named {
            let path = self.dir.path().join(name);
            if Path::new(name).is_relative() && !path.exists() {
                std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                std::fs::write(&path, sample_json()).expect("write sample data");
            }
        }
    }

    /// Runs one command; its stdout and stderr together, or `None` when it was skipped.
    fn run(&mut self, doc: &str, command: &str) -> Option<String> {
        let port = port_of(command);
        let line = as_run(command);
        if let Some(why) = skip_reason(&line) {
            eprintln!("{doc}: skipped ({why}): {command}");
            if command.contains(" serve") {
                self.skipped_ports.push(port);
            }
            return None;
        }
        let served = self.servers.contains_key(&port);
        if !served && self.skipped_ports.contains(&port) && command.contains("127.0.0.1:") {
            eprintln!("{doc}: skipped (its server is skipped): {command}");
            return None;
        }
        self.provide_data_files(&line);
        self.ran.push(format!("{doc}: {command}"));
        if line.starts_with("jobsctl serve") || line.contains(" jobsctl serve") {
            self.serve(doc, &line, port);
            return Some(String::new());
        }
        let line = match self.servers.get(&port) {
            Some(server) => line.replace(&format!("http://127.0.0.1:{port}"), &server.base),
            None if line.contains("127.0.0.1:") => {
                panic!("{doc}: no serve command before {command} starts port {port}")
            }
            None => line,
        };
        let out = self
            .shell(&format!("{{ {line}\n}} 2>&1"))
            .output()
            .expect("bash");
        assert!(
            out.status.success(),
            "{doc}: `{command}` failed ({}): {}{}",
            out.status,
            stdout_of(&out),
            stderr_of(&out)
        );
        Some(stdout_of(&out))
    }

    /// Starts a `jobsctl serve` command on a free port and checks that it answers.
    fn serve(&mut self, doc: &str, line: &str, port: u16) {
        let line = line.trim_end_matches('&').trim_end();
        let without_port = match line.split_once("--port ") {
            Some((head, tail)) => format!(
                "{head}{}",
                tail.trim_start_matches(|c: char| c.is_ascii_digit())
            ),
            None => line.to_owned(),
        };
        // `exec`, so that the server is the child the guard kills; the guard adds
        // `--port 0 --port-file FILE` as the script's arguments.
        let mut shell = self.shell(&format!("exec {without_port} \"$@\""));
        shell.arg("bash");
        let server = Server::spawn(shell);
        let health = server.get("/health");
        assert_eq!(health.status, 200, "{doc}: {line}: {}", health.text());
        self.servers.insert(port, server);
    }

    fn shell(&self, script: &str) -> Command {
        let mut command = Command::new("bash");
        command
            .args(["-c", script])
            .current_dir(self.dir.path())
            .env("PATH", &self.path)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null());
        command
    }
}

/// Runs every command of `doc` (a path relative to the repository); the commands whose
/// output was compared with the doc's.
fn run_doc(doc: &str) -> Vec<String> {
    let markdown =
        std::fs::read_to_string(root().join(doc)).unwrap_or_else(|e| panic!("{doc}: {e}"));
    let blocks = blocks(&markdown);
    let mut runner = Runner::new();
    for (i, block) in blocks.iter().enumerate() {
        if block.lang != "sh" {
            continue;
        }
        let mut output = String::new();
        let mut ran = Vec::new();
        for command in commands(&block.text) {
            if let Some(out) = runner.run(doc, &command) {
                output.push_str(&out);
                ran.push(command);
            }
        }
        let shown = blocks.get(i + 1).filter(|b| b.lang != "sh");
        if let (Some(shown), false) = (shown, ran.is_empty()) {
            let what = format!("{doc}: {}", ran.join("; "));
            runner.compared.push(what.clone());
            if ran.len() == 1 && ran[0].starts_with("curl ") && ran[0].contains(" -i ") {
                assert_same_response(&what, &shown.text, &output);
            } else {
                assert_same(&what, &shown.text, &output);
            }
        }
    }
    eprintln!("{doc}: ran {:#?}", runner.ran);
    runner.compared
}

/// The docs whose commands run: the README and every docs/*.md.
fn docs() -> Vec<String> {
    let mut docs = vec!["README.md".to_owned()];
    let mut more: Vec<String> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p: PathBuf| format!("docs/{}", p.file_name().expect("name").to_string_lossy()))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

#[test]
fn docs_commands_run_and_show_real_output() {
    if !require_tool("curl", CURL) {
        return;
    }
    let docs = docs();
    let ran: Vec<Vec<String>> = std::thread::scope(|scope| {
        let runs: Vec<_> = docs
            .iter()
            .map(|doc| scope.spawn(move || run_doc(doc)))
            .collect();
        runs.into_iter()
            .map(|run| run.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let compared: Vec<&String> = ran.iter().flatten().collect();
    // The API reference alone has more than ten examples with output, and the README shows
    // collect's; none may vanish unnoticed (say, by a change in how blocks are fenced).
    let api = compared
        .iter()
        .filter(|c| c.starts_with("docs/API.md"))
        .count();
    assert!(
        api >= 10,
        "only {api} outputs of docs/API.md compared: {compared:#?}"
    );
    assert!(
        compared
            .iter()
            .any(|c| c.starts_with("README.md") && c.contains("collect")),
        "{compared:#?}"
    );
}

/// Output as shown: equal JSON, or equal text where a line `...` stands for any lines.
fn assert_same(what: &str, shown: &str, got: &str) {
    if let (Ok(a), Ok(b)) = (
        serde_json::from_str::<serde_json::Value>(shown),
        serde_json::from_str::<serde_json::Value>(got),
    ) {
        assert_eq!(a, b, "{what}");
        return;
    }
    let got = got.replace("\r\n", "\n");
    let got: Vec<&str> = got.trim().lines().map(str::trim_end).collect();
    let shown: Vec<&str> = shown.trim().lines().map(str::trim_end).collect();
    assert!(
        matches_elided(&shown, &got),
        "{what}: the doc shows\n{}\nbut the command printed\n{}",
        shown.join("\n"),
        got.join("\n")
    );
}

/// Whether `got` is `shown`, where a line `...` in `shown` matches any run of lines.
fn matches_elided(shown: &[&str], got: &[&str]) -> bool {
    match shown.split_first() {
        None => got.is_empty(),
        Some((&"...", rest)) => (0..=got.len()).any(|skip| matches_elided(rest, &got[skip..])),
        Some((line, rest)) => got
            .split_first()
            .is_some_and(|(first, more)| first == line && matches_elided(rest, more)),
    }
}

/// `curl -i` output as shown: the status line, the headers the doc lists (but `date` and
/// `content-length`, which vary), and the body.
fn assert_same_response(what: &str, shown: &str, got: &str) {
    let got = got.replace("\r\n", "\n");
    let (got_head, got_body) = got.split_once("\n\n").expect("a head and a body");
    let (shown_head, shown_body) = shown.split_once("\n\n").unwrap_or((shown, ""));
    let mut shown_lines = shown_head.lines();
    let status = shown_lines.next().unwrap_or_default();
    assert_eq!(got_head.lines().next(), Some(status), "{what}: status");
    let got_headers: Vec<String> = got_head.lines().skip(1).map(str::to_lowercase).collect();
    for line in shown_lines {
        let name = line.split(':').next().unwrap_or_default().to_lowercase();
        if ["date", "content-length"].contains(&name.as_str()) {
            continue;
        }
        assert!(
            got_headers.contains(&line.to_lowercase()),
            "{what}: no `{line}` in {got_headers:?}"
        );
    }
    assert_same(what, shown_body, got_body);
}
