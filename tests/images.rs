//! Images in Markdown: sized from their file so the page does not shift,
//! lazy, published beside the page when they sit beside the Markdown, and
//! every problem (no alt text, an unreadable or oversized file, a missing
//! one) reported at the image.

mod util;
use util::TestSite;

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend(w.to_be_bytes());
    b.extend(h.to_be_bytes());
    b.extend([8, 6, 0, 0, 0]);
    b
}

/// The minimal fixture with an image beside a playbook and one in static/.
fn site() -> TestSite {
    let site = TestSite::new("minimal");
    site.write("content/playbooks/ops/flow.png", png(800, 400));
    site.write(
        "static/images/pillars.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 500\"></svg>",
    );
    site.edit(
        "content/playbooks/ops/residency.md",
        "## Residency options",
        "![How data flows](flow.png)\n\n![The four pillars](/images/pillars.svg)\n\n## Residency options",
    );
    site
}

fn imgs(html: &str) -> Vec<&str> {
    html.match_indices("<img ")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn images_carry_their_size_load_lazily_and_travel_with_their_page() {
    let site = site();
    site.build().success();
    let page = site.read("public/playbooks/residency/index.html");
    assert_eq!(
        imgs(&page),
        [
            "<img src=\"/playbooks/residency/flow.png\" alt=\"How data flows\" width=\"800\" height=\"400\" loading=\"lazy\" decoding=\"async\">",
            "<img src=\"/images/pillars.svg\" alt=\"The four pillars\" width=\"640\" height=\"500\" loading=\"lazy\" decoding=\"async\">",
        ]
    );
    // The image beside the Markdown is published beside the page.
    assert_eq!(
        std::fs::read(site.path("public/playbooks/residency/flow.png")).unwrap(),
        png(800, 400)
    );
    // The print page that embeds the playbook shows the same image.
    let print = site.read("public/regions/ksa/print/index.html");
    assert!(print.contains("src=\"/playbooks/residency/flow.png\""));
}

/// Breaks the site, builds, and checks the errors and warnings that name
/// images, and that the previous output is kept when the build fails.
fn assert_reported(break_it: impl Fn(&TestSite), errors: &[&str], warnings: &[&str]) {
    let site = site();
    site.build().success();
    let before = util::snapshot(&site.public());
    break_it(&site);
    let run = site.build();
    run.no_panic();
    assert_eq!(run.errors(), errors, "{}", run.stderr);
    let image_warnings: Vec<&str> = run
        .warnings()
        .into_iter()
        .filter(|w| w.contains("image"))
        .collect();
    assert_eq!(image_warnings, warnings, "{}", run.stderr);
    if !errors.is_empty() {
        assert_eq!(run.code, 1);
        assert_eq!(util::snapshot(&site.public()), before, "the output changed");
    }
}

#[test]
fn an_image_without_alt_text_is_a_warning_at_its_place() {
    assert_reported(
        |s| s.edit("content/playbooks/ops/residency.md", "![How data flows]", "![]"),
        &[],
        &["warning: content/playbooks/ops/residency.md:14:1: image without alt text: say what it shows, ![what it shows](…), for readers who cannot see it"],
    );
}

#[test]
fn an_unreadable_an_oversized_and_a_missing_image_are_errors_at_their_place() {
    assert_reported(
        |s| s.write("content/playbooks/ops/flow.png", "not a png"),
        &["error: content/playbooks/ops/residency.md:14:1: content/playbooks/ops/flow.png is not a readable PNG image (corrupt or mislabelled)"],
        &[],
    );
    assert_reported(
        |s| s.write("content/playbooks/ops/flow.png", png(10_000, 6_000)),
        &["error: content/playbooks/ops/residency.md:14:1: content/playbooks/ops/flow.png is 10000×6000 pixels, over the limit of 50 megapixels; scale it down"],
        &[],
    );
    assert_reported(
        |s| std::fs::remove_file(s.path("static/images/pillars.svg")).unwrap(),
        &["error: content/playbooks/ops/residency.md:16:1: broken image: the site has nothing at /images/pillars.svg"],
        &[],
    );
}
