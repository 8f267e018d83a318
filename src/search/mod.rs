//! search: builds the Pagefind index of the rendered site, from memory, as
//! more files of the `Site` (`pagefind/…`). No Node.js, no second tool.
//!
//! Pagefind keeps one index per page language, and the search page's language
//! picks the index. So that a reader of the English site still finds Chinese,
//! Japanese or Arabic text, every page that contains such text is indexed a
//! second time under that language, in a bundle of its own
//! (`pagefind-zh/` …) that the search script merges in
//! (`pagefind/guidegen.json` lists them). Chinese and Japanese are segmented
//! into words by Pagefind's `extended` feature. Nothing here touches the disk.

mod cut;
mod scripts;

use crate::base::packed::Packed;
use cut::{indexable_html, indexed_part};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use scripts::{scripts_in, with_language};
use std::collections::BTreeMap;

/// What a page adds to the index besides its HTML.
#[derive(Debug, Clone, Default)]
pub struct SearchEntry {
    /// Shown with each result: title, kind, pillar, regions.
    pub meta: Vec<(&'static str, String)>,
    /// Facets: `region` and `pillar`, possibly several values each.
    pub filters: Vec<(&'static str, String)>,
}

/// A rendered page to index: what Pagefind reads of it.
#[derive(Clone)]
pub struct IndexedPage {
    pub url: String,
    /// The page cut down to what the index reads (`indexable_html`), with
    /// its filters and metadata: a third of the page or less, so a large
    /// site's pages need not stay in memory to be indexed. Packed: a
    /// one-shot build holds them all until Pagefind reads them.
    html: Packed,
    pub entry: SearchEntry,
}

impl IndexedPage {
    /// The page at `url` whose rendered HTML is `page`.
    pub fn new(url: String, page: &str, entry: SearchEntry) -> Self {
        IndexedPage {
            html: Packed::new(&indexable_html(page, &entry)),
            url,
            entry,
        }
    }

    /// As `new`, for a page whose whole input has the key `page_key`: its
    /// cut is taken from `store` when kept there, and kept otherwise.
    pub fn kept(
        url: String,
        page: &str,
        entry: SearchEntry,
        store: &dyn CutStore,
        page_key: u64,
    ) -> Self {
        let key = cut_key(page_key, &url, &entry);
        if let Some(html) = store.get(key).and_then(Packed::from_packed) {
            return IndexedPage { html, url, entry };
        }
        let cut = IndexedPage::new(url, page, entry);
        store.put(key, cut.html.as_bytes());
        cut
    }

    /// The HTML Pagefind is given.
    pub fn text(&self) -> String {
        self.html.unpack()
    }

    /// The HTML Pagefind is given, packed: the same bytes for the same HTML.
    pub fn packed(&self) -> &Packed {
        &self.html
    }
}

/// Keeps pages' cuts between builds (`build --cache`): a page whose input
/// did not change is not cut again.
pub trait CutStore: Sync {
    /// The packed cut kept under `key` (`Packed::as_bytes`).
    fn get(&self, key: u64) -> Option<Vec<u8>>;
    fn put(&self, key: u64, packed: &[u8]);
}

/// The key of a page's cut: the key of the page's whole input, its URL
/// and what it adds to the index.
fn cut_key(page_key: u64, url: &str, entry: &SearchEntry) -> u64 {
    let page_key = page_key.to_le_bytes();
    // Tells a metadata field from a filter of the same name and value.
    let meta_count = entry.meta.len().to_le_bytes();
    let mut parts: Vec<&[u8]> = vec![&page_key, url.as_bytes(), &meta_count];
    for (name, value) in entry.meta.iter().chain(&entry.filters) {
        parts.push(name.as_bytes());
        parts.push(value.as_bytes());
    }
    crate::base::fingerprint::key(&parts)
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

/// Files of Pagefind's bundle that guidegen's own search script does not use.
fn is_unused_bundle_file(name: &str) -> bool {
    name.starts_with("pagefind-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-modular-ui")
        || name.starts_with("playground")
}

/// Indexes `pages` into one bundle under `dir`. Pagefind parses each page on
/// a blocking thread while holding its index, so pages go in one at a time;
/// the next page is made ready (`pages` is lazy) while Pagefind parses the
/// current one.
pub(super) async fn bundle(
    mut pages: impl Iterator<Item = (String, String)>,
    dir: &str,
    out: &mut BTreeMap<String, Vec<u8>>,
    finishing: Option<&std::sync::Mutex<()>>,
) -> anyhow::Result<()> {
    let config = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(config))?;
    let mut next = pages.next();
    while let Some((url, html)) = next {
        let (added, following) = tokio::join!(index.add_html_file(None, Some(url), html), async {
            pages.next()
        });
        added?;
        next = following;
    }
    // Pagefind builds the whole index when asked for the files, at about
    // three times the memory of the pages it holds: with `finishing`, one
    // bundle at a time does that while the others go on reading pages.
    let turn = finishing.map(|m| m.lock().unwrap_or_else(|e| e.into_inner()));
    let files = index.get_files().await?;
    drop(turn);
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        if !is_unused_bundle_file(&name) {
            out.insert(format!("{dir}/{name}"), file.contents);
        }
    }
    Ok(())
}

/// How many pages one bundle of the site's own language takes: a larger
/// site is split into several bundles, built in parallel and merged by the
/// search script. Pagefind indexes one page at a time per bundle, so on a
/// site of thousands of pages the bundles (not the pages) are what the
/// cores share; each bundle also holds only its share of the index in
/// memory. The split depends on the number of pages only, so the output
/// is the same on every machine.
pub const PAGES_PER_BUNDLE: usize = 600;

/// At most this many bundles while none would exceed `MAX_BUNDLE_PAGES`:
/// each costs the reader a few more requests (and its own copy of
/// Pagefind's WebAssembly) on the first query.
const MAX_BUNDLES: usize = 4;

/// At most this many pages in one bundle. Pagefind holds a bundle's whole
/// index in memory while it builds it, and the cores build bundles side by
/// side, so a larger site gets more bundles instead of larger ones
/// (benches/README.md has the peaks that set this).
pub const MAX_BUNDLE_PAGES: usize = 5_000;

/// The number of bundles for `pages` pages.
fn bundle_count(pages: usize) -> usize {
    let by_size = pages.div_ceil(PAGES_PER_BUNDLE).clamp(1, MAX_BUNDLES);
    by_size.max(pages.div_ceil(MAX_BUNDLE_PAGES))
}

/// Pages of another language, by language: (URL, HTML to index).
type Extra = BTreeMap<&'static str, Vec<(String, String)>>;

/// Bundles an earlier build made (`build --cache`), each under a key of
/// everything Pagefind was given for it: a bundle whose pages did not
/// change is taken as it is instead of indexed again.
pub trait BundleCache: Sync {
    /// Whether a bundle is kept under `key`, whole or not.
    fn holds(&self, key: u64) -> bool;
    fn get(&self, key: u64) -> Option<BTreeMap<String, Vec<u8>>>;
    fn put(&self, key: u64, files: &BTreeMap<String, Vec<u8>>);
}

/// The key of the bundle in `dir` of language `lang` holding `pages`
/// (URL, what Pagefind reads of the page).
fn bundle_key<'a>(dir: &str, lang: &str, pages: impl Iterator<Item = (&'a str, &'a [u8])>) -> u64 {
    let mut parts: Vec<&[u8]> = vec![dir.as_bytes(), lang.as_bytes()];
    for (url, html) in pages {
        parts.push(url.as_bytes());
        parts.push(html);
    }
    crate::base::fingerprint::key(&parts)
}

