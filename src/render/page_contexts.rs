//! page_contexts: the Tera context of each kind of page — what the home
//! page, a region's guide (and its print version), a pillar, a playbook, a
//! case study and a free page show.

use super::contexts::Contexts;
use super::print::{prefix_ids, prefix_toc};
use super::views::*;
use crate::base::date::Date;
use crate::base::packed::Text;
use crate::content::Kind;
use crate::library::{DocId, Library};
use crate::markdown::TocEntry;
use crate::routes::Route;
use serde::Serialize;
use std::collections::HashMap;

/// The home page: the regions, the pillars, recently changed playbooks and
/// the case studies.
pub(super) fn home(v: &Contexts) -> tera::Context {
    let lib = v.lib;
    let region_cards: Vec<RegionCard> = (0..lib.regions.len()).map(|r| v.region_card(r)).collect();
    let mut ctx = v.context(&lib.url(Route::Home), &lib.config.title, "", "", &[], None);
    let home = format!("{}{}", v.origin(), lib.url(Route::Home));
    let search = format!("{}{}", v.origin(), lib.url(Route::Search));
    let config = &lib.config;
    let website = super::structured::website(
        &config.title,
        &home,
        &config.language,
        config.search.then_some(search.as_str()),
    );
    super::structured::insert(&mut ctx, v.origin(), vec![website]);
    let mut recent: Vec<(usize, Option<Date>)> = lib
        .playbooks
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.last_changed()))
        .collect();
    recent.sort_by(|a, b| {
        b.1.is_some()
            .cmp(&a.1.is_some())
            .then(b.1.cmp(&a.1))
            .then(a.0.cmp(&b.0))
    });
    let recent: Vec<&PlaybookCard> = recent.iter().take(8).map(|(i, _)| v.playbook(*i)).collect();
    ctx.insert("regions", &region_cards);
    ctx.insert("pillars", &v.pillars);
    ctx.insert("recent", &recent);
    ctx.insert("case_studies", &v.case_studies);
    ctx
}

/// The regions a card names: three at most, then how many more.
fn region_list(labels: &[&str]) -> String {
    let mut list = labels
        .iter()
        .take(3)
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    if labels.len() > 3 {
        list.push_str(&format!(" +{}", labels.len() - 3));
    }
    list
}

/// All regions side by side, with the region × pillar coverage matrix.
pub(super) fn regions(v: &Contexts) -> tera::Context {
    let lib = v.lib;
    let t = |key: &'static str| v.strings.get(key);
    let regions_url = lib.url(Route::Regions);
    let region_cards: Vec<RegionCard> = (0..lib.regions.len()).map(|r| v.region_card(r)).collect();
    let mut ctx = v.listing(&regions_url, t("regions"));
    let rows: Vec<serde_json::Value> = (0..lib.regions.len())
    .map(|r| {
        let cells: Vec<serde_json::Value> = lib
            .guide(r)
            .into_iter()
            .map(|(p, books)| {
                let slug = &lib.pillars[p].slug;
                serde_json::json!({"pillar": slug, "count": books.len(), "url": format!("{}#{}", v.regions[r].url, slug)})
            })
            .collect();
        serde_json::json!({"region": v.regions[r], "cells": cells})
    })
    .collect();
    ctx.insert("regions", &region_cards);
    ctx.insert(
        "matrix",
        &serde_json::json!({"pillars": v.pillars, "rows": rows}),
    );
    ctx
}

/// The context of pillar `p`'s page, with every playbook of the pillar.
pub(super) fn pillar(v: &Contexts, p: usize) -> tera::Context {
    let lib = v.lib;
    let pillar = &lib.pillars[p];
    let link = &v.pillars[p];
    let doc = &v.docs.get(Kind::Pillar, p);
    let mut ctx = v.context(
        &link.url,
        &pillar.title,
        &pillar.summary,
        "",
        &[(&pillar.title, link.url.clone())],
        Some(&pillar.source),
    );
    ctx.insert("has_code", &doc.has_code);
    ctx.insert(
        "pillar",
        &WithContent {
            card: link,
            content: &doc.html,
            toc: &doc.toc,
        },
    );
    let books: Vec<&PlaybookCard> = (0..lib.playbooks.len())
        .filter(|&b| lib.playbook_pillar[b] == p)
        .map(|b| v.playbook(b))
        .collect();
    ctx.insert("playbooks", &books);
    v.insert_freshness(
        &mut ctx,
        DocId {
            kind: Kind::Pillar,
            index: p,
        },
    );
    ctx
}

