//! raw_html: what becomes of HTML written in Markdown.
//!
//! With `unsafe_html = false` (the default) an HTML comment is dropped
//! without a word — authors leave notes to each other in them, and GitHub
//! hides them too — and any other raw HTML is shown to the reader as the
//! text it is, line breaks intact, with a warning at its place: the author
//! meant markup and gets text, which they should hear about, but the page
//! still builds. With `unsafe_html = true` the HTML passes as written
//! except for GFM's tag filter: the nine tags that would swallow the rest
//! of the page or run code (`<title>`, `<textarea>`, `<style>`, `<xmp>`,
//! `<iframe>`, `<noembed>`, `<noframes>`, `<script>`, `<plaintext>`) get
//! their `<` escaped.

use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// GFM's disallowed raw HTML (spec 0.29, section 6.11).
const FILTERED_TAGS: [&str; 9] = [
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

/// A raw HTML warning: where, and what was shown as text.
pub(super) struct Shown {
    pub(super) at: Range<usize>,
    pub(super) message: String,
}

/// `events` with raw HTML made safe as `unsafe_html` says, and a warning
/// for each piece of raw HTML shown as text.
pub(super) fn raw_html(
    events: Vec<(Event<'_>, Range<usize>)>,
    unsafe_html: bool,
) -> (Vec<(Event<'_>, Range<usize>)>, Vec<Shown>) {
    if unsafe_html {
        let events = events
            .into_iter()
            .map(|(event, range)| match event {
                Event::Html(html) => (Event::Html(tag_filter(&html).into()), range),
                Event::InlineHtml(html) => (Event::InlineHtml(tag_filter(&html).into()), range),
                other => (other, range),
            })
            .collect();
        return (events, Vec::new());
    }
    let mut out: Vec<(Event, Range<usize>)> = Vec::with_capacity(events.len());
    let mut shown: Vec<Shown> = Vec::new();
    let warn = |at: &Range<usize>, html: &str, shown: &mut Vec<Shown>| {
        let tag: String = html
            .trim()
            .chars()
            .take_while(|&c| c != '\n')
            .take(40)
            .collect();
        shown.push(Shown {
            at: at.clone(),
            message: format!(
                "raw HTML `{tag}` is shown as text: set `unsafe_html = true` under [markdown] to pass HTML through"
            ),
        });
    };
    let mut block: Option<(String, Range<usize>)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some((String::new(), range)),
            Event::Html(html) if block.is_some() => {
                if let Some((text, _)) = block.as_mut() {
                    text.push_str(&html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let (text, at) = block.take().unwrap_or_default();
                let text = without_comments(&text);
                if text.trim().is_empty() {
                    continue;
                }
                warn(&at, &text, &mut shown);
                let text = text.trim_end_matches('\n').to_string();
                // In a list item the block stands where the item's text
                // would, without a paragraph (a tight list stays tight).
                let in_item = matches!(out.last(), Some((Event::Start(Tag::Item), _)));
                if in_item {
                    out.push((Event::Text(format!("{text}\n").into()), at));
                } else {
                    out.push((Event::Html("<p class=\"raw-html\">".into()), at.clone()));
                    out.push((Event::Text(text.into()), at.clone()));
                    out.push((Event::Html("</p>\n".into()), at));
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if html.starts_with("<!--") {
                    continue;
                }
                warn(&range, &html, &mut shown);
                out.push((Event::Text(html.to_string().into()), range));
            }
            other => out.push((other, range)),
        }
    }
    (out, shown)
}

/// `html` without its comments (`<!-- … -->`; an unclosed one runs to the
/// end, as an HTML block of comment kind does).
fn without_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        // `<!-->` and `<!--->` are complete (empty) comments.
        let body_end = if after.starts_with('>') {
            Some((0, 1))
        } else if after.starts_with("->") {
            Some((0, 2))
        } else {
            after.find("-->").map(|i| (i, i + 3))
        };
        match body_end {
            Some((_, end)) => rest = &after[end..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    // A line left with only white space by a removed comment goes too.
    if out.trim().is_empty() {
        return String::new();
    }
    out
}

/// `html` with the `<` of each disallowed tag (opening or closing) escaped.
pub(super) fn tag_filter(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name = after.strip_prefix('/').unwrap_or(after);
        let filtered = FILTERED_TAGS.iter().any(|tag| {
            name.len() >= tag.len()
                && name.as_bytes()[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
                && name[tag.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
        });
        out.push_str(if filtered { "&lt;" } else { "<" });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_filter_escapes_the_nine_tags_and_nothing_else() {
        assert_eq!(
            tag_filter("<strong> <title> <style> <em>"),
            "<strong> &lt;title> &lt;style> <em>"
        );
        assert_eq!(
            tag_filter("<SCRIPT src=x></script><scripts><b>"),
            "&lt;SCRIPT src=x>&lt;/script><scripts><b>"
        );
        assert_eq!(tag_filter("<plaintext/>"), "&lt;plaintext/>");
    }

    #[test]
    fn comments_are_removed_and_what_is_left_kept() {
        assert_eq!(without_comments("<!-- a\n\nb -->\n"), "");
        assert_eq!(without_comments("<!-->\n"), "");
        assert_eq!(without_comments("<!-- x --> <div>\n"), " <div>\n");
        assert_eq!(without_comments("<!-- never closed\nstill\n"), "");
    }
}
