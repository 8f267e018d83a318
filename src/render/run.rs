//! run: every page job through Tera, in parallel, each finished page handed
//! to the sink. Large pages (print pages) render one at a time beside the
//! others, so that no two are in memory at once.

use super::pages::{JobContext, PageJob};
use super::sink::{PageMeta, PageSink};
use super::store::RenderStore;
use crate::base::diagnostics::Diagnostic;
use crate::base::fingerprint;
use crate::search::SearchEntry;
use crate::theme::templates::Templates;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// One page after Tera: where it went, and what search and the timings need.
pub(crate) struct PageOutcome {
    pub(crate) path: String,
    pub(crate) url: String,
    pub(crate) template: &'static str,
    /// Shown in the default language for want of a translation: it belongs
    /// to the default language's sitemap and search index, not this one's.
    pub(crate) fallback: bool,
    /// How the page is indexed; `None` for a page shown untranslated.
    pub(crate) search: Option<SearchEntry>,
    /// `Err` when the template failed or the sink could not take the page.
    pub(crate) result: Result<(), Diagnostic>,
    pub(crate) took: Duration,
    /// The social card the page names (output path, what it shows), to be
    /// drawn by whoever publishes the page.
    pub(crate) card: Option<(String, crate::cards::Card)>,
}

/// Renders `jobs` through `store` into `sink`; the outcomes come back in
/// the jobs' order.
pub(crate) fn render_pages(
    jobs: Vec<PageJob<'_>>,
    templates: &Templates,
    store: &dyn RenderStore,
    sink: &dyn PageSink,
) -> Vec<PageOutcome> {
    let template_set = templates.fingerprint.to_le_bytes();
    let render = |(i, job): (usize, PageJob)| {
        let started = Instant::now();
        let mut context = match job.context {
            JobContext::Ready(context) => context,
            JobContext::Later(build) => build(),
        };
        let card = super::social::insert(&mut context, templates.cards.as_deref());
        let url = context
            .get("page_url")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let failed = |e: tera::Error| templates.render_error(job.template, &e);
        let fallback = context
            .get("fallback")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let search = job.search.filter(|_| !fallback);
        let meta = PageMeta {
            path: &job.path,
            url: &url,
            search: search.as_ref(),
        };
        let streamed = match &search {
            Some(_) => None,
            None => sink.put_streamed(&meta, &mut |file| {
                let tera = &templates.tera;
                tera.render_to(job.template, &context, file).map_err(failed)
            }),
        };
        let result = streamed.unwrap_or_else(|| {
            // The page's whole input: its template set, template and context.
            let key = || {
                let context = serde_json::to_vec(&context.clone().into_json()).unwrap_or_default();
                fingerprint::key(&[&template_set, job.template.as_bytes(), &context])
            };
            let rendered = store.page(&key, &|| templates.tera.render(job.template, &context));
            rendered
                .map_err(failed)
                .and_then(|html| sink.put(&meta, html))
        });
        let outcome = PageOutcome {
            card,
            fallback,
            template: job.template,
            search,
            url,
            result,
            took: started.elapsed(),
            path: job.path,
        };
        (i, outcome)
    };
    // Large pages one after another on one thread while the others share
    // every thread; then back in the jobs' order.
    let (large, small): (Vec<_>, Vec<_>) = jobs.into_iter().enumerate().partition(|(_, j)| j.large);
    let (mut rendered, small) = rayon::join(
        || large.into_iter().map(render).collect::<Vec<_>>(),
        || small.into_par_iter().map(render).collect::<Vec<_>>(),
    );
    rendered.extend(small);
    rendered.sort_unstable_by_key(|(i, _)| *i);
    rendered.into_iter().map(|(_, page)| page).collect()
}

/// The errors of failed pages (diagnostic, page URL), each mistake once:
/// a template error that many pages meet says how many and which first.
pub(crate) fn page_errors(failed: Vec<(Diagnostic, String)>) -> Vec<Diagnostic> {
    let mut grouped: Vec<(Diagnostic, String, usize)> = Vec::new();
    for (diag, url) in failed {
        match grouped.iter_mut().find(|(d, _, _)| *d == diag) {
            Some((_, _, count)) => *count += 1,
            None => grouped.push((diag, url, 1)),
        }
    }
    grouped
        .into_iter()
        .map(|(diag, url, count)| {
            let pages = if count == 1 {
                format!("while rendering {url}")
            } else {
                format!("in {count} pages, first {url}")
            };
            diag.with_hint(Some(pages))
        })
        .collect()
}
