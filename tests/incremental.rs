//! A warm build (`compile_cached`, as `guidegen serve` runs it after each
//! save) must give exactly the bytes of a cold, full build, over a scripted
//! sequence of edits; and a one-playbook edit must not re-render the world.

mod util;
use guidegen::cache::BuildCache;
use guidegen::config::Overrides;
use util::TestSite;

/// One scripted change to the site.
type Edit = Box<dyn Fn(&TestSite)>;

fn assert_same_as_full(site: &TestSite, cache: &mut BuildCache, step: &str) {
    let warm = guidegen::compile_cached(&site.root, &Overrides::default(), cache);
    let cold = guidegen::compile(&site.root, &Overrides::default());
    assert_eq!(
        warm.diagnostics, cold.diagnostics,
        "{step}: diagnostics differ"
    );
    let (warm, cold) = (warm.site.expect(step), cold.site.expect(step));
    let warm_paths: Vec<_> = warm.files.keys().collect();
    let cold_paths: Vec<_> = cold.files.keys().collect();
    assert_eq!(warm_paths, cold_paths, "{step}: different files");
    for (path, bytes) in &cold.files {
        assert!(
            warm.files[path] == *bytes,
            "{step}: {path} differs from a full build"
        );
    }
}

#[test]
fn incremental_builds_equal_full_builds_over_a_sequence_of_edits() {
    let site = TestSite::new("minimal");
    let mut cache = BuildCache::default();
    assert_same_as_full(&site, &mut cache, "first build");
    let total_docs = cache.stats.documents_rendered;
    let total_pages = cache.stats.pages_rendered;
    assert!(total_docs > 5 && total_pages > 10);

    // The same input again: nothing is rendered, nothing is re-indexed.
    assert_same_as_full(&site, &mut cache, "no change");
    assert_eq!(cache.stats.documents_rendered, 0);
    assert_eq!(cache.stats.pages_rendered, 0);
    assert!(!cache.stats.search_indexed);

    // One playbook's prose: one document, and only the pages that show it.
    site.edit(
        "content/playbooks/autoscaling.md",
        "kubectl get nodes",
        "kubectl get nodes -o wide",
    );
    assert_same_as_full(&site, &mut cache, "edit a playbook body");
    assert_eq!(cache.stats.documents_rendered, 1, "{:?}", cache.stats);
    assert!(
        cache.stats.pages_rendered < total_pages / 2,
        "{:?} of {total_pages}",
        cache.stats
    );
    assert!(cache.stats.search_indexed);

    let steps: Vec<(&str, Edit)> = vec![
        (
            "edit a heading others link to",
            Box::new(|s| {
                s.edit(
                    "content/playbooks/autoscaling.md",
                    "## Cost levers",
                    "## Cost levers {#cost-levers}\n\n## New section",
                )
            }),
        ),
        (
            "add a playbook",
            Box::new(|s| {
                s.write("content/playbooks/new-one.md", "+++\ntitle = \"New one\"\npillar = \"strategy\"\nregions = [\"uae\"]\n+++\n\nFresh text.\n")
            }),
        ),
        (
            "edit front matter",
            Box::new(|s| {
                s.edit(
                    "content/playbooks/new-one.md",
                    "regions = [\"uae\"]",
                    "regions = [\"ksa\", \"uae\"]",
                )
            }),
        ),
        (
            "edit a case study",
            Box::new(|s| {
                s.edit(
                    "content/case-studies/acme.toml",
                    "value = 150000",
                    "value = 160000",
                )
            }),
        ),
        (
            "edit a region overview",
            Box::new(|s| {
                s.edit(
                    "content/regions/ksa.toml",
                    "## Market",
                    "## Market and people",
                )
            }),
        ),
        (
            "override a template",
            Box::new(|s| {
                s.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<p>{{ page.title }}</p>{% endblock main %}")
            }),
        ),
        (
            "edit a static file",
            Box::new(|s| s.write("static/extra.css", "body { color: red }")),
        ),
        (
            "delete a playbook",
            Box::new(|s| std::fs::remove_file(s.path("content/playbooks/new-one.md")).unwrap()),
        ),
        (
            "edit the configuration",
            Box::new(|s| s.edit("guidegen.toml", "Fixture Guides", "Fixture Guides 2")),
        ),
    ];
    for (step, edit) in steps {
        edit(&site);
        assert_same_as_full(&site, &mut cache, step);
    }

    // A broken save, then the fix.
    site.edit(
        "content/playbooks/autoscaling.md",
        "weight = 10",
        "wieght = 10",
    );
    let broken = guidegen::compile_cached(&site.root, &Overrides::default(), &mut cache);
    assert!(broken.site.is_none() && broken.has_errors());
    site.edit(
        "content/playbooks/autoscaling.md",
        "wieght = 10",
        "weight = 10",
    );
    assert_same_as_full(&site, &mut cache, "fixed after an error");
}
