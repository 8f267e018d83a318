//! render: turns the `Library` into a `Site` — every output file as bytes, in
//! memory, keyed by its path under the output directory. Markdown is rendered
//! once per document (in parallel) and reused by every page that shows it;
//! each template gets only the context it needs (see
//! `themes/default/CONTEXT.md`). Nothing here touches the disk except reading
//! the site's and theme's static files.

use crate::cache::BuildCache;
use crate::chart;
use crate::content::{CaseStudy, Date, Markdown, Playbook, Region, Source};
use crate::diagnostics::{Diagnostic, Level};
use crate::feeds;
use crate::highlight;
use crate::i18n::{I18n, Strings};
use crate::library::Library;
use crate::markdown::{Rendered, Renderer, TocEntry};
use crate::output::Staging;
use crate::packed::Text;
use crate::search::{self, IndexedPage, SearchEntry};
use crate::templates::{self, Templates};
use crate::timings::Timings;
use bytes::Bytes;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// The rendered site: output path (relative, `/` separators) → bytes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Site {
    /// Shared, immutable bytes: a rebuild under `serve` that changes one
    /// page clones the map, not the site.
    pub files: BTreeMap<String, Bytes>,
    /// The number of HTML pages.
    pub pages: usize,
}

#[derive(Serialize, Clone)]
struct RegionLink<'a> {
    slug: &'a str,
    name: &'a str,
    short_name: &'a str,
    url: String,
}

#[derive(Serialize, Clone)]
struct PillarLink<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    url: String,
    playbook_count: usize,
}

#[derive(Serialize, Clone)]
struct PageLink<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
}

#[derive(Serialize, Clone)]
struct CaseStudyLink<'a> {
    slug: &'a str,
    company: &'a str,
    title: &'a str,
    url: String,
}

#[derive(Serialize, Clone)]
struct Language {
    tag: String,
    name: String,
}

#[derive(Serialize, Clone)]
struct MetricView<'a> {
    label: &'a str,
    value: f64,
    value_max: Option<f64>,
    unit: &'a str,
    display: String,
}

#[derive(Serialize, Clone)]
struct PlaybookCard<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    url: String,
    pillar: PillarLink<'a>,
    regions: Vec<RegionLink<'a>>,
    all_regions: bool,
    date: String,
    updated: String,
    date_display: String,
    updated_display: String,
    tags: &'a [String],
    weight: i64,
    /// The language and direction of its text: the default language's on
    /// an edition that has no translation of it.
    content_lang: &'a str,
    content_dir: &'static str,
}

#[derive(Serialize, Clone)]
struct CaseStudyCard<'a> {
    slug: &'a str,
    company: &'a str,
    title: &'a str,
    summary: &'a str,
    url: String,
    industry: &'a str,
    date: String,
    date_display: String,
    regions: Vec<RegionLink<'a>>,
    pillars: Vec<PillarLink<'a>>,
    metrics: Vec<MetricView<'a>>,
    chart_svg: String,
    content_lang: &'a str,
    content_dir: &'static str,
}

#[derive(Serialize, Clone)]
struct RegionCard<'a> {
    slug: &'a str,
    name: &'a str,
    short_name: &'a str,
    summary: &'a str,
    url: String,
    print_url: String,
    weight: i64,
    languages: Vec<Language>,
    aws_regions: &'a [String],
    frameworks: &'a [crate::content::region::Framework],
    case_studies: Vec<CaseStudyLink<'a>>,
    playbook_count: usize,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    dir: &'static str,
    /// This language's home page.
    home: String,
    feed_url: String,
    base_url: &'a str,
    root: &'a str,
    search: bool,
    version: &'static str,
    regions: Vec<RegionLink<'a>>,
    pillars: Vec<PillarLink<'a>>,
    pages: Vec<PageLink<'a>>,
    highlight_css: String,
    regions_url: String,
    case_studies_url: String,
    search_url: String,
}

/// One page of the site, as an incremental rebuild names it: indexes are
/// into the `Library`'s lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKey {
    Home,
    Regions,
    Region(usize),
    RegionPrint(usize),
    Pillar(usize),
    Playbook(usize),
    CaseStudies,
    CaseStudy(usize),
    Page(usize),
    Search,
    NotFound,
}

/// Builds a page's context when the page renders.
type LaterContext<'a> = Box<dyn FnOnce() -> tera::Context + Send + 'a>;

/// A page's context: built with the job, or when the page renders.
enum JobContext<'a> {
    Ready(tera::Context),
    Later(LaterContext<'a>),
}

/// Everything a page template is rendered from, before Tera sees it.
pub(crate) struct PageJob<'a> {
    /// Output path, e.g. `regions/ksa/index.html`.
    path: String,
    template: &'static str,
    context: JobContext<'a>,
    /// How the page is indexed for search; `None` keeps it out of the index.
    search: Option<SearchEntry>,
    /// A page that holds many others (a region's print page): rendered one
    /// at a time, so that no two are in memory at once.
    large: bool,
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

/// Rendered Markdown of every document, indexed like the library's lists.
#[derive(Default)]
pub(crate) struct Documents {
    pub(crate) pillars: Vec<Rendered>,
    pub(crate) regions: Vec<Rendered>,
    pub(crate) playbooks: Vec<Rendered>,
    pub(crate) case_studies: Vec<Rendered>,
    pub(crate) pages: Vec<Rendered>,
}

