//! The deployment recipe, run: two real `jobsctl serve` replicas behind nginx with
//! `deploy/nginx.conf`, rendered with this test's ports. Answers through nginx are the
//! replicas' own; the cache keeps what jobsctl marks cacheable, keeps codings apart,
//! answers `If-None-Match` and revalidates with the ETag; a killed replica costs no request.

use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::bin::Server;
use crate::common::http::{Response, agent, connect, raw_get};
use crate::common::{root, sample_json, scratch, tools, wait_until};

/// Seconds the replicas let an answer be fresh: short, so that revalidation is seen.
const MAX_AGE: &str = "3";

/// What the replicas' answers are compared on, besides the body.
const SAME_HEADERS: [&str; 5] = [
    "content-type",
    "etag",
    "cache-control",
    "x-total-count",
    "link",
];

/// The nginx binary, or `None` when it is missing (then the test fails in CI, naming the
/// install command, and is skipped elsewhere). It may live in /usr/sbin, outside a user's
/// PATH, so both are looked at here, and `require_tool` is asked only to report its absence.
fn nginx() -> Option<PathBuf> {
    let found = ["nginx", "/usr/sbin/nginx"].into_iter().find(|candidate| {
        Command::new(candidate)
            .arg("-v")
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success())
    });
    match found {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            tools::require_tool("nginx", tools::NGINX);
            None
        }
    }
}

/// Requests in progress at once per client address, as `deploy/nginx.conf` sets it.
const PER_CLIENT: u32 = 64;

/// `deploy/nginx.conf` with its documented strings replaced (only outside comments, where
/// each must appear exactly once): the replicas, nginx's own address, the cache, the log
/// and the requests a client may have in progress at once (`per_client`).
fn render(conf: &str, replicas: [u16; 2], port: u16, dir: &Path, per_client: u32) -> String {
    let replacements = [
        (
            "127.0.0.1:5001".to_owned(),
            format!("127.0.0.1:{}", replicas[0]),
        ),
        (
            "127.0.0.1:5002".to_owned(),
            format!("127.0.0.1:{}", replicas[1]),
        ),
        ("listen 80;".to_owned(), format!("listen 127.0.0.1:{port};")),
        (
            "/var/cache/nginx/jobsctl".to_owned(),
            dir.join("cache").display().to_string(),
        ),
        (
            "/var/log/nginx/jobsctl.access.log".to_owned(),
            dir.join("access.log").display().to_string(),
        ),
        (
            format!("limit_conn jobsctl_per_client {PER_CLIENT};"),
            format!("limit_conn jobsctl_per_client {per_client};"),
        ),
    ];
    let mut found = vec![0; replacements.len()];
    let mut lines = Vec::new();
    for line in conf.lines() {
        let mut line = line.to_owned();
        if !line.trim_start().starts_with('#') {
            for (count, (from, to)) in found.iter_mut().zip(&replacements) {
                *count += line.matches(from.as_str()).count();
                line = line.replace(from.as_str(), to);
            }
        }
        lines.push(line);
    }
    for (count, (from, _)) in found.iter().zip(&replacements) {
        assert_eq!(
            *count, 1,
            "deploy/nginx.conf should hold {from:?} once outside comments (tests/deploy.rs and \
             bench/replicas.sh replace it); update them together"
        );
    }
    lines.join("\n")
}

/// A foreground nginx in a scratch directory, in front of the given replicas; killed on drop.
struct Nginx {
    child: Child,
    /// e.g. `http://127.0.0.1:41234`
    base: String,
    dir: tempfile::TempDir,
}

