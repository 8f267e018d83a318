//! single_page: rebuilds under `serve` that touch only what a save changed.
//!
//! A full rebuild reads every file again and builds every page's context;
//! on a site of 10,000 playbooks that takes seconds even when Tera and
//! Markdown are memoised. The commonest save, though, changes only the
//! prose of a Markdown document: the same front matter, the same heading
//! ids. Then nothing outside that document's own pages can change — no
//! list, card, link or anchor elsewhere depends on its body — so
//! `LoadedSite::fast_rebuild` re-renders that body and the page that shows
//! it, and hands over a site in milliseconds. Pages that also embed the
//! body (a region's print page holds every playbook of the region) follow
//! (`follow_up`), and the search index last, in the background. After
//! those, the site equals a full build's, byte for byte
//! (`tests/incremental.rs`).
//!
//! Anything else — a new, deleted or renamed file, a changed front matter
//! or heading, a TOML file, a template, a static file, `guidegen.toml` —
//! goes through the full rebuild. Only a site with one language is rebuilt
//! this way.

use super::memo::RebuildStats;
use crate::base::diagnostics::{self, Diagnostic};
use crate::base::site::Site;
use crate::base::source::{Markdown, Source};
use crate::content::{frontmatter, playbook, Kind, Playbook, Ref};
use crate::library::{playbook_order, DocId, Library};
use crate::markdown::headings;
use crate::pipeline::Compiled;
use crate::render::sink::InMemory;
use crate::render::store::Fresh;
use crate::render::{self, feeds, Contexts, PageKey, RenderedDocs};
use crate::routes;
use crate::search::SearchSlot;
use crate::theme::templates::Templates;
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the last good full build left behind, kept up to date by every
/// fast rebuild since: it always describes the sources as they are now.
pub(crate) struct LoadedSite {
    library: Library,
    templates: Templates,
    docs: RenderedDocs,
    /// The pages of the search index, without their HTML.
    pub(super) search: Vec<SearchSlot>,
    /// The last site handed over without errors, as it is served.
    pub(super) served: Arc<Site>,
    /// A copy of `served` to change in place for the next rebuild, made
    /// ahead (`prepare`) so that cloning the site's map is not on the way
    /// from a save to its reload.
    working: Option<Site>,
    /// The diagnostics of the full build that no document's Markdown gave
    /// (coverage warnings, static files …): a body edit cannot change them.
    base_diagnostics: Vec<Diagnostic>,
    /// Pages not rendered since their document changed: the pages a fast
    /// rebuild left for `follow_up`, and those an error held back.
    pending: BTreeSet<PageKey>,
    /// The last rebuild had errors: nothing is rendered until they are fixed.
    pub(super) broken: bool,
    /// The search index no longer matches the pages.
    pub(super) search_stale: bool,
    /// The URLs the sitemap lists; the feed and sitemap show playbooks'
    /// titles and dates, to write again when those change.
    page_urls: Vec<String>,
    feeds_stale: bool,
    /// The card each page names (page path → card path): a card no page
    /// names any more leaves the served site.
    page_cards: BTreeMap<String, String>,
}

/// What a full build hands over to become a `LoadedSite`.
pub(crate) struct FullBuild {
    pub(crate) library: Library,
    pub(crate) templates: Templates,
    pub(crate) docs: RenderedDocs,
    pub(crate) search: Vec<SearchSlot>,
    pub(crate) page_urls: Vec<String>,
    /// The card each page names (page path → card path).
    pub(crate) page_cards: BTreeMap<String, String>,
    pub(crate) site: Arc<Site>,
}

/// One changed file, as a fast rebuild sees it.
enum Edit {
    /// The file's text did not change.
    Unchanged,
    /// A document whose front matter did not change: a new body.
    Body {
        doc: DocId,
        source: Source,
        body: Markdown,
    },
    /// A playbook whose front matter changed without moving it: the same
    /// pillar, regions, case studies and place in the lists (title,
    /// summary, tags, dates, or a weight that keeps its order).
    Playbook { index: usize, new: Box<Playbook> },
}

