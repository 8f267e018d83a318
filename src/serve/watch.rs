//! watch: turns file-system events into "the sources changed, rebuild now".
//!
//! It watches `content/`, `templates/`, `static/` and `themes/` recursively
//! and the site root non-recursively (an editor that saves `guidegen.toml` by
//! writing a temporary file and renaming it only shows up there). Events are
//! classified before anything acts on them (after Zola's `fs_utils.rs`): only
//! writes, creations, removals and renames count, never reads — guidegen's own
//! reads during a rebuild would otherwise trigger the next rebuild, forever —
//! and editor temp files, the output directory and `target/` are ignored.
//! One save is several events (an editor's temporary file, a rename, a
//! close), so events are coalesced here, straight from notify: the first
//! relevant one marks the sources dirty, and the change is handed over once
//! nothing relevant arrived for `QUIET` (a burst of saves keeps extending
//! it, up to `MAX_WAIT`). notify's own debouncer is not used: it holds every
//! event back for its whole period, which alone would take most of the
//! 100 ms an author may wait for a reload. It never builds, serves or writes.

use crate::base::files::is_ignored_name;
use crate::config::CONFIG_FILE;
use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the sources must stay quiet after an event before a rebuild
/// starts: long enough for an editor's save (temporary file, rename), short
/// enough not to be felt.
pub const QUIET: Duration = Duration::from_millis(15);

/// A stream of events (a checkout, a build writing into `static/`) is
/// handed over at least this often.
const MAX_WAIT: Duration = Duration::from_millis(500);

/// How often the polling fallback looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// How often a waiting watcher checks whether the server is stopping, or
/// whether idle work became possible.
const STOP_CHECK: Duration = Duration::from_millis(50);

/// The directories of a site whose files feed the build.
pub const SOURCE_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

/// Whether an event of this kind can change what a build produces.
pub fn changes_sources(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        // Reading a file may update its access time: that is not a change.
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        // Data, renames (`Name`), permissions and unknown modifications.
        EventKind::Modify(_) => true,
        // A file opened for writing was closed: its new content is complete.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        // Opening, reading, executing, closing after a read: guidegen's own
        // reads during a rebuild look exactly like these.
        EventKind::Access(_) => false,
        // `Any` and `Other` carry no information about a change (a rescan
        // request comes as a flag, handled by the caller).
        EventKind::Any | EventKind::Other => false,
    }
}

/// Whether `path` (absolute, under `root`) is a source of the site: a file
/// or folder under one of `SOURCE_DIRS`, `guidegen.toml`, or one of the
/// source directories themselves. Editor temp files (`.swp`, `~`, `.#…`,
/// hidden files) and anything else in the root (`public/`, `target/`, …) are
/// not.
pub fn is_source_path(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    if parts.len() == 1 {
        return first == CONFIG_FILE || SOURCE_DIRS.contains(&first.as_str());
    }
    if !SOURCE_DIRS.contains(&first.as_str()) || parts.iter().any(|p| p == ".git") {
        return false;
    }
    // Vim creates and deletes a file named 4913 to test that it can write.
    !is_ignored_name(last) && last != "4913"
}

/// A settled batch of changes to the sources.
#[derive(Debug)]
pub struct Changes {
    /// The source paths that changed (absolute), sorted. Empty when notify
    /// lost events and everything must be rebuilt.
    pub paths: Vec<PathBuf>,
    /// When the first of these changes happened (as notify saw it), for the
    /// save-to-reload figure.
    pub since: Instant,
    /// notify lost events (queue overflow): the paths are incomplete.
    pub rescan: bool,
}

/// What `next_changes` hands over.
#[derive(Debug)]
pub enum Next {
    /// The sources changed and then stayed quiet.
    Changes(Changes),
    /// Nothing changed, and the caller said it has other work.
    Idle,
}

