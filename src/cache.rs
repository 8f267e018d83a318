//! Memoisation between the builds of one process (`guidegen serve`): a
//! Markdown document is rendered again only when its file, its rendering
//! options or the set of link targets changed, and a page goes through Tera
//! again only when its template set or its context changed. Keys cover every
//! input, so a build with a warm cache gives exactly the bytes of a cold one.
//! Each build keeps only the entries it used, so memory stays bounded.

use crate::markdown::Rendered;
use bytes::Bytes;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

/// What the last build rendered, and what it could reuse.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub documents_rendered: usize,
    pub documents_reused: usize,
    pub pages_rendered: usize,
    pub pages_reused: usize,
    pub search_indexed: bool,
}

pub struct BuildCache {
    /// Off for one-shot builds (`build`, `check`): no keys are computed and
    /// nothing is kept, so a single build pays nothing for the cache.
    pub(crate) enabled: bool,
    pub(crate) documents: HashMap<u64, Rendered>,
    pub(crate) pages: HashMap<u64, String>,
    /// The search bundle and the key of the pages it was built from.
    pub(crate) search: Option<(u64, BTreeMap<String, Bytes>)>,
    /// `serve` after its first build: the search index is built in the
    /// background (`incremental::SearchJob`), not by the build.
    pub(crate) defer_search: bool,
    /// What the last good build left for single-page rebuilds (`serve`).
    pub(crate) retained: Option<crate::incremental::Retained>,
    /// The memo of each language edition after the default, by tag.
    pub(crate) editions: BTreeMap<String, BuildCache>,
    /// What the last good build of a site with several languages left for
    /// its background search indexing (`serve`).
    pub(crate) multilingual: Option<crate::incremental::Multilingual>,
    pub stats: CacheStats,
}

impl Default for BuildCache {
    fn default() -> Self {
        BuildCache {
            enabled: true,
            documents: HashMap::new(),
            pages: HashMap::new(),
            search: None,
            defer_search: false,
            retained: None,
            editions: BTreeMap::new(),
            multilingual: None,
            stats: CacheStats::default(),
        }
    }
}

impl BuildCache {
    /// The memo of the language edition `tag`: like this one, without
    /// single-page rebuilds (those follow the default edition only).
    pub(crate) fn edition(&mut self, tag: &str) -> &mut BuildCache {
        let (enabled, defer_search) = (self.enabled, self.defer_search);
        let edition = self
            .editions
            .entry(tag.to_string())
            .or_insert_with(|| BuildCache {
                enabled,
                ..BuildCache::default()
            });
        edition.enabled = enabled;
        edition.defer_search = defer_search;
        edition
    }

    /// A cache that keeps nothing, for a build that runs once.
    pub fn disabled() -> Self {
        BuildCache {
            enabled: false,
            ..Self::default()
        }
    }
}

/// A hash of several byte strings (length-prefixed, so no two lists collide
/// by concatenation).
pub fn key(parts: &[&[u8]]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        part.len().hash(&mut hasher);
        part.hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_length_prefixed() {
        assert_eq!(key(&[b"ab", b"c"]), key(&[b"ab", b"c"]));
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
    }
}
