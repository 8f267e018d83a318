//! Every URL that comes from content goes through the check Markdown links
//! get: a URL field of a TOML file that a browser would run as code is
//! removed with a warning at its line, never written as a live link.

mod util;
use util::{select, TestSite};

#[test]
fn a_framework_url_that_runs_script_is_removed_with_a_warning_at_its_line() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/regions/ksa.toml",
        "authority = \"SDAIA\"\n",
        "authority = \"SDAIA\"\nurl = \" JaVa\\tScRiPt:alert(1)\"\n\n[[frameworks]]\nname = \"NCA\"\nurl = \"https://nca.gov.sa/\"\n",
    );
    let run = site.build();
    run.success();
    let line = site
        .read("content/regions/ksa.toml")
        .lines()
        .position(|l| l.starts_with("url = \" JaVa"))
        .unwrap()
        + 1;
    let expected = format!(
        "warning: content/regions/ksa.toml:{line}:7: link target \" JaVa\tScRiPt:alert(1)\" could run code in a browser; it was removed"
    );
    assert!(
        run.warnings().contains(&expected.as_str()),
        "{}",
        run.stderr
    );
    for page in [
        "regions/index.html",
        "regions/ksa/index.html",
        "regions/ksa/print/index.html",
    ] {
        let html = site.page(page);
        let hrefs: Vec<String> = select(&html, "a[href]")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_lowercase())
            .collect();
        assert!(
            !hrefs
                .iter()
                .any(|h| h.replace(['\t', ' '], "").contains("javascript:")),
            "{page}: {hrefs:?}"
        );
        if !page.contains("print") {
            assert!(
                hrefs.contains(&"https://nca.gov.sa/".to_string()),
                "{page}: a safe URL still links"
            );
        }
    }
}
