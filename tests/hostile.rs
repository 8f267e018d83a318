//! The hostile-input suite (issue 7): one test per input a user may point
//! guidegen at, each asserting what the user sees — the exit code, an error or
//! warning naming the file (with `PATH:LINE:COL` where a line applies), the
//! previous output left as it was, and never a panic, a hang or an abort.
//!
//! Every run goes through `run_bounded`: a child killed after a generous
//! limit, so a hang fails the test instead of the CI job. The limits detect
//! hangs; no test asserts how long anything took.
//!
//! Inputs already covered by `tests/bad_input.rs` are not repeated here:
//! an empty Markdown file and one without front matter
//! (`empty_file_and_missing_front_matter`), CRLF plus a byte-order mark in
//! front matter (`crlf_and_byte_order_mark_are_normal_input`), a missing
//! `content/` (`a_missing_content_directory_is_an_error`) and bytes that are
//! not UTF-8 in a Markdown file (`invalid_utf8_names_the_file_and_line`).

mod util;
use std::time::Duration;
use util::{select, snapshot, Run, TestSite};

/// Long enough for a debug build on a loaded 2-core machine.
const LIMIT: Duration = Duration::from_secs(300);
/// For the 50 MB file (about a minute in a debug build).
const BIG_LIMIT: Duration = Duration::from_secs(900);

fn build(site: &TestSite) -> Run {
    site.run_bounded(&["build"], LIMIT, &[])
}

/// A fixture site that built once, and its output.
fn built_site() -> (TestSite, std::collections::BTreeMap<String, Vec<u8>>) {
    let site = TestSite::new("minimal");
    build(&site).success();
    let before = snapshot(&site.public());
    (site, before)
}

/// The build failed, said so with an error line containing each of
/// `expected`, and left the previous output byte for byte.
#[track_caller]
fn assert_refused(
    site: &TestSite,
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    run: &Run,
    expected: &[&str],
) {
    run.failure();
    for needle in expected {
        assert!(
            run.errors().iter().any(|l| l.contains(needle)),
            "no error line containing {needle:?} in:\n{}",
            run.stderr
        );
    }
    assert!(
        *before == snapshot(&site.public()),
        "the previous output changed"
    );
    // Pages written before the error went to a staging directory: gone.
    let left: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.contains(".guidegen-new-"))
        .collect();
    assert!(left.is_empty(), "staging left behind: {left:?}");
}

#[track_caller]
fn assert_warned(run: &Run, expected: &str) {
    assert!(
        run.warnings().iter().any(|l| l.contains(expected)),
        "no warning containing {expected:?} in:\n{}",
        run.stderr
    );
}

const PAGE_FRONT: &str = "+++\ntitle = \"Hostile\"\n+++\n";

#[test]
fn an_empty_or_blank_toml_file_is_an_error_naming_it() {
    let (site, before) = built_site();
    site.write("content/regions/blank.toml", "");
    site.write("content/case-studies/spaces.toml", " \n\t\n");
    let run = build(&site);
    assert_refused(
        &site,
        &before,
        &run,
        &[
            "content/regions/blank.toml:1:1: empty file",
            "content/case-studies/spaces.toml:1:1: empty file",
        ],
    );
}

#[test]
fn a_fifty_megabyte_markdown_file_builds_with_a_warning_about_search() {
    let site = TestSite::new("minimal");
    let mut text = String::from(PAGE_FRONT);
    let mut n = 0;
    while text.len() < 50 << 20 {
        text.push_str(&format!(
            "## Section {n}\n\nSome *text* with a [link](https://example.com/), `code` and more words.\n\n"
        ));
        n += 1;
    }
    site.write("content/pages/big.md", &text);
    drop(text);
    let run = site.run_bounded(&["build"], BIG_LIMIT, &[]);
    run.success();
    assert_warned(
        &run,
        "content/pages/big.md: large file (50.0 MB): the search index covers only the first 1 MB of its page",
    );
    let page = std::fs::read_to_string(site.path("public/big/index.html")).unwrap();
    assert!(
        page.contains(&format!("id=\"section-{}\"", n - 1)),
        "the whole page is rendered"
    );
}

