//! render (first half): Markdown to HTML with pulldown-cmark.
//!
//! On top of CommonMark (tables, footnotes, strikethrough, task lists, heading
//! attributes) it assigns GitHub-style heading ids, builds a table of contents,
//! resolves `@/` links and checks their anchors, highlights fenced code, escapes
//! raw HTML (unless `unsafe_html`) and neutralises link targets a browser would
//! run. Every problem is a `Diagnostic` at the right line of the source file.
//! Nothing here reads or writes files.

mod autolink;
mod callouts;
mod footnotes;
pub mod highlight;
mod ids;
mod raw_html;
mod tasks;
pub mod url;

pub use self::callouts::{CalloutLabels, LABEL_KEYS as CALLOUT_LABEL_KEYS};
use self::footnotes::{FootnoteHtml, Footnotes};
pub use self::footnotes::{
    BACKREF_DEFAULT as FOOTNOTE_BACKREF_DEFAULT, BACKREF_KEY as FOOTNOTE_BACKREF_KEY,
};
use self::highlight::Highlighted;
// The fuzz harness checks ids made from arbitrary text.
#[allow(unused_imports)]
pub use self::ids::github_id;
use self::ids::{events_with_ids, table_of_contents};
pub use self::ids::{headings, TocEntry};
pub use self::tasks::TaskItem;
use self::url::{dangerous_url_message, is_dangerous_url};
use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::packed::Text;
use crate::base::source::{Markdown, Source};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

/// Where `@/` links point, answered by the library.
pub trait LinkTargets: Sync {
    /// The URL of content file `path` (relative to `content/`) and, when
    /// `anchor` is given, that the target has such a heading. An error is a
    /// message and an optional hint.
    fn resolve(&self, path: &str, anchor: Option<&str>)
        -> Result<String, (String, Option<String>)>;
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
}

/// Markdown rendering settings shared by every document of a build.
pub struct Renderer<'a> {
    pub unsafe_html: bool,
    /// GFM's extended autolinks (`www.…`, `https://…`, e-mail addresses).
    pub autolinks: bool,
    pub links: &'a dyn LinkTargets,
    /// Ids the page around the document uses; no heading takes one.
    pub reserved_ids: &'a HashSet<String>,
    /// What callouts are called in the document's language.
    pub callout_labels: &'a CalloutLabels,
    /// A footnote's back-link label, `{n}` standing for the reference
    /// (`Back to reference {n}`), in the document's language.
    pub footnote_backref: &'a str,
}

