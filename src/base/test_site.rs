//! test_site: copies of the fixture sites under `tests/fixtures/`, for unit
//! tests that build a site (the incremental edit classification, language
//! editions).

use std::path::{Path, PathBuf};

/// A copy of `tests/fixtures/NAME` in a temporary folder, removed on drop.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// Writes `text` at `rel` under `root`, making its folders.
pub fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Appends `text` to the file at `rel` under `root`.
pub fn append(root: &Path, rel: &str, text: &str) -> PathBuf {
    let old = std::fs::read_to_string(root.join(rel)).unwrap();
    write(root, rel, &format!("{old}{text}"))
}

/// Replaces the first `from` in `rel` (which must hold it) by `to`.
pub fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    assert!(text.contains(from), "{rel} holds no {from:?}");
    write(root, rel, &text.replacen(from, to, 1))
}
