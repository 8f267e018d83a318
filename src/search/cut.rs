//! cut: what Pagefind is given of a page. When a page marks its indexed body
//! (`data-pagefind-body`), Pagefind reads only the `<html>` tag, the title,
//! that body and the Pagefind attributes; everything else is left out
//! before it parses the page, which gives the same bundle from a third to a
//! half less HTML.

use super::SearchEntry;

fn escape_attr(s: &str) -> String {
    crate::base::html::escape(s)
}

/// The filters and metadata of a page as hidden Pagefind elements.
fn annotations(entry: &SearchEntry) -> String {
    let mut tags = String::new();
    for (key, value) in &entry.filters {
        tags.push_str(&format!(
            "<span hidden data-pagefind-filter=\"{key}:{}\"></span>",
            escape_attr(value)
        ));
    }
    for (key, value) in &entry.meta {
        tags.push_str(&format!(
            "<span hidden data-pagefind-meta=\"{key}:{}\"></span>",
            escape_attr(value)
        ));
    }
    tags
}

/// The end of the tag in which `marker` first appears.
fn after_tag(html: &str, marker: &str) -> Option<usize> {
    let a = html.find(marker)?;
    html[a..].find('>').map(|i| a + i + 1)
}

/// Elements whose end tag HTML never leaves out, so that the matching end tag
/// of the indexed body can be found by counting.
const BODY_TAGS: &[&str] = &[
    "main", "div", "article", "section", "aside", "header", "footer", "nav", "span",
];

/// Where the element that carries `data-pagefind-body` starts and ends, when
/// the page has exactly one, of a kind in `BODY_TAGS`, and nothing outside it
/// carries a Pagefind attribute that Pagefind would read (filters, metadata,
/// sort keys, weights are read anywhere in the page).
fn indexed_body(html: &str) -> Option<(usize, usize)> {
    let marker = html.find("data-pagefind-body")?;
    if html[marker + 1..].contains("data-pagefind-body") {
        return None;
    }
    let (open, end) = element_around(html, 0, marker, BODY_TAGS)?;
    if reads_pagefind_attributes(&html[..open]) || reads_pagefind_attributes(&html[end..]) {
        return None;
    }
    Some((open, end))
}

/// The element whose start tag holds the attribute at `attr` (a start tag
/// that begins at or after `from`), when it is one of `tags`: where it
/// starts and where its end tag ends.
fn element_around(html: &str, from: usize, attr: usize, tags: &[&str]) -> Option<(usize, usize)> {
    let open = from + html[from..attr].rfind('<')?;
    if html[open..attr].contains('>') {
        return None;
    }
    let name = tag_name(&html[open + 1..]);
    let tag = tags.iter().find(|t| t.eq_ignore_ascii_case(name))?;
    Some((open, matching_end(html, open, tag)?))
}

/// The tag name at the start of `rest` (just after `<` or `</`).
fn tag_name(rest: &str) -> &str {
    &rest[..rest.bytes().take_while(u8::is_ascii_alphanumeric).count()]
}

/// Whether `part` has a Pagefind attribute that Pagefind reads wherever it
/// stands (anything but `data-pagefind-ignore`).
fn reads_pagefind_attributes(part: &str) -> bool {
    part.match_indices("data-pagefind-")
        .any(|(i, _)| !part[i..].starts_with("data-pagefind-ignore"))
}

/// The end of the `tag` element that opens at `open`: nested elements of the
/// same name are counted; comments, scripts and styles are skipped.
fn matching_end(html: &str, open: usize, tag: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = open;
    while let Some(i) = html[at..].find('<') {
        let i = at + i;
        let rest = &html[i..];
        let named = |name: &str, from: usize| {
            rest.len() > from + name.len()
                && rest.as_bytes()[from..from + name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(
                    bytes[i + from + name.len()],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'
                )
        };
        if let Some(comment) = rest.strip_prefix("<!--") {
            at = i + 4 + comment.find("-->")? + 3;
            continue;
        }
        let raw = ["script", "style"].into_iter().find(|raw| named(raw, 1));
        if let Some(raw) = raw {
            let close = format!("</{raw}");
            at = i
                + rest
                    .as_bytes()
                    .windows(close.len())
                    .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))?
                + close.len();
            continue;
        }
        if named(tag, 1) {
            depth += 1;
        } else if rest.starts_with("</") && named(tag, 2) {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i + 2 + tag.len() + rest[2 + tag.len()..].find('>')? + 1);
            }
        }
        at = i + 1;
    }
    None
}

