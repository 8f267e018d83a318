//! Callouts (`> [!WARNING] Title`): the box, its label in the page's
//! language, a warning for an unknown kind, and how it looks in Chromium —
//! light and dark, left to right and right to left.

mod util;
use util::browser::{serve_dir, Browser};
use util::{select, text, TestSite};

const ABOUT: &str = "+++
title = \"About\"
summary = \"About the guides.\"
weight = 10
+++

## Who we are

> [!WARNING] Keep personal data in the Kingdom
> Do not copy it to another region.

> [!TIP]
> Start with one region.

> [!DANGER]
> Not a kind.
";

const ABOUT_AR: &str = "+++
title = \"من نحن\"
summary = \"عن الأدلة.\"
weight = 10
+++

## من نحن {#who-we-are}

> [!WARNING]
> لا تنسخ البيانات إلى منطقة أخرى.
";

/// The minimal fixture with an Arabic edition and callouts on its About page.
fn site() -> TestSite {
    let site = TestSite::new("minimal");
    site.write("content/pages/about.md", ABOUT);
    site.write("content/pages/about.ar.md", ABOUT_AR);
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("{config}\n[languages.ar]\ntitle = \"أدلة\"\n"),
    );
    site
}

#[test]
fn callouts_render_with_their_label_and_an_unknown_kind_is_a_warning_at_its_line() {
    let site = site();
    let run = site.build();
    run.success();
    let callout_warnings: Vec<&str> = run
        .warnings()
        .into_iter()
        .filter(|w| w.contains("callout"))
        .collect();
    assert_eq!(
        callout_warnings,
        ["warning: content/pages/about.md:15:3: unknown callout kind \"[!DANGER]\"; the kinds are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION]; shown as a plain quote"]
    );
    let page = site.page("about/index.html");
    let boxes = select(&page, ".prose .callout");
    assert_eq!(boxes.len(), 2);
    let titles: Vec<String> = select(&page, ".callout .callout-title")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        titles,
        ["Warning: Keep personal data in the Kingdom", "Tip"]
    );
    assert_eq!(
        boxes[0].value().attr("class"),
        Some("callout callout-warning")
    );
    assert_eq!(boxes[0].value().attr("role"), Some("note"));
    let body: Vec<String> = select(&page, ".callout-warning > p:not(.callout-title)")
        .iter()
        .map(text)
        .collect();
    assert_eq!(body, ["Do not copy it to another region."]);
    // The unknown kind stays a quote, marker and all.
    let quotes: Vec<String> = select(&page, ".prose blockquote")
        .iter()
        .map(text)
        .collect();
    assert_eq!(quotes, ["[!DANGER] Not a kind."]);
    // The Arabic edition labels its callout in Arabic.
    let ar = site.page("ar/about/index.html");
    let ar_titles: Vec<String> = select(&ar, ".callout .callout-title")
        .iter()
        .map(text)
        .collect();
    assert_eq!(ar_titles, ["تحذير"]);
}

/// [left, right] border widths, the title colour and the background of the
/// first warning callout.
async fn look(browser: &Browser, url: &str) -> serde_json::Value {
    browser.goto(url).await;
    browser.wait_for(".callout-warning", 10).await;
    browser
        .eval(
            "const c = document.querySelector('.callout-warning'); const s = getComputedStyle(c);
             const t = getComputedStyle(c.querySelector('.callout-title'));
             const icon = c.querySelector('.callout-icon').getBoundingClientRect();
             const box = c.getBoundingClientRect();
             return { left: s.borderLeftWidth, right: s.borderRightWidth, title: t.color,
                      bg: s.backgroundColor, text: s.color,
                      iconNearStart: document.dir === 'rtl' ? box.right - icon.right < 40 : icon.left - box.left < 40 };",
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn callouts_read_in_light_and_dark_and_in_both_directions() {
    let site = site();
    site.build().success();
    let url = serve_dir(&site.public()).await;

    let light = Browser::start().await;
    let ltr = look(&light, &format!("{url}/about/")).await;
    assert_eq!(
        (ltr["left"].as_str(), ltr["right"].as_str()),
        (Some("4px"), Some("1px"))
    );
    assert_eq!(ltr["iconNearStart"], true);
    let rtl = look(&light, &format!("{url}/ar/about/")).await;
    assert_eq!(
        (rtl["left"].as_str(), rtl["right"].as_str()),
        (Some("1px"), Some("4px"))
    );
    assert_eq!(rtl["iconNearStart"], true);
    light.close().await;

    let dark = Browser::start_with(&[
        "--force-dark-mode",
        "--enable-features=WebContentsForceDark:inversion_method/cielab_based",
    ])
    .await;
    let dark_look = look(&dark, &format!("{url}/about/")).await;
    dark.close().await;
    // Dark mode swaps the box's colours rather than keeping light ones.
    assert_ne!(dark_look["bg"], ltr["bg"]);
    assert_ne!(dark_look["title"], ltr["title"]);
    assert_eq!(ltr["bg"], "rgb(255, 246, 224)");
    assert_eq!(dark_look["bg"], "rgb(46, 35, 16)");
}
