//! run: every page job through Tera, in parallel, each finished page handed
//! to the sink. Large pages (print pages) render one at a time beside the
//! others, so that no two are in memory at once; for a sink that starts
//! the search index early, after the others and beside the indexing.

use super::page_contexts::{with_texts, DeferredText};
use super::pages::{JobContext, PageJob};
use super::sink::{PageMeta, PageSink};
use super::store::RenderStore;
use crate::base::diagnostics::Diagnostic;
use crate::base::fingerprint;
use crate::search::SearchEntry;
use crate::theme::templates::Templates;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
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

/// What a page's outcome holds besides its result, known once its context
/// is built.
struct Shown {
    path: String,
    url: String,
    template: &'static str,
    fallback: bool,
    search: Option<SearchEntry>,
    card: Option<(String, crate::cards::Card)>,
    started: Instant,
}

impl Shown {
    fn meta(&self, key: Option<u64>) -> PageMeta<'_> {
        PageMeta {
            path: &self.path,
            url: &self.url,
            search: self.search.as_ref(),
            key,
        }
    }

    fn outcome(self, result: Result<(), Diagnostic>) -> PageOutcome {
        PageOutcome {
            took: self.started.elapsed(),
            path: self.path,
            url: self.url,
            template: self.template,
            fallback: self.fallback,
            search: self.search,
            result,
            card: self.card,
        }
    }
}

/// A page looked up by its key in a store that keeps pages, with what
/// renders it when the store lacks it.
struct Keyed<'a> {
    shown: Shown,
    key: u64,
    /// The page's context without its deferred texts.
    context: serde_json::Value,
    texts: Vec<DeferredText<'a>>,
}

/// A page job with its context built.
enum Prepared<'a> {
    /// Rendered into the sink (a store that does not keep pages).
    Rendered(PageOutcome),
    /// To be looked up in the store, or rendered and kept (`finish`).
    Keyed(Keyed<'a>),
}