/// The native watcher, or the polling one where native events fail.
enum Backend {
    Native(RecommendedWatcher),
    Polling(PollWatcher),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Polling(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.unwatch(path),
            Backend::Polling(d) => d.unwatch(path),
        }
    }
}

/// Watches a site's sources and hands over settled batches of changes.
pub struct SourceWatcher {
    root: PathBuf,
    backend: Backend,
    events: Receiver<notify::Result<Event>>,
    /// The source directories currently watched.
    watched: BTreeSet<PathBuf>,
    /// True when the polling fallback is in use.
    pub polling: bool,
}

impl SourceWatcher {
    /// Starts watching the site at `root` (absolute). Falls back to polling
    /// when native watching cannot be set up (for example when the inotify
    /// watch limit is reached).
    pub fn new(root: &Path) -> Result<SourceWatcher, String> {
        let native = {
            let (tx, rx) = channel();
            RecommendedWatcher::new(tx, notify::Config::default())
                .map_err(|e| e.to_string())
                .and_then(|w| SourceWatcher::start(root, Backend::Native(w), rx, false))
        };
        match native {
            Ok(w) => Ok(w),
            Err(why) => {
                eprintln!(
                    "warning: cannot watch {} natively ({why}); polling every {} ms instead",
                    root.display(),
                    POLL_INTERVAL.as_millis()
                );
                let (tx, rx) = channel();
                let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
                PollWatcher::new(tx, config)
                    .map_err(|e| e.to_string())
                    .and_then(|w| SourceWatcher::start(root, Backend::Polling(w), rx, true))
            }
        }
    }

