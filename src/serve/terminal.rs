//! terminal: what `serve` prints — every diagnostic of a failed build,
//! warnings only when they changed, and one line per rebuild.

use super::memo::RebuildStats;
use super::notice::Notice;
use super::state::Published;
use crate::base::diagnostics::{eprint_human, Diagnostic};
use crate::pipeline::Compiled;
use std::time::Duration;

/// What the terminal shows: every diagnostic of a failed build, warnings
/// only when they changed, and one line per rebuild.
#[derive(Default)]
pub(super) struct Terminal {
    warnings: Vec<Diagnostic>,
}

pub(super) fn millis(d: Duration) -> u128 {
    d.as_millis()
}

impl Terminal {
    pub(super) fn first_build(&mut self, compiled: &Compiled, took: Duration) {
        eprint_human(&compiled.diagnostics);
        self.warnings = warnings(&compiled.diagnostics);
        match &compiled.site {
            Some(site) => eprintln!("Built {} pages in {} ms", site.pages, millis(took)),
            None => eprintln!(
                "Build failed with {} error(s); serving an error page until they are fixed",
                compiled.diagnostics.iter().filter(|d| d.is_error()).count()
            ),
        }
    }

    /// One line for work done after a rebuild was handed over.
    pub(super) fn follow_up(
        &mut self,
        what: &str,
        diagnostics: &[Diagnostic],
        published: &Published,
        took: Duration,
    ) {
        match published {
            Published::Failed { .. } => {
                eprint_human(diagnostics);
                self.warnings = warnings(diagnostics);
            }
            Published::Swapped { changed, .. } => match changed.as_slice() {
                [] => {}
                [one] => eprintln!("Updated {what} in {} ms: {one}", millis(took)),
                many => eprintln!(
                    "Updated {what} in {} ms: {} files",
                    millis(took),
                    many.len()
                ),
            },
        }
    }

    pub(super) fn rebuild(
        &mut self,
        diagnostics: &[Diagnostic],
        published: &Published,
        took: Duration,
        latency: Duration,
        stats: RebuildStats,
    ) {
        match published {
            Published::Failed { errors } => {
                eprint_human(diagnostics);
                self.warnings = warnings(diagnostics);
                eprintln!(
                    "Rebuild failed in {} ms with {errors} error(s); still serving the last good build",
                    millis(took)
                );
            }
            Published::Swapped { changed, notice } => {
                let now = warnings(diagnostics);
                if now != self.warnings {
                    eprint_human(&now);
                    self.warnings = now;
                }
                let files = match changed.len() {
                    0 => "no files changed".to_string(),
                    1 => "1 file changed".to_string(),
                    n => format!("{n} files changed"),
                };
                let sent = match notice {
                    Some(Notice::Stylesheets(_)) => {
                        format!(
                            "; stylesheets swapped {} ms after the save",
                            millis(latency)
                        )
                    }
                    Some(_) => format!("; reload sent {} ms after the save", millis(latency)),
                    None => String::new(),
                };
                let search = if stats.search_indexed {
                    ", search re-indexed"
                } else {
                    ""
                };
                eprintln!(
                    "Rebuilt in {} ms ({files}; {} pages and {} documents rendered, the rest reused{search}{sent})",
                    millis(took),
                    stats.pages_rendered,
                    stats.documents_rendered
                );
            }
        }
    }
}

fn warnings(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .collect()
}
