//! `guidegen init`: a new guide that builds and passes `check` with no
//! warning as written, never written over an existing file, with a GitHub
//! Actions workflow that checks and publishes it.

mod util;
use std::path::Path;
use std::process::Command;
use util::Run;

fn guidegen(args: &[&str], dir: &Path) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guidegen"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    Run::from(util::output_within(cmd, util::RUN_LIMIT))
}

#[test]
fn a_new_guide_checks_clean_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let init = guidegen(
        &[
            "init",
            "mysite",
            "--title",
            "Nordic Guides",
            "--base-url",
            "https://example.org/nordic",
        ],
        dir.path(),
    );
    init.success();
    let site = dir.path().join("mysite");
    let check = guidegen(&["check"], &site);
    check.success();
    assert_eq!(check.stderr, "Checked: 0 error(s), 0 warning(s)\n");
    guidegen(&["build"], &site).success();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(
        home.contains("<title>Nordic Guides</title>"),
        "the title is the one given"
    );
    assert!(
        home.contains("href=\"/nordic/regions/example-market/\""),
        "the base URL's path is used"
    );
    for pillar in [
        "strategy",
        "technical-readiness",
        "compliance",
        "go-to-market",
    ] {
        assert!(
            site.join(format!("public/pillars/{pillar}/index.html"))
                .is_file(),
            "{pillar}"
        );
    }
    // Its review policy, once turned on, finds nothing to flag: every file
    // is reviewed today.
    let config = std::fs::read_to_string(site.join("guidegen.toml")).unwrap();
    assert!(config.contains("# max_age_days = 365"), "{config}");
    std::fs::write(
        site.join("guidegen.toml"),
        config.replace("# max_age_days = 365", "max_age_days = 365"),
    )
    .unwrap();
    assert_eq!(
        guidegen(&["check"], &site).stderr,
        "Checked: 0 error(s), 0 warning(s)\n"
    );
}

#[test]
fn the_workflow_checks_builds_and_publishes_pages() {
    let dir = tempfile::tempdir().unwrap();
    guidegen(&["init"], dir.path()).success();
    let text = std::fs::read_to_string(dir.path().join(".github/workflows/guide.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let steps = yaml["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("build steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter().any(|r| r.contains(&format!(
            "cargo install guidegen --version {} --locked",
            env!("CARGO_PKG_VERSION")
        ))),
        "{runs:?}"
    );
    assert!(runs.contains(&"guidegen check --format github"), "{runs:?}");
    assert!(
        runs.contains(&"guidegen build --cache .guidegen-cache"),
        "{runs:?}"
    );
    // The folder the build keeps is the one CI restores and saves.
    let cached: Vec<&str> = steps
        .iter()
        .filter(|s| s["uses"].as_str() == Some("actions/cache@v4"))
        .filter_map(|s| s["with"]["path"].as_str())
        .collect();
    assert!(cached.contains(&".guidegen-cache"), "{cached:?}");
    let uses: Vec<String> = ["build", "deploy"]
        .iter()
        .flat_map(|job| {
            yaml["jobs"][*job]["steps"]
                .as_sequence()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|s| s["uses"].as_str().map(str::to_string))
        .collect();
    assert!(
        uses.iter().any(|u| u == "actions/upload-pages-artifact@v3"),
        "{uses:?}"
    );
    assert!(
        uses.iter().any(|u| u == "actions/deploy-pages@v4"),
        "{uses:?}"
    );
    let upload = steps
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/upload-pages-artifact@v3"))
        .unwrap();
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("public/")
    );
}

#[test]
fn init_refuses_a_directory_that_is_not_empty_and_force_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "mine\n").unwrap();
    let refused = guidegen(&["init", "."], dir.path());
    refused.failure();
    assert_eq!(
        refused.stderr,
        "error: . is not empty: init writes a new guide into an empty directory (--force adds the files that are missing, and never overwrites one)\n"
    );
    assert!(!dir.path().join("guidegen.toml").exists());

    let forced = guidegen(&["init", ".", "--force"], dir.path());
    forced.success();
    assert!(
        forced
            .stderr
            .starts_with("Kept README.md (it already exists)\n"),
        "{}",
        forced.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "mine\n"
    );
    assert!(dir.path().join("guidegen.toml").is_file());
}

#[test]
fn a_language_without_theme_strings_gets_a_copy_to_translate() {
    let dir = tempfile::tempdir().unwrap();
    guidegen(&["init", "site", "--language", "fr"], dir.path()).success();
    let site = dir.path().join("site");
    let strings = std::fs::read_to_string(site.join("i18n/fr.toml")).unwrap();
    assert!(
        strings.starts_with("# UI strings for \"fr\": a copy of the English ones, to translate.\n")
    );
    assert_eq!(
        guidegen(&["check"], &site).stderr,
        "Checked: 0 error(s), 0 warning(s)\n"
    );
    let bad = guidegen(&["init", "other", "--language", "French"], dir.path());
    bad.failure();
    assert_eq!(
        bad.stderr,
        "error: --language \"French\" is not a lowercase language tag such as \"en\", \"zh\" or \"pt-br\"\n"
    );
}
