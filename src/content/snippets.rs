//! snippets: reusable Markdown in `content/snippets/NAME.md` (translated as
//! `NAME.zh.md`), included where a line of a Markdown body reads
//! `{{#include snippets/NAME.md}}` (mdBook's directive; on GitHub it reads
//! as the file it stands for). The included text takes the directive's
//! place before anything is rendered, so its headings get ids unique on the
//! page and its `@/` links resolve as if written in place, while every
//! diagnostic inside it points at the snippet's own line.

use super::Content;
use crate::base::diagnostics::{did_you_mean, position, Diagnostic, Level};
use crate::base::files::SiteBoundary;
use crate::base::source::{Markdown, Origin, Piece, Source};
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::BTreeMap;
use std::ops::Range;

/// Snippets by name (`registration` for `content/snippets/registration.md`).
pub type Snippets = BTreeMap<String, Source>;

const OPEN: &str = "{{#include ";

/// A directive line: the whole line (with its newline) and its path.
struct Directive {
    line: Range<usize>,
    path: String,
    path_at: usize,
}

/// The directive lines of `text` that are not inside a code block.
fn directives(text: &str) -> Vec<Directive> {
    if !text.contains(OPEN) {
        return Vec::new();
    }
    let code: Vec<Range<usize>> = Parser::new(text)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => Some(range),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let line_range = start..start + line.len();
        start += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.trim();
        let Some(path) = body
            .strip_prefix(OPEN)
            .and_then(|rest| rest.strip_suffix("}}"))
        else {
            continue;
        };
        let path = path.trim();
        if indent > 3 || path.is_empty() || path.contains(char::is_whitespace) {
            continue;
        }
        if code.iter().any(|c| c.contains(&line_range.start)) {
            continue;
        }
        found.push(Directive {
            path_at: line_range.start + indent + OPEN.len(),
            path: path.to_string(),
            line: line_range,
        });
    }
    found
}

/// The document being expanded: its own Markdown, or a snippet included
/// into it (with the chain of places that included it).
enum Doc<'a> {
    Written {
        md: &'a Markdown,
        source: &'a Source,
    },
    Snippet {
        file: &'a Source,
        included_from: String,
    },
}

impl Doc<'_> {
    fn origin(&self, offset: usize) -> Origin {
        match self {
            Doc::Written { .. } => Origin::Written(offset),
            Doc::Snippet {
                file,
                included_from,
            } => Origin::Snippet {
                file: (*file).clone(),
                offset,
                included_from: included_from.clone(),
            },
        }
    }

    fn diagnostic(&self, offset: usize, message: String) -> Diagnostic {
        match self {
            Doc::Written { md, source } => md.diagnostic(source, Level::Error, offset, message),
            Doc::Snippet {
                file,
                included_from,
            } => Diagnostic::at(Level::Error, &file.path, &file.text, offset, message)
                .with_hint(Some(format!("included from {included_from}"))),
        }
    }

    /// `PATH:LINE:COL` of byte `offset`, and the chain that led here.
    fn place(&self, offset: usize) -> String {
        let (path, text, at) = match self {
            Doc::Written { md, source } => (&source.path, &source.text, md.file_offset(offset)),
            Doc::Snippet { file, .. } => (&file.path, &file.text, offset),
        };
        let (line, column, _) = position(text, at);
        match self {
            Doc::Written { .. } => format!("{path}:{line}:{column}"),
            Doc::Snippet { included_from, .. } => {
                format!("{path}:{line}:{column}, included from {included_from}")
            }
        }
    }
}

/// What expanding one document needs.
struct Expander<'a> {
    snippets: &'a Snippets,
    boundary: &'a SiteBoundary,
    text: String,
    pieces: Vec<Piece>,
    /// The snippets being included, outermost first (cycle detection).
    chain: Vec<String>,
    diags: Vec<Diagnostic>,
}

