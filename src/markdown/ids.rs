//! ids: heading ids as GitHub makes them (`## Residency options` →
//! `residency-options`, duplicates `-1`, `-2`, `{#id}` kept and reserved)
//! and the table of contents built from them.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// A heading of a document, with the id its anchor uses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub id: String,
    pub title: String,
    pub level: u8,
}

/// An entry of a table of contents, with its sub-headings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub level: u8,
    pub children: Vec<TocEntry>,
}

/// The CommonMark extensions guidegen turns on.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The events of a document with every heading given its final id, and
/// where a heading repeats an explicit id an earlier one already has.
pub(crate) type WithIds<'a> = (
    Vec<(Event<'a>, Range<usize>)>,
    Vec<Heading>,
    Vec<(String, Range<usize>)>,
);

pub(crate) fn events_with_ids(text: &str) -> WithIds<'_> {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    let mut headings = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut repeated = Vec::new();
    // Explicit ids are reserved first so generated ones never take them.
    for (event, range) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            if used.insert(id.to_string(), 0).is_some() {
                repeated.push((id.to_string(), range.clone()));
            }
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level as u8;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    title.push_str(t);
                }
                j += 1;
            }
            let id = match explicit {
                Some(id) => id,
                None => unique_id(github_id(&title), &mut used),
            };
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                *slot = Some(CowStr::from(id.clone()));
            }
            headings.push(Heading {
                id,
                title: title.trim().to_string(),
                level,
            });
            i = j;
        }
        i += 1;
    }
    (events, headings, repeated)
}

/// The headings of a document (for anchor checks), without rendering it.
pub fn headings(text: &str) -> Vec<Heading> {
    events_with_ids(text).1
}

/// GitHub's heading anchor: lowercase, punctuation dropped, spaces to `-`.
pub fn github_id(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

pub(crate) fn unique_id(base: String, used: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    if !used.contains_key(&base) {
        used.insert(base.clone(), 0);
        return base;
    }
    let mut n = used[&base];
    loop {
        n += 1;
        let candidate = format!("{base}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(base, n);
            used.insert(candidate.clone(), 0);
            return candidate;
        }
    }
}

/// Nests headings of level 2 and deeper into a table of contents.
pub fn table_of_contents(headings: &[Heading]) -> Vec<TocEntry> {
    fn insert(into: &mut Vec<TocEntry>, entry: TocEntry) {
        match into.last_mut() {
            Some(last) if entry.level > last.level => insert(&mut last.children, entry),
            _ => into.push(entry),
        }
    }
    let mut toc = Vec::new();
    for h in headings.iter().filter(|h| h.level >= 2) {
        insert(
            &mut toc,
            TocEntry {
                id: h.id.clone(),
                title: h.title.clone(),
                level: h.level,
                children: Vec::new(),
            },
        );
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        headings(text).into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn github_ids_lowercase_drop_punctuation_and_dash_spaces() {
        assert_eq!(github_id("Residency options"), "residency-options");
        assert_eq!(github_id("  Cost: levers & more!  "), "cost-levers--more");
        assert_eq!(github_id("snake_case-name"), "snake_case-name");
        assert_eq!(github_id("Überblick 数据 2026"), "überblick-数据-2026");
        assert_eq!(github_id("C++ / Rust?"), "c--rust");
        assert_eq!(github_id("¿?"), "");
    }

    #[test]
    fn duplicates_get_numbers_and_an_empty_id_is_section() {
        assert_eq!(
            ids("## A\n## A\n## A\n## !\n## ?\n"),
            ["a", "a-1", "a-2", "section", "section-1"]
        );
        let mut used = HashMap::new();
        used.insert("b-1".to_string(), 0);
        assert_eq!(unique_id("b".into(), &mut used), "b");
        // `b-1` is taken, so the second `b` skips it.
        assert_eq!(unique_id("b".into(), &mut used), "b-2");
        assert_eq!(unique_id("b".into(), &mut used), "b-3");
        assert_eq!(unique_id(String::new(), &mut used), "section");
    }

    #[test]
    fn explicit_ids_are_kept_and_reserved_before_generated_ones() {
        let text = "## Overview\n## Other {#overview}\n## Overview\n";
        assert_eq!(ids(text), ["overview-1", "overview", "overview-2"]);
        let (events, headings, repeated) = events_with_ids(text);
        assert!(repeated.is_empty());
        assert_eq!(headings[1].title, "Other");
        // The ids are written into the heading events the page renders.
        let in_events: Vec<String> = events
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(in_events, ["overview-1", "overview", "overview-2"]);
    }

    #[test]
    fn a_repeated_explicit_id_is_reported_where_it_repeats() {
        let text = "## X {#x}\n\n## Y {#x}\n\n## Z {#z}\n";
        let (_, headings, repeated) = events_with_ids(text);
        assert_eq!(repeated.len(), 1, "{repeated:?}");
        assert_eq!(repeated[0].0, "x");
        assert_eq!(text[repeated[0].1.clone()].trim_end(), "## Y {#x}");
        let got: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(got, ["x", "x", "z"]);
    }

    #[test]
    fn titles_keep_code_text_and_levels() {
        assert_eq!(
            headings("# Top\n\n### Use `kubectl` *now* \n\nText.\n"),
            [
                Heading {
                    id: "top".into(),
                    title: "Top".into(),
                    level: 1
                },
                Heading {
                    id: "use-kubectl-now".into(),
                    title: "Use kubectl now".into(),
                    level: 3
                },
            ]
        );
    }

    #[test]
    fn the_table_of_contents_nests_deeper_headings_and_skips_the_title() {
        let toc = table_of_contents(&headings(
            "# T\n## A\n### A1\n#### A1a\n### A2\n## B\n#### B1\n## C\n",
        ));
        let shape: Vec<(String, Vec<(String, usize)>)> = toc
            .iter()
            .map(|e| {
                let children = e
                    .children
                    .iter()
                    .map(|c| (c.id.clone(), c.children.len()))
                    .collect();
                (e.id.clone(), children)
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("a".into(), vec![("a1".into(), 1), ("a2".into(), 0)]),
                ("b".into(), vec![("b1".into(), 0)]),
                ("c".into(), vec![]),
            ]
        );
        assert_eq!(toc[0].children[0].children[0].title, "A1a");
        assert_eq!(toc[0].children[0].children[0].level, 4);
        // A document that starts deeper keeps its headings at the top.
        let flat = table_of_contents(&headings("### Deep\n## Up\n"));
        assert_eq!(flat.len(), 2);
        assert!(flat[0].children.is_empty());
    }
}
