//! write: puts a rendered `Site` on disk. The new tree is written to a
//! temporary sibling of the output directory (`Staging`; `build` streams its
//! pages there as they render) and swapped in at the end, so a failed or
//! interrupted build leaves the previous output as it was. guidegen
//! only ever replaces a directory that carries its marker file, and never one
//! that is, or contains, the site root or `content/`.

mod streamed;

pub(crate) use streamed::Streamed;

use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::site::Site;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The file that marks a directory as guidegen's to replace.
pub const MARKER: &str = ".guidegen-output";

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::file(
        Level::Error,
        &path.display().to_string(),
        format!("{what}: {e}"),
    )
}

/// `path` made absolute and free of `.`/`..`, resolving symlinks of the part
/// that exists.
fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = path.clone();
    let mut rest = Vec::new();
    // Each missing component is kept to be applied after the existing part
    // is resolved, `..` included (`new/../..` names the root's parent).
    while !existing.exists() {
        let mut components = existing.components();
        match components.next_back() {
            // No `.`: an absolute path's components never hold one.
            Some(last @ (Component::Normal(_) | Component::ParentDir)) => {
                rest.push(last.as_os_str().to_os_string());
                existing = components.as_path().to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        if name == ".." {
            out.pop();
        } else {
            out.push(name);
        }
    }
    out
}

/// Refuses a `build --cache` folder the build would read as a source or
/// swap away with the output (`out`, already absolute).
pub fn check_cache_dir(root: &Path, out: &Path, cache: &Path) -> Result<(), Diagnostic> {
    let dir = absolute(cache);
    let root = absolute(root);
    let refuse = |why: &str| {
        Diagnostic::file(
            Level::Error,
            &cache.display().to_string(),
            format!("refusing to keep the build cache here: {why}"),
        )
    };
    if dir.starts_with(out) || out.starts_with(&dir) {
        return Err(refuse(
            "it is inside the output directory or contains it; choose a directory such as .guidegen-cache/ci",
        ));
    }
    if root.starts_with(&dir) {
        return Err(refuse("it is or contains the site root"));
    }
    let sources = ["content", "templates", "static", "themes"];
    if sources.iter().any(|s| dir.starts_with(root.join(s))) {
        return Err(refuse(
            "it is inside the site's sources (content/, templates/, static/ or themes/)",
        ));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(refuse("it exists and is not a directory"));
    }
    Ok(())
}

/// Refuses an output directory guidegen must not replace. Returns the
/// absolute output path.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf, Diagnostic> {
    let out = absolute(output);
    let root = absolute(root);
    let refuse = |why: String| {
        Diagnostic::file(
            Level::Error,
            &output.display().to_string(),
            format!("refusing to write the site here: {why}"),
        )
    };
    if out.parent().is_none() {
        return Err(refuse("it is the file system root".into()));
    }
    if root.starts_with(&out) {
        return Err(refuse(
            "it is or contains the site root; choose a directory such as public/".into(),
        ));
    }
    if out.starts_with(root.join("content"))
        || out.starts_with(root.join("templates"))
        || out.starts_with(root.join("static"))
    {
        return Err(refuse(
            "it is inside the site's sources (content/, templates/ or static/)".into(),
        ));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(refuse("it exists and is not a directory".into()));
        }
        let empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).is_file() {
            return Err(refuse(format!(
                "it is not empty and guidegen did not create it (no {MARKER} file); remove it or choose another directory"
            )));
        }
    }
    Ok(out)
}

/// Writes `site` into `out` (already checked) by building a sibling directory
/// and swapping it in.
pub fn write(site: &Site, out: &Path) -> Result<(), Diagnostic> {
    Staging::new(out).finish(site)
}

/// The new output tree while it is written: a sibling of the output
/// directory, swapped in by `finish`. Dropped unfinished (a failed build),
/// it is removed and the previous output stays as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// Whether the directory was created (`ready`).
    ready: std::sync::OnceLock<Result<(), Diagnostic>>,
    /// The files `write_file` wrote: `finish` does not write over them.
    written: std::sync::Mutex<std::collections::HashSet<String>>,
    /// A write failed: the build fails, and the pages still rendering are
    /// not written (a full disk is one error, not one per page).
    failed: std::sync::atomic::AtomicBool,
    finished: bool,
}

