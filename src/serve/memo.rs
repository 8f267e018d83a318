//! memo: what `serve` reuses from one rebuild to the next. A Markdown
//! document is rendered again only when its file, its rendering options or
//! the set of link targets changed; a page goes through Tera again only
//! when its template set or its context changed. Keys cover every input,
//! so a build with a warm memo gives exactly the bytes of a cold one. Each
//! full rebuild keeps only the entries it used, so memory stays bounded.

use crate::markdown::RenderedDoc;
use crate::render::store::RenderStore;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What the last rebuild rendered, and what it could reuse.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RebuildStats {
    pub documents_rendered: usize,
    pub documents_reused: usize,
    pub pages_rendered: usize,
    pub pages_reused: usize,
    /// Whether the search index was built again (rather than reused).
    pub search_indexed: bool,
}

/// One generation of remembered results: those of the last build, to look
/// up, and those this build used, to keep.
struct Generation<T> {
    last: HashMap<u64, T>,
    used: Mutex<HashMap<u64, T>>,
    rendered: AtomicUsize,
    reused: AtomicUsize,
}

impl<T: Clone> Generation<T> {
    fn get_or(&self, key: u64, render: impl FnOnce() -> Option<T>, fallback: T) -> T {
        let value = match self.last.get(&key) {
            Some(hit) => {
                self.reused.fetch_add(1, Ordering::Relaxed);
                Some(hit.clone())
            }
            None => {
                self.rendered.fetch_add(1, Ordering::Relaxed);
                render()
            }
        };
        match value {
            Some(value) => {
                let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
                used.insert(key, value.clone());
                value
            }
            None => fallback,
        }
    }

    /// Starts a build: what the last one used becomes what this one looks up.
    fn begin(&mut self) {
        let used = std::mem::take(self.used.get_mut().unwrap_or_else(|e| e.into_inner()));
        self.last = used;
        self.rendered = AtomicUsize::new(0);
        self.reused = AtomicUsize::new(0);
    }

    fn counts(&self) -> (usize, usize) {
        (
            self.rendered.load(Ordering::Relaxed),
            self.reused.load(Ordering::Relaxed),
        )
    }
}

impl<T> Default for Generation<T> {
    fn default() -> Self {
        Generation {
            last: HashMap::new(),
            used: Mutex::default(),
            rendered: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        }
    }
}

/// The rendered documents and pages of the last full rebuild, by key.
#[derive(Default)]
pub(crate) struct Memo {
    documents: Generation<RenderedDoc>,
    pages: Generation<String>,
}

impl Memo {
    /// Starts a full rebuild.
    pub(crate) fn begin(&mut self) {
        self.documents.begin();
        self.pages.begin();
    }

    /// What this rebuild rendered and reused so far.
    pub(crate) fn stats(&self) -> RebuildStats {
        let (documents_rendered, documents_reused) = self.documents.counts();
        let (pages_rendered, pages_reused) = self.pages.counts();
        RebuildStats {
            documents_rendered,
            documents_reused,
            pages_rendered,
            pages_reused,
            search_indexed: false,
        }
    }
}

impl RenderStore for Memo {
    fn document(&self, key: &dyn Fn() -> u64, render: &dyn Fn() -> RenderedDoc) -> RenderedDoc {
        self.documents
            .get_or(key(), || Some(render()), RenderedDoc::default())
    }

    fn page(
        &self,
        key: u64,
        render: &dyn Fn() -> Result<String, tera::Error>,
    ) -> Result<String, tera::Error> {
        let mut failed = None;
        let html = self.pages.get_or(
            key,
            || match render() {
                Ok(html) => Some(html),
                Err(e) => {
                    failed = Some(e);
                    None
                }
            },
            String::new(),
        );
        match failed {
            Some(e) => Err(e),
            None => Ok(html),
        }
    }

    fn reuses_pages(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_reused_only_by_the_next_build_that_uses_it() {
        let mut memo = Memo::default();
        let render = || Ok::<_, tera::Error>("<p>1</p>".to_string());
        memo.begin();
        assert_eq!(memo.page(7, &render).unwrap(), "<p>1</p>");
        assert_eq!(memo.stats().pages_rendered, 1);
        memo.begin();
        let unused = || Err::<String, _>(tera::Error::msg("not rendered again"));
        assert_eq!(memo.page(7, &unused).unwrap(), "<p>1</p>");
        assert_eq!(
            (memo.stats().pages_rendered, memo.stats().pages_reused),
            (0, 1)
        );
        // A build that does not use it drops it.
        memo.begin();
        memo.begin();
        assert!(memo.page(7, &unused).is_err());
    }
}
