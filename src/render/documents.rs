//! documents: every item's Markdown rendered once (in parallel), and reused
//! by each page that shows it.

use super::store::RenderStore;
use crate::base::diagnostics::Diagnostic;
use crate::base::fingerprint;
use crate::content::Kind;
use crate::library::{DocId, Library};
use crate::markdown::{
    CalloutLabels, RenderedDoc, Renderer, CALLOUT_LABEL_KEYS, FOOTNOTE_BACKREF_DEFAULT,
    FOOTNOTE_BACKREF_KEY,
};
use crate::theme::i18n::I18n;
use rayon::prelude::*;

/// The rendered Markdown of every item of a library, by kind and index; an
/// item without Markdown (a region without an overview) has an empty one.
#[derive(Default)]
pub(crate) struct RenderedDocs {
    by_kind: [Vec<RenderedDoc>; Kind::ALL.len()],
}

impl RenderedDocs {
    pub(crate) fn get(&self, kind: Kind, index: usize) -> &RenderedDoc {
        &self.by_kind[kind as usize][index]
    }

    pub(crate) fn get_mut(&mut self, id: DocId) -> &mut RenderedDoc {
        &mut self.by_kind[id.kind as usize][id.index]
    }

    /// Every document, kind by kind.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &RenderedDoc> {
        self.by_kind.iter().flatten()
    }

    /// What rendering the documents found wrong.
    pub(crate) fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.iter().flat_map(|d| &d.diagnostics)
    }
}

/// The words Markdown puts on a page in `library`'s language (callout
/// labels, a footnote's back-link): the theme's UI strings, or English when
/// the theme could not be loaded (a failed build renders documents only
/// for their diagnostics).
pub(crate) struct MarkdownLabels {
    pub(crate) callouts: CalloutLabels,
    pub(crate) footnote_backref: String,
}

pub(crate) fn markdown_labels(library: &Library, i18n: Option<&I18n>) -> MarkdownLabels {
    match i18n {
        Some(i18n) => {
            let strings = i18n.strings(&library.config.language);
            MarkdownLabels {
                callouts: CalloutLabels(CALLOUT_LABEL_KEYS.map(|key| strings.get(key).to_string())),
                footnote_backref: strings.get(FOOTNOTE_BACKREF_KEY).to_string(),
            }
        }
        None => MarkdownLabels {
            callouts: CalloutLabels::default(),
            footnote_backref: FOOTNOTE_BACKREF_DEFAULT.to_string(),
        },
    }
}

/// The renderer of `library`'s documents, with `labels` in its language.
pub(crate) fn renderer<'a>(library: &'a Library, labels: &'a MarkdownLabels) -> Renderer<'a> {
    Renderer {
        unsafe_html: library.config.unsafe_html,
        autolinks: library.config.autolinks,
        links: library,
        reserved_ids: &library.reserved_ids,
        callout_labels: &labels.callouts,
        footnote_backref: &labels.footnote_backref,
    }
}

/// Renders every document of `library` through `store`.
pub(crate) fn render_documents(
    library: &Library,
    store: &dyn RenderStore,
    labels: &MarkdownLabels,
) -> RenderedDocs {
    let renderer = renderer(library, labels);
    let links = library.links_fingerprint().to_le_bytes();
    let mut options = vec![
        u8::from(library.config.unsafe_html),
        u8::from(library.config.autolinks),
    ];
    for label in labels.callouts.0.iter().chain([&labels.footnote_backref]) {
        options.extend(label.as_bytes());
        options.push(0);
    }
    let mut docs = RenderedDocs::default();
    for kind in Kind::ALL {
        let ids: Vec<DocId> = (0..library.count(kind))
            .map(|index| DocId { kind, index })
            .collect();
        docs.by_kind[kind as usize] = ids
            .into_par_iter()
            .map(|id| {
                let (source, _, md) = library.document(id);
                let Some(md) = md else {
                    return RenderedDoc::default();
                };
                // Every input of the HTML: the file, the Markdown, what
                // its links resolve against and the rendering options.
                let key = || {
                    fingerprint::key(&[
                        source.path.as_bytes(),
                        source.text.as_bytes(),
                        md.text().as_bytes(),
                        &links,
                        &options,
                    ])
                };
                store.document(&key, &|| renderer.render(md, source))
            })
            .collect();
    }
    docs
}
