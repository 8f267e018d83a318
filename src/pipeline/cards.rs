//! cards: every page's social card drawn, in parallel, or taken from the
//! site's `.guidegen-cache/cards/` when a build has drawn it before.
//! An entry is named by the card's key (a hash of everything drawn on
//! it); one that is not a whole PNG of a card's size is drawn again.

use crate::base::cache::Cache;
use crate::base::diagnostics::{Diagnostic, Level};
use crate::cards::{self, Card, Painter};
use crate::theme::cards::CardTheme;
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What drawing the cards made.
#[derive(Default)]
pub(crate) struct Drawn {
    /// Each card's bytes, by output path.
    pub(crate) files: BTreeMap<String, Bytes>,
    /// Cards drawn in this build, and cards taken from the cache.
    pub(crate) drawn: usize,
    pub(crate) cached: usize,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// A card's PNG and whether it was drawn now (not taken from the cache),
/// or why it could not be drawn.
type Outcome = Result<(Bytes, bool), String>;

/// Draws `wanted` (output path → card), or takes them from `cache`.
pub(crate) fn draw(cache: &Cache, theme: &CardTheme, wanted: BTreeMap<String, Card>) -> Drawn {
    let painter = std::sync::OnceLock::new();
    let results: Vec<(String, Outcome)> = wanted
        .into_par_iter()
        .map(|(path, card)| {
            let name = path.rsplit('/').next().unwrap_or(&path).to_string();
            if let Some(bytes) = cache.read(&name) {
                if cards::is_card_png(&bytes) {
                    return (path, Ok((Bytes::from(bytes), false)));
                }
            }
            let painter = painter.get_or_init(|| Painter::new(theme));
            let result = painter.draw(&card).map(|png| {
                // A cache that cannot be written costs time, not the build.
                let _ = cache.write(&name, &png);
                (Bytes::from(png), true)
            });
            (path, result)
        })
        .collect();
    let mut out = Drawn::default();
    for (path, result) in results {
        match result {
            Ok((bytes, fresh)) => {
                if fresh {
                    out.drawn += 1;
                } else {
                    out.cached += 1;
                }
                out.files.insert(path, bytes);
            }
            Err(e) => out.diagnostics.push(Diagnostic::file(
                Level::Warning,
                &path,
                format!("cannot draw this social card: {e}"),
            )),
        }
    }
    out
}
