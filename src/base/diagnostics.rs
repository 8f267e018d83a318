//! Everything a user can get wrong, as one `Diagnostic` type.
//!
//! Every stage reports problems by pushing `Diagnostic`s into a list instead of
//! bailing out at the first one; the CLI sorts them and prints them in one of
//! the formats of SPEC ("Diagnostics"). Positions are computed here, once, from
//! the file's text and a byte offset, so a CRLF counts as one line break and a
//! column counts characters, not bytes. Nothing here touches the disk.

use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

/// A place in a file, kept for a diagnostic made after the file's text is
/// let go of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub source_line: String,
}

impl Location {
    /// The place of byte `offset` of `text`.
    pub fn of(text: &str, offset: usize) -> Self {
        let (line, column, source_line) = position(text, offset);
        Location {
            line,
            column,
            source_line: source_line.to_string(),
        }
    }
}

/// A problem in the user's input, located in a file relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line and column; 0 when the problem concerns the whole file.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The source line the position points into, for the caret display.
    pub source_line: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem about a whole file (unreadable, not UTF-8, …).
    pub fn file(level: Level, path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            level,
            path: path.to_string(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: None,
            hint: None,
        }
    }

    /// A problem at byte `offset` of `text`, the full text of the file at `path`.
    pub fn at(
        level: Level,
        path: &str,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column, source_line) = position(text, offset);
        Diagnostic {
            level,
            path: path.to_string(),
            line,
            column,
            message: message.into(),
            source_line: Some(source_line.to_string()),
            hint: None,
        }
    }

    /// A problem at a place found earlier (the file's text may be gone).
    pub fn located(level: Level, path: &str, at: &Location, message: impl Into<String>) -> Self {
        Diagnostic {
            level,
            path: path.to_string(),
            line: at.line,
            column: at.column,
            message: message.into(),
            source_line: Some(at.source_line.clone()),
            hint: None,
        }
    }

    pub fn error_at(path: &str, text: &str, offset: usize, message: impl Into<String>) -> Self {
        Self::at(Level::Error, path, text, offset, message)
    }

    /// Adds a hint; one already there (such as where a snippet was
    /// included) is kept after it.
    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = match (hint, self.hint.take()) {
            (Some(new), Some(old)) => Some(format!("{new}; {old}")),
            (new, old) => new.or(old),
        };
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    fn sort_key(&self) -> (&str, usize, usize, Level, &str, Option<&str>) {
        (
            &self.path,
            self.line,
            self.column,
            self.level,
            &self.message,
            self.hint.as_deref(),
        )
    }

    /// `error: PATH:LINE:COL: message`, the source line with a caret, a hint.
    pub fn human(&self) -> String {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut out = String::new();
        if self.line == 0 {
            let _ = writeln!(out, "{level}: {}: {}", self.path, self.message);
        } else {
            let _ = writeln!(
                out,
                "{level}: {}:{}:{}: {}",
                self.path, self.line, self.column, self.message
            );
        }
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let (shown, caret_column) = excerpt(src, self.column);
            let caret_pad = " ".repeat(caret_column.saturating_sub(1));
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {shown}");
            let _ = writeln!(out, "{pad} | {caret_pad}^");
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        printable(&out)
    }

    /// One JSON object, as `check --format json` prints it.
    pub fn json(&self) -> String {
        let mut message = self.message.clone();
        if let Some(hint) = &self.hint {
            message.push_str(&format!(" ({hint})"));
        }
        serde_json::json!({
            "level": self.level,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": message,
        })
        .to_string()
    }

    /// A GitHub Actions workflow command.
    pub fn github(&self) -> String {
        let kind = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut message = self.message.clone();
        if let Some(hint) = &self.hint {
            message.push_str(&format!(" ({hint})"));
        }
        // Workflow commands end at a newline; `%`, CR and LF must be escaped.
        let escape = |s: &str| {
            s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let prop = |s: &str| escape(s).replace(':', "%3A").replace(',', "%2C");
        if self.line == 0 {
            format!("::{kind} file={}::{}", prop(&self.path), escape(&message))
        } else {
            format!(
                "::{kind} file={},line={},col={}::{}",
                prop(&self.path),
                self.line,
                self.column,
                escape(&message)
            )
        }
    }
}

/// `text` safe to print on a terminal: a control character from a hostile
/// file (an escape sequence, a NUL, a lone CR) becomes `�`, one character for
/// one, so carets stay aligned. Line breaks and tabs stay.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// The part of a long source line around `column` (1-based), with tabs as
/// spaces, and the caret's column within that part.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    const WIDTH: usize = 100;
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    if chars.len() <= WIDTH {
        return (chars.into_iter().collect(), column);
    }
    let start = column
        .saturating_sub(WIDTH / 2)
        .min(chars.len().saturating_sub(WIDTH));
    let end = (start + WIDTH).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut caret = column - start;
    if start > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

/// Prints `diagnostics` to stderr in the human format, all in one write so
/// that nothing else interleaves: the one printer of `check`, `build` and
/// `serve`.
pub fn eprint_human<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.human());
    }
    eprint!("{out}");
}

/// Sort diagnostics by path, line and column, and drop exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

/// 1-based line and column of byte `offset` in `text`, and that line's text.
pub fn position(text: &str, offset: usize) -> (usize, usize, &str) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let source_line = text[line_start..line_end].trim_end_matches('\r');
    (line, column, source_line)
}

