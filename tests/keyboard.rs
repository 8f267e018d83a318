//! The interactive parts of a page work from the keyboard alone, in a real
//! Chromium: the region picker, the language menu and the table of
//! contents open with Enter, lead into their links with Tab, and the menus
//! close with Escape, giving focus back to where it was.

mod util;
use util::browser::{serve_dir, Browser};
use util::TestSite;

/// Presses Tab until `css` matches the focused element; fails after 80.
async fn tab_to(browser: &Browser, css: &str) {
    for _ in 0..80 {
        let here = browser
            .eval(&format!("return document.activeElement.matches({css:?});"))
            .await;
        if here == true {
            return;
        }
        browser.press(None, "\u{E004}").await;
    }
    panic!("Tab never reached {css}");
}

async fn focused(browser: &Browser, css: &str) -> bool {
    browser
        .eval(&format!("return document.activeElement.matches({css:?});"))
        .await
        == true
}

#[tokio::test(flavor = "multi_thread")]
async fn the_region_picker_and_the_language_menu_work_from_the_keyboard() {
    let site = TestSite::bundled_guide();
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser
        .goto(&format!("{url}/playbooks/karpenter-autoscaling/"))
        .await;
    browser.wait_for("details.picker", 10).await;

    // Region picker: Enter opens it, Tab goes to its first region, Enter
    // follows it; Escape closes it and focus returns to its summary.
    tab_to(&browser, "details.picker > summary").await;
    browser.press(None, "\u{E007}").await;
    assert_eq!(
        browser
            .eval("return document.querySelector('details.picker').open;")
            .await,
        true
    );
    browser.press(None, "\u{E004}").await;
    assert!(
        focused(&browser, "details.picker .picker-menu a").await,
        "Tab leads into the menu"
    );
    browser.press(None, "\u{E00C}").await;
    assert_eq!(
        browser
            .eval("return document.querySelector('details.picker').open;")
            .await,
        false
    );
    assert!(
        focused(&browser, "details.picker > summary").await,
        "focus back on the picker"
    );
    browser.press(None, "\u{E007}").await;
    browser.press(None, "\u{E004}").await;
    let target = browser
        .eval("return document.activeElement.getAttribute('href');")
        .await;
    browser.press(None, "\u{E007}").await;
    let target = target.as_str().unwrap().to_string();
    browser
        .wait_until(&format!("return location.pathname === {target:?};"), 10)
        .await;

    // The table of contents (open on wide screens) leads to its headings.
    browser
        .goto(&format!("{url}/playbooks/karpenter-autoscaling/"))
        .await;
    browser.wait_for("details.toc", 10).await;
    tab_to(&browser, "details.toc a").await;
    let anchor = browser
        .eval("return document.activeElement.getAttribute('href');")
        .await;
    browser.press(None, "\u{E007}").await;
    let anchor = anchor.as_str().unwrap().to_string();
    assert!(anchor.starts_with('#'), "{anchor}");
    browser
        .wait_until(&format!("return location.hash === {anchor:?};"), 10)
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_language_menu_opens_and_closes_from_the_keyboard() {
    let site = TestSite::bundled_guide();
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start_with(&["--window-size=390,844"]).await;
    browser.goto(&format!("{url}/regions/ksa/")).await;
    browser.wait_for("details.lang-menu", 10).await;
    tab_to(&browser, "details.lang-menu > summary").await;
    browser.press(None, "\u{E007}").await;
    assert_eq!(
        browser
            .eval("return document.querySelector('details.lang-menu').open;")
            .await,
        true
    );
    tab_to(&browser, "details.lang-menu a[hreflang='ar']").await;
    browser.press(None, "\u{E00C}").await;
    assert_eq!(
        browser
            .eval("return document.querySelector('details.lang-menu').open;")
            .await,
        false
    );
    assert!(focused(&browser, "details.lang-menu > summary").await);
    browser.press(None, "\u{E007}").await;
    tab_to(&browser, "details.lang-menu a[hreflang='ar']").await;
    browser.press(None, "\u{E007}").await;
    browser
        .wait_until("return location.pathname === '/ar/regions/ksa/';", 10)
        .await;
    browser.close().await;
}
