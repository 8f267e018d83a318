//! Typed TOML with positions: deserializes a TOML text (a whole file or a
//! front matter block) and turns a `toml` error into a `Diagnostic` that points
//! into the file, with the allowed keys and a did-you-mean hint for unknown ones.

use crate::base::diagnostics::{did_you_mean, Diagnostic};
use crate::base::source::Source;
use serde::de::DeserializeOwned;
use std::ops::Range;

/// A TOML text inside a file: the whole file, or a front matter block.
pub struct TomlIn<'a> {
    pub path: &'a str,
    /// The full text of the file, for positions.
    pub file_text: &'a str,
    /// Where `toml_text` starts in `file_text`.
    pub offset: usize,
    pub toml_text: &'a str,
    /// Where a "missing key" error points: the start of the table.
    pub table_start: usize,
}

impl TomlIn<'_> {
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        toml::from_str(self.toml_text).map_err(|e| self.diagnostic(e.message(), e.span()))
    }

    /// A byte range of the TOML text as a range of the file.
    pub fn file_range(&self, span: Range<usize>) -> Range<usize> {
        self.offset + span.start..self.offset + span.end
    }

    fn diagnostic(&self, message: &str, span: Option<Range<usize>>) -> Diagnostic {
        let message = message.trim();
        if let Some(rest) = message.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or_default();
            // toml reports a missing field of the top-level table at 0..0; of a
            // nested table ([[metrics]]), at that table's span.
            let at = match span {
                Some(s) if s.start > 0 => self.offset + s.start,
                _ => self.table_start,
            };
            return Diagnostic::error_at(
                self.path,
                self.file_text,
                at,
                format!("missing required key `{field}`"),
            );
        }
        let at = span.map_or(self.table_start, |s| self.offset + s.start);
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let mut parts = rest.splitn(2, '`');
            let field = parts.next().unwrap_or_default();
            let allowed: Vec<&str> = parts
                .next()
                .unwrap_or_default()
                .split('`')
                .skip(1)
                .step_by(2)
                .collect();
            let text = if allowed.is_empty() {
                format!("unknown key `{field}`")
            } else {
                format!(
                    "unknown key `{field}`; allowed keys: {}",
                    allowed.join(", ")
                )
            };
            return Diagnostic::error_at(self.path, self.file_text, at, text)
                .with_hint(did_you_mean(field, allowed.iter().copied()));
        }
        Diagnostic::error_at(
            self.path,
            self.file_text,
            at,
            format!("invalid TOML: {message}"),
        )
    }
}

/// A whole TOML file as the TOML input.
pub fn whole_file(source: &Source) -> TomlIn<'_> {
    TomlIn {
        path: &source.path,
        file_text: &source.text,
        offset: 0,
        toml_text: &source.text,
        table_start: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        #[serde(default)]
        weight: i64,
    }

    fn input(text: &str) -> TomlIn<'_> {
        TomlIn {
            path: "content/a.md",
            file_text: text,
            offset: 0,
            toml_text: text,
            table_start: 0,
        }
    }

    #[test]
    fn unknown_key_lists_allowed_keys_and_suggests() {
        let text = "title = \"x\"\nwieght = 3\n";
        let err = input(text).parse::<Meta>().unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert_eq!(
            err.message,
            "unknown key `wieght`; allowed keys: title, weight"
        );
        assert_eq!(err.hint.as_deref(), Some("did you mean \"weight\"?"));
    }

    #[test]
    fn missing_key_points_at_table_start() {
        let text = "weight = 3\n";
        let err = input(text).parse::<Meta>().unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
        assert_eq!(err.message, "missing required key `title`");
    }

    #[test]
    fn syntax_error_has_its_line() {
        let text = "title = \"x\"\nweight = = 3\n";
        let err = input(text).parse::<Meta>().unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.starts_with("invalid TOML"), "{}", err.message);
    }
}
