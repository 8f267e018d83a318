//! Load run for `guidegen serve` (issue 7): 200 keep-alive HTTP connections
//! and 50 live-reload WebSocket clients on loopback for 30 s while a content
//! file changes every 2 s. Reports requests, error responses, dropped sockets,
//! and the server's resident memory, threads and open file descriptors over
//! the run (from /proc), so leaks show as numbers that do not come back down.
//!
//! ```sh
//! cargo build && cargo run --example serve-load -- [--secs 30] [--http 200] [--ws 50] [--root SITE]
//! ```
//! The server is `target/<profile>/guidegen` beside this example (or
//! `$GUIDEGEN_BIN`); the site is a temporary copy of this repository's guide
//! unless `--root` names one (it is edited: use a copy). Exit code 1 when any
//! request failed. Every loop is bounded by the run's deadline.

use futures_util::StreamExt;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    ok: AtomicU64,
    expected_404: AtomicU64,
    error_status: AtomicU64,
    io_errors: AtomicU64,
    bytes: AtomicU64,
    ws_messages: AtomicU64,
    ws_reloads: AtomicU64,
    ws_dropped: AtomicU64,
    edits: AtomicU64,
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// VmRSS (KiB), threads and open descriptors of a process.
fn proc_stats(pid: u32) -> (u64, u64, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count());
    (field("VmRSS:"), field("Threads:"), fds)
}

/// Reads one HTTP/1.1 response with a Content-Length; returns its status.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    buf.clear();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(bad("closed"));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status = head
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no status"))?;
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| bad("no content-length"))?;
    let mut have = buf.len() - head_end;
    while have < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(bad("truncated body"));
        }
        have += n;
    }
    Ok(status)
}

const PATHS: &[&str] = &[
    "/",
    "/regions/",
    "/case-studies/",
    "/search/",
    "/sitemap.xml",
    "/robots.txt",
    "/__guidegen/livereload.js",
    "/does-not-exist/",
];

async fn http_client(
    port: u16,
    paths: Arc<Vec<String>>,
    seed: usize,
    deadline: Instant,
    c: Arc<Counters>,
) {
    let mut buf = Vec::with_capacity(64 * 1024);
    let mut i = seed;
    while Instant::now() < deadline {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)).await else {
            c.io_errors.fetch_add(1, Relaxed);
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        // Keep-alive: many requests per connection until an error.
        while Instant::now() < deadline {
            let path = &paths[i % paths.len()];
            i += 7;
            let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
            c.requests.fetch_add(1, Relaxed);
            let outcome = match stream.write_all(request.as_bytes()).await {
                Ok(()) => {
                    tokio::time::timeout(
                        Duration::from_secs(20),
                        read_response(&mut stream, &mut buf),
                    )
                    .await
                }
                Err(e) => Ok(Err(e)),
            };
            match outcome {
                Ok(Ok(status)) => {
                    c.bytes.fetch_add(buf.len() as u64, Relaxed);
                    match status {
                        200..=399 => c.ok.fetch_add(1, Relaxed),
                        404 if path.starts_with("/does-not-exist") => {
                            c.expected_404.fetch_add(1, Relaxed)
                        }
                        _ => {
                            eprintln!("error response {status} for {path}");
                            c.error_status.fetch_add(1, Relaxed)
                        }
                    };
                }
                _ => {
                    c.io_errors.fetch_add(1, Relaxed);
                    break;
                }
            }
        }
    }
}

async fn ws_client(port: u16, deadline: Instant, c: Arc<Counters>, up: Arc<AtomicU64>) {
    let url = format!("ws://127.0.0.1:{port}/__guidegen/livereload");
    let Ok((mut socket, _)) = tokio_tungstenite::connect_async(url).await else {
        c.ws_dropped.fetch_add(1, Relaxed);
        return;
    };
    up.fetch_add(1, Relaxed);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match tokio::time::timeout(left, socket.next()).await {
            Err(_) => break, // the run is over
            Ok(Some(Ok(message))) => {
                c.ws_messages.fetch_add(1, Relaxed);
                if message.to_text().is_ok_and(|t| t.contains("\"reload\"")) {
                    c.ws_reloads.fetch_add(1, Relaxed);
                }
            }
            Ok(_) => {
                c.ws_dropped.fetch_add(1, Relaxed);
                return;
            }
        }
    }
    let _ = socket.close(None).await;
}