/// What Pagefind is given for a page: the `<html>` tag, the `<title>`, and
/// the indexed body with the page's filters and metadata; when the body
/// cannot be cut out safely, the whole page. Pagefind reads nothing else
/// when a body is marked, so the bundle is the same, but it parses a third
/// to a half less HTML (headers, navigation, footers, inline SVG). The same
/// page indexed in another language is `with_language` of this.
pub(super) fn indexable_html(html: &str, entry: &SearchEntry) -> String {
    let tags = annotations(entry);
    let html_tag = html.find("<html").and_then(|start| {
        let end = start + html[start..].find('>')? + 1;
        Some((start, end))
    });
    let (Some((body_start, body_end)), Some((tag_start, tag_end))) = (indexed_body(html), html_tag)
    else {
        // The whole page, annotated as it always was.
        let at = after_tag(html, "data-pagefind-body").or_else(|| after_tag(html, "<body"));
        return match at {
            Some(at) => format!("{}{tags}{}", &html[..at], &html[at..]),
            None => format!("{tags}{html}"),
        };
    };
    let title = html[..body_start].find("<title").and_then(|start| {
        let end = start + html[start..].find("</title>")? + "</title>".len();
        Some(&html[start..end])
    });
    let body_open_end = body_start + html[body_start..].find('>').map_or(0, |i| i + 1);
    let mut out = String::with_capacity(body_end - body_start + tags.len() + 256);
    out.push_str(&html[tag_start..tag_end]);
    out.push_str("<head>");
    out.push_str(title.unwrap_or_default());
    out.push_str("</head><body>");
    out.push_str(&html[body_start..body_open_end]);
    out.push_str(&tags);
    push_without_inline_tags(&mut out, &without_ignored(&html[body_open_end..body_end]));
    out.push_str("</body></html>");
    out
}

/// Elements whose end tag HTML never leaves out and that a theme marks
/// `data-pagefind-ignore` (a table of contents, a page's navigation).
const IGNORABLE_TAGS: &[&str] = &[
    "aside", "div", "footer", "header", "nav", "section", "ol", "ul", "table", "figure",
];

/// `html` without the elements Pagefind would parse only to ignore: those
/// marked `data-pagefind-ignore` (either value) with nothing inside that
/// Pagefind reads from an ignored element — an `id` (it numbers anchors
/// across the page), a Pagefind attribute, an `h1`, `img` or `title` (it
/// takes the page's default title and image from anywhere). On a playbook
/// page that is about half of the body: its table of contents, metadata
/// rows and the links to the neighbouring playbooks.
fn without_ignored(html: &str) -> std::borrow::Cow<'_, str> {
    const MARK: &str = "data-pagefind-ignore";
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = html[at..].find(MARK).map(|i| at + i) {
        at = i + MARK.len();
        let Some((open, end)) = element_around(html, copied, i, IGNORABLE_TAGS) else {
            continue;
        };
        let element = &html[open..end];
        let reads = element.contains(" id=")
            || reads_pagefind_attributes(element)
            || ["<h1", "<img", "<title"]
                .iter()
                .any(|t| element.contains(t) || element.contains(&t.to_ascii_uppercase()));
        if reads {
            continue;
        }
        out.push_str(&html[copied..open]);
        copied = end;
        at = end;
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Inline elements whose tags change nothing in what Pagefind indexes when
/// they carry no `id` and no Pagefind attribute: Pagefind appends their text
/// to the enclosing element's as it is (they are not among the block
/// elements it separates with spaces or full stops, nor among those it
/// drops). Each costs Pagefind a node of its tree and a copy of its text.
const TRANSPARENT_INLINE: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "q", "samp", "small", "span",
    "strong", "sub", "sup", "time", "tt", "var",
];

