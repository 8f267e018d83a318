//! The Markdown renderer's unit tests: each feature, and each bug fixed.
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
        glossary: None,
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
    let r = render(
        "<!-- TODO: confirm with legal -->\n\nText <!-- inline note --> here.\n\n<!-- a\n\nb -->\n",
        false,
    );
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
    let script = render(
        "<script>\n// JavaScript example\n\ndocument.getElementById(\"demo\")\n</script>\nokay\n",
        false,
    );
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
        html.contains("<sup class=\"footnote-ref\" id=\"fnref:1\"><a href=\"#fn:1\">1</a></sup>"),
        "{html}"
    );
    assert!(
        html.contains("<sup class=\"footnote-ref\" id=\"fnref:1:2\"><a href=\"#fn:1\">1</a></sup>"),
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
fn an_explicit_heading_id_may_not_take_a_footnotes() {
    let r = render("## Notes {#fn:1}\n\nText[^a].\n\n[^a]: Note.\n", false);
    assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    assert_eq!(
        (r.diagnostics[0].level, r.diagnostics[0].line),
        (Level::Error, 3)
    );
    assert!(r.diagnostics[0].message.contains("footnote's id"));
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
    let r = render(
        "## السوق\n\n[x](#%D8%A7%D9%84%D8%B3%D9%88%D9%82) [y](#السوق) [z](@/playbooks/a.md#%6Fk)\n",
        false,
    );
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
        html.contains("<a href=\"http://www.commonmark.org/help\">www.commonmark.org/help</a>,"),
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
        glossary: None,
    }
    .render(&Markdown::verbatim(md, 8), &source);
    assert!(
        !off.html.get().contains("<a href=\"http://www"),
        "{}",
        off.html.get()
    );
}

#[test]
fn resolved_at_links_and_bare_hashes_are_not_checked_again() {
    let r = render(
        "[a](@/playbooks/a.md) [top](#) [page](/playbooks/b/)\n",
        false,
    );
    let html = parsed(&r);
    assert!(html.contains("href=\"/playbooks/a/\""), "{html}");
    assert!(html.contains("href=\"#\""), "{html}");
    // Only the written site path is left for the check against the output.
    let urls: Vec<_> = r.local_links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, ["/playbooks/b/"]);
}
