//! resolve: turns the loaded content of one edition into a `Library` — items
//! in reading order, every reference between them checked, duplicate URLs
//! and region guides without a playbook for a pillar reported.

use super::{links, playbook_order, Library, ALL_REGIONS};
use crate::base::diagnostics::{did_you_mean, Diagnostic, Level};
use crate::base::source::Source;
use crate::config::Config;
use crate::content::{Content, Playbook, Ref};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// Builds the library and checks every reference between items.
pub fn resolve(config: Config, content: Content) -> (Library, Vec<Diagnostic>) {
    resolve_with(config, content, true)
}

/// `resolve`; `sort` false keeps the items in the order given (a language
/// edition keeps its default edition's order) and skips the warnings the
/// default edition already gave.
pub(super) fn resolve_with(
    config: Config,
    content: Content,
    sort: bool,
) -> (Library, Vec<Diagnostic>) {
    let Content {
        mut pillars,
        mut regions,
        mut playbooks,
        mut case_studies,
        mut pages,
        drafts_left_out,
        failed,
        translations: _,
        snippets: _,
        glossary,
        images,
    } = content;
    let failed: HashSet<String> = failed.into_iter().collect();
    let mut diags = Vec::new();
    if sort {
        pillars.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
        regions.sort_by(|a, b| (a.weight, &a.name, &a.slug).cmp(&(b.weight, &b.name, &b.slug)));
        case_studies
            .sort_by(|a, b| (&a.company, &a.title, &a.slug).cmp(&(&b.company, &b.title, &b.slug)));
        pages.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
    }

    let index = |slugs: Vec<&str>| -> HashMap<String, usize> {
        slugs
            .into_iter()
            .enumerate()
            .map(|(i, s)| (s.to_string(), i))
            .collect()
    };
    let pillar_index = index(pillars.iter().map(|p| p.slug.as_str()).collect());
    let region_index = index(regions.iter().map(|r| r.slug.as_str()).collect());
    let case_index = index(case_studies.iter().map(|c| c.slug.as_str()).collect());

    for region in &regions {
        if region.slug == ALL_REGIONS {
            diags.push(Diagnostic::error_at(
                &region.source.path,
                &region.source.text,
                0,
                "\"all\" cannot be a region slug: `regions = [\"all\"]` means every region",
            ));
        }
    }

    // Playbooks in pillar order, then `playbook_order`.
    let pillar_rank = |p: &Playbook| {
        pillar_index
            .get(&p.pillar.slug)
            .copied()
            .unwrap_or(usize::MAX)
    };
    if sort {
        playbooks.sort_by(|a, b| {
            (pillar_rank(a), playbook_order(a)).cmp(&(pillar_rank(b), playbook_order(b)))
        });
    }

    // (what, where its files are) for each kind of reference.
    const PILLAR: (&str, &str, &str) = ("pillar", "pillars", "md");
    const REGION: (&str, &str, &str) = ("region", "regions", "toml");
    const CASE_STUDY: (&str, &str, &str) = ("case study", "case-studies", "toml");
    let check = |r: &Ref,
                 source: &Source,
                 (kind, dir, ext): (&str, &str, &str),
                 known: &HashMap<String, usize>,
                 diags: &mut Vec<Diagnostic>| {
        let found = known.get(&r.slug).copied();
        let broken_file = failed.contains(&format!("content/{dir}/{}.{ext}", r.slug));
        if found.is_none() && !broken_file {
            let hint = did_you_mean(&r.slug, known.keys().map(String::as_str));
            diags.push(
                Diagnostic::error_at(
                    &source.path,
                    &source.text,
                    r.offset,
                    format!("unknown {kind} \"{}\"", r.slug),
                )
                .with_hint(hint),
            );
        }
        found
    };

    let mut playbook_pillar = Vec::new();
    let mut playbook_regions = Vec::new();
    let mut playbook_case_studies = Vec::new();
    for p in &playbooks {
        playbook_pillar.push(
            check(&p.pillar, &p.source, PILLAR, &pillar_index, &mut diags).unwrap_or(usize::MAX),
        );
        let regions_of = if p.all_regions() {
            if p.regions.len() > 1 {
                diags.push(Diagnostic::error_at(
                    &p.source.path,
                    &p.source.text,
                    p.regions[0].offset,
                    "\"all\" must stand alone in `regions`",
                ));
            }
            (0..regions.len()).collect()
        } else {
            p.regions
                .iter()
                .filter_map(|r| check(r, &p.source, REGION, &region_index, &mut diags))
                .collect()
        };
        playbook_regions.push(regions_of);
        playbook_case_studies.push(
            p.case_studies
                .iter()
                .filter_map(|c| check(c, &p.source, CASE_STUDY, &case_index, &mut diags))
                .collect(),
        );
    }
    let mut case_study_regions = Vec::new();
    let mut case_study_pillars = Vec::new();
    for c in &case_studies {
        case_study_regions.push(
            c.regions
                .iter()
                .filter_map(|r| check(r, &c.source, REGION, &region_index, &mut diags))
                .collect(),
        );
        case_study_pillars.push(
            c.pillars
                .iter()
                .filter_map(|p| check(p, &c.source, PILLAR, &pillar_index, &mut diags))
                .collect(),
        );
    }

    let languages = &config.languages;
    for p in &pages {
        if sort && languages.iter().skip(1).any(|l| l.tag == p.slug) {
            diags.push(Diagnostic::error_at(
                &p.source.path,
                &p.source.text,
                0,
                format!(
                    "the page URL /{}/ is the home of the site's \"{}\" edition; rename the file",
                    p.slug, p.slug
                ),
            ));
        }
        if crate::routes::RESERVED_PAGE_SLUGS.contains(&p.slug.as_str()) {
            diags.push(Diagnostic::error_at(
                &p.source.path,
                &p.source.text,
                0,
                format!(
                    "the page URL /{}/ is reserved for the site's own pages; rename the file",
                    p.slug
                ),
            ));
        }
    }
    let mut library = Library {
        config,
        pillars,
        regions,
        playbooks,
        case_studies,
        pages,
        playbook_pillar,
        playbook_regions,
        playbook_case_studies,
        case_study_regions,
        case_study_pillars,
        tags: Vec::new(),
        glossary,
        images: Arc::new(images),
        static_images: Arc::default(),
        variants: None,
        reserved_ids: HashSet::new(),
        targets: HashMap::new(),
        drafts_left_out: drafts_left_out.into_iter().collect(),
        failed,
        translations: Arc::default(),
        last_commits: Arc::default(),
    };
    diags.extend(duplicate_urls(&library));
    library.reserved_ids = reserved_ids(&library);
    library.targets = links::targets(&library);
    library.tags = library.collect_tags();
    diags.extend(review_warnings(&library));
    if sort && !diags.iter().any(Diagnostic::is_error) {
        diags.extend(coverage_warnings(&library));
    }
    (library, diags)
}

