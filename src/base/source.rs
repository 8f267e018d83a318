//! source: the text of an input file and the Markdown held in it, with the
//! map from a byte of the Markdown back to its place in the file, so that
//! every diagnostic points at the right line and column.

use crate::base::diagnostics::{Diagnostic, Level};
use std::sync::Arc;

/// A file's text, with its path relative to the site root (`/` separators).
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: Arc<str>,
}

/// Markdown inside a file, and how to map its byte offsets back to the file.
/// A body taken verbatim from its file shares the file's text: a large site
/// does not hold its Markdown twice.
#[derive(Debug, Clone)]
pub struct Markdown {
    /// The text holding the Markdown, at `range`.
    holder: Arc<str>,
    range: std::ops::Range<usize>,
    map: OffsetMap,
}

#[derive(Debug, Clone)]
enum OffsetMap {
    /// The Markdown is a verbatim slice of the file starting here.
    Shifted(usize),
    /// The Markdown was decoded from a TOML string with escapes: line `i` of the
    /// Markdown starts at file offset `lines[i]` (columns are approximate).
    Lines(Vec<usize>),
    /// Snippets were included: each piece of the text maps back to the
    /// Markdown as written or to a snippet's file.
    Spliced {
        written: Box<Markdown>,
        pieces: Vec<Piece>,
    },
}

/// A run of an included document's text, from byte `start` on, and where
/// it was written.
#[derive(Debug, Clone)]
pub struct Piece {
    pub start: usize,
    pub origin: Origin,
}

/// Where a piece of included Markdown comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// The document's own Markdown, from this byte of it (as written).
    Written(usize),
    /// A snippet's file, from this byte of it; `included_from` says where
    /// (`content/playbooks/a.md:12:1`, a chain for nested includes).
    Snippet {
        file: Source,
        offset: usize,
        included_from: String,
    },
}

/// Where a byte of Markdown was written: a file, and the byte of it.
pub enum Place<'a> {
    /// The document's own file.
    Here(usize),
    /// An included snippet's file.
    Snippet {
        file: &'a Source,
        offset: usize,
        included_from: &'a str,
    },
}

impl Markdown {
    /// Markdown that is exactly `text`, which starts at `file_offset` of its file.
    pub fn verbatim(text: &str, file_offset: usize) -> Self {
        Markdown {
            range: 0..text.len(),
            holder: Arc::from(text),
            map: OffsetMap::Shifted(file_offset),
        }
    }

    /// The end of `file`'s text from `start` on, shared, not copied.
    pub fn tail_of(file: &Arc<str>, start: usize) -> Self {
        Markdown {
            holder: Arc::clone(file),
            range: start..file.len(),
            map: OffsetMap::Shifted(start),
        }
    }

    /// The Markdown text.
    pub fn text(&self) -> &str {
        &self.holder[self.range.clone()]
    }

    /// This Markdown with snippets included: `text` is the whole result and
    /// `pieces` (in order, the first at 0) say where each run came from.
    pub fn spliced(self, text: String, pieces: Vec<Piece>) -> Self {
        Markdown {
            range: 0..text.len(),
            holder: Arc::from(text),
            map: OffsetMap::Spliced {
                written: Box::new(self),
                pieces,
            },
        }
    }

    /// Whether snippets were included into this Markdown.
    pub fn includes_snippets(&self) -> bool {
        matches!(self.map, OffsetMap::Spliced { .. })
    }

    /// Where byte `offset` of the text was written.
    pub fn place(&self, offset: usize) -> Place<'_> {
        let OffsetMap::Spliced { written, pieces } = &self.map else {
            return Place::Here(self.file_offset(offset));
        };
        let at = pieces
            .partition_point(|p| p.start <= offset)
            .saturating_sub(1);
        let Some(piece) = pieces.get(at) else {
            return Place::Here(written.file_offset(0));
        };
        let delta = offset - piece.start.min(offset);
        match &piece.origin {
            Origin::Written(start) => Place::Here(written.file_offset(start + delta)),
            Origin::Snippet {
                file,
                offset,
                included_from,
            } => Place::Snippet {
                file,
                offset: offset + delta,
                included_from,
            },
        }
    }

    /// A problem at byte `offset` of the text, in the file where that byte
    /// was written: `source` (the document's file), or an included snippet,
    /// with a hint saying where it was included.
    pub fn diagnostic(
        &self,
        source: &Source,
        level: Level,
        offset: usize,
        message: String,
    ) -> Diagnostic {
        match self.place(offset) {
            Place::Here(at) => Diagnostic::at(level, &source.path, &source.text, at, message),
            Place::Snippet {
                file,
                offset,
                included_from,
            } => Diagnostic::at(level, &file.path, &file.text, offset, message)
                .with_hint(Some(format!("included from {included_from}"))),
        }
    }

    /// Lets go of the text (see `Library::release_texts`).
    pub fn release(&mut self) {
        if let OffsetMap::Spliced { written, pieces } = &mut self.map {
            written.release();
            pieces.clear();
        }
        self.holder = Arc::from("");
        self.range = 0..0;
    }

    /// Markdown held in a TOML string value whose literal spans `span` of `file`.
    pub fn from_toml_string(decoded: String, file: &str, span: std::ops::Range<usize>) -> Self {
        let raw = file.get(span.clone()).unwrap_or_default();
        let (inner, inner_start) = toml_string_inner(raw);
        let start = span.start + inner_start;
        let map = if inner == decoded {
            OffsetMap::Shifted(start)
        } else {
            let mut lines = vec![start];
            lines.extend(inner.match_indices('\n').map(|(i, _)| start + i + 1));
            OffsetMap::Lines(lines)
        };
        Markdown {
            range: 0..decoded.len(),
            holder: Arc::from(decoded),
            map,
        }
    }

    /// The file offset of byte `offset` of the Markdown text.
    pub fn file_offset(&self, offset: usize) -> usize {
        match &self.map {
            OffsetMap::Spliced { written, .. } => match self.place(offset) {
                Place::Here(at) => at,
                Place::Snippet { .. } => written.file_offset(0),
            },
            OffsetMap::Shifted(base) => base + offset,
            OffsetMap::Lines(lines) => {
                let text = self.text();
                let before = &text[..offset.min(text.len())];
                let line = before.matches('\n').count();
                let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
                lines.get(line).or(lines.last()).copied().unwrap_or(0) + col
            }
        }
    }
}

