//! cache: what a build keeps between runs under `<site>/.guidegen-cache/`,
//! one folder per feature (`images/`, `cards/`), one file per key. An entry
//! carries its own length and checksum, so a truncated or damaged entry
//! reads as missing and is made again, never served. Reads and writes go
//! through the site's boundary: a cache folder that is a link out of the
//! site is neither read nor written. A cache is only ever an optimisation:
//! every failure to use it is silent, and the build does the work instead.

use crate::base::files::SiteBoundary;
use std::path::{Path, PathBuf};

/// The folder under the site root that holds every feature's cache.
pub const DIR: &str = ".guidegen-cache";

/// What every entry starts with, before its length and checksum.
const MAGIC: &[u8; 8] = b"ggcache1";

/// Where every feature's cache lives: the site's own `.guidegen-cache/`,
/// or the folder `build --cache DIR` names (outside the site, say where
/// CI restores it), whose own boundary its entries may not leave.
#[derive(Debug, Clone)]
pub struct CacheRoot {
    dir: PathBuf,
    boundary: SiteBoundary,
}

impl CacheRoot {
    /// `<site>/.guidegen-cache/`.
    pub fn of_site(boundary: &SiteBoundary) -> Self {
        CacheRoot {
            dir: boundary.root().join(DIR),
            boundary: boundary.clone(),
        }
    }

    /// The folder `dir`, made if missing.
    pub fn at(dir: &Path) -> Self {
        let _ = std::fs::create_dir_all(dir);
        CacheRoot {
            dir: dir.to_path_buf(),
            boundary: SiteBoundary::new(dir),
        }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// One feature's cache under this root.
    pub fn feature(&self, feature: &str, writable: bool) -> Cache {
        Cache {
            dir: self.dir.join(feature),
            boundary: self.boundary.clone(),
            writable,
        }
    }
}

/// One feature's cache of the site whose boundary it is given.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    boundary: SiteBoundary,
    /// `check` reads the cache but writes nothing.
    writable: bool,
}

impl Cache {
    /// One feature's cache in the site's own folder.
    pub fn new(boundary: &SiteBoundary, feature: &str, writable: bool) -> Self {
        CacheRoot::of_site(boundary).feature(feature, writable)
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(key)
    }

    /// The entry stored under `key`, when there is a whole one.
    pub fn read(&self, key: &str) -> Option<Vec<u8>> {
        let path = self.path(key);
        self.boundary.admit(&path).ok()?;
        unwrap_entry(std::fs::read(path).ok()?)
    }

    /// Whether there is a file under `key`, whole or not.
    pub fn holds(&self, key: &str) -> bool {
        self.path(key).is_file()
    }

    /// Stores `bytes` under `key`: written beside it and renamed into
    /// place, so a reader never sees half an entry.
    pub fn write(&self, key: &str, bytes: &[u8]) -> Result<(), String> {
        if !self.writable {
            return Ok(());
        }
        let path = self.path(key);
        self.boundary
            .admit_new(&path)
            .map_err(|outside| outside.message())?;
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        let temp = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        std::fs::write(&temp, wrap_entry(bytes))
            .and_then(|()| std::fs::rename(&temp, &path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                format!("cannot write {}: {e}", path.display())
            })
    }
}

impl Cache {
    /// Removes the entry under `key`, if there is one.
    pub fn remove(&self, key: &str) {
        if self.writable && self.boundary.admit(&self.path(key)).is_ok() {
            let _ = std::fs::remove_file(self.path(key));
        }
    }

    /// Removes every entry but those named in `keep` (and any half-written
    /// one), so that the folder holds what the site uses and no more. Only
    /// names this cache could have written are touched.
    pub fn retain(&self, keep: &std::collections::BTreeSet<String>) {
        if !self.writable || self.boundary.admit(&self.dir).is_err() {
            return;
        }
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.ends_with(".tmp") || name.bytes().all(|b| b.is_ascii_hexdigit());
            if ours && !keep.contains(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// `bytes` with the header that lets a reader trust them.
pub(crate) fn wrap_entry(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 24);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(bytes).to_le_bytes());
    out.extend_from_slice(bytes);
    out
}

/// The bytes of an entry whose header, length and checksum hold.
pub(crate) fn unwrap_entry(mut entry: Vec<u8>) -> Option<Vec<u8>> {
    let header = entry.get(..24)?;
    let len = u64::from_le_bytes(header[8..16].try_into().ok()?);
    let sum = u64::from_le_bytes(header[16..24].try_into().ok()?);
    if &header[..8] != MAGIC || entry.len() as u64 != 24 + len {
        return None;
    }
    let bytes = entry.split_off(24);
    (checksum(&bytes) == sum).then_some(bytes)
}

fn checksum(bytes: &[u8]) -> u64 {
    crate::base::fingerprint::key(&[bytes])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(&SiteBoundary::new(dir.path()), "images", true);
        assert_eq!(cache.read("a"), None);
        cache.write("a", b"resized bytes").unwrap();
        assert_eq!(cache.read("a").as_deref(), Some(&b"resized bytes"[..]));
        assert!(dir.path().join(".guidegen-cache/images/a").is_file());
        let path = dir.path().join(".guidegen-cache/images/a");
        let whole = std::fs::read(&path).unwrap();
        // Truncated, or one byte changed: missing.
        std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        assert_eq!(cache.read("a"), None);
        let mut flipped = whole.clone();
        *flipped.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &flipped).unwrap();
        assert_eq!(cache.read("a"), None);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(cache.read("a"), None);
        // Only the entries kept stay.
        cache.write("b", b"other").unwrap();
        std::fs::write(dir.path().join(".guidegen-cache/images/notes.txt"), "mine").unwrap();
        cache.retain(&["b".to_string()].into());
        assert_eq!(cache.read("a"), None);
        assert_eq!(cache.read("b").as_deref(), Some(&b"other"[..]));
        assert!(dir.path().join(".guidegen-cache/images/notes.txt").exists());
        // A read-only cache (`check`) writes nothing.
        let check = Cache::new(&SiteBoundary::new(dir.path()), "cards", false);
        check.write("b", b"x").unwrap();
        assert!(!dir.path().join(".guidegen-cache/cards").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_folder_linked_out_of_the_site_is_not_used() {
        let outside = tempfile::tempdir().unwrap();
        let site = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), site.path().join(DIR)).unwrap();
        let cache = Cache::new(&SiteBoundary::new(site.path()), "images", true);
        assert!(cache.write("a", b"x").is_err());
        std::fs::create_dir_all(outside.path().join("images")).unwrap();
        std::fs::write(outside.path().join("images/a"), wrap_entry(b"x")).unwrap();
        assert_eq!(cache.read("a"), None);
        assert_eq!(
            std::fs::read_dir(outside.path().join("images"))
                .unwrap()
                .count(),
            1
        );
    }
}
