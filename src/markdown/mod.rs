//! render (first half): Markdown to HTML with pulldown-cmark.
//!
//! On top of CommonMark (tables, footnotes, strikethrough, task lists, heading
//! attributes) it assigns GitHub-style heading ids, builds a table of contents,
//! resolves `@/` links and checks their anchors, highlights fenced code, escapes
//! raw HTML (unless `unsafe_html`) and neutralises link targets a browser would
//! run. Every problem is a `Diagnostic` at the right line of the source file.
//! Nothing here reads or writes files.

mod autolink;
mod callouts;
mod footnotes;
mod glossary_marks;
pub mod highlight;
mod ids;
pub mod images;
pub mod local_links;
mod raw_html;
mod tasks;
pub mod url;

pub use self::callouts::{CalloutLabels, LABEL_KEYS as CALLOUT_LABEL_KEYS};
use self::footnotes::{FootnoteHtml, Footnotes};
pub use self::footnotes::{
    BACKREF_DEFAULT as FOOTNOTE_BACKREF_DEFAULT, BACKREF_KEY as FOOTNOTE_BACKREF_KEY,
};
pub use self::glossary_marks::GlossaryMarks;
use self::highlight::Highlighted;
// The fuzz harness checks ids made from arbitrary text.
#[allow(unused_imports)]
pub use self::ids::github_id;
use self::ids::{events_with_ids, table_of_contents};
pub use self::ids::{headings, TocEntry};
pub use self::tasks::TaskItem;
use self::url::{dangerous_url_message, is_dangerous_url};
use crate::base::diagnostics::{Diagnostic, Level};
use crate::base::packed::Text;
use crate::base::source::{Markdown, Source};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;

/// Where `@/` links point, answered by the library.
pub trait LinkTargets: Sync {
    /// The URL of content file `path` (relative to `content/`) and, when
    /// `anchor` is given, that the target has such a heading. An error is a
    /// message and an optional hint.
    fn resolve(&self, path: &str, anchor: Option<&str>)
        -> Result<String, (String, Option<String>)>;

    /// The URL of the page that publishes content file `path` (as in
    /// `Source::path`), for links relative to it.
    fn page_url(&self, _path: &str) -> Option<String> {
        None
    }

    /// The site's base path (`/`, `/sea/`): root-relative links go under it.
    fn base_path(&self) -> &str {
        "/"
    }

    /// The size (and resized copies) of the image a site URL reaches among
    /// the static files; `None` when it reaches none, `Err` when the file
    /// cannot be read.
    fn image_size(&self, _url: &str) -> Option<Result<images::Shown, String>> {
        None
    }

    /// The same for an image beside the Markdown (its path under `content/`).
    fn content_image(&self, _path: &str) -> Option<Result<images::Shown, String>> {
        None
    }
}

/// The HTML of one Markdown document, and what was found while rendering it.
#[derive(Debug, Default, Clone)]
pub struct RenderedDoc {
    /// Packed (`Text::pack`) by a one-shot build, which keeps every
    /// document until the last page that embeds it is written.
    pub html: Text,
    pub toc: Vec<TocEntry>,
    /// Its task-list items, for a region's readiness checklist.
    pub tasks: Vec<TaskItem>,
    pub diagnostics: Vec<Diagnostic>,
    /// Links and images inside the site not written with `@/`, to check
    /// against the files the build writes.
    pub local_links: Vec<local_links::LocalLink>,
    /// Images beside the Markdown to publish: (URL, path under `content/`).
    pub images: Vec<(String, String)>,
    /// Whether it has a fenced or indented code block (so its pages need
    /// the highlighting stylesheet).
    pub has_code: bool,
    /// Resized copies of the images it shows, to publish: (the URL of the
    /// folder they go in, the copies).
    pub responsive: Vec<(String, std::sync::Arc<crate::raster::Responsive>)>,
}

