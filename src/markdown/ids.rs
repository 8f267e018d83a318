//! ids: heading ids as GitHub makes them (`## Residency options` →
//! `residency-options`, duplicates `-1`, `-2`, `{#id}` kept and reserved)
//! and the table of contents built from them. Ids the page around a
//! document already uses (the theme's `<main id="main">`, a region page's
//! pillar sections) are reserved: a heading never takes one of them.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use unicode_normalization::char::is_combining_mark;

/// A heading of a document, with the id its anchor uses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub id: String,
    pub title: String,
    pub level: u8,
}

/// An entry of a table of contents, with its sub-headings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

pub(crate) fn events_with_ids<'a>(text: &'a str, reserved: &HashSet<String>) -> WithIds<'a> {
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    let mut headings = Vec::new();
    // The ids taken in this document; `reserved` (the page's own, tens of
    // thousands on a large site) is consulted, never copied per document.
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut repeated = Vec::new();
    // Explicit ids are reserved first so generated ones never take them.
    let mut explicit = HashSet::new();
    for (event, range) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string(), 0);
            if !explicit.insert(id.to_string()) || reserved.contains(id.as_ref()) {
                repeated.push((id.to_string(), range.clone()));
            }
        }
    }
    let starts: Vec<usize> = (0..events.len())
        .filter(|&i| matches!(events[i].0, Event::Start(Tag::Heading { .. })))
        .collect();
    for i in starts {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            continue;
        };
        let level = *level as u8;
        let explicit = id.as_ref().map(|s| s.to_string());
        // The heading's events, up to its end (the parser always closes it).
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |n| i + n);
        let title: String = events[i..end]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let id = match explicit {
            Some(id) => id,
            None => unique_id(github_id(&title), &mut used, reserved),
        };
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
            *slot = Some(CowStr::from(id.clone()));
        }
        headings.push(Heading {
            id,
            title: title.trim().to_string(),
            level,
        });
    }
    (events, headings, repeated)
}

/// The headings of a document (for anchor checks), without rendering it;
/// `reserved` as given to `Renderer`.
pub fn headings(text: &str, reserved: &HashSet<String>) -> Vec<Heading> {
    events_with_ids(text, reserved).1
}

/// GitHub's heading anchor (github-slugger): lowercase; letters, marks,
/// numbers, `-` and `_` kept; a space becomes `-`; everything else dropped.
/// Marks matter: `हिन्दी` is letters joined by a virama and a nukta, which
/// `char::is_alphanumeric` does not count.
pub fn github_id(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() || is_combining_mark(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// `base`, or `base-N` with the first N that makes it unique: neither in
/// `used` (this document's ids, with the last N tried for each base) nor
/// in `reserved`. Records the id it returns in `used`.
pub(crate) fn unique_id(
    base: String,
    used: &mut HashMap<String, usize>,
    reserved: &HashSet<String>,
) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let taken =
        |id: &str, used: &HashMap<String, usize>| used.contains_key(id) || reserved.contains(id);
    if !taken(&base, used) {
        used.insert(base.clone(), 0);
        return base;
    }
    // The numbers after the last one tried for `base`: `base` itself is
    // taken, so among as many numbers as there are taken ids one is free.
    let first = used.get(&base).copied().unwrap_or(0) + 1;
    let (n, candidate) = (first..)
        .take(used.len() + reserved.len())
        .map(|n| (n, format!("{base}-{n}")))
        .find(|(_, candidate)| !taken(candidate, used))
        .unwrap_or_else(|| (0, base.clone()));
    used.insert(base, n);
    used.insert(candidate.clone(), 0);
    candidate
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

    #[test]
    fn slugs_keep_combining_marks_as_github_slugger_does() {
        assert_eq!(github_id("हिन्दी बाज़ार"), "हिन्दी-बाज़ार");
        assert_eq!(github_id("السوق المحلي"), "السوق-المحلي");
        assert_eq!(github_id("市场 准入"), "市场-准入");
        assert_eq!(github_id("Café (naïve) — 2024!"), "café-naïve--2024");
        assert_eq!(github_id("Emoji 🚀 rocket"), "emoji--rocket");
    }

    #[test]
    fn reserved_ids_are_never_generated_and_an_explicit_one_is_reported() {
        let reserved: HashSet<String> = ["main".to_string(), "compliance".to_string()].into();
        let (_, headings, repeated) =
            events_with_ids("## Main\n## Compliance\n## Other {#main}\n", &reserved);
        let ids: Vec<_> = headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["main-1", "compliance-1", "main"]);
        assert_eq!(repeated.len(), 1);
        assert_eq!(repeated[0].0, "main");
    }

    /// The headings of `text` with no id reserved by a page around it.
    fn headings_of(text: &str) -> Vec<Heading> {
        headings(text, &HashSet::new())
    }

    fn ids(text: &str) -> Vec<String> {
        headings_of(text).into_iter().map(|h| h.id).collect()
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
        let none = HashSet::new();
        used.insert("b-1".to_string(), 0);
        assert_eq!(unique_id("b".into(), &mut used, &none), "b");
        // `b-1` is taken, so the second `b` skips it.
        assert_eq!(unique_id("b".into(), &mut used, &none), "b-2");
        assert_eq!(unique_id("b".into(), &mut used, &none), "b-3");
        assert_eq!(unique_id(String::new(), &mut used, &none), "section");
        // A reserved id is skipped like a used one, and is not recorded.
        let reserved: HashSet<String> = ["c".to_string(), "c-1".to_string()].into();
        assert_eq!(unique_id("c".into(), &mut used, &reserved), "c-2");
        assert_eq!(unique_id("c".into(), &mut used, &reserved), "c-3");
        assert!(!used.contains_key("c-1"));
        // The first free number can be the last one that has to be free.
        let reserved: HashSet<String> = ["d", "d-1", "d-2"].map(String::from).into();
        assert_eq!(unique_id("d".into(), &mut HashMap::new(), &reserved), "d-3");
    }

    #[test]
    fn explicit_ids_are_kept_and_reserved_before_generated_ones() {
        let text = "## Overview\n## Other {#overview}\n## Overview\n";
        assert_eq!(ids(text), ["overview-1", "overview", "overview-2"]);
        let (events, headings, repeated) = events_with_ids(text, &HashSet::new());
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
        let (_, headings, repeated) = events_with_ids(text, &HashSet::new());
        assert_eq!(repeated.len(), 1, "{repeated:?}");
        assert_eq!(repeated[0].0, "x");
        assert_eq!(text[repeated[0].1.clone()].trim_end(), "## Y {#x}");
        let got: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(got, ["x", "x", "z"]);
    }

    #[test]
    fn titles_keep_code_text_and_levels() {
        assert_eq!(
            headings_of("# Top\n\n### Use `kubectl` *now* \n\nText.\n"),
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
        let toc = table_of_contents(&headings_of(
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
        let flat = table_of_contents(&headings_of("### Deep\n## Up\n"));
        assert_eq!(flat.len(), 2);
        assert!(flat[0].children.is_empty());
    }
}
