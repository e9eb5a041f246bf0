//! The real `jobsctl serve` process, for what only a process or a socket shows: start-up
//! and bad data files, the HTTP layer (HEAD, huge headers, slow clients), a handler panic,
//! logging, live reload, signals and the bind address.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use crate::common::bin::{Server, assert_bad_data_file, jobsctl, run, signal, stderr_of};
use crate::common::http::{connect, raw_exchange, request};
use crate::common::{FIXTURE, arg, scratch, wait_for, write_file};

/// A server over [`FIXTURE`] (starts faster than the bundled data), with `extra` flags.
fn fixture_server(extra: &[&str]) -> (tempfile::TempDir, Server) {
    Server::over(FIXTURE, extra)
}

#[test]
fn bad_files_fail_with_one_line_naming_the_path() {
    let dir = scratch();
    let cases = [
        ("syntax.json", "[{\"Id\": 1,}]", "line 1 column"),
        (
            "object.json",
            "{\n  \"Id\": 1\n}",
            "an object with no array of records",
        ),
        ("scalar.json", "[{\"Id\": 1}, 5]", "record 1"),
        (
            "deep.json",
            &format!(
                "[{{\"Id\": 1, \"Tags\": {}1{}}}]",
                "[".repeat(40),
                "]".repeat(40)
            ),
            "more than 32 levels deep (at \"Tags\")",
        ),
        (
            "clash.json",
            "[{\"a.b\": 1, \"a\": {\"b\": 2}}]",
            "would both be the field \"a.b\"",
        ),
        (
            "truncated.json",
            "[{\"Id\": 1},\n{\"Id\": 2, \"Loc",
            "truncated",
        ),
        ("zero.json", "", "empty"),
    ];
    for (name, text, message) in cases {
        assert_bad_data_file(&write_file(dir.path(), name, text), message);
    }
    let missing = dir.path().join("missing.json");
    let out = run(&["collect", "--data", arg(&missing)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("missing.json") && stderr.contains("No such file"),
        "{stderr}"
    );
    let out = run(&["serve", "--data", arg(dir.path())]);
    assert!(stderr_of(&out).contains("is a directory"));
}

#[test]
fn every_kind_of_broken_file_fails_fast_with_one_line() {
    let dir = scratch();
    let utf8 = dir.path().join("latin1.json");
    std::fs::write(&utf8, b"[{\"Location\": \"Sa\xefo Paulo\"}]").expect("write");
    let garbage = dir.path().join("garbage.json");
    {
        let mut file = std::fs::File::create(&garbage).expect("create");
        let noise: Vec<u8> = (0..1_048_576u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        file.write_all(&noise).expect("write");
        // 1 GB, sparse: refused from the first megabyte without reading the rest.
        file.set_len(1 << 30).expect("grow");
    }
    let truncated = write_file(dir.path(), "truncated.json", "[{\"Id\": 1, \"Loc");
    for (path, message) in [
        (&utf8, "line 1 column"),
        (&garbage, "invalid JSON"),
        (&truncated, "truncated"),
    ] {
        let started = Instant::now();
        assert_bad_data_file(path, message);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }
    let unreadable = write_file(dir.path(), "secret.json", "[]");
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if is_root {
        eprintln!("skipping the unreadable-file case: root can read any file");
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000))
            .expect("chmod");
        let out = run(&["serve", "--data", arg(&unreadable)]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr_of(&out).contains("Permission denied"));
    }
}

#[test]
fn a_huge_header_is_refused() {
    let (_dir, server) = fixture_server(&["--quiet"]);
    let header = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    // The server may close before reading everything; either way it must not answer 200.
    let answer = raw_exchange(&server.base, header.as_bytes());
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer}"
    );
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn slow_clients_do_not_block_others() {
    let (_dir, server) = fixture_server(&["--quiet"]);
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut stream = connect(&server.base, Duration::from_secs(10));
        // Half a request line, never finished.
        let _ = stream.write_all(b"GET /data?Location=Sea");
        slow.push(stream);
    }
    let started = Instant::now();
    let response = server.get("/data/count?Location=Seattle");
    assert_eq!(response.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    drop(slow);
}

