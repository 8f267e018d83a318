//! build_cache: what `build --cache DIR` keeps between runs, so that CI
//! rebuilds only what changed. Every page's HTML is kept under a key of its
//! whole input (template set, template, context: the key `serve`'s memo
//! uses), every rendered Markdown document under the key of its inputs,
//! each document as a print page holds it (ids prefixed) under a key of
//! its HTML and prefix, what the search index reads of each page under the
//! page's key, and each edition's search bundle under a key of
//! everything it indexes; the resized images and social cards go in
//! the same folder, named by a hash of their input (a failed build may
//! leave some there: each is right for whatever input names it). Output
//! is byte for byte what a build without the cache writes.
//!
//! A cache is trusted only when its manifest names this very build of
//! guidegen and this site; otherwise (another version, another site, a
//! damaged file) it is set aside with a one-line note and refilled.

use super::cache_entries::Entries;
use crate::base::cache::{Cache, CacheRoot};
use crate::base::packed::{Packed, Text};
use crate::markdown::RenderedDoc;
use crate::render::store::{Compact, RenderStore};
use crate::search::{BundleCache, ReadingStore};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Names the build of guidegen (version and a fingerprint of its sources
/// and compiler) whose keys and output a cache holds.
const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), " ", env!("GUIDEGEN_BUILD_ID"));

const MANIFEST: &str = "manifest";
const PAGES: &str = "pages";
const DOCUMENTS: &str = "documents";
const PRINT: &str = "print";
const READINGS: &str = "search-pages";
const SEARCH: &str = "search";

/// The cache of one build: what it found in the folder, and what this
/// build used or made, which is what the folder keeps afterwards.
pub(crate) struct BuildCache {
    root: CacheRoot,
    /// `site URL` line of the manifest this build writes.
    site: String,
    pages: Entries,
    documents: Entries,
    /// Documents with their ids prefixed, as a print page holds them.
    print: Entries,
    /// Each page as the search index read it (`search::ReadingStore`).
    readings: Entries,
    bundles: Cache,
    bundles_used: Mutex<BTreeSet<String>>,
    /// Bundles this build wrote where there was none: a failed build
    /// (whose search index may have started early) removes them.
    bundles_made: Mutex<Vec<String>>,
    bundles_reused: AtomicUsize,
    notes: Mutex<Vec<String>>,
}

impl BuildCache {
    /// The cache in `dir` for the site at `base_url`; a note for each
    /// reason what is in it is not used.
    pub(crate) fn open(dir: &Path, base_url: &str) -> Self {
        let root = CacheRoot::at(dir);
        let site = format!("site {base_url}");
        let mut notes = Vec::new();
        let shown = dir.display();
        let manifest = std::fs::read_to_string(dir.join(MANIFEST)).ok();
        let trusted = match manifest.as_deref().map(|m| m.lines().collect::<Vec<_>>()) {
            None => false,
            Some(lines) if lines.first() != Some(&format!("guidegen {BUILD}").as_str()) => {
                let by = lines.first().and_then(|l| l.strip_prefix("guidegen "));
                let by = by.unwrap_or("something else");
                notes.push(format!(
                    "cache: {shown} was written by guidegen {by}, not this build ({BUILD}); building without it"
                ));
                false
            }
            Some(lines) if lines.get(1) != Some(&site.as_str()) => {
                notes.push(format!(
                    "cache: {shown} holds another site's build; building without it"
                ));
                false
            }
            Some(_) => true,
        };
        if !trusted {
            // Nothing of another build is read: its entries go.
            for feature in [SEARCH, "images", "cards"] {
                root.feature(feature, true).retain(&BTreeSet::new());
            }
        }
        BuildCache {
            site,
            pages: Entries::open(dir, PAGES, trusted, &mut notes),
            documents: Entries::open(dir, DOCUMENTS, trusted, &mut notes),
            print: Entries::open(dir, PRINT, trusted, &mut notes),
            readings: Entries::open(dir, READINGS, trusted, &mut notes),
            bundles: root.feature(SEARCH, true),
            bundles_used: Mutex::default(),
            bundles_made: Mutex::default(),
            bundles_reused: AtomicUsize::new(0),
            notes: Mutex::new(notes),
            root,
        }
    }

    /// Where the images and cards are kept.
    pub(crate) fn root(&self) -> &CacheRoot {
        &self.root
    }

