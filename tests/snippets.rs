//! Snippets: `{{#include snippets/NAME.md}}` puts `content/snippets/NAME.md`
//! (or its translation) in place — headings with ids unique on the page,
//! `@/` links resolved — and every problem is an error at its line that
//! leaves the previous output as it was.

mod util;
use util::{select, text, TestSite};

const STEPS: &str = "## Register with the regulator

File the form at the [residency playbook](@/playbooks/ops/residency.md).
";

/// The minimal fixture with a snippet included twice in a playbook and once
/// in a region overview (a TOML string), and an Arabic edition that has its
/// own translation of the snippet.
fn site() -> TestSite {
    let site = TestSite::new("minimal");
    site.write("content/snippets/steps.md", STEPS);
    site.write(
        "content/snippets/steps.ar.md",
        "## التسجيل لدى الجهة التنظيمية\n\nقدّم النموذج.\n",
    );
    site.edit(
        "content/playbooks/autoscaling.md",
        "## Cost levers",
        "{{#include snippets/steps.md}}\n\n## Cost levers\n\n{{#include snippets/steps.md}}",
    );
    site.edit(
        "content/regions/ksa.toml",
        "## Market\n",
        "## Market\n\n{{#include snippets/steps.md}}\n",
    );
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("{config}\n[languages.ar]\ntitle = \"أدلة\"\n"),
    );
    site.write(
        "content/regions/ksa.ar.toml",
        site.read("content/regions/ksa.toml")
            .replace("Kingdom of Saudi Arabia", "المملكة العربية السعودية"),
    );
    site
}

#[test]
fn an_included_snippet_reads_as_if_written_in_place_in_every_language() {
    let site = site();
    site.build().success();
    let page = site.page("playbooks/autoscaling/index.html");
    let ids: Vec<&str> = select(&page, ".prose h2")
        .iter()
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "register-with-the-regulator",
            "cost-levers",
            "register-with-the-regulator-1"
        ]
    );
    let links: Vec<&str> = select(&page, ".prose a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("residency"))
        .collect();
    assert_eq!(links.len(), 3, "{links:?}");
    assert!(
        links[..2].iter().all(|h| *h == "/playbooks/residency/"),
        "{links:?}"
    );
    assert!(!site
        .read("public/playbooks/autoscaling/index.html")
        .contains("{{#include"));
    // In a TOML overview too.
    let ksa = site.page("regions/ksa/index.html");
    let headings: Vec<String> = select(&ksa, "h2").iter().map(text).collect();
    assert!(
        headings.contains(&"Register with the regulator".to_string()),
        "{headings:?}"
    );
    // The Arabic KSA overview takes the Arabic snippet.
    let ar = site.page("ar/regions/ksa/index.html");
    let ar_headings: Vec<String> = select(&ar, "h2").iter().map(text).collect();
    assert!(
        ar_headings.contains(&"التسجيل لدى الجهة التنظيمية".to_string()),
        "{ar_headings:?}"
    );
}

/// Builds, breaks the site with `break_it`, and checks the failed build's
/// errors and that the output is still the good build's.
fn assert_refused(break_it: impl Fn(&TestSite), expected: &[&str]) {
    let site = site();
    site.build().success();
    let before = util::snapshot(&site.public());
    break_it(&site);
    let run = site.build();
    run.failure();
    let errors: Vec<&str> = run.errors();
    assert_eq!(errors, expected, "{}", run.stderr);
    assert_eq!(util::snapshot(&site.public()), before, "the output changed");
}

#[test]
fn a_missing_snippet_is_an_error_with_a_suggestion() {
    assert_refused(
        |s| s.edit("content/playbooks/autoscaling.md", "snippets/steps.md}}\n\n## Cost", "snippets/step.md}}\n\n## Cost"),
        &["error: content/playbooks/autoscaling.md:10:12: no snippet snippets/step.md (snippets are content/snippets/NAME.md)"],
    );
    let site = site();
    site.edit(
        "content/playbooks/autoscaling.md",
        "snippets/steps.md}}\n\n## Cost",
        "snippets/step.md}}\n\n## Cost",
    );
    let run = site.build();
    assert!(
        run.stderr.contains("did you mean \"snippets/steps.md\"?"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_include_cycle_is_an_error_that_prints_the_chain() {
    assert_refused(
        |s| {
            s.write("content/snippets/steps.md", format!("{STEPS}\n{{{{#include snippets/more.md}}}}\n"));
            s.write("content/snippets/more.md", "More.\n\n{{#include snippets/steps.md}}\n");
        },
        // Each of the three includes of steps.md meets the cycle.
        &[
            "error: content/snippets/more.md:3:12: include cycle: snippets/steps.md → snippets/more.md → snippets/steps.md",
            "error: content/snippets/more.md:3:12: include cycle: snippets/steps.md → snippets/more.md → snippets/steps.md",
            "error: content/snippets/more.md:3:12: include cycle: snippets/steps.md → snippets/more.md → snippets/steps.md",
        ],
    );
}

#[test]
fn a_broken_link_inside_a_snippet_points_at_the_snippet_and_where_it_was_included() {
    let site = site();
    site.write(
        "content/snippets/steps.md",
        "See [x](@/playbooks/nowhere.md).\n",
    );
    site.edit(
        "content/regions/ksa.toml",
        "{{#include snippets/steps.md}}\n",
        "",
    );
    let run = site.build();
    run.failure();
    // Once for each place the snippet is included, each saying which.
    let broken =
        "error: content/snippets/steps.md:1:5: broken link: no content file @/playbooks/nowhere.md";
    assert_eq!(run.errors(), [broken, broken]);
    assert!(
        run.stderr
            .contains("included from content/playbooks/autoscaling.md:10:1")
            && run
                .stderr
                .contains("included from content/playbooks/autoscaling.md:14:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_include_that_leaves_the_site_is_refused_unread() {
    let site = site();
    let outside = site.root.parent().unwrap().join("canary.md");
    std::fs::write(&outside, "CANARY-snippet-outside\n").unwrap();
    for path in [
        "../../canary.md",
        "snippets/../../../canary.md",
        &outside.display().to_string(),
    ] {
        site.write(
            "content/pages/about.md",
            format!("+++\ntitle = \"About\"\n+++\n\n{{{{#include {path}}}}}\n"),
        );
        let run = site.build();
        run.failure();
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{}", run.stderr);
        assert!(
            errors[0].starts_with("error: content/pages/about.md:5:12: ")
                && errors[0].contains("outside the site"),
            "{path}: {}",
            errors[0]
        );
        assert!(!run.stderr.contains("CANARY"), "{}", run.stderr);
    }
}