/// Renders `jobs` through `store` into `sink`; the outcomes come back in
/// the jobs' order.
pub(crate) fn render_pages<'a>(
    jobs: Vec<PageJob<'a>>,
    templates: &Templates,
    store: &dyn RenderStore,
    sink: &dyn PageSink,
) -> Vec<PageOutcome> {
    let template_set = templates.fingerprint.to_le_bytes();
    let failed = |template: &str, e: tera::Error| templates.render_error(template, &e);
    // A page the store looks up: taken from it, or rendered and kept.
    let finish = |page: Keyed<'a>| {
        let Keyed {
            shown,
            key,
            context,
            texts,
        } = page;
        let render = || {
            let context = tera::Context::from_value(context.clone())?;
            templates
                .tera
                .render(shown.template, &with_texts(context, &texts))
        };
        let result = store
            .page(key, &render)
            .map_err(|e| failed(shown.template, e))
            .and_then(|html| sink.put(&shown.meta(Some(key)), html));
        shown.outcome(result)
    };
    // A page's context built: a page the store looks up is handed back
    // keyed, to be finished; any other is rendered into the sink at once.
    let prepare = |job: PageJob<'a>| -> Prepared<'a> {
        let started = Instant::now();
        let (mut context, texts) = match job.context {
            JobContext::Ready(context) => (context, Vec::new()),
            JobContext::Later(build) => (build(), Vec::new()),
            JobContext::Deferring(build) => build(),
        };
        let card = super::social::insert(&mut context, templates.cards.as_deref());
        let url = context
            .get("page_url")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let fallback = context
            .get("fallback")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let shown = Shown {
            search: job.search.filter(|_| !fallback),
            path: job.path,
            url,
            template: job.template,
            fallback,
            card,
            started,
        };
        let failed = |e: tera::Error| failed(shown.template, e);
        if store.reuses_pages() {
            // The page's whole input: its template set, template, context
            // hashed as JSON and the keys of the texts it defers; a context
            // again, with the texts, only to render.
            let context = context.into_json();
            let deferred: Vec<u8> = texts
                .iter()
                .flat_map(|t| [t.pointer.as_bytes(), b"\0", &t.key.to_le_bytes()].concat())
                .collect();
            let parts: [&[u8]; 3] = [&template_set, shown.template.as_bytes(), &deferred];
            let key = fingerprint::key_with_json(&parts, &context);
            return Prepared::Keyed(Keyed {
                shown,
                key,
                context,
                texts,
            });
        }
        let context = with_texts(context, &texts);
        let meta = shown.meta(None);
        let streamed = match &shown.search {
            Some(_) => None,
            None => sink.put_streamed(&meta, &mut |file| {
                let tera = &templates.tera;
                tera.render_to(shown.template, &context, file)
                    .map_err(failed)
            }),
        };
        let result = streamed.unwrap_or_else(|| {
            let html = templates.tera.render(shown.template, &context);
            html.map_err(failed).and_then(|html| sink.put(&meta, html))
        });
        Prepared::Rendered(shown.outcome(result))
    };
    let render = |(i, job)| match prepare(job) {
        Prepared::Rendered(page) => (i, page),
        Prepared::Keyed(page) => (i, finish(page)),
    };
    let (large, small): (Vec<_>, Vec<_>) = jobs.into_iter().enumerate().partition(|(_, j)| j.large);
    // Only a store that keeps pages can tell which large ones it holds.
    let early = sink.indexes_early()
        && store.reuses_pages()
        && large.iter().all(|(_, job)| job.search.is_none());
    let mut outcomes = if early {
        // The others first, on every thread; then the search index starts,
        // and the large pages go beside it, below its priority (it is the
        // longer path).
        let small = wanted_first(small, |job| &job.path, sink, &render);
        sink.indexed_pages_done();
        let held = |page: &Keyed| store.holds_page(page.key);
        let mut outcomes = beside_search(large, &prepare, &held, &finish);
        outcomes.extend(small);
        outcomes
    } else {
        // Large pages one after another on one thread while the others
        // share every thread.
        let (mut outcomes, small) = rayon::join(
            || large.into_iter().map(render).collect::<Vec<_>>(),
            || wanted_first(small, |job| &job.path, sink, &render),
        );
        sink.indexed_pages_done();
        outcomes.extend(small);
        outcomes
    };
    // Back in the jobs' order.
    outcomes.sort_unstable_by_key(|(i, _)| *i);
    outcomes.into_iter().map(|(_, page)| page).collect()
}

/// Renders large pages at a low priority: those the store holds (`held`)
/// are taken from it on every core, the rest rendered by `finish` one at a
/// time (no two in memory at once).
fn beside_search<'a, J: Send>(
    jobs: Vec<(usize, J)>,
    prepare: &(impl Fn(J) -> Prepared<'a> + Sync),
    held: &(impl Fn(&Keyed<'a>) -> bool + Sync),
    finish: &(impl Fn(Keyed<'a>) -> PageOutcome + Sync),
) -> Vec<(usize, PageOutcome)> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let queue = Mutex::new(jobs.into_iter());
    let missing = Mutex::new(Vec::new());
    let rethrow = |panic| std::panic::resume_unwind(panic);
    let take = || queue.lock().unwrap_or_else(|e| e.into_inner()).next();
    let (take, missing) = (&take, &missing);
    std::thread::scope(|scope| {
        let lookups: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    lower_thread_priority();
                    let mut done = Vec::new();
                    while let Some((i, job)) = take() {
                        match prepare(job) {
                            Prepared::Rendered(page) => done.push((i, page)),
                            Prepared::Keyed(page) if held(&page) => done.push((i, finish(page))),
                            Prepared::Keyed(page) => missing
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push((i, page)),
                        }
                    }
                    done
                })
            })
            .collect();
        let mut done: Vec<_> = lookups
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_else(rethrow))
            .collect();
        let missing = std::mem::take(&mut *missing.lock().unwrap_or_else(|e| e.into_inner()));
        let rendering = scope.spawn(|| {
            lower_thread_priority();
            missing
                .into_iter()
                .map(|(i, page)| (i, finish(page)))
                .collect::<Vec<_>>()
        });
        done.extend(rendering.join().unwrap_or_else(rethrow));
        done
    })
}

