//! What README.md promises of the command line that no other test covers:
//! `--root` found from a subfolder, the exact escaping of `--format json`
//! and `--format github` (quotes, newlines, `%`, and the characters GitHub
//! reserves in a property), how warnings appear in them, and a successful
//! `check` that writes nothing anywhere.

mod util;

use std::path::Path;
use std::process::Command;
use util::{snapshot, Run, TestSite};

/// Runs `guidegen ARGS` in `dir`, without `--root`.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guidegen"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1");
    let output = util::output_within(cmd, util::RUN_LIMIT);
    Run::from(output)
}

/// The minimal fixture's five warnings: regions with a pillar no playbook
/// covers, as `check --format github` prints them.
const GITHUB_WARNINGS: [&str; 5] = [
    "::warning file=content/regions/ksa.toml::the KSA guide has no playbook for the pillar \"go-to-market\"",
    "::warning file=content/regions/ksa.toml::the KSA guide has no playbook for the pillar \"strategy\"",
    "::warning file=content/regions/uae.toml::the UAE guide has no playbook for the pillar \"compliance\"",
    "::warning file=content/regions/uae.toml::the UAE guide has no playbook for the pillar \"go-to-market\"",
    "::warning file=content/regions/uae.toml::the UAE guide has no playbook for the pillar \"strategy\"",
];

/// A page whose file name holds a newline, a comma, a colon and a percent
/// sign: every character either format must escape.
const AWKWARD_NAME: &str = "content/pages/a\nb,c:d%.md";

fn site_with_an_awkward_file_name() -> TestSite {
    let site = TestSite::new("minimal");
    site.write(
        AWKWARD_NAME,
        "+++\ntitle = \"Sure\"\nsummary = \"x\"\nweight = 1\n+++\n\nText.\n",
    );
    site
}

#[test]
fn json_escapes_quotes_newlines_and_percent_and_lists_warnings() {
    let site = site_with_an_awkward_file_name();
    let run = site.run(&["check", "--format", "json"]);
    run.failure();
    // One object per line: the newline in the name is escaped, not printed.
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    assert_eq!(
        lines[0],
        r#"{"column":1,"level":"error","line":1,"message":"invalid slug \"a\nb,c:d%\": a file name must be lowercase a-z, 0-9 and - (rename the file to \"a-b-c-d\")","path":"content/pages/a\nb,c:d%.md"}"#
    );
    let error: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(error["path"], AWKWARD_NAME);
    // Warnings come after the errors, with their level and no position.
    let warning: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(
        warning,
        serde_json::json!({
            "column": 0, "level": "warning", "line": 0,
            "message": "the KSA guide has no playbook for the pillar \"go-to-market\"",
            "path": "content/regions/ksa.toml"
        })
    );
    assert!(lines[1..]
        .iter()
        .all(|l| l.contains(r#""level":"warning""#)));
}

#[test]
fn github_annotations_escape_newlines_percent_and_property_separators() {
    let site = site_with_an_awkward_file_name();
    let run = site.run(&["check", "--format", "github"]);
    run.failure();
    let lines: Vec<&str> = run.stdout.lines().collect();
    // In the file property `,` and `:` are escaped too; in the message
    // only `%`, CR and LF are (GitHub's workflow-command rules).
    let mut expected = vec![
        "::error file=content/pages/a%0Ab%2Cc%3Ad%25.md,line=1,col=1::invalid slug \"a%0Ab,c:d%25\": a file name must be lowercase a-z, 0-9 and - (rename the file to \"a-b-c-d\")",
    ];
    expected.extend(GITHUB_WARNINGS);
    assert_eq!(lines, expected, "{}", run.stdout);
}

#[test]
fn the_root_is_found_from_a_subfolder() {
    let site = TestSite::new("minimal");
    let subfolder = site.path("content/playbooks/ops");
    let check = run_in(&subfolder, &["check", "--format", "github"]);
    check.success();
    assert_eq!(check.stdout.lines().collect::<Vec<_>>(), GITHUB_WARNINGS);
    // A build from there writes the site's own output, at its root.
    run_in(&subfolder, &["build"]).success();
    assert!(site.path("public/playbooks/residency/index.html").is_file());
    assert!(!subfolder.join("public").exists());
    // Outside any site it is an error that says how to fix it.
    let nowhere = tempfile::tempdir().unwrap();
    let lost = run_in(nowhere.path(), &["check"]);
    lost.failure();
    let expected = format!(
        "error: no guidegen.toml here or in any parent directory of {}; run guidegen inside a site, or pass --root",
        nowhere.path().canonicalize().unwrap().display()
    );
    assert_eq!(lost.errors(), [expected.as_str()], "{}", lost.stderr);
}

#[test]
fn a_successful_check_writes_nothing_anywhere() {
    let site = TestSite::new("minimal");
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let before = snapshot(&site.root);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guidegen"));
    cmd.args(["check", "--root"])
        .arg(&site.root)
        .env("HOME", home.path())
        .env("TMPDIR", tmp.path())
        .env("XDG_CACHE_HOME", home.path().join(".cache"))
        .env("NO_COLOR", "1");
    let output = util::output_within(cmd, util::RUN_LIMIT);
    let run = Run::from(output);
    run.success();
    assert!(
        run.stderr.ends_with("Checked: 0 error(s), 5 warning(s)\n"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&site.root), before, "check changed the site");
    assert!(!site.public().exists());
    for dir in [home.path(), tmp.path()] {
        assert_eq!(
            std::fs::read_dir(dir).unwrap().count(),
            0,
            "check wrote into {}",
            dir.display()
        );
    }
}
