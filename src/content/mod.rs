//! load: reads every file under `content/` in parallel and parses it into a
//! typed value that keeps its source positions. One module per kind of content.
//!
//! Loading never fails fast: every problem becomes a `Diagnostic` and the rest
//! of the files are still read. Loading resolves no references between files;
//! that is `library`'s job.

pub mod case_study;
pub mod frontmatter;
pub mod glossary;
pub mod history;
pub mod page;
pub mod pillar;
pub mod playbook;
pub mod region;
pub mod snippets;

use crate::base::date::Date;
use crate::base::diagnostics::{Diagnostic, Level, Location};
use crate::base::files::{is_ignored_name, rel_path, SiteBoundary, Walked};
use crate::base::source::Source;
use crate::base::toml_in::TomlIn;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub use case_study::CaseStudy;
pub use page::Page;
pub use pillar::Pillar;
pub use playbook::Playbook;
pub use region::Region;

/// Turns a TOML datetime into a `Date`, or a diagnostic when it has no date part.
pub fn date_of(
    value: Option<toml::Spanned<toml::value::Datetime>>,
    toml: &TomlIn,
    diags: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let value = value?;
    let span = toml.file_range(value.span());
    match value.get_ref().date {
        Some(d) => Some(Date {
            year: d.year,
            month: d.month,
            day: d.day,
        }),
        None => {
            diags.push(Diagnostic::error_at(
                toml.path,
                toml.file_text,
                span.start,
                "expected a date such as 2025-12-02, found a time without a date",
            ));
            None
        }
    }
}

/// What every kind of content may carry besides its own keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Common {
    /// Old URLs of the item that redirect to it (`aliases = ["/old/"]`).
    pub aliases: Vec<Alias>,
    /// When an editor last checked the content (`reviewed = 2026-11-30`),
    /// and where the file says so.
    pub reviewed: Option<Date>,
    pub reviewed_at: Option<Location>,
    /// Who wrote it (`author = "…"`), over the site's `[site] author` in
    /// its feed entry and structured data.
    pub author: Option<String>,
    /// The picture a link to the item shows when shared (`image = …`),
    /// instead of its social card.
    pub image: Option<OwnImage>,
}

/// An item's own share picture, as its file names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnImage {
    /// An `http(s)://` URL, used as it is.
    Url(String),
    /// A file beside the item's file (`cover.png`, `img/cover.png`):
    /// `rel` as written, `path` under `content/`; published beside the
    /// page, as the images its Markdown shows are.
    Beside {
        rel: String,
        path: String,
        at: Location,
    },
}

/// The `image` key of an item's file, checked like a Markdown image's
/// target: an http(s) URL, or a file at or below the file's folder.
pub fn own_image(
    image: Option<toml::Spanned<String>>,
    toml: &TomlIn,
    diags: &mut Vec<Diagnostic>,
) -> Option<OwnImage> {
    let image = image?;
    let offset = toml.file_range(image.span()).start;
    let value = image.get_ref().trim();
    let mut fail = |why: &str| {
        diags.push(Diagnostic::error_at(
            toml.path,
            toml.file_text,
            offset,
            format!("image \"{value}\" {why}"),
        ));
        None
    };
    if crate::markdown::url::is_dangerous_url(value, true) {
        return fail("is not a picture a browser may load");
    }
    if value.starts_with("https://") || value.starts_with("http://") {
        let bad = |c: char| c.is_whitespace() || c.is_control() || "\"<>\\".contains(c);
        if value.contains(bad) {
            return fail("must be a URL without spaces, quotes or `<>`");
        }
        return Some(OwnImage::Url(value.to_string()));
    }
    let bad = |c: char| c.is_whitespace() || c.is_control() || "?#\"<>\\%:".contains(c);
    let parts: Vec<&str> = value.split('/').collect();
    if value.is_empty()
        || value.contains(bad)
        || parts
            .iter()
            .any(|p| p.is_empty() || *p == "." || *p == "..")
        || !crate::base::image_size::is_image(value)
    {
        return fail("must be an http(s) URL, or an image file at or below this file's folder (`cover.png`, `img/cover.png`)");
    }
    let path = crate::markdown::images::beside(toml.path, value)?;
    Some(OwnImage::Beside {
        rel: value.to_string(),
        path,
        at: Location::of(toml.file_text, offset),
    })
}

