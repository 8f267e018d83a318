//! Conformance: every example of the CommonMark 0.31.2 spec, and the
//! extension examples of the GFM 0.29 spec, through guidegen's own Markdown
//! renderer (`tests/commonmark/README.md` says where the files come from).
//!
//! Run with `unsafe_html = true` (the spec's raw-HTML examples expect the
//! HTML passed through) and, for CommonMark, without GFM autolinks (a bare
//! `http://…` is text in CommonMark); the GFM examples with autolinks on.
//!
//! Both sides are compared as parsed HTML written back in one form, as the
//! spec's own test harness does (its `normalize.py`): attribute order,
//! entity spelling (`"` or `&quot;`), `<br>` or `<br />`, and white space
//! beside block elements do not count; other white space runs count as
//! one space, except in `<pre>`. And because guidegen's markup differs
//! there on purpose (documented in the README):
//! - heading ids: `<h2 id="foo">` is compared as `<h2>`;
//! - code blocks: `<pre class="code hl-code" data-lang="x"><code>` with
//!   syntect's `<span class="hl-…">` inside is compared as
//!   `<pre><code class="language-x">` with the bare text;
//! - images: `loading`, `decoding`, `width` and `height` on `<img>` (every
//!   image loads lazily and states its size when the file is known);
//! - task checkboxes: `aria-label` on `<input type="checkbox">` (their
//!   accessible name, "Done" or "Not done").
//!
//! Nothing else is normalised. The exceptions, by example number, are in
//! `COMMONMARK_EXCEPTIONS` and `GFM_EXCEPTIONS` with the reason; each is
//! still compared, against the output its reason predicts.

use scraper::{Html, Node};
use serde_json::Value;

/// What an exception changes in the reference HTML, by its reason.
type Expect = fn(&str) -> String;

/// GFM's tag filter applies with `unsafe_html = true` (README, "Raw
/// HTML"): in these examples the reference passes `<script>`, `<style>` or
/// `<textarea>` through; guidegen escapes its `<`, so the tag shows as text
/// instead of swallowing the rest of the page.
const COMMONMARK_EXCEPTIONS: &[(u64, &str, Expect)] = &[
    (
        170,
        "GFM tag filter: <script> shown as text",
        gfm_tag_filter,
    ),
    (
        171,
        "GFM tag filter: <textarea> shown as text",
        gfm_tag_filter,
    ),
    (172, "GFM tag filter: <style> shown as text", gfm_tag_filter),
    (173, "GFM tag filter: <style> shown as text", gfm_tag_filter),
    (176, "GFM tag filter: <style> shown as text", gfm_tag_filter),
    (
        178,
        "GFM tag filter: <script> shown as text",
        gfm_tag_filter,
    ),
];

/// pulldown-cmark's table markup, valid HTML where GFM's reference is not
/// quite: `style="text-align: …"` for the `align` attribute HTML5 made
/// obsolete, and an empty `<tbody>` under a table without rows.
const GFM_EXCEPTIONS: &[(u64, &str, Expect)] = &[
    (
        199,
        "cell alignment as style=\"text-align\", not the obsolete align=",
        |html| {
            html.replace("align=\"center\"", "style=\"text-align: center\"")
                .replace("align=\"right\"", "style=\"text-align: right\"")
                .replace("align=\"left\"", "style=\"text-align: left\"")
        },
    ),
    (205, "a table without rows keeps an empty <tbody>", |html| {
        html.replace("</thead>\n</table>", "</thead>\n<tbody></tbody>\n</table>")
    }),
];