#[test]
fn a_client_that_reads_nothing_is_dropped_after_the_idle_timeout() {
    let server = Server::start(&["--quiet", "--idle-timeout", "2"]);
    let addr: std::net::SocketAddr = server
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("address");
    // A small receive buffer, so that the 10 MB of /data/all cannot all be buffered.
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    socket.set_recv_buffer_size(4096).expect("buffer size");
    socket.connect(&addr.into()).expect("connect");
    let mut stream: std::net::TcpStream = socket.into();
    stream
        .write_all(b"GET /data/all HTTP/1.1\r\nHost: test\r\n\r\n")
        .expect("request");
    std::thread::sleep(Duration::from_secs(5));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut got = Vec::new();
    let ended = stream.read_to_end(&mut got);
    // The connection was dropped: reset, or closed long before the 10 MB body was sent.
    assert!(
        ended.is_err() || got.len() < 1_000_000,
        "{ended:?}, {} bytes",
        got.len()
    );
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn starts_on_the_bundled_data_answers_head_and_stops_gracefully_on_sigterm() {
    let mut server = Server::start(&[]);
    assert_eq!(
        server.get("/health").json()["records"],
        crate::common::bundled_records().len()
    );
    // A HEAD answer has no body: the HTTP layer's doing, so it is checked here.
    let head = request(&format!("{}/data/count", server.base), "HEAD");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    // A request in flight: the head is sent, the response not read yet.
    let mut in_flight = connect(&server.base, Duration::from_secs(20));
    in_flight
        .write_all(b"GET /data/all HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("send");
    // The access line is written once the handler has answered: the 10 MB body is then
    // being sent, more than the socket buffers hold, when the signal comes.
    assert!(server.logged(|l| l.contains("GET /data/all 200")));
    signal(server.pid(), "TERM");
    let mut body = Vec::new();
    in_flight.read_to_end(&mut body).expect("read");
    assert!(
        body.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&body[..body.len().min(200)])
    );
    // And it came whole: as many body bytes as the head announced.
    let head_end = body
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of head")
        + 4;
    let head = String::from_utf8_lossy(&body[..head_end]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no content-length in {head}"));
    assert_eq!(body.len() - head_end, length);
    let exited = server.wait_exit(Duration::from_secs(20));
    assert_eq!(exited, Some(0));
    assert!(
        std::net::TcpStream::connect(server.base.trim_start_matches("http://")).is_err(),
        "still accepting connections"
    );
}

#[test]
fn binding_all_interfaces_warns() {
    // By default it listens on loopback only, and says so.
    let (_dir, mut local) = fixture_server(&["--quiet"]);
    assert!(local.logged(|l| l.contains("serving")));
    let local_log = local.kill();
    assert!(
        local_log.iter().any(|l| l.contains(" http://127.0.0.1:"))
            && !local_log.iter().any(|l| l.contains("0.0.0.0")),
        "{local_log:?}"
    );
    let (_dir2, open) = fixture_server(&["--quiet", "--host", "0.0.0.0"]);
    assert!(open.logged(|l| l.contains("warning: listening on all interfaces")));
}

#[test]
fn requests_are_logged_unless_quiet() {
    let (_dir, server) = fixture_server(&[]);
    server.get("/data/count?Location=Austin");
    assert!(
        server.logged(|l| l.contains("GET /data/count?Location=Austin 200") && l.contains("ms"))
    );
    let (_dir2, mut quiet) = fixture_server(&["--quiet"]);
    assert_eq!(quiet.get("/data/count").status, 200);
    // A request's line is written before its answer is sent; everything the server wrote
    // is read once it is gone.
    let log = quiet.kill();
    assert!(!log.iter().any(|l| l.contains("/data/count")), "{log:?}");
}

#[test]
fn watch_reloads_good_edits_and_keeps_data_on_broken_ones() {
    let dir = scratch();
    let path = write_file(dir.path(), "jobs.json", FIXTURE);
    let server = Server::start(&["--data", arg(&path), "--watch"]);
    assert_eq!(server.get("/health").json()["records"], 5);
    // The watcher starts after the port file is written; it has started once the server
    // says it is serving.
    assert!(server.logged(|l| l.contains("serving")));

    // A good edit: written to a temp file and renamed, as editors and generators do.
    let next = write_file(
        dir.path(),
        "next.json",
        r#"[{"Id": 1, "Location": "Reno"}]"#,
    );
    std::fs::rename(&next, &path).expect("rename");
    assert!(
        wait_for(|| server.get("/health").json()["records"] == 1),
        "no reload"
    );
    assert_eq!(server.get("/data/count?Location=Reno").json()["count"], 1);

    // A broken edit: the last good data stays served and the error is logged.
    std::fs::write(&path, r#"[{"Id": 2, "Location": "#).expect("write");
    assert!(server.logged(|l| l.contains("reload failed") && l.contains("jobs.json")));
    assert_eq!(server.get("/health").json()["records"], 1);
    assert_eq!(server.get("/data/count?Location=Reno").json()["count"], 1);

    // And a later good edit is picked up again.
    std::fs::write(&path, r#"[{"Id": 1}, {"Id": 2}, {"Id": 3}]"#).expect("write");
    assert!(
        wait_for(|| server.get("/health").json()["records"] == 3),
        "no second reload"
    );

    // A FIFO moved into place is refused and logged, never opened (an open would block the
    // watcher for good), and a good file moved in after it still loads.
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::fs::rename(&fifo, &path).expect("rename");
    assert!(server.logged(|l| l.contains("reload failed") && l.contains("FIFO")));
    assert_eq!(server.get("/health").json()["records"], 3);
    let last = write_file(dir.path(), "last.json", r#"[{"Id": 9}, {"Id": 8}]"#);
    std::fs::rename(&last, &path).expect("rename");
    assert!(
        wait_for(|| server.get("/health").json()["records"] == 2),
        "no reload after the FIFO"
    );

    // Edits that keep the length and set the modification time back, as `cp -p`,
    // `rsync -t` and `touch -r` do, are seen too: a file renamed into place...
    let modified = std::fs::metadata(&path).and_then(|m| m.modified());
    let modified = modified.expect("modification time");
    let set_back = |file: &std::path::Path| {
        let file = std::fs::File::options().write(true).open(file);
        file.and_then(|f| f.set_modified(modified))
            .expect("set the modification time");
    };
    let twin = write_file(dir.path(), "twin.json", r#"[{"Id": 7}, {"Id": 6}]"#);
    set_back(&twin);
    std::fs::rename(&twin, &path).expect("rename");
    assert!(
        wait_for(|| server.get("/data/count?Id=7").json()["count"] == 1),
        "no reload of a same-size file with the same time renamed into place"
    );
    // ...and the file written in place.
    std::fs::write(&path, r#"[{"Id": 5}, {"Id": 6}]"#).expect("write");
    set_back(&path);
    assert!(
        wait_for(|| server.get("/data/count?Id=5").json()["count"] == 1),
        "no reload of a same-size edit in place with the time set back"
    );
}

#[test]
fn watch_never_serves_a_file_half_written_in_place() {
    let dir = scratch();
    let lines = |range: std::ops::Range<u32>| -> String {
        range
            .map(|i| format!("{{\"Id\": {i}, \"Location\": \"Reno\"}}\n"))
            .collect()
    };
    let path = write_file(dir.path(), "jobs.ndjson", &lines(0..10));
    let mut command = jobsctl();
    // A settle window well past the writer's pause below, so that a busy machine cannot
    // stretch the pause into it.
    command
        .env("JOBSCTL_WATCH_SETTLE_MS", "5000")
        .args(["serve", "--watch", "--data"])
        .arg(&path);
    let server = Server::spawn(command);
    assert!(server.logged(|l| l.contains("serving")));

    // A slow writer rewrites the file in place (the same inode): half of it, a pause at a
    // line boundary over several of the watcher's looks (every 500 ms), then the rest.
    let mut file = std::fs::File::create(&path).expect("rewrite in place");
    file.write_all(lines(0..1500).as_bytes()).expect("write");
    file.sync_data().expect("sync");
    let paused = Instant::now();
    while paused.elapsed() < Duration::from_secs(2) {
        assert_eq!(server.get("/health").json()["records"], 10, "half served");
        std::thread::sleep(Duration::from_millis(100));
    }
    file.write_all(lines(1500..3000).as_bytes()).expect("write");
    drop(file);
    assert!(
        wait_for(|| server.get("/health").json()["records"] == 3000),
        "the finished file was not loaded"
    );
    let log = server.log.lines();
    assert!(!log.iter().any(|l| l.contains("reloaded 1500 ")), "{log:?}");

    // A much smaller file renamed into place loads at once, with a warning.
    let next = write_file(dir.path(), "next.ndjson", &lines(0..5));
    std::fs::rename(&next, &path).expect("rename");
    assert!(server.logged(|l| l.contains("WARN") && l.contains("fewer than half of the 3000")));
    assert_eq!(server.get("/health").json()["records"], 5);
}

#[test]
fn data_files_over_the_size_limit_are_refused_before_they_are_read() {
    let dir = scratch();
    let path = write_file(dir.path(), "jobs.json", FIXTURE);
    let out = run(&[
        "serve",
        "--port",
        "0",
        "--data",
        arg(&path),
        "--max-data-size",
        "64",
    ]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("more than the limit of 64"), "{stderr}");
    assert!(stderr.contains("--max-data-size"), "{stderr}");
    let out = run(&["serve", "--port", "0", "--max-data-size", "lots"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A GET that sends a body is told that no route takes one, and the server still serves.
#[test]
fn a_body_on_a_get_is_refused() {
    let (_dir, server) = fixture_server(&["--quiet"]);
    let sized =
        "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello";
    let answer = raw_exchange(&server.base, sized.as_bytes());
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("takes no body"), "{answer}");
    assert_eq!(server.get("/health").status, 200);
}

/// HEAD sends the headers GET would: the bundled file's `/data/all` is sent as it is, so
/// HEAD gives its real length, not 0.
#[test]
fn head_of_all_gives_the_length_get_sends() {
    let server = Server::start(&["--quiet"]);
    let get = request(&format!("{}/data/all", server.base), "GET");
    let head = request(&format!("{}/data/all", server.base), "HEAD");
    assert_eq!((get.status, head.status), (200, 200));
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str())
    );
}
