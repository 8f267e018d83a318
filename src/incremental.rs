//! incremental: rebuilds under `serve` that touch only what a save changed.
//!
//! A full rebuild (`compile_cached`) reads every file again and builds every
//! page's context; on a site of 10,000 playbooks that takes seconds even when
//! Tera and Markdown are memoised. The commonest save, though, changes only
//! the prose of a Markdown document: the same front matter, the same heading
//! ids. Then nothing outside that document's own pages can change — no list,
//! card, link or anchor elsewhere depends on its body — so `fast_rebuild`
//! re-renders that body and the page that shows it, and hands over a site in
//! milliseconds. Pages that also embed the body (a region's print page holds
//! every playbook of the region) are rendered next by `follow_up`, and the
//! search index last, in the background (`SearchJob`), because Pagefind has
//! no incremental update. After those, the site equals a full build's, byte
//! for byte (`tests/incremental.rs`).
//!
//! Anything else — a new, deleted or renamed file, a changed front matter or
//! heading, a TOML file, a template, a static file, `guidegen.toml` — goes
//! through the full rebuild, which keeps its own memo (`cache`).

use crate::cache::BuildCache;
use crate::content::{frontmatter, playbook, read_text, Markdown, Playbook, Ref, Source};
use crate::diagnostics::{self, Diagnostic};
use crate::library::Library;
use crate::markdown::{headings, Rendered, Renderer};
use crate::render::{self, Documents, Kept, PageKey, SearchSlot, Site, Views};
use crate::templates::Templates;
use crate::Compiled;
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the last good full build left behind, kept up to date by every
/// fast rebuild since: it always describes the sources as they are now.
pub struct Retained {
    library: Library,
    templates: Templates,
    docs: Documents,
    search: Vec<SearchSlot>,
    /// The last site handed over without errors, as it is served.
    served: Arc<Site>,
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
    broken: bool,
    /// The search index no longer matches the pages.
    search_stale: bool,
    /// The URLs the sitemap lists; the feed and sitemap show playbooks'
    /// titles and dates, to write again when those change.
    page_urls: Vec<String>,
    feeds_stale: bool,
}

impl Retained {
    pub(crate) fn new(
        library: Library,
        templates: Templates,
        kept: Kept,
        site: Arc<Site>,
        diagnostics: &[Diagnostic],
        search_stale: bool,
    ) -> Retained {
        let mut base_diagnostics = diagnostics.to_vec();
        for d in all_documents(&kept.docs).flat_map(|r| &r.diagnostics) {
            if let Some(i) = base_diagnostics.iter().position(|x| x == d) {
                base_diagnostics.remove(i);
            }
        }
        Retained {
            library,
            templates,
            docs: kept.docs,
            search: kept.search,
            page_urls: kept.page_urls,
            feeds_stale: false,
            served: site,
            working: None,
            base_diagnostics,
            pending: BTreeSet::new(),
            broken: false,
            search_stale,
        }
    }

    /// The served site, to change; a copy made now if `prepare` did not.
    fn working_copy(&mut self) -> Site {
        self.working
            .take()
            .unwrap_or_else(|| Site::clone(&self.served))
    }

    /// Serves `site`: it becomes the site later rebuilds start from.
    fn serve(&mut self, site: Site) -> Arc<Site> {
        self.served = Arc::new(site);
        self.served.clone()
    }

    /// Every diagnostic a full build of the sources would give now, sorted.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.base_diagnostics.clone();
        all.extend(all_documents(&self.docs).flat_map(|r| r.diagnostics.iter().cloned()));
        diagnostics::sort(&mut all);
        all
    }
}

fn all_documents(docs: &Documents) -> impl Iterator<Item = &Rendered> {
    docs.pillars
        .iter()
        .chain(&docs.regions)
        .chain(&docs.playbooks)
        .chain(&docs.case_studies)
        .chain(&docs.pages)
}

/// A Markdown document a fast rebuild can take: one with front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doc {
    Pillar(usize),
    Playbook(usize),
    Page(usize),
}

impl Doc {
    fn find(lib: &Library, path: &str) -> Option<Doc> {
        let dir = path.strip_prefix("content/")?.split('/').next()?;
        let is = |s: &Source| s.path == path;
        match dir {
            "pillars" => lib
                .pillars
                .iter()
                .position(|p| is(&p.source))
                .map(Doc::Pillar),
            "playbooks" => lib
                .playbooks
                .iter()
                .position(|p| is(&p.source))
                .map(Doc::Playbook),
            "pages" => lib.pages.iter().position(|p| is(&p.source)).map(Doc::Page),
            _ => None,
        }
    }

