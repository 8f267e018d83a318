//! `guidegen serve` against hostile clients (issue 7), short and bounded:
//! path traversal in every encoding, malformed HTTP requests and malformed
//! WebSocket frames. Each is answered with a 4xx or a closed connection, and
//! the server keeps serving everyone else. The long load run is
//! `examples/serve-load.rs`.

mod util;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use util::TestSite;

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_guidegen"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("a `Serving at` line");
        let port = line
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Server { child, port }
    }

    /// Sends `request` byte for byte and reads one whole response, or until
    /// the server closes. With `then_close`, the sending half is closed after
    /// the request so the server sees it end there. Returns the status (0
    /// when the server closed without answering) and the text. Panics when
    /// the server neither answers nor closes within 10 s.
    fn raw(&self, request: &[u8], then_close: bool) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        // The server may close before reading everything: that is fine.
        let _ = stream.write_all(request);
        if then_close {
            let _ = stream.shutdown(Shutdown::Write);
        }
        let mut raw = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    raw.extend_from_slice(&buf[..n]);
                    if response_is_complete(&raw) {
                        break;
                    }
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    panic!(
                        "the server neither answered nor closed within 10 s; got {:?}",
                        String::from_utf8_lossy(&raw)
                    )
                }
                // A reset after a refused request ends it like a close.
                Err(_) => break,
            }
        }
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text
            .strip_prefix("HTTP/1.1 ")
            .and_then(|r| r.get(..3))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, text)
    }

    fn get(&self, target: &str) -> (u16, String) {
        let port = self.port;
        self.raw(
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
            false,
        )
    }

    /// The server still answers a plain request.
    #[track_caller]
    fn assert_alive(&self) {
        let (status, text) = self.get("/");
        assert_eq!(status, 200, "the server stopped serving:\n{text}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const SECRETS: [&str; 5] = [
    "[package]",
    "base_url",
    "root:x:0",
    "pillar =",
    "SECRET-OUTSIDE",
];

#[test]
fn traversal_in_every_encoding_gets_404() {
    let site = TestSite::new("minimal");
    let outside = site.root.parent().unwrap().join("outside.txt");
    std::fs::write(&outside, "SECRET-OUTSIDE").unwrap();
    let server = Server::start(&site);
    let abs = outside.to_string_lossy().to_string();
    let targets = [
        "/../outside.txt",
        "/./../outside.txt",
        "/%2e%2e/outside.txt",
        "/%2E%2E/outside.txt",
        "/.%2e/outside.txt",
        "/%2e./outside.txt",
        "/%252e%252e/outside.txt",
        "/%252e%252e%252foutside.txt",
        "/..%2foutside.txt",
        "/..%2Foutside.txt",
        "/..%252foutside.txt",
        "/%c0%ae%c0%ae/outside.txt",
        "/%c0%ae%c0%ae%c0%afoutside.txt",
        "/%e0%80%ae%e0%80%ae/outside.txt",
        "/%uff0e%uff0e/outside.txt",
        "/\u{ff0e}\u{ff0e}/outside.txt",
        "/..\\outside.txt",
        "/%2e%2e%5coutside.txt",
        "/..%5c..%5cguidegen.toml",
        "/regions/..\\..\\guidegen.toml",
        "/..;/outside.txt",
        "/.../outside.txt",
        "//etc/passwd",
        "///etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        &abs,
        &format!("/{abs}"),
        &format!("/%2f{}", abs.trim_start_matches('/')),
        "/../../../../../../etc/passwd",
        "/regions/%2e%2e/%2e%2e/guidegen.toml",
        "/guidegen.toml",
        "/content/pages/about.md",
        "/index.html%00.md",
        "/%00",
        "/%",
        "/%zz",
        "/%ff%fe",
    ];
    for target in targets {
        let (status, text) = server.get(target);
        // Every one reaches the router and is not found; none leaks.
        assert_eq!(status, 404, "{target:?}: status {status}\n{text}");
        for secret in SECRETS {
            assert!(!text.contains(secret), "{target:?} leaked {secret}");
        }
    }
    // Absolute-form and other request targets a proxy would send.
    let port = server.port;
    for target in [
        format!("http://127.0.0.1:{port}/../outside.txt"),
        format!("http://127.0.0.1:{port}/%2e%2e/outside.txt"),
        "file:///etc/passwd".to_string(),
        "*".to_string(),
        "../outside.txt".to_string(),
        "C:\\Windows\\win.ini".to_string(),
    ] {
        let (status, text) = server.get(&target);
        assert!(
            (400..500).contains(&status),
            "{target:?}: status {status}\n{text}"
        );
        for secret in SECRETS {
            assert!(!text.contains(secret), "{target:?} leaked {secret}");
        }
    }
    server.assert_alive();
}

#[test]
fn malformed_http_requests_are_rejected_and_the_server_keeps_serving() {
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    let port = server.port;
    let host = format!("Host: 127.0.0.1:{port}\r\n");
    let long_header = format!(
        "GET / HTTP/1.1\r\n{host}X-Long: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\n{host}{}\r\n",
        "X-A: b\r\n".repeat(10_000)
    );
    let long_uri = format!("GET /{} HTTP/1.1\r\n{host}\r\n", "a".repeat(1 << 20));
    // Each with the status it gets, 0 for a connection closed unanswered.
    let cases: Vec<(&str, u16, Vec<u8>)> = vec![
        ("garbage", 400, b"\x00\x01\x02\xff\xfe garbage\r\n\r\n".to_vec()),
        ("no version", 400, b"GET /\r\n\r\n".to_vec()),
        ("bad version", 400, format!("GET / HTTP/9.9\r\n{host}\r\n").into_bytes()),
        ("bad method", 400, format!("G\x01T / HTTP/1.1\r\n{host}\r\n").into_bytes()),
        ("space in target", 400, format!("GET /a b HTTP/1.1\r\n{host}\r\n").into_bytes()),
        // (A request with bare LF line ends is valid to hyper, as RFC 9112
        // allows, and gets the page: not a malformed request.)
        ("header without colon", 400, format!("GET / HTTP/1.1\r\n{host}NoColon\r\n\r\n").into_bytes()),
        ("no host", 403, b"GET / HTTP/1.1\r\n\r\n".to_vec()),
        (
            "bad content length",
400,
            format!("POST / HTTP/1.1\r\n{host}Content-Length: -1\r\n\r\n").into_bytes(),
        ),
        (
            "conflicting lengths",
405,
            format!("POST / HTTP/1.1\r\n{host}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                .into_bytes(),
        ),
        (
            "bad chunk",
405,
            format!("POST / HTTP/1.1\r\n{host}Transfer-Encoding: chunked\r\n\r\nzz\r\n").into_bytes(),
        ),
        ("truncated", 0, format!("GET / HTTP/1.1\r\n{host}").into_bytes()),
        ("long header", 431, long_header.into_bytes()),
        ("many headers", 431, many_headers.into_bytes()),
        ("long target", 431, long_uri.into_bytes()),
        (
            "websocket upgrade without key",
400,
            format!("GET /__guidegen/livereload HTTP/1.1\r\n{host}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .into_bytes(),
        ),
        (
            "websocket bad version",
400,
            format!("GET /__guidegen/livereload HTTP/1.1\r\n{host}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n\r\n")
                .into_bytes(),
        ),
    ];
    for (name, expected, request) in &cases {
        let (status, text) = server.raw(request, *expected == 0);
        // A client error, or (a request cut short) a close: never a page.
        assert_eq!(
            status,
            *expected,
            "{name}: status {status}\n{}",
            text.chars().take(300).collect::<String>()
        );
        server.assert_alive();
    }
    // Methods other than GET and HEAD are refused, not served.
    for method in ["POST", "PUT", "DELETE", "TRACE", "CONNECT", "PROPFIND"] {
        let (status, _) = server.raw(
            format!("{method} / HTTP/1.1\r\n{host}Content-Length: 0\r\nConnection: close\r\n\r\n")
                .as_bytes(),
            false,
        );
        assert_eq!(status, 405, "{method}");
    }
    server.assert_alive();
}

/// RFC 9112 §3.2: a request with more than one `Host` line gets a 400, so
/// that `Host: 127.0.0.1` followed by `Host: evil.example` is never served.
#[test]
fn a_request_with_two_host_headers_is_a_bad_request() {
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    let port = server.port;
    let (status, _) = server.raw(
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
            .as_bytes(),
        false,
    );
    assert_eq!(status, 400);
}

/// Opens the live-reload socket by hand and reads the `hello` frame.
fn raw_socket(server: &Server) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /__guidegen/livereload HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("a handshake response");
        head.push(byte[0]);
    }
    assert!(
        head.starts_with(b"HTTP/1.1 101"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    // The hello: an unmasked text frame with a short payload.
    let mut frame = [0u8; 2];
    stream.read_exact(&mut frame).unwrap();
    assert_eq!(frame[0], 0x81, "a final text frame");
    let mut payload = vec![0u8; usize::from(frame[1] & 0x7f)];
    stream.read_exact(&mut payload).unwrap();
    assert!(String::from_utf8_lossy(&payload).contains("hello"));
    stream
}

/// Whether `raw` holds a whole response: its head and as many body bytes as
/// its `Content-Length` says (a keep-alive server stays silent after it).
fn response_is_complete(raw: &[u8]) -> bool {
    let text = String::from_utf8_lossy(raw);
    let Some(head_end) = text.find("\r\n\r\n") else {
        return false;
    };
    let length = text[..head_end].lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())?
    });
    match length {
        Some(length) => raw.len() >= head_end + 4 + length,
        // Without a length the body ends when the server closes.
        None => false,
    }
}