impl Staging {
    /// The staging directory beside `out` (already checked), created with
    /// the first file written into it: a build that fails before it renders
    /// reports its own errors, not the output's.
    pub fn new(out: &Path) -> Staging {
        let parent = out.parent().unwrap_or(Path::new("/"));
        Staging {
            dir: parent.join(format!(
                ".{}.guidegen-new-{}",
                output_name(out),
                std::process::id()
            )),
            out: out.to_path_buf(),
            ready: std::sync::OnceLock::new(),
            written: Default::default(),
            failed: Default::default(),
            finished: false,
        }
    }

    /// Creates the staging directory, once.
    fn ready(&self) -> Result<(), Diagnostic> {
        self.ready
            .get_or_init(|| {
                let parent = self.out.parent().unwrap_or(Path::new("/"));
                std::fs::create_dir_all(parent).map_err(|e| {
                    io_error(parent, "cannot create the output's parent directory", e)
                })?;
                clean_leftovers(parent, &output_name(&self.out));
                if self.dir.exists() {
                    let _ = std::fs::remove_dir_all(&self.dir);
                }
                std::fs::create_dir(&self.dir)
                    .map_err(|e| io_error(&self.dir, "cannot create the staging directory", e))
            })
            .clone()
    }

    /// Writes one file (`rel`: relative, `/` separators) into the new tree,
    /// creating its folders. Safe to call from several threads. After the
    /// first failure, which is the one reported, nothing more is written and
    /// later calls return `Ok`.
    pub fn write_file(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.write_with(rel, |file| {
            // An error of the file is kept by the file: `write_with`
            // reports it.
            let _ = file.write_all(bytes);
            Ok(())
        })
    }

    /// `write_file`, the bytes written by `fill` straight into the file (a
    /// print page of hundreds of megabytes is never whole in memory). An
    /// error of the file is reported as such, and stops the writing;
    /// `fill`'s own error (a template's) is returned as it is, and the
    /// other files are still written, so that each reports its own.
    pub fn write_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn Write) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        use std::sync::atomic::Ordering;
        if self.failed.load(Ordering::Relaxed) {
            return Ok(());
        }
        let path = self.dir.join(rel);
        let opened = self
            .ready()
            .and_then(|()| {
                path.parent().map_or(Ok(()), |folder| {
                    std::fs::create_dir_all(folder)
                        .map_err(|e| io_error(folder, "cannot create directory", e))
                })
            })
            .and_then(|()| {
                std::fs::File::create(&path).map_err(|e| io_error(&path, "cannot write", e))
            });
        let mut file = match opened {
            Ok(file) => Recording {
                file: std::io::BufWriter::with_capacity(64 << 10, file),
                error: None,
            },
            Err(d) => return self.failed_with(d),
        };
        let filled = fill(&mut file);
        let _ = file.flush();
        if let Some(e) = file.error {
            return self.failed_with(io_error(&path, "cannot write", e));
        }
        filled?;
        if let Ok(mut written) = self.written.lock() {
            written.insert(rel.to_string());
        }
        Ok(())
    }

    /// `d` if it is the first write to fail (the one reported); from then on
    /// nothing more is written.
    fn failed_with(&self, d: Diagnostic) -> Result<(), Diagnostic> {
        let first = !self.failed.swap(true, std::sync::atomic::Ordering::Relaxed);
        if first {
            Err(d)
        } else {
            Ok(())
        }
    }

    /// Writes the files of `site` (but not over a file `write_file` wrote:
    /// a page wins over a static file at its path) and the marker, then
    /// puts the new tree in place of the output directory.
    pub fn finish(mut self, site: &Site) -> Result<(), Diagnostic> {
        if self.failed.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(io_error(
                &self.dir,
                "cannot finish the output",
                std::io::Error::other("an earlier write failed"),
            ));
        }
        self.ready()?;
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        write_tree(site, &self.dir, &written)?;
        swap_in(&self.dir, &self.out)?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished && self.ready.get().is_some_and(Result::is_ok) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A file being written that keeps its first error, so that it is reported
/// as the file's, not as an error of whoever was writing into it.
struct Recording<W> {
    file: W,
    error: Option<std::io::Error>,
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf).inspect_err(|e| self.note(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush().inspect_err(|e| self.note(e))
    }
}

