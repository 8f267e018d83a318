//! resolve: one `Library` owns every pillar, region, playbook, case study and
//! page, in reading order, and answers "which playbooks does region X's pillar
//! Y have". Every reference between files (pillar, region, case study, `@/`
//! link and its `#anchor`) is checked here or through `LinkTargets` while the
//! Markdown renders; every failure is collected. Nothing here touches the disk.

use crate::config::Config;
use crate::content::{CaseStudy, Content, Markdown, Page, Pillar, Playbook, Ref, Region, Source};
use crate::diagnostics::{did_you_mean, Diagnostic, Level};
use crate::markdown::{headings, LinkTargets};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// Page URLs the site itself writes; a free page may not take them.
const RESERVED_PAGE_SLUGS: &[&str] = &["regions", "pillars", "playbooks", "case-studies", "search"];

/// The slug that makes a playbook apply to every region.
pub const ALL_REGIONS: &str = "all";

pub struct Library {
    pub config: Config,
    /// Ordered by weight, then title or name.
    pub pillars: Vec<Pillar>,
    pub regions: Vec<Region>,
    /// Ordered by pillar, then weight, then title.
    pub playbooks: Vec<Playbook>,
    /// Ordered by company, then title.
    pub case_studies: Vec<CaseStudy>,
    pub pages: Vec<Page>,
    /// Resolved references, by index into the lists above.
    pub playbook_pillar: Vec<usize>,
    pub playbook_regions: Vec<Vec<usize>>,
    pub playbook_case_studies: Vec<Vec<usize>>,
    pub case_study_regions: Vec<Vec<usize>>,
    pub case_study_pillars: Vec<Vec<usize>>,
    /// `@/` targets: path under `content/` → URL and heading ids.
    targets: HashMap<String, Target>,
    drafts_left_out: HashSet<String>,
    failed: HashSet<String>,
    /// For each source file (`content/…`, default language) with
    /// translations, the tags of the languages that have one. Shared by
    /// every edition of a build.
    pub translations: Arc<BTreeMap<String, Vec<String>>>,
}

struct Target {
    url: String,
    anchors: HashSet<String>,
}

impl Library {
    /// Lets go of every source file's text and Markdown once the documents
    /// are rendered and nothing reads them again (a one-shot build): at
    /// 100,000 playbooks that is 0.8 GB.
    pub fn release_texts(&mut self) {
        let empty: Arc<str> = Arc::from("");
        let release = |source: &mut Source, md: Option<&mut Markdown>| {
            source.text = Arc::clone(&empty);
            if let Some(md) = md {
                md.release();
            }
        };
        for p in &mut self.pillars {
            release(&mut p.source, Some(&mut p.body));
        }
        for r in &mut self.regions {
            release(&mut r.source, r.overview.as_mut());
        }
        for p in &mut self.playbooks {
            release(&mut p.source, Some(&mut p.body));
        }
        for c in &mut self.case_studies {
            release(&mut c.source, c.body.as_mut());
        }
        for p in &mut self.pages {
            release(&mut p.source, Some(&mut p.body));
        }
    }

    /// The URL of `path` (relative to this language's home).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.url_root, path)
    }

    /// The path of the default-language file `source` translates, or its
    /// own path when it is not a translation.
    pub fn source_path<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        source_path(path, &self.config.lang_prefix, &self.config.language)
    }

    /// Whether the item read from `source` is shown in the default language
    /// because this edition has no translation of it.
    pub fn is_fallback(&self, source: &Source) -> bool {
        !self.config.lang_prefix.is_empty() && self.source_path(&source.path) == source.path
    }

    /// The languages (tags) other than the default that translate `source`.
    pub fn translated_into(&self, source: &Source) -> &[String] {
        self.translations
            .get(self.source_path(&source.path).as_ref())
            .map_or(&[], Vec::as_slice)
    }
    pub fn pillar_url(&self, p: &Pillar) -> String {
        self.url(&format!("pillars/{}/", p.slug))
    }
    pub fn region_url(&self, r: &Region) -> String {
        self.url(&format!("regions/{}/", r.slug))
    }
    pub fn playbook_url(&self, p: &Playbook) -> String {
        self.url(&format!("playbooks/{}/", p.slug))
    }
    pub fn case_study_url(&self, c: &CaseStudy) -> String {
        self.url(&format!("case-studies/{}/", c.slug))
    }
    pub fn page_url(&self, p: &Page) -> String {
        self.url(&format!("{}/", p.slug))
    }

    /// A region's guide: for every pillar in order, the indexes of the
    /// playbooks that apply to the region, in the pillar's order.
    pub fn guide(&self, region: usize) -> Vec<(usize, Vec<usize>)> {
        (0..self.pillars.len())
            .map(|pillar| {
                let playbooks = (0..self.playbooks.len())
                    .filter(|&i| {
                        self.playbook_pillar[i] == pillar
                            && self.playbook_regions[i].contains(&region)
                    })
                    .collect();
                (pillar, playbooks)
            })
            .collect()
    }

    /// Case studies that involve a region.
    pub fn region_case_studies(&self, region: usize) -> Vec<usize> {
        (0..self.case_studies.len())
            .filter(|&c| self.case_study_regions[c].contains(&region))
            .collect()
    }
}

