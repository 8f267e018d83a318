//! Building fixture sites with the real binary, and what a reader sees in the
//! output: every page valid, every link resolving, the guide's structure.

mod util;
use util::{broken_links, select, snapshot, text, TestSite};

const PAGES: &[&str] = &[
    "index.html",
    "regions/index.html",
    "regions/ksa/index.html",
    "regions/ksa/print/index.html",
    "regions/uae/index.html",
    "pillars/compliance/index.html",
    "playbooks/residency/index.html",
    "playbooks/autoscaling/index.html",
    "case-studies/index.html",
    "case-studies/acme/index.html",
    "about/index.html",
    "404.html",
];

#[test]
fn builds_every_page_of_spec_with_a_summary_line() {
    let site = TestSite::new("minimal");
    let run = site.build();
    run.success();
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("Built ") && l.contains(" pages in ") && l.ends_with(" s")),
        "{}",
        run.stderr
    );
    for page in PAGES {
        assert!(
            site.path(&format!("public/{page}")).is_file(),
            "missing {page}"
        );
    }
    for file in [
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "highlight.css",
        "style.css",
        ".guidegen-output",
    ] {
        assert!(
            site.path(&format!("public/{file}")).is_file(),
            "missing {file}"
        );
    }
}

#[test]
fn every_page_is_valid_html_with_title_viewport_and_canonical() {
    let site = TestSite::new("minimal");
    site.build().success();
    for page in PAGES {
        let raw = site.read(&format!("public/{page}"));
        assert!(
            raw.trim_start()
                .to_lowercase()
                .starts_with("<!doctype html>"),
            "{page}: no doctype"
        );
        let html = site.page(page);
        assert_eq!(
            select(&html, "html")[0].value().attr("lang"),
            Some("en"),
            "{page}"
        );
        assert!(
            !text(&select(&html, "title")[0]).is_empty(),
            "{page}: empty title"
        );
        assert_eq!(
            select(&html, "meta[name=viewport]").len(),
            1,
            "{page}: viewport"
        );
        let canonical = select(&html, "link[rel=canonical]");
        assert_eq!(canonical.len(), 1, "{page}: canonical");
        assert!(
            canonical[0]
                .value()
                .attr("href")
                .unwrap()
                .starts_with("https://fixture.example.com/"),
            "{page}"
        );
        // Self-contained: nothing is loaded from another host.
        for el in select(
            &html,
            "script[src], link[rel=stylesheet], img[src], iframe[src]",
        ) {
            let url = el.value().attr("src").or(el.value().attr("href")).unwrap();
            assert!(!url.contains("://"), "{page} loads {url}");
        }
    }
}

#[test]
fn region_guide_lists_playbooks_under_each_pillar_and_all_regions_playbooks_everywhere() {
    let site = TestSite::new("minimal");
    site.build().success();
    let ksa = site.page("regions/ksa/index.html");
    let compliance = select(&ksa, "section#compliance");
    assert_eq!(compliance.len(), 1, "KSA guide has a compliance section");
    let links: Vec<_> = select(&ksa, "section#compliance a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    assert!(
        links.contains(&"/playbooks/residency/".to_string()),
        "{links:?}"
    );
    for region in ["ksa", "uae"] {
        let guide = site.page(&format!("regions/{region}/index.html"));
        let links: Vec<_> = select(&guide, "section#technical-readiness a")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .map(str::to_string)
            .collect();
        assert!(
            links.contains(&"/playbooks/autoscaling/".to_string()),
            "{region}: {links:?}"
        );
    }
    // The UAE has no compliance playbook: the residency one is KSA's only.
    let uae = site.page("regions/uae/index.html");
    assert!(select(&uae, "section#compliance a[href='/playbooks/residency/']").is_empty());
    // Every pillar has a section, in pillar order.
    let order: Vec<_> = select(&ksa, "section[id]")
        .iter()
        .map(|s| s.value().attr("id").unwrap().to_string())
        .collect();
    let pillars: Vec<_> = order
        .iter()
        .filter(|id| {
            [
                "strategy",
                "technical-readiness",
                "compliance",
                "go-to-market",
            ]
            .contains(&id.as_str())
        })
        .collect();
    assert_eq!(
        pillars,
        [
            "strategy",
            "technical-readiness",
            "compliance",
            "go-to-market"
        ]
    );
}

