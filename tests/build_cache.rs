//! `guidegen build --cache DIR`: a build that takes unchanged pages and
//! search bundles from the cache must write exactly the bytes of a build
//! without it, over a scripted series of edits; and a cache it cannot
//! trust (another version, another site, a damaged file) is set aside with
//! a one-line note.

mod util;
use std::path::Path;
use util::{snapshot, TestSite};

/// Playbooks added to the fixture: a site of some size, whose edits leave
/// most pages as they were.
const EXTRA_PLAYBOOKS: usize = 640;

fn large_site() -> TestSite {
    let site = TestSite::new("minimal");
    // Cards are cached apart (and tested below): drawing 640 here would
    // only slow the test.
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("{config}\n[social]\ncards = false\n"),
    );
    for i in 0..EXTRA_PLAYBOOKS {
        site.write(
            &format!("content/playbooks/bulk/note-{i:03}.md"),
            format!(
                "+++\ntitle = \"Note {i}\"\npillar = \"strategy\"\nregions = [\"ksa\"]\nsummary = \"Note number {i}.\"\n+++\n\nWord{i} stays in the Kingdom.\n"
            ),
        );
    }
    site
}

/// One scripted change to the site.
type Edit = dyn Fn(&TestSite);

/// What a `--timings` report counts on the line that starts with `name`.
fn count(stderr: &str, name: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.trim_start().starts_with(name))
        .unwrap_or_else(|| panic!("no {name:?} line in:\n{stderr}"));
    line.split_whitespace().last().unwrap().parse().unwrap()
}

/// Builds with the cache into `cached/` and without it into `cold/`;
/// asserts they hold the same files, byte for byte, and returns the
/// cached build's stderr.
fn build_both(site: &TestSite, cache: &Path, step: &str) -> String {
    let cache = cache.to_str().unwrap();
    let (warm_dir, cold_dir) = (site.path("cached"), site.path("cold"));
    let (warm_dir, cold_dir) = (warm_dir.to_str().unwrap(), cold_dir.to_str().unwrap());
    let cached = site.run(&["build", "--output", warm_dir, "--cache", cache, "--timings"]);
    cached.success();
    site.run(&["build", "--output", cold_dir]).success();
    let (warm, cold) = (snapshot(&site.path("cached")), snapshot(&site.path("cold")));
    assert!(cold.len() > EXTRA_PLAYBOOKS, "{step}: {} files", cold.len());
    assert_eq!(
        warm.keys().collect::<Vec<_>>(),
        cold.keys().collect::<Vec<_>>(),
        "{step}: different files"
    );
    for (path, bytes) in &cold {
        assert!(
            warm[path] == *bytes,
            "{step}: {path} differs from a build without the cache"
        );
    }
    cached.stderr.clone()
}

#[test]
fn a_cached_build_equals_a_cold_build_over_a_sequence_of_edits() {
    let site = large_site();
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("ci-cache");

    let first = build_both(&site, &cache, "first build");
    assert_eq!(count(&first, "pages from the cache"), 0);
    assert_eq!(count(&first, "search bundles from the cache"), 0);
    assert!(
        !first.contains("note:"),
        "an empty cache is no news:\n{first}"
    );
    let pages: usize = first
        .lines()
        .find_map(|l| l.strip_prefix("Built ")?.split(' ').next()?.parse().ok())
        .unwrap();

    // Nothing changed: every page and the search index come from the cache.
    let again = build_both(&site, &cache, "no change");
    assert_eq!(count(&again, "pages from the cache"), pages);
    assert_eq!(count(&again, "search bundles from the cache"), 1);
    let documents = count(&again, "documents from the cache");
    assert!(documents > EXTRA_PLAYBOOKS, "{documents}");

    // One playbook's prose: its page and the pages that show it are made
    // again, and the search index.
    site.edit(
        "content/playbooks/bulk/note-600.md",
        "stays in",
        "moves out of",
    );
    let edited = build_both(&site, &cache, "edit a playbook body");
    let reused = count(&edited, "pages from the cache");
    assert!(reused < pages && reused > pages - 10, "{reused} of {pages}");
    assert_eq!(count(&edited, "search bundles from the cache"), 0);
    assert_eq!(count(&edited, "documents from the cache"), documents - 1);

    let steps: [(&str, &Edit); 5] = [
        ("rename a playbook", &|s| {
            s.edit(
                "content/playbooks/autoscaling.md",
                "title = \"Autoscaling\"",
                "title = \"Scaling out\"",
            )
        }),
        ("add a playbook", &|s| {
            s.write(
                "content/playbooks/new-one.md",
                "+++\ntitle = \"New one\"\npillar = \"compliance\"\nregions = [\"uae\"]\n+++\n\nFresh text.\n",
            )
        }),
        ("remove a playbook", &|s| {
            std::fs::remove_file(s.path("content/playbooks/bulk/note-007.md")).unwrap()
        }),
        ("edit a template", &|s| {
            s.write(
                "templates/playbook.html",
                "{% extends \"base.html\" %}{% block content %}<article data-pagefind-body><h1>{{ page_title }}</h1>{{ content | safe }}</article>{% endblock content %}",
            )
        }),
        ("edit the site's title", &|s| {
            s.edit("guidegen.toml", "Fixture Guides", "Fixture Handbooks")
        }),
    ];
    for (step, edit) in steps {
        edit(&site);
        build_both(&site, &cache, step);
    }
    // And settled again: the cache holds what the last build made, and a
    // build that changes nothing does not write its files again.
    // Each kind of entry is a folder of shard files.
    let modified = |name: &str| {
        let shards = std::fs::read_dir(cache.join(name)).unwrap();
        let mut times: Vec<_> = shards
            .map(|shard| shard.unwrap().metadata().unwrap().modified().unwrap())
            .collect();
        times.sort();
        times
    };
    let written = [modified("pages"), modified("documents")];
    let settled = build_both(&site, &cache, "no change at the end");
    assert_eq!([modified("pages"), modified("documents")], written);
    let pages_now: usize = settled
        .lines()
        .find_map(|l| l.strip_prefix("Built ")?.split(' ').next()?.parse().ok())
        .unwrap();
    assert_eq!(count(&settled, "pages from the cache"), pages_now);
    assert_eq!(count(&settled, "search bundles from the cache"), 1);
}

