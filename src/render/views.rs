//! views: what templates see of each item — links, cards and the parts of
//! a page that many pages share — built from the library. Serialized into
//! Tera contexts; documented in `themes/default/CONTEXT.md`.

use super::chart;
use crate::base::date::Date;
use crate::base::packed::Text;
use crate::base::source::Source;
use crate::content::{CaseStudy, Playbook};
use crate::library::{tag_slug, Library};
use crate::markdown::TocEntry;
use crate::routes::Route;
use crate::theme::i18n::Strings;
use serde::Serialize;

#[derive(Serialize, Clone)]
pub(super) struct RegionLink<'a> {
    pub(super) slug: &'a str,
    pub(super) name: &'a str,
    pub(super) short_name: &'a str,
    pub(super) url: String,
}

#[derive(Serialize, Clone)]
pub(super) struct PillarLink<'a> {
    pub(super) slug: &'a str,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) url: String,
    pub(super) playbook_count: usize,
}

#[derive(Serialize, Clone)]
pub(super) struct PageLink<'a> {
    pub(super) slug: &'a str,
    pub(super) title: &'a str,
    pub(super) url: String,
}

#[derive(Serialize, Clone)]
pub(super) struct TagLink {
    pub(super) name: String,
    pub(super) url: String,
}

#[derive(Serialize, Clone)]
pub(super) struct CaseStudyLink<'a> {
    pub(super) slug: &'a str,
    pub(super) company: &'a str,
    pub(super) title: &'a str,
    pub(super) url: String,
}

#[derive(Serialize, Clone)]
pub(super) struct Language {
    pub(super) tag: String,
    pub(super) name: String,
}

#[derive(Serialize, Clone)]
pub(super) struct MetricView<'a> {
    pub(super) label: &'a str,
    pub(super) value: f64,
    pub(super) value_max: Option<f64>,
    pub(super) unit: &'a str,
    pub(super) display: String,
}

#[derive(Serialize, Clone)]
pub(super) struct PlaybookCard<'a> {
    pub(super) slug: &'a str,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) url: String,
    pub(super) pillar: PillarLink<'a>,
    pub(super) regions: Vec<RegionLink<'a>>,
    pub(super) all_regions: bool,
    pub(super) date: String,
    pub(super) updated: String,
    pub(super) date_display: String,
    pub(super) updated_display: String,
    pub(super) tags: &'a [String],
    /// Each tag with its page.
    pub(super) tag_links: Vec<TagLink>,
    pub(super) weight: i64,
    /// The language and direction of its text: the default language's on
    /// an edition that has no translation of it.
    pub(super) content_lang: &'a str,
    pub(super) content_dir: &'static str,
}

#[derive(Serialize, Clone)]
pub(super) struct CaseStudyCard<'a> {
    pub(super) slug: &'a str,
    pub(super) company: &'a str,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) url: String,
    pub(super) industry: &'a str,
    pub(super) date: String,
    pub(super) date_display: String,
    pub(super) regions: Vec<RegionLink<'a>>,
    pub(super) pillars: Vec<PillarLink<'a>>,
    pub(super) metrics: Vec<MetricView<'a>>,
    pub(super) chart_svg: String,
    pub(super) content_lang: &'a str,
    pub(super) content_dir: &'static str,
}

#[derive(Serialize, Clone)]
pub(super) struct RegionCard<'a> {
    pub(super) slug: &'a str,
    pub(super) name: &'a str,
    pub(super) short_name: &'a str,
    pub(super) summary: &'a str,
    pub(super) url: String,
    pub(super) print_url: String,
    pub(super) checklist_url: String,
    pub(super) weight: i64,
    pub(super) languages: Vec<Language>,
    pub(super) aws_regions: &'a [String],
    pub(super) frameworks: &'a [crate::content::region::Framework],
    pub(super) case_studies: Vec<CaseStudyLink<'a>>,
    pub(super) playbook_count: usize,
}

#[derive(Serialize)]
pub(super) struct Crumb {
    pub(super) title: String,
    pub(super) url: String,
}

pub(super) fn case_study_link<'a>(lib: &Library, c: &'a CaseStudy) -> CaseStudyLink<'a> {
    CaseStudyLink {
        slug: &c.slug,
        company: &c.company,
        title: &c.title,
        url: lib.case_study_url(c),
    }
}

pub(super) fn iso(d: Option<Date>) -> String {
    d.map(|d| d.iso()).unwrap_or_default()
}

pub(super) fn display(strings: &Strings, d: Option<Date>) -> String {
    d.map(|d| strings.date(&d)).unwrap_or_default()
}

/// The language and direction of an item's text in `lib`'s edition.
pub(super) fn content_lang<'a>(lib: &'a Library, source: &Source) -> (&'a str, &'static str) {
    match (lib.is_fallback(source), lib.config.languages.first()) {
        (true, Some(d)) => (&d.tag, d.dir),
        _ => (&lib.config.language, lib.config.dir()),
    }
}

#[derive(Serialize)]
pub(super) struct LanguageLink<'a> {
    pub(super) tag: &'a str,
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) current: bool,
    pub(super) translated: bool,
}

#[derive(Serialize)]
pub(super) struct Alternate<'a> {
    pub(super) tag: &'a str,
    pub(super) href: String,
}

pub(super) fn playbook_card<'a>(
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
        tag_links: p
            .tags
            .iter()
            .filter_map(|name| {
                let slug = tag_slug(name);
                let url = lib.url(Route::Tag(&slug));
                (!slug.is_empty()).then(|| TagLink {
                    name: name.clone(),
                    url,
                })
            })
            .collect(),
        weight: p.weight,
        content_lang,
        content_dir,
    }
}

pub(super) fn case_study_card<'a>(
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
pub(super) struct WithContent<'a, T: Serialize> {
    #[serde(flatten)]
    pub(super) card: &'a T,
    pub(super) content: &'a Text,
    pub(super) toc: &'a [TocEntry],
}

#[derive(Serialize)]
pub(super) struct GuideSection<'a, P: Serialize> {
    pub(super) pillar: &'a PillarLink<'a>,
    pub(super) anchor: &'a str,
    pub(super) playbooks: Vec<P>,
}

#[derive(Serialize)]
pub(super) struct NavLink<'a> {
    pub(super) title: &'a str,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct GuideNav<'a> {
    pub(super) region: &'a RegionLink<'a>,
    pub(super) prev: Option<NavLink<'a>>,
    pub(super) next: Option<NavLink<'a>>,
}