    /// Why some of the cache was not used, a line each.
    pub(crate) fn notes(&self) -> Vec<String> {
        self.notes.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// What was taken from the cache: (name, how many) for `--timings`.
    pub(crate) fn reused(&self) -> [(&'static str, usize); 3] {
        let count = |n: &AtomicUsize| n.load(Ordering::Relaxed);
        [
            ("documents from the cache", count(&self.documents.reused)),
            ("pages from the cache", count(&self.pages.reused)),
            ("search bundles from the cache", count(&self.bundles_reused)),
        ]
    }

    /// Writes the pages and documents this build used, beside the files
    /// they replace (`finish` puts them in place): done while the search
    /// index is built.
    pub(crate) fn save_rendered(&self) -> std::io::Result<Vec<PathBuf>> {
        let dir = self.root.path();
        let mut saved = Vec::new();
        for entries in [&self.pages, &self.documents, &self.print, &self.readings] {
            saved.extend(entries.save(dir)?);
        }
        Ok(saved)
    }

    /// For a build that succeeded: puts what `save_rendered` wrote in place,
    /// keeps only the bundles this build used, then the manifest that
    /// vouches for them. For one that failed (`succeeded` false), drops
    /// what was written: the cache stays as it was. A failure is a note:
    /// the site is built either way.
    pub(crate) fn finish(
        self,
        saved: std::io::Result<Vec<PathBuf>>,
        succeeded: bool,
    ) -> Option<String> {
        let dir = self.root.path().to_path_buf();
        let written = (|| {
            let saved = saved?;
            if !succeeded {
                for temp in saved {
                    let _ = std::fs::remove_file(temp);
                }
                for name in self.bundles_made.into_inner().unwrap_or_default() {
                    self.bundles.remove(&name);
                }
                return Ok(());
            }
            for temp in saved {
                std::fs::rename(&temp, temp.with_extension(""))?;
            }
            let keep = self.bundles_used.into_inner();
            self.bundles
                .retain(&keep.unwrap_or_else(|e| e.into_inner()));
            let manifest = format!("guidegen {BUILD}\n{}\n", self.site);
            write_atomically(&dir.join(MANIFEST), manifest.as_bytes())
        })();
        written
            .err()
            .map(|e| format!("cache: could not be saved in {}: {e}", dir.display()))
    }
}

/// A rendered document as the cache keeps it: one whose every part can be
/// kept (no diagnostics to report again, no links or images to check
/// against the output, no images to publish or resize). Its entry is the
/// length of the rest's JSON, that JSON, then the HTML as it is packed in
/// memory, so a document from the cache is not unpacked and packed again.
#[derive(serde::Serialize, serde::Deserialize)]
struct KeptDocument {
    toc: Vec<crate::markdown::TocEntry>,
    tasks: Vec<crate::markdown::TaskItem>,
    has_code: bool,
}

impl KeptDocument {
    /// The entry of `doc`, if it can be kept.
    fn entry(doc: &RenderedDoc) -> Option<Vec<u8>> {
        let checked = doc.diagnostics.is_empty() && doc.local_links.is_empty();
        let no_images = doc.images.is_empty() && doc.responsive.is_empty();
        if !(checked && no_images) {
            return None;
        }
        let rest = KeptDocument {
            toc: doc.toc.clone(),
            tasks: doc.tasks.clone(),
            has_code: doc.has_code,
        };
        let json = serde_json::to_vec(&rest).ok()?;
        let packed;
        let html = match &doc.html {
            Text::Packed(html) => html.as_bytes(),
            Text::Plain(html) => {
                packed = Packed::new(html);
                packed.as_bytes()
            }
        };
        let mut entry = Vec::with_capacity(4 + json.len() + html.len());
        entry.extend_from_slice(&u32::try_from(json.len()).ok()?.to_le_bytes());
        entry.extend_from_slice(&json);
        entry.extend_from_slice(html);
        Some(entry)
    }

    /// The document an entry holds, if whole.
    fn document(mut entry: Vec<u8>) -> Option<RenderedDoc> {
        let json_len = u32::from_le_bytes(entry.get(..4)?.try_into().ok()?) as usize;
        let html_at = json_len.checked_add(4)?;
        let rest: KeptDocument = serde_json::from_slice(entry.get(4..html_at)?).ok()?;
        let html = Packed::from_packed(entry.split_off(html_at))?;
        Some(RenderedDoc {
            html: Text::Packed(html),
            toc: rest.toc,
            tasks: rest.tasks,
            has_code: rest.has_code,
            ..RenderedDoc::default()
        })
    }
}

impl RenderStore for BuildCache {
    fn document(&self, key: &dyn Fn() -> u64, render: &dyn Fn() -> RenderedDoc) -> RenderedDoc {
        let key = key();
        if let Some(doc) = self.documents.get(key).and_then(KeptDocument::document) {
            return doc;
        }
        let doc = Compact.document(&|| key, render);
        if let Some(entry) = KeptDocument::entry(&doc) {
            self.documents.put(key, &entry);
        }
        doc
    }

    fn page(
        &self,
        key: u64,
        render: &dyn Fn() -> Result<String, tera::Error>,
    ) -> Result<String, tera::Error> {
        if let Some(html) = self.pages.get(key).and_then(|b| String::from_utf8(b).ok()) {
            return Ok(html);
        }
        let html = render()?;
        self.pages.put(key, html.as_bytes());
        Ok(html)
    }

    fn holds_page(&self, key: u64) -> bool {
        self.pages.holds(key)
    }

    fn text(&self, key: u64, render: &dyn Fn() -> String) -> String {
        if let Some(text) = self.print.get(key).and_then(|b| String::from_utf8(b).ok()) {
            return text;
        }
        let text = render();
        self.print.put(key, text.as_bytes());
        text
    }

    fn reuses_pages(&self) -> bool {
        true
    }
}

impl BuildCache {
    fn bundle_used(&self, name: String) {
        let mut used = self.bundles_used.lock().unwrap_or_else(|e| e.into_inner());
        used.insert(name);
    }
}

impl ReadingStore for BuildCache {
    fn get(&self, key: u64) -> Option<Vec<u8>> {
        self.readings.get(key)
    }

    fn put(&self, key: u64, reading: &[u8]) {
        self.readings.put(key, reading);
    }
}

impl BundleCache for BuildCache {
    fn get(&self, key: u64) -> Option<BTreeMap<String, Vec<u8>>> {
        let name = format!("{key:016x}");
        let files = self.bundles.read(&name).and_then(|b| decode_files(&b));
        if files.is_none() && self.bundles.holds(&name) {
            let mut notes = self.notes.lock().unwrap_or_else(|e| e.into_inner());
            notes.push(format!(
                "cache: a search bundle in {} is damaged; indexing it again",
                self.root.path().display()
            ));
        }
        let files = files?;
        self.bundles_reused.fetch_add(1, Ordering::Relaxed);
        self.bundle_used(name);
        Some(files)
    }

    fn put(&self, key: u64, files: &BTreeMap<String, Vec<u8>>) {
        let name = format!("{key:016x}");
        let new = !self.bundles.holds(&name);
        if self.bundles.write(&name, &encode_files(files)).is_ok() {
            if new {
                let mut made = self.bundles_made.lock().unwrap_or_else(|e| e.into_inner());
                made.push(name.clone());
            }
            self.bundle_used(name);
        }
    }
}

/// A bundle's files as one entry: (name length, name, length, bytes) each.
fn encode_files(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        out.extend_from_slice(&(name.len() as u64).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

fn decode_files(mut bytes: &[u8]) -> Option<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    let take = |bytes: &mut &[u8]| -> Option<Vec<u8>> {
        let len = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
        let end = 8usize.checked_add(usize::try_from(len).ok()?)?;
        let part = bytes.get(8..end)?.to_vec();
        *bytes = &bytes[end..];
        Some(part)
    };
    while !bytes.is_empty() {
        let name = String::from_utf8(take(&mut bytes)?).ok()?;
        let contents = take(&mut bytes)?;
        files.insert(name, contents);
    }
    Some(files)
}

/// Writes beside `path` and renames into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = path.with_extension(format!("{}.tmp", std::process::id()));
    std::fs::write(&temp, bytes)
        .and_then(|()| std::fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_come_back_as_they_were_stored() {
        let files: BTreeMap<String, Vec<u8>> = [
            ("pagefind/a".to_string(), vec![1, 2]),
            ("pagefind/b".to_string(), vec![]),
        ]
        .into();
        assert_eq!(decode_files(&encode_files(&files)), Some(files.clone()));
        let encoded = encode_files(&files);
        assert_eq!(decode_files(&encoded[..encoded.len() - 1]), None);
    }

    #[test]
    fn a_kept_document_comes_back_packed_as_it_was() {
        let mut html = Text::from("<h2 id=\"a\">Résidence 数据</h2>".to_string());
        html.pack();
        let doc = RenderedDoc {
            html,
            has_code: true,
            ..RenderedDoc::default()
        };
        let entry = KeptDocument::entry(&doc).unwrap();
        let back = KeptDocument::document(entry.clone()).unwrap();
        assert!(matches!(back.html, Text::Packed(_)));
        assert_eq!(back.html.get(), doc.html.get());
        assert!(back.has_code);
        // Cut short or with a wrong length: not a document.
        assert!(KeptDocument::document(entry[..entry.len() - 1].to_vec()).is_none());
        let mut wrong = entry;
        wrong[0] = 0xff;
        assert!(KeptDocument::document(wrong).is_none());
        // A document with a diagnostic is not kept.
        let mut warned = doc;
        warned
            .diagnostics
            .push(crate::base::diagnostics::Diagnostic::file(
                crate::base::diagnostics::Level::Warning,
                "a.md",
                "w",
            ));
        assert!(KeptDocument::entry(&warned).is_none());
    }
}
