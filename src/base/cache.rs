//! cache: what a build keeps between runs under the site's
//! `.guidegen-cache/`, one folder per feature (`cards`, `images`), each
//! entry named by a hash of everything that made it. Only the build
//! pipeline reads and writes here; a missing or unreadable entry is made
//! again, never an error.

use std::path::{Path, PathBuf};

/// The folder under the site root that holds every feature's cache.
pub const CACHE_DIR: &str = ".guidegen-cache";

/// The cache folder of `feature` (`"cards"`) for the site at `root`.
pub fn feature_dir(root: &Path, feature: &str) -> PathBuf {
    root.join(CACHE_DIR).join(feature)
}

/// Stores `bytes` as `name` in `dir`: written beside it and renamed into
/// place, so that a build stopped half-way never leaves half an entry.
pub fn store(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, dir.join(name)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write {}: {e}", dir.join(name).display())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn entries_land_whole_under_the_features_folder() {
        let root = tempfile::tempdir().unwrap();
        let dir = super::feature_dir(root.path(), "cards");
        assert!(dir.ends_with(".guidegen-cache/cards"));
        super::store(&dir, "a.png", b"x").unwrap();
        assert_eq!(std::fs::read(dir.join("a.png")).unwrap(), b"x");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
    }
}
