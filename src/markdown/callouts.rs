//! callouts: GitHub's alert syntax — a blockquote whose first line is
//! `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]`,
//! optionally followed by a title — rendered as a labelled box with an icon.
//! The marker is found here rather than by pulldown-cmark, which recognises
//! neither a title after it nor an unknown kind, which is a warning.
//!
//! Two steps: `callouts` (on the parsed events, which know their place in
//! the file) turns a marked blockquote into a `BlockQuote(Some(kind))` whose
//! first paragraph is the title; `to_html`, after raw HTML was escaped,
//! turns those into the box's markup.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// The five kinds, in GitHub's order, as they are written in a marker.
pub const KINDS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// The words the renderer writes into a document, in its language: each
/// callout kind's label (`KINDS` order), and the accessible names of a
/// task's checkbox, done and not done.
#[derive(Debug, Clone, PartialEq)]
pub struct CalloutLabels {
    pub kinds: [String; 5],
    pub task_done: String,
    pub task_todo: String,
}

impl Default for CalloutLabels {
    fn default() -> Self {
        CalloutLabels {
            kinds: ["Note", "Tip", "Important", "Warning", "Caution"].map(String::from),
            task_done: "Done".into(),
            task_todo: "Not done".into(),
        }
    }
}

/// The UI string key of each kind's label (`KINDS` order).
pub const LABEL_KEYS: [&str; 5] = [
    "callout_note",
    "callout_tip",
    "callout_important",
    "callout_warning",
    "callout_caution",
];

/// Icons drawn on a 16×16 grid in `currentColor`; decorative, so hidden
/// from assistive technology (the label says the kind).
const ICONS: [&str; 5] = [
    // note: an "i" in a circle
    r#"<circle cx="8" cy="8" r="6.5"/><path d="M8 7v4.5M8 4.6v.1"/>"#,
    // tip: a light bulb
    r#"<path d="M5.5 10.5a4.5 4.5 0 1 1 5 0V12h-5z"/><path d="M6 14h4"/>"#,
    // important: a speech bubble with "!"
    r#"<path d="M2 2.5h12v8.5H7l-3 3v-3H2z"/><path d="M8 4.8v3.2M8 9.6v.1"/>"#,
    // warning: a triangle with "!"
    r#"<path d="M8 1.8 15 14H1z"/><path d="M8 6v4M8 11.8v.1"/>"#,
    // caution: an octagon with "!"
    r#"<path d="M5.2 1.5h5.6l3.7 3.7v5.6l-3.7 3.7H5.2l-3.7-3.7V5.2z"/><path d="M8 4.8v4M8 11v.1"/>"#,
];

/// How each kind travels between the two steps (`KINDS` order).
const KIND_TAGS: [BlockQuoteKind; 5] = [
    BlockQuoteKind::Note,
    BlockQuoteKind::Tip,
    BlockQuoteKind::Important,
    BlockQuoteKind::Warning,
    BlockQuoteKind::Caution,
];

/// A `[!WORD]` at the start of a blockquote's first line.
struct Marker {
    word: String,
    /// Just after the `]`.
    end: usize,
    /// The end of the marker's line (its newline, or the text's end).
    line_end: usize,
}

fn marker_at(text: &str, start: usize) -> Option<Marker> {
    let rest = text.get(start..)?.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let word = &rest[..close];
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let end = start + 2 + close + 1;
    let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n);
    Some(Marker {
        word: word.to_string(),
        end,
        line_end,
    })
}

/// An unknown marker: where it is and what to say.
pub(crate) struct UnknownKind {
    pub at: Range<usize>,
    pub message: String,
}

