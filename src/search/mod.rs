//! search: builds each language edition's search index from the rendered
//! site, in memory, as more files of the `Site` (`pagefind/…`): guidegen's
//! own index (`bundle`) and the script that reads it in the browser
//! (`reader.js`, with the module API of Pagefind, whose folder name and
//! calls the theme's search script keeps). No Node.js, no second tool.
//!
//! One index holds every script of an edition: a page's Chinese, Japanese
//! or Arabic words are segmented and stemmed as their script needs
//! (`words`), so a reader of the English site also finds Chinese text.
//! Nothing here touches the disk.

mod bundle;
mod cut;
mod reading;
mod text;
mod words;

use cut::{indexable_html, indexed_part};
use reading::Reading;
use std::collections::BTreeMap;

/// What a page adds to the index besides its HTML.
#[derive(Debug, Clone, Default)]
pub struct SearchEntry {
    /// Shown with each result: title, kind, pillar, regions.
    pub meta: Vec<(&'static str, String)>,
    /// Facets: `region` and `pillar`, possibly several values each.
    pub filters: Vec<(&'static str, String)>,
}

/// A rendered page as the index reads it: read once, as it is written, so
/// that neither its HTML nor its cut need stay in memory until the index
/// is built, and kept between builds (`build --cache`) so that an edit
/// reads one page again.
#[derive(Clone)]
pub struct IndexedPage {
    pub url: String,
    pub entry: SearchEntry,
    reading: Reading,
}

impl IndexedPage {
    /// The page at `url` whose rendered HTML is `page`: its indexed part
    /// (`cut`), read (`reading`).
    pub fn new(url: String, page: &str, entry: SearchEntry) -> Self {
        let html = indexed_part(indexable_html(page));
        IndexedPage {
            reading: Reading::of(&html, &url, &entry),
            url,
            entry,
        }
    }

    /// As `new`, for a page whose whole input has the key `page_key`: its
    /// reading is taken from `store` when kept there, and kept otherwise.
    pub fn kept(
        url: String,
        page: &str,
        entry: SearchEntry,
        store: &dyn ReadingStore,
        page_key: u64,
    ) -> Self {
        let key = reading_key(page_key, &url, &entry);
        if let Some(reading) = store.get(key).and_then(Reading::from_bytes) {
            return IndexedPage {
                reading,
                url,
                entry,
            };
        }
        let page = IndexedPage::new(url, page, entry);
        store.put(key, page.reading.as_bytes());
        page
    }

    /// The page as the index read it, encoded: the same bytes for the same
    /// page.
    pub fn reading_bytes(&self) -> &[u8] {
        self.reading.as_bytes()
    }
}

/// Keeps pages as the index read them between builds (`build --cache`):
/// a page whose input did not change is not read again.
pub trait ReadingStore: Sync {
    /// The bytes kept under `key` (`IndexedPage::reading_bytes`).
    fn get(&self, key: u64) -> Option<Vec<u8>>;
    fn put(&self, key: u64, reading: &[u8]);
}

/// The key of a page's reading: the key of the page's whole input, its URL
/// and what it adds to the index.
fn reading_key(page_key: u64, url: &str, entry: &SearchEntry) -> u64 {
    let page_key = page_key.to_le_bytes();
    // Tells a metadata field from a filter of the same name and value.
    let meta_count = entry.meta.len().to_le_bytes();
    let mut parts: Vec<&[u8]> = vec![&page_key, url.as_bytes(), &meta_count];
    push_entry(&mut parts, entry);
    crate::base::fingerprint::key(&parts)
}

/// `entry`'s fields, names and values, as parts of a key.
fn push_entry<'a>(parts: &mut Vec<&'a [u8]>, entry: &'a SearchEntry) {
    for (name, value) in entry.meta.iter().chain(&entry.filters) {
        parts.push(name.as_bytes());
        parts.push(value.as_bytes());
    }
}

/// A page of the search index without its HTML, which is in the site.
#[derive(Clone)]
pub struct SearchSlot {
    /// Output path, where its HTML is.
    pub path: String,
    pub url: String,
    pub entry: SearchEntry,
}

impl SearchSlot {
    /// The page to index, from its rendered HTML.
    pub fn page(&self, html: &[u8]) -> IndexedPage {
        let html = std::str::from_utf8(html).unwrap_or_default();
        IndexedPage::new(self.url.clone(), html, self.entry.clone())
    }
}

/// Bundles an earlier build made (`build --cache`), each under a key of
/// everything it indexes: a bundle whose pages did not change is taken as
/// it is instead of indexed again.
pub trait BundleCache: Sync {
    fn get(&self, key: u64) -> Option<BTreeMap<String, Vec<u8>>>;
    fn put(&self, key: u64, files: &BTreeMap<String, Vec<u8>>);
}

/// The key of the index of `pages` (sorted by URL) for an edition in
/// `language`: everything the index is made of.
pub fn index_key(language: &str, pages: &[IndexedPage]) -> u64 {
    let dir = crate::routes::SEARCH_DIR;
    let meta_counts: Vec<[u8; 8]> = pages
        .iter()
        .map(|page| page.entry.meta.len().to_le_bytes())
        .collect();
    let mut parts: Vec<&[u8]> = vec![dir.as_bytes(), language.as_bytes()];
    for (page, meta_count) in pages.iter().zip(&meta_counts) {
        parts.extend([page.url.as_bytes(), page.reading_bytes(), meta_count]);
        push_entry(&mut parts, &page.entry);
    }
    crate::base::fingerprint::key(&parts)
}

/// Where `index` puts the bundle's files instead of returning them: a file's path (as in `index`'s map) and bytes.
/// An error (a message) stops the indexing.
pub type PartSink<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), String> + Sync);

