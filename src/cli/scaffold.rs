//! `guidegen new KIND SLUG`: writes a commented skeleton that builds as it is,
//! using the site's existing pillars and regions so every reference resolves.

use crate::content::is_valid_slug;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Pillar,
    Region,
    Playbook,
    CaseStudy,
    Page,
}

/// The slugs of the files with extension `ext` in `dir`, sorted.
fn slugs_in(dir: &Path, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let path = e.path();
                    (path.extension()? == ext)
                        .then(|| path.file_stem()?.to_str().map(str::to_string))?
                })
                .filter(|s| is_valid_slug(s))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn title_of(slug: &str) -> String {
    let mut words: Vec<String> = slug.split('-').map(str::to_string).collect();
    if let Some(first) = words.first_mut() {
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            *first = c.to_uppercase().chain(chars).collect();
        }
    }
    words.join(" ")
}

/// Creates the skeleton and returns its path; refuses to overwrite.
pub fn create(root: &Path, kind: Kind, slug: &str) -> Result<PathBuf, String> {
    if !is_valid_slug(slug) {
        let suggestion = slug::slugify(slug);
        return Err(format!(
            "invalid slug \"{slug}\": use lowercase a-z, 0-9 and - (for example \"{suggestion}\")"
        ));
    }
    let content = root.join("content");
    let title = title_of(slug);
    let pillar = slugs_in(&content.join("pillars"), "md").into_iter().next();
    let region = slugs_in(&content.join("regions"), "toml")
        .into_iter()
        .next();
    let no_pillar = || {
        "no pillar in content/pillars/: a playbook belongs to one; create one first, \
         e.g. `guidegen new pillar strategy`"
            .to_string()
    };
    let (path, text) = match kind {
        Kind::Pillar => (
            content.join("pillars").join(format!("{slug}.md")),
            format!(
                r#"+++
title = "{title}"   # required
summary = "One sentence on what this pillar covers."
weight = 100        # order among pillars (lower first)
+++

What an ISV must get right in this pillar, for every region. Playbooks
name it as `pillar = "{slug}"`.
"#
            ),
        ),
        Kind::Region => (
            content.join("regions").join(format!("{slug}.toml")),
            format!(
                r#"# A region: its guide is published at /regions/{slug}/.
name = "{title}"                 # required: the full name
short_name = ""                  # shown in menus; the name is used when empty
summary = "One sentence on why ISVs expand here."   # required
languages = ["en"]               # BCP 47 tags
aws_regions = []                 # AWS region codes, only where known
weight = 100                     # order among regions (lower first)
overview = """
Markdown: the market, its languages and its regulation.
"""

# Laws and standards that apply; repeat the table for each.
# [[frameworks]]
# name = "GDPR"
# authority = "European Data Protection Board"
"#
            ),
        ),
        Kind::Playbook => {
            let pillar = pillar.ok_or_else(no_pillar)?;
            (
                content.join("playbooks").join(format!("{slug}.md")),
                format!(
                    r#"+++
title = "{title}"        # required
pillar = "{pillar}"      # required: a slug from content/pillars/
regions = ["all"]        # required: region slugs from content/regions/, or ["all"]
summary = "What a reader will be able to do after this playbook."
weight = 100             # order within its pillar (lower first)
draft = false            # drafts are built only with --drafts
case_studies = []        # slugs from content/case-studies/
tags = []
+++

Start with the decision this playbook helps make.

## Checklist

- [ ] First step

Link to other content by its path under content/, e.g. [the {pillar}
pillar](@/pillars/{pillar}.md).
"#
                ),
            )
        }
        Kind::CaseStudy => {
            let pillar = pillar.ok_or_else(no_pillar)?;
            let region = region.ok_or("no region in content/regions/: create one first")?;
            (
                content.join("case-studies").join(format!("{slug}.toml")),
                format!(
                    r#"# A case study: published at /case-studies/{slug}/.
company = "{title}"                   # required
title = "How {title} expanded"        # required
summary = "One sentence with the outcome."   # required
regions = ["{region}"]                # required: region slugs
pillars = ["{pillar}"]                # required: pillar slugs
industry = ""
body = """
Markdown: the challenge, what was done, the results.
"""

# Figures, shown as a bar chart; repeat the table for each.
# [[metrics]]
# label = "Monthly savings"
# value = 1000
# unit = "USD/month"
"#
                ),
            )
        }
        Kind::Page => (
            content.join("pages").join(format!("{slug}.md")),
            format!(
                r#"+++
title = "{title}"   # required
summary = ""
weight = 100        # order in the navigation (lower first)
draft = false
+++

Write the page in Markdown.
"#
            ),
        ),
    };
    if path.exists() {
        return Err(format!(
            "{} already exists; guidegen new never overwrites a file",
            path.display()
        ));
    }
    // A folder linked out of the site is not written into either.
    crate::base::files::SiteBoundary::new(root)
        .admit_new(&path)
        .map_err(|outside| format!("{}: {}", outside.shown, outside.message()))?;
    crate::base::files::write_new(&path, text.as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Ref;

    #[test]
    fn a_skeleton_names_the_sites_first_pillar_and_region_and_resolves() {
        let site = crate::base::test_site::fixture("minimal");
        let root = site.path();
        create(root, Kind::Playbook, "pricing").unwrap();
        create(root, Kind::CaseStudy, "globex").unwrap();
        let config = crate::config::load(root, &crate::config::Overrides::default()).unwrap();
        let (content, diags) =
            crate::content::load(&config.boundary, false, &config.translation_tags());
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        // The first pillar and region by slug: compliance, ksa.
        let slugs = |refs: &[Ref]| refs.iter().map(|r| r.slug.clone()).collect::<Vec<_>>();
        let playbook = content.playbooks.iter().find(|p| p.slug == "pricing");
        assert_eq!(playbook.unwrap().pillar.slug, "compliance");
        let study = content.case_studies.iter().find(|c| c.slug == "globex");
        let study = study.unwrap();
        assert_eq!(slugs(&study.pillars), ["compliance"]);
        assert_eq!(slugs(&study.regions), ["ksa"]);
        // Every reference resolves: the skeletons build as they are.
        let (_, diags) = crate::library::resolve(config, content);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    }
}
