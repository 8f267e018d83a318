//! guidegen: a static site generator for regional expansion guides.
//!
//! The pipeline, one module per stage:
//! `config` → `content` (load) → `library` (resolve) → `markdown` + `templates`
//! → `render` (the pages) → `output` (atomic write). `compile` runs
//! everything up to an in-memory `Site`; `build` writes each page into the
//! staging directory as it renders and swaps it in at the end.

pub mod cache;
pub mod chart;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod highlight;
pub mod i18n;
pub mod incremental;
pub mod library;
pub mod markdown;
pub mod output;
pub mod packed;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod templates;
pub mod timings;

use config::Overrides;
use diagnostics::Diagnostic;
use render::Site;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// The result of compiling a site: the site when there was no error, and
/// every diagnostic, sorted.
pub struct Compiled {
    /// Shared: `serve` keeps it for the next rebuild as it serves it.
    pub site: Option<Arc<Site>>,
    pub diagnostics: Vec<Diagnostic>,
    pub timings: timings::Timings,
    /// The output paths that differ from the previous build's, when the
    /// build knows them (a single-page rebuild); `None` means compare.
    pub changed: Option<Vec<String>>,
    /// For each language after the default, what is translated.
    pub translations: Vec<Coverage>,
}

/// How much of the site one language translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub language: String,
    /// Content files of the default language (pillars, regions, playbooks,
    /// case studies, pages).
    pub total: usize,
    /// Those without a translation, by path.
    pub missing: Vec<String>,
}