/// Renders every document; with `pack`, each is packed as soon as it is
/// rendered (a one-shot build holds them all until its last page).
fn render_documents(library: &Library, cache: &mut BuildCache, pack: bool) -> Documents {
    let renderer = Renderer {
        unsafe_html: library.config.unsafe_html,
        links: library,
    };
    let fingerprint = library.links_fingerprint().to_le_bytes();
    let options = [u8::from(library.config.unsafe_html)];
    let old = std::mem::take(&mut cache.documents);
    let enabled = cache.enabled;
    let mut stats = (0, 0);
    let mut render_all = |docs: Vec<(Option<&Markdown>, &Source)>| -> Vec<Rendered> {
        let results: Vec<(Option<u64>, Rendered, bool)> = docs
            .into_par_iter()
            .map(|(md, source)| {
                let Some(md) = md else {
                    return (None, Rendered::default(), false);
                };
                let key = enabled.then(|| {
                    crate::cache::key(&[
                        source.path.as_bytes(),
                        source.text.as_bytes(),
                        md.text().as_bytes(),
                        &fingerprint,
                        &options,
                    ])
                });
                let (mut rendered, reused) = match key.and_then(|k| old.get(&k)) {
                    Some(hit) => (hit.clone(), true),
                    None => (renderer.render(md, source), false),
                };
                if pack {
                    rendered.html.pack();
                }
                (key, rendered, reused)
            })
            .collect();
        results
            .into_iter()
            .map(|(key, rendered, reused)| {
                if let Some(key) = key {
                    if reused {
                        stats.1 += 1
                    } else {
                        stats.0 += 1
                    }
                    cache.documents.insert(key, rendered.clone());
                }
                rendered
            })
            .collect()
    };
    let pillars = render_all(
        library
            .pillars
            .iter()
            .map(|p| (Some(&p.body), &p.source))
            .collect(),
    );
    let regions = render_all(
        library
            .regions
            .iter()
            .map(|r| (r.overview.as_ref(), &r.source))
            .collect(),
    );
    let playbooks = render_all(
        library
            .playbooks
            .iter()
            .map(|p| (Some(&p.body), &p.source))
            .collect(),
    );
    let case_studies = render_all(
        library
            .case_studies
            .iter()
            .map(|c| (c.body.as_ref(), &c.source))
            .collect(),
    );
    let pages = render_all(
        library
            .pages
            .iter()
            .map(|p| (Some(&p.body), &p.source))
            .collect(),
    );
    cache.stats.documents_rendered = stats.0;
    cache.stats.documents_reused = stats.1;
    Documents {
        pillars,
        regions,
        playbooks,
        case_studies,
        pages,
    }
}

/// Builds the views shared by many pages once.
pub(crate) struct Views<'a> {
    lib: &'a Library,
    docs: &'a Documents,
    /// This edition's UI strings, and every language's (for the switcher).
    strings: &'a Strings,
    i18n: &'a I18n,
    regions: Vec<RegionLink<'a>>,
    pillars: Vec<PillarLink<'a>>,
    /// Built on first use: a rebuild of one page needs one or two cards,
    /// not ten thousand.
    playbooks: Vec<std::sync::OnceLock<PlaybookCard<'a>>>,
    case_studies: Vec<CaseStudyCard<'a>>,
    base: tera::Context,
}

impl<'a> Views<'a> {
    pub(crate) fn new(lib: &'a Library, docs: &'a Documents, i18n: &'a I18n) -> Self {
        let strings = i18n.strings(&lib.config.language);
        let regions: Vec<RegionLink> = lib
            .regions
            .iter()
            .map(|r| RegionLink {
                slug: &r.slug,
                name: &r.name,
                short_name: r.label(),
                url: lib.region_url(r),
            })
            .collect();
        let pillars: Vec<PillarLink> = lib
            .pillars
            .iter()
            .enumerate()
            .map(|(i, p)| PillarLink {
                slug: &p.slug,
                title: &p.title,
                summary: &p.summary,
                url: lib.pillar_url(p),
                playbook_count: lib.playbook_pillar.iter().filter(|&&x| x == i).count(),
            })
            .collect();
        let playbooks = (0..lib.playbooks.len())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        let case_studies = lib
            .case_studies
            .iter()
            .enumerate()
            .map(|(i, c)| case_study_card(lib, strings, &regions, &pillars, i, c))
            .collect();
        let site = SiteView {
            title: &lib.config.title,
            description: &lib.config.description,
            language: &lib.config.language,
            dir: lib.config.dir(),
            home: lib.url(""),
            feed_url: lib.url("atom.xml"),
            base_url: &lib.config.base_url,
            root: &lib.config.base_path,
            search: lib.config.search,
            version: env!("CARGO_PKG_VERSION"),
            regions: regions.clone(),
            pillars: pillars.clone(),
            pages: lib
                .pages
                .iter()
                .map(|p| PageLink {
                    slug: &p.slug,
                    title: &p.title,
                    url: lib.page_url(p),
                })
                .collect(),
            highlight_css: format!("{}highlight.css", lib.config.base_path),
            regions_url: lib.url("regions/"),
            case_studies_url: lib.url("case-studies/"),
            search_url: lib.url("search/"),
        };
        let mut base = tera::Context::new();
        base.insert("site", &site);
        base.insert("i18n", strings.table());
        Views {
            lib,
            docs,
            strings,
            i18n,
            regions,
            pillars,
            playbooks,
            case_studies,
            base,
        }
    }