fn main() {
    let secs: u64 = arg("--secs").and_then(|v| v.parse().ok()).unwrap_or(30);
    let http: usize = arg("--http").and_then(|v| v.parse().ok()).unwrap_or(200);
    let ws: usize = arg("--ws").and_then(|v| v.parse().ok()).unwrap_or(50);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let _tmp;
    let root: PathBuf = match arg("--root") {
        Some(r) => PathBuf::from(r),
        None => {
            _tmp = tempfile::tempdir().expect("temp dir");
            let root = _tmp.path().join("site");
            std::fs::create_dir_all(&root).expect("mkdir");
            std::fs::copy(repo.join("guidegen.toml"), root.join("guidegen.toml")).expect("config");
            for sub in ["content", "themes", "templates", "static"] {
                if repo.join(sub).is_dir() {
                    copy_tree(&repo.join(sub), &root.join(sub));
                }
            }
            root
        }
    };
    let bin = std::env::var_os("GUIDEGEN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().expect("current exe");
            exe.parent()
                .and_then(Path::parent)
                .expect("target dir")
                .join("guidegen")
        });
    let mut server = Command::new(&bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    let pid = server.id();
    let mut lines = BufReader::new(server.stdout.take().expect("stdout")).lines();
    let line = lines
        .next()
        .and_then(Result::ok)
        .expect("a `Serving at` line");
    let port: u16 = line
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    let idle = proc_stats(pid);
    println!(
        "server pid {pid} on port {port}; idle: RSS {} KiB, {} threads, {} fds",
        idle.0, idle.1, idle.2
    );

    // Every page of the site, plus the fixed paths.
    let mut paths: Vec<String> = PATHS.iter().map(|s| s.to_string()).collect();
    for sub in ["playbooks", "case-studies", "regions"] {
        if let Ok(dir) = std::fs::read_dir(root.join("content").join(sub)) {
            for entry in dir.flatten() {
                if let Some(stem) = entry.path().file_stem().and_then(|s| s.to_str()) {
                    if entry.path().is_file() {
                        paths.push(format!("/{sub}/{stem}/"));
                    }
                }
            }
        }
    }
    let paths = Arc::new(paths);
    let counters = Arc::new(Counters::default());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let deadline = Instant::now() + Duration::from_secs(secs);
    let done = Arc::new(AtomicBool::new(false));
    let ws_up = Arc::new(AtomicU64::new(0));

    // Edit a page every 2 s: each save rebuilds and reloads every client.
    let editor = {
        let page = root.join("content/pages/about.md");
        let original = std::fs::read_to_string(&page).expect("content/pages/about.md");
        let (c, done) = (counters.clone(), done.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !done.load(Relaxed) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_secs(2));
                n += 1;
                let _ = std::fs::write(&page, format!("{original}\nEdit {n} of the load run.\n"));
                c.edits.fetch_add(1, Relaxed);
            }
            let _ = std::fs::write(&page, original);
        })
    };
    // Sample the server every 500 ms.
    let sampler = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut samples = Vec::new();
            let start = Instant::now();
            while !done.load(Relaxed) {
                samples.push((start.elapsed().as_secs_f64(), proc_stats(pid)));
                std::thread::sleep(Duration::from_millis(500));
            }
            samples
        })
    };
    runtime.block_on(async {
        let mut tasks = Vec::new();
        for i in 0..ws {
            tasks.push(tokio::spawn(ws_client(
                port,
                deadline,
                counters.clone(),
                ws_up.clone(),
            )));
            if i % 10 == 9 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        for i in 0..http {
            tasks.push(tokio::spawn(http_client(
                port,
                paths.clone(),
                i,
                deadline,
                counters.clone(),
            )));
        }
        for t in tasks {
            let _ = tokio::time::timeout(Duration::from_secs(secs + 60), t).await;
        }
    });
    drop(runtime);
    done.store(true, Relaxed);
    let _ = editor.join();
    let samples = sampler.join().expect("sampler");
    // Give the server a moment to drop the closed connections, then look again.
    std::thread::sleep(Duration::from_secs(3));
    let after = proc_stats(pid);
    let _ = server.kill();
    let _ = server.wait();

    let c = &counters;
    let peak_rss = samples.iter().map(|s| s.1 .0).max().unwrap_or(0);
    let peak_threads = samples.iter().map(|s| s.1 .1).max().unwrap_or(0);
    let peak_fds = samples.iter().map(|s| s.1 .2).max().unwrap_or(0);
    let rss_at = |t: f64| samples.iter().find(|s| s.0 >= t).map_or(0, |s| s.1 .0);
    let errors =
        c.error_status.load(Relaxed) + c.io_errors.load(Relaxed) + c.ws_dropped.load(Relaxed);
    println!(
        "run: {secs} s, {http} HTTP connections, {ws} live-reload clients ({} connected), {} edits",
        ws_up.load(Relaxed),
        c.edits.load(Relaxed)
    );
    println!(
        "requests: {} ({:.0}/s), ok {}, expected 404 {}, error responses {}, I/O errors {}, {:.1} MB received",
        c.requests.load(Relaxed),
        c.requests.load(Relaxed) as f64 / secs as f64,
        c.ok.load(Relaxed),
        c.expected_404.load(Relaxed),
        c.error_status.load(Relaxed),
        c.io_errors.load(Relaxed),
        c.bytes.load(Relaxed) as f64 / 1e6
    );
    println!(
        "live reload: {} messages, {} reloads, {} sockets dropped",
        c.ws_messages.load(Relaxed),
        c.ws_reloads.load(Relaxed),
        c.ws_dropped.load(Relaxed)
    );
    println!(
        "server RSS KiB: idle {}, at 5 s {}, at {} s {}, peak {}, after {}",
        idle.0,
        rss_at(5.0),
        secs,
        rss_at(secs as f64 - 1.0),
        peak_rss,
        after.0
    );
    println!(
        "server threads: idle {}, peak {peak_threads}, after {}",
        idle.1, after.1
    );
    println!(
        "server open fds: idle {}, peak {peak_fds}, after {} (connections and tasks released)",
        idle.2, after.2
    );
    if errors > 0 {
        std::process::exit(1);
    }
}