/// Lowers the calling thread's priority (nice 10) below the build's other
/// threads: work that may wait, beside work that is waited on. Best
/// effort: on failure the thread runs at the priority it had.
pub(crate) fn lower_thread_priority() {
    let me = rustix::thread::gettid();
    let _ = rustix::process::setpriority_process(Some(me), 10);
}

/// Renders `jobs` (each with its output path, `path`) on every thread, each
/// taking the next job in order, or first any page the sink asks for (a
/// reader waiting on it under `serve`).
fn wanted_first<J: Send, O: Send>(
    jobs: Vec<(usize, J)>,
    path: impl Fn(&J) -> &str,
    sink: &dyn PageSink,
    render: &(impl Fn((usize, J)) -> O + Sync),
) -> Vec<O> {
    let position: HashMap<String, usize> = jobs
        .iter()
        .enumerate()
        .map(|(slot, (_, job))| (path(job).to_string(), slot))
        .collect();
    let slots: Vec<Mutex<Option<(usize, J)>>> =
        jobs.into_iter().map(|job| Mutex::new(Some(job))).collect();
    let take = |slot: usize| {
        let mut job = slots[slot].lock().unwrap_or_else(|e| e.into_inner());
        job.take()
    };
    let next = AtomicUsize::new(0);
    let worker = |_| {
        let mut done = Vec::new();
        loop {
            for path in sink.take_wanted() {
                if let Some(job) = position.get(&path).and_then(|&slot| take(slot)) {
                    done.push(render(job));
                }
            }
            let slot = next.fetch_add(1, Ordering::Relaxed);
            if slot >= slots.len() {
                return done;
            }
            // Empty when the job was wanted and taken already.
            if let Some(job) = take(slot) {
                done.push(render(job));
            }
        }
    };
    (0..rayon::current_num_threads())
        .into_par_iter()
        .flat_map_iter(worker)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that asks once for `wanted`, as `serve` does for a reader.
    struct Asking {
        wanted: Mutex<Vec<String>>,
    }

    impl PageSink for Asking {
        fn put(&self, _page: &PageMeta, _html: String) -> Result<(), Diagnostic> {
            Ok(())
        }

        fn take_wanted(&self) -> Vec<String> {
            std::mem::take(&mut *self.wanted.lock().unwrap())
        }
    }

    #[test]
    fn a_page_a_reader_waits_on_renders_before_the_rest() {
        let jobs: Vec<(usize, String)> =
            (0..500).map(|i| (i, format!("p{i}/index.html"))).collect();
        let sink = Asking {
            wanted: Mutex::new(vec!["p450/index.html".into(), "elsewhere.html".into()]),
        };
        let order = Mutex::new(Vec::new());
        let render = |(i, path): (usize, String)| {
            order.lock().unwrap().push(path);
            i
        };
        let mut done = wanted_first(jobs, String::as_str, &sink, &render);
        // Every job once, whatever the order.
        done.sort_unstable();
        assert_eq!(done, (0..500).collect::<Vec<_>>());
        // The wanted page is taken before any other job by the thread that
        // asked; the others start in order.
        let order = order.into_inner().unwrap();
        let place = order.iter().position(|p| p == "p450/index.html").unwrap();
        assert!(place < rayon::current_num_threads(), "rendered at {place}");
        assert_eq!(order.iter().filter(|p| *p == "p450/index.html").count(), 1);
    }
}
