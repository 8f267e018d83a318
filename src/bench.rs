//! bench: the few internals `benches/stages.rs` times one by one — loading,
//! Markdown, highlighting and writing. Not a stable API.

use crate::base::diagnostics::Diagnostic;
use crate::base::site::Site;
use crate::base::source::{Markdown, Source};
use crate::markdown::highlight::{self, Highlighted};
use crate::markdown::{LinkTargets, Renderer};
use std::path::Path;

/// A playbook's file and its Markdown body, as loaded.
pub struct Playbook {
    source: Source,
    body: Markdown,
}

impl Playbook {
    /// The Markdown text.
    pub fn markdown(&self) -> &str {
        self.body.text()
    }
}

/// Loads every content file of the site at `root` (no translations); the
/// playbooks, or the first diagnostic.
pub fn load_content(root: &Path) -> Result<Vec<Playbook>, Diagnostic> {
    let (content, diags) =
        crate::content::load(&crate::base::files::SiteBoundary::new(root), false, &[]);
    if let Some(d) = diags.into_iter().next() {
        return Err(d);
    }
    Ok(content
        .playbooks
        .into_iter()
        .map(|p| Playbook {
            source: p.source,
            body: p.body,
        })
        .collect())
}

/// Resolves every `@/` link, so rendering never stops at a missing target.
struct EveryLink;

impl LinkTargets for EveryLink {
    fn resolve(
        &self,
        path: &str,
        anchor: Option<&str>,
    ) -> Result<String, (String, Option<String>)> {
        let stem = path.rsplit('/').next().unwrap_or(path);
        let slug = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        Ok(match anchor {
            Some(a) => format!("/{slug}/#{a}"),
            None => format!("/{slug}/"),
        })
    }
}

/// Renders a playbook's Markdown to HTML (every `@/` link resolves); the
/// HTML, or the first diagnostic.
pub fn render_markdown(playbook: &Playbook) -> Result<String, Diagnostic> {
    let renderer = Renderer {
        unsafe_html: false,
        links: &EveryLink,
        autolinks: true,
        reserved_ids: &Default::default(),
        callout_labels: &crate::markdown::CalloutLabels::default(),
        glossary: None,
        footnote_backref: crate::markdown::FOOTNOTE_BACKREF_DEFAULT,
    };
    let rendered = renderer.render(&playbook.body, &playbook.source);
    match rendered.diagnostics.into_iter().next() {
        Some(d) => Err(d),
        None => Ok(rendered.html.get().into_owned()),
    }
}

/// Renders one Markdown text as guidegen renders a document's body, every
/// `@/` link resolving and no page id reserved: the HTML, for the
/// CommonMark conformance test (`tests/commonmark.rs`).
pub fn markdown_html(text: &str, unsafe_html: bool, autolinks: bool) -> String {
    let source = Source {
        path: "content/spec.md".into(),
        text: text.into(),
    };
    let body = Markdown::tail_of(&source.text, 0);
    let renderer = Renderer {
        unsafe_html,
        links: &EveryLink,
        autolinks,
        reserved_ids: &Default::default(),
        callout_labels: &crate::markdown::CalloutLabels::default(),
        footnote_backref: crate::markdown::FOOTNOTE_BACKREF_DEFAULT,
        glossary: None,
    };
    let rendered = renderer.render(&body, &source);
    rendered.html.get().into_owned()
}

/// Highlights one fenced block; `None` for a language it does not know.
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    match highlight::code_block(lang, code) {
        Highlighted::Html(html) => Some(html),
        Highlighted::UnknownLanguage(_) => None,
    }
}

/// Writes `site` into `out` through a staging directory swapped in.
pub fn write_site(site: &Site, out: &Path) -> Result<(), Diagnostic> {
    crate::write::write(site, out)
}