impl Library {
    /// The file of every item, in the library's order, kind by kind.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        crate::content::sources(
            &self.pillars,
            &self.regions,
            &self.playbooks,
            &self.case_studies,
            &self.pages,
        )
    }

    /// The heading ids of a document (`path` as in `Source::path`).
    pub fn anchors(&self, path: &str) -> Option<&HashSet<String>> {
        let key = path.strip_prefix("content/").unwrap_or(path);
        self.targets.get(key).map(|t| &t.anchors)
    }

    /// A hash of everything `@/` links resolve against: rendered Markdown
    /// stays valid while this does not change.
    pub fn links_fingerprint(&self) -> u64 {
        let mut targets: Vec<(&String, &Target)> = self.targets.iter().collect();
        targets.sort_by(|a, b| a.0.cmp(b.0));
        let mut parts: Vec<Vec<u8>> = Vec::with_capacity(targets.len() + 2);
        for (path, target) in targets {
            let mut anchors: Vec<&String> = target.anchors.iter().collect();
            anchors.sort();
            let mut part = format!("{path}\n{}\n", target.url).into_bytes();
            for a in anchors {
                part.extend_from_slice(a.as_bytes());
                part.push(b'\n');
            }
            parts.push(part);
        }
        let mut drafts: Vec<&String> = self
            .drafts_left_out
            .iter()
            .chain(self.failed.iter())
            .collect();
        drafts.sort();
        parts.push(
            drafts
                .iter()
                .flat_map(|d| d.bytes().chain([b'\n']))
                .collect(),
        );
        crate::cache::key(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>())
    }
}

impl LinkTargets for Library {
    fn resolve(
        &self,
        path: &str,
        anchor: Option<&str>,
    ) -> Result<String, (String, Option<String>)> {
        let Some(target) = self.targets.get(path) else {
            if self.failed.contains(&format!("content/{path}")) {
                // That file's own error is reported; don't repeat it here.
                return Ok("#".to_string());
            }
            if self.drafts_left_out.contains(&format!("content/{path}")) {
                return Err((format!("link to a draft: @/{path} is left out of this build (build with --drafts, or publish it)"), None));
            }
            let hint = did_you_mean(path, self.targets.keys().map(String::as_str));
            return Err((format!("broken link: no content file @/{path}"), hint));
        };
        match anchor {
            None | Some("") => Ok(target.url.clone()),
            Some(a) if target.anchors.contains(a) => Ok(format!("{}#{a}", target.url)),
            Some(a) => {
                let hint = did_you_mean(a, target.anchors.iter().map(String::as_str));
                Err((
                    format!("broken anchor: @/{path} has no heading with id \"{a}\""),
                    hint,
                ))
            }
        }
    }
}

/// The default-language path of a translation's file
/// (`content/x.zh.md` → `content/x.md`) in the edition with `prefix`.
fn source_path<'p>(path: &'p str, prefix: &str, lang: &str) -> std::borrow::Cow<'p, str> {
    if prefix.is_empty() {
        return path.into();
    }
    let Some((stem, ext)) = path.rsplit_once('.') else {
        return path.into();
    };
    match stem.strip_suffix(lang).and_then(|s| s.strip_suffix('.')) {
        Some(stem) => format!("{stem}.{ext}").into(),
        None => path.into(),
    }
}

/// Builds the library and checks every reference between items.
pub fn resolve(config: Config, content: Content) -> (Library, Vec<Diagnostic>) {
    resolve_with(config, content, true)
}

