//! A playbook (`content/playbooks/**/SLUG.md`): practical guidance under one
//! pillar, for some regions or `all`, published at `/playbooks/SLUG/`.

use super::{date_of, frontmatter, refs, Ref};
use crate::base::date::Date;
use crate::base::diagnostics::Diagnostic;
use crate::base::source::{Markdown, Source};
use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Meta {
    title: String,
    #[schemars(with = "String")]
    pillar: Spanned<String>,
    #[schemars(with = "Vec<String>")]
    regions: Vec<Spanned<String>>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    weight: i64,
    #[schemars(with = "Option<String>")]
    date: Option<Spanned<Datetime>>,
    #[schemars(with = "Option<String>")]
    updated: Option<Spanned<Datetime>>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    case_studies: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
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
pub struct Playbook {
    pub source: Source,
    pub slug: String,
    pub title: String,
    pub pillar: Ref,
    /// Region slugs; a single `all` means every region.
    pub regions: Vec<Ref>,
    pub summary: String,
    pub weight: i64,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    pub case_studies: Vec<Ref>,
    pub tags: Vec<String>,
    pub body: Markdown,
    /// Aliases and review date.
    pub common: super::Common,
}

pub fn parse(source: Source, slug: String, diags: &mut Vec<Diagnostic>) -> Option<Playbook> {
    let (meta, split) = frontmatter::parse::<Meta>(&source)
        .map_err(|d| diags.push(d))
        .ok()?;
    let front = &split.front;
    frontmatter::require_text(&meta.title, "title", front, diags);
    let pillar = refs(vec![meta.pillar], front).remove(0);
    let regions = refs(meta.regions, front);
    if regions.is_empty() {
        diags.push(Diagnostic::error_at(
            front.path,
            front.file_text,
            front.offset,
            "`regions` is empty: list region slugs, or [\"all\"]",
        ));
    }
    let date = date_of(meta.date, front, diags);
    let updated = date_of(meta.updated, front, diags);
    let case_studies = refs(meta.case_studies, front);
    let body = split.body;
    let mut common = super::common(meta.aliases, meta.reviewed, meta.author, front, diags);
    common.image = super::own_image(meta.image, front, diags);
    Some(Playbook {
        common,
        slug,
        title: meta.title,
        pillar,
        regions,
        summary: meta.summary,
        weight: meta.weight,
        date,
        updated,
        draft: meta.draft,
        case_studies,
        tags: meta.tags,
        body,
        source,
    })
}

impl Playbook {
    pub fn all_regions(&self) -> bool {
        self.regions.iter().any(|r| r.slug == "all")
    }

    /// The date a reader sees as "last changed": `updated`, else `date`.
    pub fn last_changed(&self) -> Option<Date> {
        self.updated.or(self.date)
    }
}

/// The JSON Schema of this kind's front matter or file, for editors.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Meta)
}
