//! Links that survive renames: each `aliases = [...]` entry of a content
//! file gets a redirect page and a line in `_redirects`; an alias that is a
//! page's URL, or another file's alias, is an error naming both files.

mod util;
use util::{select, TestSite};

#[test]
fn a_renamed_playbook_still_answers_at_its_old_url() {
    let site = TestSite::new("minimal");
    std::fs::rename(
        site.path("content/playbooks/ops/residency.md"),
        site.path("content/playbooks/ops/data-residency.md"),
    )
    .unwrap();
    for file in [
        "content/regions/ksa.toml",
        "content/case-studies/acme.toml",
        "content/playbooks/autoscaling.md",
    ] {
        let text = site.read(file).replace(
            "@/playbooks/ops/residency.md",
            "@/playbooks/ops/data-residency.md",
        );
        site.write(file, text);
    }
    site.edit(
        "content/playbooks/ops/data-residency.md",
        "weight = 10\n",
        "weight = 10\naliases = [\"/playbooks/residency/\", \"/old/residency.html\"]\n",
    );
    site.edit(
        "content/regions/uae.toml",
        "name = ",
        "aliases = [\"/emirates\"]\nname = ",
    );
    site.build().success();
    let page = site.page("playbooks/residency/index.html");
    let refresh = select(&page, "meta[http-equiv=refresh]");
    assert_eq!(
        refresh[0].value().attr("content"),
        Some("0; url=/playbooks/data-residency/")
    );
    let canonical = select(&page, "link[rel=canonical]");
    assert_eq!(
        canonical[0].value().attr("href"),
        Some("https://fixture.example.com/playbooks/data-residency/")
    );
    let robots = select(&page, "meta[name=robots]");
    assert_eq!(robots[0].value().attr("content"), Some("noindex"));
    let link = select(&page, "body a");
    assert_eq!(
        link[0].value().attr("href"),
        Some("/playbooks/data-residency/")
    );
    assert!(site.path("public/old/residency.html").is_file());
    assert!(site.path("public/emirates/index.html").is_file());
    assert_eq!(
        site.read("public/_redirects"),
        "/emirates/ /regions/uae/ 301\n/old/residency.html /playbooks/data-residency/ 301\n/playbooks/residency/ /playbooks/data-residency/ 301\n"
    );
    // Redirect pages are not pages of the guide: not in the sitemap.
    assert!(!site
        .read("public/sitemap.xml")
        .contains("/playbooks/residency/"));
}

#[test]
fn an_alias_that_is_a_page_url_or_another_files_alias_is_an_error_naming_both() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/playbooks/autoscaling.md",
        "+++\n",
        "+++\naliases = [\"/playbooks/residency/\", \"/moved/\"]\n",
    );
    site.edit(
        "content/pages/about.md",
        "+++\n",
        "+++\naliases = [\"/moved\"]\n",
    );
    let run = site.build();
    run.failure();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(
        errors,
        [
            "error: content/pages/about.md:2:12: alias /moved/ is also an alias of content/playbooks/autoscaling.md",
            "error: content/playbooks/autoscaling.md:2:12: alias /playbooks/residency/ is the URL of the page of content/playbooks/ops/residency.md",
            "error: content/playbooks/autoscaling.md:2:37: alias /moved/ is also an alias of content/pages/about.md",
        ]
    );
    assert!(
        !site.path("public").exists(),
        "a failed build writes nothing"
    );
}

#[test]
fn an_alias_that_is_not_a_path_under_the_site_is_an_error_at_its_place() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/pages/about.md",
        "+++\n",
        "+++\naliases = [\"old/about\", \"/a/../b/\"]\n",
    );
    let run = site.run(&["check"]);
    run.failure();
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(
        errors,
        [
            "error: content/pages/about.md:2:12: alias \"old/about\" must start with `/`: a path under the site, such as \"/old/url/\"",
            "error: content/pages/about.md:2:25: alias \"/a/../b/\" must name a page below the site's home, with no empty, `.` or `..` part",
        ]
    );
}
