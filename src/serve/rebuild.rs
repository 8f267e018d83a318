//! rebuild: the one step between "these sources changed" and a new `Site`.
//!
//! A save that only changed the prose of a Markdown document is rebuilt by
//! `incremental::fast_rebuild`: that document and its page, in milliseconds
//! whatever the size of the site; the pages that also embed it follow
//! (`follow_up`), and the search index is rebuilt in the background
//! (`search_job`, `apply_search`). Every other change runs the whole pipeline
//! with [`crate::compile_cached`] and a cache kept between rebuilds. Once the
//! follow-ups and the search job are done, the site equals a full
//! `compile`, byte for byte (`tests/incremental.rs`). Nothing here serves,
//! watches or writes.

use crate::cache::{BuildCache, CacheStats};
use crate::config::Overrides;
use crate::incremental::{self, SearchDone, SearchJob};
use crate::{compile_cached, Compiled};
use std::path::{Path, PathBuf};

/// How a rebuild was done, for the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// Only changed bodies and their pages.
    Fast,
    /// The whole pipeline, memoised.
    Full,
}

/// Builds the site at `root` again and again, with the same flags.
pub struct Rebuilder {
    root: PathBuf,
    overrides: Overrides,
    cache: BuildCache,
    /// The id of the last search job handed out: older results are stale.
    search_jobs: u64,
    last: Rebuilt,
}

impl Rebuilder {
    pub fn new(root: PathBuf, overrides: Overrides) -> Rebuilder {
        Rebuilder {
            root,
            overrides,
            cache: BuildCache::default(),
            search_jobs: 0,
            last: Rebuilt::Full,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Builds the site after `changed` (absolute source paths; empty means
    /// "unknown, rebuild everything", as for the first build) changed.
    /// The first build indexes search itself; later ones leave it to
    /// `search_job`, and may leave pages to `follow_up`.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Compiled {
        if let Some(compiled) = incremental::fast_rebuild(&mut self.cache, &self.root, changed) {
            self.last = Rebuilt::Fast;
            return compiled;
        }
        self.last = Rebuilt::Full;
        let compiled = compile_cached(&self.root, &self.overrides, &mut self.cache);
        self.cache.defer_search = true;
        compiled
    }

    /// Whether the last rebuild was a fast one.
    pub fn last_path(&self) -> Rebuilt {
        self.last
    }

    /// Whether pages that embed an edited document wait to be rendered.
    pub fn has_follow_up(&self) -> bool {
        incremental::has_follow_up(&self.cache)
    }

    /// Renders the pages the last fast rebuild left (print pages).
    pub fn follow_up(&mut self) -> Option<Compiled> {
        incremental::follow_up(&mut self.cache)
    }

    /// The search index to build now, if the pages changed since the last.
    /// Run it anywhere, then hand the result to `apply_search`.
    pub fn search_job(&mut self) -> Option<SearchJob> {
        let job = incremental::search_job(&mut self.cache, self.search_jobs + 1)?;
        self.search_jobs += 1;
        Some(job)
    }

    /// Puts a finished index in place; the site to serve if that changed it.
    /// A result older than the last job handed out is dropped.
    pub fn apply_search(&mut self, done: SearchDone) -> Option<Compiled> {
        incremental::apply_search(&mut self.cache, done, self.search_jobs)
    }

    /// Gets ready for the next rebuild (a copy of the site to change), so
    /// that the next save does not wait for it. Call it after publishing.
    pub fn prepare(&mut self) {
        incremental::prepare(&mut self.cache);
    }

    /// What the last rebuild rendered and what it reused.
    pub fn stats(&self) -> CacheStats {
        self.cache.stats
    }
}
