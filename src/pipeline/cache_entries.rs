//! cache_entries: one kind of `build --cache` entry (rendered pages,
//! documents, search readings), each LZ4-compressed under its key, in a
//! folder of shard files chosen by the key. A build writes again only the
//! shards whose entries changed, so an edit rewrites a few megabytes of a
//! large site's cache, not all of it.

use crate::base::cache::{unwrap_entry, wrap_entry};
use rayon::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many shard files a kind of entry is split into: at 10,000 pages a
/// shard of rendered pages is about 2.5 MB.
const SHARDS: usize = 64;

/// The entries of one kind: those found in its folder, and those this
/// build used, which it keeps.
pub(super) struct Entries {
    name: &'static str,
    shards: Vec<Shard>,
    pub(super) reused: AtomicUsize,
}

/// One shard file's entries.
#[derive(Default)]
struct Shard {
    /// The file's entries after each other, and where each is, by key.
    body: Vec<u8>,
    found: HashMap<u64, Range<usize>>,
    /// Used by this build: made now, or (`None`) found.
    used: Mutex<HashMap<u64, Option<Vec<u8>>>>,
    /// Whether an entry was made, so the file must be written again.
    made: AtomicBool,
}

impl Entries {
    /// The entries in `dir/name` when the cache is `trusted` (otherwise
    /// what is there goes); a damaged shard is a note, and no entries.
    pub(super) fn open(
        dir: &Path,
        name: &'static str,
        trusted: bool,
        notes: &mut Vec<String>,
    ) -> Self {
        let folder = dir.join(name);
        if !trusted {
            // Nothing of another build is read; an older cache kept the
            // kind in one file of that name.
            let _ = std::fs::remove_dir_all(&folder);
            let _ = std::fs::remove_file(&folder);
        }
        let read: Vec<Option<Shard>> = (0..SHARDS)
            .into_par_iter()
            .map(|shard| match trusted {
                true => read_shard(&shard_path(&folder, shard)),
                false => Some(Shard::default()),
            })
            .collect();
        if read.iter().any(Option::is_none) {
            notes.push(format!(
                "cache: {} is damaged; rendering some of its {name} again",
                folder.display()
            ));
        }
        Entries {
            name,
            shards: read.into_iter().map(Option::unwrap_or_default).collect(),
            reused: AtomicUsize::new(0),
        }
    }

    fn shard(&self, key: u64) -> &Shard {
        &self.shards[shard_of(key)]
    }

    /// Whether an entry was found under `key`.
    pub(super) fn holds(&self, key: u64) -> bool {
        self.shard(key).found.contains_key(&key)
    }

    /// The bytes kept under `key`, if whole.
    pub(super) fn get(&self, key: u64) -> Option<Vec<u8>> {
        let shard = self.shard(key);
        let packed = &shard.body[shard.found.get(&key)?.clone()];
        let bytes = lz4_flex::decompress_size_prepended(packed).ok()?;
        self.reused.fetch_add(1, Ordering::Relaxed);
        shard.remember(key, None);
        Some(bytes)
    }

    pub(super) fn put(&self, key: u64, bytes: &[u8]) {
        let shard = self.shard(key);
        shard.made.store(true, Ordering::Relaxed);
        shard.remember(key, Some(lz4_flex::compress_prepend_size(bytes)));
    }

    /// Writes each shard whose entries changed beside its file
    /// (`NN.new`); returns where, for the caller to rename them into place.
    pub(super) fn save(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let folder = dir.join(self.name);
        let changed: Vec<(usize, &Shard)> = self
            .shards
            .iter()
            .enumerate()
            .filter(|(_, shard)| shard.changed())
            .collect();
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        std::fs::create_dir_all(&folder)?;
        changed
            .into_iter()
            .map(|(number, shard)| {
                let path = shard_path(&folder, number).with_extension("new");
                std::fs::write(&path, shard.file())?;
                Ok(path)
            })
            .collect()
    }
}

impl Shard {
    fn remember(&self, key: u64, packed: Option<Vec<u8>>) {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        used.insert(key, packed);
    }

