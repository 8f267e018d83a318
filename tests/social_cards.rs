//! Social cards: every page of every edition names a 1200×630 PNG as its
//! `og:image`, drawn at build time in the page's language and direction,
//! cached under `.guidegen-cache/cards/` and drawn again only when what
//! it shows changes; `[social] cards = false` turns them off, and a
//! page's own `image` wins over its card.

mod util;

use resvg::tiny_skia::Pixmap;
use std::path::Path;
use util::*;

const ORIGIN: &str = "https://fixture.example.com/";

/// The minimal fixture in English, Chinese and Arabic, with the residency
/// playbook translated into both.
fn site() -> TestSite {
    let site = TestSite::new("minimal");
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("{config}\n[languages.zh]\ntitle = \"夹具指南\"\n\n[languages.ar]\ntitle = \"أدلة التوسع\"\n"),
    );
    let english = site.read("content/playbooks/ops/residency.md");
    let translate = |title: &str| {
        english.replace(
            "title = \"Data residency\"",
            &format!("title = \"{title}\""),
        )
    };
    site.write(
        "content/playbooks/ops/residency.zh.md",
        translate("数据驻留"),
    );
    site.write(
        "content/playbooks/ops/residency.ar.md",
        translate("إقامة البيانات"),
    );
    site
}

/// The `content` of a page's `<meta property|name="KEY">`.
fn meta(site: &TestSite, page: &str, key: &str) -> Option<String> {
    let html = site.page(page);
    let css = format!("head meta[property='{key}'], head meta[name='{key}']");
    let found = select(&html, &css);
    assert!(found.len() <= 1, "{page}: {key} twice");
    found
        .first()
        .and_then(|m| m.value().attr("content"))
        .map(str::to_string)
}

/// The card a page names, decoded.
fn card(site: &TestSite, page: &str) -> Pixmap {
    let url = meta(site, page, "og:image").unwrap_or_else(|| panic!("{page}: no og:image"));
    let rel = url
        .strip_prefix(ORIGIN)
        .unwrap_or_else(|| panic!("{page}: {url}"));
    let bytes =
        std::fs::read(site.public().join(rel)).unwrap_or_else(|e| panic!("{page}: {rel}: {e}"));
    Pixmap::decode_png(&bytes).unwrap_or_else(|e| panic!("{page}: {rel}: {e}"))
}

/// Every page of the output, by path under `public/`.
fn pages(site: &TestSite) -> Vec<String> {
    snapshot(&site.public())
        .into_keys()
        .filter(|p| p.ends_with("index.html") || p.ends_with("404.html"))
        .filter(|p| !p.contains("pagefind"))
        .collect()
}

/// How many cards a build drew and took from the cache, from `--timings`.
fn drawn_and_cached(run: &Run) -> (usize, usize) {
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("social cards:"))
        .unwrap_or_else(|| panic!("no card line in:\n{}", run.stderr));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn timed_build(site: &TestSite) -> Run {
    let run = site.run(&["build", "--timings"]);
    run.success();
    run
}

/// Dark pixels (the title's and the site name's ink) in rows `rows`, in
/// the left and the right half of the card.
fn ink(card: &Pixmap, rows: std::ops::Range<u32>) -> (usize, usize) {
    let (mut left, mut right) = (0, 0);
    for y in rows {
        for x in 0..card.width() {
            let p = card.pixel(x, y).unwrap();
            let dark = (p.red() as u32 + p.green() as u32 + p.blue() as u32) < 200;
            match (dark, x < card.width() / 2) {
                (true, true) => left += 1,
                (true, false) => right += 1,
                _ => {}
            }
        }
    }
    (left, right)
}

/// The title's rows: between the brand and the region at the foot.
const TITLE_ROWS: std::ops::Range<u32> = 170..500;