    fn start(
        root: &Path,
        backend: Backend,
        events: Receiver<notify::Result<Event>>,
        polling: bool,
    ) -> Result<SourceWatcher, String> {
        let mut watcher = SourceWatcher {
            root: root.to_path_buf(),
            backend,
            events,
            watched: BTreeSet::new(),
            polling,
        };
        watcher
            .backend
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| e.to_string())?;
        for dir in SOURCE_DIRS {
            let path = root.join(dir);
            if path.is_dir() {
                watcher
                    .backend
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                watcher.watched.insert(path);
            }
        }
        Ok(watcher)
    }

    /// Blocks until the sources changed and then stayed quiet for `QUIET`,
    /// and returns what changed. While nothing changed, returns `Idle` as
    /// soon as `idle()` says the caller has other work (checked at least
    /// every `STOP_CHECK`). Returns `None` once `stop` is set or the watcher
    /// died.
    pub fn next_changes(&mut self, stop: &AtomicBool, idle: &dyn Fn() -> bool) -> Option<Next> {
        let mut pending: Option<Changes> = None;
        let mut paths = BTreeSet::new();
        // When the sources have been quiet long enough, once dirty.
        let mut deadline: Option<Instant> = None;
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let wait = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()).min(STOP_CHECK),
                // Idle work waits only for events already queued.
                None if idle() => Duration::ZERO,
                None => STOP_CHECK,
            };
            match self.events.recv_timeout(wait) {
                Ok(Ok(event)) => {
                    let now = Instant::now();
                    let rescan = event.need_rescan();
                    let hits: Vec<&PathBuf> = event
                        .paths
                        .iter()
                        .filter(|p| is_source_path(&self.root, p))
                        .collect();
                    if rescan || (changes_sources(&event.kind) && !hits.is_empty()) {
                        paths.extend(hits.into_iter().cloned());
                        let changes = pending.get_or_insert(Changes {
                            paths: Vec::new(),
                            since: now,
                            rescan: false,
                        });
                        changes.rescan |= rescan;
                        let latest = (changes.since + MAX_WAIT).max(now);
                        deadline = Some((now + QUIET).min(latest));
                    }
                }
                Ok(Err(e)) => eprintln!("warning: file watching: {e}"),
                Err(RecvTimeoutError::Timeout) => {
                    if deadline.is_none() && idle() {
                        return Some(Next::Idle);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                if let Some(mut changes) = pending.take() {
                    changes.paths = std::mem::take(&mut paths).into_iter().collect();
                    if changes.rescan {
                        changes.paths.clear();
                    }
                    self.refresh_watches(&changes.paths);
                    return Some(Next::Changes(changes));
                }
                deadline = None;
            }
        }
    }

    /// Keeps one recursive watch on each source directory that exists: a
    /// directory created after startup gets one, and a directory replaced by
    /// a rename is watched again (the old watch followed the old directory).
    fn refresh_watches(&mut self, changed: &[PathBuf]) {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            let watched = self.watched.contains(&path);
            let touched = changed.iter().any(|p| p == &path) || changed.is_empty();
            if path.is_dir() {
                if watched && !touched {
                    continue;
                }
                if watched {
                    let _ = self.backend.unwatch(&path);
                }
                match self.backend.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(path);
                    }
                    Err(e) => {
                        eprintln!("warning: cannot watch {}: {e}", path.display());
                        self.watched.remove(&path);
                    }
                }
            } else if watched {
                let _ = self.backend.unwatch(&path);
                self.watched.remove(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind, RenameMode};

    /// Every `EventKind` notify 8 can produce, with whether it must trigger
    /// a rebuild. A new variant in notify makes the `match` in
    /// `changes_sources` fail to compile, and this list must grow with it.
    fn every_kind() -> Vec<(EventKind, bool)> {
        let mut kinds = vec![(EventKind::Any, false), (EventKind::Other, false)];
        let modes = [
            AccessMode::Any,
            AccessMode::Execute,
            AccessMode::Read,
            AccessMode::Write,
            AccessMode::Other,
        ];
        kinds.push((EventKind::Access(AccessKind::Any), false));
        kinds.push((EventKind::Access(AccessKind::Read), false));
        kinds.push((EventKind::Access(AccessKind::Other), false));
        for mode in modes {
            kinds.push((EventKind::Access(AccessKind::Open(mode)), false));
            let close_write = mode == AccessMode::Write;
            kinds.push((EventKind::Access(AccessKind::Close(mode)), close_write));
        }
        for create in [
            CreateKind::Any,
            CreateKind::File,
            CreateKind::Folder,
            CreateKind::Other,
        ] {
            kinds.push((EventKind::Create(create), true));
        }
        for remove in [
            RemoveKind::Any,
            RemoveKind::File,
            RemoveKind::Folder,
            RemoveKind::Other,
        ] {
            kinds.push((EventKind::Remove(remove), true));
        }
        kinds.push((EventKind::Modify(ModifyKind::Any), true));
        kinds.push((EventKind::Modify(ModifyKind::Other), true));
        for data in [
            DataChange::Any,
            DataChange::Size,
            DataChange::Content,
            DataChange::Other,
        ] {
            kinds.push((EventKind::Modify(ModifyKind::Data(data)), true));
        }
        for meta in [
            MetadataKind::Any,
            MetadataKind::AccessTime,
            MetadataKind::WriteTime,
            MetadataKind::Permissions,
            MetadataKind::Ownership,
            MetadataKind::Extended,
            MetadataKind::Other,
        ] {
            let counts = meta != MetadataKind::AccessTime;
            kinds.push((EventKind::Modify(ModifyKind::Metadata(meta)), counts));
        }
        for rename in [
            RenameMode::Any,
            RenameMode::To,
            RenameMode::From,
            RenameMode::Both,
            RenameMode::Other,
        ] {
            kinds.push((EventKind::Modify(ModifyKind::Name(rename)), true));
        }
        kinds
    }

    #[test]
    fn only_writes_creations_removals_and_renames_trigger_a_rebuild() {
        let kinds = every_kind();
        assert_eq!(kinds.len(), 41, "every notify EventKind is listed once");
        for (kind, expected) in kinds {
            assert_eq!(changes_sources(&kind), expected, "{kind:?}");
        }
    }

    #[test]
    fn reads_never_trigger_a_rebuild() {
        // What a plain `fs::read` of a watched file produces (DEPENDENCIES.md,
        // pitfall 9): reacting to it would rebuild in a loop.
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
        ] {
            assert!(!changes_sources(&kind), "{kind:?}");
        }
    }

    #[test]
    fn sources_are_the_content_templates_static_themes_and_config() {
        let root = Path::new("/site");
        let yes = [
            "guidegen.toml",
            "content",
            "content/playbooks/a.md",
            "content/playbooks/ops",
            "templates/base.html",
            "static/style.css",
            "static/.well-known/security.txt",
            "themes/default/static/style.css",
            "themes",
        ];
        for rel in yes {
            assert!(is_source_path(root, &root.join(rel)), "{rel}");
        }
        let no = [
            "",
            "README.md",
            "Cargo.toml",
            "guidegen.toml~",
            ".guidegen.toml.swp",
            "public",
            "public/index.html",
            "target/debug/guidegen",
            "target",
            "content/playbooks/.a.md.swp",
            "content/playbooks/a.md~",
            "content/playbooks/.#a.md",
            "content/playbooks/#a.md#",
            "content/playbooks/.hidden.md",
            "content/4913",
            "content/.git/index",
            "static/x.tmp",
        ];
        for rel in no {
            assert!(!is_source_path(root, &root.join(rel)), "{rel}");
        }
        assert!(!is_source_path(root, Path::new("/elsewhere/content/a.md")));
    }

    #[test]
    fn a_burst_of_saves_is_handed_over_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let mut watcher = SourceWatcher::new(&root).unwrap();
        let stop = AtomicBool::new(false);
        let writer = {
            let root = root.clone();
            std::thread::spawn(move || {
                for i in 0..20 {
                    std::fs::write(root.join("content/a.md"), format!("{i}")).unwrap();
                    std::thread::sleep(Duration::from_millis(5));
                }
                // An atomic save: write a temp file, rename it over the target.
                std::fs::write(root.join("content/.b.md.swp"), "b").unwrap();
                std::fs::rename(root.join("content/.b.md.swp"), root.join("content/b.md")).unwrap();
            })
        };
        // A deadline: a watcher that never hands the burst over fails the
        // test instead of stalling the suite.
        let first = std::thread::scope(|s| {
            let deadline = s.spawn(|| {
                let started = Instant::now();
                while started.elapsed() < Duration::from_secs(30) {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                stop.store(true, Ordering::Relaxed);
            });
            let first = watcher.next_changes(&stop, &|| false);
            stop.store(true, Ordering::Relaxed);
            let _ = deadline.join();
            first
        });
        let Some(Next::Changes(changes)) = first else {
            panic!("no changes handed over within 30 s");
        };
        writer.join().unwrap();
        assert!(
            changes.paths.contains(&root.join("content/a.md")),
            "{changes:?}"
        );
        // The burst may end just after the first batch settled; at most one
        // more batch follows, and then nothing.
        let started = Instant::now();
        let mut more = Vec::new();
        while started.elapsed() < Duration::from_millis(400) {
            std::fs::read(root.join("content/a.md")).unwrap();
            let stopper = AtomicBool::new(false);
            let quick = std::thread::scope(|s| {
                let h = s.spawn(|| {
                    std::thread::sleep(Duration::from_millis(300));
                    stopper.store(true, Ordering::Relaxed);
                });
                let c = watcher.next_changes(&stopper, &|| false);
                let _ = h.join();
                c
            });
            if let Some(Next::Changes(c)) = quick {
                more.push(c);
            }
        }
        assert!(
            more.len() <= 1,
            "reads or the tail of the burst rebuilt again: {more:?}"
        );
        for c in &more {
            assert!(
                c.paths.iter().all(|p| !p.ends_with(".b.md.swp")),
                "the temp file was reported: {c:?}"
            );
        }
    }
}
