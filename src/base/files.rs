//! files: the one place guidegen opens the site's input files — content,
//! config, templates, UI strings, theme and static files. Every path is
//! resolved, symbolic links included, and read only when it ends inside the
//! site root (or a folder `allow_outside` lists): a build from someone
//! else's pull request can never read, publish or quote a file from
//! elsewhere on the machine. Text is read as UTF-8 (a byte-order mark is
//! dropped).

use crate::base::diagnostics::{Diagnostic, Level};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
    let Ok(rel) = path.strip_prefix(root) else {
        // Shown as it is: joining its components would double the root's `/`.
        return path.to_string_lossy().into_owned();
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes a new file, making its folders; never replaces a file, even one
/// that appeared since the caller looked (`create_new`).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The folders a build may read: the site root and the folders its
/// `allow_outside` setting lists, all by their real (resolved) paths.
#[derive(Debug, Clone)]
pub struct SiteBoundary {
    /// The root as given: diagnostics show paths relative to it.
    root: PathBuf,
    real_root: PathBuf,
    allowed: Vec<PathBuf>,
}

/// A path that resolves outside the site, and so is never read.
#[derive(Debug, Clone, PartialEq)]
pub struct Outside {
    /// The path as the site shows it: the symbolic link that leaves the
    /// site when there is one, else the path itself.
    pub shown: String,
    /// Where it really leads.
    pub target: PathBuf,
    pub through_link: bool,
}

impl Outside {
    /// What is wrong, in words that name the link and where it points.
    pub fn message(&self) -> String {
        let target = self.target.display();
        if self.through_link {
            format!(
                "skipped: a symbolic link to {target}, outside the site; copy the file into the \
                 site instead (or list its folder in allow_outside in guidegen.toml)"
            )
        } else {
            format!("{target} is outside the site; guidegen reads only files inside it")
        }
    }

    /// The warning a skipped file or folder gets.
    pub fn warning(&self) -> Diagnostic {
        Diagnostic::file(Level::Warning, &self.shown, self.message())
    }
}

/// One thing `SiteBoundary::walk` found.
pub enum Walked {
    /// A regular file inside the boundary.
    File(walkdir::DirEntry),
    /// A FIFO, socket or device inside the boundary.
    Special(walkdir::DirEntry),
    /// A link out of the site that was skipped, or a folder that could not
    /// be read.
    Refused(Diagnostic),
}

impl SiteBoundary {
    /// The boundary of the site at `root`, with nothing allowed outside it.
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            real_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            allowed: Vec::new(),
        }
    }

    /// The same boundary, also admitting the given folders (real paths).
    pub fn allowing(mut self, folders: Vec<PathBuf>) -> Self {
        self.allowed = folders;
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn contains(&self, real: &Path) -> bool {
        real.starts_with(&self.real_root) || self.allowed.iter().any(|a| real.starts_with(a))
    }

    /// `Ok` when `abs` resolves inside the boundary (or does not exist, so
    /// that reading it fails with its own error); `Err` names where it leads.
    pub fn admit(&self, abs: &Path) -> Result<(), Outside> {
        let Ok(real) = abs.canonicalize() else {
            return Ok(());
        };
        if self.contains(&real) {
            return Ok(());
        }
        Err(self.outside(abs, real))
    }

    /// Names the first symbolic link on the way from the root to `abs`
    /// that leaves the boundary, or `abs` itself when none does.
    fn outside(&self, abs: &Path, real: PathBuf) -> Outside {
        let mut walked = PathBuf::new();
        for component in abs.components() {
            walked.push(component);
            let is_link = walked.symlink_metadata().is_ok_and(|m| m.is_symlink());
            if !is_link || !walked.starts_with(&self.root) {
                continue;
            }
            if let Ok(target) = walked.canonicalize() {
                if !self.contains(&target) {
                    return Outside {
                        shown: rel_path(&self.root, &walked),
                        target,
                        through_link: true,
                    };
                }
            }
        }
        Outside {
            shown: rel_path(&self.root, abs),
            through_link: abs.is_symlink(),
            target: real,
        }
    }

    /// `admit` for a path that may not exist yet: its nearest existing
    /// folder is judged, so nothing is created through a link out of the
    /// site.
    pub fn admit_new(&self, path: &Path) -> Result<(), Outside> {
        let existing = path.ancestors().find(|a| a.exists()).unwrap_or(&self.root);
        self.admit(existing)
    }

    /// Reads a file inside the boundary; a file outside is not opened.
    pub fn read_bytes(&self, abs: &Path, path: &str) -> Result<Vec<u8>, Diagnostic> {
        self.admit(abs).map_err(|o| o.warning())?;
        std::fs::read(abs)
            .map_err(|e| Diagnostic::file(Level::Error, path, format!("cannot read: {e}")))
    }

    /// Reads a file inside the boundary as UTF-8 text; a byte-order mark is
    /// dropped, and an empty file is an error.
    pub fn read_text(&self, abs: &Path, path: &str) -> Result<Arc<str>, Diagnostic> {
        let bytes = self.read_bytes(abs, path)?;
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

    /// Walks `dir` in name order, following symbolic links only while they
    /// stay inside the boundary; entries whose name `skip` matches (below
    /// `dir`) are left out with everything under them.
    pub fn walk(&self, dir: &Path, skip: impl Fn(&str) -> bool, mut each: impl FnMut(Walked)) {
        if let Err(outside) = self.admit(dir) {
            each(Walked::Refused(outside.warning()));
            return;
        }
        let mut entries = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !skip(&e.file_name().to_string_lossy()));
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or(dir.to_path_buf(), Path::to_path_buf);
                    each(Walked::Refused(self.walk_error(&path, &e)));
                    continue;
                }
            };
            if entry.path_is_symlink() {
                if let Err(outside) = self.admit(entry.path()) {
                    each(Walked::Refused(outside.warning()));
                    if entry.file_type().is_dir() {
                        entries.skip_current_dir();
                    }
                    continue;
                }
            }
            if entry.file_type().is_file() {
                each(Walked::File(entry));
            } else if !entry.file_type().is_dir() {
                each(Walked::Special(entry));
            }
        }
    }

    fn walk_error(&self, path: &Path, e: &walkdir::Error) -> Diagnostic {
        let shown = rel_path(&self.root, path);
        match e.loop_ancestor() {
            // A link to a folder above the site is a loop to walkdir, but
            // first of all a link out of the site.
            Some(ancestor) => match ancestor.canonicalize() {
                Ok(target) if !self.contains(&target) => Outside {
                    shown,
                    target,
                    through_link: true,
                }
                .warning(),
                _ => Diagnostic::file(
                    Level::Error,
                    &shown,
                    "symbolic link loop; the link is skipped",
                ),
            },
            None => Diagnostic::file(
                Level::Error,
                &shown,
                format!(
                    "cannot read: {}",
                    e.io_error().map_or(e.to_string(), |io| io.to_string())
                ),
            ),
        }
    }

    /// Reads every file under `dir` into `into`, keyed by its path below
    /// `dir`. Every file that can be read is inserted; `Err` carries the
    /// diagnostics (errors, or only warnings when a link was skipped).
    pub fn read_tree(
        &self,
        dir: &Path,
        into: &mut BTreeMap<String, Vec<u8>>,
    ) -> Result<(), Vec<Diagnostic>> {
        let mut diags = Vec::new();
        self.walk(
            dir,
            |_| false,
            |walked| match walked {
                Walked::File(entry) => {
                    let key = rel_path(dir, entry.path());
                    match self.read_bytes(entry.path(), &rel_path(&self.root, entry.path())) {
                        Ok(bytes) => {
                            into.insert(key, bytes);
                        }
                        Err(d) => diags.push(d),
                    }
                }
                Walked::Special(_) => {}
                Walked::Refused(d) => diags.push(d),
            },
        );
        if diags.is_empty() {
            Ok(())
        } else {
            Err(diags)
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_and_system_leftovers_are_ignored_names() {
        for name in [
            ".git",
            ".DS_Store",
            "a.md~",
            "a.swp",
            "a.swx",
            "a.tmp",
            "#a.md#",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in [
            "a.md",
            "a~b.md",
            "tmp",
            "a.swp.md",
            "a#b.md",
            "residency.zh.md",
        ] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn write_new_makes_folders_and_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/new.md");
        write_new(&path, b"first").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        let refused = write_new(&path, b"second").unwrap_err();
        assert!(refused.starts_with("cannot write "), "{refused}");
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
    }

    #[test]
    fn relative_paths_use_slashes_and_keep_foreign_paths_whole() {
        let root = Path::new("/site");
        assert_eq!(
            rel_path(root, Path::new("/site/content/a.md")),
            "content/a.md"
        );
        assert_eq!(rel_path(root, Path::new("/site")), "");
        assert_eq!(rel_path(root, Path::new("/other/b.md")), "/other/b.md");
    }

    #[test]
    fn outside_says_where_a_path_leads_and_how_to_allow_it() {
        let link = Outside {
            shown: "static/secrets".into(),
            target: PathBuf::from("/srv/secrets"),
            through_link: true,
        };
        assert_eq!(
            link.message(),
            "skipped: a symbolic link to /srv/secrets, outside the site; copy the file into the \
             site instead (or list its folder in allow_outside in guidegen.toml)"
        );
        let warning = link.warning();
        assert_eq!(
            (warning.level, warning.path.as_str(), warning.line),
            (Level::Warning, "static/secrets", 0)
        );
        let path = Outside {
            through_link: false,
            ..link
        };
        assert_eq!(
            path.message(),
            "/srv/secrets is outside the site; guidegen reads only files inside it"
        );
    }

    #[test]
    fn text_is_utf8_without_its_bom_and_never_empty() {
        let dir = tempfile::tempdir().unwrap();
        let boundary = SiteBoundary::new(dir.path());
        let file = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let bom = file("bom.md", "\u{feff}# Title\n".as_bytes());
        assert_eq!(
            boundary.read_text(&bom, "bom.md").unwrap().as_ref(),
            "# Title\n"
        );
        let plain = file("plain.md", b"# T\n");
        assert_eq!(
            boundary.read_text(&plain, "plain.md").unwrap().as_ref(),
            "# T\n"
        );
        let blank = file("blank.md", "\u{feff} \n\t\n".as_bytes());
        let err = boundary.read_text(&blank, "blank.md").unwrap_err();
        assert_eq!(
            (
                err.level,
                err.path.as_str(),
                err.line,
                err.column,
                err.message.as_str()
            ),
            (Level::Error, "blank.md", 1, 1, "empty file")
        );
        let latin1 = file("latin1.md", b"ok\nna\xefve\n");
        let err = boundary.read_text(&latin1, "latin1.md").unwrap_err();
        assert_eq!(
            (err.line, err.column, err.message.as_str()),
            (2, 3, "not UTF-8 text (guidegen reads content as UTF-8)")
        );
        let missing = boundary
            .read_text(&dir.path().join("missing.md"), "missing.md")
            .unwrap_err();
        assert_eq!(
            (missing.level, missing.path.as_str()),
            (Level::Error, "missing.md")
        );
        assert!(
            missing.message.starts_with("cannot read: No such file"),
            "{missing:?}"
        );
        // A missing path is admitted: reading it fails with its own error.
        assert_eq!(boundary.admit(&dir.path().join("missing.md")), Ok(()));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_outside_the_root_is_shown_as_itself() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        // A link in the site straight to a file outside it.
        symlink(dir.path().join("secret.txt"), root.join("key.txt")).unwrap();
        // A link outside the site, asked for directly.
        symlink(dir.path().join("secret.txt"), dir.path().join("alias.txt")).unwrap();
        let boundary = SiteBoundary::new(&root);
        let direct = boundary.admit(&root.join("key.txt")).unwrap_err();
        assert_eq!(direct.shown, "key.txt");
        assert!(direct.through_link);
        let alias = dir.path().join("alias.txt");
        let refused = boundary.admit(&alias).unwrap_err();
        assert_eq!(refused.shown, alias.display().to_string());
        assert_eq!(
            refused.target,
            dir.path().join("secret.txt").canonicalize().unwrap()
        );
        assert!(refused.through_link);
        let err = boundary.read_bytes(&alias, "alias.txt").unwrap_err();
        assert_eq!(err.level, Level::Warning);
        assert_eq!(boundary.root(), root.as_path());
    }

    #[cfg(unix)]
    #[test]
    fn walk_reports_files_specials_loops_and_dangling_links_in_name_order() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        // The walked folder's own name would be skipped: it is walked anyway.
        let root = dir.path().join(".site");
        let content = root.join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        std::fs::create_dir_all(content.join(".git")).unwrap();
        std::fs::write(content.join("a/one.md"), "1").unwrap();
        std::fs::write(content.join(".git/HEAD"), "x").unwrap();
        std::fs::write(content.join("b.md~"), "x").unwrap();
        std::fs::write(content.join("c.md"), "3").unwrap();
        symlink("..", content.join("a/loop")).unwrap();
        symlink("gone.md", content.join("dangling.md")).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            content.join("pipe"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let mut seen = Vec::new();
        SiteBoundary::new(&root).walk(&content, is_ignored_name, |walked| {
            seen.push(match walked {
                Walked::File(e) => format!("file {}", rel_path(&root, e.path())),
                Walked::Special(e) => format!("special {}", rel_path(&root, e.path())),
                Walked::Refused(d) => format!("{:?} {}: {}", d.level, d.path, d.message),
            })
        });
        assert_eq!(
            seen,
            [
                "Error content/a/loop: symbolic link loop; the link is skipped".to_string(),
                "file content/a/one.md".into(),
                "file content/c.md".into(),
                "Error content/dangling.md: cannot read: No such file or directory (os error 2)"
                    .into(),
                "special content/pipe".into(),
            ]
        );
        let mut clean = BTreeMap::new();
        std::fs::remove_file(content.join("a/loop")).unwrap();
        assert_eq!(
            SiteBoundary::new(&root).read_tree(&content, &mut clean),
            Err(vec![Diagnostic::file(
                Level::Error,
                "content/dangling.md",
                "cannot read: No such file or directory (os error 2)"
            )])
        );
        std::fs::remove_file(content.join("dangling.md")).unwrap();
        let mut clean = BTreeMap::new();
        assert_eq!(
            SiteBoundary::new(&root).read_tree(&content, &mut clean),
            Ok(())
        );
        // Ignored names are only skipped by `walk`'s caller, not by read_tree.
        assert_eq!(
            clean.keys().collect::<Vec<_>>(),
            [".git/HEAD", "a/one.md", "b.md~", "c.md"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn walking_a_folder_that_leaves_the_site_reads_nothing() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        std::fs::write(dir.path().join("elsewhere/x.md"), "x").unwrap();
        symlink(dir.path().join("elsewhere"), root.join("content")).unwrap();
        let mut seen = Vec::new();
        SiteBoundary::new(&root).walk(
            &root.join("content"),
            |_| false,
            |walked| {
                seen.push(match walked {
                    Walked::Refused(d) => (d.level, d.path),
                    _ => panic!("read through a link out of the site"),
                })
            },
        );
        assert_eq!(seen, [(Level::Warning, "content".to_string())]);
    }

    #[cfg(unix)]
    #[test]
    fn admit_names_the_link_that_leaves_the_site_and_allowing_admits_its_folder() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("shared");
        std::fs::create_dir_all(outside.join("guides")).unwrap();
        std::fs::write(outside.join("guides/a.md"), "outside").unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/in.md"), "inside").unwrap();
        symlink(&outside, root.join("content/linked")).unwrap();
        let boundary = SiteBoundary::new(&root);
        let file = root.join("content/linked/guides/a.md");
        let refused = boundary.admit(&file).unwrap_err();
        assert_eq!(refused.shown, "content/linked");
        assert_eq!(refused.target, outside.canonicalize().unwrap());
        assert!(refused.through_link);
        let read = boundary.read_text(&file, "content/linked/guides/a.md");
        assert_eq!(read.unwrap_err().level, Level::Warning);
        assert!(boundary.admit(&root.join("content/in.md")).is_ok());
        // `..` is resolved, not compared as text.
        let climbed = root.join("content/../../shared/guides/a.md");
        assert!(!boundary.admit(&climbed).unwrap_err().through_link);
        let allowing =
            SiteBoundary::new(&root).allowing(vec![outside.join("guides").canonicalize().unwrap()]);
        assert!(allowing.admit(&file).is_ok());
        assert!(allowing
            .admit(&outside.join("guides/../guides/a.md"))
            .is_ok());
        assert_eq!(allowing.read_text(&file, "x").unwrap().as_ref(), "outside");
    }

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
        let diags = SiteBoundary::new(&root)
            .read_tree(&stat, &mut files)
            .unwrap_err();
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