    fn source(self, lib: &Library) -> &Source {
        match self {
            Doc::Pillar(i) => &lib.pillars[i].source,
            Doc::Playbook(i) => &lib.playbooks[i].source,
            Doc::Page(i) => &lib.pages[i].source,
        }
    }

    /// Puts a new text and body in place; the front matter is unchanged.
    fn replace(self, lib: &mut Library, source: Source, body: Markdown) {
        match self {
            Doc::Pillar(i) => (lib.pillars[i].source, lib.pillars[i].body) = (source, body),
            Doc::Playbook(i) => (lib.playbooks[i].source, lib.playbooks[i].body) = (source, body),
            Doc::Page(i) => (lib.pages[i].source, lib.pages[i].body) = (source, body),
        }
    }

    fn document(self, lib: &Library) -> (&Markdown, &Source) {
        match self {
            Doc::Pillar(i) => (&lib.pillars[i].body, &lib.pillars[i].source),
            Doc::Playbook(i) => (&lib.playbooks[i].body, &lib.playbooks[i].source),
            Doc::Page(i) => (&lib.pages[i].body, &lib.pages[i].source),
        }
    }

    fn rendered(self, docs: &mut Documents) -> &mut Rendered {
        match self {
            Doc::Pillar(i) => &mut docs.pillars[i],
            Doc::Playbook(i) => &mut docs.playbooks[i],
            Doc::Page(i) => &mut docs.pages[i],
        }
    }

    /// The page that shows the document, and the pages that also embed its
    /// body (rendered by `follow_up`).
    fn pages(self, lib: &Library) -> (PageKey, Vec<PageKey>) {
        match self {
            Doc::Pillar(i) => (PageKey::Pillar(i), Vec::new()),
            Doc::Page(i) => (PageKey::Page(i), Vec::new()),
            Doc::Playbook(i) => (
                PageKey::Playbook(i),
                lib.playbook_regions[i]
                    .iter()
                    .map(|&r| PageKey::RegionPrint(r))
                    .collect(),
            ),
        }
    }
}

/// One changed file a fast rebuild takes on.
struct Edit {
    doc: Doc,
    change: Change,
}

enum Change {
    /// The same front matter: a new body.
    Body { source: Source, body: Markdown },
    /// A playbook whose front matter changed without moving it: the same
    /// pillar, regions, case studies and place in the lists (title, summary,
    /// tags, dates, or a weight that keeps its order).
    Playbook(Box<Playbook>),
}

