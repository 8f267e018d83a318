//! What a crawler, a feed reader or a chat app reads: JSON-LD on every
//! page (BreadcrumbList, Article, WebSite with SearchAction), the Atom
//! feed's author and each entry's own dates, the sitemap's `x-default`
//! and `lastmod`, and print pages kept out of search.

mod util;

use serde_json::Value;
use util::*;

/// The JSON-LD graph of a built page (it must parse: serde_json wrote it).
fn graph(site: &TestSite, page: &str) -> Vec<Value> {
    let html = site.page(page);
    let scripts = select(&html, "head script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1, "{page}");
    let text: String = scripts[0].text().collect();
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{page}: {e}\n{text}"));
    assert_eq!(doc["@context"], "https://schema.org");
    doc["@graph"].as_array().unwrap().clone()
}

fn node<'a>(graph: &'a [Value], kind: &str) -> Option<&'a Value> {
    graph.iter().find(|n| n["@type"] == kind)
}

const AUTOSCALING_ZH: &str = "+++\ntitle = \"自动扩展\"\npillar = \"technical-readiness\"\nregions = [\"all\"]\nweight = 10\nupdated = 2026-01-15\n+++\n\n## 成本杠杆 {#cost-levers}\n";

/// The minimal fixture with an author, a Chinese edition that translates
/// the autoscaling playbook, and a title that tries to close a script.
fn site() -> TestSite {
    let site = TestSite::new("minimal");
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!(
            "{config}\n[site]\nauthor = \"Guides Team\"\n\n[languages.zh]\ntitle = \"夹具指南\"\n"
        ),
    );
    site.write("content/playbooks/autoscaling.zh.md", AUTOSCALING_ZH);
    // A title that tries to close the script element.
    site.edit(
        "content/playbooks/ops/residency.md",
        "title = \"Data residency\"",
        "title = \"Data residency </script><b>&\"",
    );
    site
}

#[test]
fn playbooks_and_case_studies_are_articles_with_their_dates() {
    let site = site();
    site.build().success();
    let g = graph(&site, "playbooks/residency/index.html");
    let article = node(&g, "Article").expect("an Article");
    assert_eq!(article["headline"], "Data residency </script><b>&");
    assert_eq!(article["description"], "Keep data in the Kingdom.");
    assert_eq!(article["datePublished"], "2025-12-02");
    assert_eq!(article["dateModified"], "2025-12-02");
    assert_eq!(article["inLanguage"], "en");
    assert_eq!(
        article["url"],
        "https://fixture.example.com/playbooks/residency/"
    );
    assert_eq!(article["publisher"]["name"], "Fixture Guides");
    assert_eq!(article["author"]["name"], "Guides Team");
    let autoscaling = graph(&site, "playbooks/autoscaling/index.html");
    assert_eq!(
        node(&autoscaling, "Article").unwrap()["dateModified"],
        "2026-01-15"
    );
    let case = graph(&site, "case-studies/acme/index.html");
    assert!(node(&case, "Article").is_some());
    // The raw text never closes the element early.
    let raw = site.read("public/playbooks/residency/index.html");
    let script = raw.split("application/ld+json\">").nth(1).unwrap();
    assert!(script
        .split("</script>")
        .next()
        .unwrap()
        .contains("\\u003c/script\\u003e"));
}

#[test]
fn every_page_with_breadcrumbs_lists_them() {
    let site = site();
    site.build().success();
    let g = graph(&site, "playbooks/residency/index.html");
    let list = node(&g, "BreadcrumbList").expect("a BreadcrumbList");
    let items = list["itemListElement"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["Home", "Compliance", "Data residency </script><b>&"]
    );
    assert_eq!(items[0]["item"], "https://fixture.example.com/");
    assert_eq!(items[2]["position"], 3);
    for page in [
        "regions/ksa/index.html",
        "regions/index.html",
        "pillars/compliance/index.html",
        "case-studies/index.html",
        "about/index.html",
        "zh/regions/ksa/index.html",
    ] {
        assert!(
            node(&graph(&site, page), "BreadcrumbList").is_some(),
            "{page}"
        );
    }
}

