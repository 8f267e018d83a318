//! Headless Chromium for browser tests, driven over WebDriver (Debian's
//! `chromium` + `chromium-driver`). A missing browser is a loud failure,
//! never a silent skip: CI installs both (`.ci/run`).
#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A chromedriver process and a WebDriver session with headless Chromium.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_string_lossy()
        .split(':')
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.is_file())
}

/// Starts chromedriver on a port of its own choosing (`--port=0`) and
/// returns it with the port it prints, so no port is ever guessed.
fn start_chromedriver(chromedriver: &Path) -> (Child, u16) {
    let mut driver = Command::new(chromedriver)
        .arg("--port=0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let stdout = driver.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // Reads every line so chromedriver never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let started = Instant::now();
    let port = loop {
        let left = Duration::from_secs(20).saturating_sub(started.elapsed());
        let Ok(line) = rx.recv_timeout(left) else {
            break None;
        };
        let port = line
            .strip_prefix("ChromeDriver was started successfully on port ")
            .and_then(|rest| rest.trim_end_matches('.').parse().ok());
        if port.is_some() {
            break port;
        }
    };
    match port {
        Some(port) => (driver, port),
        None => {
            let _ = driver.kill();
            let _ = driver.wait();
            panic!("chromedriver printed no port within 20 s")
        }
    }
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium profile.
    pub async fn start() -> Browser {
        Browser::start_with(&[]).await
    }

    /// `start`, with more Chromium flags (`--force-dark-mode`).
    pub async fn start_with(extra_args: &[&str]) -> Browser {
        let chromium = which("chromium").or_else(|| which("chromium-browser")).unwrap_or_else(|| {
            panic!("browser tests need Chromium: apt-get install -y chromium chromium-driver (CI's .ci/run does this)")
        });
        let chromedriver = which("chromedriver").unwrap_or_else(|| {
            panic!("browser tests need chromedriver: apt-get install -y chromium-driver")
        });
        let (driver, port) = start_chromedriver(&chromedriver);
        let profile = tempfile::tempdir().unwrap();
        let args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
        ]
        .into_iter()
        .map(String::from)
        .chain([format!("--user-data-dir={}", profile.path().display())])
        .chain(extra_args.iter().map(|a| a.to_string()))
        .collect();
        let caps = serde_json::json!({
            "goog:chromeOptions": { "binary": chromium, "args": args }
        });
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("cannot start a Chromium session through chromedriver: {e}"),
            }
        };
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("goto {url}: {e}"));
    }

    /// Waits up to `secs` for `css` to match an element, and returns it.
    pub async fn wait_for(&self, css: &str, secs: u64) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(secs))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css} after {secs} s: {e}"))
    }

    /// Evaluates a JavaScript expression (the body of a function) and returns its value.
    pub async fn eval(&self, body: &str) -> serde_json::Value {
        self.client
            .execute(body, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{body}"))
    }

    /// Polls `body` (a function body returning a boolean) until it is true.
    pub async fn wait_until(&self, body: &str, secs: u64) {
        let started = Instant::now();
        loop {
            if self.eval(body).await == serde_json::Value::Bool(true) {
                return;
            }
            if started.elapsed() > Duration::from_secs(secs) {
                panic!("condition not met after {secs} s: {body}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Ends the session; chromedriver is killed when the value drops.
    /// Evaluates a JavaScript function body; an error (for example while the
    /// page is reloading) is returned instead of failing the test.
    pub async fn try_eval(&self, body: &str) -> Result<serde_json::Value, String> {
        self.client
            .execute(body, vec![])
            .await
            .map_err(|e| e.to_string())
    }

    /// Polls `body` (a function body returning a boolean) until it is true,
    /// across page reloads: a script that fails while the page is being
    /// replaced counts as "not yet".
    pub async fn wait_across_reloads(&self, body: &str, secs: u64) {
        let started = Instant::now();
        let mut last = Ok(serde_json::Value::Null);
        while started.elapsed() < Duration::from_secs(secs) {
            last = self.try_eval(body).await;
            if last == Ok(serde_json::Value::Bool(true)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("condition not met after {secs} s (last result {last:?}): {body}");
    }

    /// Presses `keys` one after another, as a keyboard would, on whatever
    /// has the focus; `modifier` (e.g. `'\u{E009}'`, Control) is held
    /// down around them.
    pub async fn press(&self, modifier: Option<char>, keys: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        if let Some(m) = modifier {
            actions = actions.then(KeyAction::Down { value: m });
        }
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        if let Some(m) = modifier {
            actions = actions.then(KeyAction::Up { value: m });
        }
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("keys {keys:?}: {e}"));
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Serves a directory on a free loopback port (for testing built sites).
/// Returns the base URL, e.g. `http://127.0.0.1:PORT`.
pub async fn serve_dir(dir: &Path) -> String {
    serve_dir_at(dir, "/").await
}

/// Serves a directory under a sub-path such as `/guides/`, as a site with a
/// sub-path `base_url` is published. Returns the server's base URL.
pub async fn serve_dir_at(dir: &Path, sub_path: &str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let files = tower_http::services::ServeDir::new(dir);
    let prefix = sub_path.trim_end_matches('/');
    let app = if prefix.is_empty() {
        axum::Router::new().fallback_service(files)
    } else {
        axum::Router::new().nest_service(prefix, files)
    };
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

/// Serves a directory like `serve_dir` and records the path of every
/// request, in order, for tests of what a page fetches.
pub async fn serve_dir_logged(
    dir: &Path,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = requests.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new()
        .fallback_service(tower_http::services::ServeDir::new(dir))
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                log.lock().unwrap().push(request.uri().path().to_string());
                next.run(request)
            },
        ));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), requests)
}
