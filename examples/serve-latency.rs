//! Save-to-reload latency of `guidegen serve`, measured from outside, as an
//! author's browser sees it: start the server on a site, connect to its
//! live-reload socket like a page does, then edit one playbook's prose again
//! and again and time each save (the write returning) to the reload message
//! naming that playbook's page arriving.
//!
//! ```sh
//! cargo build --release --bin guidegen --example gen-site --example serve-latency
//! target/release/examples/gen-site --playbooks 10000 --out /tmp/s10k
//! target/release/examples/serve-latency --root /tmp/s10k --edits 20
//! ```
//!
//! `--summary` edits the playbook's summary (front matter) instead of its
//! prose. The playbook is restored afterwards. The server's own line for each
//! rebuild ("Rebuilt in … reload sent … after the save") is printed too.

use futures_util::StreamExt;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

struct Args {
    root: PathBuf,
    edits: usize,
    binary: PathBuf,
    pause: Duration,
    /// Edit the summary in the front matter instead of the prose.
    summary: bool,
}

fn args() -> Args {
    let mut args = Args {
        root: PathBuf::new(),
        edits: 20,
        binary: Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/guidegen"),
        pause: Duration::from_millis(1000),
        summary: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--summary" {
            args.summary = true;
            continue;
        }
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--root" => args.root = value.into(),
            "--edits" => args.edits = value.parse().expect("--edits N"),
            "--binary" => args.binary = value.into(),
            "--pause-ms" => {
                args.pause = Duration::from_millis(value.parse().expect("--pause-ms N"))
            }
            _ => panic!("unknown flag {flag}"),
        }
    }
    assert!(args.root.is_dir(), "--root DIR: a site to serve");
    args
}

/// The first playbook, by path: the file the edits go to.
fn first_playbook(root: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/playbooks"))
        .into_iter()
        .filter_map(|e| e.ok().map(|e| e.into_path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.into_iter().next().expect("a playbook")
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args = args();
    let playbook = first_playbook(&args.root);
    let slug = playbook.file_stem().unwrap().to_str().unwrap().to_string();
    let page = format!("playbooks/{slug}/index.html");
    let original = std::fs::read_to_string(&playbook).unwrap();

    let mut server = Command::new(&args.binary)
        .args(["serve", "--port", "0", "--root"])
        .arg(&args.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start guidegen serve");
    let started = Instant::now();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    let url = loop {
        line.clear();
        if stdout.read_line(&mut line).unwrap() == 0 {
            panic!("guidegen serve exited before serving");
        }
        if let Some(url) = line.trim().strip_prefix("Serving at ") {
            break url.to_string();
        }
    };
    println!(
        "serving in {:.1} s at {url}",
        started.elapsed().as_secs_f64()
    );
    // Edits start once the first build and search index are done.
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let stderr = BufReader::new(server.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if line.starts_with("Built ") {
                println!("  server: {line}");
                if !line.ends_with("indexing search in the background") {
                    let _ = ready_tx.send(());
                }
            } else if line.starts_with("Search index built") {
                println!("  server: {line}");
                let _ = ready_tx.send(());
            } else if line.starts_with("Rebuilt") || line.starts_with("Updated") {
                println!("  server: {line}");
            }
        }
    });
    ready_rx
        .recv_timeout(Duration::from_secs(600))
        .expect("the first build within 10 minutes");
    println!(
        "site and search ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let socket = url.replace("http://", "ws://") + "__guidegen/livereload";
    let (mut ws, _) = tokio_tungstenite::connect_async(&socket)
        .await
        .expect("connect to the live-reload socket");
    let mut latencies = Vec::new();
    for i in 0..args.edits {
        // Let the follow-up work of the last edit settle, as between two
        // saves of an author; drain what it sent.
        let settle = Instant::now() + args.pause;
        while let Ok(Some(_)) = tokio::time::timeout_at(settle.into(), ws.next()).await {}
        let text = if args.summary {
            original.replacen("summary = \"", &format!("summary = \"Edit {i}: "), 1)
        } else {
            format!("{original}\nEdit number {i} of the latency run.\n")
        };
        std::fs::write(&playbook, text).unwrap();
        let saved = Instant::now();
        let latency = loop {
            let message = tokio::time::timeout(Duration::from_secs(120), ws.next())
                .await
                .expect("a reload within 120 s")
                .expect("the socket stays open")
                .expect("a message");
            let Message::Text(text) = message else {
                continue;
            };
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let ours = v["pages"]
                .as_array()
                .is_none_or(|pages| pages.iter().any(|p| p == page.as_str()));
            if v["type"] == "reload" && ours {
                break saved.elapsed();
            }
            if v["type"] == "errors" {
                panic!("the edit failed to build: {text}");
            }
        };
        println!(
            "edit {i:2}: reload after {:.1} ms",
            latency.as_secs_f64() * 1e3
        );
        latencies.push(latency.as_secs_f64() * 1e3);
    }
    std::fs::write(&playbook, &original).unwrap();
    let _ = server.kill();
    let _ = server.wait();
    latencies.sort_by(f64::total_cmp);
    println!(
        "save to reload, {} edits: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        latencies.len(),
        median(&latencies),
        latencies[0],
        latencies[latencies.len() - 1]
    );
}
