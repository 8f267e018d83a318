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
    /// The first build's report; `indexing` when search follows in the
    /// background (`search_ready` says when it is done).
    pub(super) fn first_build(&mut self, compiled: &Compiled, took: Duration, indexing: bool) {
        eprint_human(&compiled.diagnostics);
        self.warnings = warnings(&compiled.diagnostics);
        let search = if indexing {
            "; indexing search in the background"
        } else {
            ""
        };
        match &compiled.site {
            Some(site) => eprintln!("Built {} pages in {} ms{search}", site.pages, millis(took)),
            None => eprintln!(
                "Build failed with {} error(s); serving an error page until they are fixed",
                compiled.diagnostics.iter().filter(|d| d.is_error()).count()
            ),
        }
    }

    /// The first search index is served: `line` says how long it took.
    pub(super) fn search_ready(&mut self, line: &str) {
        eprintln!("{line}");
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
                eprint_human(diagnostics.iter().filter(|d| d.is_error()));
                self.warning_changes(warnings(diagnostics));
                eprintln!(
                    "Rebuild failed in {} ms with {errors} error(s); still serving the last good build",
                    millis(took)
                );
            }
            Published::Swapped { changed, notice } => {
                self.warning_changes(warnings(diagnostics));
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

impl Terminal {
    /// Prints the warnings a rebuild introduced and those it cleared, and
    /// how many others stand: not every warning of the site at every save.
    fn warning_changes(&mut self, now: Vec<Diagnostic>) {
        eprint!("{}", warning_report(&self.warnings, &now));
        self.warnings = now;
    }
}

/// What changed between two lists of warnings, as printed.
fn warning_report(before: &[Diagnostic], now: &[Diagnostic]) -> String {
    let added: Vec<&Diagnostic> = now.iter().filter(|d| !before.contains(d)).collect();
    let cleared: Vec<&Diagnostic> = before.iter().filter(|d| !now.contains(d)).collect();
    let mut out = String::new();
    for d in &added {
        out.push_str(&d.human());
    }
    for d in &cleared {
        let first = d.human();
        let first = first.lines().next().unwrap_or_default();
        out.push_str(&format!("cleared: {first}\n"));
    }
    let others = now.len() - added.len();
    if (!added.is_empty() || !cleared.is_empty()) && others > 0 {
        out.push_str(&format!("{others} other warning(s) unchanged\n"));
    }
    out
}

fn warnings(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Level;

    fn warning(path: &str, message: &str) -> Diagnostic {
        Diagnostic::file(Level::Warning, path, message)
    }

    #[test]
    fn a_rebuild_prints_only_the_warnings_it_introduced_or_cleared() {
        let old = [warning("a.md", "old one"), warning("b.md", "stays")];
        let now = [warning("b.md", "stays"), warning("c.md", "new one")];
        assert_eq!(
            warning_report(&old, &now),
            "warning: c.md: new one\ncleared: warning: a.md: old one\n1 other warning(s) unchanged\n"
        );
        assert_eq!(warning_report(&now, &now), "");
        assert_eq!(warning_report(&[], &now[..1]), "warning: b.md: stays\n");
    }
}
