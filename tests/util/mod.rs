//! A small harness for the integration tests (after ripgrep's `tests/util.rs`):
//! copy a fixture site into a temporary directory, edit files, run the real
//! `guidegen` binary, and inspect the output tree with an HTML parser.
#![allow(dead_code)]

pub mod browser;
pub mod serve;

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A site in a temporary directory.
pub struct TestSite {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// How long one run of the binary may take before a test calls it a hang
/// (the largest fixture builds in seconds even in a debug build).
pub const RUN_LIMIT: Duration = Duration::from_secs(300);

/// `cmd.output()`, but the child is killed after `limit` and the test
/// panics naming the command: a hang fails its test instead of stalling
/// the suite. A hang detector, not a timing assertion.
pub fn output_within(mut cmd: Command, limit: Duration) -> Output {
    let what = format!("{cmd:?}");
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} still running after {limit:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl TestSite {
    /// A copy of `tests/fixtures/NAME`.
    pub fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_tree(&fixture(name), &root);
        TestSite { _dir: dir, root }
    }

    /// A copy of the repository's own guide (guidegen.toml, content/, themes/).
    pub fn bundled_guide() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::copy(repo.join("guidegen.toml"), root.join("guidegen.toml")).unwrap();
        for sub in ["content", "themes", "templates", "static"] {
            if repo.join(sub).is_dir() {
                copy_tree(&repo.join(sub), &root.join(sub));
            }
        }
        TestSite { _dir: dir, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Replaces the first occurrence of `from` in a file.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Runs `guidegen ARGS` with `--root` set (for commands that take it).
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_bounded(args, RUN_LIMIT, &[])
    }

    /// `run`, but as a child that is killed after `limit`: a hang detector
    /// (it panics naming the command), not a timing assertion. `wrap` runs
    /// the binary through another program first (`setpriv …`), if given.
    pub fn run_bounded(&self, args: &[&str], limit: Duration, wrap: &[&str]) -> Run {
        let bin = env!("CARGO_BIN_EXE_guidegen");
        let mut cmd = match wrap.split_first() {
            Some((program, rest)) => {
                let mut c = Command::new(program);
                c.args(rest).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        cmd.args(args);
        if matches!(args.first(), Some(&"build") | Some(&"check") | Some(&"new")) {
            cmd.arg("--root").arg(&self.root);
        }
        cmd.env_remove("RUST_BACKTRACE").env("NO_COLOR", "1");
        Run::from(output_within(cmd, limit))
    }

    /// Runs the binary as an unprivileged user: as root, through `setpriv`
    /// (root reads any file whatever its mode); otherwise directly.
    #[cfg(unix)]
    pub fn unprivileged(&self) -> Vec<&'static str> {
        use std::os::unix::fs::MetadataExt;
        use std::os::unix::fs::PermissionsExt;
        // A file this process creates is owned by its effective user.
        let probe = self.path("owner-probe");
        std::fs::write(&probe, "").unwrap();
        let root = std::fs::metadata(&probe).unwrap().uid() == 0;
        std::fs::remove_file(&probe).unwrap();
        if root {
            // The user `nobody` must be able to reach the site.
            let mut dir = self.root.clone();
            while let Some(parent) = dir.parent() {
                let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
                std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode | 0o755))
                    .unwrap();
                if parent == std::path::Path::new("/") || parent == std::env::temp_dir() {
                    break;
                }
                dir = parent.to_path_buf();
            }
            for entry in walkdir::WalkDir::new(&self.root) {
                let entry = entry.unwrap();
                let mode = entry.metadata().unwrap().permissions().mode();
                let extra = if entry.file_type().is_dir() {
                    0o755
                } else {
                    0o644
                };
                std::fs::set_permissions(
                    entry.path(),
                    std::fs::Permissions::from_mode(mode | extra),
                )
                .unwrap();
            }
            vec![
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
            ]
        } else {
            vec![]
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Parses an output page given by its path under `public/`.
    pub fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(&format!("public/{rel}")))
    }
}

/// The outcome of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self.no_panic()
    }

    #[track_caller]
    pub fn failure(&self) -> &Self {
        assert_eq!(
            self.code, 1,
            "expected exit code 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self.no_panic()
    }

    #[track_caller]
    pub fn no_panic(&self) -> &Self {
        for text in [&self.stdout, &self.stderr] {
            assert!(
                !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
                "panic:\n{text}"
            );
        }
        self
    }

    /// The `error:` lines of stderr.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect()
    }

    pub fn warnings(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .collect()
    }
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

pub fn text(el: &scraper::ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every file of a tree, as bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Checks every internal `href`/`src` (and its `#fragment`) of every HTML
/// page under `dir`, for a site whose URLs start with `base_path`. Returns the
/// broken ones as "page: link".
pub fn broken_links(dir: &Path, base_path: &str) -> Vec<String> {
    let files = snapshot(dir);
    let mut ids: BTreeMap<String, std::collections::HashSet<String>> = BTreeMap::new();
    let pages: Vec<(&String, Html)> = files
        .iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, Html::parse_document(&String::from_utf8_lossy(v))))
        .collect();
    for (path, html) in &pages {
        let set = select(html, "[id]")
            .iter()
            .filter_map(|e| e.value().attr("id").map(str::to_string))
            .collect();
        ids.insert((*path).clone(), set);
    }
    let mut broken = Vec::new();
    for (path, html) in &pages {
        for el in select(
            html,
            "a[href], link[href], img[src], script[src], source[src], iframe[src]",
        ) {
            let link = el
                .value()
                .attr("href")
                .or(el.value().attr("src"))
                .unwrap_or_default();
            if link.is_empty()
                || link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
            {
                continue;
            }
            let (target, fragment) = link
                .split_once('#')
                .map_or((link, None), |(t, f)| (t, Some(f)));
            let target = target.split('?').next().unwrap_or_default();
            let file = if target.is_empty() {
                Some((*path).clone())
            } else if let Some(abs) = target.strip_prefix(base_path) {
                Some(resolve_file(abs, &files))
            } else if target.starts_with('/') {
                None
            } else {
                let dir_of_page = Path::new(path.as_str())
                    .parent()
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                let joined = normalize(&format!("{dir_of_page}/{target}"));
                Some(resolve_file(&joined, &files))
            };
            let ok = match file {
                Some(f) if files.contains_key(&f) => match fragment {
                    None | Some("") => true,
                    Some(frag) => ids.get(&f).is_some_and(|s| s.contains(frag)),
                },
                _ => false,
            };
            if !ok {
                broken.push(format!("{path}: {link}"));
            }
        }
    }
    broken
}

fn resolve_file(rel: &str, files: &BTreeMap<String, Vec<u8>>) -> String {
    let rel = rel.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if files.contains_key(rel) {
        rel.to_string()
    } else {
        format!("{rel}/index.html")
    }
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') {
        out.push('/');
    }
    out
}