impl Renderer<'_> {
    /// Renders one document held in `source`.
    pub fn render(&self, md: &Markdown, source: &Source) -> RenderedDoc {
        let (events, headings, repeated) = events_with_ids(md.text(), self.reserved_ids);
        let (events, unknown_callouts) = callouts::callouts(events, md.text());
        let (events, shown) = raw_html::raw_html(events, self.unsafe_html);
        let events = autolink::merge_text(events);
        let events = if self.autolinks {
            autolink::autolinks(events)
        } else {
            events
        };
        let mut diags = Vec::new();
        let at = |range: &Range<usize>| md.file_offset(range.start);
        let diag = |range: &Range<usize>, level: Level, msg: String| {
            Diagnostic::at(level, &source.path, &source.text, at(range), msg)
        };
        for unknown in unknown_callouts {
            diags.push(diag(&unknown.at, Level::Warning, unknown.message));
        }
        // One warning a line: `<b>x</b>` is one mistake, not two.
        let mut shown_line = 0;
        for raw in shown {
            let d = diag(&raw.at, Level::Warning, raw.message);
            if d.line != shown_line {
                shown_line = d.line;
                diags.push(d);
            }
        }
        // Two headings with one `{#id}`: links to it could reach only one.
        for (id, range) in &repeated {
            let message = if self.reserved_ids.contains(id) {
                format!("heading id \"{id}\" is one the page template gives its own element; choose another")
            } else {
                format!("duplicate heading id \"{id}\": an earlier heading of this document has it")
            };
            diags.push(diag(range, Level::Error, message));
        }

        let notes = Footnotes::collect(&events);
        let own_ids: HashSet<String> = headings
            .iter()
            .map(|h| h.id.clone())
            .chain(notes.ids())
            .collect();
        let mut in_code = false;
        for (event, range) in &events {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(text) if !in_code => {
                    for (offset, label) in notes.undefined_in(text) {
                        let start = (range.start + offset).min(range.end);
                        diags.push(diag(
                            &(start..start),
                            Level::Warning,
                            format!("footnote [^{label}] is not defined; it is shown as written"),
                        ));
                    }
                }
                _ => {}
            }
        }

        let mut out: Vec<Event> = Vec::with_capacity(events.len());
        let mut footnotes = FootnoteHtml::new(&notes, self.footnote_backref);
        let mut code: Option<(String, String, Range<usize>)> = None;
        for (event, range) in events {
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
            let Some(event) = footnotes.handle(event, &mut out) else {
                continue;
            };
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
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest =
                        self.link_target(&dest_url, false, &own_ids, &range, &mut diags, &diag);
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
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
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
        }
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
                Some((p, a)) => (p, Some(decoded(a))),
                None => (target, None),
            };
            return match self.links.resolve(path, anchor.as_deref()) {
                Ok(url) => url,
                Err((message, hint)) => {
                    diags.push(diag(range, Level::Error, message).with_hint(hint));
                    "#".to_string()
                }
            };
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            // Browsers and editors copy a link percent-encoded.
            let anchor = decoded(anchor);
            if !anchor.is_empty() && !own_ids.contains(anchor.as_str()) {
                let hint = crate::base::diagnostics::did_you_mean(
                    &anchor,
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

/// An anchor as the id it names: percent-decoded (`%D8%A7` is `ا`), or as
/// written when that is not UTF-8.
fn decoded(anchor: &str) -> String {
    percent_encoding::percent_decode_str(anchor)
        .decode_utf8()
        .map_or_else(|_| anchor.to_string(), |a| a.into_owned())
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
        let reserved: HashSet<String> = ["main".to_string(), "compliance".to_string()].into();
        Renderer {
            unsafe_html,
            autolinks: true,
            links: &NoLinks,
            reserved_ids: &reserved,
            callout_labels: &CalloutLabels::default(),
            footnote_backref: FOOTNOTE_BACKREF_DEFAULT,
        }
        .render(&markdown, &source)
    }

    fn parsed(r: &RenderedDoc) -> String {
        r.html.get().to_string()
    }

    #[test]
    fn github_style_ids_with_duplicates_and_custom_ids() {
        let h = headings("## Residency options\n## Residency options\n## Why? (really)\n## Custom {#mine}\n### `code` & more\n", &HashSet::new());
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
        let toc = table_of_contents(&headings("# T\n## A\n### A1\n## B\n", &HashSet::new()));
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
        assert!(r.html.get().contains("href=\"#fn:1\""));
        assert!(r.html.get().contains("id=\"fn:1\""));
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
        assert!(raw.html.get().contains("<b>bold</b>"), "{}", raw.html.get());
        // GFM's tag filter: a `<script>` stays inert even then.
        assert!(
            raw.html.get().contains("&lt;script>alert(1)&lt;/script>"),
            "{}",
            raw.html.get()
        );
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

    #[test]
    fn html_comments_never_reach_the_reader_and_raise_no_warning() {
        let r = render("<!-- TODO: confirm with legal -->\n\nText <!-- inline note --> here.\n\n<!-- a\n\nb -->\n", false);
        assert!(!parsed(&r).contains("TODO"), "{}", parsed(&r));
        assert!(!parsed(&r).contains("inline note"), "{}", parsed(&r));
        assert!(!parsed(&r).contains("&lt;!--"), "{}", parsed(&r));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn escaped_html_blocks_keep_their_line_breaks_and_warn_at_their_line() {
        let r = render(
            "Intro\n\n<div>\n*hello*\n         <foo><a>\n</div>\n",
            false,
        );
        assert_eq!(
            parsed(&r),
            "<p>Intro</p>\n<p class=\"raw-html\">&lt;div&gt;\n*hello*\n         &lt;foo&gt;&lt;a&gt;\n&lt;/div&gt;</p>\n"
        );
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (5, 1));
        assert_eq!(r.diagnostics[0].level, Level::Warning);
        assert!(r.diagnostics[0]
            .message
            .contains("`<div>` is shown as text"));
        let script = render("<script>\n// JavaScript example\n\ndocument.getElementById(\"demo\")\n</script>\nokay\n", false);
        assert!(
            parsed(&script).contains("// JavaScript example\n\ndocument"),
            "{}",
            parsed(&script)
        );
    }

    #[test]
    fn an_escaped_html_block_in_a_tight_list_gets_no_paragraph() {
        let r = render("- <div>\n- foo\n", false);
        assert_eq!(
            parsed(&r),
            "<ul>\n<li>&lt;div&gt;\n</li>\n<li>foo</li>\n</ul>\n"
        );
    }

    #[test]
    fn inline_html_warns_once_a_line() {
        let r = render("Some <b>bold</b> text.\n\nAnd <i>more</i>.\n", false);
        let lines: Vec<usize> = r.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [3, 5]);
        assert!(parsed(&r).contains("&lt;b&gt;bold&lt;/b&gt;"));
    }

    #[test]
    fn footnotes_as_github_renders_them() {
        let md = "One[^Note], again[^note]; spaced[^a b] and dashed[^a-b].\n\n[^note]: The note.\n[^a b]: Spaced.\n[^a-b]: Dashed.\n";
        let r = render(md, false);
        let html = parsed(&r);
        // One label whatever its case: one number at both ends.
        assert!(
            html.contains(
                "<sup class=\"footnote-ref\" id=\"fnref:1\"><a href=\"#fn:1\">1</a></sup>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<sup class=\"footnote-ref\" id=\"fnref:1:2\"><a href=\"#fn:1\">1</a></sup>"
            ),
            "{html}"
        );
        assert!(
            html.contains("id=\"fn:1\"><span class=\"footnote-label\">1</span>"),
            "{html}"
        );
        // `[^a b]` and `[^a-b]` are two notes with two ids.
        assert!(
            html.contains("<a href=\"#fn:2\">2</a>") && html.contains("<a href=\"#fn:3\">3</a>"),
            "{html}"
        );
        // Back-links from the note to each of its references, in its paragraph.
        assert!(html.contains("<p>The note. <a href=\"#fnref:1\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a> <a href=\"#fnref:1:2\" class=\"footnote-backref\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>"), "{html}");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .map(|p| p.split('"').next().unwrap_or_default())
            .collect();
        let unique: HashSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }

    #[test]
    fn a_heading_named_like_a_footnote_keeps_its_own_id() {
        let r = render(
            "## fn-1\n\nText[^1].\n\n[^1]: Note.\n\n[up](#fn-1) [note](#fn:1)\n",
            false,
        );
        assert!(parsed(&r).contains("<h2 id=\"fn-1\">"), "{}", parsed(&r));
        assert!(parsed(&r).contains("id=\"fn:1\""));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn an_undefined_footnote_is_a_warning_at_its_line() {
        let r = render(
            "Intro.\n\nSee this[^missing].\n\n`[^code]` is fine.\n",
            false,
        );
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        let d = &r.diagnostics[0];
        assert_eq!((d.level, d.line, d.column), (Level::Warning, 5, 9));
        assert!(
            d.message.contains("[^missing] is not defined"),
            "{}",
            d.message
        );
        assert!(parsed(&r).contains("[^missing]"));
    }

    #[test]
    fn headings_never_take_the_templates_ids() {
        let r = render(
            "## Main\n\n## Compliance\n\n[a](#main-1) [b](#compliance-1)\n",
            false,
        );
        assert!(parsed(&r).contains("<h2 id=\"main-1\">"), "{}", parsed(&r));
        assert!(parsed(&r).contains("<h2 id=\"compliance-1\">"));
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let explicit = render("## Top {#main}\n", false);
        assert_eq!(explicit.diagnostics.len(), 1);
        assert!(explicit.diagnostics[0].message.contains("page template"));
    }

    #[test]
    fn percent_encoded_anchors_name_their_headings() {
        let r = render("## السوق\n\n[x](#%D8%A7%D9%84%D8%B3%D9%88%D9%82) [y](#السوق) [z](@/playbooks/a.md#%6Fk)\n", false);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(
            parsed(&r).contains("href=\"/playbooks/a/#ok\""),
            "{}",
            parsed(&r)
        );
        let bad = render("## السوق\n\n[x](#%D8%A7)\n", false);
        assert_eq!(bad.diagnostics.len(), 1);
    }

    #[test]
    fn gfm_autolinks_are_links_unless_turned_off() {
        let md = "Visit www.commonmark.org/help, https://example.org/a. or mail foo@bar.baz.\n\n`www.code.org` [www.in.link](https://x.org)\n";
        let r = render(md, false);
        let html = parsed(&r);
        assert!(
            html.contains(
                "<a href=\"http://www.commonmark.org/help\">www.commonmark.org/help</a>,"
            ),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://example.org/a\">https://example.org/a</a>."),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"mailto:foo@bar.baz\">foo@bar.baz</a>."),
            "{html}"
        );
        assert!(html.contains("<code>www.code.org</code>"), "{html}");
        assert!(
            html.contains("<a href=\"https://x.org\">www.in.link</a>"),
            "{html}"
        );
        let source = Source {
            path: "content/x.md".into(),
            text: Arc::from(format!("+++\n+++\n{md}")),
        };
        let off = Renderer {
            unsafe_html: false,
            autolinks: false,
            links: &NoLinks,
            reserved_ids: &HashSet::new(),
            callout_labels: &CalloutLabels::default(),
            footnote_backref: FOOTNOTE_BACKREF_DEFAULT,
        }
        .render(&Markdown::verbatim(md, 8), &source);
        assert!(
            !off.html.get().contains("<a href=\"http://www"),
            "{}",
            off.html.get()
        );
    }
}
