//! pipeline: one build from the sources to a `Site`, stage by stage —
//! `config` → `content` (load) → `library` (resolve) → `theme` → `render` →
//! search → `write`. `compile` keeps the whole site in memory (`check`);
//! `build` streams each page into the output's staging directory as it
//! renders and swaps it in at the end. `serve` runs the same stages with a
//! store of its own (`prepare`, `render_site`).

mod build_cache;
mod cache_entries;
mod cards;
mod local_links;
mod search;

pub(crate) use cards::draw as draw_cards;
pub(crate) use search::failed as search_failed;

use crate::base::cache::CacheRoot;
use crate::base::diagnostics::{self, Diagnostic, Level};
use crate::base::image_size;
use crate::base::site::{self, Site};
use crate::base::timings::Timings;
use crate::config::{self, Overrides};
use crate::library::{self, Library};
use crate::raster::Variants;
use crate::render::sink::{InMemory, PageSink};
use crate::render::store::{Compact, Fresh, RenderStore};
use crate::render::{self, feeds, RenderedDocs};
use crate::routes;
use crate::search::SearchSlot;
use crate::theme::{self, templates::Templates};
use crate::write::{Staging, Streamed};
use build_cache::BuildCache;
use bytes::Bytes;
use search::EarlyIndex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// The result of compiling a site: the site when there was no error, and
/// every diagnostic, sorted.
pub struct Compiled {
    /// Shared: `serve` keeps it for the next rebuild as it serves it.
    pub site: Option<Arc<Site>>,
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
    /// The output paths that differ from the previous build's, when the
    /// build knows them (a single-page rebuild); `None` means compare.
    pub changed: Option<Vec<String>>,
    /// For each language after the default, what is translated.
    pub translations: Vec<Coverage>,
    /// What the build says besides diagnostics, a line each (why a build
    /// cache was set aside).
    pub notes: Vec<String>,
}