/// A text a page's context holds that is costly to make: a playbook's HTML
/// with its ids prefixed, on a region's print page. The context holds
/// `null` at `pointer` until the page renders; `key` names the text, so a
/// store that keeps pages looks the page up without making its texts.
pub(super) struct DeferredText<'a> {
    /// Where it goes in the context, as a JSON pointer.
    pub(super) pointer: String,
    pub(super) key: u64,
    pub(super) make: Box<dyn Fn() -> String + Send + 'a>,
}

/// `context` with each of `texts` made and put in its place.
pub(super) fn with_texts(context: tera::Context, texts: &[DeferredText]) -> tera::Context {
    if texts.is_empty() {
        return context;
    }
    let mut json = context.into_json();
    for text in texts {
        if let Some(slot) = json.pointer_mut(&text.pointer) {
            *slot = (text.make)().into();
        }
    }
    tera::Context::from_value(json).unwrap_or_default()
}

/// The context of region `r`'s guide.
pub(super) fn region(v: &Contexts, r: usize) -> tera::Context {
    region_with(v, r, false).0
}

/// The context of region `r`'s print version, which holds every playbook
/// of the region: their prefixed HTML deferred.
pub(super) fn region_print<'a>(
    v: &'a Contexts,
    r: usize,
) -> (tera::Context, Vec<DeferredText<'a>>) {
    region_with(v, r, true)
}

/// Region `r`'s guide, or with `full` its print version and the texts
/// that one defers.
fn region_with<'a>(
    v: &'a Contexts,
    r: usize,
    full: bool,
) -> (tera::Context, Vec<DeferredText<'a>>) {
    let lib = v.lib;
    let t = |key: &'static str| v.strings.get(key);
    let region = &lib.regions[r];
    let regions_url = lib.url(Route::Regions);
    let card = &v.region_card(r);
    let doc = &v.docs.get(Kind::Region, r);
    #[derive(Serialize)]
    struct RegionFull<'a> {
        #[serde(flatten)]
        card: &'a RegionCard<'a>,
        overview: &'a Text,
        toc: &'a [TocEntry],
    }
    let region_view = RegionFull {
        card,
        overview: &doc.html,
        toc: &doc.toc,
    };
    let guide = lib.guide(r);
    let mut texts = Vec::new();
    let sections: serde_json::Value = {
        let sections: Vec<serde_json::Value> = guide
            .iter()
            .enumerate()
            .map(|(s, (p, books))| {
                let pillar = &v.pillars[*p];
                let playbooks: Vec<serde_json::Value> = books
                    .iter()
                    .enumerate()
                    .map(|(i, &b)| {
                        let mut value = serde_json::to_value(v.playbook(b)).unwrap_or_default();
                        if let (true, Some(map)) = (full, value.as_object_mut()) {
                            // One page holds many playbooks: prefix their
                            // ids so that they stay unique.
                            let d = v.docs.get(Kind::Playbook, b);
                            let prefix = format!("{}--", lib.playbooks[b].slug);
                            let doc = d.html.fingerprint().to_le_bytes();
                            let parts: [&[u8]; 3] = [b"print", prefix.as_bytes(), &doc];
                            let key = crate::base::fingerprint::key(&parts);
                            let toc = prefix_toc(&d.toc, &prefix);
                            texts.push(DeferredText {
                                pointer: format!("/sections/{s}/playbooks/{i}/content"),
                                key,
                                // The document is unpacked only when
                                // the store has no copy of the text.
                                make: Box::new(move || {
                                    v.store.text(key, &|| prefix_ids(&d.html.get(), &prefix))
                                }),
                            });
                            map.insert("content".into(), serde_json::Value::Null);
                            map.insert("toc".into(), serde_json::to_value(toc).unwrap_or_default());
                        }
                        value
                    })
                    .collect();
                let mut section = serde_json::to_value(GuideSection {
                    pillar,
                    anchor: pillar.slug,
                    playbooks: Vec::<()>::new(),
                })
                .unwrap_or_default();
                if let Some(map) = section.as_object_mut() {
                    map.insert("playbooks".into(), playbooks.into());
                }
                section
            })
            .collect();
        serde_json::Value::Array(sections)
    };
    let cases: Vec<&CaseStudyCard> = lib
        .region_case_studies(r)
        .into_iter()
        .map(|c| &v.case_studies[c])
        .collect();
    let crumbs = [
        (t("regions"), regions_url.clone()),
        (region.label(), card.url.clone()),
    ];
    let title = v.region_title(r);
    let (url, title, crumbs) = if full {
        let mut c = crumbs.to_vec();
        c.push((t("print"), card.print_url.clone()));
        let title = v.strings.format("print_title", &[("title", &title)]);
        (card.print_url.clone(), title, c)
    } else {
        (card.url.clone(), title.clone(), crumbs.to_vec())
    };
    let mut ctx = v.context(
        &url,
        &title,
        &region.summary,
        &region.slug,
        &crumbs,
        Some(&region.source),
    );
    // A print page holds its playbooks too.
    let has_code = doc.has_code
        || (full
            && guide
                .iter()
                .flat_map(|(_, books)| books.iter())
                .any(|&b| v.docs.get(Kind::Playbook, b).has_code));
    ctx.insert("has_code", &has_code);
    ctx.insert("region", &region_view);
    ctx.insert("case_studies", &cases);
    if full {
        // The guide, not its printable copy, is what a search should find.
        ctx.insert("robots", "noindex");
    } else {
        v.insert_freshness(
            &mut ctx,
            DocId {
                kind: Kind::Region,
                index: r,
            },
        );
    }
    (with_value(ctx, "sections", sections), texts)
}

