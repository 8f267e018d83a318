//! render (first half): Markdown to HTML with pulldown-cmark.
//!
//! On top of CommonMark (tables, footnotes, strikethrough, task lists, heading
//! attributes) it assigns GitHub-style heading ids, builds a table of contents,
//! resolves `@/` links and checks their anchors, highlights fenced code, escapes
//! raw HTML (unless `unsafe_html`) and neutralises link targets a browser would
//! run. Every problem is a `Diagnostic` at the right line of the source file.
//! Nothing here reads or writes files.

mod callouts;
mod glossary_marks;
pub mod highlight;
mod ids;
pub mod local_links;
mod tasks;
pub mod url;

pub use self::callouts::{CalloutLabels, LABEL_KEYS as CALLOUT_LABEL_KEYS};
pub use self::glossary_marks::GlossaryMarks;
use self::highlight::Highlighted;
pub use self::ids::github_id;
use self::ids::{events_with_ids, table_of_contents};
pub use self::ids::{headings, TocEntry};
pub use self::tasks::TaskItem;
use self::url::{dangerous_url_message, is_dangerous_url};
use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::packed::Text;
use crate::base::source::{Markdown, Source};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Where `@/` links point, answered by the library.
pub trait LinkTargets: Sync {
    /// The URL of content file `path` (relative to `content/`) and, when
    /// `anchor` is given, that the target has such a heading. An error is a
    /// message and an optional hint.
    fn resolve(&self, path: &str, anchor: Option<&str>)
        -> Result<String, (String, Option<String>)>;

    /// The URL of the page that publishes content file `path` (as in
    /// `Source::path`), for links relative to it.
    fn page_url(&self, _path: &str) -> Option<String> {
        None
    }

    /// The site's base path (`/`, `/sea/`): root-relative links go under it.
    fn base_path(&self) -> &str {
        "/"
    }
}

/// The HTML of one Markdown document, and what was found while rendering it.
#[derive(Debug, Default, Clone)]
pub struct RenderedDoc {
    /// Packed (`Text::pack`) by a one-shot build, which keeps every
    /// document until the last page that embeds it is written.
    pub html: Text,
    pub toc: Vec<TocEntry>,
    /// Its task-list items, for a region's readiness checklist.
    pub tasks: Vec<TaskItem>,
    pub diagnostics: Vec<Diagnostic>,
    /// Links and images inside the site not written with `@/`, to check
    /// against the files the build writes.
    pub local_links: Vec<local_links::LocalLink>,
}

/// Markdown rendering settings shared by every document of a build.
pub struct Renderer<'a> {
    pub unsafe_html: bool,
    pub links: &'a dyn LinkTargets,
    /// What callouts are called in the document's language.
    pub callout_labels: &'a CalloutLabels,
    /// The glossary terms to mark at their first use, if the site has any.
    pub glossary: Option<&'a GlossaryMarks>,
}

