//! Criterion micro-benchmarks of guidegen's build stages, through the
//! library's public API, on a generated site of 200 playbooks
//! (`examples/gen-site.rs`, included here as a module) in a temp dir:
//!
//! - `load`: `bench::load_content` (reading files, front matter and TOML
//!   parsing);
//! - `markdown`: `bench::render_markdown` of one playbook and of all 200,
//!   with every `@/` link resolved;
//! - `highlight`: `bench::highlight` for each fenced language the generated
//!   playbooks use (yaml, rust, bash, hcl);
//! - `compile`: `guidegen::compile` with search off and on (everything up to
//!   the in-memory site: Markdown, templates, and with search on the Pagefind
//!   index; the difference is search indexing);
//! - `write`: `bench::write_site` of the compiled site (search on) to disk.
//!
//! Run: `cargo bench --bench stages` (a few minutes); one group:
//! `cargo bench --bench stages -- compile`. Samples are few (10) so the whole
//! run stays short; read the medians, and compare runs on an idle machine.
//! `stages::N` below sets the site size.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use guidegen::{bench, Overrides};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[allow(dead_code)]
#[path = "../examples/gen-site.rs"]
mod gen_site;

/// Playbooks in the generated site.
const N: usize = 200;

/// The generated sites, search on and off, kept for the whole run.
struct Sites {
    _dir: tempfile::TempDir,
    search_on: PathBuf,
    search_off: PathBuf,
}

fn sites() -> Sites {
    let dir = tempfile::tempdir().expect("temp dir");
    let search_on = dir.path().join("on");
    let search_off = dir.path().join("off");
    for root in [&search_on, &search_off] {
        gen_site::generate(N, root, gen_site::Flavour::Guidegen, false).expect("generate site");
    }
    let config = search_off.join("guidegen.toml");
    let text = std::fs::read_to_string(&config).expect("read config");
    assert!(text.contains("enabled = true"), "gen-site turns search on");
    std::fs::write(&config, text.replace("enabled = true", "enabled = false"))
        .expect("write config");
    Sites {
        _dir: dir,
        search_on,
        search_off,
    }
}

fn compile_ok(root: &Path) -> guidegen::Site {
    let compiled = guidegen::compile(root, &Overrides::default());
    assert!(
        compiled.diagnostics.is_empty(),
        "the generated site builds cleanly: {:?}",
        compiled.diagnostics.first()
    );
    std::sync::Arc::unwrap_or_clone(compiled.site.expect("a site"))
}

fn stages(c: &mut Criterion) {
    let sites = sites();

    // Front matter + TOML: reading and parsing every content file.
    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::Elements(N as u64));
    group.bench_function("content_load", |b| {
        b.iter(|| black_box(bench::load_content(&sites.search_on)))
    });
    group.finish();

    let playbooks = bench::load_content(&sites.search_on).expect("content loads cleanly");

    // Markdown to HTML (highlighting of the code block included).
    let mut group = c.benchmark_group("markdown");
    let first = &playbooks[0];
    bench::render_markdown(first).expect("the playbook renders cleanly");
    group.throughput(Throughput::Bytes(first.markdown().len() as u64));
    group.bench_function("render_one_playbook", |b| {
        b.iter(|| black_box(bench::render_markdown(first)))
    });
    let all_bytes: usize = playbooks.iter().map(|p| p.markdown().len()).sum();
    group.throughput(Throughput::Bytes(all_bytes as u64));
    group.bench_function(BenchmarkId::new("render_all_playbooks", N), |b| {
        b.iter(|| {
            for p in &playbooks {
                black_box(bench::render_markdown(p)).ok();
            }
        })
    });
    group.finish();

    // Highlighting one fenced block of each language.
    let mut group = c.benchmark_group("highlight");
    for lang in ["yaml", "rust", "bash", "hcl"] {
        let code = playbooks
            .iter()
            .find_map(|p| fenced_block(p.markdown(), lang))
            .unwrap_or_else(|| panic!("a {lang} block in the generated playbooks"));
        assert!(
            bench::highlight(lang, &code).is_some(),
            "{lang} is a known language"
        );
        group.throughput(Throughput::Bytes(code.len() as u64));
        group.bench_with_input(BenchmarkId::new("code_block", lang), &code, |b, code| {
            b.iter(|| black_box(bench::highlight(lang, code)))
        });
    }
    group.finish();

    // The whole compile: load, resolve, Markdown, templates, search index.
    let mut group = c.benchmark_group("compile");
    group.measurement_time(Duration::from_secs(15));
    group.throughput(Throughput::Elements(N as u64));
    compile_ok(&sites.search_off);
    group.bench_function("search_off", |b| {
        b.iter(|| black_box(guidegen::compile(&sites.search_off, &Overrides::default())))
    });
    let site = compile_ok(&sites.search_on);
    group.bench_function("search_on", |b| {
        b.iter(|| black_box(guidegen::compile(&sites.search_on, &Overrides::default())))
    });
    group.finish();

    // Writing the compiled site (search on) beside the output and swapping it in.
    let mut group = c.benchmark_group("write");
    let bytes: usize = site.files.values().map(|b| b.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    group.bench_function(BenchmarkId::new("output_write", site.files.len()), |b| {
        b.iter(|| bench::write_site(&site, &public).expect("write"))
    });
    group.finish();
}

/// The body of the first fenced block of `lang` in `markdown`.
fn fenced_block(markdown: &str, lang: &str) -> Option<String> {
    let open = format!("```{lang}\n");
    let start = markdown.find(&open)? + open.len();
    let len = markdown[start..].find("```")?;
    Some(markdown[start..start + len].to_string())
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