/// Region `r`'s readiness checklist: every task item of the playbooks in
/// its guide, by pillar and playbook, each linking back to its section.
pub(super) fn checklist(v: &Contexts, r: usize) -> tera::Context {
    #[derive(Serialize)]
    struct Task<'a> {
        /// Stable within the playbook: `SLUG:N`, the Nth task item.
        id: String,
        html: &'a str,
        section_title: &'a str,
        url: String,
    }
    #[derive(Serialize)]
    struct Group<'a> {
        playbook: &'a PlaybookCard<'a>,
        tasks: Vec<Task<'a>>,
    }
    #[derive(Serialize)]
    struct Section<'a> {
        pillar: &'a PillarLink<'a>,
        total: usize,
        groups: Vec<Group<'a>>,
    }
    let lib = v.lib;
    let t = |key: &'static str| v.strings.get(key);
    let region = &lib.regions[r];
    let card = v.region_card(r);
    let mut total = 0;
    let sections: Vec<Section> = lib
        .guide(r)
        .into_iter()
        .filter_map(|(p, books)| {
            let groups: Vec<Group> = books
                .into_iter()
                .filter_map(|b| {
                    let playbook = v.playbook(b);
                    let doc = v.docs.get(Kind::Playbook, b);
                    let tasks: Vec<Task> = doc
                        .tasks
                        .iter()
                        .enumerate()
                        .map(|(n, task)| Task {
                            id: format!("{}:{}", playbook.slug, n + 1),
                            html: &task.html,
                            section_title: &task.section_title,
                            url: match task.section_id.as_str() {
                                "" => playbook.url.clone(),
                                id => format!("{}#{id}", playbook.url),
                            },
                        })
                        .collect();
                    (!tasks.is_empty()).then_some(Group { playbook, tasks })
                })
                .collect();
            let count: usize = groups.iter().map(|g| g.tasks.len()).sum();
            total += count;
            (count > 0).then_some(Section {
                pillar: &v.pillars[p],
                total: count,
                groups,
            })
        })
        .collect();
    let title = v
        .strings
        .format("checklist_title", &[("name", &region.name)]);
    let crumbs = [
        (t("regions"), lib.url(Route::Regions)),
        (region.label(), card.url.clone()),
        (t("checklist"), card.checklist_url.clone()),
    ];
    let mut ctx = v.context(
        &card.checklist_url,
        &title,
        &region.summary,
        &region.slug,
        &crumbs,
        Some(&region.source),
    );
    // Ticks are kept per region and site, shared by its languages.
    let storage_key = format!("guidegen-checklist:{}{}", lib.config.base_path, region.slug);
    ctx.insert("region", &card);
    ctx.insert("sections", &sections);
    ctx.insert("total", &total);
    ctx.insert("storage_key", &storage_key);
    ctx
}

/// Every tag of the playbooks, by name, with how many carry it.
pub(super) fn tags(v: &Contexts) -> tera::Context {
    #[derive(Serialize)]
    struct TagView<'a> {
        name: &'a str,
        url: String,
        count: usize,
    }
    let lib = v.lib;
    let t = |key: &'static str| v.strings.get(key);
    let mut ctx = v.listing(&lib.url(Route::Tags), t("tags"));
    let tags: Vec<TagView> = lib
        .tags
        .iter()
        .map(|tag| TagView {
            name: &tag.name,
            url: lib.url(Route::Tag(&tag.slug)),
            count: tag.playbooks.len(),
        })
        .collect();
    ctx.insert("tags", &tags);
    ctx
}

