//! `guidegen new KIND SLUG` in a site being started: every skeleton passes
//! `check` as written, and a playbook in a site without pillars says how to
//! make one.

mod util;
use std::process::Command;

/// A site with a configuration and an empty `content/`, nothing else.
fn empty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("guidegen.toml"),
        "title = \"New guide\"\nbase_url = \"https://example.org/\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    dir
}

fn guidegen(root: &std::path::Path, args: &[&str]) -> util::Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guidegen"));
    cmd.args(args).arg("--root").arg(root).env("NO_COLOR", "1");
    util::Run::from(util::output_within(cmd, util::RUN_LIMIT))
}

#[test]
fn a_playbook_in_a_site_without_pillars_says_how_to_make_one() {
    let site = empty_site();
    let run = guidegen(site.path(), &["new", "playbook", "first-steps"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: no pillar in content/pillars/: a playbook belongs to one; create one first, e.g. `guidegen new pillar strategy`\n"
    );
    assert!(!site.path().join("content/playbooks").exists());
}

#[test]
fn skeletons_pass_check_in_a_new_site_without_any_page() {
    let site = empty_site();
    for (kind, slug) in [
        ("pillar", "strategy"),
        ("region", "brazil"),
        ("playbook", "first-steps"),
        ("case-study", "globex"),
    ] {
        let run = guidegen(site.path(), &["new", kind, slug]);
        assert_eq!(run.code, 0, "new {kind}: {}", run.stderr);
    }
    let pillar = std::fs::read_to_string(site.path().join("content/pillars/strategy.md")).unwrap();
    assert!(pillar.starts_with("+++\ntitle = \"Strategy\""), "{pillar}");
    let check = guidegen(site.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(check.stderr, "Checked: 0 error(s), 0 warning(s)\n");
}
