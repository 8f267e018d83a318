//! What each fuzz target does with one input, shared by the libFuzzer targets
//! (`fuzz/fuzz_targets/*.rs`) and by the corpus replay test
//! (`tests/fuzz_corpus.rs`), so that CI runs every corpus file through exactly
//! the code the fuzzers exercised.
//!
//! Every function must return normally for any input; the invariants checked
//! with `assert!` are ones guidegen promises (positions inside the file, ids
//! unique within a document, URLs made of safe characters).
#![allow(dead_code)]

use crate::base::diagnostics::Diagnostic;
use crate::base::source::Source;
use crate::config::Config;
use crate::content::{self, Content};
use crate::library;
use crate::markdown::{self, Renderer};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

/// What a fuzz target does with one input.
pub type Target = fn(&[u8]);

/// The targets, by the name of their corpus directory.
pub const TARGETS: &[(&str, Target)] = &[
    ("front_matter", front_matter),
    ("toml_content", toml_content),
    ("markdown", markdown),
    ("slug_url", slug_url),
];

fn source(path: &str, text: &str) -> Source {
    Source {
        path: path.to_string(),
        text: Arc::from(text),
    }
}

/// A diagnostic must point inside its file and render in every format.
fn check_diagnostics(diags: &[Diagnostic], text: &str) {
    let lines = text.split('\n').count();
    for d in diags {
        assert!(
            d.line <= lines.max(1),
            "line {} past the end: {d:?}",
            d.line
        );
        let _ = (d.human(), d.json(), d.github());
    }
}

/// Front matter splitting and parsing, for every Markdown kind.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let src = source("content/pages/fuzz.md", &text);
    if let Ok(split) = content::frontmatter::split(&src) {
        // The body is a verbatim tail of the file, at the offset it claims.
        let start = split.body.file_offset(0);
        assert_eq!(&text[start..], split.body.text());
    }
    let mut diags = Vec::new();
    let _ = content::pillar::parse(src.clone(), "fuzz".into(), &mut diags);
    let _ = content::page::parse(src.clone(), "fuzz".into(), &mut diags);
    let _ = content::playbook::parse(src, "fuzz".into(), &mut diags);
    check_diagnostics(&diags, &text);
}

/// The TOML content types (regions, case studies) and the Markdown they hold.
pub fn toml_content(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut diags = Vec::new();
    let region = content::region::parse(
        source("content/regions/fuzz.toml", &text),
        "fuzz".into(),
        &mut diags,
    );
    let case = content::case_study::parse(
        source("content/case-studies/fuzz.toml", &text),
        "fuzz".into(),
        &mut diags,
    );
    check_diagnostics(&diags, &text);
    let markdown: Vec<&crate::base::source::Markdown> = region
        .iter()
        .filter_map(|r| r.overview.as_ref())
        .chain(case.iter().filter_map(|c| c.body.as_ref()))
        .collect();
    for md in markdown {
        // Every offset of the decoded Markdown maps into the file.
        for (i, _) in md.text().char_indices().step_by(7) {
            let at = md.file_offset(i);
            let (line, _, _) = crate::base::diagnostics::position(&text, at);
            assert!(line <= text.split('\n').count());
        }
    }
}

fn config() -> Config {
    Config {
        root: PathBuf::from("/nonexistent"),
        boundary: crate::base::files::SiteBoundary::new(std::path::Path::new("/nonexistent")),
        title: "Fuzz".into(),
        description: String::new(),
        language: "en".into(),
        base_url: "https://example.com/sub/".into(),
        base_path: "/sub/".into(),
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
        url_root: "/sub/".into(),
    }
}

const PILLAR: &str = "+++\ntitle = \"Compliance\"\n+++\n## Aims\n## Aims\n## Custom {#mine}\n";
const REGION: &str =
    "name = \"KSA\"\nsummary = \"s\"\noverview = \"\"\"\n## Data residency\n\"\"\"\n";

