//! render: the `Library` of one language edition into pages. Markdown is
//! rendered once per document (`documents`) and reused by every page that
//! shows it; each page (`pages`) gets only the context it needs
//! (`page_contexts`, documented in `themes/default/CONTEXT.md`), goes
//! through Tera (`run`) and is handed to the sink it is given (`sink`).
//! What is reused between builds is the store's business (`store`). Feeds,
//! the sitemap and case-study charts are made here too. Nothing here
//! touches the disk.

mod chart;
mod contexts;
mod documents;
pub(crate) mod feeds;
mod page_contexts;
mod pages;
mod print;
pub(crate) mod redirects;
mod run;
pub(crate) mod sink;
mod social;
pub(crate) mod store;
mod structured;
mod views;

pub(crate) use contexts::Contexts;
pub(crate) use documents::{markdown_labels, render_documents, renderer, RenderedDocs};
pub(crate) use pages::{
    document_pages, page_jobs, pages_showing_playbook, pages_showing_tasks, PageKey,
};
pub(crate) use run::{lower_thread_priority, page_errors, render_pages, PageOutcome};

use crate::base::timings::Timings;
use crate::library::Library;
use crate::theme::templates::Templates;
use sink::PageSink;
use std::time::Instant;
use store::RenderStore;

/// Renders every page of `library`'s edition into `sink`, recording the
/// time of each stage and page.
pub(crate) fn edition_pages(
    library: &Library,
    docs: &RenderedDocs,
    templates: &Templates,
    store: &dyn RenderStore,
    sink: &dyn PageSink,
    timings: &mut Timings,
) -> Vec<PageOutcome> {
    let clock = Instant::now();
    let contexts = Contexts::new(library, docs, &templates.i18n).with_store(store);
    let jobs = page_jobs(&contexts, &|_| true);
    // Playbook, region and pillar contexts are built as their pages render,
    // and counted with them under "templates".
    timings.stage("template contexts", clock.elapsed());
    let clock = Instant::now();
    let pages = render_pages(jobs, templates, store, sink);
    // A streamed build's pages are written as they render, and counted here.
    timings.stage("templates", clock.elapsed());
    for page in &pages {
        timings.page(&page.url, page.template, page.took);
    }
    pages
}
