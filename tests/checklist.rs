//! A region's readiness checklist (`/regions/SLUG/checklist/`): every task
//! item of its guide's playbooks, by pillar and playbook, linked back to its
//! section; ticks kept in the browser, progress, export and reset.

mod util;
use util::browser::{serve_dir, Browser};
use util::{select, text, TestSite};

#[test]
fn the_checklist_lists_each_task_of_the_guide_by_pillar_and_links_to_its_section() {
    let site = TestSite::new("minimal");
    site.build().success();
    let page = site.page("regions/ksa/checklist/index.html");
    let pillars: Vec<String> = select(&page, ".checklist-pillar h2")
        .iter()
        .map(text)
        .collect();
    assert_eq!(pillars, ["Compliance"]);
    let items: Vec<(String, String)> = select(&page, ".checklist-items li")
        .iter()
        .map(|li| {
            let input = li
                .select(&scraper::Selector::parse("input").unwrap())
                .next()
                .unwrap();
            let label = li
                .select(&scraper::Selector::parse(".checklist-text").unwrap())
                .next()
                .unwrap();
            (
                input.value().attr("data-task").unwrap().to_string(),
                text(&label),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("residency:1".to_string(), "Map the data".to_string()),
            ("residency:2".to_string(), "Pick a region".to_string()),
        ]
    );
    let sources: Vec<(String, String)> = select(&page, "a.checklist-source")
        .iter()
        .map(|a| (a.value().attr("href").unwrap().to_string(), text(a)))
        .collect();
    assert_eq!(
        sources,
        vec![
            (
                "/playbooks/residency/#residency-options".to_string(),
                "Residency options".to_string()
            );
            2
        ]
    );
    // A region whose playbooks have no task list says so.
    let uae = site.page("regions/uae/checklist/index.html");
    assert!(select(&uae, ".checklist-items li").is_empty());
    assert_eq!(
        select(&uae, "main p.muted")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["No playbook of this guide has a checklist yet."]
    );
    // The region guide and its print page link to it.
    for from in ["regions/ksa/index.html", "regions/ksa/print/index.html"] {
        let html = site.page(from);
        assert!(
            !select(&html, "a[href='/regions/ksa/checklist/']").is_empty(),
            "{from} links to the checklist"
        );
    }
}

#[test]
fn every_language_has_the_checklist_in_its_own_words() {
    let site = TestSite::bundled_guide();
    site.build().success();
    for (lang, prefix, heading) in [
        ("en", "", "Kingdom of Saudi Arabia: readiness checklist"),
        ("zh", "zh/", "沙特阿拉伯王国：就绪检查清单"),
        (
            "ar",
            "ar/",
            "المملكة العربية السعودية: قائمة التحقق من الجاهزية",
        ),
    ] {
        let page = site.page(&format!("{prefix}regions/ksa/checklist/index.html"));
        let html = select(&page, "html");
        assert_eq!(html[0].value().attr("lang"), Some(lang));
        assert_eq!(
            select(&page, "main h1")
                .iter()
                .map(text)
                .collect::<Vec<_>>(),
            [heading]
        );
        let items = select(&page, ".checklist-items li").len();
        assert!(items > 50, "{lang}: {items} items");
    }
}

/// The text of a `data:` URL (percent-encoded).
fn data_url_text(url: &str) -> String {
    let (_, encoded) = url.split_once(',').expect("a data: URL");
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn ticks_survive_a_reload_and_feed_the_progress_and_exports_until_reset() {
    let site = TestSite::new("minimal");
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    let page = format!("{url}/regions/ksa/checklist/");
    browser.goto(&page).await;
    browser.wait_for(".checklist-tools:not([hidden])", 10).await;
    let count = "return document.querySelector('.checklist-overall .checklist-count').textContent;";
    assert_eq!(browser.eval(count).await, "0 of 2 done");
    browser
        .eval("document.querySelector('input[data-task=\"residency:2\"]').click(); return true;")
        .await;
    assert_eq!(browser.eval(count).await, "1 of 2 done");

    browser.goto(&page).await;
    browser.wait_for(".checklist-tools:not([hidden])", 10).await;
    let ticked = browser
        .eval("return [...document.querySelectorAll('input[data-task]')].map(b => b.checked);")
        .await;
    assert_eq!(
        ticked,
        serde_json::json!([false, true]),
        "ticks are kept across a reload"
    );
    assert_eq!(browser.eval(count).await, "1 of 2 done");
    let pillar = browser
        .eval("return document.querySelector('.checklist-pillar progress').value;")
        .await;
    assert_eq!(pillar, 1);

    let md = browser
        .eval("return document.querySelector('[data-export=md]').getAttribute('href');")
        .await;
    let md = data_url_text(md.as_str().unwrap());
    assert_eq!(
        md,
        "# Kingdom of Saudi Arabia: readiness checklist\n\n## Compliance\n\n### Data residency\n\n- [ ] Map the data\n- [x] Pick a region\n"
    );
    let csv = browser
        .eval("return document.querySelector('[data-export=csv]').getAttribute('href');")
        .await;
    let csv = data_url_text(csv.as_str().unwrap());
    assert_eq!(
        csv,
        "\u{feff}Pillar,Playbook,Task,Done\r\nCompliance,Data residency,Map the data,FALSE\r\nCompliance,Data residency,Pick a region,TRUE\r\n"
    );

    browser
        .eval("document.querySelector('[data-reset]').click(); return true;")
        .await;
    assert_eq!(browser.eval(count).await, "0 of 2 done");
    browser.goto(&page).await;
    browser.wait_for(".checklist-tools:not([hidden])", 10).await;
    let ticked = browser
        .eval("return [...document.querySelectorAll('input[data-task]')].map(b => b.checked);")
        .await;
    assert_eq!(
        ticked,
        serde_json::json!([false, false]),
        "reset forgets the ticks"
    );
    browser.close().await;
}
