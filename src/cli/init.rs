//! `guidegen init [DIR]`: a new guide that builds, and passes `check` with
//! no warning, as written — the configuration with every option, the four
//! pillars with a starter playbook each, a region, a case study, a page, a
//! GitHub Actions workflow that checks and publishes it, a `.gitignore` and
//! a README. It asks nothing; it never overwrites a file.

use crate::base::date::Date;
use crate::base::files::write_new;
use crate::config::{is_language_tag, normalize_base_url};
use std::path::PathBuf;

/// The flags of `guidegen init`.
pub struct InitOptions {
    pub dir: PathBuf,
    pub title: String,
    pub base_url: String,
    pub language: String,
    /// Write into a directory that is not empty (never over a file).
    pub force: bool,
}

/// (slug, title, summary, playbook slug, playbook title, playbook summary).
const PILLARS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "strategy",
        "Strategy",
        "Decide where to expand, why, and how you will sell there.",
        "market-fit",
        "Assess the market fit",
        "Check that the new market wants what you sell before you invest.",
    ),
    (
        "technical-readiness",
        "Technical readiness",
        "Run the product in the new region without surprises in cost or service availability.",
        "region-readiness",
        "Check that the region runs your product",
        "List the cloud services you need and confirm the region offers them.",
    ),
    (
        "compliance",
        "Compliance",
        "Meet the laws and standards of the new market before the first customer signs.",
        "data-protection",
        "Map the data protection rules",
        "Find which law governs the personal data you handle and what it asks of you.",
    ),
    (
        "go-to-market",
        "Go-to-market",
        "Reach buyers in the new market, with partners who know it.",
        "first-partner",
        "Choose a first local partner",
        "Pick the partner who will take you to your first customers.",
    ),
];

/// Fills `{{name}}` placeholders (and nothing else: a workflow's own
/// `${{ … }}` expressions stay as they are).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{{{name}}}}}"), value)
        })
}

/// The files of a new guide, by path under its directory.
fn starter_files(options: &InitOptions, today: Date) -> Vec<(PathBuf, String)> {
    let today = today.iso();
    let base = [
        ("title", options.title.as_str()),
        ("base_url", options.base_url.as_str()),
        ("language", options.language.as_str()),
        ("today", today.as_str()),
        ("version", env!("CARGO_PKG_VERSION")),
    ];
    let file = |path: &str, template: &str| (PathBuf::from(path), fill(template, &base));
    let mut files = vec![
        file("guidegen.toml", include_str!("starter/guidegen.toml")),
        file(
            "content/regions/example-market.toml",
            include_str!("starter/region.toml"),
        ),
        file(
            "content/case-studies/example-company.toml",
            include_str!("starter/case-study.toml"),
        ),
        file("content/pages/about.md", include_str!("starter/about.md")),
        file(".gitignore", include_str!("starter/gitignore")),
        file("README.md", include_str!("starter/README.md")),
        file(
            ".github/workflows/guide.yml",
            include_str!("starter/guide.yml"),
        ),
    ];
    for (weight, (slug, title, summary, book, book_title, book_summary)) in
        PILLARS.iter().enumerate()
    {
        let weight = ((weight + 1) * 10).to_string();
        let values = [
            ("pillar", *slug),
            ("pillar_title", *title),
            ("pillar_summary", *summary),
            ("playbook_title", *book_title),
            ("playbook_summary", *book_summary),
            ("weight", weight.as_str()),
        ];
        let pillar = fill(include_str!("starter/pillar.md"), &values);
        files.push(file(&format!("content/pillars/{slug}.md"), &pillar));
        let playbook = fill(include_str!("starter/playbook.md"), &values);
        files.push(file(
            &format!("content/playbooks/{slug}/{book}.md"),
            &playbook,
        ));
    }
    // A language the default theme has no UI strings for gets a copy of
    // the English ones to translate.
    let theme_has = |tag: &str| {
        crate::theme::DEFAULT_THEME
            .get_file(format!("i18n/{tag}.toml"))
            .is_some()
    };
    if !theme_has(&options.language) {
        let english = crate::theme::DEFAULT_THEME
            .get_file("i18n/en.toml")
            .and_then(|f| f.contents_utf8())
            .unwrap_or_default();
        let note = format!(
            "# UI strings for \"{}\": a copy of the English ones, to translate.\n",
            options.language
        );
        files.push((
            PathBuf::from(format!("i18n/{}.toml", options.language)),
            format!("{note}{english}"),
        ));
    }
    files
}

/// What `init` wrote and what it left alone.
pub struct Written {
    pub created: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

/// Writes a new guide into `options.dir`.
pub fn init(options: &InitOptions) -> Result<Written, String> {
    if options.title.trim().is_empty() {
        return Err("--title must not be empty".into());
    }
    normalize_base_url(&options.base_url).map_err(|e| format!("--base-url: {e}"))?;
    if !is_language_tag(&options.language) {
        return Err(format!(
            "--language \"{}\" is not a lowercase language tag such as \"en\", \"zh\" or \"pt-br\"",
            options.language
        ));
    }
    let dir = &options.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} exists and is not a directory", dir.display()));
    }
    let empty = std::fs::read_dir(dir).map_or(true, |mut entries| entries.next().is_none());
    if !empty && !options.force {
        return Err(format!(
            "{} is not empty: init writes a new guide into an empty directory \
             (--force adds the files that are missing, and never overwrites one)",
            dir.display()
        ));
    }
    let mut written = Written {
        created: Vec::new(),
        kept: Vec::new(),
    };
    for (rel, text) in starter_files(options, Date::today()) {
        let path = dir.join(&rel);
        if path.exists() {
            written.kept.push(rel);
            continue;
        }
        write_new(&path, text.as_bytes())?;
        written.created.push(rel);
    }
    // The schemas the TOML files name with `#:schema`, for editors.
    for (name, schema) in super::schema::schemas(dir) {
        let rel = PathBuf::from("schemas").join(name);
        let path = dir.join(&rel);
        if path.exists() {
            written.kept.push(rel);
            continue;
        }
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        write_new(&path, text.as_bytes())?;
        written.created.push(rel);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_workflow_expressions_kept() {
        assert_eq!(
            fill("a {{title}} ${{ github.ref }} {{title}}", &[("title", "T")]),
            "a T ${{ github.ref }} T"
        );
    }
}