/// Builds with the cache; returns stderr.
fn cached_build(site: &TestSite, cache: &Path) -> String {
    let cache = cache.to_str().unwrap();
    let run = site.run(&["build", "--cache", cache, "--timings"]);
    run.success();
    run.stderr.clone()
}

fn notes(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("note:")).collect()
}

#[test]
fn a_cache_it_cannot_trust_is_set_aside_with_a_note() {
    let site = TestSite::new("minimal");
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("cache");
    cached_build(&site, &cache);
    let expected = snapshot(&site.public());
    let pages = count(&cached_build(&site, &cache), "pages from the cache");
    assert!(pages > 10, "{pages}");
    // The social cards are kept there too, not in the site.
    let cards = std::fs::read_dir(cache.join("cards")).unwrap().count();
    assert!(cards > 10, "{cards}");
    assert!(!site.path(".guidegen-cache").exists());

    // A damaged shard of pages: its pages made again, the same site.
    let file = std::fs::read_dir(cache.join("pages"))
        .unwrap()
        .map(|shard| shard.unwrap().path())
        .max_by_key(|shard| std::fs::metadata(shard).unwrap().len())
        .unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&file, &bytes).unwrap();
    let damaged = cached_build(&site, &cache);
    assert_eq!(notes(&damaged).len(), 1, "{damaged}");
    assert!(notes(&damaged)[0].contains("is damaged"), "{damaged}");
    let from_damaged = count(&damaged, "pages from the cache");
    assert!(from_damaged < pages, "{from_damaged} of {pages}");
    assert_eq!(snapshot(&site.public()), expected);
    // That build refilled it.
    let refilled = cached_build(&site, &cache);
    assert_eq!(count(&refilled, "pages from the cache"), pages);
    assert!(notes(&refilled).is_empty(), "{refilled}");
    let bundles_kept = count(&refilled, "search bundles from the cache");
    assert_eq!(bundles_kept, 1);

    // A damaged search bundle is indexed again, and said so.
    let bundles = cache.join("search");
    let bundle = std::fs::read_dir(&bundles)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&bundle, b"not a bundle").unwrap();
    let reindexed = cached_build(&site, &cache);
    assert_eq!(
        count(&reindexed, "search bundles from the cache"),
        bundles_kept - 1
    );
    assert_eq!(notes(&reindexed).len(), 1, "{reindexed}");
    assert!(
        notes(&reindexed)[0].contains("search bundle"),
        "{reindexed}"
    );
    assert_eq!(snapshot(&site.public()), expected);

    // Written by another build of guidegen: nothing of it is used.
    let manifest = cache.join("manifest");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let first_line = text.lines().next().unwrap().to_string();
    std::fs::write(
        &manifest,
        text.replace(&first_line, "guidegen 0.0.1 0123456789abcdef"),
    )
    .unwrap();
    let foreign = cached_build(&site, &cache);
    assert_eq!(notes(&foreign).len(), 1, "{foreign}");
    assert!(
        notes(&foreign)[0].contains("written by guidegen 0.0.1"),
        "{foreign}"
    );
    assert_eq!(count(&foreign, "pages from the cache"), 0);
    assert_eq!(count(&foreign, "search bundles from the cache"), 0);
    assert_eq!(snapshot(&site.public()), expected);

    // Another site's cache: set aside, and this site's build is its own.
    let other = TestSite::new("minimal");
    other.edit("guidegen.toml", "fixture.example.com", "other.example.org");
    let theirs = cached_build(&other, &cache);
    assert_eq!(notes(&theirs).len(), 1, "{theirs}");
    assert!(notes(&theirs)[0].contains("another site"), "{theirs}");
    assert_eq!(count(&theirs, "pages from the cache"), 0);
    let cold = other.path("cold");
    other
        .run(&["build", "--output", cold.to_str().unwrap()])
        .success();
    assert_eq!(snapshot(&other.public()), snapshot(&other.path("cold")));
}

