//! print: a region's print page holds every playbook of the region on one
//! page, so each playbook's ids and same-page links are prefixed with its
//! slug (`pdpl--residency-options`) to stay unique. The ids are rewritten
//! in the parsed HTML (lol_html), never by replacing text: code that reads
//! `<div id="main">` is text, and stays as it was written.

use crate::markdown::TocEntry;
use lol_html::{element, rewrite_str, RewriteStrSettings};

/// The HTML of a document with every `id` and same-page `#` link prefixed.
pub(super) fn prefix_ids(html: &str, prefix: &str) -> String {
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[id]", |el| {
            if let Some(id) = el.get_attribute("id") {
                el.set_attribute("id", &format!("{prefix}{id}"))?;
            }
            Ok(())
        }))
        .append_element_content_handler(element!("a[href^='#']", |el| {
            if let Some(href) = el.get_attribute("href") {
                let anchor = &href[1..];
                if !anchor.is_empty() {
                    el.set_attribute("href", &format!("#{prefix}{anchor}"))?;
                }
            }
            Ok(())
        }));
    // Our own renderer's output always parses; were it ever refused, the
    // page keeps the document as it was rather than lose it.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

pub(super) fn prefix_toc(toc: &[TocEntry], prefix: &str) -> Vec<TocEntry> {
    toc.iter()
        .map(|e| TocEntry {
            id: format!("{prefix}{}", e.id),
            title: e.title.clone(),
            level: e.level,
            children: prefix_toc(&e.children, prefix),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::prefix_ids;

    #[test]
    fn ids_and_anchor_links_are_prefixed_but_code_text_is_not() {
        let html = "<h2 id=\"main\">Main</h2>\n<p>Write <code>&lt;div id=\"main\"&gt;</code> and <a href=\"#main\">up</a>, <a href=\"https://x.org/#main\">out</a>, <a href=\"#\">top</a>.</p>\n<pre><code> href=\"#x\" id=\"y\"</code></pre>\n<sup class=\"footnote-ref\" id=\"fnref:1\"><a href=\"#fn:1\">1</a></sup>";
        assert_eq!(
            prefix_ids(html, "pdpl--"),
            "<h2 id=\"pdpl--main\">Main</h2>\n<p>Write <code>&lt;div id=\"main\"&gt;</code> and <a href=\"#pdpl--main\">up</a>, <a href=\"https://x.org/#main\">out</a>, <a href=\"#\">top</a>.</p>\n<pre><code> href=\"#x\" id=\"y\"</code></pre>\n<sup class=\"footnote-ref\" id=\"pdpl--fnref:1\"><a href=\"#pdpl--fn:1\">1</a></sup>"
        );
    }
}
