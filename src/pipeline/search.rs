//! search (of a build): each language edition's search bundle, from the
//! pages kept in memory (`check`) or from the cuts a streamed build kept,
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
use std::sync::Mutex;
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
    edition_bundle(
        &config.language,
        &config.url_root,
        &config.lang_prefix,
        pages,
        None,
        None,
        None,
    )
}

/// What one language edition's search bundle needs of its library.
pub(super) struct Edition {
    language: String,
    url_root: String,
    prefix: String,
}

impl Edition {
    pub(super) fn of(library: &Library) -> Self {
        let config = &library.config;
        Edition {
            language: config.language.clone(),
            url_root: config.url_root.clone(),
            prefix: config.lang_prefix.clone(),
        }
    }

    /// The edition's bundle of `pages`, written into `staging` part by part
    /// (`edition_bundle`), and how long it took.
    pub(super) fn index(
        &self,
        pages: Vec<IndexedPage>,
        staging: &Staging,
        cache: Option<&dyn search::BundleCache>,
        before: Option<search::BeforeIndexing>,
    ) -> Indexed {
        let clock = Instant::now();
        let (language, root, prefix) = (&self.language, &self.url_root, &self.prefix);
        let staging = Some(staging);
        let bundle = edition_bundle(language, root, prefix, pages, staging, cache, before);
        (bundle, clock.elapsed())
    }
}

/// With a cache, each edition's search index built on a thread of its own
/// as soon as the sink has written the edition's indexed pages
/// (`Streamed::indexing_early`), beside the rest of the render. An edition
/// with more than one bundle to build (a first fill, a template edited)
/// waits until the library is freed: Pagefind's indexes beside it would
/// raise the memory peak.
pub(super) struct EarlyIndex<'scope> {
    thread: ScopedJoinHandle<'scope, Vec<Indexed>>,
    /// Dropped once the library is freed.
    rendered: Option<Sender<()>>,
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
        let (rendered, freed) = channel::<()>();
        let thread = scope.spawn(move || {
            // Told how many bundles are to be built, before any is.
            let freed = Mutex::new(freed);
            let before = |bundles: usize| {
                if bundles > 1 {
                    let _ = freed.lock().map(|rx| rx.recv());
                }
            };
            let editions = editions.iter().zip(queued);
            editions
                .map(|(e, pages)| e.index(pages, staging, cache, Some(&before)))
                .collect()
        });
        let rendered = Some(rendered);
        (EarlyIndex { thread, rendered }, queue)
    }

    /// The pages are written and the library freed: bundles that waited
    /// for that may start.
    pub(super) fn library_freed(&mut self) {
        self.rendered = None;
    }

    /// Every edition's bundle, once built (a failure if the thread stopped).
    pub(super) fn finish(mut self) -> Vec<Indexed> {
        self.library_freed();
        self.thread.join().unwrap_or_else(|_| {
            let stopped = failed("search index: the indexer stopped".into());
            vec![(Err(stopped), Duration::ZERO)]
        })
    }
}

/// The search bundle of one language edition's `pages`, under its folder.
/// With `staging`, each part of the bundle is written there as soon as it
/// is built, and only the rest (the bundle list, other scripts' bundles)
/// is returned: a large site's bundle is hundreds of megabytes. With a
/// `cache`, bundles of unchanged pages come from it; `before` is told how
/// many bundles will be built, before any is (`search::index`).
pub(super) fn edition_bundle(
    language: &str,
    base_path: &str,
    prefix: &str,
    pages: Vec<IndexedPage>,
    staging: Option<&Staging>,
    cache: Option<&dyn search::BundleCache>,
    before: Option<search::BeforeIndexing>,
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
    match search::index(language, base_path, pages, sink, cache, before) {
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
