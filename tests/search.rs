//! Search in a real headless Chromium: the box on every page, the /search/
//! page with facets, Chinese text, keyboard use. The index is the one
//! `guidegen build` writes; the site is served from a loopback port.

mod util;
use util::browser::{serve_dir, serve_dir_at, serve_dir_logged, Browser};
use util::{select, TestSite};

/// Builds the minimal fixture and serves it.
async fn served_fixture() -> (TestSite, String) {
    let site = TestSite::new("minimal");
    site.build().success();
    let url = serve_dir(&site.public()).await;
    (site, url)
}

/// Opens the /search/ page's folded facets and waits for them to show.
async fn open_facets(browser: &Browser) {
    browser
        .client
        .find(fantoccini::Locator::Css("[data-search-filters] > summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_until("return document.querySelector('[data-search-filters]').open && !!document.querySelector('[data-facet]') && document.querySelector('[data-search-results]').dataset.state === 'done';", 20).await;
}

/// Ticks the facet box `key=value` on /search/ and waits for the results
/// it narrows to, with the choice kept in the URL.
async fn choose_facet(browser: &Browser, key: &str, value: &str) {
    browser
        .client
        .find(fantoccini::Locator::Css(&format!(
            "[data-facet={key}] input[value='{value}']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_until(&format!("return location.search.includes('{key}={value}') && document.querySelector('[data-search-results]').dataset.state === 'done';"), 20).await;
}

/// `hrefs` in alphabetical order, for comparing results whose rank may tie.
fn sorted(hrefs: &[String]) -> Vec<&str> {
    let mut hrefs: Vec<&str> = hrefs.iter().map(String::as_str).collect();
    hrefs.sort_unstable();
    hrefs
}

/// Types into the header search box and returns the hrefs of the popup's results.
async fn type_in_box(browser: &Browser, text: &str) -> Vec<String> {
    let input = browser.wait_for("input#site-search", 10).await;
    input.send_keys(text).await.unwrap();
    browser.wait_until("const p = document.getElementById('search-popup'); return !!p && p.dataset.state === 'done' && !p.hidden;", 20).await;
    let hrefs = browser.eval("return [...document.querySelectorAll('#search-popup [role=option] a')].map(a => a.getAttribute('href'));").await;
    hrefs
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

async fn page_results(browser: &Browser) -> Vec<String> {
    browser.wait_until("const r = document.querySelector('[data-search-results]'); return !!r && r.dataset.state === 'done';", 20).await;
    let hrefs = browser.eval("return [...document.querySelectorAll('[data-search-results] h2 a')].map(a => a.getAttribute('href'));").await;
    hrefs
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn typing_in_the_home_page_box_shows_the_expected_page() {
    let (_site, url) = served_fixture().await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/")).await;
    let hrefs = type_in_box(&browser, "residency").await;
    assert_eq!(
        hrefs.first().map(String::as_str),
        Some("/playbooks/residency/"),
        "{hrefs:?}"
    );
    let excerpt = browser.eval("return document.querySelector('#search-popup [role=option] .search-result-excerpt').innerHTML;").await;
    assert!(
        excerpt.as_str().unwrap().contains("<mark>"),
        "matched words are marked: {excerpt}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_navigation_opens_a_result() {
    let (_site, url) = served_fixture().await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/")).await;
    let hrefs = type_in_box(&browser, "autoscaling").await;
    assert!(
        hrefs.contains(&"/playbooks/autoscaling/".to_string()),
        "{hrefs:?}"
    );
    let position = hrefs
        .iter()
        .position(|h| h == "/playbooks/autoscaling/")
        .unwrap();
    let input = browser.wait_for("input#site-search", 5).await;
    for _ in 0..=position {
        input.send_keys("\u{E015}").await.unwrap(); // ArrowDown
    }
    let selected = browser.eval("return document.querySelector('#search-popup [aria-selected=true] a').getAttribute('href');").await;
    assert_eq!(selected, "/playbooks/autoscaling/");
    input.send_keys("\u{E007}").await.unwrap(); // Enter
    browser
        .wait_until(
            "return location.pathname === '/playbooks/autoscaling/';",
            10,
        )
        .await;
    // Escape closes the popup.
    let input = browser.wait_for("input#site-search", 10).await;
    input.send_keys("cost").await.unwrap();
    browser
        .wait_until(
            "const p = document.getElementById('search-popup'); return !!p && !p.hidden;",
            20,
        )
        .await;
    input.send_keys("\u{E00C}").await.unwrap(); // Escape
    browser
        .wait_until("return document.getElementById('search-popup').hidden;", 5)
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn search_page_runs_the_query_from_the_url_and_a_region_filter_narrows_it() {
    let (_site, url) = served_fixture().await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/search/?q=acme")).await;
    let all = page_results(&browser).await;
    let status = browser.eval("return document.querySelector('[data-search-status]').textContent + ' | ' + location.href + ' | ' + document.querySelector('#search-page-input').value;").await;
    // Every page that says "Acme", and only those, in some order.
    assert_eq!(
        sorted(&all),
        [
            "/case-studies/acme/",
            "/playbooks/residency/",
            "/regions/ksa/",
            "/regions/uae/"
        ],
        "{status}"
    );
    // Facets with counts, once opened.
    open_facets(&browser).await;
    let facets = browser.eval("return [...document.querySelectorAll('[data-facet=region] [data-facet-value]')].map(b => b.value);").await;
    assert!(
        facets.as_array().unwrap().iter().any(|v| v == "UAE"),
        "{facets}"
    );
    // Narrow to the UAE: the KSA-only residency playbook goes away.
    choose_facet(&browser, "region", "UAE").await;
    let narrowed = page_results(&browser).await;
    // The KSA-only playbook and the KSA guide go; the UAE pages stay.
    assert_eq!(sorted(&narrowed), ["/case-studies/acme/", "/regions/uae/"]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chinese_query_finds_the_chinese_page_from_the_english_site() {
    let (_site, url) = served_fixture().await;
    let browser = Browser::start().await;
    browser
        .goto(&format!("{url}/search/?q=%E5%90%88%E8%A7%84"))
        .await; // 合规
    let found = page_results(&browser).await;
    assert!(found.contains(&"/zh-notes/".to_string()), "{found:?}");
    // A word inside an unspaced sentence, found thanks to segmentation.
    browser
        .goto(&format!("{url}/search/?q=%E6%B3%95%E8%A7%84"))
        .await; // 法规
    let found = page_results(&browser).await;
    assert!(found.contains(&"/zh-notes/".to_string()), "{found:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_region_guide_the_box_searches_that_region_and_can_widen() {
    let (_site, url) = served_fixture().await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/regions/uae/")).await;
    let scoped = type_in_box(&browser, "residency").await;
    assert!(
        !scoped.contains(&"/playbooks/residency/".to_string()),
        "KSA-only playbook hidden in the UAE guide: {scoped:?}"
    );
    browser
        .client
        .find(fantoccini::Locator::Css("#search-popup .search-scope"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_until("return [...document.querySelectorAll('#search-popup [role=option] a')].some(a => a.getAttribute('href') === '/playbooks/residency/');", 20)
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bundled_guide_finds_the_qlik_case_study_for_karpenter() {
    let site = TestSite::bundled_guide();
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/search/?q=Karpenter")).await;
    let found = page_results(&browser).await;
    assert!(
        found.contains(&"/case-studies/qlik/".to_string()),
        "{found:?}"
    );
    browser.close().await;
}

#[test]
fn every_page_has_a_search_box_and_chrome_is_kept_out_of_the_index() {
    let site = TestSite::new("minimal");
    site.build().success();
    for page in [
        "index.html",
        "regions/ksa/index.html",
        "playbooks/residency/index.html",
        "search/index.html",
        "404.html",
    ] {
        let html = site.page(page);
        assert_eq!(
            select(&html, "input#site-search[type=search]").len(),
            1,
            "{page}"
        );
        assert_eq!(select(&html, "main[data-pagefind-body]").len(), 1, "{page}");
        for chrome in select(&html, "header, footer, nav") {
            let ignored = chrome.value().attr("data-pagefind-ignore").is_some()
                || chrome.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| e.attr("data-pagefind-ignore").is_some())
                });
            assert!(ignored, "{page}: {} is indexed", chrome.value().name());
        }
    }
    assert!(site.path("public/pagefind/pagefind.js").is_file());
    assert!(site.path("public/pagefind/index.gg_meta").is_file());
}

#[test]
fn search_can_be_turned_off() {
    let site = TestSite::new("minimal");
    site.write(
        "guidegen.toml",
        "title = \"T\"\nbase_url = \"https://x.example/\"\n[search]\nenabled = false\n",
    );
    site.build().success();
    assert!(!site.path("public/pagefind").exists());
    assert!(!site.path("public/search").exists());
    assert!(select(&site.page("index.html"), "input#site-search").is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn search_works_under_a_sub_path_base_url() {
    let site = TestSite::new("minimal");
    site.run(&["build", "--base-url", "https://example.org/guides/"])
        .success();
    let url = serve_dir_at(&site.public(), "/guides/").await;
    let browser = Browser::start().await;
    browser
        .goto(&format!("{url}/guides/search/?q=residency"))
        .await;
    let found = page_results(&browser).await;
    assert!(
        found.contains(&"/guides/playbooks/residency/".to_string()),
        "{found:?}"
    );
    browser
        .goto(&format!("{url}/guides/search/?q=%E5%90%88%E8%A7%84"))
        .await;
    let found = page_results(&browser).await;
    assert!(
        found.contains(&"/guides/zh-notes/".to_string()),
        "{found:?}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn titles_rank_above_headings_above_body_text() {
    let site = TestSite::new("minimal");
    site.write("content/pages/in-body.md", "+++\ntitle = \"Crossing notes\"\n+++\n\nA quagga is not a horse. The quagga was a plains animal.\n");
    site.write(
        "content/pages/in-heading.md",
        "+++\ntitle = \"Animal notes\"\n+++\n\n## The quagga\n\nAn extinct subspecies.\n",
    );
    site.write(
        "content/pages/in-title.md",
        "+++\ntitle = \"Quagga\"\n+++\n\nAn extinct subspecies of plains zebra.\n",
    );
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/search/?q=quagga")).await;
    let found = page_results(&browser).await;
    let rank = |u: &str| {
        found
            .iter()
            .position(|f| f == u)
            .unwrap_or_else(|| panic!("{u} not found in {found:?}"))
    };
    assert!(rank("/in-title/") < rank("/in-heading/"), "{found:?}");
    assert!(rank("/in-heading/") < rank("/in-body/"), "{found:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rare_longer_word_does_not_outrank_the_word_itself() {
    // "data" is on every page; "database", which it starts, on one only.
    // The page about data residency ranks first for "data residency",
    // not the page whose rare "database" the query's "data" also finds.
    let site = TestSite::new("minimal");
    for i in 0..8 {
        site.write(
            &format!("content/pages/filler-{i}.md"),
            format!("+++\ntitle = \"Filler {i}\"\n+++\n\nSome data here.\n"),
        );
    }
    site.write(
        "content/pages/residency-rules.md",
        "+++\ntitle = \"Data residency rules\"\n+++\n\nData stays in the region: residency is the rule for data.\n",
    );
    site.write(
        "content/pages/database-notes.md",
        "+++\ntitle = \"Storage notes\"\n+++\n\nThe database holds data; the database is tuned. Database, database, database. Residency once.\n",
    );
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser
        .goto(&format!("{url}/search/?q=data%20residency"))
        .await;
    let found = page_results(&browser).await;
    assert_eq!(
        found.first().map(String::as_str),
        Some("/residency-rules/"),
        "{found:?}"
    );
    assert!(found.contains(&"/database-notes/".to_string()), "{found:?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_excerpt_shows_where_the_query_words_are_together() {
    // "residency" alone opens the page; "data residency" together comes
    // sixty words later: the excerpt shows the second place, both marked.
    let site = TestSite::new("minimal");
    let filler = "Quiet filler words fill this long stretch of text. ".repeat(6);
    site.write(
        "content/pages/rules.md",
        format!(
            "+++\ntitle = \"Hosting rules\"\n+++\n\nResidency comes up first. {filler}\
             Data residency keeps customer data in the region. {filler}\n"
        ),
    );
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser
        .goto(&format!("{url}/search/?q=data%20residency"))
        .await;
    let found = page_results(&browser).await;
    assert!(found.contains(&"/rules/".to_string()), "{found:?}");
    let excerpt = browser
        .eval("return document.querySelector('[data-search-results] a[href=\"/rules/\"]').closest('li').querySelector('.search-result-excerpt').innerHTML;")
        .await;
    let excerpt = excerpt.as_str().unwrap();
    for marked in [
        "<mark>Data</mark>",
        "<mark>residency</mark>",
        "<mark>data</mark>",
    ] {
        assert!(excerpt.contains(marked), "{marked} in {excerpt}");
    }
    // The matches sit inside the excerpt, not at its edge.
    assert!(!excerpt.starts_with("<mark>"), "{excerpt}");
    assert!(!excerpt.contains("comes up first"), "{excerpt}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_excerpt_starts_and_ends_on_whole_words() {
    // The index splits "it's" into "it" and "s", so a window of 24 such
    // words around the match begins or ends inside one of them; the
    // excerpt widens to the whole word at both ends.
    let site = TestSite::new("minimal");
    let around = "it's ".repeat(20);
    site.write(
        "content/pages/apostrophes.md",
        format!("+++\ntitle = \"Apostrophes\"\n+++\n\n{around}residency {around}\n"),
    );
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/search/?q=residency")).await;
    let found = page_results(&browser).await;
    assert!(found.contains(&"/apostrophes/".to_string()), "{found:?}");
    let excerpt = browser
        .eval("return document.querySelector('[data-search-results] a[href=\"/apostrophes/\"]').closest('li').querySelector('.search-result-excerpt').textContent;")
        .await;
    let words: Vec<&str> = excerpt.as_str().unwrap().split_whitespace().collect();
    assert!(words.contains(&"residency"), "{words:?}");
    for word in [words[0], words[words.len() - 1]] {
        assert!(word == "it's" || word == "residency", "{words:?}");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_large_site_finds_its_first_and_last_pages_and_counts_them_all() {
    // More pages than word chunks hold (a chunk closes at 16 KB), each a
    // note with a word of its own.
    let site = TestSite::new("minimal");
    let notes = 600 + 40;
    let marker = |i: usize| -> String {
        let letters: String = (0..3)
            .map(|k| char::from(b'a' + (i / 26usize.pow(k) % 26) as u8))
            .collect();
        format!("zeta{letters}")
    };
    for i in 1..=notes {
        site.write(
            &format!("content/playbooks/note-{i:04}.md"),
            format!("+++\ntitle = \"Note {i}\"\npillar = \"strategy\"\nregions = [\"uae\"]\nsummary = \"Numbered note.\"\n+++\n\nThe marker word of this note is {}; it is about residency.\n", marker(i)),
        );
    }
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    for i in [1, notes] {
        browser
            .goto(&format!("{url}/search/?q={}", marker(i)))
            .await;
        let found = page_results(&browser).await;
        assert_eq!(found, [format!("/playbooks/note-{i:04}/")], "{}", marker(i));
    }
    // A word on every note: the region facet counts every note.
    browser.goto(&format!("{url}/search/?q=residency")).await;
    page_results(&browser).await;
    open_facets(&browser).await;
    let counts = browser
        .eval("return [...document.querySelectorAll('[data-facet=region] label')].map(l => l.textContent.replace(/\\s+/g, ' ').trim());")
        .await;
    let uae = counts
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .find(|l| l.contains("UAE"))
        .unwrap_or_else(|| panic!("{counts}"))
        .to_string();
    let count: usize = uae
        .split(|c: char| !c.is_ascii_digit())
        .rfind(|s| !s.is_empty())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{uae}"));
    assert!(count > notes, "UAE facet counts every note: {uae}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pillar_facet_narrows_results_to_that_pillar() {
    let (_site, url) = served_fixture().await;
    let browser = Browser::start().await;
    // "autoscaling" is the technical-readiness playbook's title; the
    // compliance playbook and the case study link to it.
    browser.goto(&format!("{url}/search/?q=autoscaling")).await;
    let all = page_results(&browser).await;
    assert_eq!(
        sorted(&all),
        [
            "/case-studies/acme/",
            "/playbooks/autoscaling/",
            "/playbooks/residency/"
        ]
    );
    // Every pillar is offered, each with the number of results in it.
    open_facets(&browser).await;
    let pillars = browser.eval("return Object.fromEntries([...document.querySelectorAll('[data-facet=pillar] .facet-option')].map(o => [o.querySelector('input').value, o.querySelector('.facet-count').textContent]));").await;
    assert_eq!(
        pillars,
        serde_json::json!({"Compliance": "1", "Go-to-market": "0", "Strategy": "0", "Technical readiness": "2"})
    );
    choose_facet(&browser, "pillar", "Compliance").await;
    assert_eq!(page_results(&browser).await, ["/playbooks/residency/"]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn japanese_and_arabic_queries_find_their_pages_from_the_english_site() {
    let site = TestSite::new("minimal");
    site.write(
        "content/pages/ja-notes.md",
        "+++\ntitle = \"日本の市場\"\nsummary = \"Notes in Japanese.\"\nweight = 91\n+++\n\n東京のデータセンターで個人情報を保護します。\n",
    );
    site.write(
        "content/pages/ar-notes.md",
        "+++\ntitle = \"السوق السعودي\"\nsummary = \"Notes in Arabic.\"\nweight = 92\n+++\n\nحماية البيانات الشخصية في المملكة العربية السعودية.\n",
    );
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    // A word inside an unspaced Japanese sentence (個人情報, personal
    // information), then an Arabic word (البيانات, the data).
    for (query, page) in [
        ("%E5%80%8B%E4%BA%BA%E6%83%85%E5%A0%B1", "/ja-notes/"),
        (
            "%D8%A7%D9%84%D8%A8%D9%8A%D8%A7%D9%86%D8%A7%D8%AA",
            "/ar-notes/",
        ),
    ] {
        browser.goto(&format!("{url}/search/?q={query}")).await;
        assert_eq!(page_results(&browser).await, [page], "{query}");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_search_page_shows_ten_results_at_a_time_and_fetches_facets_when_opened() {
    let site = TestSite::new("minimal");
    let notes = 23;
    for i in 1..=notes {
        site.write(
            &format!("content/playbooks/note-{i:02}.md"),
            format!("+++\ntitle = \"Note {i}\"\npillar = \"strategy\"\nregions = [\"uae\"]\nsummary = \"Numbered note.\"\n+++\n\nEvery note mentions the zephyr.\n"),
        );
    }
    site.build().success();
    let (url, requests) = serve_dir_logged(&site.public()).await;
    // (Smooth scrolling off: WebDriver's click does not wait for it.)
    let browser = Browser::start_with(&["--force-prefers-reduced-motion"]).await;
    browser.goto(&format!("{url}/search/?q=zephyr")).await;
    // Ten results, the count of all of them, and a button for the rest.
    assert_eq!(page_results(&browser).await.len(), 10);
    let status = browser
        .eval("return document.querySelector('[data-search-status]').textContent;")
        .await;
    assert!(
        status
            .as_str()
            .unwrap()
            .starts_with(&format!("{notes} results")),
        "{status}"
    );
    let more = browser
        .wait_for("[data-search-more]:not([hidden])", 5)
        .await;
    // The facets are folded, and their data was not fetched.
    let fetched = |part: &str| requests.lock().unwrap().iter().any(|p| p.contains(part));
    assert!(fetched("/fragment/"), "{:?}", requests.lock().unwrap());
    assert!(!fetched("/filter/"), "{:?}", requests.lock().unwrap());
    // More results: ten more, focus on the first of them; then the last three.
    more.click().await.unwrap();
    browser.wait_until("return document.querySelectorAll('[data-search-results] h2 a').length === 20 && document.querySelector('[data-search-results]').dataset.state === 'done';", 20).await;
    let focused = browser
        .eval("return document.activeElement === document.querySelectorAll('[data-search-results] h2 a')[10];")
        .await;
    assert_eq!(focused, true);
    more.click().await.unwrap();
    browser.wait_until("return document.querySelectorAll('[data-search-results] h2 a').length === 23 && document.querySelector('[data-search-more]').hidden;", 20).await;
    let mut all = page_results(&browser).await;
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), notes, "each note once: {all:?}");
    // Opening the facets fetches their data and shows counts.
    assert!(!fetched("/filter/"));
    open_facets(&browser).await;
    assert!(fetched("/filter/"), "{:?}", requests.lock().unwrap());
    let uae = browser
        .eval("return document.querySelector('[data-facet=region] input[value=UAE]').parentElement.querySelector('.facet-count').textContent;")
        .await;
    assert_eq!(uae, notes.to_string());
    // A link with a facet chosen opens with the facets shown, and a new
    // query starts again at ten.
    browser
        .goto(&format!("{url}/search/?q=zephyr&region=UAE"))
        .await;
    assert_eq!(page_results(&browser).await.len(), 10);
    let open = browser
        .eval("return document.querySelector('[data-search-filters]').open && document.querySelector('[data-facet=region] input[value=UAE]').checked;")
        .await;
    assert_eq!(open, true);
    // A value this site does not have finds nothing, and stays on offer
    // to be unticked.
    browser
        .goto(&format!("{url}/search/?q=zephyr&region=Atlantis"))
        .await;
    assert!(page_results(&browser).await.is_empty());
    browser
        .wait_for("[data-facet=region] input[value=Atlantis]:checked", 5)
        .await
        .click()
        .await
        .unwrap();
    browser.wait_until("return !location.search.includes('Atlantis') && document.querySelectorAll('[data-search-results] h2 a').length === 10;", 20).await;
    browser.close().await;
}

/// A query of one or two letters waits for typing to pause (its prefix
/// matches much of a large index), then is searched like any other: a
/// two-letter acronym in the box, one letter on /search/.
#[tokio::test(flavor = "multi_thread")]
async fn one_and_two_letter_queries_are_searched_once_typing_pauses() {
    let site = TestSite::new("minimal");
    site.write(
        "content/playbooks/pilots.md",
        "+++\ntitle = \"Pilots\"\npillar = \"strategy\"\nregions = [\"uae\"]\nsummary = \"Trials.\"\n+++\n\nAI pilots, and the zephyr.\n",
    );
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/")).await;
    let hrefs = type_in_box(&browser, "AI").await;
    assert!(
        hrefs.contains(&"/playbooks/pilots/".to_string()),
        "{hrefs:?}"
    );

    browser.goto(&format!("{url}/search/")).await;
    browser
        .wait_for("[data-search-results][data-state=done]", 20)
        .await;
    browser
        .wait_for("[data-search-page] input[type=search]", 10)
        .await
        .send_keys("z")
        .await
        .unwrap();
    browser.wait_until("return location.search === '?q=z' && document.querySelector('[data-search-results]').dataset.state === 'done' && document.querySelectorAll('[data-search-results] h2 a').length > 0;", 20).await;
    assert_eq!(page_results(&browser).await, ["/playbooks/pilots/"]);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_word_finds_its_stem_and_the_words_it_begins_and_punctuation_finds_nothing() {
    let (_site, url) = served_fixture().await;
    let browser = Browser::start().await;
    // "options" is written once, in the residency playbook's heading: its
    // stem ("option", in the table too), its start ("opti") and another
    // case find it.
    for query in ["option", "opti", "OPTIONS"] {
        browser.goto(&format!("{url}/search/?q={query}")).await;
        let found = page_results(&browser).await;
        assert!(
            found.contains(&"/playbooks/residency/".to_string()),
            "{query}: {found:?}"
        );
    }
    // A query without a word shows no results, not every page.
    browser.goto(&format!("{url}/search/?q=%3F%21")).await;
    assert_eq!(page_results(&browser).await, Vec::<String>::new());
    let status = browser
        .eval("return document.querySelector('[data-search-status]').textContent;")
        .await;
    assert!(status.as_str().unwrap().contains("?!"), "{status}");
    browser.close().await;
}
