//! A warm rebuild (as `guidegen serve` runs it after each save, reusing
//! what earlier rebuilds rendered) must give exactly the bytes of a cold,
//! full build, over a scripted sequence of edits; and a one-playbook edit
//! must not re-render the world.

mod util;
use guidegen::serve::{Rebuilder, Rebuilt};
use guidegen::{Compiled, Overrides, Site};
use std::path::PathBuf;
use std::sync::Arc;
use util::TestSite;

/// One scripted change to the site.
type Edit = Box<dyn Fn(&TestSite)>;

/// A full rebuild (no changed path given), settled: once its search index
/// is rebuilt, the site served equals a cold build's.
fn assert_same_as_full(site: &TestSite, rebuilder: &mut Rebuilder, step: &str) {
    let mut served = None;
    let warm = save_and_settle(rebuilder, &mut served, &[]);
    assert_eq!(rebuilder.last_path(), Rebuilt::Full, "{step}");
    let cold = guidegen::compile(&site.root, &Overrides::default());
    assert_eq!(
        warm.diagnostics, cold.diagnostics,
        "{step}: diagnostics differ"
    );
    assert!(warm.site.is_some(), "{step}");
    let (warm, cold) = (served.expect(step), cold.site.expect(step));
    assert_same_files(&warm, &cold, step);
}

