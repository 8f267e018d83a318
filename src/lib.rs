//! guidegen: a static site generator for regional expansion guides.
//!
//! The pipeline, one module per stage:
//! `config` → `content` (load) → `library` (resolve) → `markdown` + `templates`
//! → `render` (an in-memory `Site`) → `output` (atomic write). `compile` runs
//! everything up to the `Site`; `build` also writes it.

pub mod cache;
pub mod chart;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod highlight;
pub mod incremental;
pub mod library;
pub mod markdown;
pub mod output;
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
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads, checks and renders the site at `root`, in memory.
pub fn compile(root: &Path, overrides: &Overrides) -> Compiled {
    compile_cached(root, overrides, &mut cache::BuildCache::disabled())
}

/// `compile`, reusing what an earlier build of the same process rendered
/// (documents and pages whose inputs did not change). The result is the
/// same, byte for byte, as `compile`'s.
pub fn compile_cached(
    root: &Path,
    overrides: &Overrides,
    cache: &mut cache::BuildCache,
) -> Compiled {
    let mut timings = timings::Timings::default();
    // Kept only while it describes the sources: set again if this succeeds.
    cache.retained = None;
    let finish = |site: Option<Site>, mut diagnostics: Vec<Diagnostic>, timings| {
        diagnostics::sort(&mut diagnostics);
        let site = site.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
        Compiled {
            site: site.map(Arc::new),
            diagnostics,
            timings,
            changed: None,
        }
    };
    let clock = Instant::now();
    let config = match config::load(root, overrides) {
        Ok(c) => c,
        Err(d) => return finish(None, d, timings),
    };
    timings.stage("config", clock.elapsed());
    // Content and templates are independent: load both, report both.
    let clock = Instant::now();
    let ((content, mut diags), templates) = rayon::join(
        || content::load(root, config.drafts),
        || templates::load(&config),
    );
    timings.stage("load content + templates", clock.elapsed());
    let clock = Instant::now();
    let (library, mut resolve_diags) = library::resolve(config, content);
    diags.append(&mut resolve_diags);
    timings.stage("resolve", clock.elapsed());
    if let Err(d) = &templates {
        diags.extend(d.iter().cloned());
    }
    let templates = match templates {
        Ok(t) if !diags.iter().any(Diagnostic::is_error) => t,
        _ => {
            // Still check every document's links and code, so that one run
            // reports every error.
            diags.extend(render::document_diagnostics(&library));
            return finish(None, diags, timings);
        }
    };
    let (site, mut render_diags, kept) =
        render::render_kept(&library, &templates, &mut timings, cache);
    diags.append(&mut render_diags);
    let compiled = finish(Some(site), diags, timings);
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
    compiled
}
