//! history: the date of each file's last commit, when the site is in a git
//! repository: read in one pass over the history by one `git log`, never a
//! process per file. Without git, or outside a repository, there are no
//! dates and nothing fails. The same commit always gives the same dates.

use crate::base::date::Date;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// Each file's last commit date, by its path from the site root.
pub fn last_commits(root: &Path) -> HashMap<String, Date> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            ".",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output {
        Ok(out) if out.status.success() => parse_log(&String::from_utf8_lossy(&out.stdout)),
        _ => HashMap::new(),
    }
}

/// `git log --format=%x00%cs --name-only`: a NUL and a date before each
/// commit's files, newest commit first; a file's first date is its last.
fn parse_log(log: &str) -> HashMap<String, Date> {
    let mut dates = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = parse_date(date.trim());
        } else if let (Some(date), false) = (current, line.trim().is_empty()) {
            dates.entry(line.to_string()).or_insert(date);
        }
    }
    dates
}

fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    Some(Date {
        year: parts.next()?.parse().ok()?,
        month: parts.next()?.parse().ok()?,
        day: parts.next()?.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_last_commit_is_its_newest() {
        let log =
            "\u{0}2026-12-04\n\ncontent/a.md\n\u{0}2026-11-02\n\ncontent/a.md\ncontent/b.toml\n";
        let dates = parse_log(log);
        let date = |y, m, d| Date {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(dates["content/a.md"], date(2026, 12, 4));
        assert_eq!(dates["content/b.toml"], date(2026, 11, 2));
        assert_eq!(dates.len(), 2);
    }

    #[test]
    fn outside_a_repository_there_are_no_dates() {
        let dir = tempfile::tempdir().unwrap();
        assert!(last_commits(dir.path()).is_empty());
    }
}