/// What each language after the default lacks.
fn coverage(library: &library::Library) -> Vec<Coverage> {
    let lib = library;
    let sources: Vec<&str> = lib.sources().map(|s| s.path.as_str()).collect();
    lib.config
        .languages
        .iter()
        .skip(1)
        .map(|lang| {
            let mut missing: Vec<String> = sources
                .iter()
                .filter(|path| {
                    !lib.translations
                        .get(**path)
                        .is_some_and(|tags| tags.contains(&lang.tag))
                })
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

impl Compiled {
    /// A result without timings, change list or translation report: what a
    /// rebuild under `serve` hands over.
    pub(crate) fn rebuilt(site: Option<Arc<Site>>, diagnostics: Vec<Diagnostic>) -> Self {
        Compiled {
            site,
            diagnostics,
            timings: timings::Timings::default(),
            changed: None,
            translations: Vec::new(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads, checks and renders the site at `root`, in memory.
pub fn compile(root: &Path, overrides: &Overrides) -> Compiled {
    compile_cached(root, overrides, &mut cache::BuildCache::disabled())
}

/// `compile`, writing the site into `out` (already checked with
/// `output::check_output_dir`) as it renders: each page goes to a staging
/// directory as soon as it is rendered, and only what the search index
/// reads of it stays in memory. The staging directory replaces `out` only
/// when the build succeeds; otherwise `out` is left as it was. The
/// returned site holds the files written last (static files, search
/// bundle, feeds), not the pages; a failure to write is one of its
/// diagnostics.
pub fn build(root: &Path, overrides: &Overrides, out: &Path) -> Compiled {
    let staging = output::Staging::new(out);
    let mut cache = cache::BuildCache::disabled();
    let mut compiled = compile_into(root, overrides, &mut cache, Some(&staging));
    if let Some(site) = &compiled.site {
        let clock = Instant::now();
        if let Err(d) = staging.finish(site) {
            compiled.diagnostics.push(d);
            compiled.site = None;
        }
        compiled.timings.stage("write", clock.elapsed());
    }
    compiled
}

/// `compile`, reusing what an earlier build of the same process rendered
/// (documents and pages whose inputs did not change). The result is the
/// same, byte for byte, as `compile`'s.
pub fn compile_cached(
    root: &Path,
    overrides: &Overrides,
    cache: &mut cache::BuildCache,
) -> Compiled {
    compile_into(root, overrides, cache, None)
}

/// `compile_cached`, streaming the pages into `staging` when given.
fn compile_into(
    root: &Path,
    overrides: &Overrides,
    cache: &mut cache::BuildCache,
    staging: Option<&output::Staging>,
) -> Compiled {
    let mut timings = timings::Timings::default();
    // Kept only while it describes the sources: set again if this succeeds.
    cache.retained = None;
    cache.multilingual = None;
    let finish = |site: Option<Site>, mut diagnostics: Vec<Diagnostic>, timings, translations| {
        diagnostics::sort(&mut diagnostics);
        // A page shown untranslated repeats its source's diagnostics in
        // every language edition: report each once.
        diagnostics.dedup();
        let site = site.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
        Compiled {
            site: site.map(Arc::new),
            diagnostics,
            timings,
            changed: None,
            translations,
        }
    };
    let clock = Instant::now();
    let config = match config::load(root, overrides) {
        Ok(c) => c,
        Err(d) => return finish(None, d, timings, Vec::new()),
    };
    timings.stage("config", clock.elapsed());
    // Content and templates are independent: load both, report both.
    let clock = Instant::now();
    let languages = config.translation_tags();
    let ((mut content, mut diags), templates) = rayon::join(
        || content::load(root, config.drafts, &languages),
        || templates::load(&config),
    );
    timings.stage("load content + templates", clock.elapsed());
    let clock = Instant::now();
    let translations = std::mem::take(&mut content.translations);
    let (mut library, mut resolve_diags) = library::resolve(config, content);
    diags.append(&mut resolve_diags);
    let mut editions = if library.config.multilingual() {
        let (editions, mut edition_diags) = library::editions(&mut library, translations);
        diags.append(&mut edition_diags);
        editions
    } else {
        Vec::new()
    };
    let coverage = coverage(&library);
    timings.stage("resolve", clock.elapsed());
    if let Err(d) = &templates {
        diags.extend(d.iter().cloned());
    }
    let templates = match templates {
        Ok(t) if !diags.iter().any(Diagnostic::is_error) => t,
        _ => {
            // Still check every document's links and code, so that one run
            // reports every error.
            for lib in std::iter::once(&library).chain(&editions) {
                diags.extend(render::document_diagnostics(lib));
            }
            return finish(None, diags, timings, coverage);
        }
    };
    let (mut site, mut render_diags, kept) =
        render::render_kept(&mut library, &templates, &mut timings, cache, staging);
    diags.append(&mut render_diags);
    if editions.is_empty() && staging.is_none() {
        let compiled = finish(Some(site), diags, timings, coverage);
        if let (true, Some(site)) = (cache.enabled, &compiled.site) {
            let stale = cache.defer_search && library.config.search;
            cache.retained = Some(incremental::Retained::new(
                library,
                templates,
                kept,
                site.clone(),
                &compiled.diagnostics,
                stale,
            ));
        }
        return compiled;
    }
    // Several languages: every edition renders in full (with the memo) and
    // has its own search bundle; `serve` indexes them in the background.
    let mut page_urls = kept.page_urls;
    let index = |lib: &library::Library, slots| incremental::EditionIndex {
        prefix: lib.config.lang_prefix.clone(),
        language: lib.config.language.clone(),
        root: lib.config.url_root.clone(),
        slots,
    };
    let mut indexes = vec![index(&library, kept.search)];
    let mut to_index = vec![(index(&library, Vec::new()), kept.to_index)];
    for edition in &mut editions {
        let memo = cache.edition(&edition.config.language);
        let (more, mut render_diags, kept) =
            render::render_kept(edition, &templates, &mut timings, memo, staging);
        diags.append(&mut render_diags);
        site.pages += more.pages;
        site.files.extend(more.files);
        page_urls.extend(kept.page_urls);
        indexes.push(index(edition, kept.search));
        to_index.push((index(edition, Vec::new()), kept.to_index));
    }
    if !editions.is_empty() {
        site.files
            .insert("sitemap.xml".into(), render::sitemap(&library, &page_urls));
    }
    if staging.is_some() {
        // A streamed build: its pages are written, and the library, the
        // templates and each page's HTML are no longer needed; they are
        // freed before Pagefind holds its indexes in memory.
        let indexed = library.config.search && !diags.iter().any(Diagnostic::is_error);
        drop((library, editions, templates, page_urls, indexes));
        for (edition, pages) in to_index.into_iter().filter(|_| indexed) {
            let clock = Instant::now();
            let (language, root, prefix) = (&edition.language, &edition.root, &edition.prefix);
            match render::edition_bundle(language, root, prefix, pages, staging) {
                Ok(files) => site.files.extend(files),
                Err(d) => diags.push(d),
            }
            timings.stage("search index", clock.elapsed());
        }
        return finish(Some(site), diags, timings, coverage);
    }
    let compiled = finish(Some(site), diags, timings, coverage);
    if let (true, Some(site)) = (cache.enabled, &compiled.site) {
        let stale = cache.defer_search && library.config.search;
        cache.multilingual = Some(incremental::Multilingual::new(
            site.clone(),
            compiled.diagnostics.clone(),
            indexes,
            stale,
        ));
    }
    compiled
}
