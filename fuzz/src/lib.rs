//! The parts of guidegen the fuzz targets exercise, compiled from the main
//! crate's own source files (`#[path]`): the lower layers of its pipeline
//! (base, config, routes, content, markdown, raster, library), which import nothing
//! from the layers above them — no server, templates or search indexer.
//! That keeps this crate's build to a fraction of guidegen's (no pagefind,
//! tera, axum or tokio), which matters on CI and for an instrumented build.
#![allow(dead_code)]

#[path = "../../src/base/mod.rs"]
pub mod base;
#[path = "../../src/config.rs"]
pub mod config;
#[path = "../../src/content/mod.rs"]
pub mod content;
#[path = "../../src/library/mod.rs"]
pub mod library;
#[path = "../../src/markdown/mod.rs"]
pub mod markdown;
#[path = "../../src/raster/mod.rs"]
pub mod raster;
#[path = "../../src/routes.rs"]
pub mod routes;

/// The one thing the library asks of the theme: the ids its templates give
/// their own elements. The fuzz targets render no templates, so none.
pub mod theme {
    pub fn page_ids() -> Vec<String> {
        Vec::new()
    }
}

#[path = "../harness.rs"]
pub mod harness;
