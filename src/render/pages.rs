//! pages: the list of every page a language edition writes — which template
//! renders it, from which context, at which output path, and how it is
//! indexed for search — and which pages show a given item, so that a
//! rebuild knows what an edit affects.

use super::contexts::Contexts;
use super::page_contexts::{self, DeferredText, GuideOrder};
use super::views::{PillarLink, RegionLink};
use crate::content::Kind;
use crate::library::{DocId, Library};
use crate::routes::Route;
use crate::search::SearchEntry;
use std::sync::Arc;

/// One page of an edition, by the index of what it shows in the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKey {
    Home,
    Regions,
    Region(usize),
    RegionPrint(usize),
    RegionChecklist(usize),
    Pillar(usize),
    Playbook(usize),
    CaseStudies,
    CaseStudy(usize),
    Page(usize),
    Tags,
    Tag(usize),
    Glossary,
    Search,
    NotFound,
}

impl PageKey {
    /// Where the page is published.
    pub fn route(self, lib: &Library) -> Route<'_> {
        match self {
            PageKey::Home => Route::Home,
            PageKey::Regions => Route::Regions,
            PageKey::Region(r) => Route::Region(&lib.regions[r].slug),
            PageKey::RegionPrint(r) => Route::RegionPrint(&lib.regions[r].slug),
            PageKey::RegionChecklist(r) => Route::RegionChecklist(&lib.regions[r].slug),
            PageKey::Pillar(p) => Route::Pillar(&lib.pillars[p].slug),
            PageKey::Playbook(b) => Route::Playbook(&lib.playbooks[b].slug),
            PageKey::CaseStudies => Route::CaseStudies,
            PageKey::CaseStudy(c) => Route::CaseStudy(&lib.case_studies[c].slug),
            PageKey::Page(i) => Route::Page(&lib.pages[i].slug),
            PageKey::Tags => Route::Tags,
            PageKey::Glossary => Route::Glossary,
            PageKey::Tag(i) => Route::Tag(&lib.tags[i].slug),
            PageKey::Search => Route::Search,
            PageKey::NotFound => Route::NotFound,
        }
    }
}

/// Builds a page's context when the page renders.
type LaterContext<'a> = Box<dyn FnOnce() -> tera::Context + Send + 'a>;

/// Builds a page's context when the page renders, with the texts it defers.
type DeferringContext<'a> = Box<dyn FnOnce() -> (tera::Context, Vec<DeferredText<'a>>) + Send + 'a>;

/// A page's context: built with the job, or when the page renders.
pub(super) enum JobContext<'a> {
    Ready(tera::Context),
    Later(LaterContext<'a>),
    Deferring(DeferringContext<'a>),
}

/// Everything a page template is rendered from, before Tera sees it.
pub(crate) struct PageJob<'a> {
    /// Output path, e.g. `regions/ksa/index.html` (`zh/regions/ksa/…` in
    /// another language's edition).
    pub(super) path: String,
    pub(super) template: &'static str,
    pub(super) context: JobContext<'a>,
    /// How the page is indexed for search; `None` keeps it out of the index.
    pub(super) search: Option<SearchEntry>,
    /// A page that holds many others (a region's print page): rendered one
    /// at a time, so that no two are in memory at once.
    pub(super) large: bool,
}

impl<'a> PageJob<'a> {
    fn new(path: String, template: &'static str, context: tera::Context) -> Self {
        PageJob {
            path,
            template,
            context: JobContext::Ready(context),
            search: None,
            large: false,
        }
    }

    /// A page whose context `context` builds when the page renders: a
    /// large site's playbook contexts (each with the page's HTML) would
    /// otherwise all be in memory at once.
    fn later(path: String, template: &'static str, context: LaterContext<'a>) -> Self {
        PageJob {
            context: JobContext::Later(context),
            ..PageJob::new(path, template, tera::Context::new())
        }
    }

    /// The page indexed for search as a `kind` titled `title`, with its
    /// pillars and regions as metadata and facets.
    fn searchable(
        mut self,
        kind: &str,
        title: &str,
        pillars: &[&PillarLink],
        regions: &[&RegionLink],
    ) -> Self {
        let mut entry = SearchEntry::default();
        entry.meta.push(("title", title.to_string()));
        entry.meta.push(("kind", kind.to_string()));
        let pillar_titles: Vec<&str> = pillars.iter().map(|p| p.title).collect();
        let region_labels: Vec<&str> = regions.iter().map(|r| r.short_name).collect();
        if !pillar_titles.is_empty() {
            entry.meta.push(("pillar", pillar_titles.join(", ")));
        }
        if !region_labels.is_empty() {
            entry.meta.push(("regions", region_labels.join(", ")));
        }
        entry
            .filters
            .extend(pillar_titles.iter().map(|t| ("pillar", t.to_string())));
        entry
            .filters
            .extend(region_labels.iter().map(|r| ("region", r.to_string())));
        self.search = Some(entry);
        self
    }
}

