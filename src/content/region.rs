//! A region (`content/regions/SLUG.toml`): a market with its languages, laws
//! and standards, and the guide published at `/regions/SLUG/`.

use super::frontmatter;
use crate::base::diagnostics::Diagnostic;
use crate::base::source::{Markdown, Source};
use crate::base::toml_in::whole_file;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    name: String,
    #[serde(default)]
    short_name: String,
    summary: String,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    aws_regions: Vec<String>,
    #[serde(default)]
    weight: i64,
    overview: Option<Spanned<String>>,
    #[serde(default)]
    frameworks: Vec<Framework>,
}

/// A law or standard that applies in a region.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub name: String,
    #[serde(default)]
    pub authority: String,
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub source: Source,
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub summary: String,
    pub languages: Vec<String>,
    pub aws_regions: Vec<String>,
    pub weight: i64,
    pub overview: Option<Markdown>,
    pub frameworks: Vec<Framework>,
}

pub fn parse(source: Source, slug: String, diags: &mut Vec<Diagnostic>) -> Option<Region> {
    let toml = whole_file(&source);
    let meta: Meta = toml.parse().map_err(|d| diags.push(d)).ok()?;
    frontmatter::require_text(&meta.name, "name", &toml, diags);
    frontmatter::require_text(&meta.summary, "summary", &toml, diags);
    let overview = meta.overview.map(|o| {
        let span = o.span();
        Markdown::from_toml_string(o.into_inner(), &source.text, span)
    });
    Some(Region {
        slug,
        name: meta.name,
        short_name: meta.short_name,
        summary: meta.summary,
        languages: meta.languages,
        aws_regions: meta.aws_regions,
        weight: meta.weight,
        overview,
        frameworks: meta.frameworks,
        source,
    })
}

impl Region {
    /// The short name if there is one ("KSA"), else the name.
    pub fn label(&self) -> &str {
        if self.short_name.is_empty() {
            &self.name
        } else {
            &self.short_name
        }
    }
}