#[test]
fn every_page_in_every_language_names_an_existing_card() {
    let site = site();
    site.build().success();
    let all = pages(&site);
    assert!(all.iter().any(|p| p.starts_with("zh/")) && all.iter().any(|p| p.starts_with("ar/")));
    for page in &all {
        if page.contains("/print/") {
            // A print page is left out of search and of sharing.
            assert_eq!(meta(&site, page, "og:image"), None, "{page}");
            continue;
        }
        let png = card(&site, page);
        assert_eq!((png.width(), png.height()), (1200, 630), "{page}");
        assert_eq!(
            meta(&site, page, "og:image:width").as_deref(),
            Some("1200"),
            "{page}"
        );
        assert_eq!(
            meta(&site, page, "og:image:height").as_deref(),
            Some("630"),
            "{page}"
        );
        assert!(
            meta(&site, page, "og:image:alt").is_some_and(|a| !a.is_empty()),
            "{page}"
        );
        assert_eq!(
            meta(&site, page, "twitter:card").as_deref(),
            Some("summary_large_image"),
            "{page}"
        );
        for key in [
            "og:title",
            "og:description",
            "og:url",
            "og:type",
            "og:locale",
        ] {
            assert!(meta(&site, page, key).is_some(), "{page}: {key}");
        }
    }
    let locale = |page: &str| meta(&site, page, "og:locale").unwrap();
    assert_eq!(locale("index.html"), "en_US");
    assert_eq!(locale("zh/index.html"), "zh_CN");
    assert_eq!(locale("ar/index.html"), "ar_AR");
    // Each edition's card is its own, in its language.
    let url = |page: &str| meta(&site, page, "og:image").unwrap();
    let residency = "playbooks/residency/index.html";
    assert_ne!(url(residency), url(&format!("zh/{residency}")));
    assert_ne!(url(residency), url(&format!("ar/{residency}")));
    assert!(url(residency).starts_with(&format!("{ORIGIN}cards/")));
}

#[test]
fn a_changed_title_draws_one_new_card_and_unchanged_pages_none() {
    let site = site();
    let (drawn, cached) = drawn_and_cached(&timed_build(&site));
    assert!(drawn > 20 && cached == 0, "{drawn} drawn, {cached} cached");
    let page = "playbooks/residency/index.html";
    let before = meta(&site, page, "og:image").unwrap();

    assert_eq!(
        drawn_and_cached(&timed_build(&site)),
        (0, drawn),
        "a warm build draws nothing"
    );
    assert_eq!(meta(&site, page, "og:image").unwrap(), before);

    site.edit(
        "content/playbooks/ops/residency.md",
        "title = \"Data residency\"",
        "title = \"Data residency, revised\"",
    );
    let (again, _) = drawn_and_cached(&timed_build(&site));
    assert_eq!(again, 1, "only the renamed playbook's card is drawn");
    let after = meta(&site, page, "og:image").unwrap();
    assert_ne!(after, before);
    card(&site, page);
    // The old card is not published any more.
    let old = before.strip_prefix(ORIGIN).unwrap();
    assert!(!site.public().join(old).exists());
}

#[test]
fn a_corrupt_cache_entry_is_drawn_again() {
    let site = site();
    timed_build(&site);
    let page = "playbooks/residency/index.html";
    let url = meta(&site, page, "og:image").unwrap();
    let name = url.rsplit('/').next().unwrap();
    let entry = site.path(&format!(".guidegen-cache/cards/{name}"));
    let whole = std::fs::read(&entry).unwrap();
    std::fs::write(&entry, &whole[..whole.len() / 2]).unwrap();
    assert_eq!(drawn_and_cached(&timed_build(&site)).0, 1);
    assert_eq!(std::fs::read(&entry).unwrap(), whole);
    card(&site, page);
}

