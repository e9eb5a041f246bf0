//! What one connection can make the real server hold, over a real TCP socket: a body sent
//! with a GET is read at most a little and then the connection is closed, and a client
//! that pipelines requests and reads nothing holds a bounded amount of answers.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::common::FIXTURE;
use crate::common::bin::Server;

/// How much of an endless body the server may accept before it closes the connection: what
/// jobsctl reads (64 KiB), actix-web's buffers (160 KiB), and what the two kernels buffer
/// (the server's receive buffer, 128 KiB to start with, and the client's send buffer of
/// 64 KiB). 136 to 279 KiB were accepted on loopback; without the bound, the server reads
/// forever.
const MAX_BODY_BYTES_ACCEPTED: usize = 1 << 20;

/// The client's socket send buffer (Linux doubles it).
const CLIENT_SEND_BUFFER: usize = 32 << 10;

/// Where the test gives up writing: well past [`MAX_BODY_BYTES_ACCEPTED`].
const GIVE_UP_AFTER: usize = 64 << 20;

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(server.base.trim_start_matches("http://")).expect("connect");
    // A small send buffer, so that what the server accepted is mostly what it read.
    socket2::SockRef::from(&stream)
        .set_send_buffer_size(CLIENT_SEND_BUFFER)
        .expect("send buffer");
    // Safety bounds, not assertions: a server that stops reading but keeps the connection
    // open makes a write time out, which fails the test below.
    stream
        .set_write_timeout(Some(Duration::from_secs(20)))
        .expect("write timeout");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("read timeout");
    stream
}

/// Reads what the server sends until it closes the connection (a reset counts as closed:
/// it closed with the client's bytes unread).
fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut answer = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return answer,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return answer,
            Err(e) => panic!(
                "the server neither answered nor closed: {e}; read so far: {:?}",
                String::from_utf8_lossy(&answer)
            ),
        }
    }
}

/// A GET or HEAD whose body never ends (chunked, or with a huge `Content-Length`) gets its
/// 413 and the connection closed after a bounded number of bytes; the server keeps serving.
#[test]
fn an_endless_chunked_body_on_a_get_is_cut_off() {
    let (_dir, server) = Server::over(FIXTURE, &["--quiet"]);
    let mut chunk = b"4000\r\n".to_vec();
    chunk.extend(std::iter::repeat_n(b'x', 0x4000));
    chunk.extend_from_slice(b"\r\n");
    for (head, chunk) in [
        (
            "GET /health HTTP/1.1\r\nTransfer-Encoding: chunked",
            &chunk[..],
        ),
        (
            "HEAD /data HTTP/1.1\r\nTransfer-Encoding: chunked",
            &chunk[..],
        ),
        (
            "GET /health HTTP/1.1\r\nContent-Length: 1000000000000",
            &[b'x'; 0x4000][..],
        ),
    ] {
        let accepted = send_until_closed(&server, head, chunk);
        assert!(
            accepted <= MAX_BODY_BYTES_ACCEPTED,
            "{head}: the server accepted {accepted} bytes of body before closing"
        );
    }
    assert_eq!(server.get("/health").status, 200);
}

/// Sends `head` and then `piece` after `piece` until the server closes the connection;
/// checks that it answered 413 and closed, and returns how many bytes it accepted.
fn send_until_closed(server: &Server, head: &str, piece: &[u8]) -> usize {
    let mut stream = connect(server);
    stream
        .write_all(format!("{head}\r\nHost: x\r\n\r\n").as_bytes())
        .expect("request head");
    let mut accepted = 0;
    let stopped = loop {
        if accepted >= GIVE_UP_AFTER {
            break None;
        }
        match stream.write(piece) {
            Ok(n) => accepted += n,
            Err(e) => break Some(e),
        }
    };
    let Some(stopped) = stopped else {
        panic!("{head}: the server read {accepted} bytes of body and kept reading");
    };
    assert!(
        matches!(
            stopped.kind(),
            ErrorKind::BrokenPipe | ErrorKind::ConnectionReset
        ),
        "{head}: after {accepted} bytes the server neither closed nor kept reading: {stopped}"
    );
    let answer = read_until_closed(&mut stream);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{head}: {answer}");
    assert!(answer.contains("connection: close"), "{head}: {answer}");
    if head.starts_with("GET") {
        assert!(answer.contains("takes no body"), "{head}: {answer}");
    }
    accepted
}

/// Reads one answer with a `content-length` from `stream`.
fn read_answer(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("answer head");
        answer.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&answer).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no content-length: {head}"));
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("answer body");
    answer.extend(body);
    String::from_utf8_lossy(&answer).into_owned()
}

/// A small body is read to its end and refused; the connection stays open and answers the
/// next request.
#[test]
fn a_small_body_on_a_get_is_refused_and_the_connection_kept() {
    let (_dir, server) = Server::over(FIXTURE, &["--quiet"]);
    let mut stream = connect(&server);
    for body in [
        "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "Content-Length: 5\r\n\r\nhello",
    ] {
        let request = format!("GET /health HTTP/1.1\r\nHost: x\r\n{body}");
        stream.write_all(request.as_bytes()).expect("request");
        let answer = read_answer(&mut stream);
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(!answer.contains("connection: close"), "{answer}");
    }
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("request");
    let answer = read_answer(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// The bytes the kernel holds unsent on the server's established connections from local
/// `port` (`tx_queue` in /proc/net/tcp).
fn unsent_bytes(port: u16) -> u64 {
    let table = std::fs::read_to_string("/proc/net/tcp").expect("read /proc/net/tcp");
    let local = format!(":{port:04X}");
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let (address, state, queues) = (columns.get(1)?, columns.get(3)?, columns.get(4)?);
            (address.ends_with(&local) && *state == "01")
                .then(|| u64::from_str_radix(queues.split(':').next()?, 16).ok())?
        })
        .sum()
}

/// A client that pipelines 32 requests for 370 KB answers and reads nothing makes the
/// server's kernel hold at most about 128 KiB unsent for it (2.7 MB without the bound).
#[test]
fn a_client_that_pipelines_and_reads_nothing_holds_little() {
    let server = Server::start(&["--quiet"]);
    let port: u16 = server
        .base
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    // A small receive window, set before connecting, as a client that never reads has.
    socket.set_recv_buffer_size(4096).expect("receive buffer");
    let address: std::net::SocketAddr = server
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("address");
    socket.connect(&address.into()).expect("connect");
    let mut stream = TcpStream::from(socket);
    let request = "GET /data?Key%20Skills=Python HTTP/1.1\r\nHost: x\r\n\r\n".repeat(32);
    stream.write_all(request.as_bytes()).expect("requests");
    // Wait until the server has queued all it will: the same reading five times in a row.
    let mut readings = Vec::new();
    crate::common::wait_until(Duration::from_secs(30), || {
        readings.push(unsent_bytes(port));
        std::thread::sleep(Duration::from_millis(100));
        readings.len() > 5
            && readings[readings.len() - 5..]
                .windows(2)
                .all(|w| w[0] == w[1] && w[0] > 0)
    });
    let unsent = readings.last().copied().unwrap_or_default();
    assert!(unsent > 0, "the server queued nothing: {readings:?}");
    assert!(
        unsent <= 512 << 10,
        "the server's kernel holds {unsent} bytes unsent for one client"
    );
    drop(stream);
}
