//! The theme in the open: `theme list` names the theme's files and what the
//! site overrides, `theme eject` copies files to edit (never overwriting),
//! and a template that overrides nothing is a warning.

mod util;
use util::TestSite;

fn theme(site: &TestSite, args: &[&str]) -> util::Run {
    let mut all = vec!["theme"];
    all.extend_from_slice(args);
    let root = site.root.to_str().unwrap();
    all.extend_from_slice(&["--root", root]);
    site.run(&all)
}

#[test]
fn list_names_every_theme_file_and_marks_the_overridden_ones() {
    let site = TestSite::new("minimal");
    site.write("templates/page.html", "{% extends \"base.html\" %}");
    let run = theme(&site, &["list"]);
    run.success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "Theme \"default\" (compiled into guidegen):");
    for file in [
        "  templates/base.html",
        "  templates/playbook.html",
        "  static/style.css",
        "  i18n/en.toml",
        "  templates/page.html  (overridden by the site's templates/page.html)",
    ] {
        assert!(lines.contains(&file), "{file} in:\n{}", run.stdout);
    }
}

#[test]
fn an_ejected_template_is_the_one_the_build_uses_and_is_never_overwritten() {
    let site = TestSite::new("minimal");
    let run = theme(&site, &["eject", "playbook.html"]);
    run.success();
    assert_eq!(run.stderr.trim(), "Copied templates/playbook.html");
    let theme_text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/playbook.html"),
    )
    .unwrap();
    assert_eq!(site.read("templates/playbook.html"), theme_text);
    site.edit(
        "templates/playbook.html",
        "{% block head %}",
        "{% block head %}<meta name=\"ejected-mark\" content=\"edited copy\">",
    );
    site.build().success();
    assert!(site
        .read("public/playbooks/autoscaling/index.html")
        .contains("ejected-mark"));
    // Again: the edited copy is kept.
    let again = theme(&site, &["eject", "templates/playbook.html"]);
    again.success();
    assert_eq!(
        again.stderr.trim(),
        "Kept templates/playbook.html (the site already has it)"
    );
    assert!(site
        .read("templates/playbook.html")
        .contains("ejected-mark"));
    // A name the theme does not have.
    let wrong = theme(&site, &["eject", "playbok.html"]);
    assert_eq!(wrong.code, 1);
    assert_eq!(
        wrong.stderr.trim(),
        "error: the theme has no file playbok.html (did you mean \"playbook.html\"?); `guidegen theme list` names them"
    );
}

#[test]
fn a_template_that_overrides_nothing_is_a_warning_with_a_suggestion() {
    let site = TestSite::new("minimal");
    site.write("templates/pages.html", "{% extends \"base.html\" %}");
    // A helper template that another one includes is not warned about.
    site.write("templates/note.html", "<p>note</p>");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"note.html\" %}{% endblock main %}",
    );
    let run = site.run(&["check"]);
    run.success();
    let theirs: Vec<&str> = run
        .warnings()
        .into_iter()
        .filter(|w| w.contains("templates/"))
        .collect();
    assert_eq!(
        theirs,
        ["warning: templates/pages.html: pages.html replaces no template of the theme and no template uses it, so it is ignored"]
    );
    assert!(
        run.stderr.contains("= hint: did you mean \"page.html\"?"),
        "{}",
        run.stderr
    );
}