    fn playbook(&self, i: usize) -> &PlaybookCard<'a> {
        self.playbooks[i].get_or_init(|| {
            playbook_card(
                self.lib,
                self.strings,
                &self.regions,
                &self.pillars,
                i,
                &self.lib.playbooks[i],
            )
        })
    }

    /// The context every page starts from; `doc` is the file the page
    /// shows, if any (its translations decide the language links).
    fn context(
        &self,
        url: &str,
        title: &str,
        description: &str,
        current_region: &str,
        crumbs: &[(&str, String)],
        doc: Option<&Source>,
    ) -> tera::Context {
        let mut ctx = self.base.clone();
        let config = &self.lib.config;
        let origin = config
            .base_url
            .strip_suffix(&config.base_path)
            .unwrap_or(&config.base_url);
        // The page in every language: the same path under each home.
        let rel = url.strip_prefix(config.url_root.as_str()).unwrap_or(url);
        let in_lang = |prefix: &str| format!("{}{prefix}{rel}", config.base_path);
        let fallback = doc.is_some_and(|d| self.lib.is_fallback(d));
        let translated = |i: usize, tag: &str| {
            i == 0 || doc.is_none_or(|d| self.lib.translated_into(d).iter().any(|t| t == tag))
        };
        let default_lang = config.languages.first();
        let mut switcher = Vec::new();
        let mut alternates = Vec::new();
        if config.multilingual() {
            for (i, lang) in config.languages.iter().enumerate() {
                let there = in_lang(&lang.prefix);
                let is_translated = translated(i, &lang.tag);
                switcher.push(LanguageLink {
                    tag: &lang.tag,
                    name: self.i18n.strings(&lang.tag).get("language_name"),
                    url: there.clone(),
                    current: lang.tag == config.language,
                    translated: is_translated,
                });
                if is_translated {
                    alternates.push(Alternate {
                        tag: &lang.tag,
                        href: format!("{origin}{there}"),
                    });
                }
            }
        }
        let (content_lang, content_dir) = doc
            .map_or((config.language.as_str(), config.dir()), |d| {
                content_lang(self.lib, d)
            });
        // A page shown untranslated names the original as canonical.
        let canonical = match (fallback, default_lang) {
            (true, Some(d)) => format!("{origin}{}", in_lang(&d.prefix)),
            _ => format!("{origin}{url}"),
        };
        ctx.insert("translations", &switcher);
        ctx.insert("alternates", &alternates);
        ctx.insert(
            "x_default",
            &default_lang.map_or(String::new(), |d| format!("{origin}{}", in_lang(&d.prefix))),
        );
        ctx.insert("fallback", &fallback);
        ctx.insert("content_lang", content_lang);
        ctx.insert("content_dir", content_dir);
        ctx.insert("page_url", url);
        ctx.insert("permalink", &canonical);
        ctx.insert("page_title", title);
        ctx.insert(
            "description",
            if description.is_empty() {
                self.lib.config.description.as_str()
            } else {
                description
            },
        );
        ctx.insert("current_region", current_region);
        let region_label = self
            .lib
            .regions
            .iter()
            .find(|r| r.slug == current_region)
            .map_or("", |r| r.label());
        ctx.insert("current_region_name", region_label);
        let mut breadcrumbs = Vec::new();
        if !crumbs.is_empty() {
            breadcrumbs.push(Crumb {
                title: self.strings.get("home").into(),
                url: self.lib.url(""),
            });
            breadcrumbs.extend(crumbs.iter().map(|(t, u)| Crumb {
                title: t.to_string(),
                url: u.clone(),
            }));
        }
        ctx.insert("breadcrumbs", &breadcrumbs);
        ctx
    }

    /// The context of a page the site makes itself (a listing, search,
    /// 404): titled, one breadcrumb, no document.
    fn listing(&self, url: &str, title: &str) -> tera::Context {
        self.context(url, title, "", "", &[(title, url.to_string())], None)
    }

    /// The title of region `r`'s guide.
    fn region_title(&self, r: usize) -> String {
        let name = &self.lib.regions[r].name;
        self.strings.format("region_guide_title", &[("name", name)])
    }

    fn region_card(&self, r: usize) -> RegionCard<'a> {
        let lib = self.lib;
        let region: &'a Region = &lib.regions[r];
        RegionCard {
            slug: &region.slug,
            name: &region.name,
            short_name: region.label(),
            summary: &region.summary,
            url: lib.region_url(region),
            print_url: lib.url(&format!("regions/{}/print/", region.slug)),
            weight: region.weight,
            languages: region
                .languages
                .iter()
                .map(|t| Language {
                    tag: t.clone(),
                    name: self.strings.language_name(t),
                })
                .collect(),
            aws_regions: &region.aws_regions,
            frameworks: &region.frameworks,
            case_studies: lib
                .region_case_studies(r)
                .into_iter()
                .map(|c| case_study_link(lib, &lib.case_studies[c]))
                .collect(),
            playbook_count: lib
                .playbook_regions
                .iter()
                .filter(|rs| rs.contains(&r))
                .count(),
        }
    }
}

fn case_study_link<'a>(lib: &Library, c: &'a CaseStudy) -> CaseStudyLink<'a> {
    CaseStudyLink {
        slug: &c.slug,
        company: &c.company,
        title: &c.title,
        url: lib.case_study_url(c),
    }
}

fn iso(d: Option<Date>) -> String {
    d.map(|d| d.iso()).unwrap_or_default()
}

fn display(strings: &Strings, d: Option<Date>) -> String {
    d.map(|d| strings.date(&d)).unwrap_or_default()
}

/// The language and direction of an item's text in `lib`'s edition.
fn content_lang<'a>(lib: &'a Library, source: &Source) -> (&'a str, &'static str) {
    match (lib.is_fallback(source), lib.config.languages.first()) {
        (true, Some(d)) => (&d.tag, d.dir),
        _ => (&lib.config.language, lib.config.dir()),
    }
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    tag: &'a str,
    name: &'a str,
    url: String,
    current: bool,
    translated: bool,
}

#[derive(Serialize)]
struct Alternate<'a> {
    tag: &'a str,
    href: String,
}

fn playbook_card<'a>(
    lib: &'a Library,
    strings: &Strings,
    regions: &[RegionLink<'a>],
    pillars: &[PillarLink<'a>],
    i: usize,
    p: &'a Playbook,
) -> PlaybookCard<'a> {
    let (content_lang, content_dir) = content_lang(lib, &p.source);
    PlaybookCard {
        slug: &p.slug,
        title: &p.title,
        summary: &p.summary,
        url: lib.playbook_url(p),
        pillar: pillars[lib.playbook_pillar[i]].clone(),
        regions: lib.playbook_regions[i]
            .iter()
            .map(|&r| regions[r].clone())
            .collect(),
        all_regions: p.all_regions(),
        date: iso(p.date),
        updated: iso(p.updated),
        date_display: display(strings, p.date),
        updated_display: display(strings, p.updated),
        tags: &p.tags,
        weight: p.weight,
        content_lang,
        content_dir,
    }
}

fn case_study_card<'a>(
    lib: &'a Library,
    strings: &Strings,
    regions: &[RegionLink<'a>],
    pillars: &[PillarLink<'a>],
    i: usize,
    c: &'a CaseStudy,
) -> CaseStudyCard<'a> {
    let (content_lang, content_dir) = content_lang(lib, &c.source);
    CaseStudyCard {
        slug: &c.slug,
        company: &c.company,
        title: &c.title,
        summary: &c.summary,
        url: lib.case_study_url(c),
        industry: &c.industry,
        date: iso(c.date),
        date_display: display(strings, c.date),
        regions: lib.case_study_regions[i]
            .iter()
            .map(|&r| regions[r].clone())
            .collect(),
        pillars: lib.case_study_pillars[i]
            .iter()
            .map(|&p| pillars[p].clone())
            .collect(),
        metrics: c
            .metrics
            .iter()
            .map(|m| MetricView {
                label: &m.label,
                value: m.value,
                value_max: m.value_max,
                unit: &m.unit,
                display: chart::display_value(m),
            })
            .collect(),
        chart_svg: chart::metrics_svg(
            &format!("chart-{}", c.slug),
            &strings.format("chart_title", &[("company", &c.company)]),
            &c.metrics,
        ),
        content_lang,
        content_dir,
    }
}

#[derive(Serialize)]
struct WithContent<'a, T: Serialize> {
    #[serde(flatten)]
    card: &'a T,
    content: &'a Text,
    toc: &'a [TocEntry],
}

#[derive(Serialize)]
struct GuideSection<'a, P: Serialize> {
    pillar: &'a PillarLink<'a>,
    anchor: &'a str,
    playbooks: Vec<P>,
}