/// The glossary: every term, alphabetically, with its anchor, expansion,
/// definition and link.
pub(super) fn glossary(v: &Contexts) -> tera::Context {
    #[derive(Serialize)]
    struct TermView<'a> {
        term: &'a str,
        id: &'a str,
        expansion: &'a str,
        definition: String,
        link: Option<&'a str>,
    }
    let lib = v.lib;
    let mut ctx = v.listing(&lib.url(Route::Glossary), v.strings.get("glossary"));
    let mut terms: Vec<TermView> = lib
        .glossary
        .iter()
        .flat_map(|g| &g.terms)
        .enumerate()
        .map(|(i, t)| {
            let (doc, link) = v
                .docs
                .glossary
                .get(i)
                .map_or((None, None), |(d, l)| (Some(d), l.as_deref()));
            TermView {
                term: &t.term,
                id: &t.id,
                expansion: &t.expansion,
                definition: doc.map(|d| d.html.get().into_owned()).unwrap_or_default(),
                link,
            }
        })
        .collect();
    terms.sort_by(|a, b| {
        let key = |t: &TermView| t.term.to_lowercase();
        key(a).cmp(&key(b)).then_with(|| a.term.cmp(b.term))
    });
    ctx.insert("terms", &terms);
    ctx
}

/// The playbooks of tag `i`.
pub(super) fn tag(v: &Contexts, i: usize) -> tera::Context {
    let lib = v.lib;
    let t = |key: &'static str| v.strings.get(key);
    let tag = &lib.tags[i];
    let url = lib.url(Route::Tag(&tag.slug));
    let title = v.strings.format("tag_title", &[("tag", &tag.name)]);
    let crumbs = [
        (t("tags"), lib.url(Route::Tags)),
        (tag.name.as_str(), url.clone()),
    ];
    let mut ctx = v.context(&url, &title, "", "", &crumbs, None);
    let books: Vec<&PlaybookCard> = tag.playbooks.iter().map(|&b| v.playbook(b)).collect();
    ctx.insert("tag", &tag.name);
    ctx.insert("playbooks", &books);
    ctx
}

/// Each region guide's playbooks in order, and where each stands in it.
pub(super) struct GuideOrder {
    order: Vec<Vec<usize>>,
    position: Vec<HashMap<usize, usize>>,
}

impl GuideOrder {
    pub(super) fn new(lib: &Library) -> Self {
        let order: Vec<Vec<usize>> = (0..lib.regions.len())
            .map(|r| {
                lib.guide(r)
                    .into_iter()
                    .flat_map(|(_, books)| books)
                    .collect()
            })
            .collect();
        let position = order
            .iter()
            .map(|books| books.iter().enumerate().map(|(i, &b)| (b, i)).collect())
            .collect();
        GuideOrder { order, position }
    }

    /// The playbooks before and after playbook `b` in region `r`'s guide.
    fn neighbours(&self, r: usize, b: usize) -> (Option<usize>, Option<usize>) {
        let order = &self.order[r];
        let pos = self.position[r].get(&b).copied().unwrap_or(0);
        let prev = pos.checked_sub(1).map(|i| order[i]);
        (prev, order.get(pos + 1).copied())
    }
}

/// The context of playbook `b`'s page.
pub(super) fn playbook(v: &Contexts, guides: &GuideOrder, b: usize) -> tera::Context {
    let lib = v.lib;
    let playbook = &lib.playbooks[b];
    let card = v.playbook(b);
    let doc = &v.docs.get(Kind::Playbook, b);
    let nav: Vec<GuideNav> = lib.playbook_regions[b]
        .iter()
        .map(|&r| {
            let (prev, next) = guides.neighbours(r, b);
            let link = |i: usize| NavLink {
                title: &lib.playbooks[i].title,
                url: v.playbook(i).url.clone(),
            };
            GuideNav {
                region: &v.regions[r],
                prev: prev.map(link),
                next: next.map(link),
            }
        })
        .collect();
    let current = match lib.playbook_regions[b].as_slice() {
        [only] if !playbook.all_regions() => lib.regions[*only].slug.as_str(),
        _ => "",
    };
    let crumbs = [
        (card.pillar.title, card.pillar.url.clone()),
        (playbook.title.as_str(), card.url.clone()),
    ];
    let mut ctx = v.context(
        &card.url,
        &playbook.title,
        &playbook.summary,
        current,
        &crumbs,
        Some(&playbook.source),
    );
    ctx.insert("has_code", &doc.has_code);
    let labels: Vec<&str> = card.regions.iter().map(|r| r.short_name).collect();
    ctx.insert("card_region", &region_list(&labels));
    ctx.insert("card_pillar", card.pillar.title);
    #[derive(Serialize)]
    struct Full<'a> {
        #[serde(flatten)]
        card: &'a PlaybookCard<'a>,
        content: &'a Text,
        toc: &'a [TocEntry],
        case_studies: Vec<CaseStudyLink<'a>>,
    }
    let case_studies = lib.playbook_case_studies[b]
        .iter()
        .map(|&c| case_study_link(lib, &lib.case_studies[c]))
        .collect();
    ctx.insert(
        "playbook",
        &Full {
            card,
            content: &doc.html,
            toc: &doc.toc,
            case_studies,
        },
    );
    ctx.insert("guide_nav", &nav);
    let id = DocId {
        kind: Kind::Playbook,
        index: b,
    };
    v.insert_freshness(&mut ctx, id);
    v.insert_article(&mut ctx, id, &playbook.summary);
    ctx
}

