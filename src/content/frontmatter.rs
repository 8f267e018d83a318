//! Splits a Markdown file into its TOML front matter (between `+++` lines) and
//! its body, keeping the byte offsets of both so positions stay exact.

use crate::base::diagnostics::Diagnostic;
use crate::base::source::{Markdown, Source};
use crate::base::toml_in::TomlIn;
use serde::de::DeserializeOwned;

/// A Markdown file split at its front matter.
pub struct Split<'a> {
    pub front: TomlIn<'a>,
    pub body: Markdown,
}

/// Finds the `+++` fences; CRLF line endings and trailing spaces are accepted.
pub fn split(source: &Source) -> Result<Split<'_>, Diagnostic> {
    let text: &str = &source.text;
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "+++" {
        return Err(Diagnostic::error_at(
            &source.path,
            text,
            0,
            "missing front matter: the file must start with a line `+++`, TOML keys, and a closing `+++`",
        ));
    }
    let front_start = (first_end + 1).min(text.len());
    let mut pos = front_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "+++" {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front: TomlIn {
                    path: &source.path,
                    file_text: text,
                    offset: front_start,
                    toml_text: &text[front_start..pos],
                    table_start: 0,
                },
                body: Markdown::tail_of(&source.text, body_start),
            });
        }
        pos = end + 1;
    }
    Err(Diagnostic::error_at(
        &source.path,
        text,
        0,
        "front matter is not closed: add a line `+++` after its keys",
    ))
}

/// Splits and deserializes the front matter in one step.
pub fn parse<T: DeserializeOwned>(source: &Source) -> Result<(T, Split<'_>), Diagnostic> {
    let split = split(source)?;
    let meta = split.front.parse()?;
    Ok((meta, split))
}

/// A required string must also be non-empty.
pub fn require_text(value: &str, key: &str, toml: &TomlIn, diags: &mut Vec<Diagnostic>) {
    if value.trim().is_empty() {
        diags.push(Diagnostic::error_at(
            toml.path,
            toml.file_text,
            toml.table_start,
            format!("`{key}` must not be empty"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn source(text: &str) -> Source {
        Source {
            path: "content/a.md".into(),
            text: Arc::from(text),
        }
    }

    #[test]
    fn splits_with_crlf() {
        let s = source("+++\r\ntitle = \"x\"\r\n+++\r\n# Hi\r\n");
        let split = split(&s).unwrap();
        assert_eq!(split.front.toml_text, "title = \"x\"\r\n");
        assert_eq!(split.body.text(), "# Hi\r\n");
        assert_eq!(split.body.file_offset(0), s.text.find("# Hi").unwrap());
    }

    #[test]
    fn missing_and_unclosed_front_matter() {
        assert!(split(&source("# no front matter\n"))
            .err()
            .unwrap()
            .message
            .contains("missing front matter"));
        assert!(split(&source("+++\ntitle = \"x\"\n"))
            .err()
            .unwrap()
            .message
            .contains("not closed"));
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct M {
            title: String,
        }
        let s = source("+++\ntitle = \"x\"\ncolour = 1\n+++\nbody\n");
        let err = parse::<M>(&s).err().unwrap();
        assert_eq!((err.line, err.column), (3, 1));
    }
}
