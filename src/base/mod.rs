//! base: what every layer of the pipeline shares and that depends on none of
//! them — diagnostics, source text and its positions, fingerprints, the
//! compressed text of a large build, the `Site` a build produces, timings.
//! Nothing here knows about guides, regions or templates.

pub mod cache;
pub mod css;
pub mod date;
pub mod diagnostics;
pub mod files;
pub mod fingerprint;
pub mod html;
pub mod image_size;
pub mod packed;
pub mod site;
pub mod source;
#[cfg(test)]
pub mod test_site;
pub mod timings;
pub mod toml_in;

/// How much of one page's HTML the search index reads: Pagefind's time and
/// memory grow faster than the page, so a giant page is indexed by its
/// beginning only, and loading warns about a content file this large.
pub const MAX_INDEXED_HTML: usize = 1 << 20;

/// Lowers the calling thread's priority (nice 10) below the build's other
/// threads: work that may wait, beside work that is waited on. Best
/// effort: on failure the thread runs at the priority it had.
pub fn lower_thread_priority() {
    let me = rustix::thread::gettid();
    let _ = rustix::process::setpriority_process(Some(me), 10);
}