    /// Whether the file must be written again: an entry was made, or one
    /// found was not used.
    fn changed(&self) -> bool {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner()).len();
        self.made.load(Ordering::Relaxed) || used != self.found.len()
    }

    /// The file of the entries used: (key, length, bytes) after each other,
    /// by key, in one cache entry.
    fn file(&self) -> Vec<u8> {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let mut kept: Vec<(u64, &[u8])> = used
            .iter()
            .filter_map(|(key, made)| match made {
                Some(made) => Some((*key, made.as_slice())),
                None => Some((*key, &self.body[self.found.get(key)?.clone()])),
            })
            .collect();
        kept.sort_unstable_by_key(|(key, _)| *key);
        entries_file(&kept)
    }
}

fn shard_of(key: u64) -> usize {
    (key % SHARDS as u64) as usize
}

fn shard_path(folder: &Path, shard: usize) -> PathBuf {
    folder.join(format!("{shard:02x}"))
}

/// The file of `entries`: (key, length, bytes) after each other.
fn entries_file(entries: &[(u64, &[u8])]) -> Vec<u8> {
    let size = entries.iter().map(|(_, bytes)| bytes.len() + 16).sum();
    let mut body = Vec::with_capacity(size);
    for (key, packed) in entries {
        body.extend_from_slice(&key.to_le_bytes());
        body.extend_from_slice(&(packed.len() as u64).to_le_bytes());
        body.extend_from_slice(packed);
    }
    wrap_entry(&body)
}

/// The shard at `path`; `None` when it is damaged, none when there is no
/// file.
fn read_shard(path: &Path) -> Option<Shard> {
    let Ok(bytes) = std::fs::read(path) else {
        return Some(Shard::default());
    };
    let body = unwrap_entry(bytes)?;
    let mut found = HashMap::new();
    let mut at = 0;
    while at < body.len() {
        let key = u64::from_le_bytes(body.get(at..at + 8)?.try_into().ok()?);
        let len = u64::from_le_bytes(body.get(at + 8..at + 16)?.try_into().ok()?);
        let start = at + 16;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        body.get(start..end)?;
        found.insert(key, start..end);
        at = end;
    }
    Some(Shard {
        body,
        found,
        ..Shard::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_and_only_changed_shards_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let put_in_place = |written: Vec<PathBuf>| {
            for path in written {
                std::fs::rename(&path, path.with_extension("")).unwrap();
            }
        };
        let mut notes = Vec::new();
        let first = Entries::open(dir.path(), "pages", false, &mut notes);
        for key in 0..200u64 {
            first.put(key, format!("page {key}").as_bytes());
        }
        let written = first.save(dir.path()).unwrap();
        assert_eq!(written.len(), SHARDS);
        put_in_place(written);

        // Found again; nothing made and everything used: nothing written.
        let again = Entries::open(dir.path(), "pages", true, &mut notes);
        for key in 0..200u64 {
            assert_eq!(again.get(key).unwrap(), format!("page {key}").as_bytes());
        }
        assert!(again.save(dir.path()).unwrap().is_empty());

        // One entry made in place of another: two shards written, and the
        // entry no longer used is gone from its shard.
        let edited = Entries::open(dir.path(), "pages", true, &mut notes);
        for key in (0..200u64).filter(|&key| key != 5) {
            edited.get(key).unwrap();
        }
        edited.put(1_000, b"new page");
        let written = edited.save(dir.path()).unwrap();
        assert_eq!(written.len(), 2, "{written:?}");
        put_in_place(written);
        let after = Entries::open(dir.path(), "pages", true, &mut notes);
        assert_eq!(after.get(1_000).unwrap(), b"new page");
        assert_eq!(after.get(5), None);
        assert_eq!(after.get(6).unwrap(), b"page 6");
        assert_eq!(after.reused.load(Ordering::Relaxed), 2);
        assert!(notes.is_empty(), "{notes:?}");

        // A damaged shard: its entries lost, with a note; the rest kept.
        let shard = shard_path(&dir.path().join("pages"), shard_of(7));
        let mut bytes = std::fs::read(&shard).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x20;
        std::fs::write(&shard, &bytes).unwrap();
        let damaged = Entries::open(dir.path(), "pages", true, &mut notes);
        assert_eq!(damaged.get(7), None);
        assert_eq!(damaged.get(8).unwrap(), b"page 8");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("is damaged"), "{notes:?}");

        // An untrusted cache is not read, and its files go.
        let mut notes = Vec::new();
        let untrusted = Entries::open(dir.path(), "pages", false, &mut notes);
        assert_eq!(untrusted.get(8), None);
        assert!(!dir.path().join("pages").exists());
        assert!(notes.is_empty());
    }
}