/// Indexes `pages` into the edition's bundle (`pagefind/`) and returns
/// its files keyed by their path under the output directory; with a
/// `sink`, they go there instead (and none is returned). With a `cache`, a bundle of the
/// same pages is taken from it, and one indexed goes into it.
pub fn index(
    site_language: &str,
    mut pages: Vec<IndexedPage>,
    sink: Option<PartSink>,
    cache: Option<&dyn BundleCache>,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let language = site_language.to_ascii_lowercase();
    let dir = crate::routes::SEARCH_DIR;
    let key = cache.map(|_| index_key(&language, &pages));
    let cached = cache.zip(key).and_then(|(cache, key)| cache.get(key));
    let files = match cached {
        Some(files) => files,
        None => {
            let files = on_own_threads(|| bundle::bundle_files(&pages, &language))?
                .into_iter()
                .map(|(path, bytes)| (format!("{dir}/{path}"), bytes))
                .collect();
            if let Some((cache, key)) = cache.zip(key) {
                cache.put(key, &files);
            }
            files
        }
    };
    drop(pages);
    let Some(sink) = sink else {
        return Ok(files);
    };
    // Written side by side: a large site's index is thousands of files.
    use rayon::prelude::*;
    files
        .into_par_iter()
        .try_for_each(|(path, bytes)| sink(&path, &bytes))?;
    Ok(BTreeMap::new())
}