/// Appends `html` to `out` without the tags of its transparent inline
/// elements (see `TRANSPARENT_INLINE`): a highlighted code block, for one,
/// is a span per token. Comments, scripts and styles are copied as they are;
/// an element that keeps its start tag keeps its end tag.
fn push_without_inline_tags(out: &mut String, html: &str) {
    // For each inline element open at this point, whether its tags are kept.
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = html[at..].find('<').map(|i| at + i) {
        let rest = &html[i..];
        let raw_end = ["<!--", "<script", "<style"]
            .iter()
            .zip(["-->", "</script", "</style"])
            .find(|(start, _)| starts_with_tag(rest, start))
            .map(|(_, end)| rest.find(end).map_or(html.len(), |j| i + j + end.len()));
        if let Some(end) = raw_end {
            at = end;
            continue;
        }
        let closing = rest.starts_with("</");
        let name = tag_name(&rest[if closing { 2 } else { 1 }..]);
        let Some(name) = TRANSPARENT_INLINE
            .iter()
            .find(|known| known.eq_ignore_ascii_case(name))
        else {
            at = i + 1;
            continue;
        };
        let Some(len) = tag_len(rest) else {
            break;
        };
        let keep = if closing {
            match open.iter().rposition(|(n, _)| n == name) {
                Some(j) => open.remove(j).1,
                None => true,
            }
        } else {
            let tag = &rest[..len];
            let keep = tag.contains(" id=") || tag.contains("data-pagefind");
            if !tag.ends_with("/>") {
                open.push((name, keep));
            }
            keep
        };
        if !keep {
            out.push_str(&html[copied..i]);
            copied = i + len;
        }
        at = i + len;
    }
    out.push_str(&html[copied..]);
}

/// Whether `rest` starts with `start` (`<!--`, or `<name` as a whole tag
/// name), case-insensitively.
fn starts_with_tag(rest: &str, start: &str) -> bool {
    let bytes = rest.as_bytes();
    bytes.len() > start.len()
        && bytes[..start.len()].eq_ignore_ascii_case(start.as_bytes())
        && (start.starts_with("<!") || !bytes[start.len()].is_ascii_alphanumeric())
}

