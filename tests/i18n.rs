//! Language editions (issue 8): `[languages.TAG]` in guidegen.toml, `SLUG.TAG.md`
//! translations beside their sources, `/TAG/` URLs, fallbacks with a notice,
//! hreflang alternates, the language switcher, per-language search bundles,
//! the UI strings of the theme and `guidegen check`'s translation report.

mod util;
use util::{broken_links, select, text, TestSite};

const LANGUAGES: &str = "\n[languages.zh]\ntitle = \"夹具指南\"\ndescription = \"一个小站点。\"\n\n[languages.ar]\ntitle = \"أدلة\"\n";

const AUTOSCALING_ZH: &str = "+++\ntitle = \"自动扩展\"\npillar = \"technical-readiness\"\nregions = [\"all\"]\nsummary = \"按需扩展节点。\"\nweight = 10\nupdated = 2026-01-15\n+++\n\n## 成本杠杆 {#cost-levers}\n\n```bash\nkubectl get nodes\n```\n\n返回[数据驻留](@/playbooks/ops/residency.md)。\n";

/// The minimal fixture with Chinese and Arabic editions and one Chinese
/// translation (the autoscaling playbook).
fn multilingual() -> TestSite {
    let site = TestSite::new("minimal");
    let config = site.read("guidegen.toml");
    site.write("guidegen.toml", format!("{config}{LANGUAGES}"));
    site.write("content/playbooks/autoscaling.zh.md", AUTOSCALING_ZH);
    site
}

/// Builds `site`, which must fail with an error line holding every needle.
#[track_caller]
fn fails_naming(site: &TestSite, needles: &[&str]) {
    let run = site.build();
    run.failure();
    assert!(
        run.errors()
            .iter()
            .any(|e| needles.iter().all(|n| e.contains(n))),
        "no error with {needles:?}:\n{}",
        run.stderr
    );
}

fn attr(html: &scraper::Html, css: &str, name: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|e| e.value().attr(name).map(str::to_string))
        .collect()
}

/// The text of each element `css` selects, whitespace collapsed.
fn texts(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css).iter().map(text).collect()
}

#[test]
fn each_language_has_its_own_urls_and_the_default_stays_at_the_root() {
    let site = multilingual();
    site.build().success();
    for page in [
        "index.html",
        "regions/index.html",
        "regions/ksa/index.html",
        "pillars/compliance/index.html",
        "playbooks/autoscaling/index.html",
        "playbooks/residency/index.html",
        "case-studies/acme/index.html",
        "search/index.html",
    ] {
        for lang in ["", "zh/", "ar/"] {
            let path = site.public().join(format!("{lang}{page}"));
            assert!(path.is_file(), "{} is missing", path.display());
        }
    }
    let en = site.page("playbooks/autoscaling/index.html");
    let zh = site.page("zh/playbooks/autoscaling/index.html");
    let ar = site.page("ar/index.html");
    assert_eq!(attr(&en, "html", "lang"), ["en"]);
    assert_eq!(attr(&en, "html", "dir"), ["ltr"]);
    assert_eq!(attr(&zh, "html", "lang"), ["zh"]);
    assert_eq!(attr(&ar, "html", "lang"), ["ar"]);
    assert_eq!(attr(&ar, "html", "dir"), ["rtl"]);
    // The translation's text, and its links stay in its language.
    let zh_text = select(&zh, "main")[0].text().collect::<String>();
    assert!(zh_text.contains("自动扩展"), "{zh_text}");
    assert!(zh_text.contains("成本杠杆"), "{zh_text}");
    assert!(
        !attr(&zh, "main a", "href").is_empty()
            && attr(&zh, "main a[href*='residency']", "href")
                .iter()
                .all(|h| h.starts_with("/zh/")),
        "{:?}",
        attr(&zh, "main a", "href")
    );
    // Navigation of a Chinese page stays on the Chinese site.
    let nav = attr(&zh, "nav.main-nav a", "href");
    assert!(
        !nav.is_empty() && nav.iter().all(|h| h.starts_with("/zh/")),
        "{nav:?}"
    );
    // The edition's own title from [languages.zh].
    assert!(site
        .read("public/zh/index.html")
        .contains("<title>夹具指南</title>"));
    // Static files are written once, at the root.
    assert!(site.public().join("style.css").is_file());
    assert!(!site.public().join("zh/style.css").exists());
    assert!(site.public().join("zh/atom.xml").is_file());
    assert_eq!(broken_links(&site.public(), "/"), Vec::<String>::new());
}

