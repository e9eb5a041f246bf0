//! Reliability over real HTTP: limits, hostile requests, slow clients, handler bugs,
//! graceful shutdown, and data files that are broken in every way we could think of.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Server, assert_bad_data_file, jobsctl, run, scratch, write_file};

fn error_of(response: &crate::common::Response) -> String {
    response.json()["error"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn limits_give_clear_4xx_json_errors() {
    let server = Server::start(&[]);
    let long = format!("/data?Location={}", "a".repeat(9000));
    let response = server.get(&long);
    assert_eq!(response.status, 414);
    assert!(error_of(&response).contains("the limit is 8192"));

    let many = vec!["Location=a"; 65].join("&");
    let response = server.get(&format!("/data/count?{many}"));
    assert_eq!(response.status, 400);
    assert!(error_of(&response).contains("at most 64 filters"));

    let response = server.get_query("/data/count", &[("Job Title", "(\\w{500}){500}")]);
    assert_eq!(response.status, 400);
    assert!(
        error_of(&response).contains("too large"),
        "{}",
        error_of(&response)
    );

    for path in [
        "/../jobs.json",
        "/data/%2e%2e/jobs.json",
        "/data/..%2f..%2fjobs.json",
        "/jobs.json",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.text().contains("Job Title"), "{path}");
    }
}

#[test]
fn a_huge_header_is_refused() {
    let server = Server::start(&[]);
    let addr = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let header = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    // The server may close before reading everything; either way it must not answer 200.
    let _ = stream.write_all(header.as_bytes());
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer}"
    );
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn a_handler_panic_becomes_a_500_and_the_server_keeps_serving() {
    let mut child = jobsctl()
        .args(["serve", "--port", "0", "--quiet"])
        .env("JOBSCTL_TEST_PANIC_ROUTE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    let base = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("http://"))
                .map(String::from)
        })
        .expect("url");
    std::thread::spawn(move || lines.for_each(drop));
    for _ in 0..6 {
        let response = crate::common::request(&format!("{base}/_panic"), "GET");
        assert_eq!(response.status, 500);
        assert!(error_of(&response).contains("bug in jobsctl"));
    }
    let response = crate::common::request(&format!("{base}/health"), "GET");
    assert_eq!(response.status, 200);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn slow_clients_do_not_block_others() {
    let server = Server::start(&["--quiet"]);
    let addr = server.base.trim_start_matches("http://").to_owned();
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(&addr).expect("connect");
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
fn sigterm_stops_gracefully() {
    let mut server = Server::start(&["--quiet"]);
    let addr = server.base.trim_start_matches("http://").to_owned();
    // A request in flight: the head is sent, the response not read yet.
    let mut in_flight = TcpStream::connect(&addr).expect("connect");
    in_flight
        .write_all(b"GET /data/all HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("send");
    // Give the server time to accept it, so that it is in flight when the signal comes.
    std::thread::sleep(Duration::from_millis(500));
    let pid = server.pid();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    assert!(status.is_ok_and(|s| s.success()));
    let mut body = Vec::new();
    in_flight
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    in_flight.read_to_end(&mut body).expect("read");
    assert!(
        body.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&body[..body.len().min(200)])
    );
    let exited = server.wait_exit(Duration::from_secs(20));
    assert_eq!(exited, Some(0));
    assert!(
        TcpStream::connect(&addr).is_err(),
        "still accepting connections"
    );
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
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if is_root {
        eprintln!("skipping the unreadable-file case: root can read any file");
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000))
            .expect("chmod");
        let out = run(&["serve", "--data", unreadable.to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied"));
    }
}

#[test]
fn binding_all_interfaces_warns() {
    let local = Server::start(&["--quiet"]);
    assert!(!local.base.contains("0.0.0.0"));
    assert!(local.base.starts_with("http://127.0.0.1:"));
    let open = Server::start(&["--quiet", "--host", "0.0.0.0"]);
    assert!(open.logged(|l| l.contains("warning: listening on all interfaces")));
}
