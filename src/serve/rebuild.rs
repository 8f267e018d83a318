//! rebuild: the one step between "these sources changed" and a new `Site`.
//!
//! Every rebuild runs the whole pipeline with [`crate::compile_cached`] and a
//! cache kept between rebuilds: sources are read and resolved again (cheap),
//! but only the Markdown documents, pages and search index whose inputs
//! changed are rendered again. The result equals a full `compile`, byte for
//! byte (`tests/incremental.rs`). Nothing here serves, watches or writes.

use crate::cache::{BuildCache, CacheStats};
use crate::config::Overrides;
use crate::{compile_cached, Compiled};
use std::path::{Path, PathBuf};

/// Builds the site at `root` again and again, with the same flags.
pub struct Rebuilder {
    root: PathBuf,
    overrides: Overrides,
    cache: BuildCache,
}

impl Rebuilder {
    pub fn new(root: PathBuf, overrides: Overrides) -> Rebuilder {
        Rebuilder {
            root,
            overrides,
            cache: BuildCache::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Builds the site after `changed` (absolute source paths; empty means
    /// "unknown, rebuild everything", as for the first build) changed.
    /// Returns what a full build of the sources as they are now returns.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Compiled {
        // The cache's keys cover every input, so what changed need not be
        // told: unchanged documents and pages are simply found again.
        let _ = changed;
        compile_cached(&self.root, &self.overrides, &mut self.cache)
    }

    /// What the last rebuild rendered and what it reused.
    pub fn stats(&self) -> CacheStats {
        self.cache.stats
    }
}
