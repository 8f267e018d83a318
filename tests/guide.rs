//! The guide this repository publishes: it must build without a single
//! warning, and every internal link of it must resolve.

mod util;
use util::{broken_links, select, text, TestSite};

#[test]
fn the_bundled_guide_builds_without_warnings_and_every_link_resolves() {
    let site = TestSite::bundled_guide();
    let run = site.build();
    run.success();
    assert_eq!(run.warnings(), Vec::<&str>::new(), "{}", run.stderr);
    assert_eq!(broken_links(&site.public(), "/"), Vec::<String>::new());
}

#[test]
fn every_region_guide_lists_its_playbooks_under_the_four_pillars() {
    let site = TestSite::bundled_guide();
    site.build().success();
    let regions: Vec<String> = std::fs::read_dir(site.path("content/regions"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .to_string()
        })
        // `ksa.zh.toml` is a translation, not a region.
        .filter(|stem| !stem.contains('.'))
        .collect();
    assert!(regions.len() >= 8, "{regions:?}");
    for region in regions {
        let guide = site.page(&format!("regions/{region}/index.html"));
        for pillar in [
            "strategy",
            "technical-readiness",
            "compliance",
            "go-to-market",
        ] {
            let links = select(&guide, &format!("section#{pillar} a[href^='/playbooks/']"));
            assert!(!links.is_empty(), "{region}: no {pillar} playbook");
        }
    }
}

#[test]
fn case_studies_show_every_figure_and_chart_only_what_compares() {
    let site = TestSite::bundled_guide();
    site.build().success();
    // Qlik's three USD/month figures compare on one scale: charted.
    let page = site.page("case-studies/qlik/index.html");
    let charts = select(&page, "main svg[role=img]");
    assert_eq!(charts.len(), 1, "qlik");
    assert!(
        !text(&select(&page, "main svg title")[0]).is_empty(),
        "qlik: chart has a title"
    );
    let bars = select(&page, "main svg .metric-bar").len();
    assert_eq!(bars, 3, "qlik: its USD/month figures only");
    // Figures of different units are shown as figures, never as bars.
    for case in ["darktrace", "riskified", "connect"] {
        let page = site.page(&format!("case-studies/{case}/index.html"));
        assert!(select(&page, "main svg[role=img]").is_empty(), "{case}");
        assert!(select(&page, "main dl.metrics dd").len() >= 2, "{case}");
    }
}

#[test]
fn no_page_repeats_an_id_not_even_the_print_pages() {
    let site = TestSite::bundled_guide();
    site.build().success();
    for (path, bytes) in util::snapshot(&site.public()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        let mut seen = std::collections::HashSet::new();
        for el in select(&html, "[id]") {
            let id = el.value().attr("id").unwrap();
            assert!(seen.insert(id.to_string()), "{path}: id {id} appears twice");
        }
    }
}
