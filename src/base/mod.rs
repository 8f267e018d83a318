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

/// How much of one page's HTML the search index reads: a giant page is
/// indexed by its beginning only (its text is also each result's excerpt
/// source, fetched whole), and loading warns about a content file this
/// large.
pub const MAX_INDEXED_HTML: usize = 1 << 20;