/// Turns every blockquote that starts with a known marker into a callout;
/// returns the events and the markers of unknown kinds (left as written).
pub(crate) fn callouts<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    text: &str,
) -> (Vec<(Event<'a>, Range<usize>)>, Vec<UnknownKind>) {
    let mut out = Vec::with_capacity(events.len());
    let mut unknown = Vec::new();
    // The kind of each open blockquote, so that its end says it too.
    let mut open: Vec<Option<BlockQuoteKind>> = Vec::new();
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                let marker = match (events.next_if(is_paragraph_start), events.peek()) {
                    (Some(paragraph), Some((Event::Text(_), at))) => {
                        let marker = marker_at(text, at.start);
                        (paragraph, marker)
                    }
                    (Some(paragraph), _) => (paragraph, None),
                    (None, _) => {
                        open.push(kind);
                        out.push((Event::Start(Tag::BlockQuote(kind)), range));
                        continue;
                    }
                };
                let (paragraph, marker) = marker;
                let known = marker
                    .as_ref()
                    .and_then(|m| KINDS.iter().position(|k| k.eq_ignore_ascii_case(&m.word)));
                if let (Some(index), Some(marker)) = (known, &marker) {
                    let (title, more) = title_events(&mut events, text, marker);
                    let kind = Some(KIND_TAGS[index]);
                    open.push(kind);
                    out.push((Event::Start(Tag::BlockQuote(kind)), range.clone()));
                    out.push((Event::Start(Tag::Paragraph), range.clone()));
                    out.extend(title);
                    out.push((Event::End(TagEnd::Paragraph), range.clone()));
                    if more {
                        out.push(paragraph);
                    }
                    continue;
                }
                if let Some(m) = marker {
                    unknown.push(UnknownKind {
                        at: m.end - m.word.len() - 3..m.end,
                        message: format!(
                            "unknown callout kind \"[!{}]\"; the kinds are {}; shown as a plain quote",
                            m.word,
                            KINDS.map(|k| format!("[!{k}]")).join(", ")
                        ),
                    });
                }
                open.push(kind);
                out.push((Event::Start(Tag::BlockQuote(kind)), range));
                out.push(paragraph);
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                let kind = open.pop().flatten();
                out.push((Event::End(TagEnd::BlockQuote(kind)), range));
            }
            other => out.push((other, range)),
        }
    }
    (out, unknown)
}

