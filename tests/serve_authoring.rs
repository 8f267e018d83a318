//! `guidegen serve` after an author edits a snippet, the glossary or an
//! image: the open pages told to reload are exactly those that show it.

mod util;

use util::serve::*;
use util::TestSite;

/// The minimal fixture with a snippet included by the autoscaling
/// playbook, a glossary term used by the residency playbook, and an image
/// shown by the about page.
fn site() -> TestSite {
    let site = TestSite::new("minimal");
    site.write("content/snippets/steps.md", "Open an account first.\n");
    site.edit(
        "content/playbooks/autoscaling.md",
        "## Cost levers",
        "{{#include snippets/steps.md}}\n\n## Cost levers",
    );
    site.write(
        "content/glossary.toml",
        "[[terms]]\nterm = \"advice\"\nexpansion = \"Counsel of Saudi Arabia\"\ndefinition = \"A monarchy.\"\n",
    );
    site.edit(
        "content/pages/about.md",
        "## Who we are",
        "![A map](map.png)\n\n## Who we are",
    );
    site.write("content/pages/map.png", png(2));
    site
}

/// A valid PNG `width` pixels wide and one high (grey).
fn png(width: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::GrayImage::from_pixel(width, 1, image::Luma([128]))
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// The pages a reload notice lists, sorted.
fn pages(notice: &serde_json::Value) -> Vec<String> {
    assert_eq!(notice["type"], "reload", "{notice}");
    let mut pages: Vec<String> = notice["pages"]
        .as_array()
        .unwrap_or_else(|| panic!("every page was told to reload: {notice}"))
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    pages.sort();
    pages
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snippet_glossary_and_image_edits_reload_the_pages_that_show_them() {
    let site = site();
    let server = Server::start(&site);
    let mut socket = connect(&server).await;
    assert_eq!(next_message(&mut socket).await["type"], "hello");

    // The snippet: the playbook that includes it, and the region print
    // pages that hold that playbook (it applies to all regions).
    site.write(
        "content/snippets/steps.md",
        "Open an account first, today.\n",
    );
    assert_eq!(
        pages(&next_message(&mut socket).await),
        [
            "playbooks/autoscaling/index.html",
            "regions/ksa/print/index.html",
            "regions/uae/print/index.html"
        ]
    );
    assert!(server
        .get("/playbooks/autoscaling/")
        .body
        .contains("Open an account first, today."));

    // A definition shows on the glossary page alone...
    site.edit("content/glossary.toml", "A monarchy.", "A kingdom.");
    assert_eq!(
        pages(&next_message(&mut socket).await),
        ["glossary/index.html"]
    );
    // ...an expansion also in the tooltip of each page that marks the term.
    site.edit("content/glossary.toml", "of Saudi Arabia", "of the Saudis");
    assert_eq!(
        pages(&next_message(&mut socket).await),
        [
            "glossary/index.html",
            "playbooks/residency/index.html",
            "regions/ksa/print/index.html"
        ]
    );

    // The image: the page that shows it, nothing else.
    site.write("content/pages/map.png", png(3));
    assert_eq!(
        pages(&next_message(&mut socket).await),
        ["about/index.html"]
    );
    let about = server.get("/about/").body;
    assert!(about.contains("width=\"3\""), "{about}");
}
