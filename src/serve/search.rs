//! search (under `serve`): the search index is built again in the
//! background after a rebuild has been served, one bundle per language
//! edition, and put in place when done. A bundle is built only when a page it indexes changed; until
//! the new one is ready, the last one is served.

use crate::base::site::{self, Site};
use crate::routes::is_search_file;
use crate::search::{self, IndexedPage, SearchSlot};
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A built bundle and the key of the pages it was built from.
pub(super) type Bundle = (u64, BTreeMap<String, Bytes>);

/// What indexing one language edition needs.
pub(crate) struct EditionIndex {
    /// `""` for the default language, `zh/` for the others.
    pub(crate) prefix: String,
    pub(crate) language: String,
    pub(crate) slots: Vec<SearchSlot>,
}

/// Indexing the site for search, away from the rebuild thread: everything
/// it needs, owned.
pub struct SearchJob {
    pub(super) id: u64,
    bundles: Vec<BundleJob>,
}

/// One language's bundle to (re)build.
struct BundleJob {
    prefix: String,
    language: String,
    pages: Vec<(SearchSlot, Bytes)>,
    /// The last bundle, reused when no indexed page changed.
    previous: Option<Bundle>,
}

/// A language's finished bundle, by its edition's prefix.
pub(super) struct EditionBundle {
    pub(super) prefix: String,
    pub(super) bundle: Bundle,
    /// The index was built: the pages changed since the last bundle.
    pub(super) indexed: bool,
}

/// A finished `SearchJob`.
pub struct SearchDone {
    pub(super) id: u64,
    pub(super) result: Result<Vec<EditionBundle>, String>,
    took: std::time::Duration,
}

impl SearchDone {
    /// How long the job ran.
    pub fn took(&self) -> std::time::Duration {
        self.took
    }
}

impl SearchJob {
    /// The job of rebuilding `editions`' bundles from the pages of `served`,
    /// each given the last bundle of its edition.
    pub(super) fn new(
        id: u64,
        editions: &[EditionIndex],
        served: &Site,
        previous: &BTreeMap<String, Bundle>,
    ) -> SearchJob {
        let bundles = editions
            .iter()
            .map(|edition| BundleJob {
                prefix: edition.prefix.clone(),
                language: edition.language.clone(),
                pages: edition
                    .slots
                    .iter()
                    .filter_map(|slot| Some((slot.clone(), served.files.get(&slot.path)?.clone())))
                    .collect(),
                previous: previous.get(&edition.prefix).cloned(),
            })
            .collect();
        SearchJob { id, bundles }
    }

    /// Builds the index (seconds on a large site); a language whose pages
    /// did not change keeps its bundle.
    pub fn run(self) -> SearchDone {
        let started = std::time::Instant::now();
        let result = self
            .bundles
            .into_iter()
            .map(|job| {
                // Each page read side by side, at the indexer's priority.
                let pages = search::on_own_threads(|| {
                    let pages = job.pages.par_iter();
                    pages.map(|(slot, html)| slot.page(html)).collect()
                })?;
                let (bundle, indexed) = bundle(&job.language, pages, job.previous)?;
                Ok(EditionBundle {
                    prefix: job.prefix,
                    bundle,
                    indexed,
                })
            })
            .collect();
        SearchDone {
            id: self.id,
            result,
            took: started.elapsed(),
        }
    }
}

/// The search bundle of `pages`, reusing `previous` when it was built from
/// the same pages; the flag says whether it was built again.
pub(super) fn bundle(
    language: &str,
    pages: Vec<IndexedPage>,
    previous: Option<Bundle>,
) -> Result<(Bundle, bool), String> {
    let key = search::index_key(language, &pages);
    match previous {
        Some((old, files)) if old == key => Ok(((key, files), false)),
        _ => {
            let files = site::into_bytes(search::index(language, pages, None, None)?).collect();
            Ok(((key, files), true))
        }
    }
}

/// The search files of `bundles`, each under its edition's folder, or
/// `None` when they are what `served` has.
pub(super) fn new_search_files(
    served: &Site,
    bundles: &[EditionBundle],
) -> Option<BTreeMap<String, Bytes>> {
    let mut files = BTreeMap::new();
    for edition in bundles {
        files.extend(site::under(&edition.prefix, edition.bundle.1.clone()));
    }
    let current = served.files.iter().filter(|(p, _)| is_search_file(p));
    (!current.eq(files.iter())).then_some(files)
}

/// `site` with `files` in place of its search files.
pub(super) fn replace_search_files(site: &mut Site, files: BTreeMap<String, Bytes>) {
    site.files.retain(|p, _| !is_search_file(p));
    site.files.extend(files);
}
