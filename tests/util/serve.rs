//! `guidegen serve` for tests: the real binary on a site, started on a port
//! it picks (`--port 0`, read back from its first line), its stderr kept for
//! assertions, plain-TCP requests and the live-reload WebSocket.
#![allow(dead_code)]

use super::TestSite;
use futures_util::StreamExt;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a rebuild may take to show up (debug builds, a busy machine).
pub const REBUILD_SECS: u64 = 30;

/// A running `guidegen serve`.
pub struct Server {
    child: Child,
    pub port: u16,
    pub url: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// `guidegen serve --root SITE --port 0`, once its first build and
    /// search index are done.
    pub fn start(site: &TestSite) -> Server {
        Server::start_with(&site.root, &["--port", "0"])
    }

    /// Started with `args`, once its first build and search index are done.
    pub fn start_with(root: &Path, args: &[&str]) -> Server {
        let server = Server::start_early(root, args);
        let first = server.wait_line(&["Built ", "Build failed "]);
        if first.ends_with("indexing search in the background") {
            server.wait_line(&["Search index built in "]);
        }
        server
    }

    /// Waits for a line of stderr that starts with one of `starts`; returns it.
    pub fn wait_line(&self, starts: &[&str]) -> String {
        let started = Instant::now();
        loop {
            let text = self.stderr();
            let found = text
                .lines()
                .find(|line| starts.iter().any(|s| line.starts_with(s)));
            if let Some(line) = found {
                return line.to_string();
            }
            assert!(
                started.elapsed() < Duration::from_secs(REBUILD_SECS),
                "no line starting with {starts:?} on stderr after {REBUILD_SECS} s:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Started with `args`, as soon as it says where it serves: its first
    /// build may still be running.
    pub fn start_early(root: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_guidegen"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("guidegen starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        if let Some(pipe) = child.stderr.take() {
            let stderr = stderr.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut all = stderr.lock().unwrap_or_else(|e| e.into_inner());
                    all.push_str(&line);
                    all.push('\n');
                }
            });
        }
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "no `Serving at` line within 120 s; stderr:\n{}",
                    stderr.lock().unwrap_or_else(|e| e.into_inner())
                );
            }
        };
        let url = line
            .strip_prefix("Serving at ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url}"));
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
            "{url}"
        );
        Server {
            child,
            port,
            url,
            stderr,
        }
    }

    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until stderr holds `needle` at least `count` times.
    pub fn wait_stderr(&self, needle: &str, count: usize) -> String {
        let started = Instant::now();
        loop {
            let text = self.stderr();
            if text.matches(needle).count() >= count {
                return text;
            }
            assert!(
                started.elapsed() < Duration::from_secs(REBUILD_SECS),
                "no {count}× {needle:?} on stderr after {REBUILD_SECS} s:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The number of rebuilds reported so far, good or failed.
    pub fn rebuilds(&self) -> usize {
        let text = self.stderr();
        text.matches("Rebuilt in ").count() + text.matches("Rebuild failed in ").count()
    }

    /// The last rebuild report on stderr.
    pub fn last_rebuild_line(&self) -> String {
        let text = self.stderr();
        text.lines()
            .rev()
            .find(|l| l.starts_with("Rebuilt in ") || l.starts_with("Rebuild failed in "))
            .unwrap_or_default()
            .to_string()
    }

    /// Waits for the rebuild after number `before` to be reported.
    pub fn wait_rebuild(&self, before: usize) -> String {
        let started = Instant::now();
        while self.rebuilds() <= before {
            assert!(
                started.elapsed() < Duration::from_secs(REBUILD_SECS),
                "no rebuild after {REBUILD_SECS} s:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stderr()
    }

    pub fn get(&self, target: &str) -> Reply {
        http_get(self.port, target)
    }

    /// Ctrl-C, and waits (boundedly) for a clean exit.
    pub fn interrupt(mut self) -> i32 {
        let _ = Command::new("kill")
            .arg("-INT")
            .arg(self.child.id().to_string())
            .status();
        let code = wait_exit(&mut self.child, Duration::from_secs(10));
        code.unwrap_or_else(|| panic!("guidegen serve did not stop on Ctrl-C:\n{}", self.stderr()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn wait_exit(child: &mut Child, limit: Duration) -> Option<i32> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status.code().unwrap_or(-1));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// An HTTP response read off the wire.
pub struct Reply {
    pub status: u16,
    /// The header lines, lowercased.
    pub headers: String,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{name}: ");
        self.headers
            .lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .map(str::trim)
    }
}

/// `GET target` sent byte for byte (no client-side path normalisation).
pub fn http_get(port: u16, target: &str) -> Reply {
    http_get_host(port, target, &format!("127.0.0.1:{port}"))
}

/// `GET target` with the given `Host` header.
pub fn http_get_host(port: u16, target: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub async fn next_message(socket: &mut Socket) -> serde_json::Value {
    let limit = Duration::from_secs(REBUILD_SECS);
    loop {
        let message = tokio::time::timeout(limit, socket.next())
            .await
            .expect("a live-reload message in time")
            .expect("the socket is open")
            .expect("a valid frame");
        if let tokio_tungstenite::tungstenite::Message::Text(text) = message {
            return serde_json::from_str(&text).expect("JSON");
        }
    }
}

pub async fn connect(server: &Server) -> Socket {
    let url = format!("ws://127.0.0.1:{}/__guidegen/livereload", server.port);
    tokio_tungstenite::connect_async(url)
        .await
        .expect("the live-reload socket accepts")
        .0
}