fn is_paragraph_start((event, _): &(Event<'_>, Range<usize>)) -> bool {
    matches!(event, Event::Start(Tag::Paragraph))
}

/// Consumes the rest of the opening paragraph's marker line and returns
/// the title written after the marker (inline events), and whether more
/// text of that paragraph follows on later lines.
fn title_events<'a, I>(
    events: &mut std::iter::Peekable<I>,
    text: &str,
    marker: &Marker,
) -> (Vec<(Event<'a>, Range<usize>)>, bool)
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    let mut title = Vec::new();
    while let Some((event, range)) = events.next_if(|(e, r)| {
        r.start < marker.line_end
            && !matches!(
                e,
                Event::End(TagEnd::Paragraph) | Event::SoftBreak | Event::HardBreak
            )
    }) {
        match event {
            Event::Text(_) if range.end <= marker.end => {}
            Event::Text(_) if range.start < marker.end => {
                let rest = text[marker.end..range.end].trim_start();
                if !rest.is_empty() {
                    title.push((Event::Text(CowStr::from(rest.to_string())), range));
                }
            }
            other => title.push((other, range)),
        }
    }
    trim_title(&mut title);
    // The line break after the marker line, then either the paragraph's
    // end (the marker stood alone) or the callout's first text.
    events.next_if(|(e, _)| matches!(e, Event::SoftBreak | Event::HardBreak));
    let ended = events
        .next_if(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
        .is_some();
    (title, !ended)
}

/// Trims the title's leading and trailing spaces.
fn trim_title(title: &mut [(Event<'_>, Range<usize>)]) {
    if let Some((Event::Text(t), _)) = title.first_mut() {
        if t.starts_with(char::is_whitespace) {
            *t = CowStr::from(t.trim_start().to_string());
        }
    }
    if let Some((Event::Text(t), _)) = title.last_mut() {
        if t.ends_with(char::is_whitespace) {
            *t = CowStr::from(t.trim_end().to_string());
        }
    }
}

/// Turns each callout `callouts` marked into its box: the opening with an
/// icon and the title (the one written after the marker, or the kind's
/// label), the body, and the closing.
pub(crate) fn to_html<'a>(events: Vec<Event<'a>>, labels: &CalloutLabels) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        let index = match &event {
            Event::Start(Tag::BlockQuote(Some(kind))) => KIND_TAGS.iter().position(|k| k == kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                out.push(Event::Html("</div>\n".into()));
                continue;
            }
            _ => None,
        };
        let Some(index) = index else {
            out.push(event);
            continue;
        };
        // The title paragraph `callouts` put first.
        let _start = events.next();
        let title: Vec<Event> = events
            .by_ref()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Paragraph)))
            .collect();
        let kind = KINDS[index].to_ascii_lowercase();
        let label = crate::base::html::escape(&labels.kinds[index]);
        out.push(Event::Html(
            format!(
                r#"<div class="callout callout-{kind}" role="note"><p class="callout-title"><svg class="callout-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">{}</svg>"#,
                ICONS[index]
            )
            .into(),
        ));
        if title.is_empty() {
            out.push(Event::Html(format!("<span>{label}</span></p>\n").into()));
        } else {
            // A written title replaces the label on screen; readers of the
            // page with assistive technology still hear the kind first.
            let hidden = format!(r#"<span class="visually-hidden">{label}: </span><span>"#);
            out.push(Event::Html(hidden.into()));
            out.extend(title);
            out.push(Event::Html("</span></p>\n".into()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn render(md: &str) -> (String, Vec<String>) {
        let events: Vec<_> = Parser::new_ext(md, super::super::ids::options())
            .into_offset_iter()
            .collect();
        let (events, unknown) = callouts(events, md);
        let events = to_html(
            events.into_iter().map(|(e, _)| e).collect(),
            &CalloutLabels::default(),
        );
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        let unknown = unknown
            .into_iter()
            .map(|u| format!("{}: {}", &md[u.at], u.message))
            .collect();
        (html, unknown)
    }

    fn title_and_body(html: &str) -> (&str, &str) {
        let title_end = html.find("</p>\n").unwrap();
        let title_start = html.find("</svg>").unwrap() + "</svg>".len();
        (&html[title_start..title_end], &html[title_end + 5..])
    }

    #[test]
    fn each_kind_becomes_a_labelled_box_and_the_marker_disappears() {
        for (kind, label) in KINDS.iter().zip(CalloutLabels::default().kinds) {
            let (html, unknown) = render(&format!("> [!{kind}]\n> Keep data in the Kingdom.\n"));
            assert!(unknown.is_empty());
            let class = kind.to_ascii_lowercase();
            assert!(
                html.starts_with(&format!(
                    r#"<div class="callout callout-{class}" role="note"><p class="callout-title"><svg"#
                )),
                "{html}"
            );
            let (title, body) = title_and_body(&html);
            assert_eq!(title, format!("<span>{label}</span>"));
            assert_eq!(body, "<p>Keep data in the Kingdom.</p>\n</div>\n");
            assert!(!html.contains("[!"), "{html}");
        }
    }

    #[test]
    fn a_title_after_the_marker_replaces_the_label_and_keeps_its_markup() {
        let (html, _) = render("> [!WARNING] Do *not* move data\n> Body text.\n>\n> More.\n");
        let (title, body) = title_and_body(&html);
        assert_eq!(
            title,
            r#"<span class="visually-hidden">Warning: </span><span>Do <em>not</em> move data</span>"#
        );
        assert_eq!(body, "<p>Body text.</p>\n<p>More.</p>\n</div>\n");
    }

    #[test]
    fn a_marker_alone_then_a_later_paragraph_and_lower_case_kinds_work() {
        let (html, _) = render("> [!tip]\n>\n> Start small.\n");
        let (title, body) = title_and_body(&html);
        assert_eq!(title, "<span>Tip</span>");
        assert_eq!(body, "<p>Start small.</p>\n</div>\n");
    }

    #[test]
    fn an_unknown_kind_is_reported_at_its_marker_and_left_as_a_quote() {
        let md = "Intro.\n\n> [!DANGER]\n> Careful.\n";
        let (html, unknown) = render(md);
        assert_eq!(
            unknown,
            ["[!DANGER]: unknown callout kind \"[!DANGER]\"; the kinds are [!NOTE], [!TIP], [!IMPORTANT], [!WARNING], [!CAUTION]; shown as a plain quote"]
        );
        assert!(html.contains("<blockquote>\n<p>[!DANGER]"), "{html}");
    }

    #[test]
    fn plain_and_nested_quotes_stay_quotes() {
        let (html, unknown) = render("> Just a quote [!NOTE] later.\n>\n> > [!NOTE]\n> > Inner.\n");
        assert!(unknown.is_empty());
        assert!(html.starts_with("<blockquote>\n<p>Just a quote"), "{html}");
        assert!(
            html.contains(r#"<div class="callout callout-note""#),
            "{html}"
        );
        assert!(html.ends_with("</div>\n</blockquote>\n"), "{html}");
        // Not a marker: a link-like word, a space inside, or no closing bracket.
        for md in [
            "> [!NO TE]\n> x\n",
            "> [!NOTE\n> x\n",
            "> [!]\n> x\n",
            "> [!N0TE]\n> x\n",
        ] {
            let (html, unknown) = render(md);
            assert!(html.starts_with("<blockquote>"), "{md}: {html}");
            assert!(unknown.is_empty(), "{md}");
        }
    }

    #[test]
    fn labels_come_from_the_documents_language_and_are_escaped() {
        let labels = CalloutLabels {
            kinds: ["注意", "提示", "重要", "<警告>", "小心"].map(String::from),
            ..CalloutLabels::default()
        };
        let md = "> [!WARNING]\n> x\n";
        let events: Vec<_> = Parser::new_ext(md, super::super::ids::options())
            .into_offset_iter()
            .collect();
        let (events, _) = callouts(events, md);
        let events = to_html(events.into_iter().map(|(e, _)| e).collect(), &labels);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        assert!(html.contains("<span>&lt;警告&gt;</span>"), "{html}");
    }
}
