//! config: `guidegen.toml` and the command-line flags become one validated
//! `Config` before any content is read. Nothing here renders or writes.

use crate::base::diagnostics::{did_you_mean, Diagnostic, Level};
use crate::base::files::SiteBoundary;
use crate::base::source::Source;
use crate::base::toml_in::whole_file;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

pub const CONFIG_FILE: &str = "guidegen.toml";

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[schemars(with = "String")]
    base_url: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: String,
    #[schemars(with = "Option<String>")]
    theme: Option<Spanned<String>>,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    search: RawSearch,
    #[serde(default)]
    site: RawSite,
    #[serde(default)]
    review: RawReview,
    #[serde(default)]
    images: RawImages,
    #[serde(default)]
    social: RawSocial,
    /// Folders outside the site that may be read (a monorepo's shared
    /// content reached by symbolic link), relative to the site root.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    allow_outside: Vec<Spanned<String>>,
    /// The other languages of the site, by tag: `[languages.zh]`.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, RawLanguage>")]
    languages: std::collections::BTreeMap<String, Spanned<RawLanguage>>,
}

#[derive(Deserialize, schemars::JsonSchema, Default)]
#[serde(deny_unknown_fields)]
struct RawSite {
    /// "Edit this page": a URL with `{path}` for the file's path.
    #[schemars(with = "Option<String>")]
    edit_url: Option<Spanned<String>>,
    /// Who writes the guides: the feeds' and articles' author.
    author: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema, Default)]
#[serde(deny_unknown_fields)]
struct RawReview {
    /// Content reviewed longer ago than this (or never) is flagged.
    #[schemars(with = "Option<i64>")]
    max_age_days: Option<Spanned<i64>>,
}

/// `[images]`: the resized copies of raster images pages show.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawImages {
    /// The widths in pixels of the copies of a PNG, JPEG or WebP image
    /// wider than the narrowest (the theme's text column); `[]` publishes
    /// images as they are.
    #[serde(default = "default_image_widths")]
    #[schemars(with = "Vec<i64>")]
    widths: Vec<Spanned<i64>>,
    /// Also offer lossless WebP copies, where they are smaller.
    #[serde(default = "yes")]
    webp: bool,
}

impl Default for RawImages {
    fn default() -> Self {
        RawImages {
            widths: default_image_widths(),
            webp: true,
        }
    }
}

/// The default theme's text column (`.prose`: 72ch at 17px, about 720
/// CSS pixels) at 1x and 2x.
fn default_image_widths() -> Vec<Spanned<i64>> {
    IMAGE_WIDTHS
        .iter()
        .map(|&w| Spanned::new(0..0, i64::from(w)))
        .collect()
}

/// `[images] widths` unless set.
pub const IMAGE_WIDTHS: [u32; 2] = [720, 1440];

/// What `[images]` asks for, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSettings {
    /// Ascending, each once; empty when images are published as they are.
    pub widths: Vec<u32>,
    pub webp: bool,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: IMAGE_WIDTHS.to_vec(),
            webp: true,
        }
    }
}

/// Link previews (Open Graph, Twitter cards) when a page is shared.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSocial {
    /// Draw a 1200×630 PNG card per page (its title, region, pillar and
    /// the site's name) and name it as the page's `og:image`. A page's own
    /// `image` wins over its card either way.
    #[serde(default = "yes")]
    cards: bool,
}

impl Default for RawSocial {
    fn default() -> Self {
        RawSocial { cards: true }
    }
}

#[derive(Deserialize, schemars::JsonSchema, Default)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[schemars(with = "Option<String>")]
    highlight_theme: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    highlight_theme_dark: Option<Spanned<String>>,
    #[serde(default)]
    unsafe_html: bool,
    #[serde(default = "yes")]
    autolinks: bool,
}

impl Default for RawMarkdown {
    fn default() -> Self {
        RawMarkdown {
            highlight_theme: None,
            highlight_theme_dark: None,
            unsafe_html: false,
            autolinks: true,
        }
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default = "yes")]
    enabled: bool,
}

impl Default for RawSearch {
    fn default() -> Self {
        RawSearch { enabled: true }
    }
}

fn yes() -> bool {
    true
}

fn default_language() -> String {
    "en".into()
}

