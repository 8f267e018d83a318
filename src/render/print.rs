//! print: a region's print page holds every playbook of the region on one
//! page, so each playbook's ids and same-page links are prefixed with its
//! slug (`pdpl--residency-options`) to stay unique.

use crate::markdown::TocEntry;

/// The HTML of a document with every `id` and same-page `#` link prefixed.
pub(super) fn prefix_ids(html: &str, prefix: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{prefix}"))
        .replace(" href=\"#", &format!(" href=\"#{prefix}"))
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
