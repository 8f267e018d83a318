//! state: the site being served, swapped whole after every rebuild.
//!
//! `LiveSite` holds an `Arc<Snapshot>`: the last good `Site`, its generation
//! and the errors of the last build (if it failed). A request clones the
//! `Arc` once and answers from that snapshot, so it never sees half of a
//! rebuild (the Zola bug #2552 where a reload during a rebuild gets a 404).
//! `publish` compares the new `Site` with the old one, swaps it in and tells
//! the open pages what to do: reload, swap stylesheets, or show the errors.
//! It is state passed around by `Arc`, never a global.

use super::notice::Notice;
use crate::base::diagnostics::Diagnostic;
use crate::base::site::Site;
use crate::render::sink::InMemory;
use crate::routes::is_search_file;
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// What the server answers with at one instant.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The last site that built without errors; `None` until one did.
    pub site: Option<Arc<Site>>,
    /// Counts the swaps of `site` (0 before the first good build). Pages
    /// carry the generation they were served from, to catch a rebuild that
    /// happened before their live-reload connection opened.
    pub generation: u64,
    /// The errors of the last build, empty when it succeeded.
    pub errors: Arc<Vec<Diagnostic>>,
    /// Search-index files of the previous index that the current one no
    /// longer has. Its file names are content hashes, and a page that loaded
    /// the old index before a rebuild still asks for them.
    pub retired: Arc<BTreeMap<String, Bytes>>,
}

/// What a rebuild changed, for the terminal.
#[derive(Debug, PartialEq, Eq)]
pub enum Published {
    /// The new site is being served. `changed` lists the output files
    /// (added, removed or different) and `notice` what the pages were told.
    Swapped {
        changed: Vec<String>,
        notice: Option<Notice>,
    },
    /// The build failed: the previous site is still served.
    Failed { errors: usize },
}

/// The generation of the first good build, and of every page served while
/// it renders (the same bytes it then publishes).
pub const FIRST_GENERATION: u64 = 1;

/// The served site and the channel to every open page.
pub struct LiveSite {
    /// Where the site is served: the path of its `base_url`, `/` or `/sub/`.
    pub base_path: String,
    current: RwLock<Arc<Snapshot>>,
    notices: broadcast::Sender<Notice>,
    /// The first build's pages as they render, until it is published.
    first_pages: RwLock<Option<Arc<InMemory>>>,
    /// Search is on and its first index is still being built.
    search_building: AtomicBool,
}

impl LiveSite {
    /// Starts from the first build, good or not.
    #[cfg(test)]
    pub fn new(site: Option<Arc<Site>>, diagnostics: &[Diagnostic], base_path: String) -> LiveSite {
        let live = LiveSite::building(base_path, None);
        live.set_search_building(false);
        live.publish(site, diagnostics, None);
        live
    }

    /// Starts before the first build is done: its pages are served from
    /// `first_pages` as they render, until it is published.
    pub(crate) fn building(base_path: String, first_pages: Option<Arc<InMemory>>) -> LiveSite {
        let (notices, _) = broadcast::channel(64);
        LiveSite {
            base_path,
            current: RwLock::new(Arc::new(Snapshot::default())),
            notices,
            first_pages: RwLock::new(first_pages),
            search_building: AtomicBool::new(true),
        }
    }

