//! contexts: the Tera context every page starts from — the site, its
//! navigation, the language switcher and alternates, breadcrumbs, the
//! canonical URL — and the shared views that pages of every kind show.

use super::documents::RenderedDocs;
use super::views::*;
use crate::base::source::Source;
use crate::content::Region;
use crate::library::{DocId, Library};
use crate::routes::{self, Route};
use crate::theme::i18n::{I18n, Strings};
use serde::Serialize;

#[derive(Serialize)]
struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) dir: &'static str,
    /// This language's home page.
    pub(super) home: String,
    pub(super) feed_url: String,
    pub(super) base_url: &'a str,
    pub(super) root: &'a str,
    pub(super) search: bool,
    pub(super) version: &'static str,
    pub(super) regions: Vec<RegionLink<'a>>,
    pub(super) pillars: Vec<PillarLink<'a>>,
    pub(super) pages: Vec<PageLink<'a>>,
    pub(super) highlight_css: String,
    pub(super) regions_url: String,
    pub(super) case_studies_url: String,
    pub(super) search_url: String,
    /// The page of every tag; `""` when no playbook has a tag.
    pub(super) tags_url: String,
    /// The glossary page; `""` when the site has no glossary.
    pub(super) glossary_url: String,
}

/// Builds the Tera context of each page: the views that many pages share
/// (site, links, cards, UI strings) are made once, a playbook's card on
/// first use.
pub(crate) struct Contexts<'a> {
    pub(super) lib: &'a Library,
    pub(super) docs: &'a RenderedDocs,
    /// This edition's UI strings, and every language's (for the switcher).
    pub(super) strings: &'a Strings,
    i18n: &'a I18n,
    pub(super) regions: Vec<RegionLink<'a>>,
    pub(super) pillars: Vec<PillarLink<'a>>,
    /// Built on first use: a rebuild of one page needs one or two cards,
    /// not ten thousand.
    pub(super) playbooks: Vec<std::sync::OnceLock<PlaybookCard<'a>>>,
    pub(super) case_studies: Vec<CaseStudyCard<'a>>,
    pub(super) base: tera::Context,
    /// Where texts made from documents may be kept (`with_store`).
    pub(super) store: &'a dyn super::store::RenderStore,
}

impl<'a> Contexts<'a> {
    pub(crate) fn new(lib: &'a Library, docs: &'a RenderedDocs, i18n: &'a I18n) -> Self {
        let strings = i18n.strings(&lib.config.language);
        let regions: Vec<RegionLink> = lib
            .regions
            .iter()
            .map(|r| RegionLink {
                slug: &r.slug,
                name: &r.name,
                short_name: r.label(),
                url: lib.region_url(r),
            })
            .collect();
        let pillars: Vec<PillarLink> = lib
            .pillars
            .iter()
            .enumerate()
            .map(|(i, p)| PillarLink {
                slug: &p.slug,
                title: &p.title,
                summary: &p.summary,
                url: lib.pillar_url(p),
                playbook_count: lib.playbook_pillar.iter().filter(|&&x| x == i).count(),
            })
            .collect();
        let playbooks = (0..lib.playbooks.len())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        let case_studies = lib
            .case_studies
            .iter()
            .enumerate()
            .map(|(i, c)| case_study_card(lib, strings, &regions, &pillars, i, c))
            .collect();
        let site = SiteView {
            title: &lib.config.title,
            description: &lib.config.description,
            language: &lib.config.language,
            dir: lib.config.dir(),
            home: lib.url(Route::Home),
            feed_url: lib.file_url(routes::FEED),
            base_url: &lib.config.base_url,
            root: &lib.config.base_path,
            search: lib.config.search,
            version: env!("CARGO_PKG_VERSION"),
            regions: regions.clone(),
            pillars: pillars.clone(),
            pages: lib
                .pages
                .iter()
                .map(|p| PageLink {
                    slug: &p.slug,
                    title: &p.title,
                    url: lib.page_url(p),
                })
                .collect(),
            highlight_css: format!("{}{}", lib.config.base_path, routes::HIGHLIGHT_CSS),
            regions_url: lib.url(Route::Regions),
            case_studies_url: lib.url(Route::CaseStudies),
            search_url: lib.url(Route::Search),
            tags_url: match lib.tags.is_empty() {
                true => String::new(),
                false => lib.url(Route::Tags),
            },
            glossary_url: match lib.glossary {
                None => String::new(),
                Some(_) => lib.url(Route::Glossary),
            },
        };
        let mut base = tera::Context::new();
        base.insert("site", &site);
        base.insert("i18n", strings.table());
        // A page the engine makes without `context` still renders the head.
        base.insert("robots", "");
        base.insert("json_ld", "");
        // Pages that show a document with code set it (highlight.css).
        base.insert("has_code", &false);
        base.insert("og_locale", &super::social::og_locale(&lib.config.language));
        // A page's own share image (absolute), and what its card shows.
        base.insert("page_image", "");
        base.insert("card_region", "");
        base.insert("card_pillar", "");
        base.insert("og_image", "");
        Contexts {
            lib,
            docs,
            strings,
            i18n,
            regions,
            pillars,
            playbooks,
            case_studies,
            base,
            store: &super::store::Fresh,
        }
    }

