//! One test per class of bad input: each must fail with exit code 1, name the
//! file and line (`PATH:LINE:COL`), never panic, and leave the previous
//! output byte for byte as it was.

mod util;
use util::{snapshot, TestSite};

/// Builds the fixture, breaks it with `breakage`, builds again, and checks
/// the failure. Returns the stderr of the failed build.
fn assert_rejected(breakage: impl FnOnce(&TestSite), expected: &[&str]) -> String {
    let site = TestSite::new("minimal");
    site.build().success();
    let before = snapshot(&site.public());
    breakage(&site);
    let run = site.build();
    run.failure();
    for needle in expected {
        assert!(
            run.errors().iter().any(|l| l.contains(needle)),
            "no error line containing {needle:?} in:\n{}",
            run.stderr
        );
    }
    assert_eq!(
        before,
        snapshot(&site.public()),
        "the previous output changed"
    );
    assert!(run.stderr.contains("was left as it was"), "{}", run.stderr);
    run.stderr
}

#[test]
fn unknown_key_names_the_line_and_the_allowed_keys() {
    let err = assert_rejected(
        |s| s.edit("content/playbooks/autoscaling.md", "weight = 10", "wieght = 10"),
        &["content/playbooks/autoscaling.md:6:1: unknown key `wieght`; allowed keys: title, pillar, regions"],
    );
    assert!(err.contains("6 | wieght = 10"), "{err}");
    assert!(err.contains("did you mean \"weight\"?"), "{err}");
}

#[test]
fn missing_required_key_points_at_the_front_matter() {
    assert_rejected(
        |s| {
            s.edit(
                "content/playbooks/autoscaling.md",
                "pillar = \"technical-readiness\"\n",
                "",
            )
        },
        &["content/playbooks/autoscaling.md:1:1: missing required key `pillar`"],
    );
}

#[test]
fn missing_required_key_in_a_toml_file() {
    assert_rejected(
        |s| s.edit("content/case-studies/acme.toml", "company = \"Acme\"\n", ""),
        &["content/case-studies/acme.toml:1:1: missing required key `company`"],
    );
}

#[test]
fn unknown_region_reference_suggests_the_closest_slug() {
    let err = assert_rejected(
        |s| {
            s.edit(
                "content/playbooks/ops/residency.md",
                "regions = [\"ksa\"]",
                "regions = [\"kas\"]",
            )
        },
        &["content/playbooks/ops/residency.md:4:12: unknown region \"kas\""],
    );
    assert!(err.contains("did you mean \"ksa\"?"), "{err}");
}

#[test]
fn unknown_pillar_reference() {
    assert_rejected(
        |s| {
            s.edit(
                "content/case-studies/acme.toml",
                "pillars = [\"technical-readiness\"]",
                "pillars = [\"tech\"]",
            )
        },
        &["content/case-studies/acme.toml:5:12: unknown pillar \"tech\""],
    );
}

#[test]
fn unknown_case_study_reference() {
    assert_rejected(
        |s| {
            s.edit(
                "content/playbooks/ops/residency.md",
                "case_studies = [\"acme\"]",
                "case_studies = [\"acne\"]",
            )
        },
        &["content/playbooks/ops/residency.md:8:17: unknown case study \"acne\""],
    );
}

#[test]
fn broken_at_link_is_an_error_at_its_line() {
    let err = assert_rejected(
        |s| {
            s.edit(
                "content/pages/about.md",
                "@/regions/ksa.toml",
                "@/regions/kas.toml",
            )
        },
        &["content/pages/about.md:9:10: broken link: no content file @/regions/kas.toml"],
    );
    assert!(err.contains("did you mean \"regions/ksa.toml\"?"), "{err}");
}

#[test]
fn broken_anchor_is_an_error_at_its_line() {
    assert_rejected(
        |s| {
            s.edit(
                "content/pages/about.md",
                "compliance.md#aims",
                "compliance.md#goals",
            )
        },
        &[
            "content/pages/about.md:9:",
            "has no heading with id \"goals\"",
        ],
    );
}

#[test]
fn broken_link_inside_a_toml_string_points_at_the_toml_file_line() {
    assert_rejected(
        |s| {
            s.edit(
                "content/regions/ksa.toml",
                "residency.md#residency-options",
                "residency.md#nope",
            )
        },
        &[
            "content/regions/ksa.toml:9:",
            "has no heading with id \"nope\"",
        ],
    );
}

#[test]
fn invalid_toml_names_its_line() {
    assert_rejected(
        |s| s.edit("content/regions/uae.toml", "weight = 20", "weight = = 20"),
        &["content/regions/uae.toml:6:", "invalid TOML"],
    );
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    assert_rejected(
        |s| {
            s.write(
                "content/pages/broken.md",
                b"+++\ntitle = \"x\"\n+++\nok\n\xff\xfe bad\n".as_slice(),
            )
        },
        &["content/pages/broken.md:5:1: not UTF-8 text"],
    );
}

