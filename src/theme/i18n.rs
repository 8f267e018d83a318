//! i18n: the UI strings of a theme, one TOML file per language
//! (`themes/NAME/i18n/LANG.toml`; a site's own `i18n/LANG.toml` overrides
//! keys of it, as `templates/` overrides templates). Templates read them as
//! `{{ i18n.KEY }}`; the engine uses a few itself (breadcrumbs, page titles,
//! dates). Every key a template uses, and every key the engine needs, must
//! be in every language's file: a missing key is an error naming the key,
//! the file and the template that uses it, found before any page renders.

use super::DEFAULT_THEME;
use crate::base::date::Date;
use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::files::SiteBoundary;
use crate::base::source::Source;
use crate::config::Config;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The keys the engine itself reads, besides those the templates use.
pub const ENGINE_KEYS: &[&str] = &[
    "home",
    "regions",
    "case_studies",
    "search",
    "page_not_found",
    "region_guide_title",
    "print_title",
    "checklist_title",
    "checklist",
    "tags",
    "tag_title",
    "print",
    "kind_playbook",
    "kind_pillar",
    "kind_region_guide",
    "kind_case_study",
    "kind_page",
    "chart_title",
    "date_format",
    "language_name",
    "fallback_notice",
    "callout_note",
    "callout_tip",
    "callout_important",
    "callout_warning",
    "callout_caution",
    "glossary",
    "task_done",
    "task_todo",
    "footnote_backref",
];

#[derive(Deserialize)]
struct RawStrings {
    #[serde(default)]
    months: Option<Vec<String>>,
    #[serde(default)]
    language_names: BTreeMap<String, String>,
    #[serde(flatten)]
    strings: BTreeMap<String, String>,
}

/// The UI strings of one language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// The language these strings are in.
    lang: String,
    table: BTreeMap<String, String>,
    months: Vec<String>,
    language_names: BTreeMap<String, String>,
}

impl Strings {
    /// The string of `key`; the key itself if it is missing (never after
    /// `load` checked the engine's keys).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.table.get(key).map_or(key, String::as_str)
    }

    /// The string of `key` with `{name}` placeholders filled in.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut out = self.get(key).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// Every string, for templates.
    pub fn table(&self) -> &BTreeMap<String, String> {
        &self.table
    }

    /// A date as this language writes it (`date_format`, `months`).
    pub fn date(&self, d: &Date) -> String {
        let month = self
            .months
            .get(usize::from(d.month).saturating_sub(1))
            .cloned()
            .unwrap_or_default();
        self.format(
            "date_format",
            &[
                ("day", &d.day.to_string()),
                ("month", &month),
                ("month_number", &d.month.to_string()),
                ("year", &d.year.to_string()),
            ],
        )
    }

    /// The name of a language (a region's `languages` tag) in this language;
    /// a tag it has no name for stays a tag.
    pub fn language_name(&self, tag: &str) -> String {
        let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
        let named = self.language_names.get(&primary).cloned();
        let Some(name) = named.or_else(|| known_name(&primary, &self.lang)) else {
            return tag.to_string();
        };
        match tag.split_once('-') {
            Some((_, region)) => format!("{name} ({region})"),
            None => name.clone(),
        }
    }
}

/// The name of the language `primary` (an ISO 639 code) for readers of
/// `reader`: in English for an English page, else in its own language
/// ("Tiếng Việt"), as the ISO 639 tables have them.
fn known_name(primary: &str, reader: &str) -> Option<String> {
    let lang = isolang::Language::from_639_1(primary)
        .or_else(|| isolang::Language::from_639_3(primary))?;
    let english = reader.split('-').next() == Some("en");
    // Where the tables' autonym is not what speakers call the language.
    let usual = match primary {
        "id" | "ind" => Some("Bahasa Indonesia"),
        "ms" | "msa" | "zsm" => Some("Bahasa Melayu"),
        _ => None,
    };
    let name = match usual.or(lang.to_autonym()) {
        Some(own) if !english => own,
        _ => lang.to_name(),
    };
    Some(name.to_string())
}

/// The UI strings of every language of a build.
#[derive(Debug, Clone, Default)]
pub struct I18n {
    by_lang: BTreeMap<String, Strings>,
}

impl I18n {
    /// The strings of `lang`; those of any loaded language if it has none
    /// (only when a caller renders without loading, as tests may).
    pub fn strings(&self, lang: &str) -> &Strings {
        static EMPTY: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        self.by_lang
            .get(lang)
            .or_else(|| self.by_lang.values().next())
            .unwrap_or_else(|| EMPTY.get_or_init(Strings::default))
    }

    /// A hash of every string: pages depend on them like on templates.
    pub fn fingerprint(&self) -> u64 {
        let mut parts: Vec<Vec<u8>> = Vec::new();
        for (lang, s) in &self.by_lang {
            parts.push(lang.as_bytes().to_vec());
            for (k, v) in s.table.iter().chain(&s.language_names) {
                parts.push(k.as_bytes().to_vec());
                parts.push(v.as_bytes().to_vec());
            }
            parts.extend(s.months.iter().map(|m| m.as_bytes().to_vec()));
        }
        crate::base::fingerprint::key(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>())
    }
}