#[derive(Serialize)]
struct NavLink<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct GuideNav<'a> {
    region: &'a RegionLink<'a>,
    prev: Option<NavLink<'a>>,
    next: Option<NavLink<'a>>,
}

/// The jobs of the pages `want` asks for; the contexts of the others are
/// never built.
pub(crate) fn page_jobs<'v>(
    v: &'v Views,
    want: &(dyn Fn(PageKey) -> bool + Sync),
) -> Vec<PageJob<'v>> {
    let mut jobs = page_jobs_here(v, want);
    // Another language's edition writes under its own folder.
    let prefix = &v.lib.config.lang_prefix;
    if !prefix.is_empty() {
        for job in &mut jobs {
            job.path.insert_str(0, prefix);
        }
    }
    jobs
}

/// `page_jobs`, with paths relative to the edition's folder.
fn page_jobs_here<'v>(v: &'v Views, want: &(dyn Fn(PageKey) -> bool + Sync)) -> Vec<PageJob<'v>> {
    let lib = v.lib;
    let t = |key: &'static str| v.strings.get(key);
    let mut jobs = Vec::new();
    let regions_url = lib.url("regions/");
    let case_studies_url = lib.url("case-studies/");
    let region_cards: Vec<RegionCard> = (0..lib.regions.len()).map(|r| v.region_card(r)).collect();

    // Home.
    if want(PageKey::Home) {
        let mut ctx = v.context(&lib.url(""), &lib.config.title, "", "", &[], None);
        let mut recent: Vec<(usize, Option<Date>)> = lib
            .playbooks
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.last_changed()))
            .collect();
        recent.sort_by(|a, b| {
            b.1.is_some()
                .cmp(&a.1.is_some())
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        let recent: Vec<&PlaybookCard> =
            recent.iter().take(8).map(|(i, _)| v.playbook(*i)).collect();
        ctx.insert("regions", &region_cards);
        ctx.insert("pillars", &v.pillars);
        ctx.insert("recent", &recent);
        ctx.insert("case_studies", &v.case_studies);
        jobs.push(PageJob::new("index.html".into(), "index.html", ctx));
    }

    // All regions, with the region × pillar coverage matrix.
    if want(PageKey::Regions) {
        let mut ctx = v.listing(&regions_url, t("regions"));
        let rows: Vec<serde_json::Value> = (0..lib.regions.len())
        .map(|r| {
            let cells: Vec<serde_json::Value> = lib
                .guide(r)
                .into_iter()
                .map(|(p, books)| {
                    let slug = &lib.pillars[p].slug;
                    serde_json::json!({"pillar": slug, "count": books.len(), "url": format!("{}#{}", v.regions[r].url, slug)})
                })
                .collect();
            serde_json::json!({"region": v.regions[r], "cells": cells})
        })
        .collect();
        ctx.insert("regions", &region_cards);
        ctx.insert(
            "matrix",
            &serde_json::json!({"pillars": v.pillars, "rows": rows}),
        );
        jobs.push(PageJob::new(
            "regions/index.html".into(),
            "regions.html",
            ctx,
        ));
    }

    // Region guides and their print versions: contexts built when the
    // pages render (a print page's holds every playbook of the region).
    for (r, region) in lib.regions.iter().enumerate() {
        for (key, full, path, template) in [
            (
                PageKey::Region(r),
                false,
                format!("regions/{}/index.html", region.slug),
                "region.html",
            ),
            (
                PageKey::RegionPrint(r),
                true,
                format!("regions/{}/print/index.html", region.slug),
                "region_print.html",
            ),
        ] {
            if !want(key) {
                continue;
            }
            let job = PageJob::later(path, template, Box::new(move || region_context(v, r, full)));
            jobs.push(if full {
                PageJob { large: true, ..job }
            } else {
                job.searchable(
                    t("kind_region_guide"),
                    &v.region_title(r),
                    &[],
                    &[&v.regions[r]],
                )
            });
        }
    }

    // Pillars: contexts built when the pages render.
    for (p, pillar) in lib.pillars.iter().enumerate() {
        if !want(PageKey::Pillar(p)) {
            continue;
        }
        let path = format!("pillars/{}/index.html", pillar.slug);
        let context = move || pillar_context(v, p);
        jobs.push(
            PageJob::later(path, "pillar.html", Box::new(context)).searchable(
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
    let guides = std::sync::Arc::new(GuideOrder::new(lib));
    for (b, playbook) in lib.playbooks.iter().enumerate() {
        if !want(PageKey::Playbook(b)) {
            continue;
        }
        let card = v.playbook(b);
        let path = format!("playbooks/{}/index.html", playbook.slug);
        let regions: Vec<&RegionLink> = card.regions.iter().collect();
        let guides = std::sync::Arc::clone(&guides);
        let context = move || playbook_context(v, &guides, b);
        jobs.push(
            PageJob::later(path, "playbook.html", Box::new(context)).searchable(
                t("kind_playbook"),
                &playbook.title,
                &[&card.pillar],
                &regions,
            ),
        );
    }

    // Case studies.
    if want(PageKey::CaseStudies) {
        let mut ctx = v.listing(&case_studies_url, t("case_studies"));
        ctx.insert("case_studies", &v.case_studies);
        jobs.push(PageJob::new(
            "case-studies/index.html".into(),
            "case_studies.html",
            ctx,
        ));
    }
    for (c, case) in lib.case_studies.iter().enumerate() {
        if !want(PageKey::CaseStudy(c)) {
            continue;
        }
        let card = &v.case_studies[c];
        let doc = &v.docs.case_studies[c];
        let crumbs = [
            (t("case_studies"), case_studies_url.clone()),
            (case.company.as_str(), card.url.clone()),
        ];
        let mut ctx = v.context(
            &card.url,
            &case.title,
            &case.summary,
            "",
            &crumbs,
            Some(&case.source),
        );
        #[derive(Serialize)]
        struct Full<'a> {
            #[serde(flatten)]
            card: &'a CaseStudyCard<'a>,
            content: &'a Text,
            toc: &'a [TocEntry],
            quotes: &'a [crate::content::case_study::Quote],
        }
        ctx.insert(
            "case_study",
            &Full {
                card,
                content: &doc.html,
                toc: &doc.toc,
                quotes: &case.quotes,
            },
        );
        let citing: Vec<&PlaybookCard> = (0..lib.playbooks.len())
            .filter(|&b| lib.playbook_case_studies[b].contains(&c))
            .map(|b| v.playbook(b))
            .collect();
        ctx.insert("playbooks", &citing);
        let path = format!("case-studies/{}/index.html", case.slug);
        let pillars: Vec<&PillarLink> = card.pillars.iter().collect();
        let regions: Vec<&RegionLink> = card.regions.iter().collect();
        let title = format!("{}: {}", case.company, case.title);
        jobs.push(PageJob::new(path, "case_study.html", ctx).searchable(
            t("kind_case_study"),
            &title,
            &pillars,
            &regions,
        ));
    }

    // Free pages.
    for (i, page) in lib.pages.iter().enumerate() {
        if !want(PageKey::Page(i)) {
            continue;
        }
        let url = lib.page_url(page);
        let doc = &v.docs.pages[i];
        let mut ctx = v.context(
            &url,
            &page.title,
            &page.summary,
            "",
            &[(page.title.as_str(), url.clone())],
            Some(&page.source),
        );
        ctx.insert(
            "page",
            &serde_json::json!({"slug": page.slug, "title": page.title, "url": url, "summary": page.summary, "content": doc.html, "toc": doc.toc}),
        );
        let path = format!("{}/index.html", page.slug);
        jobs.push(PageJob::new(path, "page.html", ctx).searchable(
            t("kind_page"),
            &page.title,
            &[],
            &[],
        ));
    }

    if lib.config.search && want(PageKey::Search) {
        let url = lib.url("search/");
        let ctx = v.listing(&url, t("search"));
        jobs.push(PageJob::new("search/index.html".into(), "search.html", ctx));
    }

    if !want(PageKey::NotFound) {
        return jobs;
    }
    let not_found = lib.url("404.html");
    let ctx = v.listing(&not_found, t("page_not_found"));
    jobs.push(PageJob::new("404.html".into(), "404.html", ctx));
    jobs
}

/// The context of pillar `p`'s page, with every playbook of the pillar.
fn pillar_context(v: &Views, p: usize) -> tera::Context {
    let lib = v.lib;
    let pillar = &lib.pillars[p];
    let link = &v.pillars[p];
    let doc = &v.docs.pillars[p];
    let mut ctx = v.context(
        &link.url,
        &pillar.title,
        &pillar.summary,
        "",
        &[(&pillar.title, link.url.clone())],
        Some(&pillar.source),
    );
    ctx.insert(
        "pillar",
        &WithContent {
            card: link,
            content: &doc.html,
            toc: &doc.toc,
        },
    );
    let books: Vec<&PlaybookCard> = (0..lib.playbooks.len())
        .filter(|&b| lib.playbook_pillar[b] == p)
        .map(|b| v.playbook(b))
        .collect();
    ctx.insert("playbooks", &books);
    ctx
}

/// The context of region `r`'s guide, or with `full` of its print version.
fn region_context(v: &Views, r: usize, full: bool) -> tera::Context {
    let lib = v.lib;
    let t = |key: &'static str| v.strings.get(key);
    let region = &lib.regions[r];
    let regions_url = lib.url("regions/");
    let card = &v.region_card(r);
    let doc = &v.docs.regions[r];
    #[derive(Serialize)]
    struct RegionFull<'a> {
        #[serde(flatten)]
        card: &'a RegionCard<'a>,
        overview: &'a Text,
        toc: &'a [TocEntry],
    }
    let region_view = RegionFull {
        card,
        overview: &doc.html,
        toc: &doc.toc,
    };
    let guide = lib.guide(r);
    let sections: serde_json::Value = {
        let sections: Vec<serde_json::Value> = guide
            .iter()
            .map(|(p, books)| {
                let pillar = &v.pillars[*p];
                let playbooks: Vec<serde_json::Value> = books
                    .iter()
                    .map(|&b| {
                        let mut value = serde_json::to_value(v.playbook(b)).unwrap_or_default();
                        if let (true, Some(map)) = (full, value.as_object_mut()) {
                            // One page holds many playbooks: prefix their
                            // ids so that they stay unique. Moved in, not
                            // serialized again: a print page is megabytes.
                            let d = &v.docs.playbooks[b];
                            let prefix = format!("{}--", lib.playbooks[b].slug);
                            let html = prefix_ids(&d.html.get(), &prefix);
                            let toc = prefix_toc(&d.toc, &prefix);
                            map.insert("content".into(), html.into());
                            map.insert("toc".into(), serde_json::to_value(toc).unwrap_or_default());
                        }
                        value
                    })
                    .collect();
                let mut section = serde_json::to_value(GuideSection {
                    pillar,
                    anchor: pillar.slug,
                    playbooks: Vec::<()>::new(),
                })
                .unwrap_or_default();
                if let Some(map) = section.as_object_mut() {
                    map.insert("playbooks".into(), playbooks.into());
                }
                section
            })
            .collect();
        serde_json::Value::Array(sections)
    };
    let cases: Vec<&CaseStudyCard> = lib
        .region_case_studies(r)
        .into_iter()
        .map(|c| &v.case_studies[c])
        .collect();
    let crumbs = [
        (t("regions"), regions_url.clone()),
        (region.label(), card.url.clone()),
    ];
    let title = v.region_title(r);
    let (url, title, crumbs) = if full {
        let mut c = crumbs.to_vec();
        c.push((t("print"), card.print_url.clone()));
        let title = v.strings.format("print_title", &[("title", &title)]);
        (card.print_url.clone(), title, c)
    } else {
        (card.url.clone(), title.clone(), crumbs.to_vec())
    };
    let mut ctx = v.context(
        &url,
        &title,
        &region.summary,
        &region.slug,
        &crumbs,
        Some(&region.source),
    );
    ctx.insert("region", &region_view);
    ctx.insert("case_studies", &cases);
    with_value(ctx, "sections", sections)
}

/// Each region guide's playbooks in order, and where each stands in it.
struct GuideOrder {
    order: Vec<Vec<usize>>,
    position: Vec<std::collections::HashMap<usize, usize>>,
}

impl GuideOrder {
    fn new(lib: &Library) -> Self {
        let order: Vec<Vec<usize>> = (0..lib.regions.len())
            .map(|r| {
                lib.guide(r)
                    .into_iter()
                    .flat_map(|(_, books)| books)
                    .collect()
            })
            .collect();
        let position = order
            .iter()
            .map(|books| books.iter().enumerate().map(|(i, &b)| (b, i)).collect())
            .collect();
        GuideOrder { order, position }
    }

    /// The playbooks before and after playbook `b` in region `r`'s guide.
    fn neighbours(&self, r: usize, b: usize) -> (Option<usize>, Option<usize>) {
        let order = &self.order[r];
        let pos = self.position[r].get(&b).copied().unwrap_or(0);
        let prev = pos.checked_sub(1).map(|i| order[i]);
        (prev, order.get(pos + 1).copied())
    }
}

/// The context of playbook `b`'s page.
fn playbook_context(v: &Views, guides: &GuideOrder, b: usize) -> tera::Context {
    let lib = v.lib;
    let playbook = &lib.playbooks[b];
    let card = v.playbook(b);
    let doc = &v.docs.playbooks[b];
    let nav: Vec<GuideNav> = lib.playbook_regions[b]
        .iter()
        .map(|&r| {
            let (prev, next) = guides.neighbours(r, b);
            let link = |i: usize| NavLink {
                title: &lib.playbooks[i].title,
                url: v.playbook(i).url.clone(),
            };
            GuideNav {
                region: &v.regions[r],
                prev: prev.map(link),
                next: next.map(link),
            }
        })
        .collect();
    let current = match lib.playbook_regions[b].as_slice() {
        [only] if !playbook.all_regions() => lib.regions[*only].slug.as_str(),
        _ => "",
    };
    let crumbs = [
        (card.pillar.title, card.pillar.url.clone()),
        (playbook.title.as_str(), card.url.clone()),
    ];
    let mut ctx = v.context(
        &card.url,
        &playbook.title,
        &playbook.summary,
        current,
        &crumbs,
        Some(&playbook.source),
    );
    #[derive(Serialize)]
    struct Full<'a> {
        #[serde(flatten)]
        card: &'a PlaybookCard<'a>,
        content: &'a Text,
        toc: &'a [TocEntry],
        case_studies: Vec<CaseStudyLink<'a>>,
    }
    let case_studies = lib.playbook_case_studies[b]
        .iter()
        .map(|&c| case_study_link(lib, &lib.case_studies[c]))
        .collect();
    ctx.insert(
        "playbook",
        &Full {
            card,
            content: &doc.html,
            toc: &doc.toc,
            case_studies,
        },
    );
    ctx.insert("guide_nav", &nav);
    ctx
}