/// The jobs of the pages `want` asks for, in the site's order; the contexts
/// of the others are never built. A site without search has no search
/// page, and its pages no search entry.
pub(crate) fn page_jobs<'v>(
    v: &'v Contexts,
    want: &(dyn Fn(PageKey) -> bool + Sync),
) -> Vec<PageJob<'v>> {
    let lib = v.lib;
    let t = |key: &'static str| v.strings.get(key);
    let path = |key: PageKey| lib.output_path(key.route(lib));
    let mut jobs = Vec::new();

    if want(PageKey::Home) {
        let ctx = page_contexts::home(v);
        jobs.push(PageJob::new(path(PageKey::Home), "index.html", ctx));
    }
    if want(PageKey::Regions) {
        let ctx = page_contexts::regions(v);
        jobs.push(PageJob::new(path(PageKey::Regions), "regions.html", ctx));
    }

    // Region guides and their print versions: contexts built when the
    // pages render (a print page's holds every playbook of the region).
    for r in 0..lib.regions.len() {
        if want(PageKey::Region(r)) {
            let context = move || page_contexts::region(v, r);
            let job = PageJob::later(path(PageKey::Region(r)), "region.html", Box::new(context));
            jobs.push(job.searchable(
                t("kind_region_guide"),
                &v.region_title(r),
                &[],
                &[&v.regions[r]],
            ));
        }
        if want(PageKey::RegionPrint(r)) {
            let context = move || page_contexts::region_print(v, r);
            jobs.push(PageJob {
                context: JobContext::Deferring(Box::new(context)),
                large: true,
                ..PageJob::new(
                    path(PageKey::RegionPrint(r)),
                    "region_print.html",
                    tera::Context::new(),
                )
            });
        }
        if want(PageKey::RegionChecklist(r)) {
            let context = move || page_contexts::checklist(v, r);
            let page = path(PageKey::RegionChecklist(r));
            jobs.push(PageJob::later(
                page,
                "region_checklist.html",
                Box::new(context),
            ));
        }
    }

    for (p, pillar) in lib.pillars.iter().enumerate() {
        if !want(PageKey::Pillar(p)) {
            continue;
        }
        let context = move || page_contexts::pillar(v, p);
        jobs.push(
            PageJob::later(path(PageKey::Pillar(p)), "pillar.html", Box::new(context)).searchable(
                t("kind_pillar"),
                &pillar.title,
                &[&v.pillars[p]],
                &[],
            ),
        );
    }

    // Playbooks, with previous/next in each region guide they belong to.
    // Ten thousand contexts: each built when its page renders (on the
    // rendering threads), so that they are never all in memory at once.
    let guides = Arc::new(GuideOrder::new(lib));
    for (b, playbook) in lib.playbooks.iter().enumerate() {
        if !want(PageKey::Playbook(b)) {
            continue;
        }
        let card = v.playbook(b);
        let regions: Vec<&RegionLink> = card.regions.iter().collect();
        let guides = Arc::clone(&guides);
        let context = move || page_contexts::playbook(v, &guides, b);
        let job = PageJob::later(
            path(PageKey::Playbook(b)),
            "playbook.html",
            Box::new(context),
        );
        jobs.push(job.searchable(
            t("kind_playbook"),
            &playbook.title,
            &[&card.pillar],
            &regions,
        ));
    }

    if want(PageKey::CaseStudies) {
        let ctx = page_contexts::case_studies(v);
        let job = PageJob::new(path(PageKey::CaseStudies), "case_studies.html", ctx);
        jobs.push(job);
    }
    for (c, case) in lib.case_studies.iter().enumerate() {
        if !want(PageKey::CaseStudy(c)) {
            continue;
        }
        let card = &v.case_studies[c];
        let ctx = page_contexts::case_study(v, c);
        let pillars: Vec<&PillarLink> = card.pillars.iter().collect();
        let regions: Vec<&RegionLink> = card.regions.iter().collect();
        let title = format!("{}: {}", case.company, case.title);
        let job = PageJob::new(path(PageKey::CaseStudy(c)), "case_study.html", ctx);
        jobs.push(job.searchable(t("kind_case_study"), &title, &pillars, &regions));
    }

    for (i, page) in lib.pages.iter().enumerate() {
        if !want(PageKey::Page(i)) {
            continue;
        }
        let ctx = page_contexts::page(v, i);
        let job = PageJob::new(path(PageKey::Page(i)), "page.html", ctx);
        jobs.push(job.searchable(t("kind_page"), &page.title, &[], &[]));
    }

    if lib.glossary.is_some() && want(PageKey::Glossary) {
        let ctx = page_contexts::glossary(v);
        let job = PageJob::new(path(PageKey::Glossary), "glossary.html", ctx);
        jobs.push(job.searchable(t("kind_page"), t("glossary"), &[], &[]));
    }
    if !lib.tags.is_empty() && want(PageKey::Tags) {
        let ctx = page_contexts::tags(v);
        jobs.push(PageJob::new(path(PageKey::Tags), "tags.html", ctx));
    }
    for t in 0..lib.tags.len() {
        if want(PageKey::Tag(t)) {
            let context = move || page_contexts::tag(v, t);
            jobs.push(PageJob::later(
                path(PageKey::Tag(t)),
                "tag.html",
                Box::new(context),
            ));
        }
    }

    if lib.config.search && want(PageKey::Search) {
        let url = lib.url(Route::Search);
        let ctx = v.listing(&url, t("search"));
        jobs.push(PageJob::new(path(PageKey::Search), "search.html", ctx));
    }
    if want(PageKey::NotFound) {
        let url = lib.url(Route::NotFound);
        let ctx = v.listing(&url, t("page_not_found"));
        jobs.push(PageJob::new(path(PageKey::NotFound), "404.html", ctx));
    }
    if !lib.config.search {
        for job in &mut jobs {
            job.search = None;
        }
    }
    jobs
}

