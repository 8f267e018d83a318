//! library (resolve): one `Library` per language edition owns every pillar,
//! region, playbook, case study and page, in reading order, and answers
//! "which playbooks does region X's pillar Y have". Every reference between
//! files (pillar, region, case study, `@/` link and its `#anchor`) is checked
//! here (`resolve`) or through `LinkTargets` while the Markdown renders;
//! every failure is collected. Translations become editions (`editions`).
//! Nothing here touches the disk but the image cache, through `variants`.

mod editions;
mod links;
mod resolve;
#[cfg(test)]
mod url_props;

pub use editions::editions;
pub use resolve::resolve;

use crate::base::source::{Markdown, Source};
use crate::config::Config;
use crate::content::{CaseStudy, Kind, Page, Pillar, Playbook, Region};
use crate::routes::Route;
use links::Target;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The slug that makes a playbook apply to every region.
pub const ALL_REGIONS: &str = "all";

pub struct Library {
    pub config: Config,
    /// Ordered by weight, then title or name.
    pub pillars: Vec<Pillar>,
    pub regions: Vec<Region>,
    /// Ordered by pillar, then `playbook_order`.
    pub playbooks: Vec<Playbook>,
    /// Ordered by company, then title.
    pub case_studies: Vec<CaseStudy>,
    pub pages: Vec<Page>,
    /// Resolved references, by index into the lists above.
    pub playbook_pillar: Vec<usize>,
    pub playbook_regions: Vec<Vec<usize>>,
    pub playbook_case_studies: Vec<Vec<usize>>,
    pub case_study_regions: Vec<Vec<usize>>,
    pub case_study_pillars: Vec<Vec<usize>>,
    /// Every tag of the playbooks, by name.
    pub tags: Vec<Tag>,
    /// Images beside the Markdown that shows them, by path under
    /// `content/`; shared by every edition.
    pub images: Arc<BTreeMap<String, Vec<u8>>>,
    /// Each image among the static files, by its URL: its path as the site
    /// shows it (`static/images/x.png`) and its bytes (set by the build once
    /// the static files are read).
    pub static_images: Arc<HashMap<String, (String, bytes::Bytes)>>,
    /// Where the resized copies of the images pages show come from (set by
    /// the build; without it images are shown as they are). It encodes an
    /// image the first time a page asks, reading and writing the site's
    /// image cache: the one way this stage reaches the disk.
    pub variants: Option<Arc<crate::raster::Variants>>,
    /// The terms `/glossary/` lists and pages mark where first used.
    pub glossary: Option<crate::content::glossary::Glossary>,
    /// Ids the pages around a document use themselves: the theme's fixed
    /// ids and those it makes from slugs (a region page's pillar sections).
    /// No heading takes one (`## Main` gets `main-1`).
    pub reserved_ids: HashSet<String>,
    /// `@/` targets: path under `content/` → URL and heading ids.
    targets: HashMap<String, Target>,
    drafts_left_out: HashSet<String>,
    failed: HashSet<String>,
    /// For each source file (`content/…`, default language) with
    /// translations, the tags of the languages that have one. Shared by
    /// every edition of a build.
    pub translations: Arc<BTreeMap<String, Vec<String>>>,
    /// Each file's last commit date (`content::history`), shared by every
    /// edition; empty outside a git repository.
    pub last_commits: Arc<HashMap<String, crate::base::date::Date>>,
}

/// One item of a library, as a document: its kind and its index in that
/// kind's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId {
    pub kind: Kind,
    pub index: usize,
}

/// A tag of playbooks, as one edition lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Its URL segment: the tag itself when it is a valid slug, else its
    /// slug form (`Data residency` → `data-residency`).
    pub slug: String,
    /// The tag as its first playbook writes it.
    pub name: String,
    /// The playbooks that carry it, in the library's order.
    pub playbooks: Vec<usize>,
}

/// How playbooks of one pillar are ordered: weight, then title, then slug.
pub fn playbook_order(p: &Playbook) -> (i64, &str, &str) {
    (p.weight, &p.title, &p.slug)
}