/// `ctx` with `value` under `key`, moved in: `Context::insert` would
/// serialize it again, a copy of megabytes on a print page.
fn with_value(ctx: tera::Context, key: &str, value: serde_json::Value) -> tera::Context {
    let mut json = ctx.into_json();
    if let Some(map) = json.as_object_mut() {
        map.insert(key.to_string(), value);
    }
    tera::Context::from_value(json).unwrap_or_default()
}

/// The HTML of a document with every `id` and same-page `#` link prefixed.
fn prefix_ids(html: &str, prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace(" href=\"#", &format!(" href=\"#{prefix}"))
}

fn prefix_toc(toc: &[TocEntry], prefix: &str) -> Vec<TocEntry> {
    toc.iter()
        .map(|e| TocEntry {
            id: format!("{prefix}{}", e.id),
            title: e.title.clone(),
            level: e.level,
            children: prefix_toc(&e.children, prefix),
        })
        .collect()
}

/// The diagnostics of rendering every Markdown document, without templates.
pub fn document_diagnostics(library: &Library) -> Vec<Diagnostic> {
    let docs = render_documents(library, &mut BuildCache::default(), false);
    [
        docs.pillars,
        docs.regions,
        docs.playbooks,
        docs.case_studies,
        docs.pages,
    ]
    .into_iter()
    .flatten()
    .flat_map(|r| r.diagnostics)
    .collect()
}

