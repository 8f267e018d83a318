//! A region (`content/regions/SLUG.toml`): a market with its languages, laws
//! and standards, and the guide published at `/regions/SLUG/`.

use super::frontmatter;
use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::source::{Markdown, Source};
use crate::base::toml_in::{whole_file, TomlIn};
use crate::markdown::url::{dangerous_url_message, is_dangerous_url};
use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

#[derive(Deserialize, schemars::JsonSchema)]
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
    #[schemars(with = "Option<String>")]
    overview: Option<Spanned<String>>,
    #[serde(default)]
    frameworks: Vec<RawFramework>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    aliases: Vec<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    reviewed: Option<Spanned<Datetime>>,
    /// Who wrote it, when not the site's `[site] author`.
    author: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawFramework {
    name: String,
    #[serde(default)]
    authority: String,
    #[schemars(with = "Option<String>")]
    url: Option<Spanned<String>>,
}

/// A law or standard that applies in a region.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Framework {
    pub name: String,
    pub authority: String,
    /// Where the name links; `""` for none, or when the URL was one a
    /// browser would run as code.
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
    /// Aliases and review date.
    pub common: super::Common,
}

pub fn parse(source: Source, slug: String, diags: &mut Vec<Diagnostic>) -> Option<Region> {
    let toml = whole_file(&source);
    let meta: Meta = toml.parse().map_err(|d| diags.push(d)).ok()?;
    frontmatter::require_text(&meta.name, "name", &toml, diags);
    frontmatter::require_text(&meta.summary, "summary", &toml, diags);
    let frameworks = meta
        .frameworks
        .into_iter()
        .map(|f| Framework {
            name: f.name,
            authority: f.authority,
            url: f
                .url
                .map_or_else(String::new, |url| safe_url(url, &toml, diags)),
        })
        .collect();
    let overview = meta.overview.map(|o| {
        let span = o.span();
        Markdown::from_toml_string(o.into_inner(), &source.text, span)
    });
    let common = super::common(meta.aliases, meta.reviewed, meta.author, &toml, diags);
    Some(Region {
        common,
        slug,
        name: meta.name,
        short_name: meta.short_name,
        summary: meta.summary,
        languages: meta.languages,
        aws_regions: meta.aws_regions,
        weight: meta.weight,
        overview,
        frameworks,
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

/// A URL from a TOML field, unless a browser would run it as code: then a
/// warning at its place and no link, as for a Markdown link.
fn safe_url(url: Spanned<String>, toml: &TomlIn, diags: &mut Vec<Diagnostic>) -> String {
    let at = toml.file_range(url.span()).start;
    let url = url.into_inner();
    if !is_dangerous_url(&url, false) {
        return url;
    }
    diags.push(Diagnostic::at(
        Level::Warning,
        toml.path,
        toml.file_text,
        at,
        dangerous_url_message(&url),
    ));
    String::new()
}

/// The JSON Schema of this kind's front matter or file, for editors.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Meta)
}