impl Renderer<'_> {
    /// Renders one document held in `source`.
    pub fn render(&self, md: &Markdown, source: &Source) -> RenderedDoc {
        let (events, headings, repeated) = events_with_ids(md.text());
        let (events, unknown_callouts) = callouts::callouts(events, md.text());
        let mut diags = Vec::new();
        let diag = |range: &Range<usize>, level: Level, msg: String| {
            md.diagnostic(source, level, range.start, msg)
        };
        for unknown in unknown_callouts {
            diags.push(diag(&unknown.at, Level::Warning, unknown.message));
        }
        // Two headings with one `{#id}`: links to it could reach only one.
        for (id, range) in &repeated {
            diags.push(diag(
                range,
                Level::Error,
                format!(
                    "duplicate heading id \"{id}\": an earlier heading of this document has it"
                ),
            ));
        }

        // Footnotes are numbered in the order they are first referenced.
        let mut footnote_numbers: HashMap<String, usize> = HashMap::new();
        for (event, _) in &events {
            if let Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) =
                event
            {
                let next = footnote_numbers.len() + 1;
                footnote_numbers.entry(label.to_string()).or_insert(next);
            }
        }
        let own_ids: HashSet<String> = headings
            .iter()
            .map(|h| h.id.clone())
            .chain(
                footnote_numbers
                    .keys()
                    .flat_map(|l| [footnote_id(l), format!("fnref-{}", github_id(l))]),
            )
            .collect();

        let mut out: Vec<Event> = Vec::with_capacity(events.len());
        let mut code: Option<(String, String, Range<usize>)> = None;
        let mut in_html_block = false;
        // Glossary terms are marked once per document, outside links,
        // images and headings (`inside` counts how deep in those we are).
        let page_url = self.links.page_url(&source.path);
        let mut local = Vec::new();
        let mut glossary_used = vec![false; self.glossary.map_or(0, |g| g.terms.len())];
        let mut inside = 0usize;
        for (event, range) in events {
            match &event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. }) => {
                    inside += 1
                }
                Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_)) => {
                    inside = inside.saturating_sub(1)
                }
                _ => {}
            }
            if let Some((_, text, _)) = code.as_mut() {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, text, start) = code.take().unwrap_or_default();
                        match highlight::code_block(&lang, &text) {
                            Highlighted::Html(html) => out.push(Event::Html(html.into())),
                            Highlighted::UnknownLanguage(html) => {
                                diags.push(diag(
                                    &start,
                                    Level::Warning,
                                    format!("unknown code block language \"{lang}\"; rendered without highlighting"),
                                ));
                                out.push(Event::Html(html.into()));
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                            .next()
                            .unwrap_or("")
                            .to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new(), range));
                }
                // `## Title {onclick=…}`: custom heading attributes are raw
                // HTML attributes, so they are dropped unless `unsafe_html`.
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) if !self.unsafe_html && !attrs.is_empty() => {
                    let names: Vec<String> = attrs.iter().map(|(k, _)| k.to_string()).collect();
                    diags.push(diag(
                        &range,
                        Level::Warning,
                        format!(
                            "heading attribute{} {} removed: attributes other than {{#id}} and {{.class}} need `unsafe_html = true`",
                            if names.len() > 1 { "s" } else { "" },
                            names
                                .iter()
                                .map(|n| format!("`{}`", n.chars().take(40).collect::<String>()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                    out.push(Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs: Vec::new(),
                    }));
                }
                Event::Start(Tag::HtmlBlock) if !self.unsafe_html => {
                    in_html_block = true;
                    out.push(Event::Start(Tag::Paragraph));
                }
                Event::End(TagEnd::HtmlBlock) if !self.unsafe_html => {
                    in_html_block = false;
                    out.push(Event::End(TagEnd::Paragraph));
                }
                Event::Html(html) | Event::InlineHtml(html) if !self.unsafe_html => {
                    let text = if in_html_block {
                        html.trim_end_matches('\n').to_string()
                    } else {
                        html.to_string()
                    };
                    out.push(Event::Text(text.into()));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest =
                        self.link_target(&dest_url, false, &own_ids, &range, &mut diags, &diag);
                    let dest = self.local_link(
                        &dest_url,
                        dest,
                        false,
                        page_url.as_deref(),
                        &range,
                        &mut local,
                        &diag,
                    );
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest =
                        self.link_target(&dest_url, true, &own_ids, &range, &mut diags, &diag);
                    let dest = self.local_link(
                        &dest_url,
                        dest,
                        true,
                        page_url.as_deref(),
                        &range,
                        &mut local,
                        &diag,
                    );
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
                }
                Event::FootnoteReference(label) => {
                    let n = footnote_numbers.get(label.as_ref()).copied().unwrap_or(0);
                    let id = github_id(&label);
                    out.push(Event::Html(
                        format!("<sup class=\"footnote-ref\" id=\"fnref-{id}\"><a href=\"#fn-{id}\">{n}</a></sup>").into(),
                    ));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let n = footnote_numbers.get(label.as_ref()).copied().unwrap_or(0);
                    out.push(Event::Html(
                        format!(
                            "<div class=\"footnote-definition\" id=\"{}\"><span class=\"footnote-label\">{n}</span>",
                            footnote_id(&label)
                        )
                        .into(),
                    ));
                }
                Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>\n".into())),
                Event::Text(text) if inside == 0 && self.glossary.is_some() => {
                    if let Some(marks) = self.glossary {
                        glossary_marks::mark_text(text, marks, &mut glossary_used, &mut out);
                    }
                }
                other => out.push(other),
            }
        }
        let title = |id: &str| {
            let heading = headings.iter().find(|h| h.id == id);
            heading.map(|h| h.title.clone()).unwrap_or_default()
        };
        let tasks = tasks::task_items(&out, &title);
        let out = callouts::to_html(out, self.callout_labels);
        let mut html = String::with_capacity(md.text().len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        RenderedDoc {
            html: html.into(),
            toc: table_of_contents(&headings),
            tasks,
            diagnostics: diags,
            local_links: local,
        }
    }

    /// A link that stays in the site without `@/` made absolute under the
    /// base path, and kept for the check against the built files.
    #[allow(clippy::too_many_arguments)]
    fn local_link(
        &self,
        written: &str,
        dest: String,
        image: bool,
        page_url: Option<&str>,
        range: &Range<usize>,
        local: &mut Vec<local_links::LocalLink>,
        diag: &dyn Fn(&Range<usize>, Level, String) -> Diagnostic,
    ) -> String {
        if written.starts_with("@/") || dest == "#" || !local_links::is_local(&dest) {
            return dest;
        }
        let Some(url) = local_links::absolute(&dest, page_url, self.links.base_path()) else {
            return dest;
        };
        local.push(local_links::LocalLink {
            url: url.clone(),
            image,
            at: diag(range, Level::Error, String::new()),
        });
        url
    }

    /// The URL a link or image should point to, reporting broken `@/` links.
    fn link_target(
        &self,
        dest: &str,
        image: bool,
        own_ids: &HashSet<String>,
        range: &Range<usize>,
        diags: &mut Vec<Diagnostic>,
        diag: &dyn Fn(&Range<usize>, Level, String) -> Diagnostic,
    ) -> String {
        if let Some(target) = dest.strip_prefix("@/") {
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target, None),
            };
            return match self.links.resolve(path, anchor) {
                Ok(url) => url,
                Err((message, hint)) => {
                    diags.push(diag(range, Level::Error, message).with_hint(hint));
                    "#".to_string()
                }
            };
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            if !anchor.is_empty() && !own_ids.contains(anchor) {
                let hint = crate::base::diagnostics::did_you_mean(
                    anchor,
                    own_ids.iter().map(String::as_str),
                );
                diags.push(
                    diag(
                        range,
                        Level::Error,
                        format!("no heading with id \"{anchor}\" in this document"),
                    )
                    .with_hint(hint),
                );
            }
            return dest.to_string();
        }
        if !self.unsafe_html && is_dangerous_url(dest, image) {
            diags.push(diag(range, Level::Warning, dangerous_url_message(dest)));
            return "#".to_string();
        }
        dest.to_string()
    }
}

