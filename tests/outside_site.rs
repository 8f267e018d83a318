//! The site boundary: a build reads only files inside the site root (and the
//! folders `allow_outside` lists). A canary file outside the site, reached
//! by every way in a pull request could open, must appear neither in the
//! output nor in any message, whatever the output format.
#![cfg(unix)]

mod util;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use util::TestSite;

const CANARY: &str = "CANARY-7f3a-outside-the-site";

/// The minimal fixture, and beside it (outside its root) a folder of files
/// that each carry the canary.
fn site_and_outside() -> (TestSite, PathBuf) {
    let site = TestSite::new("minimal");
    let outside = site.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(outside.join("guides")).unwrap();
    // No front matter: an error would quote its first line.
    std::fs::write(
        outside.join("secret.md"),
        format!("{CANARY} aws_secret_access_key\n"),
    )
    .unwrap();
    let page = format!("+++\ntitle = \"{CANARY}\"\n+++\n\n{CANARY} in the body.\n");
    std::fs::write(outside.join("page.md"), &page).unwrap();
    std::fs::write(outside.join("guides/shared.md"), &page).unwrap();
    std::fs::write(outside.join("page.html"), format!("<p>{CANARY}</p>")).unwrap();
    std::fs::write(
        outside.join("strings.toml"),
        format!("home = \"{CANARY}\"\n"),
    )
    .unwrap();
    std::fs::write(outside.join("image.png"), CANARY).unwrap();
    (site, outside)
}

/// Fails when the canary is in any output file or in the run's messages.
#[track_caller]
fn assert_no_canary(site: &TestSite, run: &util::Run) {
    assert!(!run.stdout.contains(CANARY), "stdout:\n{}", run.stdout);
    assert!(!run.stderr.contains(CANARY), "stderr:\n{}", run.stderr);
    for (path, bytes) in util::snapshot(&site.public()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(CANARY),
            "public/{path} holds the canary"
        );
    }
}

/// The warnings about links out of the site (the fixture has others).
fn link_warnings(run: &util::Run) -> Vec<&str> {
    let mut found: Vec<&str> = run
        .warnings()
        .into_iter()
        .filter(|w| w.contains("outside the site"))
        .collect();
    found.sort();
    found
}

fn skipped(link: &str, target: &Path) -> String {
    format!(
        "warning: {link}: skipped: a symbolic link to {}, outside the site; copy the file into the site instead (or list its folder in allow_outside in guidegen.toml)",
        target.canonicalize().unwrap().display()
    )
}

#[test]
fn content_files_and_folders_linked_from_outside_are_skipped_with_a_warning() {
    let (site, outside) = site_and_outside();
    symlink(
        outside.join("page.md"),
        site.path("content/pages/outside.md"),
    )
    .unwrap();
    // A relative link that climbs out, to a file whose first line an error
    // excerpt would show.
    symlink(
        "../../../outside/secret.md",
        site.path("content/playbooks/leak.md"),
    )
    .unwrap();
    symlink(
        outside.join("guides"),
        site.path("content/playbooks/shared"),
    )
    .unwrap();
    let run = site.build();
    run.success();
    assert_eq!(
        link_warnings(&run),
        [
            skipped("content/pages/outside.md", &outside.join("page.md")),
            skipped("content/playbooks/leak.md", &outside.join("secret.md")),
            skipped("content/playbooks/shared", &outside.join("guides")),
        ]
    );
    assert_no_canary(&site, &run);
    assert!(!site.path("public/outside").exists());
    assert!(!site.path("public/playbooks/shared").exists());

    // CI's view of the same build: annotations, and JSON lines.
    for format in ["github", "json"] {
        let run = site.run(&["check", "--format", format]);
        run.success();
        assert!(!run.stdout.contains(CANARY), "{format}:\n{}", run.stdout);
        assert!(!run.stderr.contains(CANARY), "{format}:\n{}", run.stderr);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(
            all.matches("outside the site").count(),
            3,
            "{format}:\n{all}"
        );
    }
}

#[test]
fn the_content_folder_itself_linked_from_outside_is_not_read() {
    let (site, outside) = site_and_outside();
    std::fs::create_dir_all(outside.join("content/pages")).unwrap();
    std::fs::copy(outside.join("page.md"), outside.join("content/pages/p.md")).unwrap();
    std::fs::rename(site.path("content"), site.path("content-old")).unwrap();
    symlink(outside.join("content"), site.path("content")).unwrap();
    let run = site.build();
    assert!(
        link_warnings(&run).contains(&skipped("content", &outside.join("content")).as_str()),
        "{}",
        run.stderr
    );
    assert_no_canary(&site, &run);
}

#[test]
fn theme_files_linked_from_outside_are_skipped_and_the_defaults_used() {
    let (site, outside) = site_and_outside();
    std::fs::create_dir_all(site.path("templates")).unwrap();
    symlink(outside.join("page.html"), site.path("templates/page.html")).unwrap();
    std::fs::create_dir_all(site.path("i18n")).unwrap();
    symlink(outside.join("strings.toml"), site.path("i18n/en.toml")).unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    symlink(outside.join("image.png"), site.path("static/logo.png")).unwrap();
    let run = site.build();
    run.success();
    assert_eq!(
        link_warnings(&run),
        [
            skipped("i18n/en.toml", &outside.join("strings.toml")),
            skipped("static/logo.png", &outside.join("image.png")),
            skipped("templates/page.html", &outside.join("page.html")),
        ]
    );
    assert_no_canary(&site, &run);
    assert!(site.path("public/about/index.html").is_file());
    assert!(!site.path("public/logo.png").exists());
}