/// `work` (which may use rayon) on threads of the caller's own: they
/// inherit its priority (`serve` indexes at a low one, in the background),
/// which the shared pool's threads would not.
pub fn on_own_threads<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, String> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("search index: {e}"))?;
    Ok(pool.install(work))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, title: &str, body: &str, region: &str) -> IndexedPage {
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><title>{title}</title></head><body>\
             <nav>Navigation words</nav><main data-pagefind-body><h1>{title}</h1>{body}</main></body></html>"
        );
        let entry = SearchEntry {
            meta: vec![("title", title.into()), ("pillar", "Compliance".into())],
            filters: vec![("region", region.into()), ("pillar", "Compliance".into())],
        };
        IndexedPage::new(url.into(), &html, entry)
    }

    /// Readings and bundles kept in memory, as `build --cache` keeps them
    /// on disk.
    #[derive(Default)]
    struct Kept {
        readings: std::sync::Mutex<BTreeMap<u64, Vec<u8>>>,
        bundles: std::sync::Mutex<BTreeMap<u64, BTreeMap<String, Vec<u8>>>>,
    }

    impl BundleCache for Kept {
        fn get(&self, key: u64) -> Option<BTreeMap<String, Vec<u8>>> {
            self.bundles.lock().unwrap().get(&key).cloned()
        }
        fn put(&self, key: u64, files: &BTreeMap<String, Vec<u8>>) {
            self.bundles.lock().unwrap().insert(key, files.clone());
        }
    }

    impl ReadingStore for Kept {
        fn get(&self, key: u64) -> Option<Vec<u8>> {
            self.readings.lock().unwrap().get(&key).cloned()
        }
        fn put(&self, key: u64, reading: &[u8]) {
            self.readings.lock().unwrap().insert(key, reading.to_vec());
        }
    }

    #[test]
    fn a_cached_bundle_is_reused_only_for_the_same_pages() {
        let pages = |last: &str| -> Vec<IndexedPage> {
            (0..50)
                .map(|i| {
                    let body = if i == 49 { last } else { "<p>same</p>" };
                    page(&format!("/p{i:04}/"), "T", body, "KSA")
                })
                .collect()
        };
        let kept = Kept::default();
        let run = |last: &str| index("en", pages(last), None, Some(&kept)).unwrap();
        let first = run("<p>one</p>");
        assert_eq!(kept.bundles.lock().unwrap().len(), 1);
        assert_eq!(run("<p>one</p>"), first);
        assert_eq!(kept.bundles.lock().unwrap().len(), 1);
        // Another page: indexed again, and kept beside the first.
        assert_ne!(run("<p>two</p>"), first);
        assert_eq!(kept.bundles.lock().unwrap().len(), 2);
        // A kept bundle is what comes back, not a new index.
        let key = *kept.bundles.lock().unwrap().keys().next().unwrap();
        let marked = BTreeMap::from([("pagefind/x".to_string(), vec![7])]);
        kept.bundles.lock().unwrap().insert(key, marked);
        let again = [run("<p>one</p>"), run("<p>two</p>")];
        assert!(again.iter().any(|files| files.contains_key("pagefind/x")));
    }

    #[test]
    fn writes_one_bundle_with_its_reader_for_every_script() {
        let pages = vec![
            page(
                "/a/",
                "Residency",
                "<p>Data stays in the Kingdom.</p>",
                "KSA",
            ),
            page("/b/", "Tax", "<p>合规 要求</p>", "UAE"),
        ];
        let files = index("en", pages.clone(), None, None).unwrap();
        assert!(files.contains_key("pagefind/pagefind.js"));
        assert!(files.contains_key("pagefind/index.gg_meta"));
        assert!(files
            .keys()
            .any(|k| k.starts_with("pagefind/filter/region-")));
        assert!(files.keys().any(|k| k.starts_with("pagefind/chunk/")));
        assert!(
            files.keys().all(|k| k.starts_with("pagefind/")),
            "{files:?}"
        );

        // With a sink, the files go there: the same files.
        let sunk = std::sync::Mutex::new(BTreeMap::new());
        let sink = |path: &str, bytes: &[u8]| {
            sunk.lock()
                .unwrap()
                .insert(path.to_string(), bytes.to_vec());
            Ok(())
        };
        let streamed = index("en", pages.clone(), Some(&sink), None).unwrap();
        assert!(streamed.is_empty());
        assert_eq!(sunk.into_inner().unwrap(), files);

        // A sink that fails stops the index with its message.
        let full = |_: &str, _: &[u8]| Err("disk full".to_string());
        let err = index("en", pages, Some(&full), None).unwrap_err();
        assert!(err.contains("disk full"), "{err}");
    }

    #[test]
    fn a_kept_reading_is_reused_only_for_the_same_page_input() {
        let store = Kept::default();
        let first = page("/a/", "Quotas", "<p>Quota rules.</p>", "UAE");
        let html = "<html><body><main data-pagefind-body>x</main></body></html>";
        let read = IndexedPage::kept("/a/".into(), html, first.entry.clone(), &store, 7);
        assert_eq!(store.readings.lock().unwrap().len(), 1);
        // The same key: the kept reading, whatever HTML comes with it.
        let again = IndexedPage::kept("/a/".into(), "ignored", first.entry.clone(), &store, 7);
        assert_eq!(again.reading_bytes(), read.reading_bytes());
        // Another page input, URL or entry: read again, and kept too.
        let other = IndexedPage::kept("/a/".into(), "<p>new</p>", first.entry.clone(), &store, 8);
        assert_ne!(other.reading_bytes(), read.reading_bytes());
        IndexedPage::kept("/b/".into(), html, first.entry.clone(), &store, 7);
        let mut entry = first.entry.clone();
        entry.filters[0].1 = "KSA".into();
        IndexedPage::kept("/a/".into(), html, entry, &store, 7);
        assert_eq!(store.readings.lock().unwrap().len(), 4);
        // Damaged bytes under the key are not trusted: read again.
        let key = reading_key(7, "/a/", &first.entry);
        store.readings.lock().unwrap().insert(key, vec![1, 2, 3]);
        let reread = IndexedPage::kept("/a/".into(), html, first.entry.clone(), &store, 7);
        assert_eq!(reread.reading_bytes(), read.reading_bytes());
        assert_eq!(store.readings.lock().unwrap()[&key], read.reading_bytes());
    }

    #[test]
    fn a_page_with_another_facet_is_indexed_again() {
        let kept = Kept::default();
        let run = |region: &str| {
            let pages = vec![page("/a/", "T", "<p>same</p>", region)];
            index("en", pages, None, Some(&kept)).unwrap()
        };
        let ksa = run("KSA");
        let uae = run("UAE");
        assert_eq!(kept.bundles.lock().unwrap().len(), 2);
        assert_ne!(ksa, uae);
    }

    #[test]
    fn the_same_input_gives_the_same_bundle() {
        let make = || {
            index(
                "en",
                vec![
                    page("/a/", "A", "<p>alpha</p>", "KSA"),
                    page("/b/", "B", "<p>beta</p>", "UAE"),
                ],
                None,
                None,
            )
            .unwrap()
        };
        assert_eq!(make(), make());
    }

    #[test]
    fn a_giant_page_is_indexed_by_its_beginning() {
        let filler = "<p>filler words here</p>".repeat(crate::base::MAX_INDEXED_HTML / 20);
        let body = format!("<p>beginningword</p>{filler}<p>endingword</p>");
        let whole = format!("<html><body><main data-pagefind-body>{body}</main></body></html>");
        let part = cut::indexed_part(whole.clone());
        assert!(part.len() <= crate::base::MAX_INDEXED_HTML + 32);
        let kept = part.strip_suffix("</main></body></html>").unwrap();
        assert!(whole[kept.len()..].starts_with('<'), "cut before a tag");
        let big = page("/big/", "Big", &body, "KSA");
        let text = first_fragment(vec![big]);
        assert!(text.contains("beginningword") && !text.contains("endingword"));
    }

    /// The fragment of the first of `pages` in their index, as JSON text.
    fn first_fragment(pages: Vec<IndexedPage>) -> String {
        let files = index("en", pages, None, None).unwrap();
        let page = files.keys().find(|k| k.ends_with("/0.gg_page")).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&files[page][..]),
            &mut text,
        )
        .unwrap();
        text
    }

    #[test]
    fn a_glossary_tip_is_left_out_of_the_text() {
        let body = r#"<p>The law (<a class="gloss" href="/glossary/#pdpl"><span class="gloss-term">PDPL</span><span class="gloss-tip" role="tooltip" data-pagefind-ignore>Personal Data Protection Law</span></a>) applies.</p>"#;
        let text = first_fragment(vec![page("/a/", "T", body, "KSA")]);
        assert!(text.contains("The law (PDPL) applies."), "{text}");
        assert!(!text.contains("Personal"), "{text}");
    }
}