/// The page that shows a document, and the pages that also embed its body
/// (a region's print page holds every playbook of the region).
pub(crate) fn document_pages(lib: &Library, id: DocId) -> (PageKey, Vec<PageKey>) {
    let i = id.index;
    match id.kind {
        Kind::Pillar => (PageKey::Pillar(i), Vec::new()),
        Kind::Region => (PageKey::Region(i), vec![PageKey::RegionPrint(i)]),
        Kind::Playbook => (
            PageKey::Playbook(i),
            lib.playbook_regions[i]
                .iter()
                .map(|&r| PageKey::RegionPrint(r))
                .collect(),
        ),
        Kind::CaseStudy => (PageKey::CaseStudy(i), Vec::new()),
        Kind::Page => (PageKey::Page(i), Vec::new()),
    }
}

/// The pages that list playbook `b`'s task items: its regions' checklists.
pub(crate) fn pages_showing_tasks(lib: &Library, b: usize) -> Vec<PageKey> {
    let regions = lib.playbook_regions[b].iter();
    regions.map(|&r| PageKey::RegionChecklist(r)).collect()
}

/// The pages that show playbook `b`'s card (its title, summary, dates,
/// tags): the home page, its pillar, its region guides with their print
/// pages and checklists, its neighbours in those guides, the case studies
/// it cites.
pub(crate) fn pages_showing_playbook(lib: &Library, b: usize) -> Vec<PageKey> {
    let mut pages = vec![PageKey::Home, PageKey::Pillar(lib.playbook_pillar[b])];
    for &r in &lib.playbook_regions[b] {
        pages.extend([
            PageKey::Region(r),
            PageKey::RegionPrint(r),
            PageKey::RegionChecklist(r),
        ]);
        // Its neighbours in the region's guide link to it by title.
        let order = lib.guide_order(r);
        if let Some(at) = order.iter().position(|&x| x == b) {
            let around = [at.checked_sub(1), Some(at + 1)];
            pages.extend(
                around
                    .into_iter()
                    .flatten()
                    .filter_map(|i| order.get(i))
                    .map(|&i| PageKey::Playbook(i)),
            );
        }
    }
    pages.extend(
        lib.playbook_case_studies[b]
            .iter()
            .map(|&c| PageKey::CaseStudy(c)),
    );
    let tagged = lib.tags.iter().enumerate();
    pages.extend(
        tagged
            .filter(|(_, t)| t.playbooks.contains(&b))
            .map(|(i, _)| PageKey::Tag(i)),
    );
    pages
}