/// A file's text, from the disk or from the compiled-in default theme.
fn read(
    boundary: &SiteBoundary,
    rel: &str,
    embedded: Option<&str>,
) -> Option<Result<Source, Diagnostic>> {
    let abs = boundary.root().join(rel);
    if abs.is_file() {
        return Some(boundary.read_text(&abs, rel).map(|text| Source {
            path: rel.to_string(),
            text,
        }));
    }
    let embedded = embedded?;
    let file = DEFAULT_THEME.get_file(embedded)?;
    let text = std::str::from_utf8(file.contents()).ok()?;
    Some(Ok(Source {
        path: rel.to_string(),
        text: text.into(),
    }))
}

fn parse(source: &Source, diags: &mut Vec<Diagnostic>) -> Option<RawStrings> {
    let toml = crate::base::toml_in::whole_file(source);
    match toml.parse::<RawStrings>() {
        Ok(raw) => Some(raw),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Loads the strings of every language of `config`, and checks that each
/// has every key in `used` (key → the template that uses it) and every key
/// the engine needs; what is wrong goes to `diags` (a file skipped because
/// it leads out of the site is a warning, the rest errors).
pub fn load(config: &Config, used: &BTreeMap<String, String>, diags: &mut Vec<Diagnostic>) -> I18n {
    let root = &config.root;
    let theme = &config.theme;
    let theme_dir = root.join("themes").join(theme);
    // A theme on disk without an i18n/ folder (written before guidegen had
    // languages) gets the default theme's strings.
    let embedded_fallback = !theme_dir.join("i18n").is_dir();
    let mut by_lang = BTreeMap::new();
    for lang in config.languages.iter() {
        let tag = &lang.tag;
        let theme_file = format!("themes/{theme}/i18n/{tag}.toml");
        let embedded = format!("i18n/{tag}.toml");
        let base = read(
            &config.boundary,
            &theme_file,
            embedded_fallback.then_some(embedded.as_str()),
        );
        let site_file = format!("i18n/{tag}.toml");
        let over = read(&config.boundary, &site_file, None);
        let mut strings = Strings {
            lang: tag.clone(),
            ..Strings::default()
        };
        let mut found = false;
        for source in [base, over].into_iter().flatten() {
            let source = match source {
                Ok(s) => s,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            found = true;
            let Some(raw) = parse(&source, diags) else {
                continue;
            };
            strings.table.extend(raw.strings);
            strings.language_names.extend(raw.language_names);
            if let Some(months) = raw.months {
                if months.len() != 12 {
                    diags.push(Diagnostic::file(
                        Level::Error,
                        &source.path,
                        format!("`months` has {} names; it needs 12", months.len()),
                    ));
                }
                strings.months = months;
            }
        }
        if !found {
            diags.push(Diagnostic::file(
                Level::Error,
                &theme_file,
                format!("no UI strings for the language \"{tag}\": add {theme_file} (or {site_file}) with the keys of the theme's other languages"),
            ));
            continue;
        }
        let engine = ENGINE_KEYS
            .iter()
            .map(|k| (k.to_string(), "guidegen itself".to_string()));
        let mut missing: BTreeMap<String, String> = BTreeMap::new();
        for (key, user) in used.clone().into_iter().chain(engine) {
            if !strings.table.contains_key(&key) {
                missing.entry(key).or_insert(user);
            }
        }
        for (key, user) in missing {
            diags.push(Diagnostic::file(
                Level::Error,
                &theme_file,
                format!("missing key `{key}` (used by {user})"),
            ));
        }
        if strings.months.is_empty() {
            diags.push(Diagnostic::file(
                Level::Error,
                &theme_file,
                "missing key `months` (12 month names, used by guidegen itself for dates)",
            ));
        }
        by_lang.insert(tag.clone(), strings);
    }
    I18n { by_lang }
}

/// The i18n keys a template uses (`i18n.KEY`), each with the template.
pub fn keys_used(text: &str, path: &str, into: &mut BTreeMap<String, String>) {
    let mut rest = text;
    while let Some(at) = rest.find("i18n.") {
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        let after = &rest[at + 5..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if before_ok && len > 0 {
            into.entry(after[..len].to_string())
                .or_insert_with(|| path.to_string());
        }
        rest = &after[len..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_keys_a_template_uses() {
        let mut keys = BTreeMap::new();
        keys_used(
            "{{ i18n.home }} {% if x %}{{ i18n.search_placeholder | upper }}{% endif %} my_i18n.no",
            "templates/base.html",
            &mut keys,
        );
        assert_eq!(
            keys.keys().collect::<Vec<_>>(),
            ["home", "search_placeholder"]
        );
    }

    #[test]
    fn a_language_the_strings_do_not_name_still_gets_its_name() {
        let strings = |lang: &str| Strings {
            lang: lang.into(),
            language_names: [("ar".to_string(), "阿拉伯语".to_string())].into(),
            ..Strings::default()
        };
        assert_eq!(strings("zh").language_name("ar"), "阿拉伯语");
        assert_eq!(strings("en").language_name("vi"), "Vietnamese");
        assert_eq!(strings("zh").language_name("vi"), "Tiếng Việt");
        assert_eq!(
            strings("ar").language_name("id-ID"),
            "Bahasa Indonesia (ID)"
        );
        assert_eq!(strings("en").language_name("qqx"), "qqx");
    }

    #[test]
    fn dates_follow_the_language() {
        let s = Strings {
            table: [(
                "date_format".to_string(),
                "{year}年{month_number}月{day}日".to_string(),
            )]
            .into(),
            months: (1..=12).map(|m| format!("{m}月")).collect(),
            ..Strings::default()
        };
        let d = Date {
            year: 2025,
            month: 12,
            day: 2,
        };
        assert_eq!(s.date(&d), "2025年12月2日");
    }
}