    /// The first build's pages so far, while it runs.
    pub(crate) fn first_pages(&self) -> Option<Arc<InMemory>> {
        self.first_pages
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Stops serving the first build's pages as they render (done by
    /// `publish`; again if the build never got there).
    pub(crate) fn end_first_build(&self) {
        let mut pages = self
            .first_pages
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *pages = None;
    }

    /// The generation a page connecting now is told: while the first build
    /// renders, that of the pages it serves.
    pub fn hello_generation(&self) -> u64 {
        if self.first_pages().is_some() {
            FIRST_GENERATION
        } else {
            self.current().generation
        }
    }

    /// Whether search is on and its first index is not built yet.
    pub fn search_building(&self) -> bool {
        self.search_building.load(Ordering::Acquire)
    }

    pub fn set_search_building(&self, building: bool) {
        self.search_building.store(building, Ordering::Release);
    }

    /// The snapshot to answer from.
    pub fn current(&self) -> Arc<Snapshot> {
        // A panic while holding the lock cannot leave a half-written `Arc`.
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Notices sent from now on. Subscribe before reading `current` so that
    /// nothing published in between is missed.
    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.notices.subscribe()
    }

    /// Tells every open page that the server is going away.
    pub fn shut_down(&self) {
        let _ = self.notices.send(Notice::Shutdown);
    }

    fn swap(&self, snapshot: Snapshot) {
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(snapshot);
    }

    /// Serves the result of a build and tells the open pages. A failed build
    /// keeps the previous site and shows its errors; a good one replaces the
    /// site, and reloads pages (or only their stylesheets) if anything
    /// changed or if they were showing errors. `changed` lists the output
    /// files that differ from the served site's when the caller knows them.
    pub fn publish(
        &self,
        site: Option<Arc<Site>>,
        diagnostics: &[Diagnostic],
        changed: Option<Vec<String>>,
    ) -> Published {
        let previous = self.current();
        // Pages served while the first build rendered are this build's own.
        let served_early = self.first_pages().is_some();
        let Some(site) = site else {
            let errors: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            let count = errors.len();
            let errors = Arc::new(errors);
            self.swap(Snapshot {
                site: previous.site.clone(),
                generation: previous.generation,
                errors: errors.clone(),
                retired: previous.retired.clone(),
            });
            // Only now: a request in between must find pages somewhere.
            self.end_first_build();
            let _ = self.notices.send(Notice::Errors(errors));
            return Published::Failed { errors: count };
        };
        let was_broken = (previous.site.is_none() && !served_early) || !previous.errors.is_empty();
        let changed = match (&previous.site, changed) {
            (Some(_), Some(known)) => known,
            (Some(old), None) => changed_files(old, &site),
            (None, _) => site.files.keys().cloned().collect(),
        };
        let notice = if served_early {
            None
        } else if was_broken {
            Some(Notice::Reload(None))
        } else if changed.is_empty() {
            None
        } else if let Some(sheets) = stylesheets_only(&changed, previous.site.as_deref(), &site) {
            Some(Notice::Stylesheets(sheets))
        } else {
            reload(&changed, &site)
        };
        // A new search index alone changes no page: pages served before it
        // need not reload when they connect.
        let pages_changed = changed.iter().any(|p| !is_search_file(p));
        let generation =
            previous.generation + u64::from(pages_changed || was_broken || served_early);
        let retired = match &previous.site {
            Some(old) if changed.iter().any(|p| is_search_file(p)) => Arc::new(
                old.files
                    .iter()
                    .filter(|(p, _)| is_search_file(p) && !site.files.contains_key(*p))
                    .map(|(p, b)| (p.clone(), b.clone()))
                    .collect(),
            ),
            _ => previous.retired.clone(),
        };
        self.swap(Snapshot {
            site: Some(site),
            generation,
            errors: Arc::new(Vec::new()),
            retired,
        });
        self.end_first_build();
        if let Some(n) = &notice {
            let _ = self.notices.send(n.clone());
        }
        Published::Swapped { changed, notice }
    }
}

/// The output paths that differ between two sites: added, removed, or with
/// other bytes. Sorted.
pub fn changed_files(old: &Site, new: &Site) -> Vec<String> {
    let mut changed: Vec<String> = new
        .files
        .iter()
        .filter(|(path, bytes)| !old.files.get(*path).is_some_and(|b| same_bytes(b, bytes)))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(
        old.files
            .keys()
            .filter(|path| !new.files.contains_key(*path))
            .cloned(),
    );
    changed.sort();
    changed
}

/// A reload notice lists at most this many pages; more reload every page.
const MAX_LISTED_PAGES: usize = 1000;

/// What the open pages must do about these changed files: reload the pages
/// whose HTML changed and the pages that show a new or changed file (an
/// image), or every page when such a file is one no page names (a font a
/// stylesheet loads). The pages that named a removed file changed too (an
/// image's resized copies carry their source's hash, so an edit renames
/// them). Nothing for a new search index alone (`Snapshot::retired`).
fn reload(changed: &[String], site: &Site) -> Option<Notice> {
    let is_html = |p: &str| p.ends_with(".html");
    let mut pages: BTreeSet<String> = changed.iter().filter(|p| is_html(p)).cloned().collect();
    for asset in changed
        .iter()
        .filter(|p| !is_html(p) && !is_search_file(p) && site.files.contains_key(*p))
    {
        let showing = pages_naming(site, asset);
        if showing.is_empty() {
            return Some(Notice::Reload(None));
        }
        pages.extend(showing);
    }
    // A script every page loads: one short message rather than a long list.
    if pages.len() > MAX_LISTED_PAGES {
        return Some(Notice::Reload(None));
    }
    (!pages.is_empty()).then(|| Notice::Reload(Some(Arc::new(pages.into_iter().collect()))))
}

/// The HTML pages of `site` that name the file at output path `asset`: by
/// its path from the root (`/playbooks/x/diagram.png`, under any base
/// path), or by its bare name from a page in the same folder.
fn pages_naming(site: &Site, asset: &str) -> Vec<String> {
    let (folder, name) = asset.rsplit_once('/').unwrap_or(("", asset));
    let from_root = memchr::memmem::Finder::new(asset.as_bytes());
    let quoted = format!("\"{name}");
    let relative = memchr::memmem::Finder::new(quoted.as_bytes());
    site.files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .filter(|(path, html)| {
            let same_folder = path.rsplit_once('/').map_or("", |(dir, _)| dir) == folder;
            from_root.find(html).is_some() || (same_folder && relative.find(html).is_some())
        })
        .map(|(path, _)| path.clone())
        .collect()
}

/// Equal contents; files a rebuild reused share their buffer, so most
/// comparisons stop at the pointer.
fn same_bytes(a: &bytes::Bytes, b: &bytes::Bytes) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// `Some(changed)` when every changed file is a stylesheet that still exists
/// (so pages can swap it in place), `None` when pages must reload.
fn stylesheets_only(changed: &[String], old: Option<&Site>, new: &Site) -> Option<Vec<String>> {
    let old = old?;
    let swappable = changed.iter().all(|path| {
        path.ends_with(".css") && old.files.contains_key(path) && new.files.contains_key(path)
    });
    swappable.then(|| changed.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Level;

    fn site(files: &[(&str, &str)]) -> Site {
        let mut site = Site::default();
        for (path, text) in files {
            site.files
                .insert(path.to_string(), text.as_bytes().to_vec().into());
        }
        site
    }

    /// A build that succeeded with these files.
    fn good(files: &[(&str, &str)]) -> (Option<Site>, Vec<Diagnostic>) {
        (Some(site(files)), Vec::new())
    }

    /// A build that failed with one error (and a warning).
    fn broken() -> (Option<Site>, Vec<Diagnostic>) {
        let diagnostics = vec![
            Diagnostic::error_at("content/playbooks/a.md", "+++\nx", 4, "bad front matter"),
            Diagnostic::file(Level::Warning, "content/regions/ksa.toml", "thin"),
        ];
        (None, diagnostics)
    }

    fn start((site, diagnostics): (Option<Site>, Vec<Diagnostic>)) -> LiveSite {
        LiveSite::new(site.map(Arc::new), &diagnostics, "/".into())
    }

    fn publish(live: &LiveSite, (site, diagnostics): (Option<Site>, Vec<Diagnostic>)) -> Published {
        live.publish(site.map(Arc::new), &diagnostics, None)
    }

    #[test]
    fn changed_files_lists_added_removed_and_modified_paths() {
        let old = site(&[("a.html", "1"), ("b.css", "2"), ("c.js", "3")]);
        let new = site(&[("a.html", "1"), ("b.css", "2!"), ("d.txt", "4")]);
        assert_eq!(changed_files(&old, &new), ["b.css", "c.js", "d.txt"]);
        assert!(changed_files(&old, &old).is_empty());
    }

    #[test]
    fn a_css_only_change_swaps_stylesheets_and_anything_else_reloads() {
        let live = start(good(&[("index.html", "<p>1</p>"), ("style.css", "a{}")]));
        let mut rx = live.subscribe();
        let out = publish(
            &live,
            good(&[("index.html", "<p>1</p>"), ("style.css", "b{}")]),
        );
        let sheets = Notice::Stylesheets(vec!["style.css".into()]);
        assert_eq!(
            out,
            Published::Swapped {
                changed: vec!["style.css".into()],
                notice: Some(sheets.clone())
            }
        );
        assert_eq!(rx.try_recv().ok(), Some(sheets));
        // A page's HTML: that page reloads, no other.
        let out = publish(
            &live,
            good(&[("index.html", "<p>2</p>"), ("style.css", "b{}")]),
        );
        let pages = Notice::Reload(Some(Arc::new(vec!["index.html".to_string()])));
        assert!(matches!(out, Published::Swapped { notice: Some(n), .. } if n == pages));
        // A new stylesheet is not linked by any page yet: reload.
        let out = publish(
            &live,
            good(&[
                ("index.html", "<p>2</p>"),
                ("style.css", "b{}"),
                ("more.css", "c{}"),
            ]),
        );
        assert!(matches!(
            out,
            Published::Swapped {
                notice: Some(Notice::Reload(None)),
                ..
            }
        ));
        assert_eq!(live.current().generation, 4);
    }

    #[test]
    fn a_changed_image_reloads_the_pages_that_show_it_and_no_other() {
        let pages = [
            ("index.html", "<p>home</p>"),
            ("playbooks/a/index.html", "<img src=\"diagram.png\">"),
            ("playbooks/b/index.html", "<img src=\"diagram.png\">"),
            (
                "regions/ksa/print/index.html",
                "<img src=\"/playbooks/a/diagram.png\">",
            ),
        ];
        let with = |image: &'static str, font: &'static str| {
            let mut files = pages.to_vec();
            files.extend([
                ("playbooks/a/diagram.png", image),
                ("playbooks/b/diagram.png", "b"),
                ("fonts/x.woff2", font),
            ]);
            good(&files)
        };
        let live = start(with("1", "f"));
        // The image beside playbook a: a by its bare name, the print page
        // by its path; b shows another file of the same name.
        let out = publish(&live, with("2", "f"));
        let expected = Notice::Reload(Some(Arc::new(vec![
            "playbooks/a/index.html".to_string(),
            "regions/ksa/print/index.html".to_string(),
        ])));
        assert!(
            matches!(&out, Published::Swapped { notice: Some(n), .. } if *n == expected),
            "{out:?}"
        );
        // A resized copy renamed (its source's hash changed): the page that
        // names the new copy, and nothing for the old one, which no page
        // names any more.
        let mut files = pages.to_vec();
        files[1] = ("playbooks/a/index.html", "<img src=\"d.bbb.720w.png\">");
        files.extend([("playbooks/a/d.bbb.720w.png", "2"), ("fonts/x.woff2", "f")]);
        let live = start({
            let mut before = pages.to_vec();
            before[1] = ("playbooks/a/index.html", "<img src=\"d.aaa.720w.png\">");
            before.extend([("playbooks/a/d.aaa.720w.png", "1"), ("fonts/x.woff2", "f")]);
            good(&before)
        });
        let out = publish(&live, good(&files));
        let renamed = Notice::Reload(Some(Arc::new(vec!["playbooks/a/index.html".to_string()])));
        assert!(
            matches!(&out, Published::Swapped { notice: Some(n), .. } if *n == renamed),
            "{out:?}"
        );
        let live = start(with("2", "f"));
        // A file no page names (a font a stylesheet loads): every page.
        let out = publish(&live, with("2", "g"));
        assert!(
            matches!(
                out,
                Published::Swapped {
                    notice: Some(Notice::Reload(None)),
                    ..
                }
            ),
            "{out:?}"
        );
    }

    #[test]
    fn a_new_search_index_reloads_nothing_and_the_old_one_stays_servable() {
        let live = start(good(&[
            ("index.html", "x"),
            ("pagefind/pagefind-entry.json", "1"),
            ("pagefind/index/en_aaa.pf_index", "old"),
        ]));
        let mut rx = live.subscribe();
        let out = publish(
            &live,
            good(&[
                ("index.html", "x"),
                ("pagefind/pagefind-entry.json", "2"),
                ("pagefind/index/en_bbb.pf_index", "new"),
            ]),
        );
        assert!(matches!(out, Published::Swapped { notice: None, .. }));
        assert!(rx.try_recv().is_err(), "no page reloads");
        // A page that loaded the old index still finds its chunk.
        let now = live.current();
        assert_eq!(
            now.retired
                .get("pagefind/index/en_aaa.pf_index")
                .map(|b| &b[..]),
            Some(&b"old"[..])
        );
        assert!(!now.retired.contains_key("pagefind/index/en_bbb.pf_index"));
    }

    #[test]
    fn an_unchanged_site_tells_nobody() {
        let live = start(good(&[("index.html", "x")]));
        let mut rx = live.subscribe();
        let out = publish(&live, good(&[("index.html", "x")]));
        assert_eq!(
            out,
            Published::Swapped {
                changed: vec![],
                notice: None
            }
        );
        assert!(rx.try_recv().is_err());
        assert_eq!(live.current().generation, 1);
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_site_and_the_next_good_one_reloads() {
        let live = start(good(&[("index.html", "x")]));
        let mut rx = live.subscribe();
        assert_eq!(publish(&live, broken()), Published::Failed { errors: 1 });
        let now = live.current();
        assert_eq!(now.site.as_ref().unwrap().files["index.html"], &b"x"[..]);
        assert_eq!(now.errors.len(), 1, "warnings are not shown as errors");
        assert!(
            matches!(rx.try_recv(), Ok(Notice::Errors(e)) if e[0].path == "content/playbooks/a.md")
        );
        // The same site as before the error: the overlay must still go away.
        let out = publish(&live, good(&[("index.html", "x")]));
        assert!(matches!(
            out,
            Published::Swapped {
                notice: Some(Notice::Reload(None)),
                ..
            }
        ));
        assert!(live.current().errors.is_empty());
        assert_eq!(rx.try_recv().ok(), Some(Notice::Reload(None)));
    }

    #[test]
    fn a_first_build_that_fails_serves_no_site_until_one_succeeds() {
        let live = start(broken());
        assert!(live.current().site.is_none());
        assert_eq!(live.current().generation, 0);
        publish(&live, good(&[("index.html", "x")]));
        assert!(live.current().site.is_some());
        assert_eq!(live.current().generation, 1);
    }
}