/// The candidate closest to `wanted`, if it is close enough to be a likely
/// typo: a small edit distance (transpositions count as one edit) or a
/// high Jaro-Winkler similarity for longer words.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let wanted = wanted.to_lowercase();
    let mut best: Option<(usize, f64, &str)> = None;
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        let distance = strsim::osa_distance(&wanted, &lower);
        let similarity = strsim::jaro_winkler(&wanted, &lower);
        let allowed = (wanted.chars().count().max(lower.chars().count()) / 3).max(1);
        if distance > allowed && similarity < 0.85 {
            continue;
        }
        let better = best.is_none_or(|(d, s, _)| distance < d || (distance == d && similarity > s));
        if better {
            best = Some((distance, similarity, candidate));
        }
    }
    best.map(|(_, _, c)| format!("did you mean \"{c}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_from_a_file_are_not_sent_to_the_terminal() {
        let text = "a = \u{1b}[31mred\u{7}\r\n";
        let d = Diagnostic::error_at("content/x\u{1b}]0;.toml", text, 4, "bad");
        let shown = d.human();
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
        assert!(
            shown.contains("1 | a = \u{fffd}[31mred\u{fffd}\n"),
            "{shown:?}"
        );
        assert!(
            shown.contains("  |     ^\n"),
            "caret still aligned: {shown:?}"
        );
    }

    #[test]
    fn position_counts_crlf_as_one_line_break() {
        let text = "a = 1\r\nbé = 2\r\nc = 3";
        let offset = text.find("= 2").unwrap();
        let (line, col, src) = position(text, offset);
        assert_eq!((line, col, src), (2, 4, "bé = 2"));
    }

    #[test]
    fn position_clamps_past_the_end() {
        assert_eq!(position("ab\ncd", 99), (2, 3, "cd"));
    }

    #[test]
    fn human_format_has_path_line_col_caret_and_hint() {
        let d = Diagnostic::error_at(
            "content/x.md",
            "title = 1\npillar = \"complience\"\n",
            19,
            "unknown pillar",
        )
        .with_hint(Some("did you mean \"compliance\"?".into()));
        let out = d.human();
        assert!(
            out.starts_with("error: content/x.md:2:10: unknown pillar\n"),
            "{out}"
        );
        assert!(out.contains("2 | pillar = \"complience\"\n"), "{out}");
        assert!(out.contains("  |          ^\n"), "{out}");
        assert!(
            out.ends_with("  = hint: did you mean \"compliance\"?\n"),
            "{out}"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("{}[broken](@/x.md){}", "a".repeat(300), "b".repeat(300));
        let d = Diagnostic::error_at("p.md", &line, 300, "broken link");
        let out = d.human();
        let shown = out.lines().nth(2).unwrap();
        let caret = out.lines().nth(3).unwrap();
        assert!(shown.chars().count() < 120, "{shown}");
        let caret_at = caret.find('^').unwrap();
        assert_eq!(shown.chars().nth(caret_at), Some('['), "{shown}\n{caret}");
    }

    #[test]
    fn a_cut_line_shows_an_ellipsis_on_each_cut_side_only() {
        let tail = "b".repeat(200);
        // Near its start: cut on the right only, the caret under `[`.
        let line = format!("{}[broken](@/x.md){tail}", "a".repeat(20));
        let out = Diagnostic::error_at("p.md", &line, 20, "broken link").human();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], format!("1 | {}…", &line[..100]));
        assert_eq!(lines[3], format!("  | {}^", " ".repeat(20)));
        // Far from both ends: cut on both sides, the caret still under `[`.
        let line = format!("{}[broken](@/x.md){tail}", "a".repeat(150));
        let out = Diagnostic::error_at("p.md", &line, 150, "broken link").human();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[2], format!("1 | …{}…", &line[101..201]));
        assert_eq!(lines[3], format!("  | {}^", " ".repeat(50)));
    }

    #[test]
    fn json_and_github_formats() {
        let d = Diagnostic::error_at("a.md", "x\ny", 2, "bad, very: bad");
        let v: serde_json::Value = serde_json::from_str(&d.json()).unwrap();
        assert_eq!(v["level"], "error");
        assert_eq!(v["line"], 2);
        assert_eq!(v["column"], 1);
        assert_eq!(d.github(), "::error file=a.md,line=2,col=1::bad, very: bad");
    }

    #[test]
    fn did_you_mean_finds_close_slugs_only() {
        let slugs = ["ksa", "uae", "brazil"];
        assert_eq!(
            did_you_mean("brasil", slugs).as_deref(),
            Some("did you mean \"brazil\"?")
        );
        assert_eq!(
            did_you_mean("kas", slugs).as_deref(),
            Some("did you mean \"ksa\"?")
        );
        assert_eq!(did_you_mean("zzzzzz", slugs), None);
    }

    #[test]
    fn sort_orders_by_path_then_line() {
        let mut v = vec![
            Diagnostic::error_at("b.md", "x", 0, "m"),
            Diagnostic::error_at("a.md", "x\ny", 2, "m"),
            Diagnostic::error_at("a.md", "x", 0, "m"),
        ];
        sort(&mut v);
        let order: Vec<_> = v.iter().map(|d| (d.path.as_str(), d.line)).collect();
        assert_eq!(order, [("a.md", 1), ("a.md", 2), ("b.md", 1)]);
    }
}
