//! rebuild: the one step between "these sources changed" and a new `Site`.
//!
//! Today every rebuild compiles the whole site in memory with
//! [`crate::compile`]. This is the seam where incremental rebuilds plug in:
//! whatever replaces the body of [`Rebuilder::rebuild`] must return what a
//! full `compile` would (the site and every diagnostic), and may keep state
//! between calls in `Rebuilder`. Nothing here serves, watches or writes.

use crate::config::Overrides;
use crate::{compile, Compiled};
use std::path::{Path, PathBuf};

/// Builds the site at `root` again and again, with the same flags.
pub struct Rebuilder {
    root: PathBuf,
    overrides: Overrides,
}

impl Rebuilder {
    pub fn new(root: PathBuf, overrides: Overrides) -> Rebuilder {
        Rebuilder { root, overrides }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Builds the site after `changed` (absolute source paths; empty means
    /// "unknown, rebuild everything", as for the first build) changed.
    /// Returns what a full build of the sources as they are now returns.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Compiled {
        // A full build for now: `changed` is for the incremental engine.
        let _ = changed;
        compile(&self.root, &self.overrides)
    }
}
