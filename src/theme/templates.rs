//! Loads the Tera templates of a build once: the theme's (from the site's
//! `themes/NAME/`, or the `default` theme compiled into the binary), then the
//! site's own `templates/` overriding them by name. Every template's syntax is
//! checked on its own so that all broken templates are reported at once.

use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::files::SiteBoundary;
use crate::config::Config;
use std::collections::BTreeMap;
use std::path::Path;

/// The templates every theme must have: one per kind of output page.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "regions.html",
    "region.html",
    "region_print.html",
    "region_checklist.html",
    "tags.html",
    "glossary.html",
    "tag.html",
    "pillar.html",
    "playbook.html",
    "case_studies.html",
    "case_study.html",
    "page.html",
    "404.html",
];

/// A template's source and the path users know it by (for diagnostics).
struct TemplateSource {
    path: String,
    text: String,
}

/// The templates of a build, and where each one came from.
pub struct Templates {
    pub tera: tera::Tera,
    sources: BTreeMap<String, TemplateSource>,
    /// A hash of every template's name and source, and of the UI strings.
    pub fingerprint: u64,
    /// The UI strings of every language of the site.
    pub i18n: super::i18n::I18n,
    /// The fonts and colours of social cards; `None` when `[social]
    /// cards` is off.
    pub cards: Option<std::sync::Arc<super::cards::CardTheme>>,
    /// What loading found wrong that does not stop a build (a file skipped
    /// because it leads out of the site).
    pub warnings: Vec<Diagnostic>,
}

impl Templates {
    pub fn path_of(&self, name: &str) -> String {
        self.sources
            .get(name)
            .map(|s| s.path.clone())
            .unwrap_or_else(|| format!("templates/{name}"))
    }

    /// A failure to render `template` as a diagnostic at the line and
    /// column of the expression that failed, in the template where it
    /// failed (Tera says which, and names the expression, but not where it
    /// is: the first place that template uses it is taken).
    pub fn render_error(&self, template: &str, e: &tera::Error) -> Diagnostic {
        let chain = error_chain(e);
        // The innermost template: Tera nests "while rendering 'NAME'".
        let inner = chain
            .rsplit("while rendering '")
            .next()
            .filter(|_| chain.contains("while rendering '"))
            .and_then(|rest| rest.split('\'').next())
            .filter(|name| self.sources.contains_key(*name))
            .unwrap_or(template);
        let detail = render_detail(&chain);
        let path = self.path_of(inner);
        let at = self.sources.get(inner).and_then(|source| {
            let name = detail.split('`').nth(1)?;
            Some((expression_at(&source.text, name)?, source))
        });
        match at {
            Some((offset, source)) => Diagnostic::error_at(
                &path,
                &source.text,
                offset,
                format!("template error: {detail}"),
            ),
            None => Diagnostic::file(Level::Error, &path, format!("template error: {detail}")),
        }
    }
}

/// What went wrong, without Tera's "Failed to render" and "while rendering"
/// framing: `Variable `page.titel` not found in context`.
fn render_detail(chain: &str) -> String {
    let parts: Vec<&str> = chain
        .split(": ")
        .filter(|p| !p.starts_with("Failed to render '"))
        .collect();
    let detail = parts.join(": ");
    let detail = match detail.find(" while rendering '") {
        Some(at) => &detail[..at],
        None => &detail,
    };
    detail.trim().to_string()
}

/// A warning for each template of the site that replaces none of the
/// theme's and that no template extends, includes or imports: most often a
/// misnamed override (`templates/pages.html`), which would be ignored.
fn unused_overrides(
    sources: &BTreeMap<String, TemplateSource>,
    theme_names: &[String],
) -> Vec<Diagnostic> {
    sources
        .iter()
        .filter(|(name, _)| !theme_names.contains(name))
        .filter(|(name, _)| {
            let quoted = [format!("\"{name}\""), format!("'{name}'")];
            !sources
                .values()
                .any(|s| quoted.iter().any(|q| s.text.contains(q.as_str())))
        })
        .map(|(name, source)| {
            let hint = crate::base::diagnostics::did_you_mean(
                name,
                theme_names.iter().map(String::as_str),
            );
            Diagnostic::file(
                Level::Warning,
                &source.path,
                format!("{name} replaces no template of the theme and no template uses it, so it is ignored"),
            )
            .with_hint(hint)
        })
        .collect()
}

