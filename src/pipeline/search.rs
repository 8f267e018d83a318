//! search (of a build): each language edition's search bundle, from the
//! pages kept in memory (`check`) or from those a streamed build read,
//! with each part of the bundle written as soon as it is built.

use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::site::{self, Site};
use crate::library::Library;
use crate::search::{self, IndexedPage, SearchSlot};
use crate::write::Staging;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::mpsc::{channel, Sender};
use std::thread::{Scope, ScopedJoinHandle};
use std::time::{Duration, Instant};

/// One edition's search bundle (its files, or why it failed) and how long
/// it took.
pub(super) type Indexed = (Result<BTreeMap<String, Bytes>, Diagnostic>, Duration);

/// The search bundle of `library`'s edition, its pages' HTML taken from
/// `site`.
pub(super) fn edition_index_in_memory(
    library: &Library,
    site: &Site,
    slots: &[SearchSlot],
) -> Result<BTreeMap<String, Bytes>, Diagnostic> {
    let pages: Vec<IndexedPage> = slots
        .par_iter()
        .filter_map(|slot| Some(slot.page(site.files.get(&slot.path)?)))
        .collect();
    let config = &library.config;
    edition_bundle(&config.language, &config.lang_prefix, pages, None, None)
}

/// What one language edition's search bundle needs of its library.
pub(super) struct Edition {
    language: String,
    prefix: String,
}

impl Edition {
    pub(super) fn of(library: &Library) -> Self {
        let config = &library.config;
        Edition {
            language: config.language.clone(),
            prefix: config.lang_prefix.clone(),
        }
    }

    /// The edition's bundle of `pages`, written into `staging`
    /// (`edition_bundle`), and how long it took.
    pub(super) fn index(
        &self,
        pages: Vec<IndexedPage>,
        staging: &Staging,
        cache: Option<&dyn search::BundleCache>,
    ) -> Indexed {
        let clock = Instant::now();
        let (language, prefix) = (&self.language, &self.prefix);
        let bundle = edition_bundle(language, prefix, pages, Some(staging), cache);
        (bundle, clock.elapsed())
    }
}

/// With a cache, each edition's search index built on a thread of its own
/// as soon as the sink has written the edition's indexed pages
/// (`Streamed::indexing_early`), beside the rest of the render.
pub(super) struct EarlyIndex<'scope> {
    thread: ScopedJoinHandle<'scope, Vec<Indexed>>,
}

impl<'scope> EarlyIndex<'scope> {
    /// Starts the indexing thread in `scope`; the sender is the sink's, for
    /// each edition's pages in `editions`' order. A sink that drops it (a
    /// panic while rendering) ends the thread instead of leaving it waiting.
    pub(super) fn start<'env>(
        scope: &'scope Scope<'scope, 'env>,
        editions: &'env [Edition],
        staging: &'env Staging,
        cache: Option<&'env dyn search::BundleCache>,
    ) -> (Self, Sender<Vec<IndexedPage>>) {
        let (queue, queued) = channel();
        let thread = scope.spawn(move || {
            let editions = editions.iter().zip(queued);
            editions
                .map(|(e, pages)| e.index(pages, staging, cache))
                .collect()
        });
        (EarlyIndex { thread }, queue)
    }

    /// Every edition's bundle, once built (a failure if the thread stopped).
    pub(super) fn finish(self) -> Vec<Indexed> {
        self.thread.join().unwrap_or_else(|_| {
            let stopped = failed("search index: the indexer stopped".into());
            vec![(Err(stopped), Duration::ZERO)]
        })
    }
}

/// The search bundle of one language edition's `pages`, under its folder.
/// With `staging`, the bundle's files are written there and only its
/// manifest is returned. With a `cache`, the bundle of the same pages comes from it.
pub(super) fn edition_bundle(
    language: &str,
    prefix: &str,
    pages: Vec<IndexedPage>,
    staging: Option<&Staging>,
    cache: Option<&dyn search::BundleCache>,
) -> Result<BTreeMap<String, Bytes>, Diagnostic> {
    // The staging directory's own error, reported as it is.
    let write_failed = std::sync::Mutex::new(None);
    let write = staging.map(|staging| {
        let write_failed = &write_failed;
        move |path: &str, bytes: &[u8]| {
            staging
                .write_file(&format!("{prefix}{path}"), bytes)
                .map_err(|d| {
                    let message = d.message.clone();
                    if let Ok(mut first) = write_failed.lock() {
                        first.get_or_insert(d);
                    }
                    message
                })
        }
    });
    let sink = write.as_ref().map(|write| write as search::PartSink);
    match search::index(language, pages, sink, cache) {
        Ok(files) => Ok(site::under(prefix, site::into_bytes(files).collect())),
        Err(message) => Err(write_failed
            .into_inner()
            .ok()
            .flatten()
            .unwrap_or_else(|| failed(message))),
    }
}

/// The error of a search index that could not be built.
pub(crate) fn failed(message: String) -> Diagnostic {
    Diagnostic::file(Level::Error, "guidegen.toml", message)
}