/// An old URL of an item, as its file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The path under the site's base path: `old/url/` or `old.html`.
    pub path: String,
    /// Where it is written in the file (for an error found after the
    /// file's text is let go of).
    pub at: Location,
}

/// The keys every kind of content may carry, checked: each alias a clean
/// path under the site (`/old/url/`), the review date a date.
pub fn common(
    aliases: Vec<toml::Spanned<String>>,
    reviewed: Option<toml::Spanned<toml::value::Datetime>>,
    author: Option<String>,
    toml: &TomlIn,
    diags: &mut Vec<Diagnostic>,
) -> Common {
    let aliases = aliases
        .into_iter()
        .filter_map(|alias| {
            let offset = toml.file_range(alias.span()).start;
            match alias_path(alias.get_ref()) {
                Ok(path) => Some(Alias {
                    path,
                    at: Location::of(toml.file_text, offset),
                }),
                Err(why) => {
                    diags.push(Diagnostic::error_at(
                        toml.path,
                        toml.file_text,
                        offset,
                        format!("alias \"{}\" {why}", alias.get_ref()),
                    ));
                    None
                }
            }
        })
        .collect();
    let reviewed_at = reviewed.as_ref().map(|r| {
        let offset = toml.file_range(r.span()).start;
        Location::of(toml.file_text, offset)
    });
    Common {
        aliases,
        reviewed: date_of(reviewed, toml, diags),
        reviewed_at,
        author: author.filter(|a| !a.trim().is_empty()),
        image: None,
    }
}

/// An alias as a path under the site (`/old/url` → `old/url/`), or why it
/// is not one.
fn alias_path(alias: &str) -> Result<String, &'static str> {
    let Some(rest) = alias.strip_prefix('/') else {
        return Err("must start with `/`: a path under the site, such as \"/old/url/\"");
    };
    let bad = |c: char| c.is_whitespace() || c.is_control() || "?#\"<>\\%".contains(c);
    if rest.contains(bad) {
        return Err("may hold only a path: no spaces, `?`, `#`, `%`, quotes or backslashes");
    }
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    if rest.is_empty()
        || segments
            .iter()
            .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Err("must name a page below the site's home, with no empty, `.` or `..` part");
    }
    let path = segments.join("/");
    Ok(if path.ends_with(".html") {
        path
    } else {
        format!("{path}/")
    })
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub pillars: Vec<Pillar>,
    pub regions: Vec<Region>,
    pub playbooks: Vec<Playbook>,
    pub case_studies: Vec<CaseStudy>,
    pub pages: Vec<Page>,
    /// Paths of drafts left out of this build, so links to them get a clear error.
    pub drafts_left_out: Vec<String>,
    /// Paths of files that failed to load: references to them are not
    /// reported again, since their own error says what is wrong.
    pub failed: Vec<String>,
    /// Translations (`SLUG.zh.md`, `SLUG.ar.toml`) by language tag; their
    /// items carry the slug of their source.
    pub translations: std::collections::BTreeMap<String, Content>,
    /// `content/snippets/NAME.md` by name (already included where used).
    pub snippets: snippets::Snippets,
    /// `content/glossary.toml` (or this language's translation of it).
    pub glossary: Option<glossary::Glossary>,
    /// Images beside the Markdown that shows them, by path under
    /// `content/` (`playbooks/compliance/flow.svg`).
    pub images: std::collections::BTreeMap<String, Vec<u8>>,
}

impl Content {
    /// The file of every item, kind by kind.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        sources(
            &self.pillars,
            &self.regions,
            &self.playbooks,
            &self.case_studies,
            &self.pages,
        )
    }
}

/// The files of lists of items, kind by kind.
pub fn sources<'a>(
    pillars: &'a [Pillar],
    regions: &'a [Region],
    playbooks: &'a [Playbook],
    case_studies: &'a [CaseStudy],
    pages: &'a [Page],
) -> impl Iterator<Item = &'a Source> {
    pillars
        .iter()
        .map(|x| &x.source)
        .chain(regions.iter().map(|x| &x.source))
        .chain(playbooks.iter().map(|x| &x.source))
        .chain(case_studies.iter().map(|x| &x.source))
        .chain(pages.iter().map(|x| &x.source))
}