impl LoadedSite {
    pub(crate) fn new(
        full: FullBuild,
        diagnostics: &[Diagnostic],
        search_stale: bool,
    ) -> LoadedSite {
        let mut base_diagnostics = diagnostics.to_vec();
        for d in full.docs.diagnostics() {
            if let Some(i) = base_diagnostics.iter().position(|x| x == d) {
                base_diagnostics.remove(i);
            }
        }
        LoadedSite {
            library: full.library,
            templates: full.templates,
            docs: full.docs,
            search: full.search,
            page_urls: full.page_urls,
            page_cards: full.page_cards,
            feeds_stale: false,
            served: full.site,
            working: None,
            base_diagnostics,
            pending: BTreeSet::new(),
            broken: false,
            search_stale,
        }
    }

    pub(super) fn language(&self) -> &str {
        &self.library.config.language
    }

    pub(super) fn search_enabled(&self) -> bool {
        self.library.config.search
    }

    /// The served site, to change; a copy made now if `prepare` did not.
    pub(super) fn working_copy(&mut self) -> Site {
        self.working
            .take()
            .unwrap_or_else(|| Site::clone(&self.served))
    }

    /// Serves `site`: it becomes the site later rebuilds start from.
    pub(super) fn serve(&mut self, site: Site) -> Arc<Site> {
        self.served = Arc::new(site);
        self.served.clone()
    }

