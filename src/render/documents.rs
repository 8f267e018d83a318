//! documents: every item's Markdown rendered once (in parallel), and reused
//! by each page that shows it.

use super::store::RenderStore;
use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::fingerprint;
use crate::content::Kind;
use crate::library::{DocId, Library};
use crate::markdown::url::{dangerous_url_message, is_dangerous_url};
use crate::markdown::LinkTargets;
use crate::markdown::{
    CalloutLabels, GlossaryMarks, RenderedDoc, Renderer, CALLOUT_LABEL_KEYS,
    FOOTNOTE_BACKREF_DEFAULT, FOOTNOTE_BACKREF_KEY,
};
use crate::routes::Route;
use crate::theme::i18n::I18n;
use rayon::prelude::*;

/// The rendered Markdown of every item of a library, by kind and index; an
/// item without Markdown (a region without an overview) has an empty one.
#[derive(Default)]
pub(crate) struct RenderedDocs {
    by_kind: [Vec<RenderedDoc>; Kind::ALL.len()],
    /// Each glossary term's definition, and its link resolved, in the
    /// glossary's order.
    pub(crate) glossary: Vec<(RenderedDoc, Option<String>)>,
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
        self.by_kind
            .iter()
            .flatten()
            .chain(self.glossary.iter().map(|(doc, _)| doc))
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
    /// The glossary terms marked at their first use, if the site has any.
    pub(crate) glossary: Option<GlossaryMarks>,
}

pub(crate) fn markdown_labels(library: &Library, i18n: Option<&I18n>) -> MarkdownLabels {
    match i18n {
        Some(i18n) => {
            let strings = i18n.strings(&library.config.language);
            MarkdownLabels {
                callouts: CalloutLabels {
                    kinds: CALLOUT_LABEL_KEYS.map(|key| strings.get(key).to_string()),
                    task_done: strings.get("task_done").to_string(),
                    task_todo: strings.get("task_todo").to_string(),
                },
                footnote_backref: strings.get(FOOTNOTE_BACKREF_KEY).to_string(),
                glossary: glossary_marks(library),
            }
        }
        None => MarkdownLabels {
            callouts: CalloutLabels::default(),
            footnote_backref: FOOTNOTE_BACKREF_DEFAULT.to_string(),
            glossary: glossary_marks(library),
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
        glossary: labels.glossary.as_ref(),
    }
}

/// The glossary terms `library`'s documents mark, if it has a glossary.
pub(crate) fn glossary_marks(library: &Library) -> Option<GlossaryMarks> {
    let glossary = library.glossary.as_ref()?;
    let terms = glossary
        .terms
        .iter()
        .map(|t| (t.term.clone(), t.id.clone(), t.expansion.clone()))
        .collect();
    Some(GlossaryMarks::new(library.url(Route::Glossary), terms))
}

/// Renders every document of `library` through `store`.
pub(crate) fn render_documents(
    library: &Library,
    store: &dyn RenderStore,
    labels: &MarkdownLabels,
) -> RenderedDocs {
    let renderer = renderer(library, labels);
    let links = library.links_fingerprint().to_le_bytes();
    // Only a store that keeps documents asks for keys: hash the images then.
    let images = std::sync::OnceLock::new();
    let mut options = vec![
        u8::from(library.config.unsafe_html),
        u8::from(library.config.autolinks),
    ];
    if let Some(marks) = &labels.glossary {
        options.extend(marks.key());
    }
    let callouts = &labels.callouts;
    for label in callouts.kinds.iter().chain([
        &callouts.task_done,
        &callouts.task_todo,
        &labels.footnote_backref,
    ]) {
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
                // its links resolve against, the images it may show and
                // the rendering options.
                let key = || {
                    fingerprint::key(&[
                        source.path.as_bytes(),
                        source.text.as_bytes(),
                        md.text().as_bytes(),
                        &links,
                        &(images.get_or_init(|| library.image_deps()))
                            .key(md.text())
                            .to_le_bytes(),
                        &options,
                    ])
                };
                store.document(&key, &|| renderer.render(md, source))
            })
            .collect();
    }
    docs.glossary = glossary_definitions(library, &renderer);
    docs
}

/// The glossary's definitions, rendered without marks, and each term's
/// link: `@/…` resolved like a Markdown link, a URL checked like one.
fn glossary_definitions(
    library: &Library,
    renderer: &Renderer,
) -> Vec<(RenderedDoc, Option<String>)> {
    let Some(glossary) = &library.glossary else {
        return Vec::new();
    };
    let plain = Renderer {
        glossary: None,
        ..*renderer
    };
    let source = &glossary.source;
    glossary
        .terms
        .iter()
        .map(|term| {
            let mut doc = term
                .definition
                .as_ref()
                .map(|md| plain.render(md, source))
                .unwrap_or_default();
            let link = term.link.as_ref().and_then(|(url, at)| {
                let problem = |level, message: String| {
                    Diagnostic::at(level, &source.path, &source.text, *at, message)
                };
                if let Some(target) = url.strip_prefix("@/") {
                    let (path, anchor) = match target.split_once('#') {
                        Some((p, a)) => (p, Some(a)),
                        None => (target, None),
                    };
                    match library.resolve(path, anchor) {
                        Ok(url) => Some(url),
                        Err((message, hint)) => {
                            doc.diagnostics
                                .push(problem(Level::Error, message).with_hint(hint));
                            None
                        }
                    }
                } else if is_dangerous_url(url, false) {
                    doc.diagnostics
                        .push(problem(Level::Warning, dangerous_url_message(url)));
                    None
                } else {
                    Some(url.clone())
                }
            });
            (doc, link)
        })
        .collect()
}
