//! cut: what the search index keeps of a page until it reads its text
//! (`text::page_text`). When a page marks its indexed body
//! (`data-pagefind-body`, the attribute themes know from Pagefind), only
//! that element is kept, without the elements in it marked
//! `data-pagefind-ignore` and without the tags of inline markup: a third to
//! a half of the page, kept in memory (or in the build cache) for every
//! page until the index is built. Its text is the whole page's.

/// Elements whose end tag HTML never leaves out, so that the matching end tag
/// of the indexed body can be found by counting.
const BODY_TAGS: &[&str] = &[
    "main", "div", "article", "section", "aside", "header", "footer", "nav", "span",
];

/// Where the element that carries `data-pagefind-body` starts and ends, when
/// the page has exactly one, of a kind in `BODY_TAGS`.
pub(super) fn indexed_body(html: &str) -> Option<(usize, usize)> {
    let marker = html.find("data-pagefind-body")?;
    if html[marker + 1..].contains("data-pagefind-body") {
        return None;
    }
    element_around(html, 0, marker, BODY_TAGS)
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

/// The end of the `tag` element that opens at `open`: nested elements of the
/// same name are counted; comments, scripts and styles are skipped.
pub(super) fn matching_end(html: &str, open: usize, tag: &str) -> Option<usize> {
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

/// What the index keeps of a page: its indexed body, without ignored
/// elements and inline tags; the whole page when it has no body that can
/// be cut out safely (none marked, two, or one whose end tag is missing).
pub(super) fn indexable_html(html: &str) -> String {
    let Some((body_start, body_end)) = indexed_body(html) else {
        return html.to_owned();
    };
    let body = &html[body_start..body_end];
    // `indexed_body` found both tags: the start tag's `>`, the end tag's `</`.
    let inner_start = body.find('>').map_or(0, |i| i + 1);
    let inner_end = body.rfind("</").unwrap_or(body.len()).max(inner_start);
    let mut out = String::with_capacity(body.len());
    out.push_str(&body[..inner_start]);
    push_without_inline_tags(&mut out, &without_ignored(&body[inner_start..inner_end]));
    out.push_str(&body[inner_end..]);
    out
}

/// Elements whose end tag HTML never leaves out and that a theme marks
/// `data-pagefind-ignore` (a table of contents, a page's navigation).
const IGNORABLE_TAGS: &[&str] = &[
    "aside", "div", "footer", "header", "nav", "section", "ol", "ul", "table", "figure",
];

/// `html` without the elements marked `data-pagefind-ignore` (either
/// value) among `IGNORABLE_TAGS`; others so marked stay, for
/// `text::page_text` to skip. On a playbook page that is about half of the
/// body: its table of contents, metadata rows and the links to the
/// neighbouring playbooks.
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

/// Inline elements: their text joins the enclosing element's as it is, so
/// `text::page_text` puts no space around them, and the cut drops their
/// tags when they carry no Pagefind attribute.
pub(super) const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var",
];

/// Appends `html` to `out` without the tags of its inline
/// elements (see `INLINE`): a highlighted code block, for one,
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
        let Some(name) = INLINE.iter().find(|known| known.eq_ignore_ascii_case(name)) else {
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
            let keep = tag.contains("data-pagefind");
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
pub(super) fn tag_len(rest: &str) -> Option<usize> {
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
    use super::super::text::page_text;
    use super::*;

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
    fn only_the_indexed_body_is_kept() {
        let html = indexable_html(&themed(
            "<main data-pagefind-body class=\"x\"><h1>T <em>u</em></h1><nav data-pagefind-ignore>n</nav></main>",
        ));
        assert_eq!(
            html,
            "<main data-pagefind-body class=\"x\"><h1>T u</h1></main>"
        );
    }

    #[test]
    fn the_whole_page_is_kept_when_the_body_cannot_be_cut_out() {
        for body in [
            // Two bodies.
            "<main data-pagefind-body><h1>T</h1></main><div data-pagefind-body>U</div>",
            // An element whose end tag may be left out.
            "<p data-pagefind-body>T",
            // No end tag at all.
            "<main data-pagefind-body><h1>T</h1>",
        ] {
            let page = themed(body);
            assert_eq!(indexable_html(&page), page);
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
    fn the_cut_out_body_gives_the_same_text_as_the_whole_page() {
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
            // Ignored elements, whatever they hold.
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
            let texts = pages.iter().map(|(_, html)| page_text(&prepare(html)));
            texts.collect::<Vec<_>>()
        };
        let whole = build(&|html| html.to_owned());
        let cut = build(&|html| indexable_html(html));
        assert!(indexable_html(&pages[0].1).len() < pages[0].1.len() / 2);
        assert_eq!(whole, cut);
        assert_eq!(cut[3].text, "Ex Text here after end");
    }

    #[test]
    fn ignored_elements_are_left_out() {
        assert_eq!(
            without_ignored("<p>a</p><nav data-pagefind-ignore><a href=\"/\">x</a></nav><p>b</p>"),
            "<p>a</p><p>b</p>"
        );
        assert_eq!(
            without_ignored("<aside data-pagefind-ignore=\"all\"><div><div>t</div></div></aside>z"),
            "z"
        );
        assert_eq!(
            without_ignored(
                "<div data-pagefind-ignore><h2 id=\"h\">h</h2><IMG src=\"/i.png\"></div>z"
            ),
            "z"
        );
        // Left for `page_text` to skip: elements whose end tag may be left
        // out, and an element never closed.
        for kept in [
            "<p data-pagefind-ignore>a paragraph may lose its end tag</p>",
            "<div data-pagefind-ignore>never closed",
        ] {
            assert_eq!(without_ignored(kept), kept);
        }
    }

    #[test]
    fn inline_tags_are_left_out_unless_they_mark_the_index() {
        let strip = |html: &str| {
            let mut out = String::new();
            push_without_inline_tags(&mut out, html);
            out
        };
        assert_eq!(
            strip("<p>A <a href=\"/x/\">link <em>here</em></a>.</p>"),
            "<p>A link here.</p>"
        );
        // An element with a Pagefind attribute keeps both its tags, also
        // around an inner element of the same name that loses its own.
        assert_eq!(
            strip("<h2 id=\"h\"><span data-pagefind-ignore>a <span>b</span></span><span id=\"s\">c</span></h2>"),
            "<h2 id=\"h\"><span data-pagefind-ignore>a b</span>c</h2>"
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
