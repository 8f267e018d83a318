//! Tag pages: `/tags/` lists every playbook tag, `/tags/TAG/` the
//! playbooks that carry it, in every language; a playbook's tags link there.

mod util;
use util::{select, text, TestSite};

#[test]
fn every_tag_has_a_page_with_its_playbooks_and_playbooks_link_to_them() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/playbooks/autoscaling.md",
        "+++\n",
        "+++\ntags = [\"Cost Control\", \"residency\"]\n",
    );
    site.build().success();
    let index = site.page("tags/index.html");
    let tags: Vec<(String, String)> = select(&index, "ul.tag-cloud a")
        .iter()
        .map(|a| (a.value().attr("href").unwrap().to_string(), text(a)))
        .collect();
    assert_eq!(
        tags,
        [
            (
                "/tags/cost-control/".to_string(),
                "Cost Control 1 playbook".to_string()
            ),
            (
                "/tags/residency/".to_string(),
                "residency 2 playbooks".to_string()
            ),
        ]
    );
    let residency = site.page("tags/residency/index.html");
    assert_eq!(
        select(&residency, "main h1")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["Playbooks tagged “residency”"]
    );
    let cards: Vec<String> = select(&residency, ".card-title a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    // In the guide's order: by pillar, then weight.
    assert_eq!(cards, ["/playbooks/autoscaling/", "/playbooks/residency/"]);
    let playbook = site.page("playbooks/autoscaling/index.html");
    let links: Vec<String> = select(&playbook, ".tag-list a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, ["/tags/cost-control/", "/tags/residency/"]);
    let footer = select(&playbook, "footer a[href='/tags/']");
    assert_eq!(footer.len(), 1);
}

#[test]
fn a_site_without_tags_has_no_tag_pages() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/playbooks/ops/residency.md",
        "tags = [\"residency\"]\n",
        "",
    );
    site.build().success();
    assert!(!site.path("public/tags").exists());
    let home = site.page("index.html");
    assert!(select(&home, "footer a[href='/tags/']").is_empty());
}