    /// Every diagnostic a full build of the sources would give now, sorted.
    pub(super) fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.base_diagnostics.clone();
        all.extend(self.docs.diagnostics().cloned());
        diagnostics::sort(&mut all);
        all
    }

    /// Copies the served site for the next rebuild to change, if not done.
    pub(super) fn prepare(&mut self) {
        if self.working.is_none() {
            self.working = Some(Site::clone(&self.served));
        }
    }

    /// Whether `follow_up` has pages to render.
    pub(super) fn has_follow_up(&self) -> bool {
        !self.pending.is_empty() && !self.broken
    }

    /// Reads a changed file and says how it changed; `None` when a full
    /// rebuild is needed.
    fn classify(&self, root: &Path, abs: &Path) -> Option<Edit> {
        let lib = &self.library;
        let rel = abs.strip_prefix(root).ok()?.to_str()?;
        // Only content documents are found below, and a deleted file fails
        // to read: a full rebuild for both.
        if !rel.ends_with(".md") {
            return None;
        }
        let doc = lib.find(rel)?;
        let old = lib.document(doc).0;
        let text = lib.config.boundary.read_text(abs, rel).ok()?;
        if *old.text == *text {
            return Some(Edit::Unchanged);
        }
        // Snippets are included while loading: such a file is loaded again.
        let old_body = lib.document(doc).2;
        // So are files that include snippets or show images (an image
        // beside the Markdown is published by the page's build).
        if text.contains("{{#include")
            || text.contains("![")
            || old_body.is_some_and(|md| md.includes_snippets())
        {
            return None;
        }
        let source = Source {
            path: rel.to_string(),
            text,
        };
        let (before, after) = (
            frontmatter::split(old).ok()?,
            frontmatter::split(&source).ok()?,
        );
        // The same heading ids: every `@/…#anchor` elsewhere resolves as before.
        let anchors: HashSet<String> = headings(after.body.text(), &lib.reserved_ids)
            .into_iter()
            .map(|h| h.id)
            .collect();
        if lib.anchors(rel) != Some(&anchors) {
            return None;
        }
        let same_front = before.front.toml_text == after.front.toml_text
            && before.front.offset == after.front.offset;
        if same_front {
            let body = after.body;
            return Some(Edit::Body { doc, source, body });
        }
        if doc.kind != Kind::Playbook {
            // A pillar's or page's title is in every page's navigation.
            return None;
        }
        let b = doc.index;
        let (old, mut diags) = (&lib.playbooks[b], Vec::new());
        let new = playbook::parse(source.clone(), old.slug.clone(), &mut diags)?;
        let slugs = |refs: &[Ref]| refs.iter().map(|r| r.slug.clone()).collect::<Vec<_>>();
        let same_links = new.pillar.slug == old.pillar.slug
            && slugs(&new.regions) == slugs(&old.regions)
            && slugs(&new.case_studies) == slugs(&old.case_studies)
            && new.draft == old.draft
            // A new or dropped tag adds or removes a tag page.
            && new.tags == old.tags
            && new.common.aliases.iter().map(|a| &a.path).eq(old.common.aliases.iter().map(|a| &a.path));
        let same_pillar = |i: usize| lib.playbook_pillar.get(i) == Some(&lib.playbook_pillar[b]);
        let after_previous = b == 0
            || !same_pillar(b - 1)
            || playbook_order(&lib.playbooks[b - 1]) < playbook_order(&new);
        let before_next =
            !same_pillar(b + 1) || playbook_order(&new) < playbook_order(&lib.playbooks[b + 1]);
        if !diags.is_empty() || !same_links || !after_previous || !before_next {
            return None;
        }
        Some(Edit::Playbook {
            index: b,
            new: Box::new(new),
        })
    }

    /// Rebuilds after `changed` (absolute paths) when every change is a
    /// body edit of a Markdown document or a playbook edit that moves
    /// nothing; `None` when a full rebuild is needed.
    pub(super) fn fast_rebuild(
        &mut self,
        root: &Path,
        changed: &[PathBuf],
        stats: &mut RebuildStats,
    ) -> Option<Compiled> {
        if changed.is_empty() {
            return None;
        }
        let mut edits = Vec::new();
        for abs in changed {
            match self.classify(root, abs)? {
                Edit::Unchanged => {}
                edit => edits.push(edit),
            }
        }
        let mut edited = Vec::new();
        for edit in edits {
            let doc = match edit {
                Edit::Body { doc, source, body } => {
                    let (old_source, old_body) = self.library.document_mut(doc);
                    *old_source = source;
                    if let Some(old_body) = old_body {
                        *old_body = body;
                    }
                    doc
                }
                Edit::Unchanged => continue,
                Edit::Playbook { index, new } => {
                    self.library.playbooks[index] = *new;
                    self.pending
                        .extend(render::pages_showing_playbook(&self.library, index));
                    self.feeds_stale = true;
                    DocId {
                        kind: Kind::Playbook,
                        index,
                    }
                }
            };
            let (source, _, md) = self.library.document(doc);
            let labels = render::markdown_labels(&self.library, Some(&self.templates.i18n));
            let renderer = render::renderer(&self.library, &labels);
            let rendered = md.map(|md| renderer.render(md, source)).unwrap_or_default();
            let old = std::mem::replace(self.docs.get_mut(doc), rendered);
            // A region's checklist shows the playbook's task items.
            if doc.kind == Kind::Playbook && old.tasks != self.docs.get_mut(doc).tasks {
                let checklists = render::pages_showing_tasks(&self.library, doc.index);
                self.pending.extend(checklists);
            }
            let (page, embedding) = render::document_pages(&self.library, doc);
            self.pending.insert(page);
            self.pending.extend(embedding);
            edited.push(page);
        }
        // The page of each edited document now; the pages that embed it later.
        let now: BTreeSet<PageKey> = edited.iter().copied().collect();
        *stats = RebuildStats {
            documents_rendered: edited.len(),
            documents_reused: self.docs.iter().count() - edited.len(),
            ..RebuildStats::default()
        };
        Some(self.render_pending(&now, true, stats))
    }

    /// Renders one of the pages a fast rebuild left pending (print pages
    /// that embed an edited body: up to a quarter of a second each on a
    /// site of 10,000 playbooks), so that a save waits for one page at
    /// most; `None` when there are none or the sources have errors.
    pub(super) fn follow_up(&mut self, stats: &mut RebuildStats) -> Option<Compiled> {
        if self.broken {
            return None;
        }
        let next = *self.pending.iter().next()?;
        *stats = RebuildStats::default();
        let only = BTreeSet::from([next]);
        Some(self.render_pending(&only, false, stats))
    }

    /// Renders the pending pages `only` names and returns what a full build
    /// would return now (the feeds too, unless `immediate`). With errors,
    /// nothing is rendered and the pages stay pending.
    fn render_pending(
        &mut self,
        only: &BTreeSet<PageKey>,
        immediate: bool,
        stats: &mut RebuildStats,
    ) -> Compiled {
        let mut diagnostics = self.diagnostics();
        self.broken = diagnostics.iter().any(Diagnostic::is_error);
        if self.broken {
            return Compiled::rebuilt(None, diagnostics);
        }
        let wanted: BTreeSet<PageKey> = self
            .pending
            .iter()
            .filter(|k| only.contains(k))
            .copied()
            .collect();
        let contexts = Contexts::new(&self.library, &self.docs, &self.templates.i18n);
        let jobs = render::page_jobs(&contexts, &|key| wanted.contains(&key));
        let sink = InMemory::default();
        let outcomes = render::render_pages(jobs, &self.templates, &Fresh, &sink);
        drop(contexts);
        let mut pages = sink.take_pages();
        let mut errors = Vec::new();
        let mut done = Vec::new();
        let mut cards = BTreeMap::new();
        let mut replaced = Vec::new();
        for page in outcomes {
            let old = match &page.card {
                Some((card, _)) => self.page_cards.insert(page.path.clone(), card.clone()),
                None => self.page_cards.remove(&page.path),
            };
            replaced.extend(old);
            cards.extend(page.card);
            match page.result {
                Ok(()) => {
                    let html = pages.remove(&page.path).unwrap_or_default();
                    done.push((page.path, html, page.search));
                }
                Err(d) => errors.push((d, page.url)),
            }
        }
        let errors = render::page_errors(errors);
        if !errors.is_empty() {
            self.broken = true;
            diagnostics.extend(errors);
            diagnostics::sort(&mut diagnostics);
            return Compiled::rebuilt(None, diagnostics);
        }
        let mut site = self.working_copy();
        let mut changed = Vec::new();
        // A page whose card changed names a new one: draw it (or take it
        // from the cache) so that the served page never names a missing one.
        cards.retain(|path, _| !site.files.contains_key(path));
        if let (Some(theme), false) = (&self.templates.cards, cards.is_empty()) {
            let config = &self.library.config;
            let cache = crate::base::cache::Cache::new(&config.boundary, "cards", true);
            let drawn = crate::pipeline::draw_cards(&cache, theme, cards);
            changed.extend(drawn.files.keys().cloned());
            site.files.extend(drawn.files);
        }
        for old in replaced {
            let named = self.page_cards.values().any(|c| *c == old);
            if !named && site.files.remove(&old).is_some() {
                changed.push(old);
            }
        }
        for (path, html, search) in done {
            if let Some(entry) = search {
                // Its title or facets may have changed with the front matter.
                if let Some(slot) = self.search.iter_mut().find(|s| s.path == path) {
                    slot.entry = entry;
                }
                self.search_stale = true;
            }
            if site.files.get(&path) != Some(&html) {
                changed.push(path.clone());
            }
            site.files.insert(path, html);
            stats.pages_rendered += 1;
        }
        // The feeds with the pages that follow: the sitemap of a large site
        // takes longer than the edited page.
        if !immediate && std::mem::take(&mut self.feeds_stale) {
            let lib = &self.library;
            let feeds = [
                (routes::FEED, Bytes::from(feeds::atom(lib))),
                (
                    routes::SITEMAP,
                    Bytes::from(feeds::sitemap(lib, &self.page_urls)),
                ),
            ];
            for (path, bytes) in feeds {
                if site.files.get(path) != Some(&bytes) {
                    changed.push(path.to_string());
                }
                site.files.insert(path.to_string(), bytes);
            }
        }
        stats.pages_reused = site.pages.saturating_sub(stats.pages_rendered);
        self.pending.retain(|k| !wanted.contains(k));
        changed.sort();
        Compiled {
            changed: Some(changed),
            ..Compiled::rebuilt(Some(self.serve(site)), diagnostics)
        }
    }
}