/// What a build under `serve` keeps besides the `Site`, so that the next
/// rebuild can re-render single pages (see `incremental`).
pub(crate) struct Kept {
    pub(crate) docs: Documents,
    /// Every page of the search index, in the order it was indexed.
    pub(crate) search: Vec<SearchSlot>,
    /// The URLs (relative) the sitemap lists.
    pub(crate) page_urls: Vec<String>,
    /// A streamed build's pages to index, left for `compile_into` to index
    /// once it has freed the library.
    pub(crate) to_index: Vec<IndexedPage>,
}

/// A page of the search index, without its HTML (that is in the `Site`).
#[derive(Clone)]
pub(crate) struct SearchSlot {
    pub(crate) path: String,
    pub(crate) url: String,
    pub(crate) entry: SearchEntry,
}

/// Renders the whole site (one language edition) in memory, recording how
/// long each stage took; also returns what an incremental rebuild needs.
pub(crate) fn render_kept(
    library: &mut Library,
    templates: &Templates,
    timings: &mut Timings,
    cache: &mut BuildCache,
    staging: Option<&Staging>,
) -> (Site, Vec<Diagnostic>, Kept) {
    let clock = Instant::now();
    let docs = render_documents(library, cache, staging.is_some());
    if staging.is_some() {
        library.release_texts();
    }
    let library = &*library;
    let mut diags: Vec<Diagnostic> = [
        &docs.pillars,
        &docs.regions,
        &docs.playbooks,
        &docs.case_studies,
        &docs.pages,
    ]
    .into_iter()
    .flatten()
    .flat_map(|r| r.diagnostics.iter().cloned())
    .collect();
    timings.stage("markdown + highlighting", clock.elapsed());

    let clock = Instant::now();
    let views = Views::new(library, &docs, &templates.i18n);
    let mut jobs = page_jobs(&views, &|_| true);
    if !library.config.search {
        for job in &mut jobs {
            job.search = None;
        }
    }
    // Playbook, region and pillar contexts are built as their pages render,
    // and counted with them under "templates".
    timings.stage("template contexts", clock.elapsed());

    let clock = Instant::now();
    let rendered = render_pages(jobs, templates, Some(cache), staging);
    // Streamed pages are written as they render, and counted here.
    timings.stage("templates", clock.elapsed());
    // A one-shot build keeps nothing for the next: the rendered documents
    // (with the sources, most of a large site's memory once its pages are
    // written) are freed before the search index is built.
    let docs = if cache.enabled {
        docs
    } else {
        drop(views);
        drop(docs);
        Documents::default()
    };

    let clock = Instant::now();
    let mut site = Site::default();
    // Static files are the site's, not a language's: the default edition
    // writes them.
    let edition = !library.config.lang_prefix.is_empty();
    if !edition {
        let mut statics = BTreeMap::new();
        diags.extend(templates::theme_static(&library.config, &mut statics));
        let site_static = library.config.root.join("static");
        if site_static.is_dir() {
            if let Err(mut d) =
                crate::output::read_tree(&site_static, &library.config.root, &mut statics)
            {
                diags.append(&mut d);
            }
        }
        site.files.extend(shared(statics));
        timings.stage("static files", clock.elapsed());
    }

    let mut page_urls = Vec::new();
    let mut slots = Vec::new();
    // Streamed pages are on disk: the index gets what each kept for it.
    let mut streamed = Vec::new();
    for page in rendered {
        timings.page(&page.url, page.template, page.took);
        match page.result {
            Ok(html) => {
                // A page shown untranslated belongs to the default
                // language's sitemap, not this edition's.
                let own = !page.fallback;
                if let Some(entry) = page.search {
                    slots.push(SearchSlot {
                        path: page.path.clone(),
                        url: page.url,
                        entry,
                    });
                }
                // A streamed page is already written: the static file must
                // not be written over it.
                if site.files.remove(&page.path).is_some() {
                    diags.push(Diagnostic::file(
                        Level::Warning,
                        &format!("static/{}", page.path),
                        "replaced by a page guidegen generates at the same path",
                    ));
                }
                let not_found = format!("{}404.html", library.config.lang_prefix);
                if page.path != not_found && own {
                    page_urls.push(page.path.trim_end_matches("index.html").to_string());
                }
                match page.indexed {
                    Some(indexed) => streamed.extend(indexed),
                    None => {
                        site.files.insert(page.path, Bytes::from(html));
                    }
                }
                site.pages += 1;
            }
            Err(d) => diags.push(d),
        }
    }

    let mut to_index = Vec::new();
    if library.config.search && staging.is_some() {
        to_index = streamed;
    } else if library.config.search && !diags.iter().any(Diagnostic::is_error) {
        let clock = Instant::now();
        if cache.defer_search {
            // `serve` indexes in the background (`incremental::SearchJob`);
            // until that is done, the last index is served.
            cache.stats.search_indexed = false;
            if let Some((_, files)) = &cache.search {
                site.files
                    .extend(under_home(&library.config.lang_prefix, files.clone()));
            }
        } else {
            let pages = indexed_pages(&site, &slots);
            match cached_search(library, pages, cache) {
                Ok(files) => site.files.extend(files),
                Err(d) => diags.push(d),
            }
        }
        timings.stage("search index", clock.elapsed());
    }

    let clock = Instant::now();
    let config = &library.config;
    if !edition {
        let css = highlight::stylesheet(&config.highlight_theme, &config.highlight_theme_dark);
        site.files.insert("highlight.css".into(), Bytes::from(css));
        // A site in several languages has one sitemap of every edition,
        // written once they have all rendered (`compile_cached`).
        if !config.multilingual() {
            site.files
                .insert("sitemap.xml".into(), sitemap(library, &page_urls));
        }
        site.files
            .insert("robots.txt".into(), Bytes::from(feeds::robots(library)));
    }
    site.files
        .insert(format!("{}atom.xml", config.lang_prefix), atom(library));
    timings.stage("feeds + highlight css", clock.elapsed());
    let kept = Kept {
        docs,
        search: slots,
        page_urls,
        to_index,
    };
    (site, diags, kept)
}

