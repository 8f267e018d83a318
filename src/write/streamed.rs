//! streamed: the sink of `build`. Each page is written into the staging
//! directory as soon as it is rendered, and only what the search index
//! reads of it is kept (`IndexedPage`), so a large site is never whole in
//! memory. Given a queue (`indexing_early`), it hands each edition's pages
//! over as soon as they are all there, for its search index to start.

use super::Staging;
use crate::base::diagnostics::Diagnostic;
use crate::render::sink::{Fill, PageMeta, PageSink};
use crate::search::{IndexedPage, ReadingStore};
use std::collections::HashMap;
use std::sync::mpsc::Sender;
use std::sync::Mutex;

pub(crate) struct Streamed<'a> {
    staging: &'a Staging,
    /// Each page written, as the search index read it, by URL.
    indexed: Mutex<HashMap<String, IndexedPage>>,
    /// Where pages as the index read them are kept between builds
    /// (`build --cache`).
    readings: Option<&'a dyn ReadingStore>,
    /// Where each edition's pages go once they are all there.
    early: Option<Sender<Vec<IndexedPage>>>,
}

impl<'a> Streamed<'a> {
    pub(crate) fn new(staging: &'a Staging, readings: Option<&'a dyn ReadingStore>) -> Self {
        Streamed {
            staging,
            indexed: Mutex::default(),
            readings,
            early: None,
        }
    }

    /// Sends each edition's pages to `queue`, in the editions' order, as
    /// soon as its last indexed page is written; `into_indexed` then has
    /// none of them.
    pub(crate) fn indexing_early(self, queue: Sender<Vec<IndexedPage>>) -> Self {
        Streamed {
            early: Some(queue),
            ..self
        }
    }

    /// Each page written, as the search index read it, by URL.
    pub(crate) fn into_indexed(self) -> HashMap<String, IndexedPage> {
        self.indexed.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl PageSink for Streamed<'_> {
    fn put(&self, page: &PageMeta, html: String) -> Result<(), Diagnostic> {
        self.staging.write_file(page.path, html.as_bytes())?;
        if let Some(entry) = page.search {
            let (url, entry) = (page.url.to_string(), entry.clone());
            let read = match self.readings.zip(page.key) {
                Some((store, key)) => IndexedPage::kept(url, &html, entry, store, key),
                None => IndexedPage::new(url, &html, entry),
            };
            let mut indexed = self.indexed.lock().unwrap_or_else(|e| e.into_inner());
            indexed.insert(page.url.to_string(), read);
        }
        Ok(())
    }

    fn put_streamed(&self, page: &PageMeta, fill: &mut Fill) -> Option<Result<(), Diagnostic>> {
        Some(self.staging.write_with(page.path, |file| fill(file)))
    }

    fn indexes_early(&self) -> bool {
        self.early.is_some()
    }

    fn indexed_pages_done(&self) {
        let Some(queue) = &self.early else {
            return;
        };
        let mut indexed = self.indexed.lock().unwrap_or_else(|e| e.into_inner());
        let pages = std::mem::take(&mut *indexed).into_values().collect();
        // The receiver is gone only when the build is: nothing to index.
        let _ = queue.send(pages);
    }
}
