//! sink: where each finished page goes. Render hands every page to the sink
//! it is given and never touches the disk itself: `check` and `serve` keep
//! pages in memory (`InMemory`); `build` gives a sink that writes each page
//! into its staging directory as it renders (`write::Streamed`).

use crate::base::diagnostics::Diagnostic;
use crate::search::SearchEntry;
use bytes::Bytes;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// A rendered page as a sink sees it.
pub(crate) struct PageMeta<'a> {
    /// Output path, e.g. `regions/ksa/index.html`.
    pub(crate) path: &'a str,
    pub(crate) url: &'a str,
    /// How the page is indexed for search, if it is.
    pub(crate) search: Option<&'a SearchEntry>,
    /// The key of the page's whole input, when the store looked it up.
    pub(crate) key: Option<u64>,
}

/// A writer of the page's bytes that reports the template's own error.
pub(crate) type Fill<'a> = dyn FnMut(&mut dyn Write) -> Result<(), Diagnostic> + 'a;

pub(crate) trait PageSink: Sync {
    /// Takes a page rendered to text.
    fn put(&self, page: &PageMeta, html: String) -> Result<(), Diagnostic>;

    /// Writes a page straight from its template into its destination, for
    /// a sink that can and a page nothing reads again (a print page of
    /// hundreds of megabytes is then never whole in memory); `None` when
    /// the page must be rendered to text and `put`.
    fn put_streamed(&self, _page: &PageMeta, _fill: &mut Fill) -> Option<Result<(), Diagnostic>> {
        None
    }

    /// Takes the site's other files known before its pages (static files,
    /// stylesheets), for a sink that serves pages while they render.
    fn put_early_files(&self, _files: &mut dyn Iterator<Item = (&String, &Bytes)>) {}

    /// The output paths asked for since the last call, to render before the
    /// rest (a reader waiting on them under `serve`).
    fn take_wanted(&self) -> Vec<String> {
        Vec::new()
    }

    /// Whether the sink starts an edition's search index as soon as its
    /// indexed pages are handed over (`indexed_pages_done`): those pages
    /// then render first, and the print pages beside the indexing.
    fn indexes_early(&self) -> bool {
        false
    }

    /// Every page of the edition being rendered that the search index
    /// takes has been handed over; called once per edition.
    fn indexed_pages_done(&self) {}
}

/// Keeps every page in memory, by output path. Shared, it can also be read
/// while the build runs: `serve` answers from it before the whole site is
/// rendered, and asks for the pages a reader waits on first (`want`).
#[derive(Default)]
pub(crate) struct InMemory {
    pages: Mutex<HashMap<String, Bytes>>,
    /// Files known before the pages (static files, stylesheets).
    early_files: Mutex<HashMap<String, Bytes>>,
    wanted: Mutex<Vec<String>>,
    /// Whether `wanted` has entries: renderers read this for every page.
    any_wanted: AtomicBool,
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl InMemory {
    /// The pages taken so far, by output path; the sink is left empty.
    pub(crate) fn take_pages(&self) -> HashMap<String, Bytes> {
        std::mem::take(&mut *locked(&self.pages))
    }

    /// The pages taken so far, by output path; the sink keeps them, and
    /// goes on answering `get` until it is dropped.
    pub(crate) fn pages(&self) -> HashMap<String, Bytes> {
        locked(&self.pages).clone()
    }

    /// A page or early file at `path`, once it is there.
    pub(crate) fn get(&self, path: &str) -> Option<Bytes> {
        let page = locked(&self.pages).get(path).cloned();
        page.or_else(|| locked(&self.early_files).get(path).cloned())
    }

    /// Asks for the page at `path` to be rendered next.
    pub(crate) fn want(&self, path: &str) {
        let mut wanted = locked(&self.wanted);
        if !wanted.iter().any(|w| w == path) {
            wanted.push(path.to_string());
        }
        self.any_wanted.store(true, Ordering::Release);
    }
}

impl PageSink for InMemory {
    fn put(&self, page: &PageMeta, html: String) -> Result<(), Diagnostic> {
        locked(&self.pages).insert(page.path.to_string(), Bytes::from(html));
        Ok(())
    }

    fn put_early_files(&self, files: &mut dyn Iterator<Item = (&String, &Bytes)>) {
        let mut early = locked(&self.early_files);
        early.extend(files.map(|(path, bytes)| (path.clone(), bytes.clone())));
    }

    fn take_wanted(&self) -> Vec<String> {
        if !self.any_wanted.swap(false, Ordering::AcqRel) {
            return Vec::new();
        }
        std::mem::take(&mut *locked(&self.wanted))
    }
}
