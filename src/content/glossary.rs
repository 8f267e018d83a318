//! glossary: `content/glossary.toml` (translated as `glossary.zh.toml`), the
//! terms a guide uses — each with its expansion, a Markdown definition and
//! an optional link — published at `/glossary/` and marked where a page
//! first uses them.

use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::source::{Markdown, Source};
use crate::base::toml_in::whole_file;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    terms: Vec<RawTerm>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    #[schemars(with = "String")]
    term: Spanned<String>,
    #[serde(default)]
    expansion: String,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    definition: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    link: Option<Spanned<String>>,
}

/// One term of the glossary.
#[derive(Debug, Clone)]
pub struct Term {
    /// As it is written in the text: `PDPL`, `BSI C5`.
    pub term: String,
    /// Its anchor on the glossary page: `pdpl`, `bsi-c5`.
    pub id: String,
    pub expansion: String,
    pub definition: Option<Markdown>,
    /// `@/…` or a URL, and where it is written in the file.
    pub link: Option<(String, usize)>,
}

/// The glossary of one language.
#[derive(Debug, Clone)]
pub struct Glossary {
    pub source: Source,
    /// In the file's order.
    pub terms: Vec<Term>,
}

/// The anchor of a term: lower case, letters and digits kept (any
/// script), everything else one `-`.
pub fn term_id(term: &str) -> String {
    let mut id = String::new();
    for c in term.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// Parses a glossary file; a term defined twice is a warning (the first
/// definition is kept), an empty term an error.
pub fn parse(source: Source, diags: &mut Vec<Diagnostic>) -> Option<Glossary> {
    let toml = whole_file(&source);
    let raw: Raw = toml.parse().map_err(|d| diags.push(d)).ok()?;
    let mut terms: Vec<Term> = Vec::new();
    for t in raw.terms {
        let at = toml.file_range(t.term.span()).start;
        let word = t.term.get_ref().trim().to_string();
        let id = term_id(&word);
        if id.is_empty() {
            diags.push(Diagnostic::error_at(
                &source.path,
                &source.text,
                at,
                "a glossary term needs at least one letter or digit",
            ));
            continue;
        }
        if let Some(first) = terms.iter().find(|x| x.term == word || x.id == id) {
            diags.push(Diagnostic::at(
                Level::Warning,
                &source.path,
                &source.text,
                at,
                format!(
                    "glossary term \"{word}\" is defined twice (first as \"{}\"); this definition is ignored",
                    first.term
                ),
            ));
            continue;
        }
        let definition = t.definition.map(|d| {
            let span = toml.file_range(d.span());
            Markdown::from_toml_string(d.into_inner(), &source.text, span)
        });
        let link = t
            .link
            .map(|l| (l.get_ref().clone(), toml.file_range(l.span()).start));
        terms.push(Term {
            term: word,
            id,
            expansion: t.expansion,
            definition,
            link,
        });
    }
    Some(Glossary { source, terms })
}

/// The JSON Schema of a glossary file, for editors.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn terms_get_anchors_and_a_repeated_term_is_a_warning_at_its_line() {
        let text = "[[terms]]\nterm = \"PDPL\"\nexpansion = \"Personal Data Protection Law\"\n\n[[terms]]\nterm = \"BSI C5\"\n\n[[terms]]\nterm = \"pdpl\"\n";
        let source = Source {
            path: "content/glossary.toml".into(),
            text: Arc::from(text),
        };
        let mut diags = Vec::new();
        let g = parse(source, &mut diags).unwrap();
        let ids: Vec<&str> = g.terms.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["pdpl", "bsi-c5"]);
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (9, 8));
        assert_eq!(
            diags[0].message,
            "glossary term \"pdpl\" is defined twice (first as \"PDPL\"); this definition is ignored"
        );
        assert_eq!(term_id("数据 出境"), "数据-出境");
    }
}
