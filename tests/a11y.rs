//! Accessibility: axe-core (vendored in tests/a11y/, MPL-2.0) runs in
//! headless Chromium on every page type of the bundled guide, in English,
//! Chinese and Arabic, light and dark, and fails on any WCAG 2.1 A/AA or
//! best-practice violation.

mod util;
use util::browser::{serve_dir, Browser};
use util::TestSite;

const AXE: &str = include_str!("a11y/axe.min.js");

/// Every page type of the guide.
const PAGES: &[&str] = &[
    "",
    "regions/",
    "regions/ksa/",
    "regions/ksa/print/",
    "regions/ksa/checklist/",
    "playbooks/karpenter-autoscaling/",
    "case-studies/qlik/",
    "search/?q=karpenter",
    // Facets shown (a facet chosen in the URL) and "More results".
    "search/?q=region&region=KSA",
    "about/",
    "glossary/",
    "tags/",
    "404.html",
];

/// The violations axe finds on the open page, one line each.
async fn violations(browser: &Browser) -> Vec<String> {
    browser
        .eval(&format!("{AXE}\nwindow.__axe = null; axe.run(document, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }} }}).then(r => {{ window.__axe = r.violations.map(v => v.impact + ' ' + v.id + ': ' + v.nodes.length + ' × ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')); }}); return true;"))
        .await;
    browser
        .wait_until("return window.__axe !== null;", 60)
        .await;
    let found = browser.eval("return window.__axe;").await;
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[track_caller]
fn assert_none(found: Vec<String>) {
    assert!(
        found.is_empty(),
        "{} violations:\n{}",
        found.len(),
        found.join("\n")
    );
}

async fn audit(dark: bool) -> Vec<String> {
    let site = TestSite::bundled_guide();
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = if dark {
        Browser::start_with(&["--force-dark-mode"]).await
    } else {
        Browser::start().await
    };
    let mut found = Vec::new();
    for lang in ["", "zh/", "ar/"] {
        for page in PAGES {
            let path = format!("/{lang}{page}");
            browser.goto(&format!("{url}{path}")).await;
            browser.wait_for("main", 10).await;
            if page.starts_with("search/") {
                browser
                    .wait_until("const r = document.querySelector('[data-search-results]'); return !!r && r.dataset.state === 'done';", 30)
                    .await;
            }
            for v in violations(&browser).await {
                found.push(format!(
                    "{path} ({}): {v}",
                    if dark { "dark" } else { "light" }
                ));
            }
        }
    }
    browser.close().await;
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn no_page_type_has_an_accessibility_violation_in_light_mode() {
    assert_none(audit(false).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_page_type_has_an_accessibility_violation_in_dark_mode() {
    assert_none(audit(true).await);
}

/// WCAG 1.4.10 (reflow): at 320 CSS px no page scrolls sideways; only code
/// blocks and wide tables scroll inside their own box.
#[tokio::test(flavor = "multi_thread")]
async fn no_page_scrolls_sideways_at_320_px() {
    let site = TestSite::bundled_guide();
    site.build().success();
    let url = serve_dir(&site.public()).await;
    // Chromium will not make its window that narrow: each page is loaded
    // in a 320 px wide frame of a page of the same site instead.
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/")).await;
    let mut wide = Vec::new();
    for lang in ["", "zh/", "ar/"] {
        for page in PAGES {
            let path = format!("/{lang}{page}");
            browser
                .eval(&format!(
                    "document.body.innerHTML = ''; const f = document.createElement('iframe'); f.id = 'narrow'; f.style.width = '320px'; f.style.height = '800px'; f.style.border = '0'; f.src = {path:?}; document.body.appendChild(f); return true;"
                ))
                .await;
            browser
                .wait_until("const d = document.getElementById('narrow').contentDocument; return !!d && d.readyState === 'complete' && !!d.querySelector('main');", 20)
                .await;
            let sizes = browser
                .eval("const d = document.getElementById('narrow').contentDocument.documentElement; return [d.scrollWidth, d.clientWidth];")
                .await;
            let (scroll, client) = (sizes[0].as_i64().unwrap(), sizes[1].as_i64().unwrap());
            assert!(client <= 320, "the frame is {client} px wide");
            if scroll > client {
                // The elements that reach past the right edge, to say where to look.
                let culprits = browser
                    .eval("const d = document.getElementById('narrow').contentDocument; const w = d.documentElement.clientWidth; const out = []; for (const e of d.querySelectorAll('body *')) { const r = e.getBoundingClientRect(); if (r.right > w + 1) out.push(e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' ' + Math.round(r.left) + '..' + Math.round(r.right)); } return out.slice(-6).join(', ');")
                    .await;
                wide.push(format!(
                    "{path}: {scroll} px in {client}: {}",
                    culprits.as_str().unwrap_or_default()
                ));
            }
        }
    }
    browser.close().await;
    assert!(
        wide.is_empty(),
        "pages wider than the screen:\n{}",
        wide.join("\n")
    );
}
