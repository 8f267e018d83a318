//! A pillar (`content/pillars/SLUG.md`): one of the four tracks of an
//! expansion programme, with an introduction in Markdown.

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
    weight: i64,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    aliases: Vec<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    reviewed: Option<Spanned<Datetime>>,
    /// Who wrote it, when not the site's `[site] author`.
    author: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Pillar {
    pub source: Source,
    pub slug: String,
    pub title: String,
    pub weight: i64,
    pub summary: String,
    pub body: Markdown,
    /// Aliases and review date.
    pub common: super::Common,
}

pub fn parse(source: Source, slug: String, diags: &mut Vec<Diagnostic>) -> Option<Pillar> {
    let (meta, split) = frontmatter::parse::<Meta>(&source)
        .map_err(|d| diags.push(d))
        .ok()?;
    frontmatter::require_text(&meta.title, "title", &split.front, diags);
    let body = split.body;
    let common = super::common(
        meta.aliases,
        meta.reviewed,
        meta.author,
        &split.front,
        diags,
    );
    Some(Pillar {
        common,
        slug,
        title: meta.title,
        weight: meta.weight,
        summary: meta.summary,
        body,
        source,
    })
}

/// The JSON Schema of this kind's front matter or file, for editors.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Meta)
}
