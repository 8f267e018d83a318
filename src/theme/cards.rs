//! cards: what a theme gives the social cards drawn for each page — the
//! fonts under its `fonts/` folder (the site's `themes/NAME/fonts/`, or
//! the compiled-in default theme's) and its colours, read from the
//! custom properties of its stylesheet's first `:root` rule (`--accent`,
//! `--text` …). Loaded once per build, before any page renders; nothing
//! here draws.

use crate::base::diagnostics::Diagnostic;
use crate::base::fingerprint;
use crate::config::Config;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The colours a card is drawn in, as CSS colours (`#0b57d0`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Palette {
    /// The background, from `--hero-from` to `--hero-to`.
    pub background: (String, String),
    /// The title (`--text`).
    pub text: String,
    /// The site's name and the region (`--muted`).
    pub muted: String,
    /// The band, the mark and the pillar (`--accent`).
    pub accent: String,
    /// Behind the pillar (`--accent-soft`).
    pub accent_soft: String,
    /// The dot of the brand mark (`--brand-dot`).
    pub dot: String,
}

impl Default for Palette {
    /// The default theme's light colours.
    fn default() -> Self {
        Palette {
            background: ("#eef4ff".into(), "#f4fbf8".into()),
            text: "#15202b".into(),
            muted: "#526071".into(),
            accent: "#0b57d0".into(),
            accent_soft: "#e8f0fe".into(),
            dot: "#f59e0b".into(),
        }
    }
}

/// The fonts and colours of the theme's cards.
#[derive(Debug)]
pub struct CardTheme {
    /// Each font file's name and bytes, by name.
    pub fonts: Vec<(String, Arc<Vec<u8>>)>,
    pub palette: Palette,
    /// A hash of every font's bytes and the palette: a card's name changes
    /// when either does.
    pub fingerprint: u64,
}

/// A font file a card can be drawn with.
fn is_font(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The card theme of the site's theme. A theme with no fonts of its own
/// draws with the built-in ones; one whose stylesheet names no colours
/// takes the default theme's.
pub fn load(config: &Config, diags: &mut Vec<Diagnostic>) -> CardTheme {
    let theme_dir = config.root.join("themes").join(&config.theme);
    if !theme_dir.is_dir() {
        return built_in();
    }
    let mut files = BTreeMap::new();
    let fonts = theme_dir.join("fonts");
    if fonts.is_dir() {
        if let Err(mut d) = config.boundary.read_tree(&fonts, &mut files) {
            diags.append(&mut d);
        }
    }
    let style = theme_dir.join("static").join("style.css");
    let path = format!("themes/{}/static/style.css", config.theme);
    let css = style
        .is_file()
        .then(|| config.boundary.read_text(&style, &path).ok())
        .flatten();
    files.retain(|name, _| is_font(name));
    if files.is_empty() {
        files = built_in_fonts();
    }
    let palette = css.as_deref().map(palette).unwrap_or_default();
    card_theme(files, palette)
}

/// The compiled-in default theme's cards.
pub fn built_in() -> CardTheme {
    let css = super::DEFAULT_THEME
        .get_file("static/style.css")
        .and_then(|f| f.contents_utf8());
    card_theme(built_in_fonts(), css.map(palette).unwrap_or_default())
}

fn built_in_fonts() -> BTreeMap<String, Vec<u8>> {
    let dir = super::DEFAULT_THEME.get_dir("fonts");
    dir.iter()
        .flat_map(|d| d.files())
        .map(|file| {
            let name = file.path().file_name().unwrap_or_default();
            (
                name.to_string_lossy().into_owned(),
                file.contents().to_vec(),
            )
        })
        .filter(|(name, _)| is_font(name))
        .collect()
}

fn card_theme(files: BTreeMap<String, Vec<u8>>, palette: Palette) -> CardTheme {
    let fonts: Vec<(String, Arc<Vec<u8>>)> = files
        .into_iter()
        .map(|(name, bytes)| (name, Arc::new(bytes)))
        .collect();
    let mut parts: Vec<&[u8]> = Vec::new();
    for (name, bytes) in &fonts {
        parts.push(name.as_bytes());
        parts.push(bytes);
    }
    let colours = format!("{palette:?}");
    parts.push(colours.as_bytes());
    let fingerprint = fingerprint::key(&parts);
    CardTheme {
        fonts,
        palette,
        fingerprint,
    }
}

/// The card colours a stylesheet's first `:root { … }` rule names; each
/// one it lacks is the default theme's.
pub fn palette(css: &str) -> Palette {
    let rule = css
        .split(":root")
        .nth(1)
        .and_then(|rest| rest.split_once('{'))
        .and_then(|(_, body)| body.split_once('}'))
        .map_or("", |(body, _)| body);
    let var = |name: &str| -> Option<String> {
        rule.split(';').find_map(|decl| {
            let (key, value) = decl.split_once(':')?;
            let key = key.rsplit("*/").next().unwrap_or(key).trim();
            let value = value.trim();
            let plain = value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "#(),. %/".contains(c));
            (key == name && plain && !value.is_empty()).then(|| value.to_string())
        })
    };
    let d = Palette::default();
    Palette {
        background: (
            var("--hero-from").unwrap_or(d.background.0),
            var("--hero-to").unwrap_or(d.background.1),
        ),
        text: var("--text").unwrap_or(d.text),
        muted: var("--muted").unwrap_or(d.muted),
        accent: var("--accent").unwrap_or(d.accent),
        accent_soft: var("--accent-soft").unwrap_or(d.accent_soft),
        dot: var("--brand-dot").unwrap_or(d.dot),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_come_from_the_first_root_rule() {
        let css = "/* x */ :root {\n  /* brand */\n  --accent: #123456;\n  --text: rgb(1 2 3);\n  --muted: url(\"x\");\n}\n:root { --accent: #ffffff; }";
        let p = palette(css);
        assert_eq!(p.accent, "#123456");
        assert_eq!(p.text, "rgb(1 2 3)");
        // Anything that is not a plain colour is left for the default.
        assert_eq!(p.muted, Palette::default().muted);
    }

    #[test]
    fn the_default_themes_colours_are_read() {
        let css = super::super::DEFAULT_THEME
            .get_file("static/style.css")
            .and_then(|f| f.contents_utf8())
            .unwrap();
        assert_eq!(palette(css), Palette::default());
    }
}