#[test]
fn the_home_page_is_a_website_with_a_search_action() {
    let site = site();
    site.build().success();
    let g = graph(&site, "index.html");
    let website = node(&g, "WebSite").expect("a WebSite");
    assert_eq!(website["url"], "https://fixture.example.com/");
    assert_eq!(
        website["potentialAction"]["target"]["urlTemplate"],
        "https://fixture.example.com/search/?q={search_term_string}"
    );
    assert_eq!(
        website["potentialAction"]["query-input"],
        "required name=search_term_string"
    );
    let zh = graph(&site, "zh/index.html");
    assert_eq!(node(&zh, "WebSite").unwrap()["inLanguage"], "zh");
    // Without search, no action to offer.
    site.edit(
        "guidegen.toml",
        "[site]",
        "[search]\nenabled = false\n\n[site]",
    );
    site.build().success();
    let g = graph(&site, "index.html");
    assert!(node(&g, "WebSite")
        .unwrap()
        .get("potentialAction")
        .is_none());
}

#[test]
fn the_feed_has_an_author_and_each_entry_its_own_dates() {
    let site = site();
    site.build().success();
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains("  <author><name>Guides Team</name></author>\n"),
        "{feed}"
    );
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    let updated = |title: &str| {
        let entry = entries.iter().find(|e| e.contains(title)).unwrap();
        entry
            .split("<updated>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(updated("Autoscaling"), "2026-01-15T00:00:00Z");
    assert_eq!(updated("Data residency"), "2025-12-02T00:00:00Z");
    // Without `[site] author`, the site's title.
    site.edit("guidegen.toml", "author = \"Guides Team\"", "");
    site.build().success();
    assert!(site
        .read("public/atom.xml")
        .contains("<author><name>Fixture Guides</name></author>"));
}

#[test]
fn the_sitemap_has_x_default_and_lastmod_and_no_print_pages() {
    let site = site();
    site.build().success();
    let sitemap = site.read("public/sitemap.xml");
    assert!(!sitemap.contains("/print/"), "{sitemap}");
    let entry = |loc: &str| {
        sitemap
            .lines()
            .find(|l| l.contains(&format!("<loc>https://fixture.example.com/{loc}</loc>")))
            .unwrap_or_else(|| panic!("{loc} not in {sitemap}"))
            .to_string()
    };
    assert!(entry("playbooks/residency/").contains("<lastmod>2025-12-02</lastmod>"));
    // A page in two languages names both, and the default as x-default.
    for loc in ["playbooks/autoscaling/", "zh/playbooks/autoscaling/"] {
        let autoscaling = entry(loc);
        assert!(
            autoscaling.contains("<lastmod>2026-01-15</lastmod>"),
            "{autoscaling}"
        );
        assert!(
            autoscaling.contains("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://fixture.example.com/playbooks/autoscaling/\"/>"),
            "{autoscaling}"
        );
    }
}

#[test]
fn print_pages_ask_not_to_be_indexed() {
    let site = site();
    site.build().success();
    let print = site.page("regions/ksa/print/index.html");
    let robots = select(&print, "head meta[name=robots]");
    assert_eq!(robots.len(), 1);
    assert_eq!(robots[0].value().attr("content"), Some("noindex"));
    let guide = site.page("regions/ksa/index.html");
    assert!(select(&guide, "head meta[name=robots]").is_empty());
}

#[test]
fn a_page_of_its_own_author_names_a_person_in_its_data_and_feed_entry() {
    let site = site();
    site.edit(
        "content/playbooks/autoscaling.md",
        "title = \"Autoscaling\"",
        "title = \"Autoscaling\"\nauthor = \"Rana <Haddad> & co\"",
    );
    site.build().success();
    let g = graph(&site, "playbooks/autoscaling/index.html");
    assert_eq!(
        node(&g, "Article").unwrap()["author"],
        serde_json::json!({"@type": "Person", "name": "Rana <Haddad> & co"})
    );
    // The others keep the site's author, an organisation.
    let other = graph(&site, "playbooks/residency/index.html");
    assert_eq!(
        node(&other, "Article").unwrap()["author"],
        serde_json::json!({"@type": "Organization", "name": "Guides Team"})
    );
    let feed = site.read("public/atom.xml");
    let entry = |title: &str| {
        feed.split("<entry>")
            .find(|e| e.contains(&format!("<title>{title}")))
            .unwrap()
            .to_string()
    };
    assert!(
        entry("Autoscaling")
            .contains("    <author><name>Rana &lt;Haddad&gt; &amp; co</name></author>\n"),
        "{feed}"
    );
    assert!(!entry("Data residency").contains("<author>"), "{feed}");
    // The feed's own author is still the site's.
    assert!(feed.contains("  <author><name>Guides Team</name></author>\n"));
}