/// All case studies.
pub(super) fn case_studies(v: &Contexts) -> tera::Context {
    let t = |key: &'static str| v.strings.get(key);
    let mut ctx = v.listing(&v.lib.url(Route::CaseStudies), t("case_studies"));
    ctx.insert("case_studies", &v.case_studies);
    ctx
}

/// Case study `c`, with the playbooks that cite it.
pub(super) fn case_study(v: &Contexts, c: usize) -> tera::Context {
    let lib = v.lib;
    let t = |key: &'static str| v.strings.get(key);
    let case = &lib.case_studies[c];
    let case_studies_url = lib.url(Route::CaseStudies);
    let card = &v.case_studies[c];
    let doc = &v.docs.get(Kind::CaseStudy, c);
    let crumbs = [
        (t("case_studies"), case_studies_url.clone()),
        (case.company.as_str(), card.url.clone()),
    ];
    let mut ctx = v.context(
        &card.url,
        &case.title,
        &case.summary,
        "",
        &crumbs,
        Some(&case.source),
    );
    ctx.insert("has_code", &doc.has_code);
    let labels: Vec<&str> = card.regions.iter().map(|r| r.short_name).collect();
    let pillars: Vec<&str> = card.pillars.iter().map(|p| p.title).collect();
    ctx.insert("card_region", &region_list(&labels));
    ctx.insert("card_pillar", &pillars.join(" · "));
    #[derive(Serialize)]
    struct Full<'a> {
        #[serde(flatten)]
        card: &'a CaseStudyCard<'a>,
        content: &'a Text,
        toc: &'a [TocEntry],
        quotes: &'a [crate::content::case_study::Quote],
    }
    ctx.insert(
        "case_study",
        &Full {
            card,
            content: &doc.html,
            toc: &doc.toc,
            quotes: &case.quotes,
        },
    );
    let citing: Vec<&PlaybookCard> = (0..lib.playbooks.len())
        .filter(|&b| lib.playbook_case_studies[b].contains(&c))
        .map(|b| v.playbook(b))
        .collect();
    ctx.insert("playbooks", &citing);
    let id = DocId {
        kind: Kind::CaseStudy,
        index: c,
    };
    v.insert_freshness(&mut ctx, id);
    v.insert_article(&mut ctx, id, &case.summary);
    ctx
}

/// Free page `i`.
pub(super) fn page(v: &Contexts, i: usize) -> tera::Context {
    let lib = v.lib;
    let page = &lib.pages[i];
    let url = lib.page_url(page);
    let doc = &v.docs.get(Kind::Page, i);
    let mut ctx = v.context(
        &url,
        &page.title,
        &page.summary,
        "",
        &[(page.title.as_str(), url.clone())],
        Some(&page.source),
    );
    ctx.insert("has_code", &doc.has_code);
    ctx.insert(
        "page",
        &serde_json::json!({"slug": page.slug, "title": page.title, "url": url, "summary": page.summary, "content": doc.html, "toc": doc.toc}),
    );
    v.insert_freshness(
        &mut ctx,
        DocId {
            kind: Kind::Page,
            index: i,
        },
    );
    ctx
}

/// `ctx` with `value` under `key`, moved in: `Context::insert` would
/// serialize it again, a copy of megabytes on a print page.
fn with_value(ctx: tera::Context, key: &str, value: serde_json::Value) -> tera::Context {
    let mut json = ctx.into_json();
    if let Some(map) = json.as_object_mut() {
        map.insert(key.to_string(), value);
    }
    tera::Context::from_value(json).unwrap_or_default()
}