impl Library {
    /// How many items of `kind` the library has.
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Pillar => self.pillars.len(),
            Kind::Region => self.regions.len(),
            Kind::Playbook => self.playbooks.len(),
            Kind::CaseStudy => self.case_studies.len(),
            Kind::Page => self.pages.len(),
        }
    }

    /// Every item, kind by kind, in the library's order.
    pub fn documents(&self) -> impl Iterator<Item = DocId> + '_ {
        Kind::ALL
            .into_iter()
            .flat_map(|kind| (0..self.count(kind)).map(move |index| DocId { kind, index }))
    }

    /// An item's file, slug and Markdown (a region's overview and a case
    /// study's body are optional).
    pub fn document(&self, id: DocId) -> (&Source, &str, Option<&Markdown>) {
        let i = id.index;
        match id.kind {
            Kind::Pillar => {
                let p = &self.pillars[i];
                (&p.source, &p.slug, Some(&p.body))
            }
            Kind::Region => {
                let r = &self.regions[i];
                (&r.source, &r.slug, r.overview.as_ref())
            }
            Kind::Playbook => {
                let p = &self.playbooks[i];
                (&p.source, &p.slug, Some(&p.body))
            }
            Kind::CaseStudy => {
                let c = &self.case_studies[i];
                (&c.source, &c.slug, c.body.as_ref())
            }
            Kind::Page => {
                let p = &self.pages[i];
                (&p.source, &p.slug, Some(&p.body))
            }
        }
    }

    /// An item's aliases and review date.
    pub fn common(&self, id: DocId) -> &crate::content::Common {
        let i = id.index;
        match id.kind {
            Kind::Pillar => &self.pillars[i].common,
            Kind::Region => &self.regions[i].common,
            Kind::Playbook => &self.playbooks[i].common,
            Kind::CaseStudy => &self.case_studies[i].common,
            Kind::Page => &self.pages[i].common,
        }
    }

    /// When item `id` last changed, where known: a playbook's `updated`
    /// when its file gives one (the author's word on the last change that
    /// counts); else the later of its `date` (a playbook's or case
    /// study's) and its file's last commit, which is later when the file
    /// was edited after it was published.
    pub fn last_modified(&self, id: DocId) -> Option<crate::base::date::Date> {
        let date = match id.kind {
            Kind::Playbook => {
                let p = &self.playbooks[id.index];
                if p.updated.is_some() {
                    return p.updated;
                }
                p.date
            }
            Kind::CaseStudy => self.case_studies[id.index].date,
            _ => None,
        };
        let commit = self.last_commits.get(&self.document(id).0.path).copied();
        date.max(commit)
    }

    /// The author of the site's content: `[site] author`, else its title.
    pub fn author(&self) -> &str {
        self.config.author.as_deref().unwrap_or(&self.config.title)
    }

    /// Item `id`'s own author (`author = "…"` in its file), if it names one.
    pub fn item_author(&self, id: DocId) -> Option<&str> {
        self.common(id).author.as_deref()
    }

    /// An item's title (a region's name).
    pub fn title(&self, id: DocId) -> &str {
        let i = id.index;
        match id.kind {
            Kind::Pillar => &self.pillars[i].title,
            Kind::Region => &self.regions[i].name,
            Kind::Playbook => &self.playbooks[i].title,
            Kind::CaseStudy => &self.case_studies[i].title,
            Kind::Page => &self.pages[i].title,
        }
    }

    /// An item's file and Markdown, to change.
    pub fn document_mut(&mut self, id: DocId) -> (&mut Source, Option<&mut Markdown>) {
        let i = id.index;
        match id.kind {
            Kind::Pillar => {
                let p = &mut self.pillars[i];
                (&mut p.source, Some(&mut p.body))
            }
            Kind::Region => {
                let r = &mut self.regions[i];
                (&mut r.source, r.overview.as_mut())
            }
            Kind::Playbook => {
                let p = &mut self.playbooks[i];
                (&mut p.source, Some(&mut p.body))
            }
            Kind::CaseStudy => {
                let c = &mut self.case_studies[i];
                (&mut c.source, c.body.as_mut())
            }
            Kind::Page => {
                let p = &mut self.pages[i];
                (&mut p.source, Some(&mut p.body))
            }
        }
    }

    /// The item read from the file at `path` (relative to the site root).
    pub fn find(&self, path: &str) -> Option<DocId> {
        self.documents()
            .find(|&id| self.document(id).0.path == path)
    }

    /// The file of every item, in the library's order, kind by kind.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        self.documents().map(|id| self.document(id).0)
    }

    /// The page an item is published at.
    pub fn route(&self, id: DocId) -> Route<'_> {
        let slug = self.document(id).1;
        match id.kind {
            Kind::Pillar => Route::Pillar(slug),
            Kind::Region => Route::Region(slug),
            Kind::Playbook => Route::Playbook(slug),
            Kind::CaseStudy => Route::CaseStudy(slug),
            Kind::Page => Route::Page(slug),
        }
    }

    /// The URL of a page of this edition.
    pub fn url(&self, route: Route) -> String {
        format!("{}{}", self.config.url_root, route.path())
    }

    /// The URL of a file of this edition (its feed).
    pub fn file_url(&self, name: &str) -> String {
        format!("{}{name}", self.config.url_root)
    }

    /// The output path of a page of this edition (under its folder).
    pub fn output_path(&self, route: Route) -> String {
        format!("{}{}", self.config.lang_prefix, route.file())
    }

    pub fn pillar_url(&self, p: &Pillar) -> String {
        self.url(Route::Pillar(&p.slug))
    }
    pub fn region_url(&self, r: &Region) -> String {
        self.url(Route::Region(&r.slug))
    }
    pub fn playbook_url(&self, p: &Playbook) -> String {
        self.url(Route::Playbook(&p.slug))
    }
    pub fn case_study_url(&self, c: &CaseStudy) -> String {
        self.url(Route::CaseStudy(&c.slug))
    }
    pub fn page_url(&self, p: &Page) -> String {
        self.url(Route::Page(&p.slug))
    }

    /// The page URL (path) of item `id`.
    pub fn item_url(&self, id: DocId) -> String {
        let i = id.index;
        match id.kind {
            Kind::Pillar => self.pillar_url(&self.pillars[i]),
            Kind::Region => self.region_url(&self.regions[i]),
            Kind::Playbook => self.playbook_url(&self.playbooks[i]),
            Kind::CaseStudy => self.case_study_url(&self.case_studies[i]),
            Kind::Page => self.page_url(&self.pages[i]),
        }
    }

    /// Item `id`'s own share picture: its URL (absolute, or a path under
    /// the site's host beside the item's page) and, for a file beside
    /// the item's file, that file's path under `content/`.
    pub fn own_image(&self, id: DocId) -> Option<(String, Option<&str>)> {
        match self.common(id).image.as_ref()? {
            crate::content::OwnImage::Url(url) => Some((url.clone(), None)),
            crate::content::OwnImage::Beside { rel, path, .. } => {
                Some((format!("{}{rel}", self.item_url(id)), Some(path.as_str())))
            }
        }
    }

    /// Lets go of every source file's text and Markdown once the documents
    /// are rendered and nothing reads them again (a one-shot build).
    pub fn release_texts(&mut self) {
        let empty: Arc<str> = Arc::from("");
        let ids: Vec<DocId> = self.documents().collect();
        for id in ids {
            let (source, body) = self.document_mut(id);
            source.text = Arc::clone(&empty);
            if let Some(body) = body {
                body.release();
            }
        }
    }

    /// The path of the default-language file `source` translates, or its
    /// own path when it is not a translation.
    pub fn source_path<'p>(&self, path: &'p str) -> std::borrow::Cow<'p, str> {
        editions::source_path(path, &self.config.lang_prefix, &self.config.language)
    }

    /// Whether the item read from `source` is shown in the default language
    /// because this edition has no translation of it.
    pub fn is_fallback(&self, source: &Source) -> bool {
        !self.config.lang_prefix.is_empty() && self.source_path(&source.path) == source.path
    }

    /// The languages (tags) other than the default that translate `source`.
    pub fn translated_into(&self, source: &Source) -> &[String] {
        self.translations
            .get(self.source_path(&source.path).as_ref())
            .map_or(&[], Vec::as_slice)
    }

    /// A region's guide: for every pillar in order, the indexes of the
    /// playbooks that apply to the region, in the pillar's order.
    pub fn guide(&self, region: usize) -> Vec<(usize, Vec<usize>)> {
        (0..self.pillars.len())
            .map(|pillar| {
                let playbooks = (0..self.playbooks.len())
                    .filter(|&i| {
                        self.playbook_pillar[i] == pillar
                            && self.playbook_regions[i].contains(&region)
                    })
                    .collect();
                (pillar, playbooks)
            })
            .collect()
    }

    /// A region's guide as one list of playbooks, pillar by pillar.
    pub fn guide_order(&self, region: usize) -> Vec<usize> {
        self.guide(region)
            .into_iter()
            .flat_map(|(_, books)| books)
            .collect()
    }

    /// Every tag of this edition's playbooks, by name (tags that differ only
    /// in case or punctuation share one slug, and one page).
    pub(super) fn collect_tags(&self) -> Vec<Tag> {
        let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
        for (b, playbook) in self.playbooks.iter().enumerate() {
            for name in &playbook.tags {
                let slug = tag_slug(name);
                if slug.is_empty() {
                    continue;
                }
                let tag = by_slug.entry(slug.clone()).or_insert_with(|| Tag {
                    slug,
                    name: name.clone(),
                    playbooks: Vec::new(),
                });
                if tag.playbooks.last() != Some(&b) {
                    tag.playbooks.push(b);
                }
            }
        }
        let mut tags: Vec<Tag> = by_slug.into_values().collect();
        tags.sort_by(|a, b| {
            (a.name.to_lowercase(), &a.slug).cmp(&(b.name.to_lowercase(), &b.slug))
        });
        tags
    }

    /// Case studies that involve a region.
    pub fn region_case_studies(&self, region: usize) -> Vec<usize> {
        (0..self.case_studies.len())
            .filter(|&c| self.case_study_regions[c].contains(&region))
            .collect()
    }
}

/// A tag's URL segment (see `Tag::slug`).
pub fn tag_slug(tag: &str) -> String {
    if crate::content::is_valid_slug(tag) {
        tag.to_string()
    } else {
        slug::slugify(tag)
    }
}