/// A warning for every region × pillar cell that no playbook covers.
fn coverage_warnings(library: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (r, region) in library.regions.iter().enumerate() {
        for (pillar, playbooks) in library.guide(r) {
            if playbooks.is_empty() {
                out.push(Diagnostic::file(
                    Level::Warning,
                    &region.source.path,
                    format!(
                        "the {} guide has no playbook for the pillar \"{}\"",
                        region.label(),
                        library.pillars[pillar].slug
                    ),
                ));
            }
        }
    }
    out
}
/// An error on each file of every URL that two items would write.
fn duplicate_urls(library: &Library) -> Vec<Diagnostic> {
    let mut owners: BTreeMap<String, Vec<&Source>> = BTreeMap::new();
    for id in library.documents() {
        let url = library.url(library.route(id));
        owners.entry(url).or_default().push(library.document(id).0);
    }
    let mut diags = Vec::new();
    for (url, sources) in &owners {
        if sources.len() > 1 {
            let paths: Vec<&str> = sources.iter().map(|s| s.path.as_str()).collect();
            for s in sources {
                let others: Vec<&str> = paths.iter().copied().filter(|p| *p != s.path).collect();
                diags.push(Diagnostic::error_at(
                    &s.path,
                    &s.text,
                    0,
                    format!("duplicate URL {url}: also written by {}", others.join(", ")),
                ));
            }
        }
    }
    diags
}

/// With `[review] max_age_days`, a warning for each file of this edition
/// (not an item shown untranslated: its source is warned about) reviewed
/// longer ago than that, or never.
fn review_warnings(library: &Library) -> Vec<Diagnostic> {
    let Some(max_age) = library.config.review_max_age_days else {
        return Vec::new();
    };
    let today = library.config.today;
    let mut out = Vec::new();
    for id in library.documents() {
        let source = library.document(id).0;
        if library.is_fallback(source) {
            continue;
        }
        let common = library.common(id);
        let hint = Some(format!("review it, then set `reviewed = {}`", today.iso()));
        let warning = match (common.reviewed, &common.reviewed_at) {
            (Some(date), Some(at)) => {
                let age = today.days() - date.days();
                if age <= i64::from(max_age) {
                    continue;
                }
                let message = format!(
                    "last reviewed {}, {age} days ago: more than [review] max_age_days ({max_age})",
                    date.iso()
                );
                Diagnostic::located(Level::Warning, &source.path, at, message)
            }
            _ => Diagnostic::file(
                Level::Warning,
                &source.path,
                format!(
                    "never reviewed: [review] max_age_days ({max_age}) asks for a `reviewed` date"
                ),
            ),
        };
        out.push(warning.with_hint(hint));
    }
    out
}

/// The ids of the theme's pages that a heading may not take: the fixed ones
/// and those the default templates make from pillar and playbook slugs
/// (`id="{{ s.anchor }}"`, `cl-…`, `playbook-…`).
fn reserved_ids(library: &Library) -> HashSet<String> {
    let pillars = library.pillars.iter().map(|p| &p.slug);
    crate::theme::page_ids()
        .into_iter()
        .chain(pillars.clone().cloned())
        .chain(pillars.map(|slug| format!("cl-{slug}")))
        .chain(
            library
                .playbooks
                .iter()
                .map(|p| format!("playbook-{}", p.slug)),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::base::test_site::{fixture, write};
    use std::collections::HashSet;

    #[test]
    fn a_heading_never_takes_an_id_the_theme_gives_its_own_elements() {
        let site = fixture("minimal");
        let root = site.path();
        // Headings named like the region print page's parts, which embeds
        // this playbook: its overview, a pillar's section and checklist,
        // another playbook, the page's main element.
        write(
            root,
            "content/playbooks/ids.md",
            "+++\ntitle = \"Ids\"\npillar = \"strategy\"\nregions = [\"ksa\"]\n+++\n\n\
             ## Region overview\n\n## Compliance\n\n## CL Strategy\n\n\
             ## Playbook autoscaling\n\n## Main\n\n## Answers\n",
        );
        let config = crate::config::load(root, &Default::default()).unwrap();
        let (content, diags) =
            crate::content::load(&config.boundary, false, &config.translation_tags());
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        let (library, diags) = super::resolve(config, content);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        let expected: HashSet<String> = [
            "region-overview-1",
            "compliance-1",
            "cl-strategy-1",
            "playbook-autoscaling-1",
            "main-1",
            "answers",
        ]
        .map(String::from)
        .into();
        assert_eq!(library.anchors("content/playbooks/ids.md"), Some(&expected));
    }
}