/// The five kinds of content, in the order a library lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Pillar,
    Region,
    Playbook,
    CaseStudy,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Pillar,
        Kind::Region,
        Kind::Playbook,
        Kind::CaseStudy,
        Kind::Page,
    ];

    /// The kind of content a file under `content/` holds, from where it
    /// sits (`rel` is relative to `content/`).
    pub fn of(rel: &Path) -> Option<Kind> {
        let mut parts = rel.components();
        let top = parts.next()?.as_os_str().to_str()?;
        let depth = rel.components().count();
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or_default();
        match (top, ext, depth) {
            ("pillars", "md", 2) => Some(Kind::Pillar),
            ("regions", "toml", 2) => Some(Kind::Region),
            ("playbooks", "md", _) => Some(Kind::Playbook),
            ("case-studies", "toml", 2) => Some(Kind::CaseStudy),
            ("pages", "md", 2) => Some(Kind::Page),
            _ => None,
        }
    }
}

/// Whether `slug` is a valid slug: lowercase `a-z0-9-`, not starting with `-`.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The language of a translation's file name (`slug.zh.md` → `zh`) when
/// `zh` is one of `languages`; an error when the name ends in a language
/// tag the site does not have.
fn translation_language(
    rel: &Path,
    path: &str,
    languages: &[String],
) -> Result<Option<String>, Diagnostic> {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let Some((_, tag)) = stem.rsplit_once('.') else {
        return Ok(None);
    };
    if languages.iter().any(|l| l == tag) {
        return Ok(Some(tag.to_string()));
    }
    if crate::config::is_language_tag(tag) {
        let known = if languages.is_empty() {
            "the site has one language".to_string()
        } else {
            format!("the site's other languages are {}", languages.join(", "))
        };
        return Err(Diagnostic::file(
            Level::Error,
            path,
            format!(
                "a translation into \"{tag}\", a language guidegen.toml does not list ({known}): add [languages.{tag}] to guidegen.toml, or rename the file"
            ),
        ));
    }
    Ok(None)
}