fn examples(file: &str) -> Vec<Value> {
    let path = format!("{}/tests/commonmark/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Block-level elements: white space next to them is not content.
const BLOCKS: &[&str] = &[
    "address",
    "blockquote",
    "body",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "html",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// `html` parsed and written back in one canonical form (see the header):
/// attributes sorted, entities decoded and re-escaped, white space next to
/// block elements dropped and other runs of it made one space (outside
/// `<pre>`), guidegen's heading ids and code-block markup in the spec's form.
fn normalise(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut out = String::new();
    for child in doc.root_element().children() {
        write_node(child, false, &mut out);
    }
    out
}

fn is_block(node: Option<ego_tree::NodeRef<'_, Node>>) -> bool {
    node.and_then(|n| n.value().as_element().map(|e| BLOCKS.contains(&e.name())))
        .unwrap_or(true)
}

fn write_node(node: ego_tree::NodeRef<'_, Node>, in_pre: bool, out: &mut String) {
    match node.value() {
        Node::Text(text) => {
            if in_pre {
                out.push_str(&escape(&text[..]));
                return;
            }
            let mut text: String = collapse(&text[..]);
            // White space beside a block element (or the edge of one) is
            // layout, not content.
            if is_block(node.prev_sibling())
                || (node.prev_sibling().is_none() && is_block(node.parent()))
            {
                text = text.trim_start().to_string();
            }
            if is_block(node.next_sibling())
                || (node.next_sibling().is_none() && is_block(node.parent()))
            {
                text = text.trim_end().to_string();
            }
            out.push_str(&escape(&text));
        }
        Node::Comment(c) => {
            out.push_str("<!--");
            out.push_str(&c[..]);
            out.push_str("-->");
        }
        Node::Element(e) => {
            let mut attrs: Vec<(String, String)> = e
                .attrs()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let name = e.name();
            if name.len() == 2 && name.starts_with('h') {
                attrs.retain(|(k, _)| k != "id");
            }
            if name == "img" {
                attrs.retain(|(k, _)| {
                    !["loading", "decoding", "width", "height"].contains(&k.as_str())
                });
            }
            if name == "input" && e.attr("type") == Some("checkbox") {
                attrs.retain(|(k, _)| k != "aria-label");
            }
            // guidegen's highlighted block: `<pre class="code hl-code"
            // data-lang="x"><code>…spans…</code></pre>`.
            if name == "pre" && e.attr("class") == Some("code hl-code") {
                let lang = e.attr("data-lang").unwrap_or_default();
                let code: String = node
                    .descendants()
                    .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                    .collect();
                let class = if lang.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape(&format!("language-{lang}")))
                };
                out.push_str(&format!("<pre><code{class}>{}</code></pre>", escape(&code)));
                return;
            }
            attrs.sort();
            out.push('<');
            out.push_str(name);
            for (k, v) in &attrs {
                out.push_str(&format!(" {k}=\"{}\"", escape(v)));
            }
            out.push('>');
            for child in node.children() {
                write_node(child, in_pre || name == "pre", out);
            }
            if !["br", "hr", "img", "input"].contains(&name) {
                out.push_str(&format!("</{name}>"));
            }
        }
        _ => {}
    }
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// GFM's tag filter, written here from the spec (section 6.11) as the
/// expectation for the excepted examples.
fn gfm_tag_filter(html: &str) -> String {
    let tags = [
        "title",
        "textarea",
        "style",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "script",
        "plaintext",
    ];
    let mut out = html.to_string();
    for tag in tags {
        for form in [format!("<{tag}"), format!("</{tag}")] {
            for end in [">", " ", "\n", "/"] {
                out = out.replace(&format!("{form}{end}"), &format!("&lt;{}{end}", &form[1..]));
            }
        }
    }
    out
}

/// Runs `file`'s examples; the numbers of those that differ, with a diff.
fn run(file: &str, autolinks: bool, exceptions: &[(u64, &str, Expect)]) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let all = examples(file);
    for example in &all {
        let n = example["example"].as_u64().unwrap();
        let markdown = example["markdown"].as_str().unwrap();
        let mut expected = example["html"].as_str().unwrap().to_string();
        if let Some((_, _, expect)) = exceptions.iter().find(|(e, _, _)| *e == n) {
            expected = expect(&expected);
        }
        let got = normalise(&guidegen::bench::markdown_html(markdown, true, autolinks));
        let expected = normalise(&expected);
        if got != expected {
            failures.push(format!(
                "example {n} ({}):\n  markdown: {markdown:?}\n  expected: {expected:?}\n  got:      {got:?}",
                example["section"].as_str().unwrap_or_default()
            ));
        }
    }
    (all.len(), failures)
}

/// Asserts that every example of `file` (`count` of them) matches.
fn assert_suite(file: &str, count: usize, autolinks: bool, exceptions: &[(u64, &str, Expect)]) {
    let (total, failures) = run(file, autolinks, exceptions);
    assert_eq!(total, count);
    assert!(
        failures.is_empty(),
        "{} of {total} examples differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_commonmark_0_31_2_example_renders_as_the_spec_says() {
    assert_suite("spec-0.31.2.json", 652, false, COMMONMARK_EXCEPTIONS);
}

#[test]
fn every_gfm_extension_example_renders_as_the_spec_says() {
    assert_suite("gfm-0.29-extensions.json", 28, true, GFM_EXCEPTIONS);
}

#[test]
fn every_exception_changes_what_it_says() {
    // An exception its reason does not apply to would hide a regression:
    // each must change its reference, and the tag filter must touch no
    // example left out of the list.
    for (file, exceptions) in [
        ("spec-0.31.2.json", COMMONMARK_EXCEPTIONS),
        ("gfm-0.29-extensions.json", GFM_EXCEPTIONS),
    ] {
        for example in examples(file) {
            let n = example["example"].as_u64().unwrap();
            let html = example["html"].as_str().unwrap();
            match exceptions.iter().find(|(e, _, _)| *e == n) {
                Some((_, why, expect)) => assert_ne!(expect(html), html, "{file} {n}: {why}"),
                None if file.starts_with("spec") => {
                    assert_eq!(
                        gfm_tag_filter(html),
                        html,
                        "{file} {n} is filtered but not listed"
                    )
                }
                None => {}
            }
        }
    }
}

#[test]
fn escaped_raw_html_keeps_every_line_break() {
    // With `unsafe_html = false` raw HTML is shown as text: it must keep
    // the lines it had passed through (an escaped block once lost them:
    // `<!-- Foo⏎⏎bar -->` read `Foobar`). Comments are dropped, so
    // examples with one are left out.
    let mut glued = Vec::new();
    for example in examples("spec-0.31.2.json") {
        let markdown = example["markdown"].as_str().unwrap();
        if markdown.contains("<!--") {
            continue;
        }
        let raw = guidegen::bench::markdown_html(markdown, true, false);
        let shown = guidegen::bench::markdown_html(markdown, false, false);
        if shown.matches('\n').count() < raw.matches('\n').count() {
            glued.push(format!("{}: {raw:?} → {shown:?}", example["example"]));
        }
    }
    assert!(glued.is_empty(), "lines glued:\n{}", glued.join("\n"));
}