/// The length of the tag at the start of `rest`, to its closing `>`; a `>`
/// in a quoted attribute value does not close it.
fn tag_len(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in rest.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The first `MAX_INDEXED_HTML` bytes of a page, cut before a tag and closed,
/// or the whole page when it is smaller.
pub(super) fn indexed_part(html: String) -> String {
    if html.len() <= crate::base::MAX_INDEXED_HTML {
        return html;
    }
    // `<` is ASCII, so the cut is on a character boundary.
    let cut = html[..crate::base::MAX_INDEXED_HTML]
        .rfind('<')
        .unwrap_or(0);
    format!("{}</main></body></html>", &html[..cut])
}

#[cfg(test)]
mod tests {
    use super::super::bundle;
    use super::super::scripts::with_language;
    use super::*;
    use std::collections::BTreeMap;

    fn entry() -> SearchEntry {
        SearchEntry {
            meta: vec![("title", "T & <U>".into())],
            filters: vec![("region", "KSA".into())],
        }
    }

    /// A page with the chrome of the default theme around its indexed body.
    fn themed(body: &str) -> String {
        format!(
            "<!doctype html><html lang=\"en\" data-region=\"KSA\"><head><meta charset=\"utf-8\">\
             <title>Residency · Guides</title><link rel=\"stylesheet\" href=\"/style.css\"></head>\
             <body class=\"\"><div data-pagefind-ignore=\"all\"><header><svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg>\
             <nav><a href=\"/\">Home</a></nav></header></div>{body}\
             <footer data-pagefind-ignore=\"all\"><p>Footer words</p></footer><script src=\"/search.js\"></script></body></html>"
        )
    }

    #[test]
    fn annotations_go_inside_the_indexed_body() {
        let html = indexable_html(
            &themed("<main data-pagefind-body class=\"x\"><h1>T</h1></main>"),
            &entry(),
        );
        assert_eq!(
            html,
            "<html lang=\"en\" data-region=\"KSA\"><head><title>Residency · Guides</title></head><body>\
             <main data-pagefind-body class=\"x\"><span hidden data-pagefind-filter=\"region:KSA\"></span>\
             <span hidden data-pagefind-meta=\"title:T &amp; &lt;U&gt;\"></span><h1>T</h1></main></body></html>"
        );
        let zh = with_language(
            &indexable_html(
                &themed("<main data-pagefind-body><p>合规</p></main>"),
                &entry(),
            ),
            "zh",
        );
        assert!(
            zh.starts_with("<html lang=\"zh\" data-region=\"KSA\"><head>"),
            "{zh}"
        );
    }

    #[test]
    fn the_whole_page_is_indexed_when_the_body_cannot_be_cut_out() {
        for body in [
            // A filter outside the body: Pagefind reads it, so it must stay.
            "<p data-pagefind-filter=\"kind:x\">x</p><main data-pagefind-body><h1>T</h1></main>",
            // Two bodies.
            "<main data-pagefind-body><h1>T</h1></main><div data-pagefind-body>U</div>",
            // An element whose end tag may be left out.
            "<p data-pagefind-body>T",
            // No end tag at all.
            "<main data-pagefind-body><h1>T</h1>",
        ] {
            let page = themed(body);
            let html = indexable_html(&page, &entry());
            assert!(
                html.starts_with("<!doctype html>") && html.contains("Footer words"),
                "{html}"
            );
            assert!(
                html.contains("data-pagefind-filter=\"region:KSA\""),
                "{html}"
            );
        }
    }

    #[test]
    fn the_body_ends_at_its_own_end_tag() {
        let page = "<html><body><div data-pagefind-body><div>a</div><!-- </div> -->\
                    <script>let s = \"</div>\";</script><DIV>b</DIV></div><div>after</div></body></html>";
        let (start, end) = indexed_body(page).unwrap();
        assert_eq!(
            &page[start..end],
            "<div data-pagefind-body><div>a</div><!-- </div> --><script>let s = \"</div>\";</script><DIV>b</DIV></div>"
        );
    }

    #[test]
    fn the_cut_out_body_gives_the_same_bundle_as_the_whole_page() {
        let pages: Vec<(String, String)> = [
            ("/a/", "<main data-pagefind-body><h1 id=\"top\">Residency</h1><p>Data stays <em>in</em> the Kingdom.</p>\
                     <h2 id=\"more\">More</h2><p data-pagefind-ignore>skip</p><img src=\"/i.png\" alt=\"I\"></main>"),
            ("/b/", "<main data-pagefind-body><h2>No h1</h2><ul><li>One</li><li>Two</li></ul></main>"),
            // Inline markup that the index does without, beside some it needs.
            ("/c/", "<main data-pagefind-body><h1><a href=\"#x\">Linked</a> <strong>title</strong></h1>\
                     <h2 id=\"setup\">Set <code>up</code> <span id=\"inner\">inner <b>bold</b></span></h2>\
                     <p>See <a href=\"/b/\" title=\"a > b\">the <em>other</em> page</a>, then<span>glued</span>words.</p>\
                     <pre><code><span class=\"k\">let</span> <span class=\"n\">x</span> = <span class=\"m\">1</span>;</code></pre>\
                     <p><span data-pagefind-weight=\"9\">weighted</span> and <SPAN CLASS=\"u\">upper</SPAN></p>\
                     <table><tr><td><i>cell</i></td><td>two</td></tr></table><svg><a><text>drawn</text></a></svg></main>"),
            // Ignored elements: left out, or kept for what Pagefind reads in them.
            ("/d/", "<main data-pagefind-body><aside data-pagefind-ignore=\"all\"><nav><a href=\"#x\">Contents</a></nav></aside>\
                     <h2 id=\"x\">Ex</h2><p>Text <b>here</b></p><nav class=\"n\" data-pagefind-ignore><a href=\"/a/\">Prev: <strong>Other</strong></a></nav>\
                     <div data-pagefind-ignore><span id=\"kept\">kept</span></div><p>after</p>\
                     <div data-pagefind-ignore=\"all\"><h1>Inner title</h1></div><ul data-pagefind-ignore><li>a<li>b</ul>\
                     <div data-pagefind-ignore><span data-pagefind-filter=\"tag:x\">x</span></div><p>end</p></main>"),
        ]
        .into_iter()
        .map(|(url, body)| (url.to_string(), themed(body)))
        .collect();
        let build = |prepare: &dyn Fn(&str) -> String| {
            let mut files = BTreeMap::new();
            let pages = pages.iter().map(|(url, html)| (url.clone(), prepare(html)));
            tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap()
                .block_on(bundle(pages, "pagefind", &mut files, None))
                .unwrap();
            files
        };
        let whole = build(&|html| {
            let at = after_tag(html, "data-pagefind-body").unwrap();
            format!("{}{}{}", &html[..at], annotations(&entry()), &html[at..])
        });
        let cut = build(&|html| indexable_html(html, &entry()));
        assert!(indexable_html(&pages[0].1, &entry()).len() < pages[0].1.len());
        assert_eq!(whole, cut);
    }

    #[test]
    fn ignored_elements_are_left_out_unless_the_index_reads_them() {
        assert_eq!(
            without_ignored("<p>a</p><nav data-pagefind-ignore><a href=\"/\">x</a></nav><p>b</p>"),
            "<p>a</p><p>b</p>"
        );
        assert_eq!(
            without_ignored("<aside data-pagefind-ignore=\"all\"><div><div>t</div></div></aside>z"),
            "z"
        );
        for kept in [
            "<div data-pagefind-ignore><h2 id=\"h\">h</h2></div>",
            "<div data-pagefind-ignore><IMG src=\"/i.png\"></div>",
            "<div data-pagefind-ignore><span data-pagefind-meta=\"m:v\"></span></div>",
            "<p data-pagefind-ignore>a paragraph may lose its end tag</p>",
            "<div data-pagefind-ignore>never closed",
        ] {
            assert_eq!(without_ignored(kept), kept);
        }
    }

    #[test]
    fn inline_tags_are_left_out_unless_the_index_reads_them() {
        let strip = |html: &str| {
            let mut out = String::new();
            push_without_inline_tags(&mut out, html);
            out
        };
        assert_eq!(
            strip("<p>A <a href=\"/x/\">link <em>here</em></a>.</p>"),
            "<p>A link here.</p>"
        );
        // An element with an id or a Pagefind attribute keeps both its tags,
        // also around an inner element of the same name that loses its own.
        assert_eq!(
            strip("<h2 id=\"h\"><span id=\"s\">a <span>b</span></span></h2>"),
            "<h2 id=\"h\"><span id=\"s\">a b</span></h2>"
        );
        assert_eq!(
            strip("<span data-pagefind-weight=\"2\">w</span><span>x</span>"),
            "<span data-pagefind-weight=\"2\">w</span>x"
        );
        // A `>` inside a quoted value, a self-closing tag, names that only
        // begin like an inline one, comments and scripts.
        assert_eq!(
            strip("<a title=\"1 > 0\">t</a><span/><aside>s</aside><!-- <b> --><script>\"<b>\"</script>"),
            "t<aside>s</aside><!-- <b> --><script>\"<b>\"</script>"
        );
        // An end tag with no start is kept; an unclosed tag ends the work.
        assert_eq!(strip("x</b>y<i"), "x</b>y<i");
    }
}
