//! The parts of guidegen the fuzz targets exercise, compiled from the main
//! crate's own source files (`#[path]`), without the server, the templates
//! and the search indexer. That keeps this crate's build to a fraction of
//! guidegen's (no pagefind, tera, axum or tokio), which matters on CI and
//! for an instrumented build. `cache` and `search` are stand-ins for the
//! one item each that the loading and resolving code uses.
#![allow(dead_code)]

#[path = "../../src/config.rs"]
pub mod config;
#[path = "../../src/content/mod.rs"]
pub mod content;
#[path = "../../src/diagnostics.rs"]
pub mod diagnostics;
#[path = "../../src/highlight.rs"]
pub mod highlight;
#[path = "../../src/library.rs"]
pub mod library;
#[path = "../../src/markdown.rs"]
pub mod markdown;
#[path = "../../src/packed.rs"]
pub mod packed;

/// Stand-in for `guidegen::cache` (only `key` is used, by
/// `Library::links_fingerprint`, which no target calls).
pub mod cache {
    use std::hash::{DefaultHasher, Hash, Hasher};
    pub fn key(parts: &[&[u8]]) -> u64 {
        let mut h = DefaultHasher::new();
        parts.hash(&mut h);
        h.finish()
    }
}

/// Stand-in for `guidegen::search` (only its size limit is used by `content`).
pub mod search {
    pub const MAX_INDEXED_HTML: usize = 1 << 20;
}

#[path = "../harness.rs"]
pub mod harness;