fn nested_site(name: &str, body: String) -> Run {
    let site = TestSite::new("minimal");
    site.write(
        &format!("content/pages/{name}.md"),
        format!("{PAGE_FRONT}{body}\n"),
    );
    let run = build(&site);
    run.success();
    assert!(site.path(&format!("public/{name}/index.html")).is_file());
    run
}

#[test]
fn ten_thousand_nested_lists_build() {
    nested_site("lists", format!("{}deep", "- ".repeat(10_000)));
}

#[test]
fn ten_thousand_nested_ordered_lists_indented_build() {
    // Each level indented under the previous one, as an editor would.
    let mut body = String::new();
    for depth in 0..10_000 {
        body.push_str(&" ".repeat(depth * 3));
        body.push_str("1. x\n");
    }
    nested_site("ordered", body);
}

#[test]
fn ten_thousand_nested_blockquotes_build() {
    nested_site("quotes", format!("{} deep", ">".repeat(10_000)));
}

#[test]
fn ten_thousand_nested_quotes_and_lists_build() {
    nested_site("mixed", format!("{}deep", "> - ".repeat(10_000)));
}

#[test]
fn a_binary_markdown_file_is_an_error_naming_it() {
    let (site, before) = built_site();
    let mut bytes = b"+++\ntitle = \"x\"\n+++\nok\n".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    site.write("content/pages/blob.md", &bytes);
    // Valid UTF-8 but not text: NUL bytes and control characters.
    site.write("content/regions/nul.toml", b"\0\0\0\x01\x02".as_slice());
    let run = build(&site);
    assert_refused(
        &site,
        &before,
        &run,
        &[
            "content/pages/blob.md:5:2: not UTF-8 text",
            "content/regions/nul.toml:1:6: invalid TOML",
        ],
    );
    // The NULs and control bytes are not echoed to the terminal.
    assert!(
        !run.stderr.contains(|c: char| c.is_control() && c != '\n'),
        "{:?}",
        run.stderr
    );
}

#[test]
fn a_binary_file_where_no_content_belongs_is_a_warning() {
    let site = TestSite::new("minimal");
    site.write(
        "content/pages/photo.png",
        [0x89u8, b'P', b'N', b'G', 0, 0, 0xff],
    );
    site.write("content/pages/data.bin", [0u8, 0xff, 0xfe]);
    let run = build(&site);
    run.success();
    assert_warned(&run, "content/pages/data.bin: not content guidegen knows");
    // An image is content a page may show; one no page shows is named.
    assert_warned(
        &run,
        "content/pages/photo.png: an image no page shows, so it is not published",
    );
    assert!(!site.path("public/pages/photo.png").exists());
}

#[test]
fn a_byte_order_mark_in_a_toml_file_keeps_positions() {
    let (site, before) = built_site();
    let text = site.read("content/regions/uae.toml");
    site.write(
        "content/regions/uae.toml",
        format!("\u{feff}{}", text.replace("weight = 20", "wait = 20")),
    );
    let run = build(&site);
    assert_refused(
        &site,
        &before,
        &run,
        &["content/regions/uae.toml:6:1: unknown key `wait`"],
    );
    // The caret line shows the key, not the mark.
    assert!(run.stderr.contains("6 | wait = 20"), "{}", run.stderr);
}

