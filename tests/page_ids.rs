//! Ids on built pages: no page repeats one (content headings never take a
//! template's, footnotes have their own), print pages rewrite ids in the
//! parsed document and leave code text alone, and raw HTML is reported
//! where it is written.

mod util;

use std::collections::HashSet;
use util::*;

/// A site whose content names headings like the templates' own ids.
fn site() -> TestSite {
    let site = TestSite::new("minimal");
    site.edit(
        "content/regions/ksa.toml",
        "## Market\n",
        "## Market\n\n## Compliance\n\n## Case studies\n\n## Main\n\nNote[^1] and [back](#main-1).\n\n[^1]: A note.\n\n## fn-1\n",
    );
    site.edit(
        "content/playbooks/autoscaling.md",
        "## Cost levers\n",
        "## Cost levers\n\nWrite `<div id=\"main\">` in the template; see [levers](#cost-levers).\n\n## Main\n\n## السوق\n\n[encoded](#%D8%A7%D9%84%D8%B3%D9%88%D9%82)\n\n<!-- TODO: confirm with legal -->\n\nA <b>bold</b> claim.\n",
    );
    site
}

/// Every `id` of every HTML page of the output, each page's ids unique.
fn repeated_ids(public: &std::path::Path) -> Vec<String> {
    let mut repeated = Vec::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = scraper::Html::parse_document(&std::fs::read_to_string(entry.path()).unwrap());
        let mut seen = HashSet::new();
        for el in select(&html, "[id]") {
            let id = el.value().attr("id").unwrap_or_default().to_string();
            if !seen.insert(id.clone()) {
                repeated.push(format!("{}: {id}", entry.path().display()));
            }
        }
    }
    repeated
}

#[test]
fn no_page_repeats_an_id() {
    let site = site();
    site.build().success();
    let repeated = repeated_ids(&site.public());
    assert!(repeated.is_empty(), "{repeated:#?}");
    let region = site.page("regions/ksa/index.html");
    for id in ["compliance-1", "case-studies-1", "main-1", "fn-1"] {
        assert_eq!(
            select(&region, &format!("main h2[id='{id}']")).len(),
            1,
            "{id}"
        );
    }
    // The template's own elements keep theirs.
    assert_eq!(select(&region, "main#main").len(), 1);
    assert_eq!(select(&region, "section#compliance").len(), 1);
    assert_eq!(select(&region, "[id='fn:1']").len(), 1);
}

#[test]
fn print_pages_prefix_ids_but_not_code_text() {
    let site = site();
    site.build().success();
    let print = site.page("regions/ksa/print/index.html");
    let code: Vec<String> = select(&print, "article#playbook-autoscaling code")
        .iter()
        .map(text)
        .collect();
    assert!(code.contains(&"<div id=\"main\">".to_string()), "{code:?}");
    assert_eq!(select(&print, "h2[id='autoscaling--cost-levers']").len(), 1);
    assert_eq!(select(&print, "h2[id='autoscaling--main-1']").len(), 1);
    assert_eq!(
        select(&print, "a[href='#autoscaling--cost-levers']").len(),
        1
    );
    assert!(repeated_ids(&site.public()).is_empty());
}

#[test]
fn raw_html_is_reported_at_its_place_and_comments_vanish() {
    let site = site();
    let run = site.build();
    run.success();
    let raw: Vec<&str> = run
        .warnings()
        .into_iter()
        .filter(|w| w.contains("raw HTML"))
        .collect();
    assert_eq!(raw.len(), 1, "{:?}", run.warnings());
    assert!(
        raw[0].starts_with(
            "warning: content/playbooks/autoscaling.md:22:3: raw HTML `<b>` is shown as text"
        ),
        "{}",
        raw[0]
    );
    let page = site.read("public/playbooks/autoscaling/index.html");
    assert!(
        !page.contains("TODO: confirm"),
        "a comment reached the page"
    );
    assert!(page.contains("A &lt;b&gt;bold&lt;/b&gt; claim."));
    // The percent-encoded link to `## السوق` was no error.
    assert!(run.errors().is_empty(), "{:?}", run.errors());
}