impl Nginx {
    /// Renders `deploy/nginx.conf` for `replicas` (and `per_client` requests at once from
    /// one address), wraps it in a main-context file of its own (one process, every path in
    /// the scratch directory) and waits until nginx proxies `/health`. A free port is found
    /// by binding port 0 and letting it go; should another process take it in between,
    /// nginx fails to bind and another port is tried.
    fn start(binary: &Path, replicas: [u16; 2], per_client: u32) -> Nginx {
        let conf = std::fs::read_to_string(root().join("deploy/nginx.conf")).expect("read conf");
        for _ in 0..3 {
            let dir = scratch();
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let site = dir.path().join("jobsctl.conf");
            std::fs::write(&site, render(&conf, replicas, port, dir.path(), per_client))
                .expect("write site");
            std::fs::create_dir_all(dir.path().join("logs")).expect("logs dir");
            let path = |name: &str| dir.path().join(name).display().to_string();
            let main = format!(
                "daemon off;\nmaster_process off;\npid {pid};\nerror_log {log} notice;\n\
                 events {{ worker_connections 256; }}\nhttp {{\n\
                 client_body_temp_path {temp}/body;\nproxy_temp_path {temp}/proxy;\n\
                 fastcgi_temp_path {temp}/fastcgi;\nuwsgi_temp_path {temp}/uwsgi;\n\
                 scgi_temp_path {temp}/scgi;\ninclude {site};\n}}\n",
                pid = path("nginx.pid"),
                log = path("error.log"),
                temp = path("temp"),
                site = site.display(),
            );
            std::fs::write(dir.path().join("nginx.conf"), main).expect("write nginx.conf");
            std::fs::create_dir_all(dir.path().join("temp")).expect("temp dir");
            let child = Command::new(binary)
                .arg("-p")
                .arg(dir.path())
                .arg("-c")
                .arg(dir.path().join("nginx.conf"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn nginx");
            let mut nginx = Nginx {
                child,
                base: format!("http://127.0.0.1:{port}"),
                dir,
            };
            // Ours when the answer comes through the rendered file: it adds X-Cache-Status.
            let up = wait_until(Duration::from_secs(20), || {
                matches!(nginx.child.try_wait(), Ok(Some(_)))
                    || agent()
                        .get(format!("{}/health", nginx.base))
                        .call()
                        .is_ok_and(|r| r.headers().contains_key("x-cache-status"))
            });
            if up && matches!(nginx.child.try_wait(), Ok(None)) {
                return nginx;
            }
            let log = nginx.file("error.log");
            assert!(
                log.contains("Address already in use"),
                "nginx did not start: {log}"
            );
        }
        panic!("nginx found no free port in three tries");
    }

    /// GETs `path` through nginx with extra request headers.
    fn get(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        get(&self.base, path, headers)
    }

    /// A file of the scratch directory, as text ("" if missing).
    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // One process (master_process off): killing it leaves nothing behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// GETs `base` + `path` with extra request headers (the body asked for uncompressed unless
/// `headers` says otherwise).
fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = agent().get(format!("{base}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Response::from(request.call().expect("request"))
}

fn port_of(server: &Server) -> u16 {
    server
        .base
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port")
}

#[test]
fn nginx_in_front_of_two_replicas_caches_revalidates_and_fails_over() {
    let Some(binary) = nginx() else { return };
    let args = ["--quiet", "--cache-max-age", MAX_AGE];
    let (_a_data, a) = Server::over(sample_json(), &args);
    let (_b_data, mut b) = Server::over(sample_json(), &args);
    let front = Nginx::start(&binary, [port_of(&a), port_of(&b)], PER_CLIENT);
    let cache_status = |r: &Response| r.header("x-cache-status").unwrap_or("none").to_owned();

    // The same answers through nginx as from either replica, headers included; then a hit.
    let paths = [
        "/data?Location=Seattle&_limit=5&_sort=Id",
        "/data/count?Key%20Skills=Python&_match=token",
        "/data/facets?_field=Location",
        "/data/all",
    ];
    let filled = Instant::now();
    for path in paths {
        let from_a = a.get(path);
        let from_b = b.get(path);
        let first = front.get(path, &[]);
        assert_eq!((from_a.status, first.status), (200, 200), "{path}");
        assert!(
            first.body == from_a.body && from_b.body == from_a.body,
            "{path}"
        );
        for name in SAME_HEADERS {
            assert_eq!(first.header(name), from_a.header(name), "{path}: {name}");
            assert_eq!(from_b.header(name), from_a.header(name), "{path}: {name}");
        }
        assert_eq!(cache_status(&first), "MISS", "{path}");
        let second = front.get(path, &[]);
        assert_eq!(cache_status(&second), "HIT", "{path}");
        assert_eq!(second.body, from_a.body, "{path}");
        assert_eq!(second.header("etag"), from_a.header("etag"), "{path}");
    }

    // What jobsctl does not mark cacheable is never kept: errors and /health.
    for path in ["/data?Bogus=1", "/health"] {
        front.get(path, &[]);
        assert_eq!(cache_status(&front.get(path, &[])), "MISS", "{path}");
    }

    // If-None-Match: answered by nginx from the cache, and for an answer it has not kept yet.
    let cached = paths[0];
    let tag = front
        .get(cached, &[])
        .header("etag")
        .expect("etag")
        .to_owned();
    let not_modified = front.get(cached, &[("If-None-Match", &tag)]);
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());
    let fresh = "/data?Location=Austin&_limit=2";
    let fresh_tag = a.get(fresh).header("etag").expect("etag").to_owned();
    let first_ask = front.get(fresh, &[("If-None-Match", &fresh_tag)]);
    assert_eq!(
        (first_ask.status, cache_status(&first_ask).as_str()),
        (304, "MISS")
    );
    assert_eq!(
        front.get(fresh, &[("If-None-Match", "\"other\"")]).status,
        200
    );

    // Codings are kept apart: a gzip answer cached first is never given to a client that did
    // not ask for it, and each answer names both Accept and Accept-Encoding in one Vary.
    let coded = "/data?Location=Austin&_limit=3";
    let gzip = raw_get(&front.base, coded, "Accept-Encoding: gzip, deflate\r\n");
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert!(gzip.header("etag").is_some_and(|t| t.ends_with("-gzip\"")));
    let plain = raw_get(&front.base, coded, "");
    assert_eq!(
        (plain.status, plain.header("content-encoding")),
        (200, None)
    );
    assert_eq!(cache_status(&plain), "MISS");
    assert_eq!(plain.header("vary"), Some("Accept, Accept-Encoding"));
    let gzip_again = raw_get(&front.base, coded, "Accept-Encoding: gzip\r\n");
    assert_eq!(gzip_again.header("content-encoding"), Some("gzip"));
    assert_eq!(cache_status(&gzip_again), "HIT");

    // Kill one replica mid-way: every request answered 200 (each one new to the cache, so
    // each goes to a replica), and the log shows one sent on to the other replica.
    let started = Instant::now();
    let mut killed_at = None;
    let mut answered = 0;
    while started.elapsed() < Duration::from_millis(2500) {
        if killed_at.is_none() && started.elapsed() > Duration::from_millis(500) {
            b.kill();
            killed_at = Some(answered);
        }
        let path = format!("/data/count?Id={answered}&_match=token");
        let response = front.get(&path, &[]);
        assert_eq!(response.status, 200, "{path}: {}", response.text());
        assert_eq!(cache_status(&response), "MISS", "{path}");
        answered += 1;
    }
    let killed_at = killed_at.expect("the replica was killed");
    assert!(
        killed_at > 0 && answered > killed_at + 10,
        "{killed_at} requests before the kill, {answered} in all"
    );
    let dead = format!("127.0.0.1:{}", port_of(&b));
    let log = front.file("access.log");
    assert!(
        log.lines()
            .any(|l| l.contains(&format!("upstream=\"{dead}, 127.0.0.1:{}\"", port_of(&a)))),
        "no request went on from the killed replica to the other: {log}"
    );

    // Once stale, a cached answer is revalidated with its ETag, and the live replica says
    // 304: it did not fill the cache, but replicas over the same data give the same tags.
    let max_age = Duration::from_secs(MAX_AGE.parse().expect("seconds"));
    std::thread::sleep(max_age.saturating_sub(filled.elapsed()));
    let mut status = String::new();
    let stale = wait_until(Duration::from_secs(5), || {
        status = cache_status(&front.get(cached, &[]));
        status != "HIT"
    });
    assert!(stale, "still a HIT long after max-age");
    assert_eq!(status, "REVALIDATED");
    assert_eq!(a.get("/health").status, 200);
}

#[test]
fn nginx_refuses_a_client_more_requests_at_once_than_its_limit_with_a_json_429() {
    let Some(binary) = nginx() else { return };
    let (_a_data, a) = Server::over(sample_json(), &["--quiet"]);
    let (_b_data, b) = Server::over(sample_json(), &["--quiet"]);
    let front = Nginx::start(&binary, [port_of(&a), port_of(&b)], 2);
    // Two requests held in progress: their headers are read (so they count), and nginx
    // waits for bodies that never come.
    let held: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut stream = connect(&front.base, Duration::from_secs(5));
            stream
                .write_all(b"POST /data HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
                .expect("send a head");
            stream
        })
        .collect();
    let refused = wait_until(Duration::from_secs(10), || {
        front.get("/health", &[]).status == 429
    });
    assert!(refused, "a third request at once was not refused");
    let answer = front.get("/health", &[]);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert!(answer.error().contains("at once"), "{}", answer.error());
    // Once they are gone, the client is served again.
    drop(held);
    let served = wait_until(Duration::from_secs(10), || {
        front.get("/health", &[]).status == 200
    });
    assert!(served, "still refused after the held requests ended");
}