fn footnote_id(label: &str) -> String {
    format!("fn-{}", github_id(label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    struct NoLinks;
    impl LinkTargets for NoLinks {
        fn resolve(
            &self,
            path: &str,
            anchor: Option<&str>,
        ) -> Result<String, (String, Option<String>)> {
            match (path, anchor) {
                ("playbooks/a.md", None | Some("ok")) => Ok(format!(
                    "/playbooks/a/{}",
                    anchor.map_or(String::new(), |a| format!("#{a}"))
                )),
                ("playbooks/a.md", Some(a)) => Err((format!("no anchor {a}"), None)),
                _ => Err((
                    format!("no file {path}"),
                    Some("did you mean \"playbooks/a.md\"?".into()),
                )),
            }
        }
    }

    fn render(md: &str, unsafe_html: bool) -> RenderedDoc {
        let source = Source {
            path: "content/x.md".into(),
            text: Arc::from(format!("+++\n+++\n{md}")),
        };
        let markdown = Markdown::verbatim(md, 8);
        Renderer {
            unsafe_html,
            links: &NoLinks,
            callout_labels: &CalloutLabels::default(),
            glossary: None,
        }
        .render(&markdown, &source)
    }

    #[test]
    fn github_style_ids_with_duplicates_and_custom_ids() {
        let h = headings("## Residency options\n## Residency options\n## Why? (really)\n## Custom {#mine}\n### `code` & more\n");
        let ids: Vec<_> = h.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "residency-options",
                "residency-options-1",
                "why-really",
                "mine",
                "code--more"
            ]
        );
    }

    #[test]
    fn a_repeated_explicit_heading_id_is_an_error_at_its_line() {
        let r = render("## A {#x}\n\n## B {#x}\n", false);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(r.diagnostics[0].line, 5);
        assert!(r.diagnostics[0]
            .message
            .contains("duplicate heading id \"x\""));
    }

    #[test]
    fn custom_heading_attributes_are_dropped_unless_unsafe() {
        let md = "## Title {#t .c onclick=alert(1) style=x}\n";
        let safe = render(md, false);
        assert!(
            safe.html.get().starts_with("<h2 id=\"t\" class=\"c\">"),
            "{}",
            safe.html.get()
        );
        assert_eq!(safe.diagnostics.len(), 1);
        assert_eq!(safe.diagnostics[0].level, Level::Warning);
        assert!(safe.diagnostics[0]
            .message
            .contains("`onclick`, `style` removed"));
        let raw = render(md, true);
        assert!(
            raw.html.get().contains("onclick=\"alert(1)\""),
            "{}",
            raw.html.get()
        );
    }

    #[test]
    fn toc_nests_by_level() {
        let toc = table_of_contents(&headings("# T\n## A\n### A1\n## B\n"));
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].id, "a1");
    }

    #[test]
    fn extensions_render() {
        let r = render(
            "|a|b|\n|-|-|\n|1|2|\n\n~~x~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: Foot.\n",
            false,
        );
        assert!(r.html.get().contains("<table>"));
        assert!(r.html.get().contains("<del>x</del>"));
        assert!(r.html.get().contains("type=\"checkbox\""));
        assert!(r.html.get().contains("href=\"#fn-1\""));
        assert!(r.html.get().contains("id=\"fn-1\""));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn task_items_keep_their_text_section_and_state() {
        let r = render(
            "Intro\n\n- [ ] Before any heading\n\n## Set up {#setup}\n\n- [x] Read [the law](https://example.org/) *first*\n- [ ] Pick a region\n  - [ ] Nested one\n  - not a task\n\n## Other\n\n- plain item\n",
            false,
        );
        let items: Vec<(&str, &str, &str, bool)> = r
            .tasks
            .iter()
            .map(|t| {
                (
                    t.html.as_str(),
                    t.section_id.as_str(),
                    t.section_title.as_str(),
                    t.done,
                )
            })
            .collect();
        assert_eq!(
            items,
            [
                ("Before any heading", "", "", false),
                (
                    "Read <a href=\"https://example.org/\">the law</a> <em>first</em>",
                    "setup",
                    "Set up",
                    true
                ),
                ("Pick a region", "setup", "Set up", false),
                ("Nested one", "setup", "Set up", false),
            ]
        );
    }

    #[test]
    fn raw_html_is_escaped_unless_unsafe() {
        let md = "<script>alert(1)</script>\n\nInline <b>bold</b>.\n";
        let safe = render(md, false);
        assert!(!safe.html.get().contains("<script>"), "{}", safe.html.get());
        assert!(safe.html.get().contains("&lt;script&gt;"));
        assert!(safe.html.get().contains("&lt;b&gt;"));
        let raw = render(md, true);
        assert!(raw.html.get().contains("<script>"));
    }

    #[test]
    fn dangerous_link_targets_are_neutralised() {
        let r = render(
            "[x](javascript:alert(1)) [y]( JAVASCRIPT:a) ![i](data:text/html,<b>)\n",
            false,
        );
        assert!(
            !r.html.get().to_lowercase().contains("javascript:"),
            "{}",
            r.html.get()
        );
        assert!(!r.html.get().contains("data:text/html"));
        assert_eq!(r.diagnostics.len(), 3);
    }

    #[test]
    fn at_links_resolve_and_broken_ones_are_errors_at_their_line() {
        let r = render(
            "intro\n\n[a](@/playbooks/a.md#ok) [b](@/playbooks/a.md#nope)\n[c](@/nothing.md)\n",
            false,
        );
        assert!(r.html.get().contains("href=\"/playbooks/a/#ok\""));
        let lines: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(lines, [(5, "no anchor nope"), (6, "no file nothing.md")]);
    }

    #[test]
    fn local_anchor_links_are_checked() {
        let r = render("## Here\n\n[ok](#here) [bad](#there)\n", false);
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0].message.contains("\"there\""));
    }

    #[test]
    fn code_blocks_are_highlighted_and_unknown_languages_warn() {
        let r = render("```yaml\na: 1\n```\n\n```klingon\nx\n```\n", false);
        assert!(r.html.get().contains("data-lang=\"yaml\""));
        assert!(r.html.get().contains("hl-"));
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].level, Level::Warning);
        assert_eq!(r.diagnostics[0].line, 7);
    }
}
