//! Language editions in a real headless Chromium (issue 8): the Arabic
//! edition lays out right to left, a Chinese query on the Chinese search
//! page finds the Chinese case study, and the language switcher keeps the
//! reader on the same page (and the same query).

mod util;
use util::browser::{serve_dir, Browser};
use util::TestSite;

/// The bundled guide, built and served.
async fn served_guide() -> (TestSite, String) {
    let site = TestSite::bundled_guide();
    site.build().success();
    let url = serve_dir(&site.public()).await;
    (site, url)
}

/// The horizontal centre of the first element matching `css`, and the
/// viewport's width.
async fn centre_x(browser: &Browser, css: &str) -> (f64, f64) {
    let v = browser
        .eval(&format!(
            "const r = document.querySelector({css:?}).getBoundingClientRect(); return [r.left + r.width / 2, document.documentElement.clientWidth];"
        ))
        .await;
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_arabic_region_overview_reads_right_to_left() {
    let (_site, url) = served_guide().await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/ar/regions/ksa/")).await;
    browser.wait_for("main", 10).await;
    let dir = browser
        .eval("return [document.documentElement.dir, getComputedStyle(document.querySelector('main')).direction];")
        .await;
    assert_eq!(dir, serde_json::json!(["rtl", "rtl"]));
    // The Arabic overview is there, and its text starts at the right edge.
    let h1 = browser
        .eval("return document.querySelector('main h1').textContent.trim();")
        .await;
    assert_eq!(h1, "المملكة العربية السعودية");
    let align = browser
        .eval("const p = document.querySelector('main .doc-body p, main p'); const r = p.getBoundingClientRect(); const range = document.createRange(); range.selectNodeContents(p); const t = range.getClientRects()[0]; return [r.right - t.right, t.left - r.left];")
        .await;
    let (gap_right, gap_left) = (align[0].as_f64().unwrap(), align[1].as_f64().unwrap());
    assert!(
        gap_right.abs() < 2.0 && gap_left > gap_right,
        "first line hugs the right edge: {align}"
    );
    // The header mirrors: the brand and the region picker sit on the right,
    // the search box on the left.
    let (brand, width) = centre_x(&browser, ".brand").await;
    let (picker, _) = centre_x(&browser, "details.picker summary").await;
    let (search, _) = centre_x(&browser, "#site-search").await;
    assert!(brand > width / 2.0, "brand at {brand} of {width}");
    assert!(picker > width / 2.0, "region picker at {picker} of {width}");
    assert!(search < width / 2.0, "search box at {search} of {width}");
    // The same checks on the English page find the opposite.
    browser.goto(&format!("{url}/regions/ksa/")).await;
    browser.wait_for("main", 10).await;
    let (picker_en, _) = centre_x(&browser, "details.picker summary").await;
    assert!(picker_en < width / 2.0, "English picker at {picker_en}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chinese_query_on_the_chinese_search_page_finds_the_chinese_case_study() {
    let (_site, url) = served_guide().await;
    let browser = Browser::start().await;
    browser
        .goto(&format!(
            "{url}/zh/search/?q=%E5%BE%B7%E5%9B%BD%E5%8C%BA%E5%9F%9F"
        ))
        .await;
    browser.wait_until("const r = document.querySelector('[data-search-results]'); return !!r && r.dataset.state === 'done';", 30).await;
    let results = browser
        .eval("return [...document.querySelectorAll('[data-search-results] h2 a')].map(a => [a.getAttribute('href'), a.textContent.trim()]);")
        .await;
    let results = results.as_array().unwrap();
    let qlik = results
        .iter()
        .find(|r| r[0] == "/zh/case-studies/qlik/")
        .unwrap_or_else(|| panic!("德国区域 finds the Chinese Qlik case study: {results:?}"));
    assert!(
        qlik[1].as_str().unwrap().contains("一年新增五个区域"),
        "{qlik}"
    );
    // Every result is a page of the Chinese edition.
    assert!(
        results
            .iter()
            .all(|r| r[0].as_str().unwrap().starts_with("/zh/")),
        "{results:?}"
    );
    // The language switcher carries the query to the English search page.
    let english = browser
        .eval("return document.querySelector('a.lang-link[data-lang=en]').getAttribute('href');")
        .await;
    assert_eq!(english, "/search/?q=%E5%BE%B7%E5%9B%BD%E5%8C%BA%E5%9F%9F");
    // Typing a new query updates it.
    let input = browser.wait_for("#search-page-input", 5).await;
    input.clear().await.unwrap();
    input.send_keys("Karpenter").await.unwrap();
    browser
        .wait_until(
            "return document.querySelector('a.lang-link[data-lang=en]').getAttribute('href') === '/search/?q=Karpenter';",
            10,
        )
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_language_lands_on_the_same_page() {
    // The guide is translated throughout: one Arabic playbook is taken out
    // to see how a page shown untranslated says so.
    let site = TestSite::bundled_guide();
    std::fs::remove_file(site.path("content/playbooks/strategy/ksa-market-entry.ar.md")).unwrap();
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser
        .goto(&format!("{url}/playbooks/ksa-market-entry/"))
        .await;
    for (lang, path) in [
        ("zh", "/zh/playbooks/ksa-market-entry/"),
        ("ar", "/ar/playbooks/ksa-market-entry/"),
        ("en", "/playbooks/ksa-market-entry/"),
    ] {
        let link = browser
            .wait_for(&format!("a.lang-link[data-lang={lang}]"), 10)
            .await;
        link.click().await.unwrap();
        browser
            .wait_until(
                &format!(
                    "return location.pathname === {path:?} && document.readyState === 'complete';"
                ),
                10,
            )
            .await;
        let html_lang = browser.eval("return document.documentElement.lang;").await;
        assert_eq!(html_lang, lang);
    }
    // The Arabic edition now has no translation of this playbook: it says so.
    browser
        .goto(&format!("{url}/ar/playbooks/ksa-market-entry/"))
        .await;
    let notice = browser
        .eval("const n = document.querySelector('.fallback-notice'); return n ? [n.offsetHeight > 0, n.textContent.trim().length > 0] : null;")
        .await;
    assert_eq!(notice, serde_json::json!([true, true]));
    browser.close().await;
}