/// `resolve`; `sort` false keeps the items in the order given (a language
/// edition keeps its default edition's order) and skips the warnings the
/// default edition already gave.
fn resolve_with(config: Config, content: Content, sort: bool) -> (Library, Vec<Diagnostic>) {
    let Content {
        mut pillars,
        mut regions,
        mut playbooks,
        mut case_studies,
        mut pages,
        drafts_left_out,
        failed,
        translations: _,
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

    // Playbooks in pillar order, then weight, then title.
    let pillar_rank = |p: &Playbook| {
        pillar_index
            .get(&p.pillar.slug)
            .copied()
            .unwrap_or(usize::MAX)
    };
    if sort {
        playbooks.sort_by(|a, b| {
            (pillar_rank(a), a.weight, &a.title, &a.slug).cmp(&(
                pillar_rank(b),
                b.weight,
                &b.title,
                &b.slug,
            ))
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

    let config_base = config.url_root.clone();
    let url = |path: String| format!("{config_base}{path}");
    let languages = &config.languages;
    let lang_of_edition = (config.lang_prefix.clone(), config.language.clone());

    // Every URL an item writes, to find collisions and to resolve `@/` links.
    let mut owners: BTreeMap<String, Vec<&Source>> = BTreeMap::new();
    let mut docs: Vec<(&Source, String, Option<&str>)> = Vec::new();
    for p in &pillars {
        docs.push((
            &p.source,
            url(format!("pillars/{}/", p.slug)),
            Some(p.body.text()),
        ));
    }
    for r in &regions {
        docs.push((
            &r.source,
            url(format!("regions/{}/", r.slug)),
            r.overview.as_ref().map(|m| m.text()),
        ));
    }
    for p in &playbooks {
        docs.push((
            &p.source,
            url(format!("playbooks/{}/", p.slug)),
            Some(p.body.text()),
        ));
    }
    for c in &case_studies {
        docs.push((
            &c.source,
            url(format!("case-studies/{}/", c.slug)),
            c.body.as_ref().map(|m| m.text()),
        ));
    }
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
        if RESERVED_PAGE_SLUGS.contains(&p.slug.as_str()) {
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
        docs.push((&p.source, url(format!("{}/", p.slug)), Some(p.body.text())));
    }
    for (source, url, _) in &docs {
        owners.entry(url.clone()).or_default().push(source);
    }
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

    let targets: HashMap<String, Target> = docs
        .par_iter()
        .map(|(source, url, md)| {
            let anchors = md
                .map(|text| headings(text).into_iter().map(|h| h.id).collect())
                .unwrap_or_default();
            // A translation answers to its source's `@/` path.
            let path = source_path(&source.path, &lang_of_edition.0, &lang_of_edition.1);
            let key = path.strip_prefix("content/").unwrap_or(&path).to_string();
            (
                key,
                Target {
                    url: url.clone(),
                    anchors,
                },
            )
        })
        .collect();

    let library = Library {
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
        targets,
        drafts_left_out: drafts_left_out.into_iter().collect(),
        failed,
        translations: Arc::default(),
    };
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

/// The library of every language edition after the default: each item is
/// its translation when there is one, else the default language's (a
/// fallback). A translation keeps its source's place in the guide: the
/// pillar, regions, case studies, order, dates and draft flag are its
/// source's, and a translation that says otherwise gets a warning. Sets the
/// `translations` of `default` too.
pub fn editions(
    default: &mut Library,
    mut translations: BTreeMap<String, Content>,
) -> (Vec<Library>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut available: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut contents = Vec::new();
    for lang in default.config.languages.iter().skip(1) {
        let content = translations.remove(&lang.tag).unwrap_or_default();
        let (content, found) = edition_content(default, lang, content, &mut diags);
        for path in found {
            available.entry(path).or_default().push(lang.tag.clone());
        }
        contents.push(content);
    }
    default.translations = Arc::new(available);
    let mut libraries = Vec::new();
    for (i, content) in contents.into_iter().enumerate() {
        let config = default.config.edition(i + 1);
        let (mut library, edition_diags) = resolve_with(config, content, false);
        diags.extend(edition_diags);
        library.translations = default.translations.clone();
        libraries.push(library);
    }
    (libraries, diags)
}

/// The items of an edition, in `sources`' order: each source's
/// translation from `pool`, given its source's place by `merge`, or else
/// the source itself. Adds the path of each translated source to `found`.
fn translate<T: Clone>(
    sources: &[T],
    pool: &mut Vec<T>,
    key: impl Fn(&T) -> (&str, &Source),
    found: &mut Vec<String>,
    mut merge: impl FnMut(&T, T) -> T,
) -> Vec<T> {
    sources
        .iter()
        .map(|item| {
            let (slug, source) = key(item);
            match pool.iter().position(|t| key(t).0 == slug) {
                Some(i) => {
                    found.push(source.path.clone());
                    merge(item, pool.swap_remove(i))
                }
                None => item.clone(),
            }
        })
        .collect()
}

/// Warns for each field (`what`, the translation's references, the
/// source's) where a translation's references differ from its source's.
fn same_refs(
    source: &Source,
    translation: &Source,
    fields: &[(&str, &[Ref], &[Ref])],
    diags: &mut Vec<Diagnostic>,
) {
    let slugs = |refs: &[Ref]| refs.iter().map(|r| r.slug.clone()).collect::<Vec<_>>();
    for (what, theirs, ours) in fields {
        if slugs(theirs) == slugs(ours) {
            continue;
        }
        let offset = theirs.first().map_or(0, |r| r.offset);
        diags.push(Diagnostic::at(
            Level::Warning,
            &translation.path,
            &translation.text,
            offset,
            format!(
                "`{what}` differs from the source's ({}): a translation keeps its source's place in the guide; this value is ignored",
                source.path
            ),
        ));
    }
}

/// An edition's content in the default edition's order, and the source
/// paths that have a translation in it.
fn edition_content(
    default: &Library,
    lang: &crate::config::LanguageInfo,
    mut t: Content,
    diags: &mut Vec<Diagnostic>,
) -> (Content, Vec<String>) {
    let mut found = Vec::new();
    let pillars = translate(
        &default.pillars,
        &mut t.pillars,
        |x| (&x.slug, &x.source),
        &mut found,
        |p, tr| Pillar {
            weight: p.weight,
            ..tr
        },
    );
    let regions = translate(
        &default.regions,
        &mut t.regions,
        |x| (&x.slug, &x.source),
        &mut found,
        |r, tr| Region {
            weight: r.weight,
            languages: r.languages.clone(),
            aws_regions: r.aws_regions.clone(),
            ..tr
        },
    );
    let playbooks = translate(
        &default.playbooks,
        &mut t.playbooks,
        |x| (&x.slug, &x.source),
        &mut found,
        |p, tr| {
            same_refs(
                &p.source,
                &tr.source,
                &[
                    (
                        "pillar",
                        std::slice::from_ref(&tr.pillar),
                        std::slice::from_ref(&p.pillar),
                    ),
                    ("regions", &tr.regions, &p.regions),
                    ("case_studies", &tr.case_studies, &p.case_studies),
                ],
                diags,
            );
            Playbook {
                pillar: p.pillar.clone(),
                regions: p.regions.clone(),
                case_studies: p.case_studies.clone(),
                weight: p.weight,
                date: p.date,
                updated: p.updated,
                draft: p.draft,
                ..tr
            }
        },
    );
    let case_studies = translate(
        &default.case_studies,
        &mut t.case_studies,
        |x| (&x.slug, &x.source),
        &mut found,
        |c, tr| {
            same_refs(
                &c.source,
                &tr.source,
                &[
                    ("regions", &tr.regions, &c.regions),
                    ("pillars", &tr.pillars, &c.pillars),
                ],
                diags,
            );
            let mut metrics = tr.metrics.clone();
            if metrics.len() == c.metrics.len() {
                for (m, source) in metrics.iter_mut().zip(&c.metrics) {
                    m.value = source.value;
                    m.value_max = source.value_max;
                }
            } else {
                diags.push(Diagnostic::at(
                    Level::Warning,
                    &tr.source.path,
                    &tr.source.text,
                    0,
                    format!(
                        "{} metrics, where the source ({}) has {}: a translation translates each metric's label and unit; the source's metrics are shown",
                        metrics.len(),
                        c.source.path,
                        c.metrics.len()
                    ),
                ));
                metrics = c.metrics.clone();
            }
            CaseStudy {
                regions: c.regions.clone(),
                pillars: c.pillars.clone(),
                date: c.date,
                metrics,
                ..tr
            }
        },
    );
    let pages = translate(
        &default.pages,
        &mut t.pages,
        |x| (&x.slug, &x.source),
        &mut found,
        |p, tr| Page {
            weight: p.weight,
            draft: p.draft,
            ..tr
        },
    );
    // What is left translates nothing this build has.
    for orphan in t.sources() {
        let source = source_path(&orphan.path, &lang.prefix, &lang.tag).into_owned();
        if default.drafts_left_out.contains(&source) || default.failed.contains(&source) {
            continue;
        }
        diags.push(Diagnostic::error_at(
            &orphan.path,
            &orphan.text,
            0,
            format!("a translation of {source}, which does not exist: rename it after the file it translates, or add that file"),
        ));
    }
    let content = Content {
        pillars,
        regions,
        playbooks,
        case_studies,
        pages,
        // Translated drafts stay out like their sources.
        drafts_left_out: default
            .drafts_left_out
            .iter()
            .cloned()
            .chain(t.drafts_left_out)
            .collect(),
        failed: default.failed.iter().cloned().collect(),
        translations: Default::default(),
    };
    (content, found)
}