/// The first place, inside `{{ … }}` or `{% … %}`, where `name` (a
/// variable, filter or function) stands as a whole word.
fn expression_at(text: &str, name: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let mut from = 0;
    while let Some(found) = text[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before = text[..at].chars().next_back();
        let after = text[from..].chars().next();
        if before.is_some_and(is_word) || after.is_some_and(|c| is_word(c) && c != '.') {
            continue;
        }
        // Inside a tag: the nearest opening is after the nearest closing.
        let open = text[..at].rfind("{{").max(text[..at].rfind("{%"));
        let close = text[..at].rfind("}}").max(text[..at].rfind("%}"));
        if open.is_some() && open > close {
            return Some(at);
        }
    }
    None
}

fn read_templates_dir(
    dir: &Path,
    boundary: &SiteBoundary,
    into: &mut BTreeMap<String, TemplateSource>,
    diags: &mut Vec<Diagnostic>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        if !name.ends_with(".html") || crate::base::files::is_ignored_name(&name) {
            continue;
        }
        let rel = path
            .strip_prefix(boundary.root())
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        match boundary.read_text(&path, &rel) {
            Ok(text) => {
                into.insert(
                    name,
                    TemplateSource {
                        path: rel,
                        text: text.to_string(),
                    },
                );
            }
            Err(d) => diags.push(d),
        }
    }
}

/// Loads and checks every template of the theme and the site.
pub fn load(config: &Config) -> Result<Templates, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, TemplateSource> = BTreeMap::new();
    let mut diags = Vec::new();
    let theme_dir = config
        .root
        .join("themes")
        .join(&config.theme)
        .join("templates");
    if theme_dir.is_dir() {
        read_templates_dir(&theme_dir, &config.boundary, &mut sources, &mut diags);
    } else if let Some(dir) = super::DEFAULT_THEME.get_dir("templates") {
        for file in dir.files() {
            let name = file
                .path()
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if let (true, Some(text)) = (name.ends_with(".html"), file.contents_utf8()) {
                let path = format!("(built-in) themes/default/templates/{name}");
                sources.insert(
                    name,
                    TemplateSource {
                        path,
                        text: text.to_string(),
                    },
                );
            }
        }
    }
    let theme_names: Vec<String> = sources.keys().cloned().collect();
    read_templates_dir(
        &config.root.join("templates"),
        &config.boundary,
        &mut sources,
        &mut diags,
    );
    diags.extend(unused_overrides(&sources, &theme_names));

    let search = config.search.then_some("search.html");
    for name in REQUIRED.iter().copied().chain(search) {
        if !sources.contains_key(name) {
            let theme = format!("themes/{}/templates", config.theme);
            diags.push(Diagnostic::file(
                Level::Error,
                &theme,
                format!("the theme has no template {name}, which guidegen needs"),
            ));
        }
    }
    let mut used = BTreeMap::new();
    for source in sources.values() {
        super::i18n::keys_used(&source.text, &source.path, &mut used);
    }
    let i18n = super::i18n::load(config, &used, &mut diags);
    let cards = config
        .cards
        .then(|| std::sync::Arc::new(super::cards::load(config, &mut diags)));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    // Tera's default also escapes `/` (as `&#x2F;`), which makes every URL
    // in the output unreadable; `/` is safe in HTML text and attributes.
    tera.set_escape_fn(crate::base::html::escape);
    let raw: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, s)| (n.as_str(), s.text.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(raw) {
        // Tera stops at the first broken template: parse each one on its own
        // to report every syntax error, with its line and column.
        let syntax: Vec<Diagnostic> = sources
            .iter()
            .filter_map(|(name, source)| {
                let e = tera::Template::new(name, None, &source.text).err()?;
                Some(template_error(&source.path, Some(&source.text), &e))
            })
            .collect();
        if syntax.is_empty() {
            return Err(vec![Diagnostic::file(
                Level::Error,
                "templates",
                error_chain(&e),
            )]);
        }
        return Err(syntax);
    }
    guard_recursion(&mut tera);
    let strings = i18n.fingerprint().to_le_bytes();
    let fingerprint = crate::base::fingerprint::key(
        &sources
            .iter()
            .flat_map(|(n, s)| [n.as_bytes(), s.text.as_bytes()])
            .chain([strings.as_slice()])
            .collect::<Vec<_>>(),
    );
    Ok(Templates {
        tera,
        sources,
        fingerprint,
        i18n,
        cards,
        warnings: diags,
    })
}