/// Reads and parses every content file under `content/` of the site
/// `boundary` encloses; files named `SLUG.TAG.EXT`, where TAG is one of
/// `languages` (the site's languages other than the default), are
/// translations. A file or folder that leads out of the site is skipped.
pub fn load(
    boundary: &SiteBoundary,
    drafts: bool,
    languages: &[String],
) -> (Content, Vec<Diagnostic>) {
    let root = boundary.root();
    let content_dir = root.join("content");
    let mut diags = Vec::new();
    if !content_dir.is_dir() {
        diags.push(Diagnostic::file(
            Level::Error,
            "content",
            "no content/ directory: a site keeps its guide under content/",
        ));
        return (Content::default(), diags);
    }
    let mut files: Vec<(PathBuf, String, Kind, Option<String>)> = Vec::new();
    let mut snippet_files: Vec<(PathBuf, PathBuf, String)> = Vec::new();
    let mut glossary_files: Vec<(PathBuf, PathBuf, String)> = Vec::new();
    let mut images = std::collections::BTreeMap::new();
    boundary.walk(&content_dir, is_ignored_name, |walked| {
        let (entry, regular) = match walked {
            Walked::File(entry) => (entry, true),
            Walked::Special(entry) => (entry, false),
            Walked::Refused(d) => {
                diags.push(d);
                return;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(&content_dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        let path = rel_path(root, entry.path());
        if rel.starts_with("snippets") && regular {
            snippet_files.push((entry.path().to_path_buf(), rel, path));
            return;
        }
        let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let is_glossary = rel.components().count() == 1
            && rel.extension().is_some_and(|e| e == "toml")
            && (stem == "glossary" || stem.starts_with("glossary."));
        if is_glossary && regular {
            glossary_files.push((entry.path().to_path_buf(), rel, path));
            return;
        }
        if crate::base::image_size::is_image(&path) && regular {
            match boundary.read_bytes(entry.path(), &path) {
                Ok(bytes) => {
                    images.insert(rel_path(&content_dir, entry.path()), bytes);
                }
                Err(d) => diags.push(d),
            }
            return;
        }
        let Some(kind) = Kind::of(&rel) else {
            diags.push(Diagnostic::file(
                Level::Warning,
                &path,
                "not content guidegen knows (pillars/*.md, regions/*.toml, playbooks/**/*.md, case-studies/*.toml, pages/*.md); ignored",
            ));
            return;
        };
        if !regular {
            diags.push(Diagnostic::file(
                Level::Error,
                &path,
                "not a regular file (a FIFO, socket or device)",
            ));
            return;
        }
        let lang = match translation_language(&rel, &path, languages) {
            Ok(lang) => lang,
            Err(d) => {
                diags.push(d);
                return;
            }
        };
        files.push((entry.path().to_path_buf(), path, kind, lang));
    });

    let loaded: Vec<(Option<Loaded>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|(abs, path, kind, lang)| load_file(boundary, abs, path, *kind, lang.as_deref()))
        .collect();
    let mut content = Content::default();
    for ((_, path, _, lang), (item, mut d)) in files.iter().zip(loaded) {
        diags.append(&mut d);
        let content = match lang {
            Some(lang) => content.translations.entry(lang.clone()).or_default(),
            None => &mut content,
        };
        if item.is_none() {
            content.failed.push(path.clone());
        }
        match item {
            Some(Loaded::Pillar(p)) => content.pillars.push(p),
            Some(Loaded::Region(r)) => content.regions.push(r),
            Some(Loaded::Playbook(p)) if drafts || !p.draft => content.playbooks.push(p),
            Some(Loaded::CaseStudy(c)) => content.case_studies.push(c),
            Some(Loaded::Page(p)) if drafts || !p.draft => content.pages.push(p),
            Some(Loaded::Playbook(p)) => content.drafts_left_out.push(p.source.path.clone()),
            Some(Loaded::Page(p)) => content.drafts_left_out.push(p.source.path.clone()),
            None => {}
        }
    }
    content.images = images;
    load_snippets(boundary, snippet_files, languages, &mut content, &mut diags);
    for (abs, rel, path) in glossary_files {
        let lang = match translation_language(&rel, &path, languages) {
            Ok(lang) => lang,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let Ok(text) = boundary.read_text(&abs, &path).map_err(|d| diags.push(d)) else {
            continue;
        };
        let glossary = glossary::parse(Source { path, text }, &mut diags);
        match lang {
            Some(tag) => content.translations.entry(tag).or_default().glossary = glossary,
            None => content.glossary = glossary,
        }
    }
    (content, diags)
}

/// Reads the snippets and includes them: a translation's body takes its
/// language's snippet when there is one, else the default language's.
fn load_snippets(
    boundary: &SiteBoundary,
    files: Vec<(PathBuf, PathBuf, String)>,
    languages: &[String],
    content: &mut Content,
    diags: &mut Vec<Diagnostic>,
) {
    let mut by_lang: std::collections::BTreeMap<Option<String>, snippets::Snippets> =
        Default::default();
    for (abs, rel, path) in files {
        let name = rel
            .strip_prefix("snippets")
            .ok()
            .filter(|r| r.components().count() == 1)
            .and_then(|r| r.to_str())
            .and_then(|r| r.strip_suffix(".md"));
        let Some(name) = name else {
            diags.push(Diagnostic::file(
                Level::Warning,
                &path,
                "not a snippet (snippets are content/snippets/NAME.md); ignored",
            ));
            continue;
        };
        let lang = match translation_language(&rel, &path, languages) {
            Ok(lang) => lang,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let name = match &lang {
            Some(tag) => name.strip_suffix(&format!(".{tag}")).unwrap_or(name),
            None => name,
        };
        match boundary.read_text(&abs, &path) {
            Ok(text) => {
                let source = Source { path, text };
                by_lang
                    .entry(lang)
                    .or_default()
                    .insert(name.to_string(), source);
            }
            Err(d) => diags.push(d),
        }
    }
    let default = by_lang.remove(&None).unwrap_or_default();
    snippets::include_all(content, &default, boundary, diags);
    for (tag, translation) in &mut content.translations {
        let mut merged = default.clone();
        merged.extend(by_lang.remove(&Some(tag.clone())).unwrap_or_default());
        snippets::include_all(translation, &merged, boundary, diags);
        translation.snippets = merged;
    }
    content.snippets = default;
}

enum Loaded {
    Pillar(Pillar),
    Region(Region),
    Playbook(Playbook),
    CaseStudy(CaseStudy),
    Page(Page),
}

fn load_file(
    boundary: &SiteBoundary,
    abs: &Path,
    path: &str,
    kind: Kind,
    lang: Option<&str>,
) -> (Option<Loaded>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let text = match boundary.read_text(abs, path) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let source = Source {
        path: path.to_string(),
        text,
    };
    let stem = abs.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    // A translation's slug is its source's: `ksa.zh.toml` is `ksa`.
    let stem = match lang {
        Some(lang) => stem
            .strip_suffix(lang)
            .and_then(|s| s.strip_suffix('.'))
            .unwrap_or(stem),
        None => stem,
    };
    if !is_valid_slug(stem) {
        let suggestion = slug::slugify(stem);
        let ext = abs.extension().and_then(|e| e.to_str()).unwrap_or_default();
        let hint = (!suggestion.is_empty()).then(|| {
            if abs.with_file_name(format!("{suggestion}.{ext}")).exists() {
                // `Foo.md` beside `foo.md`: renaming would clash.
                format!("\"{suggestion}.{ext}\" already exists beside it: merge the two files or choose another name")
            } else {
                format!("rename the file to \"{suggestion}\"")
            }
        });
        diags.push(
            Diagnostic::error_at(
                path,
                &source.text,
                0,
                format!("invalid slug \"{stem}\": a file name must be lowercase a-z, 0-9 and -"),
            )
            .with_hint(hint),
        );
    }
    if source.text.len() > crate::base::MAX_INDEXED_HTML {
        diags.push(Diagnostic::file(
            Level::Warning,
            path,
            format!(
                "large file ({:.1} MB): the search index covers only the first {} MB of its page",
                source.text.len() as f64 / (1024.0 * 1024.0),
                crate::base::MAX_INDEXED_HTML >> 20
            ),
        ));
    }
    let slug = stem.to_string();
    let item = match kind {
        Kind::Pillar => pillar::parse(source, slug, &mut diags).map(Loaded::Pillar),
        Kind::Region => region::parse(source, slug, &mut diags).map(Loaded::Region),
        Kind::Playbook => playbook::parse(source, slug, &mut diags).map(Loaded::Playbook),
        Kind::CaseStudy => case_study::parse(source, slug, &mut diags).map(Loaded::CaseStudy),
        Kind::Page => page::parse(source, slug, &mut diags).map(Loaded::Page),
    };
    (item, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_clean_paths_under_the_site() {
        assert_eq!(alias_path("/old/url"), Ok("old/url/".into()));
        assert_eq!(alias_path("/old/url/"), Ok("old/url/".into()));
        assert_eq!(alias_path("/old.html"), Ok("old.html".into()));
        assert_eq!(alias_path("/guía/"), Ok("guía/".into()));
        for bad in [
            "old/",
            "/",
            "/a//b/",
            "/a/../b/",
            "/./a/",
            "/a b/",
            "/a?x=1",
            "/a#b",
            "/a%2e%2e/",
            "/a\\b",
            "/a\u{7f}b/",
            "/a\u{a0}b/",
            "/a\"b/",
            "/<a>/",
            "/a/.",
            "/..",
        ] {
            assert!(alias_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("data-residency-2"));
        assert!(is_valid_slug("2026"));
        assert!(is_valid_slug("a"));
        for bad in ["Data", "data_residency", "-x", "x-", "", "é"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn a_draft_page_is_left_out_unless_drafts_are_asked_for() {
        let site = crate::base::test_site::fixture("minimal");
        let root = site.path();
        crate::base::test_site::write(
            root,
            "content/pages/plans.md",
            "+++\ntitle = \"Plans\"\ndraft = true\n+++\n\nNot yet.\n",
        );
        let boundary = SiteBoundary::new(root);
        let page_slugs = |content: &Content| {
            let mut slugs: Vec<String> = content.pages.iter().map(|p| p.slug.clone()).collect();
            slugs.sort();
            slugs
        };

        let (content, diags) = load(&boundary, false, &[]);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        assert_eq!(page_slugs(&content), ["about", "zh-notes"]);
        let mut left_out = content.drafts_left_out.clone();
        left_out.sort();
        assert_eq!(
            left_out,
            ["content/pages/plans.md", "content/playbooks/draft-idea.md"]
        );

        let (content, _) = load(&boundary, true, &[]);
        assert_eq!(page_slugs(&content), ["about", "plans", "zh-notes"]);
        assert_eq!(content.drafts_left_out, Vec::<String>::new());
    }
}

/// A reference to another item by slug, with where it is written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub slug: String,
    pub offset: usize,
}

/// Turns spanned TOML strings into references located in the file.
pub fn refs(values: Vec<toml::Spanned<String>>, toml: &TomlIn) -> Vec<Ref> {
    values
        .into_iter()
        .map(|v| Ref {
            offset: toml.file_range(v.span()).start,
            slug: v.into_inner(),
        })
        .collect()
}
