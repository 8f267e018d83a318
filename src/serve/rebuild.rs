//! rebuild: the one step between "these sources changed" and a new `Site`.
//!
//! A save that only changed the prose of a Markdown document is rebuilt by
//! `LoadedSite::fast_rebuild`: that document and its page, in milliseconds
//! whatever the size of the site; the pages that also embed it follow
//! (`follow_up`), and the search index is rebuilt in the background
//! (`search_job`, `apply_search`). Every other change runs the whole
//! pipeline with a memo kept between rebuilds. Once the follow-ups and the
//! search job are done, the site equals a full build's, byte for byte
//! (`tests/incremental.rs`). Nothing here serves, watches or writes.

use super::memo::{Memo, RebuildStats};
use super::search::{self, Bundle, EditionIndex, SearchDone, SearchJob};
use super::single_page::{FullBuild, LoadedSite};
use crate::base::diagnostics::Diagnostic;
use crate::base::site::{self, Site};
use crate::base::timings::Timings;
use crate::config::Overrides;
use crate::pipeline::{self, Compiled, Plan};
use crate::render::sink::InMemory;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a rebuild was done, for the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// Only changed bodies and their pages.
    Fast,
    /// The whole pipeline, memoised.
    Full,
}

/// A site with several languages as served: every rebuild is a full one,
/// and search is indexed in the background, one bundle per edition.
struct ServedEditions {
    served: Arc<Site>,
    diagnostics: Vec<Diagnostic>,
    indexes: Vec<EditionIndex>,
    /// The bundles no longer match the pages.
    stale: bool,
}

/// What the last good full rebuild left for the next ones.
enum Served {
    /// One language: single pages can be rebuilt alone.
    Loaded(Box<LoadedSite>),
    /// Several languages.
    Editions(ServedEditions),
}

/// Builds the site at `root` again and again, with the same flags.
pub struct Rebuilder {
    root: PathBuf,
    overrides: Overrides,
    memo: Memo,
    /// Each edition's last search bundle, by prefix (`""`, `zh/`).
    bundles: BTreeMap<String, Bundle>,
    /// After the first build, search is indexed in the background.
    background_search: bool,
    served: Option<Served>,
    stats: RebuildStats,
    /// The id of the last search job handed out: older results are stale.
    search_jobs: u64,
    last: Rebuilt,
    /// The last configuration that loaded has search on (assumed until one
    /// loads).
    search_on: bool,
}

