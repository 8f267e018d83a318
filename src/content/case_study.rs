//! A case study (`content/case-studies/SLUG.toml`): a company's expansion
//! with its figures, published at `/case-studies/SLUG/`.

use super::{date_of, frontmatter, refs, Ref};
use crate::base::date::Date;
use crate::base::diagnostics::Diagnostic;
use crate::base::source::{Markdown, Source};
use crate::base::toml_in::whole_file;
use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Meta {
    company: String,
    title: String,
    summary: String,
    #[schemars(with = "Vec<String>")]
    regions: Vec<Spanned<String>>,
    #[schemars(with = "Vec<String>")]
    pillars: Vec<Spanned<String>>,
    #[serde(default)]
    industry: String,
    #[schemars(with = "Option<String>")]
    date: Option<Spanned<Datetime>>,
    #[schemars(with = "Option<String>")]
    body: Option<Spanned<String>>,
    #[serde(default)]
    metrics: Vec<Metric>,
    #[serde(default)]
    quotes: Vec<Quote>,
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

/// A figure of a case study: `value` (up to `value_max` for a range) in `unit`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub label: String,
    pub value: f64,
    #[serde(default)]
    pub value_max: Option<f64>,
    #[serde(default)]
    pub unit: String,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: String,
    #[serde(default)]
    pub who: String,
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Clone)]
pub struct CaseStudy {
    pub source: Source,
    pub slug: String,
    pub company: String,
    pub title: String,
    pub summary: String,
    pub regions: Vec<Ref>,
    pub pillars: Vec<Ref>,
    pub industry: String,
    pub date: Option<Date>,
    pub body: Option<Markdown>,
    pub metrics: Vec<Metric>,
    pub quotes: Vec<Quote>,
    /// Aliases and review date.
    pub common: super::Common,
}

pub fn parse(source: Source, slug: String, diags: &mut Vec<Diagnostic>) -> Option<CaseStudy> {
    let toml = whole_file(&source);
    let meta: Meta = toml.parse().map_err(|d| diags.push(d)).ok()?;
    for (value, key) in [
        (&meta.company, "company"),
        (&meta.title, "title"),
        (&meta.summary, "summary"),
    ] {
        frontmatter::require_text(value, key, &toml, diags);
    }
    let regions = refs(meta.regions, &toml);
    let pillars = refs(meta.pillars, &toml);
    let date = date_of(meta.date, &toml, diags);
    let body = meta.body.map(|b| {
        let span = b.span();
        Markdown::from_toml_string(b.into_inner(), &source.text, span)
    });
    for m in &meta.metrics {
        if !m.value.is_finite()
            || m.value_max
                .is_some_and(|max| !max.is_finite() || max < m.value)
        {
            diags.push(Diagnostic::error_at(
                &source.path,
                &source.text,
                source.text.find(&m.label).unwrap_or(0),
                format!(
                    "metric \"{}\": value must be a finite number and value_max at least value",
                    m.label
                ),
            ));
        }
    }
    let mut common = super::common(meta.aliases, meta.reviewed, meta.author, &toml, diags);
    common.image = super::own_image(meta.image, &toml, diags);
    Some(CaseStudy {
        common,
        slug,
        company: meta.company,
        title: meta.title,
        summary: meta.summary,
        regions,
        pillars,
        industry: meta.industry,
        date,
        body,
        metrics: meta.metrics,
        quotes: meta.quotes,
        source,
    })
}

/// The JSON Schema of this kind's front matter or file, for editors.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Meta)
}