impl Expander<'_> {
    fn push(&mut self, doc: &Doc, text: &str, from: usize) {
        if text.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            start: self.text.len(),
            origin: doc.origin(from),
        });
        self.text.push_str(text);
    }

    fn expand(&mut self, doc: &Doc, text: &str) {
        let mut pos = 0;
        for d in directives(text) {
            self.push(doc, &text[pos..d.line.start], pos);
            pos = d.line.end;
            let name = match self.snippet_name(&d.path) {
                Ok(name) => name,
                Err((message, hint)) => {
                    self.diags
                        .push(doc.diagnostic(d.path_at, message).with_hint(hint));
                    continue;
                }
            };
            if let Some(first) = self.chain.iter().position(|n| *n == name) {
                let mut cycle: Vec<String> = self.chain[first..]
                    .iter()
                    .map(|n| format!("snippets/{n}.md"))
                    .collect();
                cycle.push(format!("snippets/{name}.md"));
                self.diags.push(
                    doc.diagnostic(d.path_at, format!("include cycle: {}", cycle.join(" → "))),
                );
                continue;
            }
            let file = &self.snippets[&name];
            let inner = Doc::Snippet {
                file,
                included_from: doc.place(d.line.start),
            };
            self.chain.push(name);
            let snippet_text = file.text.clone();
            self.expand(&inner, &snippet_text);
            self.chain.pop();
            if !self.text.ends_with('\n') {
                self.push(doc, "\n", d.line.start);
            }
        }
        self.push(doc, &text[pos..], pos);
    }

    /// The snippet a directive's path names: resolved on the disk (so `..`
    /// and links are judged by where they lead, and nothing outside the site
    /// is named as a snippet), then looked up among the loaded snippets.
    fn snippet_name(&self, path: &str) -> Result<String, (String, Option<String>)> {
        let content = self.boundary.root().join("content");
        let wanted = content.join(path);
        if let Err(outside) = self.boundary.admit(&wanted) {
            return Err((
                format!(
                    "{path} leads to {}, outside the site; an include names a file in content/snippets/",
                    outside.target.display()
                ),
                None,
            ));
        }
        let folder = content.join("snippets").canonicalize().ok();
        let name = match (wanted.canonicalize(), path.strip_prefix("snippets/")) {
            (Ok(real), _) if real.parent() == folder.as_deref() => real
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".md"))
                .map(str::to_string),
            (Err(_), Some(rest)) => rest.strip_suffix(".md").map(str::to_string),
            _ => None,
        };
        let known = self.snippets.keys().map(|n| format!("snippets/{n}.md"));
        match name {
            Some(name) if self.snippets.contains_key(&name) => Ok(name),
            Some(_) => Err((
                format!("no snippet {path} (snippets are content/snippets/NAME.md)"),
                did_you_mean(path, known.collect::<Vec<_>>().iter().map(String::as_str)),
            )),
            None => Err((
                format!("cannot include {path}: an include names a snippet as snippets/NAME.md, a file in content/snippets/"),
                None,
            )),
        }
    }
}

/// `md` with every snippet it includes in place, and the problems found.
pub fn include(
    md: Markdown,
    source: &Source,
    snippets: &Snippets,
    boundary: &SiteBoundary,
) -> (Markdown, Vec<Diagnostic>) {
    if !md.text().contains(OPEN) {
        return (md, Vec::new());
    }
    let mut expander = Expander {
        snippets,
        boundary,
        text: String::with_capacity(md.text().len() * 2),
        pieces: Vec::new(),
        chain: Vec::new(),
        diags: Vec::new(),
    };
    let doc = Doc::Written { md: &md, source };
    expander.expand(&doc, md.text());
    let Expander {
        text,
        pieces,
        diags,
        ..
    } = expander;
    if pieces.is_empty() {
        return (md, diags);
    }
    (md.spliced(text, pieces), diags)
}

