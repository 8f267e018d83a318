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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::test_site::{append, fixture, write};
    use std::path::Path;

    /// The default library of the site at `root`, its editions, and what
    /// making the editions said.
    fn editions_of(root: &Path, drafts: bool) -> (Library, Vec<Library>, Vec<Diagnostic>) {
        let overrides = crate::config::Overrides {
            drafts,
            ..Default::default()
        };
        let config = crate::config::load(root, &overrides).unwrap();
        let (mut content, load_diags) =
            crate::content::load(&config.boundary, config.drafts, &config.translation_tags());
        assert!(load_diags.iter().all(|d| !d.is_error()), "{load_diags:?}");
        let translations = std::mem::take(&mut content.translations);
        let (mut default, _) = super::super::resolve(config, content);
        let (editions, diags) = editions(&mut default, translations);
        (default, editions, diags)
    }

    /// The fixture site with a Chinese edition.
    fn zh_site() -> tempfile::TempDir {
        let site = fixture("minimal");
        append(
            site.path(),
            "guidegen.toml",
            "\n[languages.zh]\ntitle = \"夹具指南\"\n",
        );
        site
    }

    const RESIDENCY_ZH: &str = "+++\ntitle = \"数据驻留\"\npillar = \"strategy\"\nregions = [\"uae\"]\nsummary = \"数据留在王国。\"\nweight = 99\ndate = 2020-01-01\nupdated = 2020-02-02\ndraft = true\ncase_studies = []\ntags = [\"residency\"]\n+++\n\n正文。\n";

    #[test]
    fn a_translation_takes_its_sources_place_and_the_rest_falls_back() {
        let site = zh_site();
        let root = site.path();
        write(root, "content/playbooks/ops/residency.zh.md", RESIDENCY_ZH);
        write(
            root,
            "content/pillars/strategy.zh.md",
            "+++\ntitle = \"战略\"\nweight = 1\n+++\n\n战略。\n",
        );
        write(
            root,
            "content/regions/ksa.zh.toml",
            "name = \"沙特\"\nsummary = \"王国。\"\nweight = 5\nlanguages = [\"zh\"]\naws_regions = [\"xx-1\"]\n",
        );
        write(
            root,
            "content/pages/about.zh.md",
            "+++\ntitle = \"关于\"\nweight = 3\ndraft = true\n+++\n\n我们。\n",
        );
        crate::base::test_site::edit(
            root,
            "content/regions/ksa.toml",
            "weight = 10",
            "weight = 10\naws_regions = [\"me-central-1\"]",
        );
        crate::base::test_site::edit(
            root,
            "content/playbooks/ops/residency.md",
            "weight = 10",
            "weight = 10\nupdated = 2026-03-01",
        );
        // With drafts, so that a translation marked draft is read at all.
        let (default, editions, diags) = editions_of(root, true);
        assert_eq!(editions.len(), 1);
        let zh = &editions[0];
        assert_eq!(zh.config.language, "zh");

        // The translated playbook: its own words, its source's place.
        let source = default
            .playbooks
            .iter()
            .find(|p| p.slug == "residency")
            .unwrap();
        let translated = zh.playbooks.iter().find(|p| p.slug == "residency").unwrap();
        assert_eq!(translated.title, "数据驻留");
        assert_eq!(
            translated.source.path,
            "content/playbooks/ops/residency.zh.md"
        );
        assert_eq!(translated.pillar.slug, source.pillar.slug);
        let slugs = |refs: &[Ref]| refs.iter().map(|r| r.slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(&translated.regions), ["ksa"]);
        assert_eq!(slugs(&translated.case_studies), slugs(&source.case_studies));
        assert_eq!(translated.weight, source.weight);
        assert_eq!(translated.date, source.date);
        assert_eq!(translated.updated, source.updated);
        assert!(source.updated.is_some() && !source.draft);
        assert_eq!(translated.draft, source.draft);
        // The untranslated one is the default language's, as it is.
        let fallback = zh
            .playbooks
            .iter()
            .find(|p| p.slug == "autoscaling")
            .unwrap();
        assert_eq!(fallback.title, "Autoscaling");
        assert_eq!(fallback.source.path, "content/playbooks/autoscaling.md");
        // Pillars, regions and pages keep their source's order and facts.
        let strategy = zh.pillars.iter().find(|p| p.slug == "strategy").unwrap();
        let strategy_en = default
            .pillars
            .iter()
            .find(|p| p.slug == "strategy")
            .unwrap();
        assert_eq!(strategy.title, "战略");
        assert_eq!(strategy.weight, strategy_en.weight);
        let ksa = zh.regions.iter().find(|r| r.slug == "ksa").unwrap();
        let ksa_en = default.regions.iter().find(|r| r.slug == "ksa").unwrap();
        assert_eq!(ksa.name, "沙特");
        assert_eq!(
            (ksa.weight, &ksa.languages, &ksa.aws_regions),
            (ksa_en.weight, &ksa_en.languages, &ksa_en.aws_regions)
        );
        let about = zh.pages.iter().find(|p| p.slug == "about").unwrap();
        let about_en = default.pages.iter().find(|p| p.slug == "about").unwrap();
        assert_eq!(about.title, "关于");
        assert_eq!(
            (about.weight, about.draft),
            (about_en.weight, about_en.draft)
        );
        let order = |lib: &Library| {
            lib.playbooks
                .iter()
                .map(|p| p.slug.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(order(zh), order(&default));

        // Which sources have a translation, for the language switcher.
        let available: Vec<(&str, Vec<&str>)> = default
            .translations
            .iter()
            .map(|(path, langs)| (path.as_str(), langs.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            available,
            [
                ("content/pages/about.md", vec!["zh"]),
                ("content/pillars/strategy.md", vec!["zh"]),
                ("content/playbooks/ops/residency.md", vec!["zh"]),
                ("content/regions/ksa.toml", vec!["zh"]),
            ]
        );
        assert!(Arc::ptr_eq(&zh.translations, &default.translations));

        // The pillar it claims is ignored, with a warning at the translation.
        let warnings: Vec<String> = diags
            .iter()
            .map(|d| format!("{}:{}: {}", d.path, d.line, d.message))
            .collect();
        assert_eq!(
            warnings,
            ["pillar:3", "regions:4", "case_studies:1"].map(|field_line| {
                let (field, line) = field_line.split_once(':').unwrap();
                format!("content/playbooks/ops/residency.zh.md:{line}: `{field}` differs from the source's (content/playbooks/ops/residency.md): a translation keeps its source's place in the guide; this value is ignored")
            })
        );
    }

    #[test]
    fn metrics_keep_their_sources_values_and_orphans_are_errors() {
        let site = zh_site();
        let root = site.path();
        let acme = std::fs::read_to_string(root.join("content/case-studies/acme.toml")).unwrap();
        let acme_zh = acme
            .replace("Acme enters the Gulf", "Acme 进入海湾")
            .replace(
                "industry = \"Software\"",
                "industry = \"Software\"\ndate = 2020-01-01",
            )
            .replace("value = 150000", "value = 1")
            .replace("regions = [\"ksa\", \"uae\"]", "regions = [\"ksa\"]");
        write(root, "content/case-studies/acme.zh.toml", &acme_zh);
        write(
            root,
            "content/playbooks/ghost.zh.md",
            "+++\ntitle = \"鬼\"\npillar = \"strategy\"\nregions = [\"ksa\"]\n+++\n\n无。\n",
        );
        // A translation of a draft left out of the build is no orphan.
        write(
            root,
            "content/playbooks/draft-idea.zh.md",
            "+++\ntitle = \"草稿\"\npillar = \"strategy\"\nregions = [\"uae\"]\n+++\n\n草稿。\n",
        );
        let (default, editions, diags) = editions_of(root, false);
        let zh = &editions[0].case_studies[0];
        let en = &default.case_studies[0];
        assert_eq!(zh.title, "Acme 进入海湾");
        let values = |c: &CaseStudy| {
            c.metrics
                .iter()
                .map(|m| (m.value, m.value_max))
                .collect::<Vec<_>>()
        };
        assert_eq!(values(zh), values(en));
        assert_eq!(zh.regions, en.regions);
        assert_eq!((zh.date, &zh.pillars), (en.date, &en.pillars));
        let said: Vec<(bool, String)> = diags
            .iter()
            .map(|d| (d.is_error(), format!("{}: {}", d.path, d.message)))
            .collect();
        assert_eq!(
            said,
            [
                (false, "content/case-studies/acme.zh.toml: `regions` differs from the source's (content/case-studies/acme.toml): a translation keeps its source's place in the guide; this value is ignored".to_string()),
                (true, "content/playbooks/ghost.zh.md: a translation of content/playbooks/ghost.md, which does not exist: rename it after the file it translates, or add that file".to_string()),
            ]
        );

        // A translation with another number of metrics shows the source's.
        let fewer = acme_zh.split("[[metrics]]").next().unwrap().to_string()
            + "[[metrics]]\nlabel = \"节省\"\nvalue = 1\nunit = \"美元\"\n";
        write(root, "content/case-studies/acme.zh.toml", &fewer);
        std::fs::remove_file(root.join("content/playbooks/ghost.zh.md")).unwrap();
        let (default, editions, diags) = editions_of(root, false);
        assert_eq!(
            values(&editions[0].case_studies[0]),
            values(&default.case_studies[0])
        );
        assert_eq!(
            editions[0].case_studies[0].metrics[0].label,
            "Monthly savings"
        );
        assert!(
            diags.iter().any(|d| d
                .message
                .starts_with("1 metrics, where the source (content/case-studies/acme.toml) has 3")),
            "{diags:?}"
        );
    }

    #[test]
    fn a_translations_file_names_its_source() {
        assert_eq!(source_path("content/a.zh.md", "zh/", "zh"), "content/a.md");
        assert_eq!(
            source_path("content/a.zh.toml", "zh/", "zh"),
            "content/a.toml"
        );
        assert_eq!(source_path("content/a.md", "", "zh"), "content/a.md");
        assert_eq!(source_path("content/azh.md", "zh/", "zh"), "content/azh.md");
        assert_eq!(
            source_path("content/a.ar.md", "zh/", "zh"),
            "content/a.ar.md"
        );
        assert_eq!(source_path("README", "zh/", "zh"), "README");
    }
}
