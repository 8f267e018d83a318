//! text: the text a page's cut (`cut::indexable_html`) gives the index —
//! its indexed body without scripts, styles, comments and elements marked
//! `data-pagefind-ignore`, a space wherever an element other than inline
//! markup begins or ends (so that `<td>SAMA</td><td>Saudi</td>` stays two
//! words), entities decoded — and the parts of it in headings, whose words
//! weigh more.

use super::cut::{indexed_body, matching_end, tag_len, INLINE};

/// A page's indexed text and, for each heading in it, its byte range in
/// the text and its weight.
#[derive(Debug, Default, PartialEq)]
pub(super) struct PageText {
    pub text: String,
    pub weighted: Vec<(std::ops::Range<usize>, u32)>,
}

/// How much a word of a heading counts: Pagefind's weights, a word of an
/// `h1` seven times one of a paragraph.
fn heading_weight(tag: &str) -> Option<u32> {
    match tag {
        "h1" => Some(7),
        "h2" => Some(6),
        "h3" => Some(5),
        "h4" => Some(4),
        "h5" => Some(3),
        "h6" => Some(2),
        _ => None,
    }
}

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose content is not text.
const SKIPPED: &[&str] = &[
    "script", "style", "template", "noscript", "svg", "math", "head", "title",
];

/// The text of `html`'s indexed body (the element marked
/// `data-pagefind-body`, else the `<body>`).
pub(super) fn page_text(html: &str) -> PageText {
    let (from, to) = indexed_body(html)
        .and_then(|(open, end)| Some((open + html[open..].find('>')? + 1, end)))
        .or_else(|| {
            let at = html.find("<body")?;
            Some((at + html[at..].find('>')? + 1, html.len()))
        })
        .unwrap_or((0, html.len()));
    let mut out = PageText::default();
    let mut heading: Option<(usize, u32, String)> = None;
    let part = &html[from..to];
    let mut at = 0;
    while at < part.len() {
        let Some(lt) = part[at..].find('<').map(|i| at + i) else {
            push_text(&mut out.text, &part[at..]);
            break;
        };
        push_text(&mut out.text, &part[at..lt]);
        let rest = &part[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            at = comment.find("-->").map_or(part.len(), |i| lt + 4 + i + 3);
            continue;
        }
        let Some(gt) = tag_len(rest) else {
            break;
        };
        let tag = &rest[..gt];
        at = lt + gt;
        let closing = tag.starts_with("</");
        let name = tag
            .trim_start_matches("</")
            .trim_start_matches('<')
            .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        let void = VOID.contains(&name.as_str());
        if !closing
            && !void
            && (SKIPPED.contains(&name.as_str()) || tag.contains("data-pagefind-ignore"))
        {
            let end = if matches!(name.as_str(), "script" | "style") {
                raw_text_end(part, at, &name)
            } else {
                matching_end(part, lt, &name)
            };
            at = end.map_or(part.len(), |end| end.max(at));
            // An inline element left out joins what is around it, as it
            // does on the page (a glossary term's hidden tip).
            if !INLINE.contains(&name.as_str()) {
                space(&mut out.text);
            }
            continue;
        }
        if INLINE.contains(&name.as_str()) {
            continue;
        }
        space(&mut out.text);
        match (&heading, heading_weight(&name), closing) {
            (None, Some(weight), false) => heading = Some((out.text.len(), weight, name)),
            (Some((start, weight, open)), _, true) if *open == name => {
                out.weighted.push((*start..out.text.len(), *weight));
                heading = None;
            }
            _ => {}
        }
    }
    if let Some((start, weight, _)) = heading {
        out.weighted.push((start..out.text.len(), weight));
    }
    let trimmed = out.text.trim_end().len();
    out.text.truncate(trimmed);
    out
}

/// The end of the end tag of a script or style whose content starts at
/// `from`.
fn raw_text_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let close = format!("</{name}");
    let rest = html.get(from..)?.as_bytes();
    let at = rest
        .windows(close.len())
        .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))?;
    Some(from + at + html[from + at..].find('>')? + 1)
}

/// One space between two parts of text, none at its start.
fn space(text: &mut String) {
    if !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

/// `raw` text of HTML, its white space collapsed and entities decoded.
fn push_text(text: &mut String, raw: &str) {
    let mut rest = raw;
    while !rest.is_empty() {
        let (plain, entity) = match rest.find('&') {
            Some(i) => (&rest[..i], Some(i)),
            None => (rest, None),
        };
        for c in plain.chars() {
            if c.is_whitespace() {
                space(text);
            } else {
                text.push(c);
            }
        }
        let Some(i) = entity else {
            break;
        };
        let after = &rest[i + 1..];
        let decoded = after
            .find(';')
            .filter(|&end| end <= 32)
            .and_then(|end| Some((decode_entity(&after[..end])?, end)));
        match decoded {
            Some((c, end)) => {
                if c.is_whitespace() {
                    space(text);
                } else {
                    text.push(c);
                }
                rest = &after[end + 1..];
            }
            None => {
                text.push('&');
                rest = after;
            }
        }
    }
}

/// The character an entity's name (between `&` and `;`) stands for: any
/// number, and the names guidegen's pages and Markdown commonly hold.
fn decode_entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "rarr" => '→',
        "larr" => '←',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_indexed_body_gives_its_text_with_element_boundaries() {
        let html = "<html lang=\"en\"><head><title>T</title></head><body><nav>Menu</nav>\
            <main data-pagefind-body><h1>Data &amp; residency</h1>\
            <table><tr><td>SAMA</td><td>Saudi</td></tr></table>\
            <p>Keep <em>it</em>   in-Kingdom&nbsp;now.<br>Next<!-- a comment --> line</p>\
            <script>var x = '<p>';</script><nav data-pagefind-ignore><p>Previous</p></nav>\
            <h2 id=\"a\">Costs <code>&lt;x&gt;</code></h2><p>End</p></main><footer>Foot</footer></body></html>";
        let page = page_text(html);
        assert_eq!(
            page.text,
            "Data & residency SAMA Saudi Keep it in-Kingdom now. Next line Costs <x> End"
        );
        let headings: Vec<(&str, u32)> = page
            .weighted
            .iter()
            .map(|(range, w)| (page.text[range.clone()].trim(), *w))
            .collect();
        assert_eq!(headings, [("Data & residency", 7), ("Costs <x>", 6)]);
    }

    #[test]
    fn a_page_without_a_marked_body_gives_its_body() {
        let page = page_text("<html><head><title>T</title></head><body><p>Hello &#x41;&#66; &unknown; &</p></body></html>");
        assert_eq!(page.text, "Hello AB &unknown; &");
        assert_eq!(page_text("no tags at all").text, "no tags at all");
        // Broken HTML ends the text, never the build.
        assert_eq!(page_text("<body><p>cut <a href=\"x").text, "cut");
    }
}
