//! How fresh a guide is: `reviewed = DATE` shown as "Last reviewed",
//! `[review] max_age_days` warning authors and telling readers, the file's
//! last commit shown as "Updated", and "Edit this page" from `edit_url`.

mod util;
use std::process::Command;
use util::{select, text, Run, TestSite};

/// 2026-03-01T00:00:00Z: the day these builds take as today.
const TODAY: &str = "1772323200";

fn run_on(site: &TestSite, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_guidegen"));
    cmd.args(args)
        .arg("--root")
        .arg(&site.root)
        .env("SOURCE_DATE_EPOCH", TODAY)
        .env("NO_COLOR", "1");
    let output = util::output_within(cmd, util::RUN_LIMIT);
    Run::from(output)
}

#[test]
fn a_review_date_is_shown_and_an_old_or_missing_one_is_flagged() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/playbooks/ops/residency.md",
        "weight = 10\n",
        "weight = 10\nreviewed = 2026-01-10\n",
    );
    site.edit(
        "content/pages/about.md",
        "+++\n",
        "+++\nreviewed = 2026-02-20\n",
    );
    // Without a policy, nothing is flagged.
    let run = run_on(&site, &["build"]);
    run.success();
    let page = site.page("playbooks/residency/index.html");
    assert_eq!(
        select(&page, ".page-meta span")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["Last reviewed 10 January 2026"]
    );
    assert!(select(&page, ".review-notice").is_empty());

    site.edit(
        "guidegen.toml",
        "description",
        "[review]\nmax_age_days = 30\n\ndescription",
    );
    let toml = site.read("guidegen.toml");
    // [review] must come after the top-level keys: move it to the end.
    let (head, rest) = toml.split_once("[review]\nmax_age_days = 30\n\n").unwrap();
    site.write(
        "guidegen.toml",
        format!("{head}{rest}\n[review]\nmax_age_days = 30\n"),
    );
    let run = run_on(&site, &["check", "--format", "github"]);
    run.success();
    let residency = run
        .stdout
        .lines()
        .find(|l| l.contains("residency.md"))
        .expect("a warning about residency.md");
    assert_eq!(
        residency,
        "::warning file=content/playbooks/ops/residency.md,line=7,col=12::last reviewed 2026-01-10, 50 days ago: more than [review] max_age_days (30) (review it, then set `reviewed = 2026-03-01`)"
    );
    assert!(
        run.stdout.contains("::warning file=content/playbooks/autoscaling.md::never reviewed: [review] max_age_days (30) asks for a `reviewed` date"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("about.md"),
        "reviewed 9 days ago: {}",
        run.stdout
    );

    run_on(&site, &["build"]).success();
    let old = site.page("playbooks/residency/index.html");
    assert_eq!(
        select(&old, ".review-notice").iter().map(text).collect::<Vec<_>>(),
        ["Last reviewed on 10 January 2026, more than 30 days ago: check the facts on this page before you rely on them."]
    );
    let never = site.page("playbooks/autoscaling/index.html");
    assert_eq!(
        select(&never, ".review-notice")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["This page has no review date: check its facts before you rely on them."]
    );
    assert!(select(&site.page("about/index.html"), ".review-notice").is_empty());
}

#[test]
fn an_unparsable_review_date_or_policy_is_an_error_at_its_line() {
    let site = TestSite::new("minimal");
    site.edit(
        "content/pages/about.md",
        "+++\n",
        "+++\nreviewed = \"last week\"\n",
    );
    let run = run_on(&site, &["check"]);
    run.failure();
    assert!(
        run.stderr.starts_with(
            "error: content/pages/about.md:2:12: `reviewed` must be a date such as 2025-12-02, found the string \"last week\"\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("= hint: write the date as `reviewed = 2025-12-02`, without quotes"),
        "{}",
        run.stderr
    );
    let site = TestSite::new("minimal");
    site.write(
        "guidegen.toml",
        format!(
            "{}\n[review]\nmax_age_days = 0\n",
            site.read("guidegen.toml")
        ),
    );
    let run = run_on(&site, &["check"]);
    run.failure();
    assert!(
        run.stderr
            .contains("max_age_days must be a number of days above 0, found 0"),
        "{}",
        run.stderr
    );
}

#[test]
fn edit_url_adds_edit_this_page_and_a_malformed_one_is_an_error() {
    let site = TestSite::new("minimal");
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!(
            "{config}\n[site]\nedit_url = \"https://github.com/acme/guide/edit/main/{{path}}\"\n"
        ),
    );
    run_on(&site, &["build"]).success();
    let page = site.page("playbooks/residency/index.html");
    let edit = select(&page, ".page-meta a");
    assert_eq!(text(&edit[0]), "Edit this page");
    assert_eq!(
        edit[0].value().attr("href"),
        Some("https://github.com/acme/guide/edit/main/content/playbooks/ops/residency.md")
    );
    // Pages not made from a content file have none.
    assert!(select(&site.page("regions/index.html"), ".page-meta").is_empty());

    site.write(
        "guidegen.toml",
        format!("{config}\n[site]\nedit_url = \"https://github.com/acme/guide/edit/main/\"\n"),
    );
    let run = run_on(&site, &["check"]);
    run.failure();
    let line = site.read("guidegen.toml").lines().count();
    assert!(
        run.stderr.starts_with(&format!(
            "error: guidegen.toml:{line}:12: edit_url \"https://github.com/acme/guide/edit/main/\" must be an http(s) URL with `{{path}}` once"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn in_a_git_repository_each_page_shows_its_files_last_commit() {
    let site = TestSite::new("minimal");
    let git = |args: &[&str], date: &str| {
        let status = Command::new("git")
            .arg("-C")
            .arg(&site.root)
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_NAME", "A")
            .env("GIT_AUTHOR_EMAIL", "a@example.org")
            .env("GIT_COMMITTER_NAME", "A")
            .env("GIT_COMMITTER_EMAIL", "a@example.org")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    // Without a repository: no "Updated", and nothing fails.
    run_on(&site, &["build"]).success();
    let page = site.page("playbooks/residency/index.html");
    assert!(select(&page, ".page-meta").is_empty());

    git(&["init", "-q"], "2026-01-05T10:00:00Z");
    git(&["add", "content", "guidegen.toml"], "2026-01-05T10:00:00Z");
    git(&["commit", "-q", "-m", "first"], "2026-01-05T10:00:00Z");
    site.edit(
        "content/playbooks/ops/residency.md",
        "Intro paragraph.",
        "Intro paragraph, edited.",
    );
    git(&["commit", "-q", "-am", "edit"], "2026-02-14T10:00:00Z");
    run_on(&site, &["build"]).success();
    let updated = |page: &str| {
        let html = site.page(page);
        select(&html, ".page-meta span")
            .iter()
            .map(text)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        updated("playbooks/residency/index.html"),
        ["Updated 14 February 2026"]
    );
    assert_eq!(
        updated("playbooks/autoscaling/index.html"),
        ["Updated 5 January 2026"]
    );
}