#[test]
fn crlf_line_endings_keep_line_numbers_in_bodies_and_toml_strings() {
    let (site, before) = built_site();
    for rel in ["content/pages/about.md", "content/regions/ksa.toml"] {
        let text = site.read(rel).replace('\n', "\r\n");
        site.write(rel, text);
    }
    // A CRLF site builds as it did.
    build(&site).success();
    let before_crlf = snapshot(&site.public());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        before_crlf.keys().collect::<Vec<_>>()
    );
    site.edit(
        "content/pages/about.md",
        "@/regions/ksa.toml",
        "@/regions/kas.toml",
    );
    site.edit("content/regions/ksa.toml", "#residency-options", "#nope");
    let run = build(&site);
    assert_refused(
        &site,
        &before_crlf,
        &run,
        &[
            "content/pages/about.md:9:10: broken link: no content file @/regions/kas.toml",
            "content/regions/ksa.toml:9:32: broken anchor",
        ],
    );
    assert!(!run.stderr.contains('\r'), "no carriage return is echoed");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_an_error_naming_the_link() {
    use std::os::unix::fs::symlink;
    let (site, before) = built_site();
    symlink("..", site.path("content/pages/up")).unwrap();
    symlink("self", site.path("content/pages/self")).unwrap();
    let run = build(&site);
    assert_refused(
        &site,
        &before,
        &run,
        &[
            "content/pages/up: symbolic link loop",
            "content/pages/self: cannot read",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_in_content_is_an_error_and_is_never_opened() {
    let (site, before) = built_site();
    let fifo = site.path("content/pages/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Opening a FIFO for reading would block forever: the limit catches that.
    let run = build(&site);
    assert_refused(
        &site,
        &before,
        &run,
        &["content/pages/pipe.md: not a regular file"],
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let (site, before) = built_site();
    let wrap = site.unprivileged();
    let secret = site.path("content/pages/secret.md");
    std::fs::write(&secret, "+++\ntitle = \"s\"\n+++\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let run = site.run_bounded(&["build"], LIMIT, &wrap);
    assert_refused(
        &site,
        &before,
        &run,
        &["content/pages/secret.md: cannot read: Permission denied"],
    );
}

#[test]
fn foo_md_beside_foo_md_is_an_error_that_does_not_suggest_a_clash() {
    let (site, before) = built_site();
    let about = site.read("content/pages/about.md");
    site.write("content/pages/About.md", about);
    let run = build(&site);
    assert_refused(
        &site,
        &before,
        &run,
        &["content/pages/About.md:1:1: invalid slug \"About\""],
    );
    assert!(
        run.stderr.contains(
            "\"about.md\" already exists beside it: merge the two files or choose another name"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn unicode_file_names_get_an_ascii_slug_suggestion() {
    let (site, before) = built_site();
    let page = format!("{PAGE_FRONT}x\n");
    site.write("content/pages/über-café.md", &page);
    site.write("content/pages/合规.md", &page);
    let run = build(&site);
    assert_refused(
        &site,
        &before,
        &run,
        &[
            "content/pages/über-café.md:1:1: invalid slug \"über-café\"",
            "content/pages/合规.md:1:1: invalid slug \"合规\"",
        ],
    );
    assert!(
        run.stderr.contains("rename the file to \"uber-cafe\""),
        "{}",
        run.stderr
    );
}

#[test]
fn unicode_folder_names_under_playbooks_are_fine() {
    let site = TestSite::new("minimal");
    site.write(
        "content/playbooks/合规 ü/local-law.md",
        "+++\ntitle = \"Local law\"\npillar = \"compliance\"\nregions = [\"ksa\"]\n+++\nText.\n",
    );
    build(&site).success();
    assert!(site.path("public/playbooks/local-law/index.html").is_file());
}

const DANGEROUS: &str = "[a](javascript:alert(1)) [b]( JaVaScRiPt:alert(2)) [c](java\tscript:alert(3)) \
[d](vbscript:x) [e](data:text/html,<script>alert(4)</script>) ![f](data:text/html;base64,PHNjcmlwdD4=) \
[g](<javascript:alert(5)>) [h][ref] ![ok](data:image/png;base64,iVBORw0KGgo=)\n\n[ref]: javascript:alert(6)\n\n\
## Heading {#h .c onclick=alert(7) style=x}\n";

#[test]
fn javascript_and_data_link_targets_and_heading_handlers_are_neutralised_with_a_warning() {
    let site = TestSite::new("minimal");
    site.write("content/pages/links.md", format!("{PAGE_FRONT}{DANGEROUS}"));
    let run = build(&site);
    run.success();
    assert_warned(&run, "content/pages/links.md:4:");
    assert!(run
        .warnings()
        .iter()
        .any(|l| l.contains("could run code in a browser")));
    let page = site.page("links/index.html");
    for el in select(&page, "main a[href], main img[src]") {
        let target = el.value().attr("href").or(el.value().attr("src")).unwrap();
        let squashed: String = target
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        assert!(
            !squashed.starts_with("javascript:")
                && !squashed.starts_with("vbscript:")
                && !squashed.starts_with("data:text"),
            "dangerous target kept: {target}"
        );
    }
    let images: Vec<_> = select(&page, "main img[src^='data:image/png']");
    assert_eq!(images.len(), 1, "a PNG data image is kept");
    // `{onclick=…}` on a heading is a raw HTML attribute: dropped, with a warning.
    for el in select(&page, "*") {
        for (name, _) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name} kept");
        }
    }
    assert!(!select(&page, "h2#h.c").is_empty());
    assert_warned(&run, "heading attributes `onclick`, `style` removed");
}

#[test]
fn javascript_link_targets_are_kept_with_unsafe_html() {
    let site = TestSite::new("minimal");
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("{config}\n[markdown]\nunsafe_html = true\n"),
    );
    site.write("content/pages/links.md", format!("{PAGE_FRONT}{DANGEROUS}"));
    let run = build(&site);
    run.success();
    assert!(!run.stderr.contains("could run code"), "{}", run.stderr);
    let page = site.page("links/index.html");
    assert!(!select(&page, "main a[href^='javascript:']").is_empty());
    assert!(!select(&page, "h2[onclick]").is_empty());
}

/// Breaks out of text, of a double- and a single-quoted attribute, and of a
/// `<script>` or `<style>` element, and opens an element `x-inj`.
const INJECT: &str = "\"'></script></style></title><x-inj>&amp;";

#[test]
fn html_in_every_toml_string_field_is_escaped_in_every_template() {
    let site = TestSite::new("minimal");
    let x = INJECT.replace('\\', "\\\\").replace('"', "\\\"");
    site.write(
        "guidegen.toml",
        format!("title = \"Site {x}\"\nbase_url = \"https://fixture.example.com/\"\ndescription = \"D {x}\"\n"),
    );
    site.write(
        "content/regions/ksa.toml",
        format!(
            "name = \"Name {x}\"\nshort_name = \"S {x}\"\nsummary = \"Sum {x}\"\nlanguages = [\"ar {x}\"]\n\
             aws_regions = [\"me {x}\"]\nweight = 10\noverview = \"## Market\"\n\
             [[frameworks]]\nname = \"F {x}\"\nauthority = \"A {x}\"\n"
        ),
    );
    site.write(
        "content/case-studies/acme.toml",
        format!(
            "company = \"C {x}\"\ntitle = \"T {x}\"\nsummary = \"S {x}\"\nregions = [\"ksa\", \"uae\"]\n\
             pillars = [\"technical-readiness\"]\nindustry = \"I {x}\"\n\
             [[metrics]]\nlabel = \"L {x}\"\nvalue = 1\nunit = \"U {x}\"\n\
             [[quotes]]\ntext = \"Q {x}\"\nwho = \"W {x}\"\nrole = \"R {x}\"\n"
        ),
    );
    for rel in [
        "content/pillars/compliance.md",
        "content/pages/about.md",
        "content/playbooks/autoscaling.md",
    ] {
        let text = site.read(rel);
        let text = text.replacen("title = \"", &format!("title = \"{x} "), 1);
        let text = text.replacen("summary = \"", &format!("summary = \"{x} "), 1);
        site.write(rel, text);
    }
    site.edit(
        "content/playbooks/autoscaling.md",
        "+++\n\n",
        &format!("tags = [\"t {x}\"]\n+++\n\n"),
    );
    // The fixture's Markdown links point at anchors this test removed.
    site.edit("content/pages/about.md", "#aims", "");
    let run = build(&site);
    run.success();
    let files = snapshot(&site.public());
    let mut checked = 0;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".json")) {
            continue;
        }
        checked += 1;
        assert!(!text.contains("<x-inj"), "{path}: unescaped HTML from TOML");
        assert!(
            !text.contains("</script></style>"),
            "{path}: unescaped HTML from TOML"
        );
        if path.ends_with(".html") {
            let html = scraper::Html::parse_document(&text);
            assert!(
                select(&html, "x-inj").is_empty(),
                "{path}: injected element"
            );
        }
    }
    assert!(checked > 15, "only {checked} files checked");
    // And the text is still there, escaped.
    let region = site.read("public/regions/ksa/index.html");
    assert!(region.contains("&lt;x-inj&gt;"), "escaped, not dropped");
}

#[test]
fn a_template_macro_that_recurses_forever_is_a_clear_error() {
    let (site, before) = built_site();
    site.write(
        "templates/forever.html",
        "{% macro forever(n) %}{{ self::forever(n=n+1) }}{% endmacro forever %}\n",
    );
    site.write(
        "templates/page.html",
        "{% import \"forever.html\" as m %}\n{% extends \"base.html\" %}\n{% block main %}{{ m::forever(n=0) }}{% endblock main %}\n",
    );
    let run = build(&site);
    assert_refused(
        &site,
        &before,
        &run,
        &[
            "templates/page.html: template error: error while rendering macro `self::forever`",
            "templates nest too deeply",
        ],
    );
    // One error for the two pages that use the template, naming the first.
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("= hint: in 2 pages, first /about/"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_that_includes_itself_is_a_clear_error() {
    let (site, before) = built_site();
    site.write("templates/again.html", "x{% include \"again.html\" %}\n");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{% include \"again.html\" %}{% endblock main %}\n",
    );
    let run = build(&site);
    assert_refused(&site, &before, &run, &["templates nest too deeply"]);
}

#[test]
fn templates_that_extend_each_other_in_a_circle_are_a_clear_error() {
    let (site, before) = built_site();
    site.write("templates/a.html", "{% extends \"b.html\" %}\n");
    site.write("templates/b.html", "{% extends \"a.html\" %}\n");
    let run = build(&site);
    assert_refused(&site, &before, &run, &["templates"]);
    assert!(
        run.stderr.to_lowercase().contains("circular"),
        "{}",
        run.stderr
    );
}

#[test]
fn template_errors_on_pages_rendered_straight_into_their_files_are_reported_at_their_line() {
    // A build renders a page no search reads (a region's print version,
    // the 404 page) straight into its file: an error there still names
    // its template, line and pages, and does not hide the next page's error.
    let (site, before) = built_site();
    site.write(
        "templates/region_print.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1>{{ page_url }}</h1>{{ no_such_value }}{% endblock main %}\n",
    );
    site.write("templates/404.html", "<p>{{ nor_this }}</p>\n");
    let run = build(&site);
    assert_refused(
        &site,
        &before,
        &run,
        &[
            "templates/region_print.html:2:43: template error: Variable `no_such_value` not found in context",
            "templates/404.html:1:7: template error: Variable `nor_this` not found in context",
        ],
    );
    assert_eq!(run.errors().len(), 2, "{}", run.stderr);
    for hint in [
        "= hint: in 2 pages, first /regions/ksa/print/",
        "= hint: while rendering /404.html",
    ] {
        assert!(run.stderr.contains(hint), "{hint}: {}", run.stderr);
    }
}

#[test]
fn a_misspelt_variable_in_an_overriding_template_is_one_error_at_its_line() {
    let (site, before) = built_site();
    let theme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/playbook.html"),
    )
    .unwrap();
    assert!(theme.contains("{{ playbook.title }}</h1>"));
    site.write(
        "templates/playbook.html",
        theme.replace("{{ playbook.title }}</h1>", "{{ playbook.titel }}</h1>"),
    );
    let run = build(&site);
    let line = theme
        .lines()
        .position(|l| l.contains("{{ playbook.title }}</h1>"))
        .unwrap()
        + 1;
    let column = theme
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("playbook.title")
        .unwrap()
        + 1;
    assert_refused(
        &site,
        &before,
        &run,
        &[&format!(
            "templates/playbook.html:{line}:{column}: template error: Variable `playbook.titel` not found in context"
        )],
    );
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("= hint: in 2 pages, first /playbooks/autoscaling/"),
        "{}",
        run.stderr
    );
}
