//! Links and images inside the site without `@/` (`/about/`, `../x/`,
//! `/images/d.svg`) are checked against what the build writes, made to work
//! under a sub-path `base_url`, and keep working on a region's print page.

mod util;
use util::{select, TestSite};

#[test]
fn a_broken_root_relative_link_and_image_are_errors_at_their_lines() {
    let site = TestSite::new("minimal");
    site.build().success();
    let before = util::snapshot(&site.public());
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\n\nSee [the guide](/playbook/autoscaling/).\n\n![Pillars](/images/pillars.svg)\n",
    );
    let run = site.build();
    run.failure();
    assert_eq!(
        run.errors(),
        [
            "error: content/pages/about.md:5:5: broken link: the site has nothing at /playbook/autoscaling/",
            "error: content/pages/about.md:7:1: broken image: the site has nothing at /images/pillars.svg",
        ]
    );
    assert!(
        run.stderr
            .contains("= hint: did you mean \"/playbooks/autoscaling/\"?"),
        "{}",
        run.stderr
    );
    assert_eq!(util::snapshot(&site.public()), before, "the output is kept");
    // With the image in static/ and the link fixed, the build passes.
    site.write(
        "static/images/pillars.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.edit("content/pages/about.md", "/playbook/", "/playbooks/");
    site.build().success();
}

#[test]
fn under_a_sub_path_root_relative_and_relative_links_reach_their_pages() {
    let site = TestSite::new("minimal");
    site.edit(
        "guidegen.toml",
        "https://fixture.example.com/",
        "https://example.org/sea/",
    );
    site.write(
        "static/images/d.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.edit(
        "content/playbooks/autoscaling.md",
        "Back to [residency]",
        "See [about](/about/), [residency](../residency/) ![d](/images/d.svg) and [up](../../regions/ksa/).\n\nBack to [residency]",
    );
    site.build().success();
    let page = site.page("playbooks/autoscaling/index.html");
    let hrefs: Vec<&str> = select(&page, ".prose a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for href in [
        "/sea/about/",
        "/sea/playbooks/residency/",
        "/sea/regions/ksa/",
    ] {
        assert!(hrefs.contains(&href), "{href} in {hrefs:?}");
    }
    let srcs: Vec<&str> = select(&page, ".prose img")
        .iter()
        .filter_map(|i| i.value().attr("src"))
        .collect();
    assert_eq!(srcs, ["/sea/images/d.svg"]);
    // The print page embeds the playbook: the same absolute URLs work there.
    let print = site.read("public/regions/ksa/print/index.html");
    assert!(
        print.contains("href=\"/sea/regions/ksa/\""),
        "print page keeps the link"
    );
    assert!(print.contains("src=\"/sea/images/d.svg\""));
}
