//! footnotes: numbered as GitHub numbers them — in the order of their first
//! reference, a label matched without regard to case or runs of spaces
//! (`[^Note]` is `[^note]:`) — with ids of their own namespace (`fn:1`,
//! `fnref:1`, `fnref:1:2` for a second reference), which no generated
//! heading id can take (those never hold a `:`), and back-links from each
//! note to each of its references. A reference to a note that is not
//! defined stays as written, with a warning at its place.

#[cfg(test)]
use pulldown_cmark::CowStr;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The UI string key of a back-link's label, and its English default.
pub const BACKREF_KEY: &str = "footnote_backref";
pub const BACKREF_DEFAULT: &str = "Back to reference {n}";

/// The footnotes of one document.
#[derive(Default)]
pub(super) struct Footnotes {
    /// Normalised label → number.
    numbers: HashMap<String, usize>,
    /// Number → how many references it has.
    references: HashMap<usize, usize>,
    defined: HashSet<String>,
}

/// A footnote label as CommonMark matches it: case folded, white space
/// runs collapsed.
fn normalise(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The ids a footnote's elements take: `fn:N` for the note and `fnref:N`
/// (then `fnref:N:2`, …) for its references.
pub(super) fn note_id(n: usize) -> String {
    format!("fn:{n}")
}

pub(super) fn reference_id(n: usize, k: usize) -> String {
    if k <= 1 {
        format!("fnref:{n}")
    } else {
        format!("fnref:{n}:{k}")
    }
}

impl Footnotes {
    pub(super) fn collect(events: &[(Event, Range<usize>)]) -> Footnotes {
        let mut notes = Footnotes::default();
        for (event, _) in events {
            if let Event::Start(Tag::FootnoteDefinition(label)) = event {
                notes.defined.insert(normalise(label));
            }
        }
        // References first, in order; then notes nothing refers to.
        for (event, _) in events {
            if let Event::FootnoteReference(label) = event {
                let n = notes.number_of(label);
                *notes.references.entry(n).or_default() += 1;
            }
        }
        for (event, _) in events {
            if let Event::Start(Tag::FootnoteDefinition(label)) = event {
                notes.number_of(label);
            }
        }
        notes
    }

    /// The number of the note `label` names (0 for none).
    fn number(&self, label: &str) -> usize {
        self.numbers.get(&normalise(label)).copied().unwrap_or(0)
    }

    fn number_of(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(normalise(label)).or_insert(next)
    }

    /// Every id the footnotes put on the page, for anchor checks.
    pub(super) fn ids(&self) -> impl Iterator<Item = String> + '_ {
        self.numbers.values().flat_map(move |&n| {
            let refs = self.references.get(&n).copied().unwrap_or(0);
            std::iter::once(note_id(n)).chain((1..=refs).map(move |k| reference_id(n, k)))
        })
    }

    /// The labels of `[^label]` written in `text` that no note defines,
    /// with their byte offsets: pulldown-cmark leaves those as text.
    pub(super) fn undefined_in<'t>(&self, text: &'t str) -> Vec<(usize, &'t str)> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(start) = text[from..].find("[^").map(|i| from + i) {
            let rest = &text[start + 2..];
            match rest.find(']') {
                Some(len) if len > 0 && !rest[..len].contains(['[', '\n']) => {
                    let label = &rest[..len];
                    if !self.defined.contains(&normalise(label)) {
                        found.push((start, label));
                    }
                    from = start + 2 + len;
                }
                _ => from = start + 2,
            }
        }
        found
    }
}

/// What the footnote events become, in place: references and definitions
/// as markup, and each note's back-links at the end of its last paragraph.
pub(super) struct FootnoteHtml<'n> {
    notes: &'n Footnotes,
    /// How many references of each number were written so far.
    seen: HashMap<usize, usize>,
    /// Where the open definition starts in the output, and its number.
    open: Option<(usize, usize)>,
    /// `Back to reference {n}`, in the document's language.
    backref_label: &'n str,
}

impl<'n> FootnoteHtml<'n> {
    pub(super) fn new(notes: &'n Footnotes, backref_label: &'n str) -> Self {
        FootnoteHtml {
            notes,
            seen: HashMap::new(),
            open: None,
            backref_label,
        }
    }

    /// Handles `event` into `out` if it belongs to a footnote; otherwise
    /// gives it back.
    pub(super) fn handle<'a>(
        &mut self,
        event: Event<'a>,
        out: &mut Vec<Event<'a>>,
    ) -> Option<Event<'a>> {
        match event {
            Event::FootnoteReference(label) => {
                let n = self.notes.number(&label);
                let k = self.seen.entry(n).or_default();
                *k += 1;
                out.push(Event::Html(
                    format!(
                        "<sup class=\"footnote-ref\" id=\"{}\"><a href=\"#{}\">{n}</a></sup>",
                        reference_id(n, *k),
                        note_id(n)
                    )
                    .into(),
                ));
                None
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = self.notes.number(&label);
                self.open = Some((out.len(), n));
                out.push(Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"{}\"><span class=\"footnote-label\">{n}</span>",
                        note_id(n)
                    )
                    .into(),
                ));
                None
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let (start, n) = self.open.take().unwrap_or((out.len(), 0));
                let links = self.backlinks(n);
                // Inside the note's last paragraph when it ends with one,
                // as GitHub places them; else on their own.
                let last_paragraph = matches!(out.last(), Some(Event::End(TagEnd::Paragraph)))
                    && out.len() > start + 1;
                if last_paragraph {
                    out.insert(out.len() - 1, Event::Html(links.into()));
                } else if !links.is_empty() {
                    out.push(Event::Html(links.into()));
                }
                out.push(Event::Html("</div>\n".into()));
                None
            }
            other => Some(other),
        }
    }

    fn backlinks(&self, n: usize) -> String {
        let refs = self.notes.references.get(&n).copied().unwrap_or(0);
        (1..=refs)
            .map(|k| {
                let which = if k == 1 { n.to_string() } else { format!("{n}-{k}") };
                let label = crate::base::html::escape(&self.backref_label.replace("{n}", &which));
                let mark = if k == 1 { String::new() } else { format!("<sup>{k}</sup>") };
                format!(
                    " <a href=\"#{}\" class=\"footnote-backref\" aria-label=\"{label}\">↩{mark}</a>",
                    reference_id(n, k)
                )
            })
            .collect()
    }
}

/// The `CowStr` of a string, for tests.
#[cfg(test)]
fn cow(s: &str) -> CowStr<'_> {
    CowStr::Borrowed(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_without_case_or_space_runs_and_number_by_first_reference() {
        let events = vec![
            (Event::FootnoteReference(cow("b")), 0..1),
            (Event::FootnoteReference(cow("Note")), 0..1),
            (Event::FootnoteReference(cow("note")), 0..1),
            (Event::Start(Tag::FootnoteDefinition(cow("note"))), 0..1),
            (Event::Start(Tag::FootnoteDefinition(cow("a  B"))), 0..1),
        ];
        let notes = Footnotes::collect(&events);
        assert_eq!(notes.numbers["note"], 2);
        assert_eq!(notes.numbers["b"], 1);
        assert_eq!(notes.numbers["a b"], 3);
        assert_eq!(notes.references[&2], 2);
        let mut ids: Vec<String> = notes.ids().collect();
        ids.sort();
        assert_eq!(
            ids,
            ["fn:1", "fn:2", "fn:3", "fnref:1", "fnref:2", "fnref:2:2"]
        );
        assert_eq!(
            notes.undefined_in("x [^missing] and [^NOTE] [^]"),
            [(2, "missing")]
        );
    }
}
