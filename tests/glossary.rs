//! The glossary: `content/glossary.toml` makes `/glossary/` and marks each
//! term's first use on a page (not in code, links or headings), with a
//! tooltip that keyboard users reach and Escape hides.

mod util;
use util::browser::{serve_dir, Browser};
use util::{select, text, TestSite};

const GLOSSARY: &str = r#"[[terms]]
term = "PDPL"
expansion = "Personal Data Protection Law"
definition = "Saudi Arabia's law on personal data; see [the KSA guide](@/regions/ksa.toml)."
link = "@/playbooks/ops/residency.md"

[[terms]]
term = "KSA"
expansion = "Kingdom of Saudi Arabia"

[[terms]]
term = "BSI C5"
expansion = "Cloud Computing Compliance Criteria Catalogue"
"#;

const ABOUT: &str = "+++
title = \"About\"
+++

## PDPL in a heading

The `PDPL` in code is left alone, as is [PDPL](@/regions/ksa.toml) in a link.
The PDPL applies in the KSA; the PDPL again is plain. PDPLX is another word.

```text
PDPL in a code block
```
";

fn site() -> TestSite {
    let site = TestSite::new("minimal");
    site.write("content/glossary.toml", GLOSSARY);
    site.write("content/pages/about.md", ABOUT);
    site
}

#[test]
fn the_glossary_page_lists_terms_alphabetically_with_anchors_and_definitions() {
    let site = site();
    site.build().success();
    let page = site.page("glossary/index.html");
    let ids: Vec<&str> = select(&page, ".glossary-entry h2")
        .iter()
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(ids, ["bsi-c5", "ksa", "pdpl"]);
    let pdpl: Vec<String> = select(&page, "#pdpl ~ p").iter().map(text).collect();
    assert_eq!(
        pdpl,
        [
            "Saudi Arabia's law on personal data; see the KSA guide.",
            "Read more"
        ]
    );
    let links: Vec<&str> = select(&page, ".glossary a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["/regions/ksa/", "/playbooks/residency/"]);
    // Linked from every page's footer.
    let home = site.page("index.html");
    let footer: Vec<&str> = select(&home, "footer a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(footer.contains(&"/glossary/"), "{footer:?}");
}

#[test]
fn only_the_first_plain_use_of_a_term_is_marked() {
    let site = site();
    site.build().success();
    let page = site.page("about/index.html");
    let marks: Vec<(String, &str)> = select(&page, ".prose a.gloss")
        .iter()
        .map(|a| {
            (
                text(&select_one(a, ".gloss-term")),
                a.value().attr("href").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("PDPL".to_string(), "/glossary/#pdpl"),
            ("KSA".to_string(), "/glossary/#ksa")
        ]
    );
    let tips: Vec<String> = select(&page, ".prose .gloss-tip")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        tips,
        ["Personal Data Protection Law", "Kingdom of Saudi Arabia"]
    );
    // Code, links and headings keep the term as written.
    assert_eq!(text(&select(&page, ".prose h2")[0]), "PDPL in a heading");
    assert_eq!(text(&select(&page, ".prose p code")[0]), "PDPL");
    assert!(select(&page, "pre a.gloss").is_empty());
}

fn select_one<'a>(el: &scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    el.select(&scraper::Selector::parse(css).unwrap())
        .next()
        .unwrap()
}

#[test]
fn a_term_defined_twice_is_a_warning_at_its_line() {
    let site = site();
    site.write(
        "content/glossary.toml",
        format!("{GLOSSARY}\n[[terms]]\nterm = \"PDPL\"\nexpansion = \"again\"\n"),
    );
    let run = site.run(&["check"]);
    run.success();
    let warnings: Vec<&str> = run
        .warnings()
        .into_iter()
        .filter(|w| w.contains("glossary"))
        .collect();
    assert_eq!(
        warnings,
        ["warning: content/glossary.toml:16:8: glossary term \"PDPL\" is defined twice (first as \"PDPL\"); this definition is ignored"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tooltip_shows_on_keyboard_focus_and_escape_hides_it() {
    let site = site();
    site.build().success();
    let url = serve_dir(&site.public()).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{url}/about/")).await;
    browser.wait_for(".prose a.gloss", 10).await;
    let shown = "const t = document.querySelector('.prose a.gloss .gloss-tip'); const s = getComputedStyle(t); return s.opacity === '1' && s.clipPath === 'none';";
    assert_eq!(browser.eval(shown).await, false, "hidden before focus");
    // Tab through the page until the first mark has focus.
    let mut reached = false;
    for _ in 0..60 {
        browser.press(None, "\u{E004}").await;
        let focused = browser
            .eval("return document.activeElement.matches('.prose a.gloss');")
            .await;
        if focused == true {
            reached = true;
            break;
        }
    }
    assert!(reached, "the mark is reachable with Tab");
    assert_eq!(browser.eval(shown).await, true, "shown on focus");
    let name = browser
        .eval("return document.activeElement.textContent;")
        .await;
    assert_eq!(name, "PDPLPersonal Data Protection Law");
    browser.press(None, "\u{E00C}").await;
    assert_eq!(browser.eval(shown).await, false, "Escape hides it");
    browser.close().await;
}
