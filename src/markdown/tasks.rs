//! tasks: the task-list items (`- [ ] …`) of a document, with the section
//! each stands under, for a region's readiness checklist.

use pulldown_cmark::{Event, Tag, TagEnd};

/// One task-list item of a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TaskItem {
    /// The item's text as inline HTML (links and emphasis kept; nested lists
    /// and blocks left out).
    pub html: String,
    /// The id and title of the heading the item stands under; empty before
    /// the first heading.
    pub section_id: String,
    pub section_title: String,
    /// Ticked in the source (`- [x]`).
    pub done: bool,
}

/// The task items of a rendered document's events, in order; `titles`
/// gives each heading id's title.
pub(super) fn task_items(events: &[Event], titles: &dyn Fn(&str) -> String) -> Vec<TaskItem> {
    let mut items = Vec::new();
    let mut section = String::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => section = id.to_string(),
            Event::TaskListMarker(done) => {
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, item_text(&events[i + 1..]).into_iter());
                items.push(TaskItem {
                    html: html.trim().to_string(),
                    section_title: if section.is_empty() {
                        String::new()
                    } else {
                        titles(&section)
                    },
                    section_id: section.clone(),
                    done: *done,
                });
            }
            _ => {}
        }
    }
    items
}

/// The inline events of the item that `events` starts inside, up to its
/// end: nested lists, code and other blocks are skipped, paragraph breaks
/// become spaces.
fn item_text<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let (mut items, mut skipped) = (0usize, 0usize);
    for event in events {
        match event {
            Event::Start(Tag::Item) => items += 1,
            Event::End(TagEnd::Item) if items == 0 => break,
            Event::End(TagEnd::Item) => items -= 1,
            Event::Start(Tag::List(_) | Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::Table(_)) => {
                skipped += 1
            }
            Event::End(
                TagEnd::List(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::Table,
            ) => skipped = skipped.saturating_sub(1),
            _ if skipped > 0 || items > 0 => {}
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) | Event::SoftBreak | Event::HardBreak => {
                out.push(Event::Text(" ".into()))
            }
            // A glossary mark keeps its term (and its tooltip).
            Event::Html(html) if html.starts_with(r#"<a class="gloss""#) => out.push(event.clone()),
            Event::Html(_) => {}
            other => out.push(other.clone()),
        }
    }
    out
}
