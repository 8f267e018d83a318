//! routes: the one place where URLs and output paths are made. Every page of
//! a language edition has a path relative to the edition's home
//! (`regions/ksa/`), written to `regions/ksa/index.html` under the edition's
//! folder; the files the site writes once (sitemap, robots, highlighting)
//! and the search bundles' folders are named here too.

use crate::config::is_language_tag;

/// A page of a language edition, by what it shows (slugs are file stems).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Home,
    Regions,
    Region(&'a str),
    RegionPrint(&'a str),
    /// A region's readiness checklist.
    RegionChecklist(&'a str),
    Pillar(&'a str),
    Playbook(&'a str),
    CaseStudies,
    CaseStudy(&'a str),
    /// Every tag, and the playbooks of one (by the tag's slug).
    Tags,
    Tag(&'a str),
    /// The glossary's terms and definitions.
    Glossary,
    /// A free page, at the edition's top level.
    Page(&'a str),
    Search,
    NotFound,
}

impl Route<'_> {
    /// The URL path relative to the edition's home: `regions/ksa/`, `` for
    /// the home page, `404.html` for the page of missing URLs.
    pub fn path(&self) -> String {
        match self {
            Route::Home => String::new(),
            Route::Regions => "regions/".into(),
            Route::Region(slug) => format!("regions/{slug}/"),
            Route::RegionPrint(slug) => format!("regions/{slug}/print/"),
            Route::RegionChecklist(slug) => format!("regions/{slug}/checklist/"),
            Route::Pillar(slug) => format!("pillars/{slug}/"),
            Route::Playbook(slug) => format!("playbooks/{slug}/"),
            Route::CaseStudies => "case-studies/".into(),
            Route::CaseStudy(slug) => format!("case-studies/{slug}/"),
            Route::Tags => "tags/".into(),
            Route::Tag(slug) => format!("tags/{slug}/"),
            Route::Glossary => "glossary/".into(),
            Route::Page(slug) => format!("{slug}/"),
            Route::Search => "search/".into(),
            Route::NotFound => NOT_FOUND.into(),
        }
    }

    /// The output file relative to the edition's folder: `index.html` in
    /// the page's folder (pretty URLs), or the file itself.
    pub fn file(&self) -> String {
        let path = self.path();
        if path.ends_with(".html") {
            path
        } else {
            format!("{path}index.html")
        }
    }
}

/// The top-level folders the site's own pages take: a free page may not.
pub const RESERVED_PAGE_SLUGS: &[&str] = &[
    "regions",
    "pillars",
    "playbooks",
    "case-studies",
    "search",
    "tags",
    "glossary",
];

/// The page a server answers a missing URL with.
pub const NOT_FOUND: &str = "404.html";
/// Each edition's feed of recently changed playbooks.
pub const FEED: &str = "atom.xml";
/// Written once, at the root, for every edition.
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const HIGHLIGHT_CSS: &str = "highlight.css";

/// Where the social card named by `key` (a hash of everything drawn on
/// it) is published, once for every edition: `cards/0123456789abcdef.png`.
/// The name changes when the card does, so it may be cached forever.
pub fn card_path(key: u64) -> String {
    format!("cards/{key:016x}.png")
}

/// The folder of an edition's search index: `pagefind/` (the name the
/// theme's search script and published sites know it by).
pub const SEARCH_DIR: &str = "pagefind";

/// Whether `path` (an output path) is a file of a search bundle.
pub fn is_search_file(path: &str) -> bool {
    let in_bundle = |p: &str| p.starts_with("pagefind/");
    // A language edition's bundle sits under its folder: `zh/pagefind/`.
    in_bundle(path)
        || path
            .split_once('/')
            .is_some_and(|(lang, rest)| is_language_tag(lang) && in_bundle(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_pretty_urls_and_an_index_file() {
        assert_eq!(Route::Home.path(), "");
        assert_eq!(Route::Home.file(), "index.html");
        assert_eq!(Route::RegionPrint("ksa").path(), "regions/ksa/print/");
        assert_eq!(Route::Playbook("pdpl").file(), "playbooks/pdpl/index.html");
        assert_eq!(Route::Page("about").path(), "about/");
        assert_eq!(Route::NotFound.path(), "404.html");
        assert_eq!(Route::NotFound.file(), "404.html");
    }

    #[test]
    fn every_route_has_its_own_path_and_file() {
        let routes = [
            (Route::Home, ""),
            (Route::Regions, "regions/"),
            (Route::Region("ksa"), "regions/ksa/"),
            (Route::RegionPrint("ksa"), "regions/ksa/print/"),
            (Route::RegionChecklist("ksa"), "regions/ksa/checklist/"),
            (Route::Pillar("compliance"), "pillars/compliance/"),
            (Route::Playbook("pdpl"), "playbooks/pdpl/"),
            (Route::CaseStudies, "case-studies/"),
            (Route::CaseStudy("acme"), "case-studies/acme/"),
            (Route::Tags, "tags/"),
            (Route::Tag("residency"), "tags/residency/"),
            (Route::Glossary, "glossary/"),
            (Route::Page("about"), "about/"),
            (Route::Search, "search/"),
        ];
        for (route, path) in routes {
            assert_eq!(route.path(), path, "{route:?}");
            assert_eq!(route.file(), format!("{path}index.html"), "{route:?}");
        }
    }

    #[test]
    fn a_card_is_named_by_its_key_in_sixteen_hex_digits() {
        assert_eq!(card_path(0xab), "cards/00000000000000ab.png");
        assert_eq!(card_path(u64::MAX), "cards/ffffffffffffffff.png");
    }

    #[test]
    fn search_files_are_known_in_every_edition() {
        assert!(is_search_file("pagefind/pagefind.js"));
        assert!(is_search_file("pagefind/chunk/0123.gg_chunk"));
        assert!(is_search_file("zh/pagefind/index.gg_meta"));
        assert!(!is_search_file("playbooks/pagefind/index.html"));
        assert!(!is_search_file("search/index.html"));
        assert!(!is_search_file("pagefind-zh/pagefind-entry.json"));
        assert!(is_search_file("ar/pagefind/fragment-01/2.gg_page"));
        assert!(is_search_file("pt-br/pagefind/pagefind.js"));
        // Only a language tag may come before a bundle folder.
        assert!(!is_search_file("not a tag/pagefind/pagefind.js"));
        assert!(!is_search_file("zh/search/index.html"));
        assert!(!is_search_file("pagefind.html"));
        assert!(!is_search_file("zh/pagefindx"));
    }
}
