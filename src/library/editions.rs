//! editions: the library of every language after the default. Each item is
//! its translation when there is one, else the default language's (shown
//! with a notice); a translation always keeps its source's place in the
//! guide.

use super::resolve::resolve_with;
use super::Library;
use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::source::Source;
use crate::content::{CaseStudy, Content, Page, Pillar, Playbook, Ref, Region};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The default-language path of a translation's file
/// (`content/x.zh.md` → `content/x.md`) in the edition with `prefix`.
pub(super) fn source_path<'p>(
    path: &'p str,
    prefix: &str,
    lang: &str,
) -> std::borrow::Cow<'p, str> {
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
        library.last_commits = default.last_commits.clone();
        library.images = default.images.clone();
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
        snippets: Default::default(),
        glossary: t.glossary.or_else(|| default.glossary.clone()),
        images: Default::default(),
    };
    (content, found)
}