/// Includes snippets into every Markdown body of `content`.
pub fn include_all(
    content: &mut Content,
    snippets: &Snippets,
    boundary: &SiteBoundary,
    diags: &mut Vec<Diagnostic>,
) {
    let mut run = |md: &mut Markdown, source: &Source| {
        let taken = std::mem::replace(md, Markdown::verbatim("", 0));
        let (done, mut found) = include(taken, source, snippets, boundary);
        *md = done;
        diags.append(&mut found);
    };
    for p in &mut content.pillars {
        run(&mut p.body, &p.source);
    }
    for p in &mut content.playbooks {
        run(&mut p.body, &p.source);
    }
    for p in &mut content.pages {
        run(&mut p.body, &p.source);
    }
    for r in &mut content.regions {
        if let Some(md) = &mut r.overview {
            run(md, &r.source);
        }
    }
    for c in &mut content.case_studies {
        if let Some(md) = &mut c.body {
            run(md, &c.source);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn source(path: &str, text: &str) -> Source {
        Source {
            path: path.into(),
            text: Arc::from(text),
        }
    }

    fn site() -> (tempfile::TempDir, SiteBoundary, Snippets) {
        let dir = tempfile::tempdir().unwrap();
        let snippets_dir = dir.path().join("content/snippets");
        std::fs::create_dir_all(&snippets_dir).unwrap();
        let mut snippets = Snippets::new();
        for (name, text) in [
            ("steps", "## Register\n\nFile the form.\n"),
            ("outer", "Before.\n\n{{#include snippets/inner.md}}\n"),
            (
                "inner",
                "See [x](@/nowhere.md).\n\n{{#include snippets/outer.md}}\n",
            ),
        ] {
            std::fs::write(snippets_dir.join(format!("{name}.md")), text).unwrap();
            snippets.insert(
                name.into(),
                source(&format!("content/snippets/{name}.md"), text),
            );
        }
        let boundary = SiteBoundary::new(dir.path());
        (dir, boundary, snippets)
    }

    fn expand(
        text: &str,
        snippets: &Snippets,
        boundary: &SiteBoundary,
    ) -> (Markdown, Vec<Diagnostic>) {
        let file = format!("+++\ntitle = \"A\"\n+++\n{text}");
        let src = source("content/playbooks/a.md", &file);
        include(Markdown::verbatim(text, 20), &src, snippets, boundary)
    }

    #[test]
    fn a_directive_line_is_replaced_and_code_blocks_are_left_alone() {
        let (_dir, boundary, snippets) = site();
        let text = "Intro.\n\n{{#include snippets/steps.md}}\n\nOutro.\n\n```\n{{#include snippets/steps.md}}\n```\n";
        let (md, diags) = expand(text, &snippets, &boundary);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            md.text(),
            "Intro.\n\n## Register\n\nFile the form.\n\nOutro.\n\n```\n{{#include snippets/steps.md}}\n```\n"
        );
        // Positions map back: "Outro." to the playbook, "File" to the snippet.
        let file = format!("+++\ntitle = \"A\"\n+++\n{text}");
        let src = source("content/playbooks/a.md", &file);
        let outro = md.diagnostic(
            &src,
            Level::Error,
            md.text().find("Outro").unwrap(),
            "x".into(),
        );
        assert_eq!(
            (outro.path.as_str(), outro.line, outro.column),
            ("content/playbooks/a.md", 8, 1)
        );
        let inside = md.diagnostic(
            &src,
            Level::Error,
            md.text().find("File").unwrap(),
            "x".into(),
        );
        assert_eq!(
            (inside.path.as_str(), inside.line, inside.column),
            ("content/snippets/steps.md", 3, 1)
        );
        assert_eq!(
            inside.hint.as_deref(),
            Some("included from content/playbooks/a.md:6:1")
        );
    }

    #[test]
    fn a_missing_snippet_suggests_the_nearest_and_a_cycle_prints_its_chain() {
        let (_dir, boundary, snippets) = site();
        let (_, diags) = expand("{{#include snippets/step.md}}\n", &snippets, &boundary);
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].message,
            "no snippet snippets/step.md (snippets are content/snippets/NAME.md)"
        );
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("did you mean \"snippets/steps.md\"?")
        );
        assert_eq!((diags[0].line, diags[0].column), (4, 12));

        let (md, diags) = expand("{{#include snippets/outer.md}}\n", &snippets, &boundary);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            diags[0].message,
            "include cycle: snippets/outer.md → snippets/inner.md → snippets/outer.md"
        );
        assert_eq!(diags[0].path, "content/snippets/inner.md");
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("included from content/snippets/outer.md:3:1, included from content/playbooks/a.md:4:1")
        );
        assert!(md.text().starts_with("Before.\n\nSee [x]"), "{}", md.text());
    }

    #[test]
    fn paths_out_of_the_snippets_folder_or_the_site_are_refused_unread() {
        let (dir, boundary, snippets) = site();
        std::fs::write(dir.path().join("content/secret.md"), "secret").unwrap();
        for (path, message) in [
            ("../../../../etc/passwd", "outside the site"),
            ("/etc/passwd", "outside the site"),
            (
                "secret.md",
                "an include names a snippet as snippets/NAME.md",
            ),
            (
                "snippets/../secret.md",
                "an include names a snippet as snippets/NAME.md",
            ),
        ] {
            let (md, diags) = expand(&format!("{{{{#include {path}}}}}\n"), &snippets, &boundary);
            assert_eq!(diags.len(), 1, "{path}");
            assert!(
                diags[0].message.contains(message),
                "{path}: {}",
                diags[0].message
            );
            assert!(
                !md.text().contains("secret") || md.text().contains(path),
                "{path}"
            );
            assert!(!md.text().contains("root:"), "{path}");
        }
        // `..` that stays in the folder is the same snippet.
        let (md, diags) = expand(
            "{{#include snippets/../snippets/steps.md}}\n",
            &snippets,
            &boundary,
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert!(md.text().contains("File the form."));
    }
}
