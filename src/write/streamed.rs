//! streamed: the sink of `build`. Each page is written into the staging
//! directory as soon as it is rendered, and only the cut of it the search
//! index reads is kept (packed), so a large site is never whole in memory.

use super::Staging;
use crate::base::diagnostics::Diagnostic;
use crate::render::sink::{Fill, PageMeta, PageSink};
use crate::search::{CutStore, IndexedPage};
use std::collections::HashMap;
use std::sync::Mutex;

pub(crate) struct Streamed<'a> {
    staging: &'a Staging,
    /// The search cut of each page written, by URL.
    indexed: Mutex<HashMap<String, IndexedPage>>,
    /// Where cuts are kept between builds (`build --cache`).
    cuts: Option<&'a dyn CutStore>,
}

impl<'a> Streamed<'a> {
    pub(crate) fn new(staging: &'a Staging, cuts: Option<&'a dyn CutStore>) -> Self {
        Streamed {
            staging,
            indexed: Mutex::default(),
            cuts,
        }
    }

    /// The search cut of each page written, by URL.
    pub(crate) fn into_indexed(self) -> HashMap<String, IndexedPage> {
        self.indexed.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl PageSink for Streamed<'_> {
    fn put(&self, page: &PageMeta, html: String) -> Result<(), Diagnostic> {
        self.staging.write_file(page.path, html.as_bytes())?;
        if let Some(entry) = page.search {
            let (url, entry) = (page.url.to_string(), entry.clone());
            let cut = match self.cuts.zip(page.key) {
                Some((store, key)) => IndexedPage::kept(url, &html, entry, store, key),
                None => IndexedPage::new(url, &html, entry),
            };
            let mut indexed = self.indexed.lock().unwrap_or_else(|e| e.into_inner());
            indexed.insert(page.url.to_string(), cut);
        }
        Ok(())
    }

    fn put_streamed(&self, page: &PageMeta, fill: &mut Fill) -> Option<Result<(), Diagnostic>> {
        Some(self.staging.write_with(page.path, |file| fill(file)))
    }
}