impl Compiled {
    /// A result without timings, change list or translation report.
    pub(crate) fn rebuilt(site: Option<Arc<Site>>, diagnostics: Vec<Diagnostic>) -> Self {
        Compiled {
            site,
            diagnostics,
            timings: Timings::default(),
            changed: None,
            translations: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The result of a run: its diagnostics sorted, each once (a page shown
    /// untranslated repeats its source's in every edition), and no site
    /// when any of them is an error.
    pub(crate) fn finish(
        site: Option<Site>,
        mut diagnostics: Vec<Diagnostic>,
        timings: Timings,
        translations: Vec<Coverage>,
    ) -> Self {
        diagnostics::sort(&mut diagnostics);
        diagnostics.dedup();
        let site = site.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
        Compiled {
            site: site.map(Arc::new),
            diagnostics,
            timings,
            changed: None,
            translations,
            notes: Vec::new(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// How much of the site one language translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub language: String,
    /// Content files of the default language.
    pub total: usize,
    /// Those without a translation, by path.
    pub missing: Vec<String>,
}

/// What each language after the default lacks.
fn coverage(library: &Library) -> Vec<Coverage> {
    let sources: Vec<&str> = library.sources().map(|s| s.path.as_str()).collect();
    let translated = |path: &str, tag: &str| {
        library
            .translations
            .get(path)
            .is_some_and(|tags| tags.iter().any(|t| t == tag))
    };
    library
        .config
        .languages
        .iter()
        .skip(1)
        .map(|lang| {
            let mut missing: Vec<String> = sources
                .iter()
                .filter(|path| !translated(path, &lang.tag))
                .map(|p| p.to_string())
                .collect();
            missing.sort();
            Coverage {
                language: lang.tag.clone(),
                total: sources.len(),
                missing,
            }
        })
        .collect()
}

/// Everything a build knows before it renders: every language's library,
/// the templates, and what was found wrong so far (no error).
pub(crate) struct Prepared {
    /// The default language's library.
    pub(crate) library: Library,
    /// The library of each other language, in the order `guidegen.toml`
    /// lists them.
    pub(crate) editions: Vec<Library>,
    pub(crate) templates: Templates,
    pub(crate) coverage: Vec<Coverage>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Prepared {
    /// Every edition's library, the default first.
    pub(crate) fn libraries(&self) -> impl Iterator<Item = &Library> {
        std::iter::once(&self.library).chain(&self.editions)
    }
}

/// Reads the configuration, loads and resolves the content of every
/// language and loads the templates; the finished (failed) result when
/// anything there is an error. Content and templates are independent:
/// both are loaded and both reported, and every document's links and code
/// are still checked, so that one run reports every error.
pub(crate) fn prepare(
    root: &Path,
    overrides: &Overrides,
    timings: &mut Timings,
) -> Result<Prepared, Box<Compiled>> {
    let clock = Instant::now();
    let config = match config::load(root, overrides) {
        Ok(c) => c,
        Err(d) => {
            let timings = std::mem::take(timings);
            return Err(Box::new(Compiled::finish(None, d, timings, Vec::new())));
        }
    };
    timings.stage("config", clock.elapsed());
    let clock = Instant::now();
    let languages = config.translation_tags();
    let ((mut content, mut diags), templates) = rayon::join(
        || crate::content::load(&config.boundary, config.drafts, &languages),
        || theme::templates::load(&config),
    );
    timings.stage("load content + templates", clock.elapsed());
    let clock = Instant::now();
    let translations = std::mem::take(&mut content.translations);
    let last_commits = std::sync::Arc::new(crate::content::history::last_commits(root));
    let (mut library, mut resolve_diags) = library::resolve(config, content);
    library.last_commits = last_commits;
    diags.append(&mut resolve_diags);
    let editions = if library.config.multilingual() {
        let (editions, mut edition_diags) = library::editions(&mut library, translations);
        diags.append(&mut edition_diags);
        editions
    } else {
        Vec::new()
    };
    let coverage = coverage(&library);
    timings.stage("resolve", clock.elapsed());
    match &templates {
        Ok(t) => diags.extend(t.warnings.iter().cloned()),
        Err(d) => diags.extend(d.iter().cloned()),
    }
    let i18n = templates.as_ref().ok().map(|t| &t.i18n);
    match templates {
        Ok(templates) if !diags.iter().any(Diagnostic::is_error) => Ok(Prepared {
            library,
            editions,
            templates,
            coverage,
            diagnostics: diags,
        }),
        _ => {
            for lib in std::iter::once(&library).chain(&editions) {
                let labels = render::markdown_labels(lib, i18n);
                let docs = render::render_documents(lib, &Fresh, &labels);
                diags.extend(docs.diagnostics().cloned());
            }
            Err(Box::new(Compiled::finish(
                None,
                diags,
                std::mem::take(timings),
                coverage,
            )))
        }
    }
}

/// How `render_site` renders: what it reuses and where pages go.
pub(crate) struct Plan<'a> {
    pub(crate) store: &'a dyn RenderStore,
    pub(crate) sink: &'a dyn PageSink,
    /// Let go of each edition's source texts once its documents are
    /// rendered (a one-shot build: nothing reads them again).
    pub(crate) release_sources: bool,
    /// Keep the default edition's rendered documents (`serve`'s single-page
    /// rebuilds re-render pages from them).
    pub(crate) keep_documents: bool,
    /// Keep resized images in the site's cache (`check` writes nothing).
    pub(crate) write_cache: bool,
    /// Where the images and cards are cached, when not in the site's own
    /// folder (`build --cache DIR`).
    pub(crate) cache_root: Option<&'a CacheRoot>,
    /// Then drop from it the images no page showed (a one-shot build,
    /// which renders every document).
    pub(crate) prune_cache: bool,
}

/// One language edition after its pages rendered.
pub(crate) struct EditionRendered {
    /// The default edition's documents when the plan keeps them.
    pub(crate) docs: RenderedDocs,
    /// The pages its search index takes, without their HTML.
    pub(crate) search: Vec<SearchSlot>,
}

/// Every page of every edition handed to the plan's sink, and the site's
/// other files (static files, stylesheet, feeds, sitemap), not its search
/// bundles.
pub(crate) struct SiteRendered {
    pub(crate) editions: Vec<EditionRendered>,
    /// Files besides the pages; the pages are the sink's.
    pub(crate) files: BTreeMap<String, Bytes>,
    pub(crate) pages: usize,
    /// The URLs the sitemap lists (relative, every edition).
    pub(crate) page_urls: Vec<String>,
    /// The card each page names (page path → card path).
    pub(crate) page_cards: BTreeMap<String, String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Renders every edition of `prepared` as `plan` says.
pub(crate) fn render_site(
    prepared: &mut Prepared,
    plan: &Plan,
    timings: &mut Timings,
) -> SiteRendered {
    let clock = Instant::now();
    let (statics, mut diags) = theme::static_files(&prepared.library.config);
    let mut statics: BTreeMap<String, Bytes> = site::into_bytes(statics).collect();
    let config = &prepared.library.config;
    let highlight_css = Bytes::from(crate::base::css::minify(
        &crate::markdown::highlight::stylesheet(
            &config.highlight_theme,
            &config.highlight_theme_dark,
        ),
    ));
    // What pages load, for a sink that serves them while the rest render.
    let highlight_path = routes::HIGHLIGHT_CSS.to_string();
    let early = [(&highlight_path, &highlight_css)];
    plan.sink.put_early_files(&mut statics.iter().chain(early));
    // Each static image, by URL, for the pages that show it.
    let base_path = prepared.library.config.base_path.clone();
    let static_images: Arc<std::collections::HashMap<_, _>> = Arc::new(
        statics
            .iter()
            .filter(|(path, _)| image_size::is_image(path))
            .map(|(path, bytes)| {
                let shown = (format!("static/{path}"), bytes.clone());
                (format!("{base_path}{path}"), shown)
            })
            .collect(),
    );
    let config = &prepared.library.config;
    let cache_root = match plan.cache_root {
        Some(root) => root.clone(),
        None => CacheRoot::of_site(&config.boundary),
    };
    let variants = Arc::new(Variants::new(
        config.images.clone(),
        cache_root.feature("images", plan.write_cache),
    ));
    // Resized copies of images, by output path.
    let mut copies: BTreeMap<String, Bytes> = BTreeMap::new();
    // Images beside the Markdown that shows them, published by the page.
    let mut content_images: BTreeMap<String, Bytes> = BTreeMap::new();
    let mut content_images_used: BTreeSet<String> = BTreeSet::new();
    timings.stage("static files", clock.elapsed());
    let mut rendered = SiteRendered {
        editions: Vec::new(),
        files: BTreeMap::new(),
        pages: 0,
        page_urls: Vec::new(),
        page_cards: BTreeMap::new(),
        diagnostics: Vec::new(),
    };
    let templates = &prepared.templates;
    // Every output path a page or static file takes: aliases may not.
    let mut taken: BTreeSet<String> = statics.keys().cloned().collect();
    let libraries = std::iter::once(&mut prepared.library).chain(&mut prepared.editions);
    // Pages a template failed on, in every edition: reported together.
    let mut failed = Vec::new();
    // Links inside the site, checked once every output file is known.
    let mut links = Vec::new();
    // The social card each page names, by output path.
    let mut wanted_cards = BTreeMap::new();
    for (i, library) in libraries.enumerate() {
        let clock = Instant::now();
        let labels = render::markdown_labels(library, Some(&templates.i18n));
        library.static_images = static_images.clone();
        library.variants = Some(variants.clone());
        let docs = render::render_documents(library, plan.store, &labels);
        for (folder, responsive) in docs.iter().flat_map(|d| &d.responsive) {
            let Some(folder) = folder.strip_prefix(&base_path) else {
                continue;
            };
            for copy in responsive.fallback.iter().chain(&responsive.webp) {
                copies.insert(format!("{folder}{}", copy.file), copy.bytes.clone());
            }
        }
        for (url, path) in docs.iter().flat_map(|d| &d.images) {
            let (Some(out), Some(bytes)) = (url.strip_prefix(&base_path), library.images.get(path))
            else {
                continue;
            };
            content_images.insert(out.to_string(), Bytes::from(bytes.clone()));
            content_images_used.insert(path.clone());
        }
        publish_own_images(
            library,
            &mut content_images,
            &mut content_images_used,
            &mut diags,
        );
        diags.extend(docs.diagnostics().cloned());
        links.extend(docs.iter().flat_map(|d| d.local_links.iter().cloned()));
        if plan.release_sources {
            library.release_texts();
        }
        timings.stage("markdown + highlighting", clock.elapsed());
        let library = &*library;
        let pages =
            render::edition_pages(library, &docs, templates, plan.store, plan.sink, timings);
        let keep = plan.keep_documents && i == 0;
        let docs = if keep { docs } else { RenderedDocs::default() };
        let mut search = Vec::new();
        let not_found = library.output_path(routes::Route::NotFound);
        for page in pages {
            if let Err(d) = page.result {
                failed.push((d, page.url));
                continue;
            }
            rendered.pages += 1;
            taken.insert(page.path.clone());
            if let Some((card, _)) = &page.card {
                rendered.page_cards.insert(page.path.clone(), card.clone());
            }
            wanted_cards.extend(page.card);
            // A page wins over a static file at its path.
            if statics.remove(&page.path).is_some() {
                diags.push(Diagnostic::file(
                    Level::Warning,
                    &format!("static/{}", page.path),
                    "replaced by a page guidegen generates at the same path",
                ));
            }
            // A page shown untranslated belongs to the default language's
            // sitemap and search index, not this edition's.
            if page.path != not_found && !page.fallback {
                let url = page.path.trim_end_matches("index.html").to_string();
                rendered.page_urls.push(url);
            }
            if let Some(entry) = page.search {
                search.push(SearchSlot {
                    path: page.path,
                    url: page.url,
                    entry,
                });
            }
        }
        let feed = format!("{}{}", library.config.lang_prefix, routes::FEED);
        rendered
            .files
            .insert(feed, Bytes::from(feeds::atom(library)));
        rendered.editions.push(EditionRendered { docs, search });
    }
    diags.extend(render::page_errors(failed));
    if let Some(theme) = &templates.cards {
        let clock = Instant::now();
        let cache = cache_root.feature("cards", plan.write_cache);
        let drawn = cards::draw(&cache, theme, wanted_cards);
        timings.stage("social cards", clock.elapsed());
        timings.note(format!(
            "social cards: {} drawn, {} from the cache",
            drawn.drawn, drawn.cached
        ));
        diags.extend(drawn.diagnostics);
        rendered.files.extend(drawn.files);
    }
    let clock = Instant::now();
    let libraries: Vec<&Library> = prepared.libraries().collect();
    let (redirects, mut redirect_diags) = render::redirects::redirects(&libraries, &taken);
    rendered.files.extend(redirects);
    diags.append(&mut redirect_diags);
    let library = &prepared.library;
    let config = &library.config;
    rendered.files.insert(highlight_path, highlight_css);
    let sitemap = feeds::sitemap(library, &rendered.page_urls);
    rendered
        .files
        .insert(routes::SITEMAP.into(), Bytes::from(sitemap));
    rendered
        .files
        .insert(routes::ROBOTS.into(), Bytes::from(feeds::robots(library)));
    rendered.files.extend(statics);
    // An image under content/ that no page shows is not published: say so.
    let shown: BTreeSet<&str> = content_images_used.iter().map(String::as_str).collect();
    for path in prepared.library.images.keys() {
        if !shown.contains(path.as_str()) {
            diags.push(Diagnostic::file(
                Level::Warning,
                &format!("content/{path}"),
                "an image no page shows, so it is not published; show it with ![what it shows](NAME) in the Markdown beside it, or remove it",
            ));
        }
    }
    rendered.files.extend(content_images);
    rendered.files.extend(copies);
    if plan.prune_cache && !diags.iter().any(Diagnostic::is_error) {
        variants.prune_cache();
    }
    let (encoded, cached) = variants.counts();
    timings.count("images encoded", encoded);
    timings.count("images from the cache", cached);
    timings.stage("feeds + highlight css", clock.elapsed());
    let outputs: BTreeSet<String> = rendered.files.keys().cloned().chain(taken).collect();
    diags.extend(local_links::check(&links, &outputs, &config.base_path));
    rendered.diagnostics = diags;
    rendered
}

/// Publishes each item's own share picture that is a file beside it, at
/// its URL beside the item's page; one that is not there is an error.
fn publish_own_images(
    library: &Library,
    images: &mut BTreeMap<String, Bytes>,
    used: &mut BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let base_path = &library.config.base_path;
    for id in library.documents() {
        let Some((url, Some(path))) = library.own_image(id) else {
            continue;
        };
        let Some(out) = url.strip_prefix(base_path.as_str()) else {
            continue;
        };
        match library.images.get(path) {
            Some(bytes) => {
                images.insert(out.to_string(), Bytes::from(bytes.clone()));
                used.insert(path.to_string());
            }
            None => {
                let at = match &library.common(id).image {
                    Some(crate::content::OwnImage::Beside { at, .. }) => at.clone(),
                    _ => continue,
                };
                let mut d = Diagnostic::file(
                    Level::Error,
                    &library.document(id).0.path,
                    format!("image: there is no file content/{path}"),
                );
                d.line = at.line;
                d.column = at.column;
                diags.push(d);
            }
        }
    }
}

/// `render_site` as a `Site` of the files besides the pages (the pages are
/// the sink's), with every diagnostic so far and each edition rendered.
fn render_into_site(
    prepared: &mut Prepared,
    plan: &Plan,
    timings: &mut Timings,
) -> (Site, Vec<Diagnostic>, Vec<EditionRendered>) {
    let rendered = render_site(prepared, plan, timings);
    let mut diags = std::mem::take(&mut prepared.diagnostics);
    diags.extend(rendered.diagnostics);
    let site = Site {
        files: rendered.files,
        pages: rendered.pages,
    };
    (site, diags, rendered.editions)
}

/// Reads, checks and renders the site at `root`, in memory, its search
/// index built: what `check` validates.
pub fn compile(root: &Path, overrides: &Overrides) -> Compiled {
    let mut timings = Timings::default();
    let mut prepared = match prepare(root, overrides, &mut timings) {
        Ok(p) => p,
        Err(failed) => return *failed,
    };
    let sink = InMemory::default();
    let plan = Plan {
        store: &Fresh,
        sink: &sink,
        release_sources: false,
        keep_documents: false,
        write_cache: false,
        prune_cache: false,
        cache_root: None,
    };
    let (mut site, mut diags, editions) = render_into_site(&mut prepared, &plan, &mut timings);
    site.files.extend(sink.take_pages());
    if prepared.library.config.search && !diags.iter().any(Diagnostic::is_error) {
        for (library, edition) in prepared.libraries().zip(&editions) {
            let clock = Instant::now();
            match search::edition_index_in_memory(library, &site, &edition.search) {
                Ok(files) => site.files.extend(files),
                Err(d) => diags.push(d),
            }
            timings.stage("search index", clock.elapsed());
        }
    }
    Compiled::finish(Some(site), diags, timings, prepared.coverage)
}

/// `compile`, writing the site into `out` (already checked with
/// `write::check_output_dir`) as it renders: each page goes to a staging
/// directory as soon as it is rendered, and only what the search index
/// reads of it stays in memory. The staging directory replaces `out` only
/// when the build succeeds; otherwise `out` is left as it was. The
/// returned site holds the files written last (static files, search
/// bundle, feeds), not the pages; a failure to write is one of its
/// diagnostics. With a `cache` folder, pages and search bundles whose
/// inputs did not change since the build that filled it are taken from it
/// (`build_cache`), and it keeps this build's for the next.
pub fn build(root: &Path, overrides: &Overrides, out: &Path, cache: Option<&Path>) -> Compiled {
    let mut timings = Timings::default();
    // The cache is read while the sources load.
    let site = cache.and_then(|dir| Some((dir, config::load(root, overrides).ok()?.base_url)));
    let (prepared, cache) = std::thread::scope(|scope| {
        let opening =
            site.map(|(dir, base_url)| scope.spawn(move || BuildCache::open(dir, &base_url)));
        let prepared = prepare(root, overrides, &mut timings);
        (prepared, opening.and_then(|o| o.join().ok()))
    });
    let mut prepared = match prepared {
        Ok(p) => p,
        Err(failed) => return *failed,
    };
    let staging = Staging::new(out);
    let readings = cache
        .as_ref()
        .map(|c| c as &dyn crate::search::ReadingStore);
    let bundles = cache.as_ref().map(|c| c as &dyn crate::search::BundleCache);
    let editions: Vec<search::Edition> = prepared.libraries().map(search::Edition::of).collect();
    let searched =
        prepared.library.config.search && !prepared.diagnostics.iter().any(Diagnostic::is_error);
    // With a cache, each edition's search index starts as soon as its
    // indexed pages are written (`EarlyIndex`); a cold build indexes after
    // the library is freed, for its memory peak.
    let early = cache.is_some() && searched;
    let (site, diags, coverage, saved) = std::thread::scope(|scope| {
        let sink = Streamed::new(&staging, readings);
        let (early_index, sink) = if early {
            let (index, queue) = EarlyIndex::start(scope, &editions, &staging, bundles);
            (Some(index), sink.indexing_early(queue))
        } else {
            (None, sink)
        };
        let plan = Plan {
            store: match &cache {
                Some(cache) => cache,
                None => &Compact,
            },
            sink: &sink,
            release_sources: true,
            keep_documents: false,
            write_cache: true,
            prune_cache: true,
            cache_root: cache.as_ref().map(BuildCache::root),
        };
        let (mut site, mut diags, rendered) = render_into_site(&mut prepared, &plan, &mut timings);
        // The pages are written: the libraries, templates and documents are
        // freed before the search index is built.
        let coverage = std::mem::take(&mut prepared.coverage);
        drop(prepared);
        let rendered_ok = !diags.iter().any(Diagnostic::is_error);
        // Ends the early queue: its indexing has every edition.
        let mut indexed_pages = sink.into_indexed();
        // The cache's pages and documents are written while search indexes.
        let saving = cache
            .as_ref()
            .filter(|_| rendered_ok)
            .map(|cache| scope.spawn(|| cache.save_rendered()));
        let bundles = match early_index {
            // Only the wait adds to the build's time: a stage of its own.
            Some(index) => {
                let waited = Instant::now();
                let bundles = index.finish();
                timings.stage("search index (the rest)", waited.elapsed());
                bundles
            }
            None => editions
                .iter()
                .zip(rendered)
                .filter(|_| searched && rendered_ok)
                .map(|(edition, rendered)| {
                    let urls = rendered.search.iter();
                    let pages = urls.filter_map(|slot| indexed_pages.remove(&slot.url));
                    edition.index(pages.collect(), &staging, bundles)
                })
                .collect(),
        };
        // A build that failed has no search index, even one built early.
        for (bundle, took) in bundles.into_iter().filter(|_| rendered_ok) {
            match bundle {
                Ok(files) => site.files.extend(files),
                Err(d) => diags.push(d),
            }
            if early {
                let ms = took.as_millis();
                timings.note(format!(
                    "search index: {ms} ms, begun beside the print pages"
                ));
            } else {
                timings.stage("search index", took);
            }
        }
        let saved = saving.map(|s| {
            s.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("stopped")))
        });
        (site, diags, coverage, saved)
    });
    let notes = cache.as_ref().map(BuildCache::notes).unwrap_or_default();
    if let Some(cache) = &cache {
        for (name, count) in cache.reused() {
            timings.count(name, count);
        }
    }
    let mut compiled = Compiled::finish(Some(site), diags, timings, coverage);
    compiled.notes = notes;
    if let Some(site) = &compiled.site {
        let clock = Instant::now();
        if let Err(d) = staging.finish(site) {
            compiled.diagnostics.push(d);
            compiled.site = None;
        }
        compiled.timings.stage("write", clock.elapsed());
    }
    // Kept only from a build that succeeded: a failed one changes nothing.
    if let Some(cache) = cache {
        let clock = Instant::now();
        let saved = saved.unwrap_or_else(|| Ok(Vec::new()));
        compiled
            .notes
            .extend(cache.finish(saved, compiled.site.is_some()));
        compiled.timings.stage("save cache", clock.elapsed());
    }
    compiled
}
