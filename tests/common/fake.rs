//! A scripted HTTP server for fault tests: each request gets the reply a closure chooses.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the fake server does with one request.
pub enum Reply {
    /// Answer with a status, a content type and a body.
    Respond(u16, &'static str, String),
    /// A redirect: a status (301, 302, 303, 307, 308) and the `Location` it names.
    Redirect(u16, String),
    /// Say nothing for this long, then close.
    Hang(Duration),
    /// Close the connection without an answer and stop listening: the server has died.
    Die,
}

/// A JSON reply.
pub fn json(status: u16, body: impl Into<String>) -> Reply {
    Reply::Respond(status, "application/json", body.into())
}

/// A running fake server; stops on drop.
pub struct FakeServer {
    /// e.g. `http://127.0.0.1:41234`
    pub base: String,
    /// Request targets (path and query) in arrival order.
    pub requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

impl FakeServer {
    /// Starts a server that answers request number `n` (from 0) for `target` with
    /// `reply(n, target)`.
    pub fn start<F>(reply: F) -> FakeServer
    where
        F: Fn(usize, &str) -> Reply + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let count = Arc::new(AtomicUsize::new(0));
        let reply = Arc::new(reply);
        {
            let (requests, stop) = (Arc::clone(&requests), Arc::clone(&stop));
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (requests, count, reply) = (
                        Arc::clone(&requests),
                        Arc::clone(&count),
                        Arc::clone(&reply),
                    );
                    let died = Arc::clone(&stop);
                    std::thread::spawn(move || serve(stream, &requests, &count, &*reply, &died));
                }
            });
        }
        FakeServer {
            base: format!("http://{addr}"),
            requests,
            stop,
            addr,
        }
    }

    /// The request targets seen so far.
    pub fn seen(&self) -> Vec<String> {
        self.requests.lock().expect("lock").clone()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(
    stream: TcpStream,
    requests: &Mutex<Vec<String>>,
    count: &AtomicUsize,
    reply: &(dyn Fn(usize, &str) -> Reply + Send + Sync),
    died: &AtomicBool,
) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let target = line.split_whitespace().nth(1).unwrap_or("").to_owned();
        // Skip the headers.
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                break;
            }
        }
        let n = count.fetch_add(1, Ordering::SeqCst);
        requests.lock().expect("lock").push(target.clone());
        match reply(n, &target) {
            Reply::Respond(status, content_type, body) => {
                // One write: a head and a body in two small writes would wait out the
                // client's delayed ACK (Nagle), some 40 ms a request.
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                if stream.write_all(answer.as_bytes()).is_err() {
                    return;
                }
            }
            Reply::Redirect(status, location) => {
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"
                );
                if stream.write_all(answer.as_bytes()).is_err() {
                    return;
                }
            }
            Reply::Hang(duration) => {
                std::thread::sleep(duration);
                return;
            }
            Reply::Die => {
                died.store(true, Ordering::SeqCst);
                // Wake the accept loop so that it sees the flag and drops the listener.
                if let Ok(addr) = stream.local_addr() {
                    let _ = TcpStream::connect(addr);
                }
                return;
            }
        }
    }
}

/// The decoded value of query parameter `name` in a request target.
pub fn param(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(&s.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        (decode(k) == name).then(|| decode(v))
    })
}

/// The location or skill a collect request asks about. Scripted servers answer with a
/// count derived from it (such as its length), so each answer is checkable.
pub fn asked_name(target: &str) -> Option<String> {
    param(target, "Location").or_else(|| param(target, "Key Skills"))
}

/// A `{"count": N}` answer where N is the length of the name asked about.
/// A query without a name is collect's first request, for the number of records: 1000.
pub fn count_by_name_length(target: &str) -> Reply {
    let n = asked_name(target).map_or(1000, |v| v.len());
    json(200, format!("{{\"count\": {n}}}"))
}