/// Where and how to build, from `guidegen.toml` and the flags.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    /// What the build may read: the site, and the `allow_outside` folders.
    pub boundary: SiteBoundary,
    pub title: String,
    pub description: String,
    pub language: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`: `/` or `/sub/path/`.
    pub base_path: String,
    pub theme: String,
    pub highlight_theme: String,
    pub highlight_theme_dark: String,
    pub unsafe_html: bool,
    /// `[markdown] autolinks`: GFM's bare `www.`, `https://` and e-mail links.
    pub autolinks: bool,
    pub search: bool,
    /// `[social] cards`: draw a link-preview image for every page.
    pub cards: bool,
    pub drafts: bool,
    /// `[site] edit_url`: where "Edit this page" leads, `{path}` standing
    /// for the content file's path from the site root.
    pub edit_url: Option<String>,
    /// `[site] author`: the feeds' and structured data's author; the site
    /// title when not given.
    pub author: Option<String>,
    /// `[review] max_age_days`: content reviewed longer ago than this, or
    /// never, is flagged to authors and readers.
    pub review_max_age_days: Option<u32>,
    /// `[images]`: the widths of resized copies, and whether to offer WebP.
    pub images: ImageSettings,
    /// The date the build takes as today (`Date::today`): what review
    /// ages are counted to.
    pub today: crate::base::date::Date,
    /// Every language of the site, the default (`language`) first.
    pub languages: Arc<Vec<LanguageInfo>>,
    /// Where this language edition's files go under the output: `""` for
    /// the default language, `zh/` for the others.
    pub lang_prefix: String,
    /// The URL path of this edition's home: `base_path` + `lang_prefix`.
    pub url_root: String,
}

/// One language of a site: the default at `/`, each other under `/TAG/`.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageInfo {
    /// BCP 47, lowercase: `zh`, `ar`, `pt-br`.
    pub tag: String,
    pub title: String,
    pub description: String,
    /// `rtl` for right-to-left scripts, else `ltr`.
    pub dir: &'static str,
    /// `""` for the default language, else `TAG/`.
    pub prefix: String,
}

impl Config {
    /// Whether the site has more than one language.
    pub fn multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The configuration of the edition in `languages[i]`: its language,
    /// title, description and URL root.
    pub fn edition(&self, i: usize) -> Config {
        let lang = &self.languages[i];
        Config {
            title: lang.title.clone(),
            description: lang.description.clone(),
            language: lang.tag.clone(),
            lang_prefix: lang.prefix.clone(),
            url_root: format!("{}{}", self.base_path, lang.prefix),
            ..self.clone()
        }
    }

    /// The writing direction of this edition's language.
    pub fn dir(&self) -> &'static str {
        direction(&self.language)
    }

    /// The language editions other than the default, by tag.
    pub fn translation_tags(&self) -> Vec<String> {
        self.languages
            .iter()
            .skip(1)
            .map(|l| l.tag.clone())
            .collect()
    }
}

/// `rtl` for languages written right to left, by primary subtag.
pub fn direction(tag: &str) -> &'static str {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    match primary.as_str() {
        "ar" | "he" | "fa" | "ur" | "ps" | "yi" | "ckb" | "dv" | "sd" | "ug" => "rtl",
        _ => "ltr",
    }
}

/// Whether `tag` is a language tag guidegen accepts in file names and URLs:
/// lowercase `xx` or `xxx`, then optional `-subtag`s (`pt-br`, `zh-hans`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| {
            (2..=8).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Flags that change the configuration.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub drafts: bool,
}

pub const DEFAULT_HIGHLIGHT_THEME: &str = "InspiredGitHub";
pub const DEFAULT_HIGHLIGHT_THEME_DARK: &str = "base16-ocean.dark";

/// The nearest ancestor of `start` holding `guidegen.toml`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// The JSON Schema of `guidegen.toml`, for editors.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(RawConfig)
}