    /// These contexts, keeping what they make from documents in `store`.
    pub(crate) fn with_store(self, store: &'a dyn super::store::RenderStore) -> Self {
        Contexts { store, ..self }
    }

    pub(super) fn playbook(&self, i: usize) -> &PlaybookCard<'a> {
        self.playbooks[i].get_or_init(|| {
            playbook_card(
                self.lib,
                self.strings,
                &self.regions,
                &self.pillars,
                i,
                &self.lib.playbooks[i],
            )
        })
    }

    /// The context every page starts from; `doc` is the file the page
    /// shows, if any (its translations decide the language links).
    pub(super) fn context(
        &self,
        url: &str,
        title: &str,
        description: &str,
        current_region: &str,
        crumbs: &[(&str, String)],
        doc: Option<&Source>,
    ) -> tera::Context {
        let mut ctx = self.base.clone();
        let config = &self.lib.config;
        let origin = self.origin();
        // The page in every language: the same path under each home.
        let rel = url.strip_prefix(config.url_root.as_str()).unwrap_or(url);
        let in_lang = |prefix: &str| format!("{}{prefix}{rel}", config.base_path);
        let fallback = doc.is_some_and(|d| self.lib.is_fallback(d));
        let translated = |i: usize, tag: &str| {
            i == 0 || doc.is_none_or(|d| self.lib.translated_into(d).iter().any(|t| t == tag))
        };
        let default_lang = config.languages.first();
        let mut switcher = Vec::new();
        let mut alternates = Vec::new();
        if config.multilingual() {
            for (i, lang) in config.languages.iter().enumerate() {
                let there = in_lang(&lang.prefix);
                let is_translated = translated(i, &lang.tag);
                switcher.push(LanguageLink {
                    tag: &lang.tag,
                    name: self.i18n.strings(&lang.tag).get("language_name"),
                    url: there.clone(),
                    current: lang.tag == config.language,
                    translated: is_translated,
                });
                if is_translated {
                    alternates.push(Alternate {
                        tag: &lang.tag,
                        href: format!("{origin}{there}"),
                    });
                }
            }
        }
        let (content_lang, content_dir) = doc
            .map_or((config.language.as_str(), config.dir()), |d| {
                content_lang(self.lib, d)
            });
        // A page shown untranslated names the original as canonical.
        let canonical = match (fallback, default_lang) {
            (true, Some(d)) => format!("{origin}{}", in_lang(&d.prefix)),
            _ => format!("{origin}{url}"),
        };
        ctx.insert("translations", &switcher);
        ctx.insert("alternates", &alternates);
        ctx.insert(
            "x_default",
            &default_lang.map_or(String::new(), |d| format!("{origin}{}", in_lang(&d.prefix))),
        );
        ctx.insert("fallback", &fallback);
        ctx.insert("content_lang", content_lang);
        ctx.insert("content_dir", content_dir);
        ctx.insert("page_url", url);
        ctx.insert("permalink", &canonical);
        ctx.insert("page_title", title);
        ctx.insert(
            "description",
            if description.is_empty() {
                self.lib.config.description.as_str()
            } else {
                description
            },
        );
        ctx.insert("current_region", current_region);
        let region_label = self
            .lib
            .regions
            .iter()
            .find(|r| r.slug == current_region)
            .map_or("", |r| r.label());
        ctx.insert("current_region_name", region_label);
        ctx.insert("card_region", region_label);
        let mut breadcrumbs = Vec::new();
        if !crumbs.is_empty() {
            breadcrumbs.push(Crumb {
                title: self.strings.get("home").into(),
                url: self.lib.url(Route::Home),
            });
            breadcrumbs.extend(crumbs.iter().map(|(t, u)| Crumb {
                title: t.to_string(),
                url: u.clone(),
            }));
        }
        ctx.insert("breadcrumbs", &breadcrumbs);
        // Pages a search engine should leave out say so (print pages).
        ctx.insert("robots", "");
        super::structured::insert(&mut ctx, origin, Vec::new());
        ctx
    }

    /// The scheme and host of the site's URLs (`https://x.org`), which
    /// page paths such as `/sub/regions/` follow.
    pub(super) fn origin(&self) -> &str {
        let config = &self.lib.config;
        config
            .base_url
            .strip_suffix(&config.base_path)
            .unwrap_or(&config.base_url)
    }

    /// Adds an `Article` to the structured data of item `id`'s page.
    pub(super) fn insert_article(&self, ctx: &mut tera::Context, id: DocId, description: &str) {
        let lib = self.lib;
        let published = match id.kind {
            crate::content::Kind::Playbook => lib.playbooks[id.index].date,
            crate::content::Kind::CaseStudy => lib.case_studies[id.index].date,
            _ => None,
        };
        let home = format!("{}{}", self.origin(), lib.url(Route::Home));
        let article = super::structured::article(
            ctx,
            &super::structured::Article {
                headline: lib.title(id),
                description,
                published,
                modified: lib.last_modified(id),
                site: (&lib.config.title, &home),
                author: lib.item_author(id),
                site_author: lib.author(),
            },
        );
        super::structured::insert(ctx, self.origin(), vec![article]);
    }

    /// What a page made from item `id` says of its freshness, and where it
    /// is edited: `reviewed` and `reviewed_display` (the file's review
    /// date), `review_overdue` (reviewed longer ago than `[review]
    /// max_age_days`, or never), `review_max_age_days`, `last_commit` and
    /// `last_commit_display` (its file's last commit, in a git repository),
    /// `edit_url`; and `page_image`, the item's own share picture.
    pub(super) fn insert_freshness(&self, ctx: &mut tera::Context, id: DocId) {
        let lib = self.lib;
        // The item's own share picture, absolute, instead of its card.
        if let Some((url, _)) = lib.own_image(id) {
            let absolute = match url.starts_with('/') {
                true => format!("{}{url}", self.origin()),
                false => url,
            };
            ctx.insert("page_image", &absolute);
        }
        let source = lib.document(id).0;
        let reviewed = lib.common(id).reviewed;
        let max_age = lib.config.review_max_age_days;
        let overdue = max_age.is_some_and(|max| {
            reviewed.is_none_or(|r| lib.config.today.days() - r.days() > i64::from(max))
        });
        let last_commit = lib.last_commits.get(&source.path).copied();
        let edit_url = lib
            .config
            .edit_url
            .as_ref()
            .map_or(String::new(), |url| url.replace("{path}", &source.path));
        ctx.insert("reviewed", &iso(reviewed));
        ctx.insert("reviewed_display", &display(self.strings, reviewed));
        ctx.insert("review_overdue", &overdue);
        ctx.insert("review_max_age_days", &max_age.unwrap_or(0));
        ctx.insert("last_commit", &iso(last_commit));
        ctx.insert("last_commit_display", &display(self.strings, last_commit));
        ctx.insert("edit_url", &edit_url);
    }

    /// The context of a page the site makes itself (a listing, search,
    /// 404): titled, one breadcrumb, no document.
    pub(super) fn listing(&self, url: &str, title: &str) -> tera::Context {
        self.context(url, title, "", "", &[(title, url.to_string())], None)
    }

    /// The title of region `r`'s guide.
    pub(super) fn region_title(&self, r: usize) -> String {
        let name = &self.lib.regions[r].name;
        self.strings.format("region_guide_title", &[("name", name)])
    }

    pub(super) fn region_card(&self, r: usize) -> RegionCard<'a> {
        let lib = self.lib;
        let region: &'a Region = &lib.regions[r];
        RegionCard {
            slug: &region.slug,
            name: &region.name,
            short_name: region.label(),
            summary: &region.summary,
            url: lib.region_url(region),
            print_url: lib.url(Route::RegionPrint(&region.slug)),
            checklist_url: lib.url(Route::RegionChecklist(&region.slug)),
            weight: region.weight,
            languages: region
                .languages
                .iter()
                .map(|t| Language {
                    tag: t.clone(),
                    name: self.strings.language_name(t),
                })
                .collect(),
            aws_regions: &region.aws_regions,
            frameworks: &region.frameworks,
            case_studies: lib
                .region_case_studies(r)
                .into_iter()
                .map(|c| case_study_link(lib, &lib.case_studies[c]))
                .collect(),
            playbook_count: lib
                .playbook_regions
                .iter()
                .filter(|rs| rs.contains(&r))
                .count(),
        }
    }
}
