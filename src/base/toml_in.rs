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
        let start = span.as_ref().map_or(0, |s| s.start);
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
        if let Some(rest) = message.strip_prefix("invalid type: ") {
            if let Some(d) = self.wrong_type(rest, start, at) {
                return d;
            }
        }
        if message.starts_with("duplicate key") {
            if let Some(d) = self.table_for_list(start) {
                return d;
            }
        }
        Diagnostic::error_at(
            self.path,
            self.file_text,
            at,
            format!("invalid TOML: {message}"),
        )
    }

    /// "invalid type: string \"35\", expected f64", said in the reader's
    /// words with the key it is about: `value` must be a number.
    fn wrong_type(&self, rest: &str, start: usize, at: usize) -> Option<Diagnostic> {
        let (found, expected) = rest.rsplit_once(", expected ")?;
        let key = key_at(self.toml_text, start)?;
        let error = |message: String, hint: Option<String>| {
            Diagnostic::error_at(self.path, self.file_text, at, message).with_hint(hint)
        };
        // A single table where the key needs a list of them: `[metrics]`
        // written for `[[metrics]]`.
        if found == "map" && expected == "a sequence" {
            return Some(error(
                format!("`{key}` is a list of tables: each entry starts with `[[{key}]]`, not `[{key}]`"),
                Some(format!("write `[[{key}]]`")),
            ));
        }
        let wanted = plain_type(expected);
        let got = match found.split_once(' ') {
            Some(("string", value)) => format!("the string {value}"),
            Some(("integer" | "floating", _)) => "a number".to_string(),
            Some(("boolean", value)) => value.trim_matches('`').to_string(),
            _ => plain_type(found),
        };
        let hint = match (found.split_once(' '), wanted.as_str()) {
            (Some(("string", value)), "a number") => {
                let bare = value.trim_matches('"');
                bare.parse::<f64>()
                    .is_ok()
                    .then(|| format!("write it without quotes: `{key} = {bare}`"))
            }
            (Some(("string", value)), date) if date.starts_with("a date") => {
                let bare = value.trim_matches('"');
                let looks_like_date = bare.len() == 10 && bare.as_bytes()[4] == b'-';
                Some(match looks_like_date {
                    true => format!("write it without quotes: `{key} = {bare}`"),
                    false => format!("write the date as `{key} = 2025-12-02`, without quotes"),
                })
            }
            _ => None,
        };
        Some(error(
            format!("`{key}` must be {wanted}, found {got}"),
            hint,
        ))
    }

    /// A `duplicate key` error at a `[[name]]` header after a `[name]` one:
    /// the single-bracket header is the mistake, so it is reported there.
    fn table_for_list(&self, start: usize) -> Option<Diagnostic> {
        let text = self.toml_text;
        let line_start = text[..start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line = text[line_start..].lines().next()?.trim();
        let name = line
            .strip_prefix("[[")
            .and_then(|l| l.strip_suffix("]]"))
            .or_else(|| line.strip_prefix('[').and_then(|l| l.strip_suffix(']')))?
            .trim();
        let single = format!("[{name}]");
        let mut offset = 0;
        let wrong = text.lines().find_map(|l| {
            let here = offset;
            offset += l.len() + 1;
            (l.trim() == single).then_some(here + (l.len() - l.trim_start().len()))
        })?;
        Some(
            Diagnostic::error_at(
                self.path,
                self.file_text,
                self.offset + wrong,
                format!("`{name}` is a list of tables: each entry starts with `[[{name}]]`, not `[{name}]`"),
            )
            .with_hint(Some(format!("write `[[{name}]]`"))),
        )
    }
}

/// The key whose value starts at byte `at` of `text`: the name before `=`
/// on that line, or the table of a `[header]` there.
fn key_at(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default().trim();
    let key = match line.split_once('=') {
        Some((key, _)) if !line.starts_with('[') => key,
        _ => line.trim_start_matches('[').trim_end_matches(']'),
    };
    let key = key.trim().trim_matches('"');
    (!key.is_empty()).then(|| key.to_string())
}

/// A serde type name as a reader says it.
fn plain_type(name: &str) -> String {
    match name {
        "f64" | "f32" | "i64" | "i32" | "u64" | "u32" | "u16" | "u8" | "i8" | "i16" | "usize"
        | "a number" => "a number".to_string(),
        "a boolean" | "bool" => "true or false".to_string(),
        "a string" | "string" => "a string in quotes".to_string(),
        "a sequence" | "sequence" => "a list such as `[\"a\", \"b\"]`".to_string(),
        "map" | "a map" => "a table".to_string(),
        "a date" | "a datetime" | "a TOML datetime" => "a date such as 2025-12-02".to_string(),
        other => other.to_string(),
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
    fn a_missing_key_of_a_front_matter_points_at_its_opening_line() {
        // The table of a front matter starts at its opening `+++`, a line
        // before the TOML text.
        let text = "+++\nweight = 3\n+++\n\nBody.\n";
        let front = TomlIn {
            path: "content/a.md",
            file_text: text,
            offset: 4,
            toml_text: &text[4..15],
            table_start: 0,
        };
        assert_eq!(front.toml_text, "weight = 3\n");
        let err = front.parse::<Meta>().unwrap_err();
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

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Figures {
        #[serde(default)]
        metrics: Vec<Figure>,
        #[serde(default)]
        quotes: Vec<Figure>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Figure {
        value: f64,
        #[serde(default)]
        shown: bool,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn a_wrong_type_is_named_in_plain_words_with_its_key() {
        let text = "[[metrics]]\nvalue = \"35\"\n";
        let err = input(text).parse::<Figures>().unwrap_err();
        assert_eq!((err.line, err.column), (2, 9));
        assert_eq!(
            err.message,
            "`value` must be a number, found the string \"35\""
        );
        assert_eq!(
            err.hint.as_deref(),
            Some("write it without quotes: `value = 35`")
        );
        let err = input("[[metrics]]\nvalue = 1\nshown = \"yes\"\n")
            .parse::<Figures>()
            .unwrap_err();
        assert_eq!(
            err.message,
            "`shown` must be true or false, found the string \"yes\""
        );
        assert_eq!(err.hint, None);
        let err = input("[[metrics]]\nvalue = 1\ntags = \"a\"\n")
            .parse::<Figures>()
            .unwrap_err();
        assert_eq!(
            err.message,
            "`tags` must be a list such as `[\"a\", \"b\"]`, found the string \"a\""
        );
    }

    #[test]
    fn a_table_written_for_a_list_of_tables_is_reported_at_its_header() {
        // One `[metrics]` alone: the type error is at the header.
        let err = input("title = \"x\"\n\n[metrics]\nvalue = 1\n")
            .parse::<Figures>()
            .unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
        assert_eq!(
            err.message,
            "`metrics` is a list of tables: each entry starts with `[[metrics]]`, not `[metrics]`"
        );
        assert_eq!(err.hint.as_deref(), Some("write `[[metrics]]`"));
        // `[metrics]` then `[[metrics]]`: TOML says "duplicate key" at the
        // second header; the mistake is the first.
        let text = "[metrics]\nvalue = 1\n\n[[quotes]]\nvalue = 2\n\n[[metrics]]\nvalue = 3\n";
        let err = input(text).parse::<Figures>().unwrap_err();
        assert_eq!((err.line, err.column), (1, 1), "{}", err.message);
        assert_eq!(err.hint.as_deref(), Some("write `[[metrics]]`"));
    }
}