impl<W> Recording<W> {
    fn note(&mut self, e: &std::io::Error) {
        if self.error.is_none() {
            self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
        }
    }
}

fn output_name(out: &Path) -> String {
    out.file_name()
        .map_or("public".into(), |n| n.to_string_lossy().to_string())
}

/// Writes the files of `site` and the marker into `dir`, which exists and
/// may already hold pages.
fn write_tree(
    site: &Site,
    dir: &Path,
    written: &std::collections::HashSet<String>,
) -> Result<(), Diagnostic> {
    let files: Vec<(&String, &bytes::Bytes)> = site
        .files
        .iter()
        .filter(|(rel, _)| !written.contains(*rel))
        .collect();
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| *rel)
        .filter_map(|k| Path::new(k).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| io_error(d, "cannot create directory", e))?;
    }
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = dir.join(rel);
        std::fs::write(&path, bytes).map_err(|e| io_error(&path, "cannot write", e))
    })?;
    let marker = dir.join(MARKER);
    std::fs::write(
        &marker,
        "This directory was written by guidegen and is replaced on every build.\n",
    )
    .map_err(|e| io_error(&marker, "cannot write", e))
}

/// Puts `staging` at `out`: one atomic exchange when `out` exists (Linux), so
/// that at every instant `out` is either the old tree or the new one.
fn swap_in(staging: &Path, out: &Path) -> Result<(), Diagnostic> {
    if !out.exists() {
        return std::fs::rename(staging, out)
            .map_err(|e| io_error(out, "cannot move the new output into place", e));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous output.
            remove_tree(staging);
            return Ok(());
        }
    }
    // Without an atomic exchange: move the old tree aside, then the new one in.
    let old = staging.with_extension("old");
    std::fs::rename(out, &old)
        .map_err(|e| io_error(out, "cannot move the previous output aside", e))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(io_error(out, "cannot move the new output into place", e));
    }
    remove_tree(&old);
    Ok(())
}

