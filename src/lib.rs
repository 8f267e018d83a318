//! guidegen: a static site generator for regional expansion guides.
//!
//! The pipeline, one layer per folder, each importing only from the layers
//! below it:
//!
//! 1. `base`: diagnostics, source text, fingerprints, the `Site`;
//! 2. `config`, `routes` (every URL and output path), `theme` (templates,
//!    UI strings, static files);
//! 3. `content` (load), `markdown`, `raster` (resized images), `search`,
//!    `cards` (social card images);
//! 4. `library` (resolve);
//! 5. `render` (pages, handed to a sink; never touches the disk);
//! 6. `write` (the atomic swap) and `pipeline` (`compile`, `build`);
//! 7. `serve` (its memo, single-page rebuilds, background search, reload);
//! 8. `cli`.

pub(crate) mod base;
#[doc(hidden)]
pub mod bench;
pub(crate) mod cards;
pub(crate) mod cli;
pub(crate) mod config;
pub(crate) mod content;
#[cfg(test)]
mod fuzz_replay;
pub(crate) mod library;
pub(crate) mod markdown;
pub(crate) mod pipeline;
pub(crate) mod raster;
pub(crate) mod render;
pub(crate) mod routes;
pub(crate) mod search;
pub mod serve;
pub(crate) mod theme;
pub(crate) mod write;

pub use base::diagnostics::{Diagnostic, Level};
pub use base::site::Site;
pub use config::Overrides;
pub use pipeline::{build, compile, Compiled, Coverage};

/// Runs the command line; returns the process exit code.
pub fn run_cli() -> i32 {
    cli::run()
}