/// Reads and validates the configuration of the site at `root`.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
    let abs = root.join(CONFIG_FILE);
    if !abs.is_file() {
        return Err(vec![Diagnostic::file(
            Level::Error,
            CONFIG_FILE,
            format!(
                "no {CONFIG_FILE} in {}: run guidegen inside a site, or pass --root",
                root.display()
            ),
        )]);
    }
    let text = SiteBoundary::new(root)
        .read_text(&abs, CONFIG_FILE)
        .map_err(|d| vec![d])?;
    let source = Source {
        path: CONFIG_FILE.into(),
        text,
    };
    let toml = whole_file(&source);
    let raw: RawConfig = toml.parse().map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    let error_at = |span: std::ops::Range<usize>, msg: String| {
        Diagnostic::error_at(CONFIG_FILE, &source.text, span.start, msg)
    };

    let (base_url, base_path) = match overrides.base_url.as_deref() {
        Some(url) => match normalize_base_url(url) {
            Ok(v) => v,
            Err(msg) => {
                diags.push(Diagnostic::file(Level::Error, "--base-url", msg));
                Default::default()
            }
        },
        None => match normalize_base_url(raw.base_url.get_ref()) {
            Ok(v) => v,
            Err(msg) => {
                diags.push(error_at(raw.base_url.span(), msg));
                Default::default()
            }
        },
    };

    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let mut theme_name = |value: Option<Spanned<String>>, default: &str| match value {
        None => default.to_string(),
        Some(v) if themes.themes.contains_key(v.get_ref()) => v.into_inner(),
        Some(v) => {
            let names: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
            diags.push(
                error_at(
                    v.span(),
                    format!(
                        "unknown highlight theme \"{}\"; known: {}",
                        v.get_ref(),
                        names.join(", ")
                    ),
                )
                .with_hint(did_you_mean(v.get_ref(), names.iter().copied())),
            );
            default.to_string()
        }
    };
    let highlight_theme = theme_name(raw.markdown.highlight_theme, DEFAULT_HIGHLIGHT_THEME);
    let highlight_theme_dark = theme_name(
        raw.markdown.highlight_theme_dark,
        DEFAULT_HIGHLIGHT_THEME_DARK,
    );

    let theme = match raw.theme {
        None => "default".to_string(),
        Some(t) => {
            let name = t.get_ref();
            let on_disk = root.join("themes").join(name).join("templates").is_dir();
            if name != "default" && !on_disk {
                diags.push(error_at(
                    t.span(),
                    format!("theme \"{name}\" not found: expected themes/{name}/templates/"),
                ));
            }
            t.into_inner()
        }
    };
    if raw.title.trim().is_empty() {
        diags.push(Diagnostic::error_at(
            CONFIG_FILE,
            &source.text,
            0,
            "`title` must not be empty",
        ));
    }
    if !is_language_tag(&raw.language) {
        diags.push(Diagnostic::error_at(
            CONFIG_FILE,
            &source.text,
            source.text.find("language").unwrap_or(0),
            format!(
                "language \"{}\" is not a lowercase language tag such as \"en\", \"zh\" or \"pt-br\"",
                raw.language
            ),
        ));
    }
    let mut languages = vec![LanguageInfo {
        tag: raw.language.clone(),
        title: raw.title.clone(),
        description: raw.description.clone(),
        dir: direction(&raw.language),
        prefix: String::new(),
    }];
    // In the order guidegen.toml lists them.
    let mut listed: Vec<(String, Spanned<RawLanguage>)> = raw.languages.into_iter().collect();
    listed.sort_by_key(|(_, lang)| lang.span().start);
    for (tag, lang) in listed {
        let span = lang.span();
        let lang = lang.into_inner();
        if tag == raw.language {
            diags.push(error_at(
                span,
                format!("[languages.{tag}] is the default language: its title and description are the top-level ones; remove this table"),
            ));
            continue;
        }
        if !is_language_tag(&tag) {
            diags.push(error_at(
                span,
                format!("[languages.{tag}]: \"{tag}\" is not a lowercase language tag such as \"zh\", \"ar\" or \"pt-br\""),
            ));
            continue;
        }
        languages.push(LanguageInfo {
            title: lang.title.unwrap_or_else(|| raw.title.clone()),
            description: lang.description.unwrap_or_else(|| raw.description.clone()),
            dir: direction(&tag),
            prefix: format!("{tag}/"),
            tag,
        });
    }
    let edit_url = raw.site.edit_url.and_then(|url| {
        let template = url.get_ref();
        let well_formed = (template.starts_with("https://") || template.starts_with("http://"))
            && template.matches("{path}").count() == 1
            && !template.contains(char::is_whitespace);
        if !well_formed {
            diags.push(error_at(
                url.span(),
                format!("edit_url \"{template}\" must be an http(s) URL with `{{path}}` once, where the file's path goes (https://github.com/ORG/REPO/edit/main/{{path}})"),
            ));
        }
        well_formed.then(|| url.into_inner())
    });
    let review_max_age_days = raw.review.max_age_days.and_then(|days| {
        let value = *days.get_ref();
        let fits = u32::try_from(value).ok().filter(|d| *d > 0);
        if fits.is_none() {
            diags.push(error_at(
                days.span(),
                format!("max_age_days must be a number of days above 0, found {value}"),
            ));
        }
        fits
    });
    let mut widths = Vec::new();
    for width in &raw.images.widths {
        let value = *width.get_ref();
        match u32::try_from(value)
            .ok()
            .filter(|w| (16..=8192).contains(w))
        {
            Some(w) => widths.push(w),
            None => diags.push(error_at(
                width.span(),
                format!("an image width must be a number of pixels from 16 to 8192, found {value}"),
            )),
        }
    }
    widths.sort_unstable();
    widths.dedup();
    let images = ImageSettings {
        widths,
        webp: raw.images.webp,
    };
    let boundary = SiteBoundary::new(root).allowing(allowed_folders(
        root,
        raw.allow_outside,
        &source.text,
        &mut diags,
    ));
    if !diags.is_empty() {
        return Err(diags);
    }
    let author = raw.site.author.filter(|a| !a.trim().is_empty());
    Ok(Config {
        boundary,
        edit_url,
        author,
        review_max_age_days,
        images,
        today: crate::base::date::Date::today(),
        languages: Arc::new(languages),
        lang_prefix: String::new(),
        url_root: base_path.clone(),
        root: root.to_path_buf(),
        title: raw.title,
        description: raw.description,
        language: raw.language,
        base_url,
        base_path,
        theme,
        highlight_theme,
        highlight_theme_dark,
        unsafe_html: raw.markdown.unsafe_html,
        autolinks: raw.markdown.autolinks,
        search: raw.search.enabled,
        cards: raw.social.cards,
        drafts: overrides.drafts,
    })
}