/// Removes a previous output tree, its sub-folders in parallel: tens of
/// thousands of files (a page per folder) take seconds one by one.
fn remove_tree(dir: &Path) {
    let children = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    // Two levels down: `playbooks/*` is where the folders are.
    let mut paths = Vec::new();
    for child in children(dir) {
        if child.is_dir() && !child.is_symlink() {
            paths.extend(children(&child));
        }
    }
    paths.par_iter().for_each(|p| {
        // `remove_dir_all` removes a link to a folder, not what it names.
        let _ = if p.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Removes staging directories that a killed build left behind.
fn clean_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}.guidegen-new-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let Ok(pid) = pid.trim_end_matches(".old").parse::<u32>() else {
            continue;
        };
        // Another build still running owns its staging directory.
        let alive = pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists();
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_root_its_parents_and_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, dir.path()).is_err());
        assert!(check_output_dir(&root, &root.join("content/out")).is_err());
        assert!(check_output_dir(&root, Path::new("/")).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
        assert!(check_output_dir(&root, &root.join("x/../public")).is_ok());
    }

    /// The reason `check_output_dir` gives, after its common prefix.
    fn refusal(root: &Path, output: &Path) -> String {
        let err = check_output_dir(root, output).unwrap_err();
        assert_eq!(err.level, Level::Error);
        assert_eq!(err.path, output.display().to_string());
        err.message
            .strip_prefix("refusing to write the site here: ")
            .unwrap_or_else(|| panic!("{err:?}"))
            .to_string()
    }

    #[test]
    fn each_refusal_names_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        let contains_root = "it is or contains the site root; choose a directory such as public/";
        assert_eq!(refusal(&root, &root), contains_root);
        assert_eq!(refusal(&root, dir.path()), contains_root);
        assert_eq!(refusal(&root, &root.join("content/..")), contains_root);
        // A parent of the root named through folders that do not exist.
        assert_eq!(refusal(&root, &root.join("new/../..")), contains_root);
        assert_eq!(refusal(&root, &root.join("new/./../../")), contains_root);
        assert_eq!(refusal(&root, Path::new("/")), "it is the file system root");
        let sources = "it is inside the site's sources (content/, templates/ or static/)";
        for inside in [
            "content",
            "content/out",
            "templates/x",
            "static",
            "x/../static/y",
        ] {
            assert_eq!(refusal(&root, &root.join(inside)), sources, "{inside}");
        }
        assert_eq!(
            refusal(&root, &root.join("notes.txt")),
            "it exists and is not a directory"
        );
        // Names that only start like a source folder are fine.
        for fine in ["contents", "static-site", "public", "x/../public"] {
            assert_eq!(
                check_output_dir(&root, &root.join(fine)).unwrap(),
                root.canonicalize()
                    .unwrap()
                    .join(fine.trim_start_matches("x/../")),
                "{fine}"
            );
        }
    }

    #[test]
    fn refuses_a_foreign_non_empty_directory_but_not_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        assert!(check_output_dir(dir.path(), &out).is_ok(), "empty is fine");
        std::fs::write(out.join("precious.txt"), "x").unwrap();
        assert_eq!(
            refusal(dir.path(), &out),
            format!(
                "it is not empty and guidegen did not create it (no {MARKER} file); \
                 remove it or choose another directory"
            )
        );
        // A folder named like the marker is not the marker.
        std::fs::create_dir(out.join(MARKER)).unwrap();
        assert!(check_output_dir(dir.path(), &out).is_err());
        std::fs::remove_dir(out.join(MARKER)).unwrap();
        std::fs::write(out.join(MARKER), "").unwrap();
        assert!(check_output_dir(dir.path(), &out).is_ok());
    }

    #[test]
    fn a_writer_error_keeps_the_previous_output_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut site = Site::default();
        site.files
            .insert("a/index.html".into(), b"one".to_vec().into());
        write(&site, &out).unwrap();
        let before = std::fs::read(out.join("a/index.html")).unwrap();
        // `x` is both a file and a directory: writing it fails half-way.
        let mut broken = Site::default();
        broken.files.insert("b.txt".into(), b"two".to_vec().into());
        broken.files.insert("x".into(), b"file".to_vec().into());
        broken
            .files
            .insert("x/index.html".into(), b"page".to_vec().into());
        let err = write(&broken, &out).unwrap_err();
        assert!(err.message.starts_with("cannot write"), "{err:?}");
        assert!(err.path.contains(".public.guidegen-new-"), "{err:?}");
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), before);
        assert!(!out.join("b.txt").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("public")]);
    }

    #[test]
    fn write_swaps_the_whole_tree() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut site = Site::default();
        site.files
            .insert("a/index.html".into(), b"one".to_vec().into());
        write(&site, &out).unwrap();
        site.files.clear();
        site.files.insert("b.txt".into(), b"two".to_vec().into());
        write(&site, &out).unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"two");
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("public")]);
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_page_written_while_rendering_wins_over_the_sites_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out);
        staging.write_file("a/index.html", b"page").unwrap();
        let mut site = Site::default();
        site.files
            .insert("a/index.html".into(), b"static".to_vec().into());
        site.files.insert("b/c.txt".into(), b"c".to_vec().into());
        staging.finish(&site).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"page");
        assert_eq!(std::fs::read(out.join("b/c.txt")).unwrap(), b"c");
        assert_eq!(
            std::fs::read_to_string(out.join(MARKER)).unwrap(),
            "This directory was written by guidegen and is replaced on every build.\n"
        );
        assert_eq!(names(dir.path()), ["public"]);
    }

    #[test]
    fn the_first_failed_write_is_reported_once_and_nothing_is_swapped_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out);
        staging.write_file("x", b"file").unwrap();
        let first = staging.write_file("x/a.html", b"a").unwrap_err();
        assert!(
            first.message.starts_with("cannot create directory: "),
            "{first:?}"
        );
        assert!(first.path.ends_with("/x"), "{first:?}");
        // Later writes neither fail again nor write.
        assert_eq!(staging.write_file("x/b.html", b"b"), Ok(()));
        assert_eq!(staging.write_file("fine.txt", b"f"), Ok(()));
        let err = staging.finish(&Site::default()).unwrap_err();
        assert_eq!(
            err.message,
            "cannot finish the output: an earlier write failed"
        );
        assert!(!out.exists());
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_fill_error_is_returned_as_it_is_and_other_files_are_still_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out);
        let template = Diagnostic::file(Level::Error, "templates/page.html", "bad");
        let got = staging.write_with("a/index.html", |w| {
            w.write_all(b"half")
                .map_err(|e| io_error(Path::new("w"), "w", e))?;
            Err(template.clone())
        });
        assert_eq!(got, Err(template));
        staging.write_file("b/index.html", b"b").unwrap();
        staging.finish(&Site::default()).unwrap();
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"b");
    }

    #[test]
    fn an_unfinished_staging_directory_is_removed_and_one_never_created_is_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        drop(Staging::new(&out));
        assert_eq!(names(dir.path()), Vec::<String>::new());
        // A folder at its name that this staging never created is kept.
        let theirs = dir
            .path()
            .join(format!(".public.guidegen-new-{}", std::process::id()));
        std::fs::create_dir(&theirs).unwrap();
        drop(Staging::new(&out));
        assert!(theirs.is_dir());
        std::fs::remove_dir(&theirs).unwrap();
        let staging = Staging::new(&out);
        staging.write_file("a.txt", b"a").unwrap();
        assert_eq!(
            names(dir.path()),
            [format!(".public.guidegen-new-{}", std::process::id())]
        );
        drop(staging);
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn leftovers_of_dead_builds_are_removed_and_a_running_builds_kept() {
        let dir = tempfile::tempdir().unwrap();
        let own = std::process::id();
        for name in [
            // pid 1 is always running.
            ".public.guidegen-new-1".to_string(),
            // No process has this id (above Linux's pid_max).
            ".public.guidegen-new-4294967295".into(),
            ".public.guidegen-new-4294967295.old".into(),
            // This process's own, from an earlier build: not running.
            format!(".public.guidegen-new-{own}"),
            ".public.guidegen-new-x".into(),
            ".site.guidegen-new-4294967295".into(),
            "public".into(),
        ] {
            std::fs::create_dir_all(dir.path().join(&name).join("sub")).unwrap();
        }
        clean_leftovers(dir.path(), "public");
        assert_eq!(
            names(dir.path()),
            [
                ".public.guidegen-new-1",
                ".public.guidegen-new-x",
                ".site.guidegen-new-4294967295",
                "public"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn removing_an_old_tree_never_follows_its_links() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let keep = dir.path().join("keep");
        std::fs::create_dir_all(keep.join("deep")).unwrap();
        std::fs::write(keep.join("deep/k.txt"), "k").unwrap();
        let old = dir.path().join("old");
        std::fs::create_dir_all(old.join("playbooks/a")).unwrap();
        std::fs::write(old.join("playbooks/a/index.html"), "a").unwrap();
        std::fs::write(old.join("top.txt"), "t").unwrap();
        symlink(&keep, old.join("link")).unwrap();
        symlink(&keep, old.join("playbooks/link")).unwrap();
        remove_tree(&old);
        assert!(!old.exists());
        assert_eq!(names(&keep), ["deep"]);
        assert_eq!(names(&keep.join("deep")), ["k.txt"]);
    }

    /// A writer whose writes fail after `ok_bytes`, or whose flush fails.
    struct Failing {
        ok_bytes: usize,
        flush_fails: bool,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.ok_bytes == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "disk full",
                ));
            }
            let n = buf.len().min(self.ok_bytes);
            self.ok_bytes -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            if self.flush_fails {
                Err(std::io::Error::other("flush refused"))
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn a_recording_file_keeps_its_first_error_from_a_write_or_a_flush() {
        let mut on_write = Recording {
            file: Failing {
                ok_bytes: 2,
                flush_fails: true,
            },
            error: None,
        };
        assert_eq!(on_write.write(b"abc").unwrap(), 2);
        assert!(on_write.error.is_none());
        assert!(on_write.write(b"c").is_err());
        assert!(on_write.flush().is_err());
        let kept = on_write.error.expect("the write's error is kept");
        assert_eq!(kept.kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(kept.to_string(), "disk full");
        let mut on_flush = Recording {
            file: Failing {
                ok_bytes: 10,
                flush_fails: true,
            },
            error: None,
        };
        on_flush.write_all(b"abc").unwrap();
        assert!(on_flush.flush().is_err());
        assert_eq!(on_flush.error.expect("kept").to_string(), "flush refused");
    }
}