#[test]
fn print_page_holds_every_playbook_in_full() {
    let site = TestSite::new("minimal");
    site.build().success();
    let print = site.page("regions/ksa/print/index.html");
    let body = text(&select(&print, "main")[0]);
    assert!(
        body.contains("Map the data"),
        "residency playbook body is on the print page"
    );
    assert!(
        body.contains("kubectl get nodes"),
        "autoscaling playbook body is on the print page"
    );
}

#[test]
fn markdown_features_render_in_a_playbook() {
    let site = TestSite::new("minimal");
    site.build().success();
    let page = site.page("playbooks/residency/index.html");
    assert_eq!(select(&page, "main table").len(), 1);
    assert_eq!(select(&page, "main input[type=checkbox]").len(), 2);
    assert_eq!(select(&page, "main del").len(), 1);
    assert_eq!(select(&page, "main h2#residency-options").len(), 1);
    assert!(!select(&page, "main pre.code[data-lang=yaml] span[class^=hl-]").is_empty());
    // Footnotes are numbered (`fn:1`), whatever their label.
    assert_eq!(
        select(&page, "main .footnote-definition[id='fn:1']").len(),
        1
    );
    let links: Vec<_> = select(&page, "main a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&"/playbooks/autoscaling/#cost-levers"),
        "{links:?}"
    );
    assert!(links.contains(&"/case-studies/acme/"), "{links:?}");
    let css = site.read("public/highlight.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme:dark"));
}

