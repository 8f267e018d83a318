//! Replays the fuzz corpus (`fuzz/corpus/TARGET/*`) through the same functions
//! the libFuzzer targets call (`fuzz/harness.rs`), so every CI run re-checks
//! each input that ever crashed guidegen, without a nightly toolchain.

// The harness names guidegen's modules from the crate root
// (`crate::content`), as the fuzz crate compiles them there.
#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

#[test]
fn every_fuzz_corpus_file_replays_without_a_panic() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, target) in harness::TARGETS {
        let dir = corpus.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "empty corpus {}", dir.display());
        for file in files {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name}: {} panicked", file.display());
        }
    }
}

#[test]
#[should_panic(expected = "an event handler")]
fn the_markdown_target_catches_an_event_handler() {
    harness::assert_no_active_html("<p>ok</p><h2 id=\"t\" onclick=\"alert(1)\">T</h2>");
}

#[test]
#[should_panic(expected = "javascript:")]
fn the_markdown_target_catches_a_javascript_link() {
    harness::assert_no_active_html("<a href=\"java\tscript:alert(1)\">x</a>");
}

#[test]
fn the_markdown_target_accepts_such_text_outside_tags() {
    harness::assert_no_active_html(
        "<p>href=\"javascript:x\" onclick=&quot;</p><a title=\"go onload=x\" href=\"/a/\">a</a>",
    );
}