/// The real paths of the `allow_outside` folders; a folder that does not
/// exist, or the filesystem root, is an error at its place in the file.
fn allowed_folders(
    root: &Path,
    listed: Vec<Spanned<String>>,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut folders = Vec::new();
    for entry in listed {
        let at = entry.span().start;
        let real = root.join(entry.get_ref()).canonicalize();
        match real {
            Ok(real) if real.parent().is_none() => diags.push(Diagnostic::error_at(
                CONFIG_FILE,
                text,
                at,
                format!(
                    "allow_outside lists \"{}\", the filesystem root: list only the folders the site shares",
                    entry.get_ref()
                ),
            )),
            Ok(real) if real.is_dir() => folders.push(real),
            _ => diags.push(Diagnostic::error_at(
                CONFIG_FILE,
                text,
                at,
                format!(
                    "allow_outside lists \"{}\", which is not a folder (paths are relative to the site root)",
                    entry.get_ref()
                ),
            )),
        }
    }
    folders
}

/// Checks an `http(s)://host/path` URL; returns it with a trailing `/` and its path.
pub fn normalize_base_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url \"{url}\" must start with http:// or https://"))?;
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    let bad = |c: char| c.is_whitespace() || matches!(c, '?' | '#' | '"' | '<' | '>' | '\\');
    if host.is_empty() || url.contains(bad) {
        return Err(format!(
            "base_url \"{url}\" is not a valid URL (expected https://host/optional/path/)"
        ));
    }
    // Empty segments (`/a//b/`) would make every URL of the site contain
    // `//`; `.` and `..` would make it point somewhere else.
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Err(format!(
            "base_url \"{url}\" has a `.` or `..` in its path (expected https://host/optional/path/)"
        ));
    }
    let base_path = if segments.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", segments.join("/"))
    };
    let scheme = &url[..url.len() - rest.len()];
    Ok((format!("{scheme}{host}{base_path}"), base_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_a_trailing_slash_and_keeps_its_sub_path() {
        assert_eq!(
            normalize_base_url("https://x.com").unwrap(),
            ("https://x.com/".into(), "/".into())
        );
        assert_eq!(
            normalize_base_url("http://x.com/guides/en").unwrap(),
            ("http://x.com/guides/en/".into(), "/guides/en/".into())
        );
        assert_eq!(
            normalize_base_url("https://x.com//guides//en//").unwrap(),
            ("https://x.com/guides/en/".into(), "/guides/en/".into())
        );
        assert!(normalize_base_url("https://x.com/a/../b").is_err());
        assert!(normalize_base_url("x.com/").is_err());
        assert!(normalize_base_url("https:///a").is_err());
    }
}
