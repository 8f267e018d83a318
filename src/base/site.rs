//! site: the output of a build, every file as bytes keyed by its path under
//! the output directory. Pages rendered, static files, feeds and the search
//! bundle all end up here before a sink writes or serves them.

use bytes::Bytes;
use std::collections::BTreeMap;

/// The rendered site: output path (relative, `/` separators) → bytes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Site {
    /// Shared, immutable bytes: a rebuild under `serve` that changes one
    /// page clones the map, not the site.
    pub files: BTreeMap<String, Bytes>,
    /// The number of HTML pages.
    pub pages: usize,
}

/// Files as shared bytes, moved without copying.
pub fn into_bytes(files: BTreeMap<String, Vec<u8>>) -> impl Iterator<Item = (String, Bytes)> {
    files
        .into_iter()
        .map(|(path, bytes)| (path, Bytes::from(bytes)))
}

/// `files` under a language edition's folder (`zh/pagefind/…`); the default
/// language's `prefix` is empty.
pub fn under(prefix: &str, files: BTreeMap<String, Bytes>) -> BTreeMap<String, Bytes> {
    if prefix.is_empty() {
        return files;
    }
    files
        .into_iter()
        .map(|(path, bytes)| (format!("{prefix}{path}"), bytes))
        .collect()
}