#[test]
fn case_study_charts_comparable_metrics_and_escapes_quotes() {
    let site = TestSite::new("minimal");
    site.build().success();
    let page = site.page("case-studies/acme/index.html");
    let svg = select(&page, "svg[role=img]");
    assert_eq!(svg.len(), 1, "one chart");
    // Only what compares on one scale is charted: the two USD/month
    // figures, not the deals, which stand alone in their unit.
    let bars: Vec<String> = select(&page, "svg[role=img] .metric-label")
        .iter()
        .map(text)
        .collect();
    assert_eq!(bars, ["Monthly savings", "Savings from new instance types"]);
    assert!(text(&svg[0]).contains("150,000"));
    let figures: Vec<String> = select(&page, "dl.metrics dd").iter().map(text).collect();
    assert!(
        figures.iter().any(|f| f.starts_with("3–4")),
        "range metric shown as 3–4: {figures:?}"
    );
    let body = text(&select(&page, "main")[0]);
    assert!(body.contains("It <worked>."), "TOML strings are plain text");
    assert!(
        select(&page, "main worked").is_empty(),
        "no raw HTML from TOML"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::new("minimal");
    site.build().success();
    assert!(!site.path("public/playbooks/draft-idea").exists());
    site.run(&["build", "--drafts"]).success();
    assert!(site
        .path("public/playbooks/draft-idea/index.html")
        .is_file());
}

#[test]
fn every_internal_link_resolves() {
    let site = TestSite::new("minimal");
    site.build().success();
    assert_eq!(broken_links(&site.public(), "/"), Vec::<String>::new());
}

#[test]
fn a_sub_path_base_url_prefixes_every_link_and_they_all_resolve() {
    let site = TestSite::new("minimal");
    site.run(&["build", "--base-url", "https://example.org/guides/en"])
        .success();
    let home = site.page("index.html");
    let canonical = select(&home, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(canonical, "https://example.org/guides/en/");
    let hrefs: Vec<_> = select(&home, "a[href^='/']")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    assert!(!hrefs.is_empty());
    assert!(
        hrefs.iter().all(|h| h.starts_with("/guides/en/")),
        "{hrefs:?}"
    );
    assert_eq!(
        broken_links(&site.public(), "/guides/en/"),
        Vec::<String>::new()
    );
    assert!(site
        .read("public/sitemap.xml")
        .contains("<loc>https://example.org/guides/en/playbooks/residency/</loc>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::new("minimal");
    site.build().success();
    let first = snapshot(&site.public());
    site.build().success();
    assert_eq!(first, snapshot(&site.public()));
    let other = TestSite::new("minimal");
    other.build().success();
    assert_eq!(
        first,
        snapshot(&other.public()),
        "same input in another directory gives the same bytes"
    );
}

#[test]
fn feeds_sitemap_and_robots() {
    let site = TestSite::new("minimal");
    site.build().success();
    let atom = site.read("public/atom.xml");
    assert!(atom.contains("<title>Autoscaling</title>"));
    assert!(atom.contains("<updated>2026-01-15T00:00:00Z</updated>"));
    assert!(
        !atom.contains("Unfinished idea"),
        "drafts are not in the feed"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://fixture.example.com/regions/ksa/</loc>"));
    assert!(!sitemap.contains("404"));
    assert!(site
        .read("public/robots.txt")
        .contains("Sitemap: https://fixture.example.com/sitemap.xml"));
}

#[test]
fn site_templates_override_theme_templates_and_static_files_are_copied() {
    let site = TestSite::new("minimal");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p id=\"custom\">Custom {{ page.title }}</p>{% endblock main %}",
    );
    site.write("static/files/brochure.txt", "hello");
    site.build().success();
    let about = site.page("about/index.html");
    assert_eq!(text(&select(&about, "#custom")[0]), "Custom About");
    assert_eq!(site.read("public/files/brochure.txt"), "hello");
}

#[test]
fn unsafe_html_lets_raw_html_through() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/pages/about.md",
        "## Who we are",
        "<div id=\"raw\">raw</div>\n\n## Who we are",
    );
    site.build().success();
    assert!(
        select(&site.page("about/index.html"), "#raw").is_empty(),
        "escaped by default"
    );
    site.write(
        "guidegen.toml",
        "title = \"Fixture Guides\"\nbase_url = \"https://fixture.example.com/\"\n[markdown]\nunsafe_html = true\n",
    );
    site.build().success();
    assert_eq!(select(&site.page("about/index.html"), "#raw").len(), 1);
}

#[test]
fn a_site_without_a_themes_folder_uses_the_built_in_theme() {
    let site = TestSite::new("minimal");
    assert!(!site.path("themes").exists());
    site.build().success();
    assert!(site.read("public/style.css").len() > 100);
}

#[test]
fn regions_page_has_the_coverage_matrix() {
    let site = TestSite::new("minimal");
    let run = site.build();
    run.success();
    let page = site.page("regions/index.html");
    let body = text(&select(&page, "main")[0]);
    assert!(body.contains("Kingdom of Saudi Arabia") && body.contains("United Arab Emirates"));
    // Empty cells are warned about: the UAE has no compliance playbook.
    assert!(
        run.warnings()
            .iter()
            .any(|w| w.contains("content/regions/uae.toml") && w.contains("\"compliance\"")),
        "{}",
        run.stderr
    );
}

#[test]
fn check_writes_nothing_and_speaks_json_and_github() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/playbooks/autoscaling.md",
        "pillar = \"technical-readiness\"",
        "pillar = \"technical-readines\"",
    );
    let json = site.run(&["check", "--format", "json"]);
    json.failure();
    assert!(!site.public().exists(), "check writes nothing");
    let first: serde_json::Value = serde_json::from_str(
        json.stdout
            .lines()
            .find(|l| l.contains("\"error\""))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["path"], "content/playbooks/autoscaling.md");
    assert_eq!(first["line"], 3);
    assert!(first["message"]
        .as_str()
        .unwrap()
        .contains("did you mean \"technical-readiness\"?"));
    let github = site.run(&["check", "--format", "github"]);
    github.failure();
    assert!(
        github
            .stdout
            .lines()
            .any(|l| l.starts_with("::error file=content/playbooks/autoscaling.md,line=3,col=")),
        "{}",
        github.stdout
    );
}

#[test]
fn new_writes_skeletons_that_build() {
    let site = TestSite::new("minimal");
    for (kind, slug) in [
        ("region", "brazil"),
        ("playbook", "lgpd-basics"),
        ("case-study", "globex"),
        ("page", "contact"),
    ] {
        site.run(&["new", kind, slug]).success();
    }
    for path in [
        "content/regions/brazil.toml",
        "content/playbooks/lgpd-basics.md",
        "content/case-studies/globex.toml",
        "content/pages/contact.md",
    ] {
        assert!(site.path(path).is_file(), "{path}");
    }
    site.build().success();
    assert!(site.path("public/regions/brazil/index.html").is_file());
    assert!(site
        .path("public/playbooks/lgpd-basics/index.html")
        .is_file());
    assert!(site.path("public/case-studies/globex/index.html").is_file());
    assert!(site.path("public/contact/index.html").is_file());
    let again = site.run(&["new", "page", "contact"]);
    again.failure();
    assert!(again.stderr.contains("already exists"));
    site.run(&["new", "page", "Bad_Slug"]).failure();
}