#[test]
fn a_failed_build_leaves_the_cache_as_it_was() {
    let site = TestSite::new("minimal");
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("cache");
    cached_build(&site, &cache);
    let before = snapshot(&cache);
    site.write("templates/playbook.html", "{% if %}");
    let run = site.run(&["build", "--cache", cache.to_str().unwrap()]);
    run.failure();
    assert_eq!(snapshot(&cache), before);
    // A template that fails only as its pages render: the other pages'
    // search index may be built by then, and is not kept either.
    site.write(
        "templates/playbook.html",
        "{{ throw(message=\"no_such_value\") }}",
    );
    let run = site.run(&["build", "--cache", cache.to_str().unwrap()]);
    run.failure();
    assert!(run.stderr.contains("no_such_value"), "{}", run.stderr);
    let after = snapshot(&cache);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    assert_eq!(after, before);
}

#[test]
fn a_cache_inside_the_output_or_the_sources_is_refused() {
    let site = TestSite::new("minimal");
    for dir in ["public/cache", "content/cache", "."] {
        let run = site.run(&["build", "--cache", &site.path(dir).display().to_string()]);
        run.failure();
        assert!(
            run.stderr.contains("refusing to keep the build cache here"),
            "{dir}: {}",
            run.stderr
        );
    }
    assert!(!site.path("public").exists());
}

/// The `warning:` and `error:` lines of a run, without their counts.
fn diagnostics(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning:") || l.starts_with("error:"))
        .collect()
}

#[test]
fn a_cached_build_reports_what_a_build_without_the_cache_reports() {
    let site = TestSite::new("minimal");
    site.write("static/files/terms.pdf", "%PDF terms");
    site.write("content/playbooks/diagram.png", png_header(64, 32));
    // Three documents, each with one thing a cached page must not lose:
    // a warning, a link checked against the output, an image to publish.
    let playbook = |slug: &str, body: &str| {
        site.write(
            &format!("content/playbooks/{slug}.md"),
            format!("+++\ntitle = \"{slug}\"\npillar = \"strategy\"\nregions = [\"ksa\"]\n+++\n\n{body}\n"),
        )
    };
    playbook("warned", "See <b>bold</b> here.");
    playbook("linked", "See [the terms](/files/terms.pdf).");
    playbook("pictured", "![A diagram](diagram.png)");
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("cache");
    let cold_dir = site.path("cold");
    let cold = site.run(&["build", "--output", cold_dir.to_str().unwrap()]);
    cold.success();
    assert!(cold.stderr.contains("<b>"), "{}", cold.stderr);
    cached_build(&site, &cache);
    // The document's warning is reported again, and the image beside it
    // published, when its page and the rest come from the cache.
    let again = cached_build(&site, &cache);
    assert!(count(&again, "pages from the cache") > 10, "{again}");
    assert_eq!(diagnostics(&again), diagnostics(&cold.stderr));
    assert_eq!(snapshot(&site.public()), snapshot(&cold_dir));

    // Its link is checked against this build's files, not the last one's.
    std::fs::remove_file(site.path("static/files/terms.pdf")).unwrap();
    let cold = site.run(&["build", "--output", cold_dir.to_str().unwrap()]);
    cold.failure();
    let cached = site.run(&["build", "--cache", cache.to_str().unwrap()]);
    cached.failure();
    assert!(
        cached
            .stderr
            .contains("broken link: the site has nothing at /files/terms.pdf"),
        "{}",
        cached.stderr
    );
    assert_eq!(diagnostics(&cached.stderr), diagnostics(&cold.stderr));
}

/// The header of a PNG `w` by `h` (all a build reads of a small image).
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend(w.to_be_bytes());
    b.extend(h.to_be_bytes());
    b.extend([8, 6, 0, 0, 0]);
    b
}

/// The bundled guide has three language editions; with a cache, each
/// edition's search index starts as soon as its pages are written. Each
/// must still reach its own bundle, as in a build without the cache.
#[test]
fn a_cached_build_of_every_language_edition_equals_a_cold_build() {
    let site = TestSite::bundled_guide();
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = cache_dir.path().join("cache");
    cached_build(&site, &cache);
    site.edit(
        "content/pages/about.ar.md",
        "## لماذا الآن",
        "كلمة جديدة في الدليل.\n\n## لماذا الآن",
    );
    let edited = build_both(&site, &cache, "edit an Arabic page");
    let reused = count(&edited, "search bundles from the cache");
    assert!(reused > 0, "{edited}");
}