/// The Markdown pipeline: `@/` links and anchors resolved against a small
/// library, raw HTML escaped, dangerous link targets removed.
pub fn markdown(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let mut diags = Vec::new();
    let page_text = format!("+++\ntitle = \"Fuzz\"\n+++\n{body}");
    let mut content = Content::default();
    content.pillars.extend(content::pillar::parse(
        source("content/pillars/compliance.md", PILLAR),
        "compliance".into(),
        &mut diags,
    ));
    content.regions.extend(content::region::parse(
        source("content/regions/ksa.toml", REGION),
        "ksa".into(),
        &mut diags,
    ));
    content.pages.extend(content::page::parse(
        source("content/pages/fuzz.md", &page_text),
        "fuzz".into(),
        &mut diags,
    ));
    assert!(diags.is_empty(), "{diags:?}");
    let (library, _) = library::resolve(config(), content);
    for unsafe_html in [false, true] {
        let renderer = Renderer {
            unsafe_html,
            autolinks: true,
            links: &library,
            reserved_ids: &library.reserved_ids,
            callout_labels: &Default::default(),
            glossary: None,
            footnote_backref: markdown::FOOTNOTE_BACKREF_DEFAULT,
        };
        for page in &library.pages {
            let out = renderer.render(&page.body, &page.source);
            check_diagnostics(&out.diagnostics, &page.source.text);
            if !unsafe_html {
                assert_no_active_html(&out.html.get());
            }
        }
    }
    // Heading ids are unique within a document (explicit ones aside).
    let headings = markdown::headings(&body, &library.reserved_ids);
    let mut seen = HashSet::new();
    let explicit: HashSet<&str> = headings
        .iter()
        .filter(|h| body.contains(&format!("{{#{}", h.id)))
        .map(|h| h.id.as_str())
        .collect();
    for h in &headings {
        assert!(
            seen.insert(h.id.as_str()) || explicit.contains(h.id.as_str()),
            "duplicate generated heading id {:?}",
            h.id
        );
    }
}

/// Every tag of `html` (text escapes `<`, so each `<letter` starts a real
/// tag, and attribute values escape `"`) is free of what runs code:
/// `<script>`, `on…` handlers, and `javascript:`, `vbscript:` or
/// `data:text` attribute values.
pub fn assert_no_active_html(html: &str) {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' || !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name_end = i
            + 1
            + lower[i + 1..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(lower.len() - i - 1);
        assert!(
            &lower[i + 1..name_end] != "script",
            "a script element in:\n{html}"
        );
        i = name_end;
        // Attributes: NAME, or NAME="VALUE", up to `>`.
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' || bytes[i] == b'/' {
                break;
            }
            let start = i;
            while i < bytes.len() && !b"= \t\n>".contains(&bytes[i]) {
                i += 1;
            }
            let name = &lower[start..i];
            assert!(
                !name.starts_with("on"),
                "an event handler {name:?} in:\n{html}"
            );
            if bytes.get(i) == Some(&b'=') && bytes.get(i + 1) == Some(&b'"') {
                let value_start = i + 2;
                let value_end = lower[value_start..]
                    .find('"')
                    .map_or(lower.len(), |e| value_start + e);
                let value: String = lower[value_start..value_end]
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                for scheme in ["javascript:", "vbscript:", "data:text"] {
                    assert!(!value.starts_with(scheme), "{name}={value:?} in:\n{html}");
                }
                i = value_end + 1;
            } else if i == start {
                i += 1;
            }
        }
    }
}

/// Slug checks, suggested slugs, heading ids and URL mapping.
pub fn slug_url(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let stem = text.lines().next().unwrap_or_default();
    if content::is_valid_slug(stem) {
        for url in [format!("/playbooks/{stem}/"), format!("/{stem}/")] {
            assert!(url_is_clean(&url), "{url}");
        }
    }
    // A suggested slug is a valid one (or there is no suggestion).
    let suggestion = slug::slugify(stem);
    assert!(
        suggestion.is_empty() || content::is_valid_slug(&suggestion),
        "{stem:?} -> {suggestion:?}"
    );
    let id = markdown::github_id(stem);
    assert!(!id.contains(|c: char| c.is_whitespace() || "\"'<>&#".contains(c)));
    if let Ok((url, path)) = crate::config::normalize_base_url(stem) {
        assert!(url.ends_with('/') && path.starts_with('/') && path.ends_with('/'));
        assert!(url.ends_with(&path), "{url} {path}");
    }
}

/// A URL path guidegen writes: `/`-separated, no `..`, no characters that
/// need escaping in HTML attributes or file names.
pub fn url_is_clean(url: &str) -> bool {
    url.starts_with('/')
        && url.split('/').all(|seg| seg != ".." && seg != ".")
        && url
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-/".contains(&b))
}