/// The HTML of `page` Pagefind reads for the site's own language, noting
/// the page in `extra` for each other script it contains.
fn primary_html(page: IndexedPage, primary: &str, extra: &mut Extra) -> (String, String) {
    let html = page.text();
    let body_start = html.find("data-pagefind-body").unwrap_or(0);
    let entry = page.entry.meta.iter().chain(&page.entry.filters);
    let text = entry.map(|(_, value)| value.as_str());
    for lang in scripts_in(text.chain([&html[body_start..]])) {
        if lang != primary {
            let html = indexed_part(with_language(&html, lang));
            extra
                .entry(lang)
                .or_default()
                .push((page.url.clone(), html));
        }
    }
    (page.url, indexed_part(html))
}

/// Indexes one part of the site's pages into `dir`, collecting the pages to
/// index again in another language; from `cache` when it holds the part.
fn index_part(
    (pages, key): (Vec<IndexedPage>, Option<u64>),
    primary: &str,
    dir: &str,
    finishing: Option<&std::sync::Mutex<()>>,
    cache: Option<&dyn BundleCache>,
) -> anyhow::Result<(BTreeMap<String, Vec<u8>>, Extra)> {
    let mut extra: Extra = BTreeMap::new();
    if let Some(files) = cache.zip(key).and_then(|(cache, key)| cache.get(key)) {
        for page in pages {
            primary_html(page, primary, &mut extra);
        }
        return Ok((files, extra));
    }
    let main = pages
        .into_iter()
        .map(|page| primary_html(page, primary, &mut extra));
    let mut files = BTreeMap::new();
    runtime()?.block_on(bundle(main, dir, &mut files, finishing))?;
    if let Some((cache, key)) = cache.zip(key) {
        cache.put(key, &files);
    }
    Ok((files, extra))
}

