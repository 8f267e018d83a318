//! A free page (`content/pages/SLUG.md`), published at `/SLUG/`.

use super::frontmatter;
use crate::base::diagnostics::Diagnostic;
use crate::base::source::{Markdown, Source};
use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Meta {
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    aliases: Vec<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    reviewed: Option<Spanned<Datetime>>,
    /// Who wrote it, when not the site's `[site] author`.
    author: Option<String>,
    /// The picture shown when a link to the page is shared, instead of its
    /// social card: an http(s) URL, or an image beside this file.
    #[schemars(with = "Option<String>")]
    image: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub source: Source,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub weight: i64,
    pub draft: bool,
    pub body: Markdown,
    /// Aliases and review date.
    pub common: super::Common,
}

pub fn parse(source: Source, slug: String, diags: &mut Vec<Diagnostic>) -> Option<Page> {
    let (meta, split) = frontmatter::parse::<Meta>(&source)
        .map_err(|d| diags.push(d))
        .ok()?;
    frontmatter::require_text(&meta.title, "title", &split.front, diags);
    let body = split.body;
    let mut common = super::common(
        meta.aliases,
        meta.reviewed,
        meta.author,
        &split.front,
        diags,
    );
    common.image = super::own_image(meta.image, &split.front, diags);
    Some(Page {
        common,
        slug,
        title: meta.title,
        summary: meta.summary,
        weight: meta.weight,
        draft: meta.draft,
        body,
        source,
    })
}

/// The JSON Schema of this kind's front matter or file, for editors.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Meta)
}