/// The contents of a TOML string literal and their offset within it.
fn toml_string_inner(raw: &str) -> (&str, usize) {
    for delim in ["\"\"\"", "'''"] {
        if raw.len() >= 6 && raw.starts_with(delim) && raw.ends_with(delim) {
            let mut start = 3;
            // A newline right after the opening delimiter is trimmed by TOML.
            if raw[start..].starts_with("\r\n") {
                start += 2;
            } else if raw[start..].starts_with('\n') {
                start += 1;
            }
            return (&raw[start..raw.len() - 3], start);
        }
    }
    if raw.len() >= 2 {
        (&raw[1..raw.len() - 1], 1)
    } else {
        (raw, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_string_offsets_map_back_to_the_file() {
        let file = "title = \"x\"\nbody = \"\"\"\nline one\nsee [a](@/b.md)\n\"\"\"\n";
        let body: toml::Spanned<String> = {
            #[derive(serde::Deserialize)]
            struct T {
                body: toml::Spanned<String>,
            }
            toml::from_str::<T>(file).unwrap().body
        };
        let span = body.span();
        let md = Markdown::from_toml_string(body.into_inner(), file, span);
        let off = md.text().find("[a]").unwrap();
        let (line, col, _) = crate::base::diagnostics::position(file, md.file_offset(off));
        assert_eq!((line, col), (4, 5));
    }

    #[test]
    fn escaped_toml_strings_still_map_to_the_right_line() {
        let file = "body = \"\"\"\n\\u0041 first\nsecond [x]\n\"\"\"\n";
        #[derive(serde::Deserialize)]
        struct T {
            body: toml::Spanned<String>,
        }
        let body = toml::from_str::<T>(file).unwrap().body;
        let span = body.span();
        let md = Markdown::from_toml_string(body.into_inner(), file, span);
        let off = md.text().find("[x]").unwrap();
        let (line, _, _) = crate::base::diagnostics::position(file, md.file_offset(off));
        assert_eq!(line, 3);
    }

    fn position_of(md: &Markdown, text: &str, needle: &str) -> (usize, usize) {
        let at = md.file_offset(md.text().find(needle).unwrap());
        let (line, col, _) = crate::base::diagnostics::position(text, at);
        (line, col)
    }

    #[test]
    fn verbatim_and_tail_markdown_are_shifted_by_their_start() {
        let file: Arc<str> = Arc::from("+++\ntitle = \"t\"\n+++\nIntro [x]\n");
        let start = file.find("Intro").unwrap();
        let tail = Markdown::tail_of(&file, start);
        assert_eq!(tail.text(), "Intro [x]\n");
        assert_eq!(tail.file_offset(6), start + 6);
        assert_eq!(position_of(&tail, &file, "[x]"), (4, 7));
        let verbatim = Markdown::verbatim("Intro [x]\n", start);
        assert_eq!(verbatim.text(), "Intro [x]\n");
        assert_eq!(verbatim.file_offset(6), start + 6);
        assert!(!verbatim.includes_snippets());
        assert!(matches!(verbatim.place(2), Place::Here(at) if at == start + 2));
    }

    fn snippet_file() -> Source {
        Source {
            path: "content/snippets/note.md".to_string(),
            text: Arc::from("Snippet [bad]\n"),
        }
    }

    /// "A\n{{#include note}}\nB\n" written at file offset 10, with the
    /// snippet "Snippet [bad]\n" in place of its include line.
    fn spliced() -> Markdown {
        let written = Markdown::verbatim("A\n{{#include note}}\nB\n", 10);
        let text = "A\nSnippet [bad]\nB\n".to_string();
        let pieces = vec![
            Piece {
                start: 0,
                origin: Origin::Written(0),
            },
            Piece {
                start: 2,
                origin: Origin::Snippet {
                    file: snippet_file(),
                    offset: 0,
                    included_from: "content/playbooks/a.md:2:1".to_string(),
                },
            },
            Piece {
                start: 16,
                origin: Origin::Written(20),
            },
        ];
        written.spliced(text, pieces)
    }

    #[test]
    fn spliced_markdown_maps_each_piece_to_where_it_was_written() {
        let md = spliced();
        assert!(md.includes_snippets());
        assert_eq!(md.text(), "A\nSnippet [bad]\nB\n");
        // The document's own text, before and after the snippet.
        assert!(matches!(md.place(1), Place::Here(11)));
        assert!(matches!(md.place(16), Place::Here(30)));
        assert!(matches!(md.place(17), Place::Here(31)));
        assert_eq!(md.file_offset(17), 31);
        // Inside the snippet, from its first byte on.
        match md.place(2) {
            Place::Snippet {
                file,
                offset,
                included_from,
            } => {
                assert_eq!(file.path, "content/snippets/note.md");
                assert_eq!(offset, 0);
                assert_eq!(included_from, "content/playbooks/a.md:2:1");
            }
            Place::Here(at) => panic!("snippet byte placed in the document at {at}"),
        }
        assert!(matches!(md.place(10), Place::Snippet { offset: 8, .. }));
        // A snippet byte has no offset in the document's file: its start stands in.
        assert_eq!(md.file_offset(10), 10);
    }

    #[test]
    fn diagnostics_point_into_the_snippet_with_where_it_was_included() {
        let md = spliced();
        let source = Source {
            path: "content/playbooks/a.md".to_string(),
            text: Arc::from("----------A\n{{#include note}}\nB\n"),
        };
        let in_snippet = md.diagnostic(&source, Level::Error, 10, "broken".to_string());
        assert_eq!(in_snippet.path, "content/snippets/note.md");
        assert_eq!((in_snippet.line, in_snippet.column), (1, 9));
        assert_eq!(
            in_snippet.hint.as_deref(),
            Some("included from content/playbooks/a.md:2:1")
        );
        let here = md.diagnostic(&source, Level::Error, 16, "broken".to_string());
        assert_eq!(here.path, "content/playbooks/a.md");
        assert_eq!((here.line, here.column), (3, 1));
        assert_eq!(here.hint, None);
    }

    #[test]
    fn released_markdown_holds_no_text() {
        let mut md = spliced();
        md.release();
        assert_eq!(md.text(), "");
        let mut plain = Markdown::verbatim("some text", 3);
        plain.release();
        assert_eq!(plain.text(), "");
    }

    #[derive(serde::Deserialize)]
    struct Body {
        body: toml::Spanned<String>,
    }

    fn toml_body(file: &str) -> Markdown {
        let body = toml::from_str::<Body>(file).unwrap().body;
        let span = body.span();
        Markdown::from_toml_string(body.into_inner(), file, span)
    }

    #[test]
    fn toml_strings_of_every_kind_map_to_their_bytes() {
        let cases = [
            ("body = \"one [x]\"\n", (1, 13)),
            ("body = 'one [x]'\n", (1, 13)),
            ("body = '''\none [x]'''\n", (2, 5)),
            ("body = '''\r\none [x]'''\n", (2, 5)),
            ("body = \"\"\"one [x]\"\"\"\n", (1, 15)),
            // Escapes shift columns: `\\t` is one byte decoded (approximate).
            ("body = \"\"\"\n\\t [x]\nz\"\"\"\n", (2, 3)),
        ];
        for (file, expected) in cases {
            assert_eq!(
                position_of(&toml_body(file), file, "[x]"),
                expected,
                "{file:?}"
            );
        }
    }

    #[test]
    fn toml_string_inner_strips_exactly_the_delimiters() {
        assert_eq!(toml_string_inner("\"ab\""), ("ab", 1));
        assert_eq!(toml_string_inner("'''ab'''"), ("ab", 3));
        assert_eq!(toml_string_inner("\"\"\"\nab\"\"\""), ("ab", 4));
        assert_eq!(toml_string_inner("'''\r\nab'''"), ("ab", 5));
        // Too short for triple quotes: a one-line string of quotes.
        assert_eq!(toml_string_inner("'''''"), ("'''", 1));
        assert_eq!(toml_string_inner("''''''"), ("", 3));
        assert_eq!(toml_string_inner("\"\""), ("", 1));
        assert_eq!(toml_string_inner("x"), ("x", 0));
    }

    #[test]
    fn escaped_lines_past_the_end_stay_in_the_last_line() {
        let file = "body = \"\"\"\n\\u0041\nB\"\"\"\n";
        let md = toml_body(file);
        assert_eq!(md.text(), "A\nB");
        let (line, col, _) = crate::base::diagnostics::position(file, md.file_offset(100));
        assert_eq!((line, col), (3, 2));
        let (line, col, _) = crate::base::diagnostics::position(file, md.file_offset(1));
        assert_eq!((line, col), (2, 2));
        let (line, col, _) = crate::base::diagnostics::position(file, md.file_offset(2));
        assert_eq!((line, col), (3, 1));
    }
}