#[test]
fn bad_slug_suggests_a_valid_one() {
    let err = assert_rejected(
        |s| {
            s.write(
                "content/pages/About_Us.md",
                "+++\ntitle = \"About us\"\n+++\nHi\n",
            )
        },
        &["content/pages/About_Us.md:1:1: invalid slug \"About_Us\""],
    );
    assert!(err.contains("rename the file to \"about-us\""), "{err}");
}

#[test]
fn duplicate_url_names_both_files() {
    let err = assert_rejected(
        |s| s.write("content/playbooks/other/autoscaling.md", "+++\ntitle = \"Dup\"\npillar = \"strategy\"\nregions = [\"all\"]\n+++\nx\n"),
        &["content/playbooks/autoscaling.md:1:1: duplicate URL /playbooks/autoscaling/: also written by content/playbooks/other/autoscaling.md"],
    );
    assert!(
        err.contains("content/playbooks/other/autoscaling.md:1:1: duplicate URL"),
        "{err}"
    );
}

#[test]
fn tera_syntax_error_in_an_override_names_template_and_line() {
    assert_rejected(
        |s| {
            s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title }\n{% endblock main %}\n")
        },
        &["templates/page.html:3:", "template syntax error"],
    );
}

#[test]
fn empty_file_and_missing_front_matter() {
    assert_rejected(
        |s| {
            s.write("content/pages/empty.md", "");
            s.write("content/pages/nofm.md", "# Just a heading\n");
        },
        &[
            "content/pages/empty.md:1:1: empty file",
            "content/pages/nofm.md:1:1: missing front matter",
        ],
    );
}

#[test]
fn every_error_of_a_run_is_reported_sorted() {
    let err = assert_rejected(
        |s| {
            s.edit("content/regions/uae.toml", "weight = 20", "wait = 20");
            s.edit(
                "content/playbooks/autoscaling.md",
                "weight = 10",
                "wieght = 10",
            );
            s.edit(
                "content/pages/about.md",
                "@/regions/ksa.toml",
                "@/regions/nope.toml",
            );
        },
        &[
            "content/pages/about.md:9:",
            "content/playbooks/autoscaling.md:6:1",
            "content/regions/uae.toml:6:1",
        ],
    );
    let paths: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "errors are sorted by path");
}

#[test]
fn crlf_and_byte_order_mark_are_normal_input() {
    let site = TestSite::new("minimal");
    let text = site
        .read("content/playbooks/autoscaling.md")
        .replace('\n', "\r\n");
    site.write(
        "content/playbooks/autoscaling.md",
        format!("\u{feff}{text}"),
    );
    site.build().success();
    // And positions stay right: line 6 is still line 6.
    site.edit(
        "content/playbooks/autoscaling.md",
        "weight = 10",
        "wieght = 10",
    );
    let run = site.build();
    run.failure();
    assert!(
        run.errors()
            .iter()
            .any(|l| l.contains("content/playbooks/autoscaling.md:6:1:")),
        "{}",
        run.stderr
    );
}

#[test]
fn refuses_a_non_empty_directory_it_did_not_create() {
    let site = TestSite::new("minimal");
    site.write("public/precious.txt", "do not delete");
    let run = site.build();
    run.failure();
    assert!(
        run.errors()
            .iter()
            .any(|l| l.contains("refusing to write the site here")),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("public/precious.txt"), "do not delete");
}

#[test]
fn refuses_to_write_into_the_root_or_content() {
    let site = TestSite::new("minimal");
    let root = site.root.to_string_lossy().to_string();
    for output in [
        root.clone(),
        format!("{root}/.."),
        format!("{root}/content/out"),
    ] {
        let run = site.run(&["build", "--output", &output]);
        run.failure();
        assert!(
            run.stderr.contains("refusing to write the site here"),
            "{output}: {}",
            run.stderr
        );
    }
    assert!(site.path("content/pages/about.md").is_file());
}

#[test]
fn a_missing_content_directory_is_an_error() {
    let site = TestSite::new("minimal");
    std::fs::remove_dir_all(site.path("content")).unwrap();
    let run = site.build();
    run.failure();
    assert_eq!(
        run.errors(),
        ["error: content: no content/ directory: a site keeps its guide under content/"],
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists(), "nothing was written");
}

#[test]
fn a_missing_config_is_an_error() {
    let site = TestSite::new("minimal");
    std::fs::remove_file(site.path("guidegen.toml")).unwrap();
    let run = site.build();
    run.failure();
    let root = site.root.display();
    assert_eq!(
        run.errors(),
        [format!(
            "error: guidegen.toml: no guidegen.toml in {root}: run guidegen inside a site, or pass --root"
        )],
        "{}",
        run.stderr
    );
}