impl Rebuilder {
    pub fn new(root: PathBuf, overrides: Overrides) -> Rebuilder {
        Rebuilder {
            root,
            overrides,
            memo: Memo::default(),
            bundles: BTreeMap::new(),
            background_search: false,
            served: None,
            stats: RebuildStats::default(),
            search_jobs: 0,
            last: Rebuilt::Full,
            search_on: true,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Builds the site after `changed` (absolute source paths; empty means
    /// "unknown, rebuild everything", as for the first build) changed.
    /// The first build indexes search itself; later ones leave it to
    /// `search_job`, and may leave pages to `follow_up`.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Compiled {
        if let Some(Served::Loaded(loaded)) = &mut self.served {
            if let Some(compiled) = loaded.fast_rebuild(&self.root, changed, &mut self.stats) {
                self.last = Rebuilt::Fast;
                return compiled;
            }
        }
        self.last = Rebuilt::Full;
        let compiled = self.full_rebuild(&InMemory::default());
        self.background_search = true;
        compiled
    }

    /// The first build under `serve`: each page goes into `pages` as it
    /// renders, where the server can answer with it at once (and ask for
    /// the pages readers wait on first), and search is left to
    /// `search_job`, like every later build's.
    pub(crate) fn first_build(&mut self, pages: &InMemory) -> Compiled {
        self.background_search = true;
        self.last = Rebuilt::Full;
        self.full_rebuild(pages)
    }

    /// Whether search is on and no index has been built yet: the server
    /// says so rather than "not found" when a page asks for one.
    pub fn search_pending(&self) -> bool {
        self.search_on && self.bundles.is_empty()
    }

    /// The whole pipeline, reusing what the memo kept.
    fn full_rebuild(&mut self, sink: &InMemory) -> Compiled {
        // Kept only while it describes the sources: set again on success.
        self.served = None;
        // An index begun before this build indexes pages it replaces (or
        // a site whose search is now off): its result is stale.
        self.search_jobs += 1;
        self.stats = RebuildStats::default();
        let mut timings = Timings::default();
        let mut prepared = match pipeline::prepare(&self.root, &self.overrides, &mut timings) {
            Ok(p) => p,
            Err(failed) => return *failed,
        };
        self.memo.begin();
        let multilingual = prepared.library.config.multilingual();
        let plan = Plan {
            store: &self.memo,
            sink,
            release_sources: false,
            keep_documents: !multilingual,
            write_cache: true,
            prune_cache: false,
            cache_root: None,
        };
        let rendered = pipeline::render_site(&mut prepared, &plan, &mut timings);
        self.stats = self.memo.stats();
        let mut diags = std::mem::take(&mut prepared.diagnostics);
        diags.extend(rendered.diagnostics);
        let mut site = Site {
            files: rendered.files,
            pages: rendered.pages,
        };
        // Copied, not taken: the server may still be answering from the
        // first build's sink until this site is published.
        site.files.extend(sink.pages());
        let search_on = prepared.library.config.search;
        self.search_on = search_on;
        let indexes: Vec<EditionIndex> = prepared
            .libraries()
            .zip(&rendered.editions)
            .map(|(lib, edition)| EditionIndex {
                prefix: lib.config.lang_prefix.clone(),
                language: lib.config.language.clone(),
                slots: edition.search.clone(),
            })
            .collect();
        if search_on && !diags.iter().any(Diagnostic::is_error) {
            for edition in &indexes {
                let prefix = &edition.prefix;
                if self.background_search {
                    // Until the background job is done, the last index is served.
                    if let Some((_, files)) = self.bundles.get(prefix) {
                        site.files.extend(site::under(prefix, files.clone()));
                    }
                    continue;
                }
                let pages = edition
                    .slots
                    .par_iter()
                    .filter_map(|slot| Some(slot.page(site.files.get(&slot.path)?)))
                    .collect();
                let previous = self.bundles.remove(prefix);
                match search::bundle(&edition.language, pages, previous) {
                    Ok((bundle, indexed)) => {
                        self.stats.search_indexed |= indexed;
                        site.files.extend(site::under(prefix, bundle.1.clone()));
                        self.bundles.insert(prefix.clone(), bundle);
                    }
                    Err(message) => diags.push(pipeline::search_failed(message)),
                }
            }
        }
        let coverage = std::mem::take(&mut prepared.coverage);
        let compiled = Compiled::finish(Some(site), diags, timings, coverage);
        let Some(site) = &compiled.site else {
            return compiled;
        };
        let stale = self.background_search && search_on;
        self.served = Some(if multilingual {
            Served::Editions(ServedEditions {
                served: site.clone(),
                diagnostics: compiled.diagnostics.clone(),
                indexes,
                stale,
            })
        } else {
            let mut editions = rendered.editions;
            let default = editions.swap_remove(0);
            let full = FullBuild {
                library: prepared.library,
                templates: prepared.templates,
                docs: default.docs,
                search: default.search,
                page_urls: rendered.page_urls,
                page_cards: rendered.page_cards,
                site: site.clone(),
            };
            Served::Loaded(Box::new(LoadedSite::new(
                full,
                &compiled.diagnostics,
                stale,
            )))
        });
        compiled
    }

    /// Whether the last rebuild was a fast one.
    pub fn last_path(&self) -> Rebuilt {
        self.last
    }

    fn loaded(&mut self) -> Option<&mut LoadedSite> {
        match &mut self.served {
            Some(Served::Loaded(loaded)) => Some(loaded),
            _ => None,
        }
    }

    /// Whether pages that embed an edited document wait to be rendered.
    pub fn has_follow_up(&self) -> bool {
        matches!(&self.served, Some(Served::Loaded(l)) if l.has_follow_up())
    }

    /// Renders the pages the last fast rebuild left (print pages).
    pub fn follow_up(&mut self) -> Option<Compiled> {
        let mut stats = self.stats;
        let compiled = self.loaded()?.follow_up(&mut stats);
        self.stats = stats;
        compiled
    }

    /// The search index to build now, if the pages changed since the last.
    /// Run it anywhere, then hand the result to `apply_search`.
    pub fn search_job(&mut self) -> Option<SearchJob> {
        let id = self.search_jobs + 1;
        let job = match self.served.as_mut()? {
            Served::Editions(editions) => {
                if !editions.stale {
                    return None;
                }
                editions.stale = false;
                SearchJob::new(id, &editions.indexes, &editions.served, &self.bundles)
            }
            Served::Loaded(loaded) => {
                if !loaded.search_stale || loaded.broken || !loaded.search_enabled() {
                    return None;
                }
                loaded.search_stale = false;
                let edition = EditionIndex {
                    prefix: String::new(),
                    language: loaded.language().to_string(),
                    slots: loaded.search.clone(),
                };
                SearchJob::new(id, &[edition], &loaded.served, &self.bundles)
            }
        };
        self.search_jobs = id;
        Some(job)
    }

    /// Puts a finished index in place; the site to serve if that changed
    /// it, or the error when indexing failed. A result older than the last
    /// job handed out is dropped.
    pub fn apply_search(&mut self, done: SearchDone) -> Option<Compiled> {
        if done.id != self.search_jobs {
            return None;
        }
        let bundles = match done.result {
            Ok(bundles) => bundles,
            Err(message) => {
                let mut diagnostics = match self.served.as_ref()? {
                    Served::Editions(editions) => editions.diagnostics.clone(),
                    Served::Loaded(loaded) => loaded.diagnostics(),
                };
                diagnostics.push(pipeline::search_failed(message));
                return Some(Compiled::rebuilt(None, diagnostics));
            }
        };
        self.stats.search_indexed = bundles.iter().any(|b| b.indexed);
        for edition in &bundles {
            self.bundles
                .insert(edition.prefix.clone(), edition.bundle.clone());
        }
        match self.served.as_mut()? {
            Served::Editions(editions) => {
                let files = search::new_search_files(&editions.served, &bundles)?;
                let mut site = (*editions.served).clone();
                search::replace_search_files(&mut site, files);
                editions.served = Arc::new(site);
                Some(Compiled::rebuilt(
                    Some(editions.served.clone()),
                    editions.diagnostics.clone(),
                ))
            }
            Served::Loaded(loaded) => {
                if loaded.broken {
                    // Put in place once the errors are fixed.
                    loaded.search_stale = true;
                    return None;
                }
                let files = search::new_search_files(&loaded.served, &bundles)?;
                let mut site = loaded.working_copy();
                search::replace_search_files(&mut site, files);
                Some(Compiled::rebuilt(
                    Some(loaded.serve(site)),
                    loaded.diagnostics(),
                ))
            }
        }
    }

    /// Gets ready for the next rebuild (a copy of the site to change), so
    /// that the next save does not wait for it. Call it after publishing.
    pub fn prepare(&mut self) {
        if let Some(loaded) = self.loaded() {
            loaded.prepare();
        }
    }

    /// What the last rebuild rendered and what it reused.
    pub fn stats(&self) -> RebuildStats {
        self.stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::base::test_site::{append, edit, write};

    /// The fixture site without search or social cards (neither changes
    /// which path a save takes), with a snippet and a second playbook.
    fn fixture() -> tempfile::TempDir {
        let dir = crate::base::test_site::fixture("minimal");
        let root = dir.path();
        append(
            root,
            "guidegen.toml",
            "\n[search]\nenabled = false\n\n[social]\ncards = false\n",
        );
        write(root, "content/snippets/note.md", "A note.\n");
        append(
            root,
            "content/pages/about.md",
            "\n{{#include snippets/note.md}}\n",
        );
        write(
            root,
            B,
            "+++\ntitle = \"B\"\npillar = \"technical-readiness\"\nregions = [\"ksa\"]\nweight = 20\n+++\n\nB.\n",
        );
        dir
    }

    const A: &str = "content/playbooks/autoscaling.md";
    /// After A in the same pillar.
    const B: &str = "content/playbooks/b.md";
    const R: &str = "content/playbooks/ops/residency.md";
    const P: &str = "content/pillars/strategy.md";

    #[test]
    fn a_save_takes_the_fast_path_only_when_nothing_else_can_change() {
        let site = fixture();
        let root = site.path();
        let mut rebuilder = Rebuilder::new(root.to_path_buf(), Overrides::default());
        let first = rebuilder.rebuild(&[]);
        assert!(first.site.is_some(), "{:?}", first.diagnostics);
        assert_eq!(rebuilder.last_path(), Rebuilt::Full);
        // Documents a fast rebuild counts, rendered or reused: the same each time.
        let mut documents = None;
        type Step = (&'static str, Rebuilt, Box<dyn Fn(&Path) -> PathBuf>);
        let swap = |rel: &'static str,
                    from: &'static str,
                    to: &'static str|
         -> Box<dyn Fn(&Path) -> PathBuf> {
            Box::new(move |r: &Path| edit(r, rel, from, to))
        };
        use Rebuilt::{Fast, Full};
        let steps: Vec<Step> = vec![
            (
                "prose",
                Fast,
                swap(A, "## Cost levers", "Prose.\n\n## Cost levers"),
            ),
            ("the same text saved again", Fast, Box::new(|r| r.join(A))),
            (
                "a heading",
                Full,
                swap(A, "## Cost levers", "## Cost levers\n\n## More"),
            ),
            (
                "a summary",
                Fast,
                swap(A, "with demand.", "with demand, and back."),
            ),
            (
                "a weight that keeps the order",
                Fast,
                swap(A, "weight = 10", "weight = 15"),
            ),
            (
                "a weight past the next playbook",
                Full,
                swap(A, "weight = 15", "weight = 25"),
            ),
            (
                "the first one's weight, kept first",
                Fast,
                swap(B, "weight = 20", "weight = 22"),
            ),
            (
                "a weight before the previous one",
                Full,
                swap(A, "weight = 25", "weight = 21"),
            ),
            (
                "the second one's weight, raised, kept second",
                Fast,
                swap(B, "weight = 22", "weight = 24"),
            ),
            (
                "the second one's weight, lowered, kept second",
                Fast,
                swap(B, "weight = 24", "weight = 23"),
            ),
            (
                "a title",
                Fast,
                swap(R, "\"Data residency\"", "\"Data residency rules\""),
            ),
            (
                "regions",
                Full,
                swap(A, "regions = [\"all\"]", "regions = [\"ksa\", \"uae\"]"),
            ),
            (
                "a pillar",
                Full,
                swap(
                    B,
                    "pillar = \"technical-readiness\"",
                    "pillar = \"strategy\"",
                ),
            ),
            (
                "case studies",
                Full,
                swap(R, "case_studies = [\"acme\"]", "case_studies = []"),
            ),
            (
                "tags",
                Full,
                swap(
                    R,
                    "tags = [\"residency\"]",
                    "tags = [\"residency\", \"new\"]",
                ),
            ),
            (
                "aliases",
                Full,
                swap(R, "weight = 10", "weight = 10\naliases = [\"/old/\"]"),
            ),
            (
                "a front matter error",
                Full,
                swap(A, "weight = 21", "weight = \"x\""),
            ),
            (
                "its fix, after an error",
                Full,
                swap(A, "weight = \"x\"", "weight = 21"),
            ),
            ("prose again", Fast, swap(A, "Prose.", "Prose, again.")),
            ("an image", Full, swap(A, "Prose, again.", "![x](x.png)")),
            ("no image any more", Full, swap(A, "![x](x.png)", "Prose.")),
            (
                "an include",
                Full,
                swap(A, "Prose.", "{{#include snippets/note.md}}"),
            ),
            (
                "prose beside an include",
                Full,
                swap(A, "## More", "## More\n\nText."),
            ),
            (
                "a pillar's prose",
                Fast,
                swap(
                    P,
                    "summary = \"The Strategy pillar.\"\n+++\n",
                    "summary = \"The Strategy pillar.\"\n+++\nProse.\n",
                ),
            ),
            (
                "a pillar's title",
                Full,
                swap(P, "title = \"Strategy\"", "title = \"Strategy first\""),
            ),
            (
                "a region",
                Full,
                swap("content/regions/ksa.toml", "\n", "\n\n"),
            ),
            (
                "a file outside content/",
                Full,
                swap("guidegen.toml", "\n", "\n\n"),
            ),
            (
                "a draft",
                Full,
                swap(B, "weight = 23", "weight = 23\ndraft = true"),
            ),
            (
                "a deleted playbook",
                Full,
                Box::new(|r| {
                    let path = r.join(B);
                    std::fs::remove_file(&path).unwrap();
                    path
                }),
            ),
        ];
        for (step, expected, change) in steps {
            let changed = change(root);
            let compiled = rebuilder.rebuild(&[changed]);
            assert_eq!(rebuilder.last_path(), expected, "{step}");
            // Only the two broken saves fail: a full rebuild is never
            // forced by an error left behind.
            let broken = step == "a front matter error" || step == "an image";
            assert_eq!(
                compiled.has_errors(),
                broken,
                "{step}: {:?}",
                compiled.diagnostics
            );
            if expected == Fast {
                // Every document counted once, rendered or reused, and the
                // changed pages named for the browsers to reload.
                let stats = rebuilder.stats();
                let edited = usize::from(step != "the same text saved again");
                assert_eq!(stats.documents_rendered, edited, "{step}");
                let counted = stats.documents_rendered + stats.documents_reused;
                assert_eq!(*documents.get_or_insert(counted), counted, "{step}");
                assert!(compiled.changed.is_some(), "{step}");
            }
            while rebuilder.follow_up().is_some() {}
        }
    }

    #[test]
    fn a_new_title_reaches_the_feed_after_the_edited_page() {
        let site = fixture();
        let root = site.path();
        let mut rebuilder = Rebuilder::new(root.to_path_buf(), Overrides::default());
        let first = rebuilder.rebuild(&[]);
        assert!(first.site.is_some(), "{:?}", first.diagnostics);
        let changed = edit(root, R, "\"Data residency\"", "\"Data residency rules\"");
        // The save hands over the edited page alone, at once.
        let fast = rebuilder.rebuild(&[changed]);
        assert_eq!(rebuilder.last_path(), Rebuilt::Fast);
        assert_eq!(
            fast.changed.as_deref(),
            Some(&["playbooks/residency/index.html".to_string()][..])
        );
        // The feed and the sitemap follow with the other pages that show it.
        let mut followed = Vec::new();
        let mut served = fast.site;
        while let Some(compiled) = rebuilder.follow_up() {
            followed.extend(compiled.changed.unwrap_or_default());
            served = compiled.site;
        }
        assert!(followed.iter().any(|p| p == "atom.xml"), "{followed:?}");
        let feed = &served.unwrap().files["atom.xml"];
        let feed = std::str::from_utf8(feed).unwrap();
        assert!(feed.contains("Data residency rules"), "{feed}");
    }

    #[test]
    fn an_index_begun_before_search_was_turned_off_is_never_served() {
        let dir = crate::base::test_site::fixture("minimal");
        let root = dir.path();
        append(root, "guidegen.toml", "\n[social]\ncards = false\n");
        let has_search = |compiled: &Compiled| {
            let site = compiled.site.as_deref().expect("the site builds");
            site.files.keys().any(|p| crate::routes::is_search_file(p))
        };
        let mut rebuilder = Rebuilder::new(root.to_path_buf(), Overrides::default());
        assert!(has_search(&rebuilder.rebuild(&[])));
        assert!(!rebuilder.search_pending());
        let changed = edit(root, A, "## Cost levers", "Prose.\n\n## Cost levers");
        rebuilder.rebuild(&[changed]);
        let job = rebuilder
            .search_job()
            .expect("a prose edit is indexed again");
        // Search turned off while that index is being built.
        append(root, "guidegen.toml", "\n[search]\nenabled = false\n");
        let off = rebuilder.rebuild(&[root.join("guidegen.toml")]);
        assert!(!has_search(&off));
        assert!(rebuilder.apply_search(job.run()).is_none());
        assert!(rebuilder.search_job().is_none());
        assert!(!rebuilder.search_pending());
    }
}