/// Indexes the pages of another script into their own bundle in `dir`;
/// from `cache` when it holds it.
fn index_script(
    pages: Vec<(String, String)>,
    lang: &str,
    dir: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
    cache: Option<&dyn BundleCache>,
) -> anyhow::Result<()> {
    let key = cache.map(|_| {
        let urls = pages.iter();
        bundle_key(dir, lang, urls.map(|(u, h)| (u.as_str(), h.as_bytes())))
    });
    if let Some(cached) = cache.zip(key).and_then(|(cache, key)| cache.get(key)) {
        files.extend(cached);
        return Ok(());
    }
    let mut own = BTreeMap::new();
    runtime()?.block_on(bundle(pages.into_iter(), dir, &mut own, None))?;
    if let Some((cache, key)) = cache.zip(key) {
        cache.put(key, &own);
    }
    files.extend(own);
    Ok(())
}

/// A finished part of the bundle: with a `sink`, its files go there and
/// only the pages to index in other languages are kept.
fn hand_over(
    (files, extra): (BTreeMap<String, Vec<u8>>, Extra),
    sink: Option<PartSink>,
) -> anyhow::Result<(BTreeMap<String, Vec<u8>>, Extra)> {
    let Some(sink) = sink else {
        return Ok((files, extra));
    };
    for (path, bytes) in files {
        sink(&path, &bytes).map_err(anyhow::Error::msg)?;
    }
    Ok((BTreeMap::new(), extra))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Called by `index` with the number of bundles it is about to build (the
/// others come from its cache), before it builds any.
pub type BeforeIndexing<'a> = &'a (dyn Fn(usize) + Sync);

/// Where `index` puts each part of the bundle as soon as it is built,
/// instead of returning it: a file's path (as in `index`'s map) and bytes.
/// An error (a message) stops the indexing.
pub type PartSink<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), String> + Sync);

