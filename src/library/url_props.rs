//! Property tests of slugs and URL mapping: no two distinct items
//! share a URL without an error naming both, every URL guidegen makes is a
//! clean path, and every suggestion it makes for a bad file name is valid.

use crate::base::source::Source;
use crate::config::{normalize_base_url, Config};
use crate::content::{self, Content};
use crate::library;
use crate::markdown::{self, LinkTargets};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

fn config(base_path: &str) -> Config {
    Config {
        root: PathBuf::from("/nonexistent"),
        boundary: crate::base::files::SiteBoundary::new(std::path::Path::new("/nonexistent")),
        title: "Props".into(),
        description: String::new(),
        language: "en".into(),
        base_url: format!("https://example.com{base_path}"),
        base_path: base_path.into(),
        theme: "default".into(),
        highlight_theme: crate::config::DEFAULT_HIGHLIGHT_THEME.into(),
        highlight_theme_dark: crate::config::DEFAULT_HIGHLIGHT_THEME_DARK.into(),
        unsafe_html: false,
        autolinks: true,
        search: false,
        cards: false,
        drafts: false,
        languages: Default::default(),
        lang_prefix: String::new(),
        edit_url: None,
        author: None,
        review_max_age_days: None,
        images: Default::default(),
        today: crate::base::date::Date {
            year: 2026,
            month: 12,
            day: 5,
        },
        url_root: base_path.into(),
    }
}

fn source(path: &str, text: &str) -> Source {
    Source {
        path: path.into(),
        text: Arc::from(text),
    }
}

/// A clean URL path: starts and ends with `/`, no empty, `.` or `..`
/// segment, and only characters that need no escaping anywhere.
fn clean_path(url: &str) -> bool {
    url.starts_with('/')
        && url.ends_with('/')
        && (url == "/"
            || url[1..url.len() - 1]
                .split('/')
                .all(|s| !s.is_empty() && s != "." && s != ".."))
        && url
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-/_.~".contains(&b))
}

fn valid_slug() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Pages and playbooks with arbitrary valid slugs (some repeated, in
    /// different folders): every URL is clean, `@/` resolves to it, and two
    /// files share a URL only with a "duplicate URL" error on each of them.
    #[test]
    fn urls_are_clean_and_never_collide_silently(
        pages in proptest::collection::vec(valid_slug(), 0..8),
        playbooks in proptest::collection::vec((valid_slug(), 0..3usize), 0..8),
        base in prop_oneof![Just("/"), Just("/guides/"), Just("/a/b-c/")],
    ) {
        let mut content = Content::default();
        let mut diags = Vec::new();
        content.pillars.extend(content::pillar::parse(
            source("content/pillars/compliance.md", "+++\ntitle = \"C\"\n+++\n"),
            "compliance".into(),
            &mut diags,
        ));
        for slug in &pages {
            let path = format!("content/pages/{slug}.md");
            content.pages.extend(content::page::parse(
                source(&path, "+++\ntitle = \"P\"\n+++\n## Here\n"),
                slug.clone(),
                &mut diags,
            ));
        }
        for (slug, folder) in &playbooks {
            let path = format!("content/playbooks/f{folder}/{slug}.md");
            content.playbooks.extend(content::playbook::parse(
                source(&path, "+++\ntitle = \"B\"\npillar = \"compliance\"\nregions = [\"all\"]\n+++\n"),
                slug.clone(),
                &mut diags,
            ));
        }
        prop_assert!(diags.is_empty(), "{:?}", diags);
        let (library, diags) = library::resolve(config(base), content);
        let duplicates: BTreeSet<&str> = diags
            .iter()
            .filter(|d| d.message.starts_with("duplicate URL"))
            .map(|d| d.path.as_str())
            .collect();
        let mut by_url: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for p in &library.pages {
            let url = library.page_url(p);
            prop_assert!(clean_path(&url), "{}", url);
            let path = p.source.path.strip_prefix("content/").unwrap();
            let resolved = library.resolve(path, Some("here"));
            prop_assert_eq!(resolved, Ok(format!("{url}#here")));
            by_url.entry(url).or_default().push(p.source.path.clone());
        }
        for p in &library.playbooks {
            let url = library.playbook_url(p);
            prop_assert!(clean_path(&url), "{}", url);
            let path = p.source.path.strip_prefix("content/").unwrap();
            prop_assert_eq!(library.resolve(path, None), Ok(url.clone()));
            by_url.entry(url).or_default().push(p.source.path.clone());
        }
        for p in &library.pillars {
            by_url.entry(library.pillar_url(p)).or_default().push(p.source.path.clone());
        }
        for (url, files) in &by_url {
            if files.len() > 1 {
                for f in files {
                    prop_assert!(duplicates.contains(f.as_str()), "{} shared by {:?} silently", url, files);
                }
            }
        }
        // A page may not take a URL the site writes itself.
        for p in &library.pages {
            if ["regions", "pillars", "playbooks", "case-studies", "search"].contains(&p.slug.as_str()) {
                prop_assert!(diags.iter().any(|d| d.path == p.source.path && d.message.contains("reserved")));
            }
        }
    }

    /// A file name is a valid slug exactly when it is lowercase `a-z0-9-`
    /// without a dash at either end, and the slug suggested for any other
    /// name is valid (or there is none).
    #[test]
    fn slug_suggestions_are_valid_slugs(stem in "\\PC{0,24}") {
        let valid = content::is_valid_slug(&stem);
        let expected = !stem.is_empty()
            && !stem.starts_with('-')
            && !stem.ends_with('-')
            && stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        prop_assert_eq!(valid, expected);
        let suggestion = slug::slugify(&stem);
        prop_assert!(suggestion.is_empty() || content::is_valid_slug(&suggestion), "{:?} -> {:?}", stem, suggestion);
    }

    /// Generated heading ids are unique within a document and never empty;
    /// the same title twice gets `-1`, `-2`.
    #[test]
    fn heading_ids_are_unique(titles in proptest::collection::vec("[A-Za-z0-9 ?!&\u{4e00}-\u{4e10}-]{0,12}", 1..12)) {
        let text: String = titles.iter().map(|t| format!("## {t}\n\n")).collect();
        let reserved: HashSet<String> = ["main".to_string()].into();
        let headings = markdown::headings(&text, &reserved);
        let mut seen = HashSet::new();
        for h in &headings {
            prop_assert!(!h.id.is_empty());
            prop_assert!(seen.insert(h.id.clone()), "duplicate id {:?} in {:?}", h.id, titles);
            prop_assert!(h.id != "main", "a reserved id taken by {:?}", titles);
            prop_assert!(!h.id.contains(|c: char| c.is_whitespace() || "\"'<>&#?".contains(c)), "{:?}", h.id);
        }
    }

    /// Every accepted `base_url` gives an absolute URL ending in `/` and a
    /// clean base path that it ends with.
    #[test]
    fn base_urls_normalise_to_clean_paths(
        scheme in prop_oneof![Just("https://"), Just("http://")],
        host in "[a-z0-9.-]{1,12}(:[0-9]{1,5})?",
        path in "(/{1,3}[a-z0-9-]{0,6}){0,4}/{0,2}",
    ) {
        let url = format!("{scheme}{host}{path}");
        let (full, base) = normalize_base_url(&url).map_err(TestCaseError::fail)?;
        prop_assert!(full.ends_with(&base), "{} {}", full, base);
        prop_assert!(clean_path(&base), "{:?} -> {:?}", url, base);
        prop_assert_eq!(full, format!("{scheme}{host}{base}"));
    }
}