#[test]
fn two_cold_builds_are_byte_identical() {
    let (a, b) = (site(), site());
    a.build().success();
    b.build().success();
    let (a, b) = (snapshot(&a.public()), snapshot(&b.public()));
    assert!(a.keys().any(|k| k.starts_with("cards/")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
}

#[test]
fn cards_off_leaves_only_pages_own_images() {
    let site = site();
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("{config}\n[social]\ncards = false\n"),
    );
    site.edit(
        "content/pages/about.md",
        "title = \"About\"",
        "title = \"About\"\nimage = \"https://img.example.com/about.png\"",
    );
    let run = timed_build(&site);
    assert!(!run.stderr.contains("social cards:"), "{}", run.stderr);
    assert!(!site.public().join("cards").exists());
    let page = "playbooks/residency/index.html";
    assert_eq!(meta(&site, page, "og:image"), None);
    assert_eq!(
        meta(&site, page, "twitter:card").as_deref(),
        Some("summary")
    );
    let about = "about/index.html";
    assert_eq!(
        meta(&site, about, "og:image").as_deref(),
        Some("https://img.example.com/about.png")
    );
    assert_eq!(
        meta(&site, about, "twitter:card").as_deref(),
        Some("summary_large_image")
    );
}

#[test]
fn a_pages_own_image_wins_over_its_card() {
    let site = site();
    let cover = Pixmap::new(4, 2).unwrap().encode_png().unwrap();
    site.write("content/playbooks/ops/cover.png", &cover);
    site.edit(
        "content/playbooks/ops/residency.md",
        "title = \"Data residency\"",
        "title = \"Data residency\"\nimage = \"cover.png\"",
    );
    site.build().success();
    let page = "playbooks/residency/index.html";
    let own = format!("{ORIGIN}playbooks/residency/cover.png");
    assert_eq!(meta(&site, page, "og:image"), Some(own));
    // Its size is the file's, not a card's: not stated.
    assert_eq!(meta(&site, page, "og:image:width"), None);
    assert_eq!(
        std::fs::read(site.path("public/playbooks/residency/cover.png")).unwrap(),
        cover
    );
    // Other pages keep their cards.
    card(&site, "about/index.html");
}

#[test]
fn an_own_image_is_checked_like_any_image() {
    for (image, error) in [
        ("javascript:alert(1)", "is not a picture a browser may load"),
        (
            "../../../etc/passwd.png",
            "must be an http(s) URL, or an image file",
        ),
        (
            "missing.png",
            "there is no file content/playbooks/ops/missing.png",
        ),
    ] {
        let site = TestSite::new("minimal");
        site.edit(
            "content/playbooks/ops/residency.md",
            "title = \"Data residency\"",
            &format!("title = \"Data residency\"\nimage = \"{image}\""),
        );
        let run = site.build();
        run.failure();
        assert!(
            run.errors().iter().any(|e| e.contains(error)),
            "{image}: {:?}",
            run.stderr
        );
    }
}

#[test]
fn arabic_cards_are_drawn_right_to_left() {
    let site = site();
    site.build().success();
    let (left, right) = ink(
        &card(&site, "ar/playbooks/residency/index.html"),
        TITLE_ROWS,
    );
    assert!(
        right > 4 * left.max(1),
        "Arabic title ink: {left} left, {right} right"
    );
    let (left, right) = ink(&card(&site, "playbooks/residency/index.html"), TITLE_ROWS);
    assert!(
        left > 4 * right.max(1),
        "English title ink: {left} left, {right} right"
    );
}

#[test]
fn chinese_cards_use_the_cjk_font_and_survive_without_it() {
    let with_font = site();
    with_font.build().success();
    let page = "zh/playbooks/residency/index.html";
    let drawn = card(&with_font, page);
    let (left, _) = ink(&drawn, TITLE_ROWS);
    assert!(left > 2000, "the Chinese title has ink: {left}");

    // The same site with a theme of its own that has no CJK font: the
    // title falls back to missing-glyph boxes, and the build still works.
    let without = site();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(
        &repo.join("themes/default"),
        &without.path("themes/default"),
    );
    for font in std::fs::read_dir(without.path("themes/default/fonts")).unwrap() {
        let font = font.unwrap().path();
        if font.to_string_lossy().contains("CJK") {
            std::fs::remove_file(font).unwrap();
        }
    }
    without.build().success();
    let tofu = card(&without, page);
    assert_ne!(drawn.data(), tofu.data(), "the CJK font changes the card");
    // Real glyphs have far more strokes than the empty boxes of tofu.
    let (tofu_ink, _) = ink(&tofu, TITLE_ROWS);
    assert!(
        left > tofu_ink + tofu_ink / 2,
        "glyphs {left}, tofu {tofu_ink}"
    );
}