/// Indexes `pages` (sorted by URL for a deterministic bundle) and returns the
/// bundle's files keyed by their path under the output directory; with a
/// `sink`, the parts of the site's own language go there instead. Each page's
/// HTML is dropped once Pagefind has read it. A large site gets several
/// bundles (`pagefind/`, `pagefind-part1/` …, see `PAGES_PER_BUNDLE`), built
/// in parallel; `pagefind/guidegen.json` lists every bundle the search
/// script merges into the first. With a `cache`, a bundle whose pages it
/// has seen is taken from it, and each bundle indexed goes into it.
pub fn index(
    site_language: &str,
    base_path: &str,
    mut pages: Vec<IndexedPage>,
    sink: Option<PartSink>,
    cache: Option<&dyn BundleCache>,
    before: Option<BeforeIndexing>,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let primary = site_language
        .split('-')
        .next()
        .unwrap_or(site_language)
        .to_ascii_lowercase();
    let parts = bundle_count(pages.len());
    let per_part = pages.len().div_ceil(parts).max(1);
    let mut chunks = Vec::with_capacity(parts);
    while pages.len() > per_part {
        let rest = pages.split_off(per_part);
        chunks.push(std::mem::replace(&mut pages, rest));
    }
    chunks.push(pages);
    // Each part's key first, so that how many to index is known before any is.
    let keys: Vec<Option<u64>> = chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            cache.map(|_| {
                let pages = chunk.iter();
                let pages = pages.map(|p| (p.url.as_str(), p.packed().as_bytes()));
                bundle_key(&crate::routes::search_bundle_dir(i), &primary, pages)
            })
        })
        .collect();
    let chunks: Vec<(Vec<IndexedPage>, Option<u64>)> = chunks.into_iter().zip(keys).collect();
    if let Some(before) = before {
        let kept = |key: Option<u64>| cache.zip(key).is_some_and(|(cache, key)| cache.holds(key));
        before(chunks.iter().filter(|(_, key)| !kept(*key)).count());
    }
    let failed = |e: anyhow::Error| format!("search index: {e:#}");
    // Threads of their own, not rayon's: they inherit the priority of the
    // caller (`serve` indexes at a low one, in the background). No more
    // at once than there are cores: a bundle being built holds its share
    // of the index in memory, a finished one only its files.
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(chunks.len());
    let queue = std::sync::Mutex::new(chunks.into_iter().enumerate());
    // Bundles at their largest (`MAX_BUNDLE_PAGES`) finish one at a time:
    // built in step, two would peak together. The first waits once; after
    // that the workers are out of step and nobody waits.
    let finishing = std::sync::Mutex::new(());
    let finishing = (parts > MAX_BUNDLES).then_some(&finishing);
    type Part = (usize, anyhow::Result<(BTreeMap<String, Vec<u8>>, Extra)>);
    let mut done: Vec<Part> = std::thread::scope(|scope| {
        let (queue, primary) = (&queue, &primary);
        let threads: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let next = queue.lock().ok().and_then(|mut q| q.next());
                        let Some((i, chunk)) = next else {
                            return out;
                        };
                        let part = index_part(
                            chunk,
                            primary,
                            &crate::routes::search_bundle_dir(i),
                            finishing,
                            cache,
                        );
                        out.push((i, part.and_then(|part| hand_over(part, sink))));
                    }
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| {
                t.join().unwrap_or_else(|_| {
                    vec![(usize::MAX, Err(anyhow::anyhow!("the indexer stopped")))]
                })
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    let done: Vec<(BTreeMap<String, Vec<u8>>, Extra)> = done
        .into_iter()
        .map(|(_, part)| part)
        .collect::<anyhow::Result<_>>()
        .map_err(failed)?;
    let mut files = BTreeMap::new();
    let mut extra: Extra = BTreeMap::new();
    for (part, part_extra) in done {
        files.extend(part);
        for (lang, pages) in part_extra {
            extra.entry(lang).or_default().extend(pages);
        }
    }
    for (lang, pages) in &mut extra {
        let dir = crate::routes::script_bundle_dir(lang);
        index_script(std::mem::take(pages), lang, &dir, &mut files, cache).map_err(failed)?;
    }
    let bundles: Vec<serde_json::Value> = (1..parts)
        .map(|i| serde_json::json!({"path": format!("{base_path}{}/", crate::routes::search_bundle_dir(i)), "language": primary}))
        .chain(extra.keys().map(|lang| serde_json::json!({"path": format!("{base_path}{}/", crate::routes::script_bundle_dir(lang)), "language": lang})))
        .collect();
    files.insert(
        crate::routes::SEARCH_MANIFEST.into(),
        serde_json::json!({"language": primary, "merge": bundles})
            .to_string()
            .into_bytes(),
    );
    Ok(files)
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

    /// Cuts and bundles kept in memory, as `build --cache` keeps them on
    /// disk.
    #[derive(Default)]
    struct Kept {
        cuts: std::sync::Mutex<BTreeMap<u64, Vec<u8>>>,
        bundles: std::sync::Mutex<BTreeMap<u64, BTreeMap<String, Vec<u8>>>>,
    }

    impl BundleCache for Kept {
        fn holds(&self, key: u64) -> bool {
            self.bundles.lock().unwrap().contains_key(&key)
        }
        fn get(&self, key: u64) -> Option<BTreeMap<String, Vec<u8>>> {
            self.bundles.lock().unwrap().get(&key).cloned()
        }
        fn put(&self, key: u64, files: &BTreeMap<String, Vec<u8>>) {
            self.bundles.lock().unwrap().insert(key, files.clone());
        }
    }

    impl CutStore for Kept {
        fn get(&self, key: u64) -> Option<Vec<u8>> {
            self.cuts.lock().unwrap().get(&key).cloned()
        }
        fn put(&self, key: u64, packed: &[u8]) {
            self.cuts.lock().unwrap().insert(key, packed.to_vec());
        }
    }

    #[test]
    fn before_indexing_is_told_how_many_bundles_the_cache_lacks() {
        // 1,300 pages make three bundles; the last page is in the third.
        let pages = |last: &str| -> Vec<IndexedPage> {
            (0..1300)
                .map(|i| {
                    let body = if i == 1299 { last } else { "<p>same</p>" };
                    page(&format!("/p{i:04}/"), "T", body, "KSA")
                })
                .collect()
        };
        let kept = Kept::default();
        let told = std::sync::Mutex::new(Vec::new());
        let before = |bundles: usize| told.lock().unwrap().push(bundles);
        let run =
            |last: &str| index("en", "/", pages(last), None, Some(&kept), Some(&before)).unwrap();
        let first = run("<p>one</p>");
        assert_eq!(run("<p>one</p>"), first);
        run("<p>two</p>");
        assert_eq!(*told.lock().unwrap(), [3, 0, 1]);
    }

    #[test]
    fn writes_a_bundle_with_filters_and_no_ui_files() {
        let files = index(
            "en",
            "/",
            vec![
                page(
                    "/a/",
                    "Residency",
                    "<p>Data stays in the Kingdom.</p>",
                    "KSA",
                ),
                page("/b/", "Tax", "<p>合规 要求</p>", "UAE"),
            ],
            None,
            None,
            None,
        )
        .unwrap();
        assert!(files.contains_key("pagefind/pagefind.js"));
        assert!(files.contains_key("pagefind/pagefind-entry.json"));
        assert!(files.keys().any(|k| k.starts_with("pagefind/filter/")));
        assert!(!files.keys().any(|k| k.contains("pagefind-ui")));
        // The Chinese text gets a bundle of its own, listed for the client.
        assert!(files.contains_key("pagefind-zh/pagefind-entry.json"));
        let manifest = String::from_utf8(files["pagefind/guidegen.json"].clone()).unwrap();
        assert!(manifest.contains("\"/pagefind-zh/\""), "{manifest}");
    }

    #[test]
    fn a_large_site_is_split_into_bundles_the_script_merges() {
        assert_eq!(bundle_count(0), 1);
        assert_eq!(bundle_count(PAGES_PER_BUNDLE), 1);
        assert_eq!(bundle_count(PAGES_PER_BUNDLE + 1), 2);
        assert_eq!(bundle_count(MAX_BUNDLES * MAX_BUNDLE_PAGES), MAX_BUNDLES);
        assert_eq!(
            bundle_count(MAX_BUNDLES * MAX_BUNDLE_PAGES + 1),
            MAX_BUNDLES + 1
        );
        assert_eq!(bundle_count(100_000), 20);
        let pages: Vec<IndexedPage> = (0..PAGES_PER_BUNDLE + 2)
            .map(|i| {
                page(
                    &format!("/p{i:04}/"),
                    "P",
                    &format!("<p>word{i}</p>"),
                    "KSA",
                )
            })
            .collect();
        let files = index("en", "/sub/", pages.clone(), None, None, None).unwrap();
        assert!(files.contains_key("pagefind/pagefind-entry.json"));
        assert!(files.contains_key("pagefind-part1/pagefind-entry.json"));
        assert!(!files.contains_key("pagefind-part2/pagefind-entry.json"));
        let manifest = String::from_utf8(files["pagefind/guidegen.json"].clone()).unwrap();
        assert!(
            manifest.contains(r#"{"language":"en","path":"/sub/pagefind-part1/"}"#),
            "{manifest}"
        );

        // With a sink, each part goes there as it is built: the same files.
        let sunk = std::sync::Mutex::new(BTreeMap::new());
        let sink = |path: &str, bytes: &[u8]| {
            sunk.lock()
                .unwrap()
                .insert(path.to_string(), bytes.to_vec());
            Ok(())
        };
        let mut streamed = index("en", "/sub/", pages.clone(), Some(&sink), None, None).unwrap();
        assert_eq!(
            streamed.keys().collect::<Vec<_>>(),
            ["pagefind/guidegen.json"]
        );
        streamed.append(&mut sunk.into_inner().unwrap());
        assert_eq!(streamed, files);

        // A sink that fails stops the index with its message.
        let full = |_: &str, _: &[u8]| Err("disk full".to_string());
        let err = index("en", "/sub/", pages, Some(&full), None, None).unwrap_err();
        assert!(err.contains("disk full"), "{err}");
    }

    #[test]
    fn a_kept_cut_is_reused_only_for_the_same_page_input() {
        let store = Kept::default();
        let first = page("/a/", "Quotas", "<p>Quota rules.</p>", "UAE");
        let html = "<html><body><main data-pagefind-body>x</main></body></html>";
        let cut = IndexedPage::kept("/a/".into(), html, first.entry.clone(), &store, 7);
        assert_eq!(store.cuts.lock().unwrap().len(), 1);
        // The same key: the kept cut, whatever HTML comes with it.
        let again = IndexedPage::kept("/a/".into(), "ignored", first.entry.clone(), &store, 7);
        assert_eq!(again.text(), cut.text());
        // Another page input, URL or entry: cut again, and kept too.
        let other = IndexedPage::kept("/a/".into(), "<p>new</p>", first.entry.clone(), &store, 8);
        assert_ne!(other.text(), cut.text());
        IndexedPage::kept("/b/".into(), html, first.entry.clone(), &store, 7);
        let mut entry = first.entry.clone();
        entry.filters[0].1 = "KSA".into();
        IndexedPage::kept("/a/".into(), html, entry, &store, 7);
        assert_eq!(store.cuts.lock().unwrap().len(), 4);
        // Damaged bytes under the key are not trusted: cut again.
        let key = cut_key(7, "/a/", &first.entry);
        store.cuts.lock().unwrap().insert(key, vec![1, 2, 3]);
        let recut = IndexedPage::kept("/a/".into(), html, first.entry.clone(), &store, 7);
        assert_eq!(recut.text(), cut.text());
        assert_eq!(store.cuts.lock().unwrap()[&key], cut.packed().as_bytes());
    }

    #[test]
    fn the_same_input_gives_the_same_bundle() {
        let make = || {
            index(
                "en",
                "/",
                vec![
                    page("/a/", "A", "<p>alpha</p>", "KSA"),
                    page("/b/", "B", "<p>beta</p>", "UAE"),
                ],
                None,
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
        let big = page("/big/", "Big", &body, "KSA");
        let whole = big.text();
        let part = indexed_part(whole.clone());
        assert!(part.len() <= crate::base::MAX_INDEXED_HTML + 32);
        assert!(part.contains("beginningword") && !part.contains("endingword"));
        let kept = part.strip_suffix("</main></body></html>").unwrap();
        assert!(whole[kept.len()..].starts_with('<'), "cut before a tag");
        let files = index("en", "/", vec![big], None, None, None).unwrap();
        assert!(files.keys().any(|k| k.starts_with("pagefind/fragment/")));
    }
}