/// The Tera function that stops runaway template recursion.
const STACK_GUARD: &str = "__nesting_guard";

/// Below this much stack left, a macro call or an include is refused.
/// Legitimate nesting (a table of contents three levels deep) uses a small
/// fraction of it; the rendering threads have at least 2 MiB.
const STACK_RESERVE: usize = 512 * 1024;

/// Tera does not bound recursion: a macro that calls itself forever, or a
/// template that includes itself, overflows the stack and aborts the process.
/// So every macro body and every template starts with a call of a function
/// that fails with a clear error when the stack is nearly used up.
fn guard_recursion(tera: &mut tera::Tera) {
    use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
    tera.register_function(STACK_GUARD, |_: &std::collections::HashMap<String, tera::Value>| {
        match stacker::remaining_stack() {
            Some(left) if left < STACK_RESERVE => Err(tera::Error::msg(
                "templates nest too deeply: a macro that calls itself without end, or a template that includes itself",
            )),
            _ => Ok(tera::Value::String(String::new())),
        }
    });
    let guard = || {
        Node::VariableBlock(
            WS::default(),
            Expr::new(ExprVal::FunctionCall(FunctionCall {
                name: STACK_GUARD.to_string(),
                args: Default::default(),
            })),
        )
    };
    for template in tera.templates.values_mut() {
        template.ast.insert(0, guard());
        for mac in template.macros.values_mut() {
            mac.body.insert(0, guard());
        }
    }
}

/// The messages of an error and all its sources, joined.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.dedup();
    parts.join(": ")
}

/// A Tera error as a diagnostic, at the line and column Tera's parser reports
/// in its error chain (` --> LINE:COL`).
pub fn template_error(path: &str, text: Option<&str>, e: &tera::Error) -> Diagnostic {
    let chain = error_chain(e);
    let position = chain.split(" --> ").nth(1).and_then(|rest| {
        let mut nums = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            nums.next()?.parse::<usize>().ok()?,
            nums.next()?.parse::<usize>().ok()?,
        ))
    });
    // Pest puts the human part after "= ".
    let detail = chain
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .map(str::to_string)
        .unwrap_or_else(|| chain.lines().next().unwrap_or_default().to_string());
    match (position, text) {
        (Some((line, col)), Some(text)) => {
            let offset = line_col_offset(text, line, col);
            Diagnostic::error_at(
                path,
                text,
                offset,
                format!("template syntax error: {detail}"),
            )
        }
        _ => Diagnostic::file(Level::Error, path, format!("template error: {chain}")),
    }
}

fn line_col_offset(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = &text[start.min(text.len())..];
    start
        + line_text
            .chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_error_is_placed_at_the_first_use_of_what_it_names() {
        let text =
            "<p>{{ page.title }}</p>\n{% if x %}{{ page.titel | upper }}{% endif %}\npage.titel\n";
        assert_eq!(
            expression_at(text, "page.titel"),
            Some(text.find("page.titel |").unwrap())
        );
        // Whole words inside a tag only: not a longer name, not plain text.
        assert_eq!(
            expression_at("{{ page.titles }} page.title", "page.title"),
            None
        );
        assert_eq!(expression_at("{{ apage.title }}", "page.title"), None);
        assert_eq!(expression_at("{{ page.title.x }}", "page.title"), Some(3));
        assert_eq!(
            render_detail("Failed to render 'playbook.html': Variable `a.b` not found in context while rendering 'playbook.html'"),
            "Variable `a.b` not found in context"
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let text = "<p>\n{% if x %}\n{{ y }\n{% endif %}\n";
        let err = tera::Template::new("t.html", None, text).unwrap_err();
        let d = template_error("templates/t.html", Some(text), &err);
        assert_eq!(d.line, 3, "{}", d.human());
        assert!(
            d.message.starts_with("template syntax error"),
            "{}",
            d.message
        );
    }

    #[test]
    fn the_default_theme_is_embedded() {
        assert!(super::super::DEFAULT_THEME
            .get_file("templates/base.html")
            .is_some());
    }
}
