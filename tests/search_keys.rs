//! The search box from the keyboard: `/` and Ctrl/Cmd-K reach it from any
//! page (not while typing in a field), and the words searched are marked
//! on the page a result opens until Escape clears them.

mod util;
use util::browser::{serve_dir, Browser};
use util::TestSite;

const FOCUSED: &str = "return document.activeElement && document.activeElement.id;";
const CONTROL: char = '\u{E009}';

#[tokio::test(flavor = "multi_thread")]
async fn slash_and_ctrl_k_reach_the_search_box_but_not_from_a_field() {
    let site = TestSite::new("minimal");
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/playbooks/residency/")).await;
    browser.wait_for("#site-search[role=combobox]", 10).await;
    assert_eq!(browser.eval(FOCUSED).await, "");
    browser.press(None, "/").await;
    assert_eq!(browser.eval(FOCUSED).await, "site-search");
    assert_eq!(
        browser.eval("return document.activeElement.value;").await,
        "",
        "the / is not typed"
    );
    // Typing in the box, `/` is a character like any other.
    browser.press(None, "a/b").await;
    assert_eq!(
        browser.eval("return document.activeElement.value;").await,
        "a/b"
    );

    browser
        .eval("document.activeElement.blur(); return true;")
        .await;
    browser.press(Some(CONTROL), "k").await;
    assert_eq!(browser.eval(FOCUSED).await, "site-search");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_result_opens_with_the_words_marked_until_escape() {
    let site = TestSite::new("minimal");
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/search/?q=residency")).await;
    browser
        .wait_until("const r = document.querySelector('[data-search-results]'); return !!r && r.dataset.state === 'done';", 30)
        .await;
    browser
        .eval("[...document.querySelectorAll('[data-search-results] h2 a')].find(a => a.getAttribute('href') === '/playbooks/residency/').click(); return true;")
        .await;
    browser.wait_for("main mark.search-hit", 10).await;
    assert_eq!(
        browser
            .eval("return location.pathname + location.search;")
            .await,
        "/playbooks/residency/",
        "the result's URL is the page's own"
    );
    let marked = browser
        .eval("return [...document.querySelectorAll('main mark.search-hit')].map(m => m.textContent.toLowerCase());")
        .await;
    let marked: Vec<String> = serde_json::from_value(marked).unwrap();
    assert!(
        !marked.is_empty() && marked.iter().all(|m| m == "residency"),
        "{marked:?}"
    );
    browser.press(None, "\u{E00C}").await; // Escape
    let left = "return document.querySelectorAll('mark.search-hit').length;";
    assert_eq!(browser.eval(left).await, 0);
    // Opened again without a search, the page marks nothing.
    browser.goto(&format!("{url}/playbooks/residency/")).await;
    browser.wait_for("main", 10).await;
    assert_eq!(browser.eval(left).await, 0);
    browser.close().await;
}
