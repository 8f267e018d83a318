//! files: where guidegen opens the site's input files — content, config,
//! templates, UI strings, static files. Text is read as UTF-8 (a byte-order
//! mark is dropped); a directory is read by `read_tree`, which follows
//! symbolic links only while they stay inside the site.

use crate::base::diagnostics::{Diagnostic, Level};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Names editors and operating systems leave beside real files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

/// A path relative to `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a file as UTF-8 text; a byte-order mark is dropped.
pub fn read_text(abs: &Path, path: &str) -> Result<Arc<str>, Diagnostic> {
    let bytes = std::fs::read(abs)
        .map_err(|e| Diagnostic::file(Level::Error, path, format!("cannot read: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            return Err(Diagnostic::error_at(
                path,
                valid,
                valid.len(),
                "not UTF-8 text (guidegen reads content as UTF-8)",
            ));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error_at(path, &text, 0, "empty file"));
    }
    Ok(Arc::from(text))
}

/// Reads every file under `dir` into `into`, keyed by its path below `dir`.
///
/// Symbolic links are followed, but only to files and directories inside the
/// site `root`: one that resolves outside it (`static/key -> ~/.ssh/id_rsa`)
/// is skipped with a warning, so neither a build nor `guidegen serve` can
/// publish a file from elsewhere on the machine. Every file that can be read
/// is inserted; `Err` carries the diagnostics (errors, or only warnings when
/// a link was skipped).
pub fn read_tree(
    dir: &Path,
    root: &Path,
    into: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let shown = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    // Links are judged by where they really point, so the root is too.
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or(dir.to_path_buf(), Path::to_path_buf);
                // A link to a directory above the site is a loop to walkdir,
                // but first of all a link out of the site.
                let outside = e
                    .loop_ancestor()
                    .and_then(|a| a.canonicalize().ok())
                    .filter(|a| !a.starts_with(&real_root));
                diags.push(match outside {
                    Some(target) => skipped_link(&shown(&path), &target.display().to_string()),
                    None => {
                        Diagnostic::file(Level::Error, &shown(&path), format!("cannot read: {e}"))
                    }
                });
                continue;
            }
        };
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            if !target.as_ref().is_ok_and(|t| t.starts_with(&real_root)) {
                let target = target.map_or_else(|e| e.to_string(), |t| t.display().to_string());
                diags.push(skipped_link(&shown(entry.path()), &target));
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                into.insert(key, bytes);
            }
            Err(e) => {
                diags.push(Diagnostic::file(
                    Level::Error,
                    &shown(entry.path()),
                    format!("cannot read: {e}"),
                ));
            }
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

fn skipped_link(shown: &str, target: &str) -> Diagnostic {
    Diagnostic::file(
        Level::Warning,
        shown,
        format!(
            "skipped: a symbolic link to {target}, outside the site; \
             copy the file into the site instead"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn read_tree_skips_symlinks_that_leave_the_site() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("secret");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("key.txt"), "secret").unwrap();
        let root = dir.path().join("site");
        let stat = root.join("static");
        std::fs::create_dir_all(stat.join("css")).unwrap();
        std::fs::write(stat.join("css/site.css"), "a{}").unwrap();
        std::fs::write(root.join("shared.txt"), "shared").unwrap();
        symlink(outside.join("key.txt"), stat.join("key.txt")).unwrap();
        symlink(&outside, stat.join("secrets")).unwrap();
        symlink("../../shared.txt", stat.join("css/shared.txt")).unwrap();
        symlink("css", stat.join("styles")).unwrap();
        symlink(dir.path(), stat.join("up")).unwrap();
        let mut files = BTreeMap::new();
        let diags = read_tree(&stat, &root, &mut files).unwrap_err();
        let keys: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "css/shared.txt",
                "css/site.css",
                "styles/shared.txt",
                "styles/site.css"
            ]
        );
        let mut skipped: Vec<(&str, Level)> =
            diags.iter().map(|d| (d.path.as_str(), d.level)).collect();
        skipped.sort();
        assert_eq!(
            skipped,
            [
                ("static/key.txt", Level::Warning),
                ("static/secrets", Level::Warning),
                ("static/up", Level::Warning)
            ]
        );
        assert!(diags[0].message.contains("outside the site"), "{diags:?}");
    }
}
