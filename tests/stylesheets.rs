//! The stylesheets a build writes: minified (comments and needless
//! whitespace gone, nothing else changed), and the highlighting styles
//! linked only from pages that show code.

mod util;

use util::{select, TestSite};

/// `css` with its comments and every whitespace character removed: what
/// minifying must leave unchanged.
fn bare(css: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    // The last declaration of a block needs no `;`.
    out.split_whitespace()
        .collect::<String>()
        .replace(";}", "}")
}

/// Where `a` and `b` first differ, with a little context (a whole
/// stylesheet is too long to print).
fn first_difference(a: &str, b: &str) -> Option<(String, String)> {
    let at = a.chars().zip(b.chars()).position(|(x, y)| x != y)?;
    let around = |s: &str| s.chars().skip(at.saturating_sub(40)).take(80).collect();
    Some((around(a), around(b)))
}

#[test]
fn stylesheets_are_minified_and_say_the_same() {
    let site = TestSite::new("minimal");
    site.build().success();
    let theme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .unwrap();
    let written = site.read("public/style.css");
    assert!(!written.contains("/*"), "a comment is left");
    assert!(!written.contains('\n'), "line breaks are left");
    assert!(
        written.len() * 100 < theme.len() * 85,
        "{} of {} bytes",
        written.len(),
        theme.len()
    );
    let (written, theme) = (bare(&written), bare(&theme));
    assert_eq!(first_difference(&written, &theme), None);
    assert_eq!(written.len(), theme.len());
    let highlight = site.read("public/highlight.css");
    assert!(!highlight.contains('\n') && !highlight.contains("/*"));
    assert!(
        highlight.contains("@media (prefers-color-scheme:dark){"),
        "{highlight}"
    );
}

#[test]
fn a_site_stylesheet_is_minified_too_and_a_non_utf8_one_is_copied() {
    let site = TestSite::new("minimal");
    site.write("static/extra.css", "/* mine */\np  {\n  color : red ;\n}\n");
    site.write("static/odd.css", b"p{}\xff\n".as_slice());
    site.build().success();
    assert_eq!(site.read("public/extra.css"), "p{color :red}");
    assert_eq!(
        std::fs::read(site.path("public/odd.css")).unwrap(),
        b"p{}\xff\n"
    );
}

#[test]
fn highlighting_styles_are_linked_only_from_pages_with_code() {
    let site = TestSite::new("minimal");
    site.build().success();
    let links = |page: &str| {
        select(&site.page(page), "link[rel=stylesheet]")
            .iter()
            .filter_map(|l| l.value().attr("href").map(str::to_string))
            .collect::<Vec<_>>()
    };
    // The autoscaling playbook has a code block; the about page has none.
    assert_eq!(
        links("playbooks/autoscaling/index.html"),
        ["/style.css", "/highlight.css"]
    );
    assert_eq!(links("about/index.html"), ["/style.css"]);
    assert_eq!(links("index.html"), ["/style.css"]);
    // A region's print page holds its playbooks, code and all.
    let print = site.read("public/regions/ksa/print/index.html");
    assert!(print.contains("hl-code"));
    assert_eq!(
        links("regions/ksa/print/index.html"),
        ["/style.css", "/highlight.css"]
    );
    // Every page links the styles exactly when it shows highlighted code.
    for entry in walkdir(&site.public()) {
        let html = std::fs::read_to_string(&entry).unwrap();
        assert_eq!(
            html.contains("hl-code"),
            html.contains("/highlight.css\""),
            "{}",
            entry.display()
        );
    }
}

/// Every `index.html` under `dir`.
fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else if path.file_name().is_some_and(|n| n == "index.html") {
            out.push(path);
        }
    }
    out
}
