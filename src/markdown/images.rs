//! images: every Markdown image becomes an `<img>` that reserves its room
//! (`width`, `height` from the file's header) and loads lazily
//! (`loading="lazy"`, `decoding="async"`); an image without alt text is a
//! warning, one the build cannot read an error (both at the image).

use crate::base::html::escape;
use pulldown_cmark::{Event, Tag, TagEnd};

/// A size in pixels, when the file states one.
pub type Size = Option<(u32, u32)>;

/// The path under `content/` of an image written relative to the Markdown
/// file `source` (`content/playbooks/x.md`) as `dest` (`img/flow.svg`), if
/// it stays inside `content/`.
pub fn beside(source: &str, dest: &str) -> Option<String> {
    let dir = source.strip_prefix("content/")?;
    let mut parts: Vec<&str> = dir.split('/').collect();
    parts.pop();
    let path = dest.split(['?', '#']).next()?;
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Replaces each image's events (its start, alt text, end) with one
/// `<img>`; `sizes` holds each image's size, in order.
pub(crate) fn to_html<'a>(events: Vec<Event<'a>>, sizes: &[Size]) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut sizes = sizes.iter();
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            out.push(event);
            continue;
        };
        let mut alt = String::new();
        let mut depth = 0;
        for inner in events.by_ref() {
            match inner {
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let mut img = format!(
            r#"<img src="{}" alt="{}""#,
            escape(&dest_url),
            escape(alt.trim())
        );
        if !title.is_empty() {
            img.push_str(&format!(r#" title="{}""#, escape(&title)));
        }
        if let Some(Some((w, h))) = sizes.next() {
            img.push_str(&format!(r#" width="{w}" height="{h}""#));
        }
        img.push_str(r#" loading="lazy" decoding="async">"#);
        out.push(Event::Html(img.into()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    #[test]
    fn images_get_their_size_and_load_lazily() {
        let md = "![A *flow* chart](/images/f.svg \"Flow\") and ![](x.png)";
        let events: Vec<Event> = Parser::new(md).collect();
        let events = to_html(events, &[Some((960, 430)), None]);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        assert_eq!(
            html,
            "<p><img src=\"/images/f.svg\" alt=\"A flow chart\" title=\"Flow\" width=\"960\" height=\"430\" loading=\"lazy\" decoding=\"async\"> and <img src=\"x.png\" alt=\"\" loading=\"lazy\" decoding=\"async\"></p>\n"
        );
    }

    #[test]
    fn an_image_beside_the_markdown_is_found_under_content() {
        let source = "content/playbooks/compliance/x.md";
        assert_eq!(
            beside(source, "flow.svg").as_deref(),
            Some("playbooks/compliance/flow.svg")
        );
        assert_eq!(
            beside(source, "./img/a.png?v=2").as_deref(),
            Some("playbooks/compliance/img/a.png")
        );
        assert_eq!(
            beside(source, "../shared/a.png").as_deref(),
            Some("playbooks/shared/a.png")
        );
        assert_eq!(beside(source, "../../../../etc/passwd"), None);
    }
}
