//! store: where rendered documents and pages come from and what is kept of
//! them — the seam between a one-shot build and `serve`. A build that runs
//! once renders everything (`Fresh`), packing each document as it goes when
//! it must hold them all until its last page (`Compact`); `serve` hands in
//! its own store, which reuses what earlier rebuilds rendered.

use crate::markdown::RenderedDoc;

/// Renders documents and pages, or gives back what it kept of them. `key`
/// names every input of the result; a document's is a closure, which a
/// store that keeps nothing never calls (hashing a document's sources is
/// not free); a page's or text's is computed already.
pub(crate) trait RenderStore: Sync {
    fn document(&self, key: &dyn Fn() -> u64, render: &dyn Fn() -> RenderedDoc) -> RenderedDoc;

    /// A page, for a store that `reuses_pages`; others are never asked.
    fn page(
        &self,
        _key: u64,
        render: &dyn Fn() -> Result<String, tera::Error>,
    ) -> Result<String, tera::Error> {
        render()
    }

    /// Whether `page` would find a page under `key` without rendering it.
    fn holds_page(&self, _key: u64) -> bool {
        false
    }

    /// A text made from others (a document's HTML with its ids prefixed,
    /// for a print page), or what it kept of it.
    fn text(&self, _key: u64, render: &dyn Fn() -> String) -> String {
        render()
    }

    /// Whether it looks pages up by key and keeps them (`serve`'s memo,
    /// `build --cache`): every page then goes through `page`, none is
    /// streamed past it. Otherwise pages are rendered straight, and no
    /// key is computed.
    fn reuses_pages(&self) -> bool {
        false
    }
}

/// Renders everything and keeps nothing.
pub(crate) struct Fresh;

impl RenderStore for Fresh {
    fn document(&self, _: &dyn Fn() -> u64, render: &dyn Fn() -> RenderedDoc) -> RenderedDoc {
        render()
    }
}

/// Renders everything and packs each document's HTML as soon as it is
/// rendered: a one-shot build holds every document until the last page
/// that embeds it (a region's print page) is written.
pub(crate) struct Compact;

impl RenderStore for Compact {
    fn document(&self, _: &dyn Fn() -> u64, render: &dyn Fn() -> RenderedDoc) -> RenderedDoc {
        let mut doc = render();
        doc.html.pack();
        doc
    }
}
