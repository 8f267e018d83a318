//! Images in Markdown: sized from their file so the page does not shift,
//! lazy, published beside the page when they sit beside the Markdown, and
//! every problem (no alt text, an unreadable or oversized file, a missing
//! one) reported at the image. A PNG or JPEG wider than the text column
//! gets resized copies by `srcset` (and WebP ones in a `<picture>`), kept in
//! the site's cache between builds.

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
    site.write("content/playbooks/ops/flow.png", png(640, 320));
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
            "<img src=\"/playbooks/residency/flow.png\" alt=\"How data flows\" width=\"640\" height=\"320\" loading=\"lazy\" decoding=\"async\">",
            "<img src=\"/images/pillars.svg\" alt=\"The four pillars\" width=\"640\" height=\"500\" loading=\"lazy\" decoding=\"async\">",
        ]
    );
    // The image beside the Markdown is published beside the page.
    assert_eq!(
        std::fs::read(site.path("public/playbooks/residency/flow.png")).unwrap(),
        png(640, 320)
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
        assert_output(&site, &before);
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

/// A real PNG, a gradient (so that resizing has work to do and lossless
/// WebP beats PNG).
fn real_png(w: u32, h: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// `real_png(3000, 1500)` in other bytes: its pixels, then a second end
/// chunk that decoders ignore.
fn other_png() -> Vec<u8> {
    let mut bytes = real_png(3000, 1500);
    bytes.extend(b"\0\0\0\0IEND\xaeB`\x82");
    bytes
}

/// The minimal fixture whose playbook shows a 3000×1500 PNG beside it.
fn wide_site() -> TestSite {
    let site = site();
    site.write("content/playbooks/ops/flow.png", real_png(3000, 1500));
    site
}

/// The (URL, width) pairs of a `srcset`.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|entry| {
            let (url, w) = entry.rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// Checks that every file a `srcset` names is published and decodes to
/// the width it is listed with; returns them.
fn assert_published(site: &TestSite, set: &str, format: image::ImageFormat) -> Vec<(String, u32)> {
    let entries = srcset(set);
    for (url, width) in &entries {
        let bytes = std::fs::read(site.path(&format!("public{url}")))
            .unwrap_or_else(|e| panic!("{url} is not published: {e}"));
        let decoded = image::load_from_memory_with_format(&bytes, format)
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(decoded.width(), *width, "{url}");
        assert_eq!(decoded.height(), width / 2, "{url} keeps the aspect ratio");
    }
    entries
}

/// Asserts that `public/` holds exactly `expected`, naming the files that
/// differ rather than printing their bytes.
#[track_caller]
fn assert_output(site: &TestSite, expected: &std::collections::BTreeMap<String, Vec<u8>>) {
    let now = util::snapshot(&site.public());
    let differ: Vec<&String> = (now.keys().chain(expected.keys()))
        .filter(|path| now.get(*path) != expected.get(*path))
        .collect();
    assert!(differ.is_empty(), "these files differ: {differ:?}");
}

/// `--timings`' count of images encoded and taken from the cache.
fn image_counts(run: &util::Run) -> (usize, usize) {
    let count = |name: &str| {
        let line = run
            .stderr
            .lines()
            .find(|l| l.trim_start().starts_with(name));
        let line = line.unwrap_or_else(|| panic!("no {name:?} in\n{}", run.stderr));
        line.split_whitespace().last().unwrap().parse().unwrap()
    };
    (count("images encoded"), count("images from the cache"))
}

#[test]
fn a_wide_png_gets_resized_copies_and_webp_ones_in_a_picture() {
    let site = wide_site();
    site.write(
        "guidegen.toml",
        site.read("guidegen.toml") + "[languages.zh]\n[languages.ar]\n",
    );
    // A static image shown by a page gets its copies beside it.
    site.write("static/images/wide.png", real_png(3000, 1500));
    site.edit(
        "content/pages/about.md",
        "## Who we are",
        "![How data flows](/images/wide.png)\n\n## Who we are",
    );
    site.build().success();
    for (page, folder) in [
        ("playbooks/residency/index.html", "/playbooks/residency/"),
        (
            "zh/playbooks/residency/index.html",
            "/zh/playbooks/residency/",
        ),
        (
            "ar/playbooks/residency/index.html",
            "/ar/playbooks/residency/",
        ),
        ("regions/ksa/print/index.html", "/playbooks/residency/"),
        ("about/index.html", "/images/"),
    ] {
        let html = site.page(page);
        let sources = util::select(&html, "picture > source[type=\"image/webp\"]");
        assert_eq!(sources.len(), 1, "{page}");
        let img = util::select(&html, "picture > img")[0].value();
        let webp = sources[0].value().attr("srcset").unwrap();
        let webp = assert_published(&site, webp, image::ImageFormat::WebP);
        let fallback = img.attr("srcset").unwrap();
        let fallback = assert_published(&site, fallback, image::ImageFormat::Png);
        let widths: Vec<u32> = fallback.iter().map(|(_, w)| *w).collect();
        assert_eq!(widths, [720, 1440], "{page}");
        assert_eq!(webp.iter().map(|(_, w)| *w).collect::<Vec<_>>(), widths);
        for (url, _) in fallback.iter().chain(&webp) {
            assert!(url.starts_with(folder), "{url}: published beside its image");
        }
        assert_eq!(img.attr("src"), Some(fallback[0].0.as_str()));
        let sizes = "(max-width: 720px) 100vw, 720px";
        assert_eq!(img.attr("sizes"), Some(sizes));
        assert_eq!(sources[0].value().attr("sizes"), Some(sizes));
        for (name, value) in [
            ("alt", "How data flows"),
            ("width", "3000"),
            ("height", "1500"),
            ("loading", "lazy"),
            ("decoding", "async"),
        ] {
            assert_eq!(img.attr(name), Some(value), "{page}: {name}");
        }
        if page.contains("about") {
            continue;
        }
        // The SVG is left as it is: no copies, never inlined.
        let svg = util::select(&html, "img[src$=\"pillars.svg\"]");
        assert_eq!(svg.len(), 1, "{page}");
        assert_eq!(svg[0].value().attr("srcset"), None);
        assert!(util::select(&html, "svg[viewBox=\"0 0 640 500\"]").is_empty());
    }
    // Names carry a hash of the content: a changed image gets new names.
    let src = |site: &TestSite| {
        let html = site.page("playbooks/residency/index.html");
        let img = util::select(&html, "picture > img")[0].value();
        img.attr("src").unwrap().to_string()
    };
    let before = src(&site);
    site.write("content/playbooks/ops/flow.png", other_png());
    site.build().success();
    assert_ne!(before, src(&site));
}

#[test]
fn images_without_copies_stay_plain_imgs() {
    // (the image, what guidegen.toml adds, whether it gets a srcset)
    let cases = [
        // As wide as the column: nothing to gain.
        (real_png(720, 360), "", false),
        // `widths = []` turns copies off, `webp = false` only WebP ones.
        (real_png(3000, 1500), "[images]\nwidths = []\n", false),
        (real_png(3000, 1500), "[images]\nwebp = false\n", true),
    ];
    for (png, config, srcset) in cases {
        let site = site();
        site.write("content/playbooks/ops/flow.png", png);
        site.write("guidegen.toml", site.read("guidegen.toml") + config);
        site.build().success();
        let page = site.read("public/playbooks/residency/index.html");
        assert!(!page.contains("<picture"), "{config}: {page}");
        assert_eq!(page.contains("srcset"), srcset, "{config}: {page}");
    }
}

#[test]
fn a_second_build_encodes_nothing_and_a_damaged_cache_entry_is_made_again() {
    let site = wide_site();
    let cold = site.run(&["build", "--timings"]);
    cold.success();
    assert_eq!(image_counts(&cold), (1, 0));
    let first = util::snapshot(&site.public());
    let warm = site.run(&["build", "--timings"]);
    warm.success();
    assert_eq!(image_counts(&warm), (0, 1));
    assert_output(&site, &first);
    // A damaged entry (one byte changed, then cut short) is made again,
    // never served.
    let cache = site.path(".guidegen-cache/images");
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let damages: [fn(&mut Vec<u8>); 2] = [
        |bytes| *bytes.last_mut().unwrap() ^= 0x55,
        |bytes| bytes.truncate(bytes.len() - 10),
    ];
    for damage in damages {
        let mut bytes = std::fs::read(&entries[0]).unwrap();
        damage(&mut bytes);
        std::fs::write(&entries[0], bytes).unwrap();
        let repaired = site.run(&["build", "--timings"]);
        repaired.success();
        assert_eq!(image_counts(&repaired), (1, 0));
        assert_output(&site, &first);
    }
    assert_eq!(image_counts(&site.run(&["build", "--timings"])), (0, 1));
    // A build keeps only the entries of the images the site shows.
    site.write("content/playbooks/ops/flow.png", other_png());
    site.build().success();
    let now: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(now.len(), 1, "{now:?}");
    assert_ne!(now, entries);
    // `check` takes the cache but writes nothing into it.
    std::fs::remove_dir_all(&cache).unwrap();
    site.run(&["check"]).success();
    assert!(!cache.exists());
}

#[test]
fn two_cold_builds_are_byte_identical() {
    let site = wide_site();
    site.build().success();
    let first = util::snapshot(&site.public());
    std::fs::remove_dir_all(site.path(".guidegen-cache")).unwrap();
    std::fs::remove_dir_all(site.public()).unwrap();
    site.build().success();
    assert_output(&site, &first);
}

#[test]
fn an_image_that_does_not_decode_is_an_error_at_its_place() {
    let site = wide_site();
    site.build().success();
    let before = util::snapshot(&site.public());
    // A sound header (3000×1500) over a body cut short.
    let mut cut = real_png(3000, 1500);
    cut.truncate(cut.len() / 2);
    site.write("content/playbooks/ops/flow.png", cut);
    let run = site.build();
    run.failure();
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("error: content/playbooks/ops/residency.md:14:1: content/playbooks/ops/flow.png cannot be decoded: "),
        "{}",
        errors[0]
    );
    assert_output(&site, &before);
}

#[test]
fn an_image_width_out_of_range_is_an_error_in_the_config() {
    let site = site();
    site.write(
        "guidegen.toml",
        site.read("guidegen.toml") + "[images]\nwidths = [720, 0]\n",
    );
    let run = site.build();
    run.failure();
    let line = site.read("guidegen.toml").lines().count();
    assert_eq!(
        run.errors(),
        [format!("error: guidegen.toml:{line}:16: an image width must be a number of pixels from 16 to 8192, found 0")]
    );
}