/// A client frame with the given first byte, masked unless `masked` is false.
fn frame(first: u8, payload: &[u8], masked: bool) -> Vec<u8> {
    let mut out = vec![first];
    let mask_bit = if masked { 0x80 } else { 0 };
    out.push(mask_bit | payload.len() as u8);
    let key = [1u8, 2, 3, 4];
    if masked {
        out.extend_from_slice(&key);
    }
    out.extend(
        payload
            .iter()
            .enumerate()
            .map(|(i, b)| if masked { b ^ key[i % 4] } else { *b }),
    );
    out
}

/// Reads until the server closes the connection (EOF, reset, or a close
/// frame); panics if it stays open past the read timeout.
fn assert_closed(mut stream: TcpStream, name: &str) {
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(n) if buf[..n].contains(&0x88) => return, // a close frame
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                panic!("{name}: the connection stayed open")
            }
            Err(_) => return, // reset
        }
    }
}

#[test]
fn malformed_websocket_frames_close_that_socket_only() {
    let site = TestSite::new("minimal");
    let server = Server::start(&site);
    // A well-behaved client stays connected throughout.
    let mut good = raw_socket(&server);
    let huge_length = {
        let mut f = vec![0x81u8, 0x80 | 127];
        f.extend_from_slice(&u64::MAX.to_be_bytes());
        f.extend_from_slice(&[1, 2, 3, 4]);
        f
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("unmasked frame", frame(0x81, b"hi", false)),
        ("reserved bits", frame(0xF1, b"hi", true)),
        ("reserved opcode", frame(0x83, b"hi", true)),
        ("invalid UTF-8 text", frame(0x81, &[0xff, 0xfe, 0xc0], true)),
        ("fragmented ping", frame(0x09, b"x", true)),
        ("continuation first", frame(0x80, b"x", true)),
        ("oversized ping", {
            let mut f = vec![0x89u8, 0x80 | 126, 0x01, 0x00, 1, 2, 3, 4];
            f.extend(std::iter::repeat_n(0u8, 256));
            f
        }),
        ("64-bit length", huge_length),
        ("garbage", vec![0xff; 64]),
    ];
    for (name, bytes) in cases {
        let mut stream = raw_socket(&server);
        let _ = stream.write_all(&bytes);
        assert_closed(stream, name);
    }
    // The good client is still connected: a ping gets its pong.
    good.write_all(&frame(0x89, b"ok", true)).unwrap();
    let mut reply = [0u8; 4];
    good.read_exact(&mut reply).expect("a pong");
    assert_eq!(&reply, &[0x8A, 2, b'o', b'k']);
    server.assert_alive();
}