/// The same output paths with the same bytes.
fn assert_same_files(warm: &Site, cold: &Site, step: &str) {
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
    let mut cache = Rebuilder::new(site.root.clone(), Overrides::default());
    assert_same_as_full(&site, &mut cache, "first build");
    let total_docs = cache.stats().documents_rendered;
    let total_pages = cache.stats().pages_rendered;
    assert!(total_docs > 5 && total_pages > 10);
    assert!(cache.stats().search_indexed);

    // The same input again: nothing is rendered, nothing is re-indexed.
    assert_same_as_full(&site, &mut cache, "no change");
    assert_eq!(cache.stats().documents_rendered, 0);
    assert_eq!(cache.stats().pages_rendered, 0);
    assert!(!cache.stats().search_indexed);

    // One playbook's prose: one document, and only the pages that show it.
    site.edit(
        "content/playbooks/autoscaling.md",
        "kubectl get nodes",
        "kubectl get nodes -o wide",
    );
    assert_same_as_full(&site, &mut cache, "edit a playbook body");
    assert_eq!(cache.stats().documents_rendered, 1, "{:?}", cache.stats());
    assert!(
        cache.stats().pages_rendered < total_pages / 2,
        "{:?} of {total_pages}",
        cache.stats()
    );
    assert!(cache.stats().search_indexed);

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
            "add a snippet and include it",
            Box::new(|s| {
                s.write(
                    "content/snippets/steps.md",
                    "## Shared steps\n\nFile the form.\n",
                );
                s.edit(
                    "content/playbooks/autoscaling.md",
                    "## Cost levers",
                    "{{#include snippets/steps.md}}\n\n## Cost levers",
                )
            }),
        ),
        (
            "edit a snippet",
            Box::new(|s| {
                s.edit(
                    "content/snippets/steps.md",
                    "File the form.",
                    "File both forms.",
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
    let broken = cache.rebuild(&[]);
    assert!(broken.site.is_none() && broken.has_errors());
    site.edit(
        "content/playbooks/autoscaling.md",
        "wieght = 10",
        "weight = 10",
    );
    assert_same_as_full(&site, &mut cache, "fixed after an error");
}

/// What `guidegen serve` runs after a save: one rebuild, then, while no other
/// save arrives, the pages it left and the search index. Returns the first
/// result and the site served once all that is done.
fn save_and_settle(
    rebuilder: &mut Rebuilder,
    served: &mut Option<Arc<Site>>,
    changed: &[PathBuf],
) -> Compiled {
    let first = rebuilder.rebuild(changed);
    let mut take = |c: &Compiled| {
        if let Some(site) = &c.site {
            *served = Some(site.clone());
        }
    };
    take(&first);
    loop {
        if let Some(next) = rebuilder.follow_up() {
            take(&next);
        } else if let Some(job) = rebuilder.search_job() {
            if let Some(next) = rebuilder.apply_search(job.run()) {
                take(&next);
            }
        } else {
            return first;
        }
    }
}

fn assert_settled_like_full(site: &TestSite, served: &Option<Arc<Site>>, step: &str) {
    let cold = guidegen::compile(&site.root, &Overrides::default());
    let cold = cold
        .site
        .unwrap_or_else(|| panic!("{step}: {:?}", cold.diagnostics));
    assert_same_files(served.as_ref().expect(step), &cold, step);
}

#[test]
fn serve_renders_a_prose_edit_alone_and_settles_to_a_full_build() {
    let site = TestSite::new("minimal");
    let mut rebuilder = Rebuilder::new(site.root.clone(), Overrides::default());
    let mut served = None;
    let first = save_and_settle(&mut rebuilder, &mut served, &[]);
    assert!(first.diagnostics.iter().all(|d| !d.is_error()));
    let playbook = "content/playbooks/autoscaling.md";

    // Prose only: the playbook's page at once, with nothing else changed.
    site.edit(
        playbook,
        "Back to [residency]",
        "Back, quickly, to [residency]",
    );
    let before = served.clone().unwrap();
    let fast = rebuilder.rebuild(&[site.path(playbook)]);
    assert_eq!(rebuilder.last_path(), Rebuilt::Fast);
    assert_eq!(rebuilder.stats().documents_rendered, 1);
    assert_eq!(rebuilder.stats().pages_rendered, 1);
    assert_eq!(
        fast.changed.as_deref(),
        Some(&["playbooks/autoscaling/index.html".to_string()][..])
    );
    let now = fast.site.clone().expect("the edit builds");
    let page = String::from_utf8_lossy(&now.files["playbooks/autoscaling/index.html"]);
    assert!(
        page.contains("Back, quickly, to"),
        "the page shows the edit"
    );
    for (path, bytes) in &before.files {
        if path != "playbooks/autoscaling/index.html" {
            assert!(now.files[path] == *bytes, "{path} changed too early");
        }
    }
    // The print pages of its regions (it is in all) follow, one per step,
    // then the search index; after that the site is a full build's.
    served = Some(now);
    let mut follow_ups = 0;
    while let Some(next) = rebuilder.follow_up() {
        let changed = next.changed.clone().unwrap_or_default();
        assert!(
            changed.len() == 1 && changed[0].ends_with("/print/index.html"),
            "{changed:?}"
        );
        served = next.site;
        follow_ups += 1;
    }
    assert_eq!(follow_ups, 2, "one print page per region");
    let job = rebuilder.search_job().expect("the index is stale");
    served = rebuilder
        .apply_search(job.run())
        .and_then(|c| c.site)
        .or(served);
    assert_settled_like_full(&site, &served, "a prose edit");

    // Saves that change more than prose go through the full rebuild; prose
    // edits of other kinds of document, and errors in prose, the fast one.
    type Step = (&'static str, Rebuilt, Box<dyn Fn(&TestSite) -> PathBuf>);
    let steps: Vec<Step> = vec![
        (
            "a heading others link to",
            Rebuilt::Full,
            Box::new(|s| {
                s.edit(
                    "content/playbooks/autoscaling.md",
                    "## Cost levers",
                    "## Cost levers {#cost-levers}\n\n## Another lever",
                );
                s.path("content/playbooks/autoscaling.md")
            }),
        ),
        (
            "a playbook's summary",
            Rebuilt::Fast,
            Box::new(|s| {
                s.edit(
                    "content/playbooks/autoscaling.md",
                    "Scale nodes with demand.",
                    "Scale nodes with demand, and back.",
                );
                s.path("content/playbooks/autoscaling.md")
            }),
        ),
        (
            "a playbook's title, shown by its case study and its neighbours",
            Rebuilt::Fast,
            Box::new(|s| {
                s.edit(
                    "content/playbooks/ops/residency.md",
                    "title = \"Data residency\"",
                    "title = \"Data residency rules\"",
                );
                s.path("content/playbooks/ops/residency.md")
            }),
        ),
        (
            "a playbook's regions",
            Rebuilt::Full,
            Box::new(|s| {
                s.edit(
                    "content/playbooks/autoscaling.md",
                    "regions = [\"all\"]",
                    "regions = [\"ksa\", \"uae\"]",
                );
                s.path("content/playbooks/autoscaling.md")
            }),
        ),
        (
            "a pillar's prose",
            Rebuilt::Fast,
            Box::new(|s| {
                let rel = "content/pillars/strategy.md";
                s.write(rel, s.read(rel) + "\nOne more sentence.\n");
                s.path(rel)
            }),
        ),
        (
            "a page's prose",
            Rebuilt::Fast,
            Box::new(|s| {
                let rel = "content/pages/about.md";
                s.write(rel, s.read(rel) + "\nAnd a last word.\n");
                s.path(rel)
            }),
        ),
        (
            "a new playbook",
            Rebuilt::Full,
            Box::new(|s| {
                s.write(
                    "content/playbooks/fresh.md",
                    "+++\ntitle = \"Fresh\"\npillar = \"strategy\"\nregions = [\"uae\"]\n+++\n\nNew.\n",
                );
                s.path("content/playbooks/fresh.md")
            }),
        ),
        (
            "the new playbook's prose",
            Rebuilt::Fast,
            Box::new(|s| {
                s.edit("content/playbooks/fresh.md", "New.", "New, and edited.");
                s.path("content/playbooks/fresh.md")
            }),
        ),
        (
            "a deleted playbook",
            Rebuilt::Full,
            Box::new(|s| {
                std::fs::remove_file(s.path("content/playbooks/fresh.md")).unwrap();
                s.path("content/playbooks/fresh.md")
            }),
        ),
    ];
    for (step, expected, edit) in steps {
        let changed = edit(&site);
        save_and_settle(&mut rebuilder, &mut served, &[changed]);
        assert_eq!(rebuilder.last_path(), expected, "{step}");
        assert_settled_like_full(&site, &served, step);
    }

    // A broken link in prose: the fast rebuild reports what a full build
    // reports, serves nothing new, and the fix brings the page back.
    let path = site.path(playbook);
    site.edit(
        playbook,
        "(@/playbooks/ops/residency.md)",
        "(@/playbooks/ops/nowhere.md)",
    );
    let broken = save_and_settle(&mut rebuilder, &mut served, std::slice::from_ref(&path));
    assert_eq!(rebuilder.last_path(), Rebuilt::Fast);
    let cold = guidegen::compile(&site.root, &Overrides::default());
    assert!(broken.site.is_none() && broken.has_errors());
    assert_eq!(broken.diagnostics, cold.diagnostics);
    site.edit(
        playbook,
        "(@/playbooks/ops/nowhere.md)",
        "(@/playbooks/ops/residency.md)",
    );
    let fixed = save_and_settle(&mut rebuilder, &mut served, &[path]);
    assert_eq!(rebuilder.last_path(), Rebuilt::Fast);
    assert!(fixed.site.is_some(), "{:?}", fixed.diagnostics);
    assert_settled_like_full(&site, &served, "a broken link, then its fix");
}

#[test]
fn serve_on_a_multilingual_site_indexes_each_language_in_the_background_and_settles_to_a_full_build(
) {
    let site = TestSite::new("minimal");
    let config = site.read("guidegen.toml");
    site.write(
        "guidegen.toml",
        format!("{config}\n[languages.zh]\ntitle = \"夹具\"\n"),
    );
    site.write(
        "content/playbooks/autoscaling.zh.md",
        site.read("content/playbooks/autoscaling.md")
            .replace("title = \"Autoscaling\"", "title = \"自动扩展\"")
            .replace("## Cost levers", "## 成本杠杆 {#cost-levers}"),
    );
    let mut rebuilder = Rebuilder::new(site.root.clone(), Overrides::default());
    let mut served = None;
    save_and_settle(&mut rebuilder, &mut served, &[]);
    assert_settled_like_full(&site, &served, "first build");

    // A Chinese edit: the reload comes before the Chinese index is rebuilt,
    // then the index follows in the background.
    let path = site.path("content/playbooks/autoscaling.zh.md");
    site.edit(
        "content/playbooks/autoscaling.zh.md",
        "kubectl get nodes",
        "kubectl get nodes\n```\n\n新的段落：节点池\n\n```bash\necho",
    );
    let before = served.clone().unwrap();
    let first = rebuilder.rebuild(std::slice::from_ref(&path));
    let site_now = first.site.clone().expect("builds");
    assert!(site_now.files["zh/playbooks/autoscaling/index.html"]
        .windows("节点池".len())
        .any(|w| w == "节点池".as_bytes()));
    assert!(
        site_now
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("zh/pagefind/"))
            .all(|(p, b)| before.files.get(p) == Some(b)),
        "the Chinese index is not rebuilt on the way to the reload"
    );
    let job = rebuilder.search_job().expect("a search job follows");
    let done = rebuilder
        .apply_search(job.run())
        .expect("the new index changes the site");
    let after = done.site.unwrap();
    assert!(after
        .files
        .iter()
        .any(|(p, b)| p.starts_with("zh/pagefind/") && before.files.get(p) != Some(b)));
    served = Some(after);
    assert_settled_like_full(&site, &served, "after a Chinese edit");
    assert!(rebuilder.search_job().is_none(), "nothing left to index");
}

#[test]
fn a_task_item_edit_follows_into_the_region_checklist_and_settles_to_a_full_build() {
    let site = TestSite::new("minimal");
    let mut rebuilder = Rebuilder::new(site.root.clone(), Overrides::default());
    let mut served = None;
    save_and_settle(&mut rebuilder, &mut served, &[]);
    let playbook = "content/playbooks/ops/residency.md";
    site.edit(
        playbook,
        "- [ ] Pick a region",
        "- [ ] Pick a region with the services you need",
    );
    let fast = rebuilder.rebuild(&[site.path(playbook)]);
    assert_eq!(rebuilder.last_path(), Rebuilt::Fast);
    assert!(fast.site.is_some());
    let mut followed = Vec::new();
    while let Some(next) = rebuilder.follow_up() {
        followed.extend(next.changed.clone().unwrap_or_default());
        served = next.site;
    }
    assert!(
        followed.contains(&"regions/ksa/checklist/index.html".to_string()),
        "{followed:?}"
    );
    if let Some(job) = rebuilder.search_job() {
        served = rebuilder
            .apply_search(job.run())
            .and_then(|c| c.site)
            .or(served);
    }
    assert_settled_like_full(&site, &served, "a task item edit");
}

/// A 3000×1500 PNG of one colour shade, so that two shades differ.
fn wide_png(shade: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(3000, 1500, |x, y| {
        image::Rgb([(x * 255 / 3000) as u8, (y * 255 / 1500) as u8, shade])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

#[test]
fn an_edited_image_renders_again_only_the_documents_that_show_it() {
    let site = TestSite::new("minimal");
    site.write("content/playbooks/ops/flow.png", wide_png(120));
    site.edit(
        "content/playbooks/ops/residency.md",
        "## Residency options",
        "![How data flows](flow.png)\n\n## Residency options",
    );
    let mut cache = Rebuilder::new(site.root.clone(), Overrides::default());
    assert_same_as_full(&site, &mut cache, "first build");
    let total_pages = cache.stats().pages_rendered;
    // New pixels: new names for its copies, in the pages that show it.
    site.write("content/playbooks/ops/flow.png", wide_png(30));
    assert_same_as_full(&site, &mut cache, "edit the image");
    assert_eq!(cache.stats().documents_rendered, 1, "{:?}", cache.stats());
    assert!(
        cache.stats().pages_rendered < total_pages / 2,
        "{:?} of {total_pages}",
        cache.stats()
    );
    // Another image the playbook does not show: nothing renders again.
    site.write("content/playbooks/ops/other.png", wide_png(60));
    site.edit(
        "content/pages/about.md",
        "## Who we are",
        "![Other](../playbooks/ops/other.png)\n\n## Who we are",
    );
    let _ = cache.rebuild(&[]);
    site.write("content/playbooks/ops/other.png", wide_png(90));
    assert_same_as_full(
        &site,
        &mut cache,
        "edit an image the playbook does not show",
    );
    assert_eq!(cache.stats().documents_rendered, 1, "{:?}", cache.stats());
}
