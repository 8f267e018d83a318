//! sink: where each finished page goes. Render hands every page to the sink
//! it is given and never touches the disk itself: `check` and `serve` keep
//! pages in memory (`InMemory`); `build` gives a sink that writes each page
//! into its staging directory as it renders (`write::Streamed`).

use crate::base::diagnostics::Diagnostic;
use crate::search::SearchEntry;
use bytes::Bytes;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

/// A rendered page as a sink sees it.
pub(crate) struct PageMeta<'a> {
    /// Output path, e.g. `regions/ksa/index.html`.
    pub(crate) path: &'a str,
    pub(crate) url: &'a str,
    /// How the page is indexed for search, if it is.
    pub(crate) search: Option<&'a SearchEntry>,
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
}

/// Keeps every page in memory, by output path.
#[derive(Default)]
pub(crate) struct InMemory {
    pages: Mutex<HashMap<String, Bytes>>,
}

impl InMemory {
    /// The pages taken, by output path.
    pub(crate) fn into_pages(self) -> HashMap<String, Bytes> {
        self.pages.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl PageSink for InMemory {
    fn put(&self, page: &PageMeta, html: String) -> Result<(), Diagnostic> {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.insert(page.path.to_string(), Bytes::from(html));
        Ok(())
    }
}