#[test]
fn a_whole_theme_linked_from_outside_is_not_read() {
    let (site, outside) = site_and_outside();
    let theme = outside.join("theme");
    util::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    std::fs::write(theme.join("static/canary.txt"), CANARY).unwrap();
    std::fs::create_dir_all(site.path("themes")).unwrap();
    symlink(&theme, site.path("themes/shared")).unwrap();
    site.edit("guidegen.toml", "title =", "theme = \"shared\"\ntitle =");
    let run = site.build();
    assert_no_canary(&site, &run);
    assert!(!site.path("public/canary.txt").exists());
    assert!(run.stderr.contains("outside the site"), "{}", run.stderr);
}

#[test]
fn a_config_file_linked_from_outside_is_an_error_that_quotes_nothing() {
    let (site, outside) = site_and_outside();
    std::fs::write(
        outside.join("guidegen.toml"),
        format!("title = \"{CANARY}\"\nbase_url = \"https://example.com/\"\n{CANARY} =\n"),
    )
    .unwrap();
    std::fs::remove_file(site.path("guidegen.toml")).unwrap();
    symlink(outside.join("guidegen.toml"), site.path("guidegen.toml")).unwrap();
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        link_warnings(&run),
        [skipped("guidegen.toml", &outside.join("guidegen.toml"))]
    );
    assert_no_canary(&site, &run);
}

#[test]
fn markdown_paths_to_files_outside_are_never_read() {
    let (site, _outside) = site_and_outside();
    let about = site.read("content/pages/about.md");
    site.write(
        "content/pages/about.md",
        format!(
            "{about}\n![diagram](../../../outside/image.png)\n\n![abs](/etc/passwd)\n\n[notes](../../../outside/secret.md)\n"
        ),
    );
    let run = site.build();
    assert_no_canary(&site, &run);
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let first = passwd.lines().next().unwrap_or("root:x:0:0");
    for (path, bytes) in util::snapshot(&site.public()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(first),
            "public/{path} holds /etc/passwd"
        );
    }
}

#[test]
fn allow_outside_admits_the_folders_it_lists_and_only_those() {
    let (site, outside) = site_and_outside();
    symlink(
        outside.join("guides/shared.md"),
        site.path("content/pages/shared.md"),
    )
    .unwrap();
    symlink(
        outside.join("secret.md"),
        site.path("content/pages/secret.md"),
    )
    .unwrap();
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("allow_outside = [\"../outside/guides\"]\n{config}"),
    );
    let run = site.build();
    run.success();
    // The listed folder is read: its page is published.
    let shared = site.read("public/shared/index.html");
    assert!(shared.contains(CANARY), "{shared}");
    // A file beside it, outside the listed folder, is still refused.
    assert_eq!(
        link_warnings(&run),
        [skipped(
            "content/pages/secret.md",
            &outside.join("secret.md")
        )]
    );
    assert!(!run.stderr.contains(CANARY), "{}", run.stderr);
}

#[test]
fn allow_outside_names_a_missing_folder_or_the_filesystem_root_at_its_line() {
    let (site, _outside) = site_and_outside();
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("allow_outside = [\"../nowhere\", \"/\"]\n{config}"),
    );
    let run = site.build();
    run.failure();
    assert_eq!(
        run.errors(),
        [
            "error: guidegen.toml:1:18: allow_outside lists \"../nowhere\", which is not a folder (paths are relative to the site root)",
            "error: guidegen.toml:1:32: allow_outside lists \"/\", the filesystem root: list only the folders the site shares",
        ]
    );
}

#[test]
fn new_never_writes_through_a_folder_linked_out_of_the_site() {
    let (site, outside) = site_and_outside();
    std::fs::create_dir_all(outside.join("pages")).unwrap();
    std::fs::remove_dir_all(site.path("content/pages")).unwrap();
    symlink(outside.join("pages"), site.path("content/pages")).unwrap();
    let run = site.run(&["new", "page", "notes"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Nor are folders made there for a new playbook's pillar.
    std::fs::create_dir_all(outside.join("playbooks")).unwrap();
    std::fs::rename(
        site.path("content/playbooks"),
        outside.join("playbooks/old"),
    )
    .unwrap();
    symlink(outside.join("playbooks"), site.path("content/playbooks")).unwrap();
    let playbook = site.run(&["new", "playbook", "entry"]);
    assert_eq!(playbook.code, 1, "{}", playbook.stderr);
    assert!(
        playbook.stderr.contains("content/playbooks: skipped"),
        "{}",
        playbook.stderr
    );
    assert!(!outside.join("playbooks/entry.md").exists());
    assert!(
        run.stderr.contains(&format!(
            "content/pages: skipped: a symbolic link to {}",
            outside.join("pages").canonicalize().unwrap().display()
        )),
        "{}",
        run.stderr
    );
    assert!(!outside.join("pages/notes.md").exists());
}