/// Reads a changed file and says what changed: `None` when a full rebuild
/// is needed, `Some(None)` when the text did not change.
fn classify(lib: &Library, root: &Path, abs: &Path) -> Option<Option<Edit>> {
    let rel = abs.strip_prefix(root).ok()?.to_str()?;
    if !rel.starts_with("content/") || !rel.ends_with(".md") || !abs.is_file() {
        return None;
    }
    let doc = Doc::find(lib, rel)?;
    let old = doc.source(lib);
    let text = read_text(abs, rel).ok()?;
    if *old.text == *text {
        return Some(None);
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
    let anchors: HashSet<String> = headings(after.body.text())
        .into_iter()
        .map(|h| h.id)
        .collect();
    if lib.anchors(rel) != Some(&anchors) {
        return None;
    }
    if before.front.toml_text == after.front.toml_text && before.front.offset == after.front.offset
    {
        let body = after.body;
        return Some(Some(Edit {
            doc,
            change: Change::Body { source, body },
        }));
    }
    let Doc::Playbook(b) = doc else {
        // A pillar's or page's title is in every page's navigation.
        return None;
    };
    let (old, mut diags) = (&lib.playbooks[b], Vec::new());
    let new = playbook::parse(source.clone(), old.slug.clone(), &mut diags)?;
    let slugs = |refs: &[Ref]| refs.iter().map(|r| r.slug.clone()).collect::<Vec<_>>();
    let same_links = new.pillar.slug == old.pillar.slug
        && slugs(&new.regions) == slugs(&old.regions)
        && slugs(&new.case_studies) == slugs(&old.case_studies)
        && new.draft == old.draft;
    // Playbooks are ordered by pillar, weight, title and slug.
    let key = |p: &Playbook| (p.weight, p.title.clone(), p.slug.clone());
    let same_pillar = |i: usize| lib.playbook_pillar.get(i) == Some(&lib.playbook_pillar[b]);
    let after_previous = b == 0 || !same_pillar(b - 1) || key(&lib.playbooks[b - 1]) < key(&new);
    let before_next = !same_pillar(b + 1) || key(&new) < key(&lib.playbooks[b + 1]);
    if !diags.is_empty() || !same_links || !after_previous || !before_next {
        return None;
    }
    Some(Some(Edit {
        doc,
        change: Change::Playbook(Box::new(new)),
    }))
}

/// The pages that show a playbook's card (its title, summary, dates): they
/// follow a change to its front matter.
fn showing_card(lib: &Library, b: usize) -> Vec<PageKey> {
    let mut pages = vec![PageKey::Home, PageKey::Pillar(lib.playbook_pillar[b])];
    for &r in &lib.playbook_regions[b] {
        pages.extend([PageKey::Region(r), PageKey::RegionPrint(r)]);
        // Its neighbours in the region's guide link to it by title.
        let order: Vec<usize> = lib
            .guide(r)
            .into_iter()
            .flat_map(|(_, books)| books)
            .collect();
        if let Some(at) = order.iter().position(|&x| x == b) {
            let around = [at.checked_sub(1), Some(at + 1)];
            pages.extend(
                around
                    .into_iter()
                    .flatten()
                    .filter_map(|i| order.get(i))
                    .map(|&i| PageKey::Playbook(i)),
            );
        }
    }
    pages.extend(
        lib.playbook_case_studies[b]
            .iter()
            .map(|&c| PageKey::CaseStudy(c)),
    );
    pages
}

/// Rebuilds after `changed` (absolute paths) when every change is a body
/// edit of a Markdown document or a playbook edit that moves nothing;
/// `None` when a full rebuild is needed.
pub(crate) fn fast_rebuild(
    cache: &mut BuildCache,
    root: &Path,
    changed: &[PathBuf],
) -> Option<Compiled> {
    let kept = cache.retained.as_mut()?;
    if changed.is_empty() {
        return None;
    }
    let mut edits = Vec::new();
    for abs in changed {
        if let Some(edit) = classify(&kept.library, root, abs)? {
            edits.push(edit);
        }
    }
    let edited: Vec<Doc> = edits.iter().map(|e| e.doc).collect();
    for Edit { doc, change } in edits {
        let mut follow = doc.pages(&kept.library).1;
        match (change, doc) {
            (Change::Body { source, body }, _) => doc.replace(&mut kept.library, source, body),
            (Change::Playbook(new), Doc::Playbook(b)) => {
                kept.library.playbooks[b] = *new;
                follow.extend(showing_card(&kept.library, b));
                kept.feeds_stale = true;
            }
            (Change::Playbook(_), _) => unreachable!("only playbooks change this way"),
        }
        let (md, source) = doc.document(&kept.library);
        let renderer = Renderer {
            unsafe_html: kept.library.config.unsafe_html,
            links: &kept.library,
        };
        let rendered = renderer.render(md, source);
        *doc.rendered(&mut kept.docs) = rendered;
        kept.pending.insert(doc.pages(&kept.library).0);
        kept.pending.extend(follow);
    }
    // The page of each edited document now; the pages that embed it later.
    let now: BTreeSet<PageKey> = edited.iter().map(|d| d.pages(&kept.library).0).collect();
    cache.stats = Default::default();
    cache.stats.documents_rendered = edited.len();
    let compiled = render_pending(kept, &now, true, &mut cache.stats);
    cache.stats.documents_reused = all_documents(&kept.docs).count() - edited.len();
    Some(compiled)
}

/// Renders the pending pages `only` names and returns what a full build
/// would return now (the feeds too, unless `immediate`). With errors,
/// nothing is rendered and the pages stay pending.
fn render_pending(
    kept: &mut Retained,
    only: &BTreeSet<PageKey>,
    immediate: bool,
    stats: &mut crate::cache::CacheStats,
) -> Compiled {
    let mut diagnostics = kept.diagnostics();
    kept.broken = diagnostics.iter().any(Diagnostic::is_error);
    if kept.broken {
        return Compiled::rebuilt(None, diagnostics);
    }
    let wanted: BTreeSet<PageKey> = kept
        .pending
        .iter()
        .filter(|k| only.contains(k))
        .copied()
        .collect();
    let views = Views::new(&kept.library, &kept.docs, &kept.templates.i18n);
    let jobs = render::page_jobs(&views, &|key| wanted.contains(&key));
    let pages = render::render_pages(jobs, &kept.templates, None, None);
    let mut errors = Vec::new();
    let mut done = Vec::new();
    for page in pages {
        match page.result {
            Ok(html) => done.push((page.path, html, page.search)),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        kept.broken = true;
        diagnostics.extend(errors);
        diagnostics::sort(&mut diagnostics);
        return Compiled::rebuilt(None, diagnostics);
    }
    let mut site = kept.working_copy();
    let mut changed = Vec::new();
    for (path, html, search) in done {
        if let Some(entry) = search.filter(|_| kept.library.config.search) {
            // Its title or facets may have changed with the front matter.
            if let Some(slot) = kept.search.iter_mut().find(|s| s.path == path) {
                slot.entry = entry;
            }
            kept.search_stale = true;
        }
        let html = Bytes::from(html);
        if site.files.get(&path) != Some(&html) {
            changed.push(path.clone());
        }
        site.files.insert(path, html);
        stats.pages_rendered += 1;
    }
    // The feeds with the pages that follow: the sitemap of a large site
    // takes longer than the edited page.
    if !immediate && std::mem::take(&mut kept.feeds_stale) {
        let feeds = [
            ("atom.xml", render::atom(&kept.library)),
            (
                "sitemap.xml",
                render::sitemap(&kept.library, &kept.page_urls),
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
    kept.pending.retain(|k| !wanted.contains(k));
    changed.sort();
    Compiled {
        changed: Some(changed),
        ..Compiled::rebuilt(Some(kept.serve(site)), diagnostics)
    }
}

/// Renders one of the pages a fast rebuild left pending (print pages that
/// embed an edited body: up to a quarter of a second each on a site of
/// 10,000 playbooks), so that a save waits for one page at most; `None`
/// when there are none or the sources have errors.
pub(crate) fn follow_up(cache: &mut BuildCache) -> Option<Compiled> {
    let kept = cache.retained.as_mut()?;
    if kept.broken {
        return None;
    }
    let next = *kept.pending.iter().next()?;
    cache.stats = Default::default();
    let only = BTreeSet::from([next]);
    Some(render_pending(kept, &only, false, &mut cache.stats))
}

/// Copies the served site for the next rebuild to change, if not done yet.
pub(crate) fn prepare(cache: &mut BuildCache) {
    if let Some(kept) = cache.retained.as_mut() {
        if kept.working.is_none() {
            kept.working = Some(Site::clone(&kept.served));
        }
    }
}

/// Whether `follow_up` has pages to render.
pub(crate) fn has_follow_up(cache: &BuildCache) -> bool {
    cache
        .retained
        .as_ref()
        .is_some_and(|k| !k.pending.is_empty() && !k.broken)
}

/// A site with several languages under `serve`: every rebuild is a full
/// (memoised) one, but search is indexed in the background as for one
/// language, one bundle per language edition.
pub struct Multilingual {
    served: Arc<Site>,
    diagnostics: Vec<Diagnostic>,
    indexes: Vec<EditionIndex>,
    /// The bundles no longer match the pages.
    stale: bool,
}

/// What indexing one language edition needs.
pub(crate) struct EditionIndex {
    pub(crate) prefix: String,
    pub(crate) language: String,
    pub(crate) root: String,
    pub(crate) slots: Vec<SearchSlot>,
}

impl Multilingual {
    pub(crate) fn new(
        served: Arc<Site>,
        diagnostics: Vec<Diagnostic>,
        indexes: Vec<EditionIndex>,
        stale: bool,
    ) -> Self {
        Multilingual {
            served,
            diagnostics,
            indexes,
            stale,
        }
    }
}

/// Indexing the site for search, away from the rebuild thread: everything
/// it needs, owned.
pub struct SearchJob {
    id: u64,
    bundles: Vec<BundleJob>,
}

/// One language's bundle to (re)build.
struct BundleJob {
    prefix: String,
    language: String,
    base_path: String,
    pages: Vec<(SearchSlot, Bytes)>,
    /// The last index and its key, reused when no indexed page changed.
    previous: Option<(u64, BTreeMap<String, Bytes>)>,
}

/// A language's finished bundle: (prefix, language, key, files); the
/// default language's prefix is `""`.
type Bundle = (String, String, u64, BTreeMap<String, Bytes>);

/// A finished `SearchJob`.
pub struct SearchDone {
    id: u64,
    result: Result<Vec<Bundle>, String>,
    took: std::time::Duration,
}

impl SearchDone {
    /// How long the job ran.
    pub fn took(&self) -> std::time::Duration {
        self.took
    }
}

impl SearchJob {
    /// Builds the index (seconds on a large site); a language whose pages
    /// did not change keeps its bundle.
    pub fn run(self) -> SearchDone {
        let started = std::time::Instant::now();
        let result = self
            .bundles
            .into_iter()
            .map(|job| {
                let pages = job
                    .pages
                    .iter()
                    .map(|(slot, html)| slot.page(html))
                    .collect();
                render::search_bundle(&job.language, &job.base_path, pages, job.previous)
                    .map(|(key, files, _)| (job.prefix, job.language, key, files))
            })
            .collect();
        SearchDone {
            id: self.id,
            result,
            took: started.elapsed(),
        }
    }
}

/// The search job the served site needs now, if any: the index is stale
/// and the sources have no errors.
pub(crate) fn search_job(cache: &mut BuildCache, id: u64) -> Option<SearchJob> {
    let (editions, default_search) = (&cache.editions, &cache.search);
    if let Some(multi) = cache.multilingual.as_mut() {
        if !multi.stale {
            return None;
        }
        multi.stale = false;
        let bundles = multi
            .indexes
            .iter()
            .map(|edition| BundleJob {
                prefix: edition.prefix.clone(),
                language: edition.language.clone(),
                base_path: edition.root.clone(),
                pages: edition
                    .slots
                    .iter()
                    .filter_map(|slot| {
                        Some((slot.clone(), multi.served.files.get(&slot.path)?.clone()))
                    })
                    .collect(),
                previous: if edition.prefix.is_empty() {
                    default_search.clone()
                } else {
                    editions
                        .get(&edition.language)
                        .and_then(|c| c.search.clone())
                },
            })
            .collect();
        return Some(SearchJob { id, bundles });
    }
    let kept = cache.retained.as_mut()?;
    if !kept.search_stale || kept.broken || !kept.library.config.search {
        return None;
    }
    kept.search_stale = false;
    let pages = kept
        .search
        .iter()
        .filter_map(|slot| Some((slot.clone(), kept.served.files.get(&slot.path)?.clone())))
        .collect();
    Some(SearchJob {
        id,
        bundles: vec![BundleJob {
            prefix: String::new(),
            language: kept.library.config.language.clone(),
            base_path: kept.library.config.base_path.clone(),
            pages,
            previous: cache.search.clone(),
        }],
    })
}

/// A site with `bundles` in place of its search files, or `None` when
/// they are what it has.
fn with_bundles(served: &Site, bundles: &[Bundle]) -> Option<BTreeMap<String, Bytes>> {
    let mut files = BTreeMap::new();
    for (prefix, _, _, bundle) in bundles {
        files.extend(render::under_home(prefix, bundle.clone()));
    }
    let current = served
        .files
        .iter()
        .filter(|(p, _)| render::is_search_file(p));
    (!current.eq(files.iter())).then_some(files)
}

/// Puts a finished index into the site. Returns the site to serve when it
/// changed anything, or the error when Pagefind failed.
pub(crate) fn apply_search(
    cache: &mut BuildCache,
    done: SearchDone,
    latest: u64,
) -> Option<Compiled> {
    if done.id != latest {
        return None;
    }
    let bundles = match done.result {
        Ok(bundles) => bundles,
        Err(message) => {
            let mut diagnostics = match (&cache.multilingual, &cache.retained) {
                (Some(multi), _) => multi.diagnostics.clone(),
                (None, Some(kept)) => kept.diagnostics(),
                (None, None) => return None,
            };
            diagnostics.push(Diagnostic::file(
                crate::diagnostics::Level::Error,
                "guidegen.toml",
                message,
            ));
            return Some(Compiled::rebuilt(None, diagnostics));
        }
    };
    for (prefix, language, key, files) in &bundles {
        let memo = if prefix.is_empty() {
            &mut *cache
        } else {
            cache.edition(language)
        };
        memo.search = Some((*key, files.clone()));
    }
    if let Some(multi) = cache.multilingual.as_mut() {
        let files = with_bundles(&multi.served, &bundles)?;
        let mut site = (*multi.served).clone();
        site.files.retain(|p, _| !render::is_search_file(p));
        site.files.extend(files);
        multi.served = Arc::new(site);
        return Some(Compiled::rebuilt(
            Some(multi.served.clone()),
            multi.diagnostics.clone(),
        ));
    }
    let kept = cache.retained.as_mut()?;
    if kept.broken {
        // Put in place once the errors are fixed.
        kept.search_stale = true;
        return None;
    }
    let files = with_bundles(&kept.served, &bundles)?;
    let mut site = kept.working_copy();
    site.files.retain(|p, _| !render::is_search_file(p));
    site.files.extend(files);
    Some(Compiled::rebuilt(
        Some(kept.serve(site)),
        kept.diagnostics(),
    ))
}