/// Markdown rendering settings shared by every document of a build.
pub struct Renderer<'a> {
    pub unsafe_html: bool,
    /// GFM's extended autolinks (`www.…`, `https://…`, e-mail addresses).
    pub autolinks: bool,
    pub links: &'a dyn LinkTargets,
    /// Ids the page around the document uses; no heading takes one.
    pub reserved_ids: &'a HashSet<String>,
    /// What callouts are called in the document's language.
    pub callout_labels: &'a CalloutLabels,
    /// The glossary terms to mark at their first use, if the site has any.
    pub glossary: Option<&'a GlossaryMarks>,
    /// A footnote's back-link label, `{n}` standing for the reference
    /// (`Back to reference {n}`), in the document's language.
    pub footnote_backref: &'a str,
}

impl Renderer<'_> {
    /// Renders one document held in `source`.
    pub fn render(&self, md: &Markdown, source: &Source) -> RenderedDoc {
        let (events, headings, repeated) = events_with_ids(md.text(), self.reserved_ids);
        let (events, unknown_callouts) = callouts::callouts(events, md.text());
        let (events, shown) = raw_html::raw_html(events, self.unsafe_html);
        let events = autolink::merge_text(events);
        let events = if self.autolinks {
            autolink::autolinks(events)
        } else {
            events
        };
        let mut diags = Vec::new();
        let diag = |range: &Range<usize>, level: Level, msg: String| {
            md.diagnostic(source, level, range.start, msg)
        };
        for unknown in unknown_callouts {
            diags.push(diag(&unknown.at, Level::Warning, unknown.message));
        }
        // One warning a line: `<b>x</b>` is one mistake, not two.
        let mut shown_line = 0;
        for raw in shown {
            let d = diag(&raw.at, Level::Warning, raw.message);
            if d.line != shown_line {
                shown_line = d.line;
                diags.push(d);
            }
        }
        // Two headings with one `{#id}`: links to it could reach only one.
        for (id, range) in &repeated {
            let message = if self.reserved_ids.contains(id) {
                format!("heading id \"{id}\" is one the page template gives its own element; choose another")
            } else {
                format!("duplicate heading id \"{id}\": an earlier heading of this document has it")
            };
            diags.push(diag(range, Level::Error, message));
        }

        let notes = Footnotes::collect(&events);
        let note_ids: HashSet<String> = notes.ids().collect();
        let own_ids: HashSet<String> = headings
            .iter()
            .map(|h| h.id.clone())
            .chain(note_ids.iter().cloned())
            .collect();
        let mut in_code = false;
        for (event, range) in &events {
            match event {
                // Only an explicit `{#fn:1}` can: generated ids hold no `:`.
                Event::Start(Tag::Heading { id: Some(id), .. })
                    if note_ids.contains(id.as_ref()) =>
                {
                    diags.push(diag(
                        range,
                        Level::Error,
                        format!(
                            "heading id \"{id}\" is a footnote's id on this page; choose another"
                        ),
                    ));
                }
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(text) if !in_code => {
                    for (offset, label) in notes.undefined_in(text) {
                        let start = (range.start + offset).min(range.end);
                        diags.push(diag(
                            &(start..start),
                            Level::Warning,
                            format!("footnote [^{label}] is not defined; it is shown as written"),
                        ));
                    }
                }
                _ => {}
            }
        }

        let mut out: Vec<Event> = Vec::with_capacity(events.len());
        let mut footnotes = FootnoteHtml::new(&notes, self.footnote_backref);
        let mut code: Option<(String, String, Range<usize>)> = None;
        let mut has_code = false;
        // Glossary terms are marked once per document, outside links,
        // images and headings (`inside` counts how deep in those we are).
        let page_url = self.links.page_url(&source.path);
        let (mut image_sizes, mut doc_images) = (Vec::new(), Vec::new());
        let mut responsive = Vec::new();
        // The image being read, and whether it has alt text yet.
        let mut image_alt: Option<(Range<usize>, bool)> = None;
        let mut local = Vec::new();
        let mut glossary_used = vec![false; self.glossary.map_or(0, |g| g.terms.len())];
        let mut inside = 0usize;
        for (event, range) in events {
            match (&event, &mut image_alt) {
                (Event::Text(t) | Event::Code(t), Some((_, has_alt))) if !t.trim().is_empty() => {
                    *has_alt = true
                }
                (Event::End(TagEnd::Image), Some((at, false))) => diags.push(diag(
                    at,
                    Level::Warning,
                    "image without alt text: say what it shows, ![what it shows](…), for readers who cannot see it".into(),
                )),
                _ => {}
            }
            if matches!(event, Event::End(TagEnd::Image)) {
                image_alt = None;
            }
            match &event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. }) => {
                    inside += 1
                }
                Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_)) => {
                    inside = inside.saturating_sub(1)
                }
                _ => {}
            }
            if let Some((_, text, _)) = code.as_mut() {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, text, start) = code.take().unwrap_or_default();
                        has_code = true;
                        match highlight::code_block(&lang, &text) {
                            Highlighted::Html(html) => out.push(Event::Html(html.into())),
                            Highlighted::UnknownLanguage(html) => {
                                diags.push(diag(
                                    &start,
                                    Level::Warning,
                                    format!("unknown code block language \"{lang}\"; rendered without highlighting"),
                                ));
                                out.push(Event::Html(html.into()));
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            let Some(event) = footnotes.handle(event, &mut out) else {
                continue;
            };
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                            .next()
                            .unwrap_or("")
                            .to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new(), range));
                }
                // `## Title {onclick=…}`: custom heading attributes are raw
                // HTML attributes, so they are dropped unless `unsafe_html`.
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) if !self.unsafe_html && !attrs.is_empty() => {
                    let names: Vec<String> = attrs.iter().map(|(k, _)| k.to_string()).collect();
                    diags.push(diag(
                        &range,
                        Level::Warning,
                        format!(
                            "heading attribute{} {} removed: attributes other than {{#id}} and {{.class}} need `unsafe_html = true`",
                            if names.len() > 1 { "s" } else { "" },
                            names
                                .iter()
                                .map(|n| format!("`{}`", n.chars().take(40).collect::<String>()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                    out.push(Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs: Vec::new(),
                    }));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest =
                        self.link_target(&dest_url, false, &own_ids, &range, &mut diags, &diag);
                    let dest = self.local_link(
                        &dest_url,
                        dest,
                        false,
                        page_url.as_deref(),
                        &range,
                        &mut local,
                        &diag,
                    );
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest =
                        self.link_target(&dest_url, true, &own_ids, &range, &mut diags, &diag);
                    let dest = self.local_link(
                        &dest_url,
                        dest,
                        true,
                        page_url.as_deref(),
                        &range,
                        &mut local,
                        &diag,
                    );
                    // Its size: from the file beside the Markdown (then
                    // published with the page) or from the static files.
                    let relative = local_links::is_local(&dest_url)
                        && !dest_url.starts_with('/')
                        && !dest_url.starts_with("@/");
                    let beside = relative
                        .then(|| images::beside(&source.path, &dest_url))
                        .flatten()
                        .and_then(|path| Some((self.links.content_image(&path)?, path)));
                    let info = match beside {
                        Some((info, path)) => {
                            doc_images.push((dest.clone(), path));
                            Some(info)
                        }
                        None => self.links.image_size(&dest),
                    };
                    image_sizes.push(match info {
                        Some(Ok(shown)) => {
                            if let Some(copies) = &shown.responsive {
                                let folder = images::folder(&dest).to_string();
                                responsive.push((folder, copies.clone()));
                            }
                            shown
                        }
                        Some(Err(message)) => {
                            diags.push(diag(&range, Level::Error, message));
                            images::Shown::default()
                        }
                        None => images::Shown::default(),
                    });
                    image_alt = Some((range.clone(), false));
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: dest.into(),
                        title,
                        id,
                    }));
                }
                Event::Text(text) if inside == 0 && self.glossary.is_some() => {
                    if let Some(marks) = self.glossary {
                        glossary_marks::mark_text(text, marks, &mut glossary_used, &mut out);
                    }
                }
                other => out.push(other),
            }
        }
        let title = |id: &str| {
            let heading = headings.iter().find(|h| h.id == id);
            heading.map(|h| h.title.clone()).unwrap_or_default()
        };
        let tasks = tasks::task_items(&out, &title);
        // A task's checkbox says its state to assistive technology.
        let out = out
            .into_iter()
            .map(|event| match event {
                Event::TaskListMarker(done) => Event::Html(
                    format!(
                        "<input type=\"checkbox\" disabled{} aria-label=\"{}\"> ",
                        if done { " checked" } else { "" },
                        crate::base::html::escape(if done {
                            &self.callout_labels.task_done
                        } else {
                            &self.callout_labels.task_todo
                        })
                    )
                    .into(),
                ),
                other => other,
            })
            .collect();
        let out = callouts::to_html(out, self.callout_labels);
        let out = images::to_html(out, &image_sizes);
        let mut html = String::with_capacity(md.text().len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        RenderedDoc {
            html: html.into(),
            toc: table_of_contents(&headings),
            tasks,
            diagnostics: diags,
            local_links: local,
            images: doc_images,
            has_code,
            responsive,
        }
    }

    /// A link that stays in the site without `@/` made absolute under the
    /// base path, and kept for the check against the built files.
    #[allow(clippy::too_many_arguments)]
    fn local_link(
        &self,
        written: &str,
        dest: String,
        image: bool,
        page_url: Option<&str>,
        range: &Range<usize>,
        local: &mut Vec<local_links::LocalLink>,
        diag: &dyn Fn(&Range<usize>, Level, String) -> Diagnostic,
    ) -> String {
        if written.starts_with("@/") || dest == "#" || !local_links::is_local(&dest) {
            return dest;
        }
        let Some(url) = local_links::absolute(&dest, page_url, self.links.base_path()) else {
            return dest;
        };
        local.push(local_links::LocalLink {
            url: url.clone(),
            image,
            at: diag(range, Level::Error, String::new()),
        });
        url
    }

    /// The URL a link or image should point to, reporting broken `@/` links.
    fn link_target(
        &self,
        dest: &str,
        image: bool,
        own_ids: &HashSet<String>,
        range: &Range<usize>,
        diags: &mut Vec<Diagnostic>,
        diag: &dyn Fn(&Range<usize>, Level, String) -> Diagnostic,
    ) -> String {
        if let Some(target) = dest.strip_prefix("@/") {
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(decoded(a))),
                None => (target, None),
            };
            return match self.links.resolve(path, anchor.as_deref()) {
                Ok(url) => url,
                Err((message, hint)) => {
                    diags.push(diag(range, Level::Error, message).with_hint(hint));
                    "#".to_string()
                }
            };
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            // Browsers and editors copy a link percent-encoded.
            let anchor = decoded(anchor);
            if !anchor.is_empty() && !own_ids.contains(anchor.as_str()) {
                let hint = crate::base::diagnostics::did_you_mean(
                    &anchor,
                    own_ids.iter().map(String::as_str),
                );
                diags.push(
                    diag(
                        range,
                        Level::Error,
                        format!("no heading with id \"{anchor}\" in this document"),
                    )
                    .with_hint(hint),
                );
            }
            return dest.to_string();
        }
        if !self.unsafe_html && is_dangerous_url(dest, image) {
            diags.push(diag(range, Level::Warning, dangerous_url_message(dest)));
            return "#".to_string();
        }
        dest.to_string()
    }
}

/// An anchor as the id it names: percent-decoded (`%D8%A7` is `ا`), or as
/// written when that is not UTF-8.
fn decoded(anchor: &str) -> String {
    percent_encoding::percent_decode_str(anchor)
        .decode_utf8()
        .map_or_else(|_| anchor.to_string(), |a| a.into_owned())
}

#[cfg(test)]
mod tests;
