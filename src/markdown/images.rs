//! images: every Markdown image becomes an `<img>` that reserves its room
//! (`width`, `height` from the file's header) and loads lazily
//! (`loading="lazy"`, `decoding="async"`); one with resized copies
//! (`raster`) offers them by `srcset`, and its WebP copies, when it has
//! them, in a `<picture>`. An image without alt text is a warning, one the
//! build cannot read an error (both at the image).

use crate::base::html::escape;
use crate::raster::{Responsive, Variant};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::sync::Arc;

/// A size in pixels, when the file states one.
pub type Size = Option<(u32, u32)>;

/// What a page shows of one image: its size, and its resized copies when
/// it has them.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub size: Size,
    pub responsive: Option<Arc<Responsive>>,
}

impl From<Size> for Shown {
    fn from(size: Size) -> Self {
        Shown {
            size,
            responsive: None,
        }
    }
}

/// The folder part of an image URL (`/playbooks/x/` of
/// `/playbooks/x/flow.png?v=2`), where its copies are published.
pub fn folder(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rfind('/').map_or("", |at| &path[..=at])
}

/// A `srcset` of copies published in `folder`.
fn srcset(folder: &str, copies: &[Variant]) -> String {
    copies
        .iter()
        .map(|c| format!("{}{} {}w", folder, c.file, c.width))
        .collect::<Vec<_>>()
        .join(", ")
}

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
/// `<img>` (in a `<picture>` when it has WebP copies); `shown` holds what
/// is known of each image, in order.
pub(crate) fn to_html<'a>(events: Vec<Event<'a>>, shown: &[Shown]) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut shown = shown.iter();
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
        let image = shown.next();
        let responsive = image
            .and_then(|s| s.responsive.as_deref())
            .filter(|r| !r.fallback.is_empty());
        let mut html = String::new();
        let mut img = match responsive {
            Some(r) => {
                let folder = escape(folder(&dest_url));
                let sizes = format!("(max-width: {0}px) 100vw, {0}px", r.column);
                if !r.webp.is_empty() {
                    html.push_str(&format!(
                        r#"<picture><source type="image/webp" srcset="{}" sizes="{sizes}">"#,
                        srcset(&folder, &r.webp)
                    ));
                }
                format!(
                    r#"<img src="{folder}{}" srcset="{}" sizes="{sizes}" alt="{}""#,
                    r.fallback[0].file,
                    srcset(&folder, &r.fallback),
                    escape(alt.trim())
                )
            }
            None => format!(
                r#"<img src="{}" alt="{}""#,
                escape(&dest_url),
                escape(alt.trim())
            ),
        };
        if !title.is_empty() {
            img.push_str(&format!(r#" title="{}""#, escape(&title)));
        }
        // The copies know the size as shown, after any EXIF orientation.
        let size = match responsive {
            Some(r) => Some((r.width, r.height)),
            None => image.and_then(|s| s.size),
        };
        if let Some((w, h)) = size {
            img.push_str(&format!(r#" width="{w}" height="{h}""#));
        }
        img.push_str(r#" loading="lazy" decoding="async">"#);
        html.push_str(&img);
        if responsive.is_some_and(|r| !r.webp.is_empty()) {
            html.push_str("</picture>");
        }
        out.push(Event::Html(html.into()));
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
        let events = to_html(events, &[Some((960, 430)).into(), None.into()]);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        assert_eq!(
            html,
            "<p><img src=\"/images/f.svg\" alt=\"A flow chart\" title=\"Flow\" width=\"960\" height=\"430\" loading=\"lazy\" decoding=\"async\"> and <img src=\"x.png\" alt=\"\" loading=\"lazy\" decoding=\"async\"></p>\n"
        );
    }

    #[test]
    fn an_image_with_copies_offers_them_by_srcset_and_webp_in_a_picture() {
        let copy = |ext: &str, width: u32| Variant {
            file: format!("f.1a.{width}w.{ext}"),
            width,
            height: width / 2,
            bytes: Default::default(),
        };
        let mut responsive = Responsive {
            width: 3000,
            height: 1500,
            fallback: vec![copy("png", 720), copy("png", 1440)],
            webp: vec![copy("webp", 720), copy("webp", 1440)],
            column: 720,
        };
        let html = |responsive: &Responsive| {
            let events: Vec<Event> = Parser::new("![Flow](/sub/x/f.png?v=1)").collect();
            let shown = Shown {
                size: Some((1500, 3000)),
                responsive: Some(Arc::new(responsive.clone())),
            };
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, to_html(events, &[shown]).into_iter());
            html
        };
        assert_eq!(
            html(&responsive),
            "<p><picture><source type=\"image/webp\" srcset=\"/sub/x/f.1a.720w.webp 720w, /sub/x/f.1a.1440w.webp 1440w\" sizes=\"(max-width: 720px) 100vw, 720px\"><img src=\"/sub/x/f.1a.720w.png\" srcset=\"/sub/x/f.1a.720w.png 720w, /sub/x/f.1a.1440w.png 1440w\" sizes=\"(max-width: 720px) 100vw, 720px\" alt=\"Flow\" width=\"3000\" height=\"1500\" loading=\"lazy\" decoding=\"async\"></picture></p>\n"
        );
        responsive.webp.clear();
        assert_eq!(
            html(&responsive),
            "<p><img src=\"/sub/x/f.1a.720w.png\" srcset=\"/sub/x/f.1a.720w.png 720w, /sub/x/f.1a.1440w.png 1440w\" sizes=\"(max-width: 720px) 100vw, 720px\" alt=\"Flow\" width=\"3000\" height=\"1500\" loading=\"lazy\" decoding=\"async\"></p>\n"
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