#[test]
fn usage_errors_exit_with_2() {
    let site = TestSite::new("minimal");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["frobnicate"]).code, 2);
    let version = site.run(&["--version"]);
    assert_eq!(version.code, 0);
    assert!(version.stdout.starts_with("guidegen "));
}

#[test]
fn timings_report_stages_and_slowest_templates_and_pages() {
    let site = TestSite::new("minimal");
    let run = site.run(&["build", "--timings"]);
    run.success();
    for needle in [
        "load content + templates",
        "templates",
        "search index",
        "write",
        "Slowest templates",
        "Slowest pages",
    ] {
        assert!(
            run.stderr.contains(needle),
            "{needle} missing:\n{}",
            run.stderr
        );
    }
    // Which templates and pages are slowest depends on the machine's load;
    // that each list holds ten, slowest first, does not. The fixture has
    // more than ten of each.
    let section = |title: &str| -> Vec<Vec<String>> {
        run.stderr
            .lines()
            .skip_while(|l| !l.starts_with(title))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect()
    };
    let templates = section("Slowest templates");
    assert_eq!(templates.len(), 10, "{}", run.stderr);
    // `NAME.html  TOTAL ms  PAGES  MEAN ms`
    let totals: Vec<f64> = templates
        .iter()
        .map(|fields| {
            assert!(fields[0].ends_with(".html"), "{fields:?}");
            fields[1].parse().unwrap()
        })
        .collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    let pages = section("Slowest pages");
    assert_eq!(pages.len(), 10, "{}", run.stderr);
    // `TIME ms  /URL/ (TEMPLATE.html)`
    let times: Vec<f64> = pages
        .iter()
        .map(|fields| {
            assert!(fields[2].starts_with('/'), "{fields:?}");
            assert!(fields[3].ends_with(".html)"), "{fields:?}");
            fields[0].parse().unwrap()
        })
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    let last = run.stderr.lines().last().unwrap();
    assert!(
        last.starts_with("Built "),
        "the summary stays the last line: {last}"
    );
}

#[test]
fn a_theme_static_symlink_out_of_the_site_is_skipped_with_a_warning() {
    let site = TestSite::new("minimal");
    util::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.path("themes/default"),
    );
    let secret = site.root.parent().unwrap().join("secret.txt");
    std::fs::write(&secret, "do not publish").unwrap();
    std::os::unix::fs::symlink(&secret, site.path("themes/default/static/leak.txt")).unwrap();
    let run = site.build();
    run.success();
    assert!(
        run.warnings().iter().any(|w| w.contains("leak.txt")),
        "{}",
        run.stderr
    );
    assert!(!site.path("public/leak.txt").exists());
    assert!(
        site.path("public/style.css").is_file(),
        "the theme's other files are still copied"
    );
}

#[test]
fn the_build_writes_exactly_what_compile_renders_in_memory() {
    // `build` streams pages to disk as they render and indexes what it kept
    // of each; `compile` (what `serve` runs) keeps the whole site in memory.
    // Both must give the same bytes: the bundled guide has three languages,
    // search, fallbacks and print pages. A static file at a page's path
    // loses to the page, in the default language and in an edition.
    let site = TestSite::bundled_guide();
    site.write("static/about/index.html", "static about");
    site.write("static/zh/index.html", "static zh home");
    let run = site.build();
    run.success();
    assert!(
        run.warnings()
            .iter()
            .any(|l| l.contains("static/about/index.html") && l.contains("replaced by a page")),
        "{}",
        run.stderr
    );
    let mut written = snapshot(&site.public());
    assert!(written.remove(".guidegen-output").is_some());
    let compiled = guidegen::compile(&site.root, &guidegen::Overrides::default());
    let in_memory: std::collections::BTreeMap<String, Vec<u8>> = compiled
        .site
        .expect("the guide compiles")
        .files
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
        .collect();
    let paths = |m: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        m.keys().cloned().collect()
    };
    assert_eq!(paths(&written), paths(&in_memory));
    let differing: Vec<&String> = written
        .iter()
        .filter(|(path, bytes)| in_memory.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(differing.is_empty(), "different bytes: {differing:?}");
    assert!(written["zh/index.html"].starts_with(b"<!doctype html>"));
    assert!(written["about/index.html"].starts_with(b"<!doctype html>"));
    assert!(written.keys().any(|p| p.starts_with("zh/pagefind/")));
}