pub(crate) fn sitemap(library: &Library, page_urls: &[String]) -> Bytes {
    Bytes::from(feeds::sitemap(library, page_urls))
}

pub(crate) fn atom(library: &Library) -> Bytes {
    Bytes::from(feeds::atom(library))
}

/// One page after Tera, with what search and the timings need.
pub(crate) struct RenderedPage {
    pub(crate) path: String,
    /// Shown in the default language for want of a translation.
    fallback: bool,
    template: &'static str,
    /// How the page is indexed; `None` for a page shown untranslated, which
    /// belongs to the default language's index, not this edition's.
    pub(crate) search: Option<SearchEntry>,
    url: String,
    /// The HTML; empty once written to a staging directory.
    pub(crate) result: Result<String, Diagnostic>,
    /// Written to a staging directory: `Some`, with the page's share of the
    /// search index when it has one.
    indexed: Option<Option<IndexedPage>>,
    took: std::time::Duration,
}

/// Runs the jobs through Tera, in parallel. With an enabled `memo`, a page
/// whose template set and context equal those of a page the last build
/// rendered is reused, and the memo keeps what this run rendered. With
/// `staging` (a `build`; no memo), each page is written as it renders and
/// only what the search index reads of it is kept, so a large site is never
/// whole in memory.
pub(crate) fn render_pages(
    jobs: Vec<PageJob<'_>>,
    templates: &Templates,
    memo: Option<&mut BuildCache>,
    staging: Option<&Staging>,
) -> Vec<RenderedPage> {
    let mut memo = memo.filter(|c| c.enabled);
    let old_pages = memo
        .as_mut()
        .map(|c| std::mem::take(&mut c.pages))
        .unwrap_or_default();
    let keyed = memo.is_some();
    let template_set = templates.fingerprint.to_le_bytes();
    let render = |(i, job): (usize, PageJob)| {
        let started = Instant::now();
        let context = match job.context {
            JobContext::Ready(context) => context,
            JobContext::Later(build) => build(),
        };
        let url = context
            .get("page_url")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        // The page's whole input: its template set, template and context.
        let key = keyed.then(|| {
            let context = serde_json::to_vec(&context.clone().into_json()).unwrap_or_default();
            crate::cache::key(&[&template_set, job.template.as_bytes(), &context])
        });
        let failed = |e: tera::Error| {
            Diagnostic::file(
                Level::Error,
                &templates.path_of(job.template),
                format!("while rendering {url}: {}", templates::error_chain(&e)),
            )
        };
        let fallback = context
            .get("fallback")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let search = job.search.filter(|_| !fallback);
        let (result, reused, indexed) = match (staging, &search) {
            // A streamed page that nothing reads again goes straight from
            // Tera into its file: a print page is hundreds of megabytes.
            (Some(staging), None) => {
                let written = staging.write_with(&job.path, |file| {
                    let tera = &templates.tera;
                    tera.render_to(job.template, &context, file).map_err(failed)
                });
                match written {
                    Ok(()) => (Ok(String::new()), false, Some(None)),
                    Err(d) => (Err(d), false, None),
                }
            }
            _ => {
                let (result, reused) = match key.and_then(|k| old_pages.get(&k)) {
                    Some(html) => (Ok(html.clone()), true),
                    None => {
                        let rendered = templates.tera.render(job.template, &context);
                        (rendered.map_err(failed), false)
                    }
                };
                // A streamed page keeps only the cut the index reads.
                let cut = |html: &str| {
                    let entry = search.as_ref();
                    entry.map(|entry| IndexedPage::new(url.clone(), html, entry.clone()))
                };
                match (staging, result) {
                    (Some(staging), Ok(html)) => {
                        match staging.write_file(&job.path, html.as_bytes()) {
                            Ok(()) => (Ok(String::new()), reused, Some(cut(&html))),
                            Err(d) => (Err(d), reused, None),
                        }
                    }
                    (_, result) => (result, reused, None),
                }
            }
        };
        let page = RenderedPage {
            fallback,
            path: job.path,
            template: job.template,
            search,
            url,
            result,
            indexed,
            took: started.elapsed(),
        };
        (i, (key, reused, page))
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
    let rendered: Vec<(Option<u64>, bool, RenderedPage)> =
        rendered.into_iter().map(|(_, page)| page).collect();
    if let Some(cache) = memo {
        cache.stats.pages_reused = rendered.iter().filter(|(_, reused, _)| *reused).count();
        cache.stats.pages_rendered = rendered.len() - cache.stats.pages_reused;
        for (key, _, page) in &rendered {
            if let (Some(key), Ok(html)) = (key, &page.result) {
                cache.pages.insert(*key, html.clone());
            }
        }
    }
    rendered.into_iter().map(|(_, _, page)| page).collect()
}

/// The pages to index, their HTML taken from the site.
pub(crate) fn indexed_pages(site: &Site, slots: &[SearchSlot]) -> Vec<IndexedPage> {
    slots
        .par_iter()
        .filter_map(|slot| Some(slot.page(site.files.get(&slot.path)?)))
        .collect()
}

impl SearchSlot {
    /// The page to index, from its rendered HTML.
    pub(crate) fn page(&self, html: &Bytes) -> IndexedPage {
        let html = std::str::from_utf8(html).unwrap_or_default();
        IndexedPage::new(self.url.clone(), html, self.entry.clone())
    }
}

/// Whether `path` is a file of the search bundle.
pub fn is_search_file(path: &str) -> bool {
    let in_bundle = |p: &str| p.starts_with("pagefind/") || p.starts_with("pagefind-");
    // A language edition's bundle sits under its folder: `zh/pagefind/`.
    in_bundle(path)
        || path
            .split_once('/')
            .is_some_and(|(lang, rest)| crate::config::is_language_tag(lang) && in_bundle(rest))
}

/// The key of a search index: every input of `search::index`.
pub(crate) fn search_key(language: &str, base_path: &str, pages: &[IndexedPage]) -> u64 {
    let mut parts: Vec<&[u8]> = vec![language.as_bytes(), base_path.as_bytes()];
    for page in pages {
        parts.push(page.url.as_bytes());
        parts.push(page.packed().as_bytes());
        for (k, v) in page.entry.meta.iter().chain(&page.entry.filters) {
            parts.push(k.as_bytes());
            parts.push(v.as_bytes());
        }
    }
    crate::cache::key(&parts)
}

/// The search bundle, re-indexed only when a page of the index changed
/// (Pagefind has no incremental update).
fn cached_search(
    library: &Library,
    indexed: Vec<IndexedPage>,
    cache: &mut BuildCache,
) -> Result<BTreeMap<String, Bytes>, Diagnostic> {
    // Each language's bundle lives under its home (`zh/pagefind/`).
    let (language, root) = (&library.config.language, &library.config.url_root);
    let prefix = &library.config.lang_prefix;
    if !cache.enabled {
        // A one-shot build: no key to compute, nothing to keep.
        cache.stats.search_indexed = true;
        return edition_bundle(language, root, prefix, indexed, None);
    }
    let (key, files, indexed) =
        search_bundle(language, root, indexed, cache.search.take()).map_err(search_failed)?;
    cache.stats.search_indexed = indexed;
    cache.search = Some((key, files.clone()));
    Ok(under_home(prefix, files))
}

/// The search bundle of one language edition's `pages`, under its folder.
/// With `staging`, each part of the bundle is written there as soon as it
/// is built, and only the rest (the bundle list, other scripts' bundles)
/// is returned: a 100,000-page site's bundle is 300 MB.
pub(crate) fn edition_bundle(
    language: &str,
    base_path: &str,
    prefix: &str,
    pages: Vec<IndexedPage>,
    staging: Option<&Staging>,
) -> Result<BTreeMap<String, Bytes>, Diagnostic> {
    // The staging directory's own error, reported as it is.
    let write_failed = std::sync::Mutex::new(None);
    let write = staging.map(|staging| {
        let write_failed = &write_failed;
        move |path: &str, bytes: &[u8]| {
            staging
                .write_file(&format!("{prefix}{path}"), bytes)
                .map_err(|d| {
                    let message = d.message.clone();
                    if let Ok(mut first) = write_failed.lock() {
                        first.get_or_insert(d);
                    }
                    message
                })
        }
    });
    let sink = write.as_ref().map(|write| write as search::Sink);
    match search::index(language, base_path, pages, sink) {
        Ok(files) => Ok(under_home(prefix, shared(files).collect())),
        Err(message) => Err(write_failed
            .into_inner()
            .ok()
            .flatten()
            .unwrap_or_else(|| search_failed(message))),
    }
}

/// The error of a search index that could not be built.
fn search_failed(message: String) -> Diagnostic {
    Diagnostic::file(Level::Error, "guidegen.toml", message)
}

/// A language edition's search bundle under its folder (`zh/pagefind/…`).
pub(crate) fn under_home(prefix: &str, files: BTreeMap<String, Bytes>) -> BTreeMap<String, Bytes> {
    if prefix.is_empty() {
        return files;
    }
    files
        .into_iter()
        .map(|(path, bytes)| (format!("{prefix}{path}"), bytes))
        .collect()
}

/// The search bundle of `pages` and its key, reusing `previous` when its key
/// is the same; the flag says whether Pagefind ran.
pub(crate) fn search_bundle(
    language: &str,
    base_path: &str,
    pages: Vec<IndexedPage>,
    previous: Option<(u64, BTreeMap<String, Bytes>)>,
) -> Result<(u64, BTreeMap<String, Bytes>, bool), String> {
    let key = search_key(language, base_path, &pages);
    match previous {
        Some((old, files)) if old == key => Ok((key, files, false)),
        _ => {
            let files = shared(search::index(language, base_path, pages, None)?).collect();
            Ok((key, files, true))
        }
    }
}

/// Files as shared bytes, moved without copying.
pub(crate) fn shared(files: BTreeMap<String, Vec<u8>>) -> impl Iterator<Item = (String, Bytes)> {
    files
        .into_iter()
        .map(|(path, bytes)| (path, Bytes::from(bytes)))
}