#[test]
fn an_untranslated_page_falls_back_to_the_default_language_with_a_notice() {
    let site = multilingual();
    site.build().success();
    let page = site.page("zh/playbooks/residency/index.html");
    // The notice is in Chinese, marked as Chinese.
    assert_eq!(
        texts(&page, ".fallback-notice[lang=zh]"),
        ["本页尚未翻译成中文，以下为英文原文。"]
    );
    // The English title, summary and body are marked as English, inside
    // the Chinese page (the language switcher's own lang=en link aside).
    assert_eq!(texts(&page, "main h1[lang=en]"), ["Data residency"]);
    assert_eq!(
        texts(&page, "main .lead[lang=en]"),
        ["Keep data in the Kingdom."]
    );
    let body = texts(&page, "main .prose[lang=en]");
    assert_eq!(body.len(), 1);
    assert!(body[0].starts_with("Intro paragraph."), "{body:?}");
    // Canonical is the original; the page is not offered as a translation.
    assert_eq!(
        attr(&page, "link[rel=canonical]", "href"),
        ["https://fixture.example.com/playbooks/residency/"]
    );
    let translated = site.page("zh/playbooks/autoscaling/index.html");
    assert!(select(&translated, ".fallback-notice").is_empty());
    assert_eq!(
        attr(&translated, "link[rel=canonical]", "href"),
        ["https://fixture.example.com/zh/playbooks/autoscaling/"]
    );
    // The sitemap lists real translations only.
    let sitemap = site.read("public/sitemap.xml");
    // The alternates below use the xhtml prefix: without its namespace the
    // sitemap is not well-formed XML and crawlers reject all of it.
    assert!(
        sitemap.contains(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">"#),
        "{sitemap}"
    );
    assert!(sitemap.contains("/zh/playbooks/autoscaling/"));
    assert!(!sitemap.contains("/zh/playbooks/residency/"));
    assert!(
        sitemap.contains("/zh/regions/"),
        "generated pages exist in every language"
    );
    // Each version lists the others.
    let entry = |loc: &str| -> String {
        let start = sitemap
            .find(&format!("<loc>https://fixture.example.com/{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} in {sitemap}"));
        sitemap[start..start + sitemap[start..].find("</url>").unwrap()].to_string()
    };
    let link = |lang: &str, path: &str| {
        format!("<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"https://fixture.example.com/{path}\"/>")
    };
    for loc in ["playbooks/autoscaling/", "zh/playbooks/autoscaling/"] {
        let e = entry(loc);
        assert!(e.contains(&link("en", "playbooks/autoscaling/")), "{e}");
        assert!(e.contains(&link("zh", "zh/playbooks/autoscaling/")), "{e}");
        assert!(!e.contains("hreflang=\"ar\""), "{e}");
    }
    assert!(!entry("playbooks/residency/").contains("xhtml:link"));
    assert!(entry("ar/regions/").contains(&link("ar", "ar/regions/")));
}

#[test]
fn hreflang_alternates_name_the_languages_a_page_exists_in() {
    let site = multilingual();
    site.build().success();
    let hreflang = |page: &str| -> Vec<(String, String)> {
        let html = site.page(page);
        select(&html, "link[rel=alternate][hreflang]")
            .iter()
            .map(|e| {
                (
                    e.value().attr("hreflang").unwrap().to_string(),
                    e.value().attr("href").unwrap().to_string(),
                )
            })
            .collect()
    };
    let base = "https://fixture.example.com";
    // Translated into Chinese only: en, zh and x-default; no Arabic.
    let expected = vec![
        ("en".to_string(), format!("{base}/playbooks/autoscaling/")),
        (
            "zh".to_string(),
            format!("{base}/zh/playbooks/autoscaling/"),
        ),
        (
            "x-default".to_string(),
            format!("{base}/playbooks/autoscaling/"),
        ),
    ];
    assert_eq!(hreflang("playbooks/autoscaling/index.html"), expected);
    assert_eq!(hreflang("zh/playbooks/autoscaling/index.html"), expected);
    // Generated pages exist in every language.
    let home: Vec<String> = hreflang("zh/index.html")
        .into_iter()
        .map(|(l, h)| format!("{l} {h}"))
        .collect();
    assert_eq!(
        home,
        [
            format!("en {base}/"),
            format!("zh {base}/zh/"),
            format!("ar {base}/ar/"),
            format!("x-default {base}/"),
        ]
    );
    // A one-language site has no alternates at all.
    let single = TestSite::new("minimal");
    single.build().success();
    let page = single.page("playbooks/autoscaling/index.html");
    assert!(select(&page, "link[hreflang]").is_empty());
    assert!(select(&page, ".lang-switch").is_empty());
}

#[test]
fn the_language_switcher_keeps_the_reader_on_the_same_page() {
    let site = multilingual();
    site.build().success();
    for (page, url) in [
        ("playbooks/autoscaling/index.html", "playbooks/autoscaling/"),
        ("zh/regions/ksa/index.html", "regions/ksa/"),
        ("ar/case-studies/acme/index.html", "case-studies/acme/"),
        ("zh/index.html", ""),
    ] {
        let html = site.page(page);
        let links: Vec<(String, String)> = select(&html, "a.lang-link")
            .iter()
            .map(|a| {
                (
                    a.value().attr("data-lang").unwrap().to_string(),
                    a.value().attr("href").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            links,
            [
                ("en".to_string(), format!("/{url}")),
                ("zh".to_string(), format!("/zh/{url}")),
                ("ar".to_string(), format!("/ar/{url}")),
            ],
            "{page}"
        );
        // Each language is named in its own language.
        let names: Vec<String> = select(&html, "a.lang-link")
            .iter()
            .map(util::text)
            .collect();
        assert_eq!(names, ["English", "中文", "العربية"], "{page}");
    }
}

#[test]
fn ui_strings_and_dates_follow_the_language() {
    let site = multilingual();
    site.build().success();
    let zh = site.read("public/zh/playbooks/autoscaling/index.html");
    assert!(zh.contains("2026年1月15日"), "Chinese date format");
    let en = site.read("public/playbooks/autoscaling/index.html");
    assert!(en.contains("15 January 2026"));
    // Breadcrumbs and navigation come from the i18n files, not English.
    let zh_regions = site.page("zh/regions/index.html");
    let crumbs: Vec<String> = select(&zh_regions, "nav.breadcrumbs a")
        .iter()
        .map(util::text)
        .collect();
    assert_eq!(crumbs.len(), 2, "{crumbs:?}");
    assert!(
        crumbs
            .iter()
            .all(|c| !c.contains("Home") && !c.contains("Regions")),
        "{crumbs:?}"
    );
}

#[test]
fn each_language_gets_its_own_search_bundle_without_fallback_pages() {
    let site = multilingual();
    site.build().success();
    for dir in ["pagefind", "zh/pagefind", "ar/pagefind"] {
        assert!(
            site.public().join(dir).join("pagefind.js").is_file(),
            "{dir}"
        );
    }
    assert!(site.public().join("zh/pagefind/index.gg_meta").is_file());
    // The Chinese edition indexes its translated playbook, not the English
    // fallbacks (one English page would otherwise drown Chinese results).
    let pages = |dir: &str| -> usize {
        let fragments = site.public().join(dir).join("fragment");
        std::fs::read_dir(fragments).unwrap().count()
    };
    let (zh_meta, en_meta) = (pages("zh/pagefind"), pages("pagefind"));
    assert!(
        zh_meta < en_meta,
        "zh indexes {zh_meta} pages, en {en_meta}"
    );
}

#[test]
fn check_reports_what_each_language_lacks() {
    let site = multilingual();
    let run = site.run(&["check"]);
    run.success();
    assert!(
        run.stderr.contains(
            "translations: zh: 1 of 11 content files translated; 10 shown in the default language:"
        ),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("  content/playbooks/ops/residency.md\n"));
    assert!(run
        .stderr
        .contains("translations: ar: 0 of 11 content files translated"));
    let json = site.run(&["check", "--format", "json"]);
    let line = json
        .stdout
        .lines()
        .find(|l| l.contains("\"translations\"") && l.contains("\"zh\""))
        .unwrap_or_else(|| panic!("{}", json.stdout));
    let value: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(value["translated"], 1);
    assert_eq!(value["total"], 11);
}

#[test]
fn a_translation_without_a_source_is_an_error_naming_the_file() {
    let site = multilingual();
    site.write(
        "content/playbooks/ghost.zh.md",
        "+++\ntitle = \"幽灵\"\npillar = \"strategy\"\nregions = [\"ksa\"]\n+++\n正文\n",
    );
    fails_naming(
        &site,
        &[
            "content/playbooks/ghost.zh.md:1:",
            "content/playbooks/ghost.md, which does not exist",
        ],
    );
}

#[test]
fn a_file_in_a_language_the_site_lacks_is_an_error() {
    let site = multilingual();
    site.write(
        "content/pages/about.fr.md",
        "+++\ntitle = \"À propos\"\n+++\nTexte\n",
    );
    fails_naming(&site, &["content/pages/about.fr.md", "[languages.fr]"]);
}

#[test]
fn a_translation_that_moves_its_playbook_gets_a_warning_and_keeps_the_source_place() {
    let site = multilingual();
    site.write(
        "content/playbooks/autoscaling.zh.md",
        AUTOSCALING_ZH.replace("regions = [\"all\"]", "regions = [\"ksa\"]"),
    );
    let run = site.build();
    run.success();
    assert!(
        run.warnings()
            .iter()
            .any(|w| w.contains("content/playbooks/autoscaling.zh.md:4:")
                && w.contains("`regions` differs")),
        "{}",
        run.stderr
    );
    // Still in the UAE guide, like its source.
    assert!(site
        .read("public/zh/regions/uae/index.html")
        .contains("/zh/playbooks/autoscaling/"));
}

#[test]
fn a_missing_ui_string_is_an_error_naming_the_key_and_the_file() {
    let site = multilingual();
    // A site template that uses a key no language has.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block body %}{{ i18n.brand_new_key }}{% endblock body %}",
    );
    let run = site.build();
    run.failure();
    for lang in ["en", "zh", "ar"] {
        assert!(
            run.errors()
                .iter()
                .any(|e| e.contains(&format!("themes/default/i18n/{lang}.toml"))
                    && e.contains("missing key `brand_new_key`")
                    && e.contains("templates/page.html")),
            "{lang}: {}",
            run.stderr
        );
    }
    // A site's own i18n/LANG.toml adds or overrides keys.
    for lang in ["en", "zh", "ar"] {
        site.write(
            &format!("i18n/{lang}.toml"),
            format!("brand_new_key = \"new in {lang}\"\n"),
        );
    }
    site.build().success();
    assert!(site
        .read("public/zh/about/index.html")
        .contains("new in zh"));
}

#[test]
fn a_language_without_ui_strings_is_an_error() {
    let site = multilingual();
    let config = site.read("guidegen.toml");
    site.write("guidegen.toml", format!("{config}\n[languages.fr]\n"));
    site.write(
        "content/pages/about.fr.md",
        "+++\ntitle = \"À propos\"\n+++\nTexte\n",
    );
    fails_naming(&site, &["themes/default/i18n/fr.toml", "no UI strings"]);
}

#[test]
fn a_sub_path_site_keeps_every_language_under_it() {
    let site = multilingual();
    let run = site.run(&["build", "--base-url", "https://x.example.com/guides/"]);
    run.success();
    assert_eq!(
        broken_links(&site.public(), "/guides/"),
        Vec::<String>::new()
    );
    let zh = site.page("zh/index.html");
    let links = attr(&zh, "a.lang-link", "href");
    assert_eq!(links, ["/guides/", "/guides/zh/", "/guides/ar/"]);
}

#[test]
fn a_page_slug_may_not_take_a_language_home() {
    let site = multilingual();
    site.write("content/pages/zh.md", "+++\ntitle = \"Z\"\n+++\nText\n");
    fails_naming(&site, &["content/pages/zh.md", "\"zh\" edition"]);
}
