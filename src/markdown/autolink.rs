//! autolink: GFM's extended autolinks — a bare `www.example.com`,
//! `https://…`, `e-mail@example.com`, `mailto:` or `xmpp:` address in text
//! becomes a link, as on GitHub (GFM spec 0.29, section 6.9).
//! pulldown-cmark does not do this, so it runs here over the text events,
//! never inside a link, an image or code. `[markdown] autolinks = false`
//! turns it off.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// `events` with adjacent text events merged into one (pulldown-cmark splits
/// text at every character that might have started some syntax), so that
/// a pattern is seen whole. The HTML is the same.
pub(super) fn merge_text(events: Vec<(Event<'_>, Range<usize>)>) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out: Vec<(Event, Range<usize>)> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let (Event::Text(next), Some((Event::Text(text), at))) = (&event, out.last_mut()) {
            let mut joined = text.to_string();
            joined.push_str(next);
            *text = CowStr::from(joined);
            at.end = at.end.max(range.end);
            continue;
        }
        out.push((event, range));
    }
    out
}

/// `events` (text already merged) with every extended autolink made a link.
pub(super) fn autolinks(events: Vec<(Event<'_>, Range<usize>)>) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out = Vec::with_capacity(events.len());
    // Inside a link, an image or a code block, text stays text.
    let mut depth = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                depth = depth.saturating_sub(1)
            }
            Event::Text(text) if depth == 0 => {
                let found = find_all(text);
                if !found.is_empty() {
                    let text = text.to_string();
                    let mut at = 0;
                    for link in found {
                        if link.start > at {
                            out.push((
                                Event::Text(text[at..link.start].to_string().into()),
                                range.clone(),
                            ));
                        }
                        let shown = text[link.start..link.end].to_string();
                        let (link_type, dest) = match link.kind {
                            Kind::Www => (LinkType::Autolink, format!("http://{shown}")),
                            Kind::Url | Kind::Protocol => (LinkType::Autolink, shown.clone()),
                            // The HTML writer adds `mailto:` to an e-mail link.
                            Kind::Email => (LinkType::Email, shown.clone()),
                        };
                        out.push((
                            Event::Start(Tag::Link {
                                link_type,
                                dest_url: dest.into(),
                                title: CowStr::Borrowed(""),
                                id: CowStr::Borrowed(""),
                            }),
                            range.clone(),
                        ));
                        out.push((Event::Text(shown.into()), range.clone()));
                        out.push((Event::End(TagEnd::Link), range.clone()));
                        at = link.end;
                    }
                    if at < text.len() {
                        out.push((Event::Text(text[at..].to_string().into()), range));
                    }
                    continue;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Www,
    Url,
    Email,
    Protocol,
}

#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    kind: Kind,
}

/// Every autolink of one text, in order, as byte ranges.
fn find_all(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // A link starts at the beginning, after white space, or after one
        // of `*`, `_`, `~`, `(` (GFM: "delimiter run" characters).
        let boundary = text.is_char_boundary(i)
            && (i == 0 || {
                let prev = text[..i].chars().next_back().unwrap_or(' ');
                prev.is_whitespace() || matches!(prev, '*' | '_' | '~' | '(')
            });
        if boundary {
            if let Some(link) = at(text, i) {
                i = link.end;
                found.push(link);
                continue;
            }
        }
        // E-mail addresses are found from their `@`, looking back.
        if bytes[i] == b'@' {
            if let Some(link) = email_around(text, i, found.last().map_or(0, |f| f.end)) {
                i = link.end;
                found.push(link);
                continue;
            }
        }
        i += 1;
    }
    found
}

/// A `www.`, `http(s)://`, `ftp://`, `mailto:` or `xmpp:` link at `i`.
fn at(text: &str, i: usize) -> Option<Found> {
    let rest = &text[i..];
    let lower = |p: &str| {
        rest.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    };
    for (prefix, kind) in [
        ("www.", Kind::Www),
        ("http://", Kind::Url),
        ("https://", Kind::Url),
        ("ftp://", Kind::Url),
    ] {
        if lower(prefix) {
            let domain_start = if kind == Kind::Www {
                i
            } else {
                i + prefix.len()
            };
            let domain_end = valid_domain(text, domain_start)?;
            let end = path_end(text, domain_end);
            return Some(Found {
                start: i,
                end: trim_trailing(text, i, end),
                kind,
            });
        }
    }
    for prefix in ["mailto:", "xmpp:"] {
        if lower(prefix) {
            let at_sign = i + prefix.len() + local_part_len(&text[i + prefix.len()..]);
            if text.as_bytes().get(at_sign) != Some(&b'@') || at_sign == i + prefix.len() {
                return None;
            }
            let mut end = email_domain_end(text, at_sign + 1)?;
            // xmpp: may take one resource, `/` then letters, digits, `@`, `.`.
            if prefix == "xmpp:" && text.as_bytes().get(end) == Some(&b'/') {
                let resource = text[end + 1..]
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'@' | b'.'))
                    .count();
                if resource > 0 {
                    end = end + 1 + resource;
                    if text.as_bytes()[end - 1] == b'.' {
                        end -= 1;
                    }
                }
            }
            return Some(Found {
                start: i,
                end,
                kind: Kind::Protocol,
            });
        }
    }
    None
}

/// The end of a valid domain starting at `start`: segments of letters,
/// digits, `_` and `-` joined by `.`, at least one `.`, and no `_` in the
/// last two segments.
fn valid_domain(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .map_or(rest.len(), |(n, _)| n);
    let domain = rest[..len].trim_end_matches('.');
    let segments: Vec<&str> = domain.split('.').collect();
    if segments.len() < 2 || segments.iter().any(|s| s.is_empty()) {
        return None;
    }
    if segments[segments.len() - 2..]
        .iter()
        .any(|s| s.contains('_'))
    {
        return None;
    }
    Some(start + domain.len())
}

/// Everything up to white space or `<` continues the link.
fn path_end(text: &str, from: usize) -> usize {
    text[from..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c == '<')
        .map_or(text.len(), |(n, _)| from + n)
}

/// GFM's extended autolink path validation: trailing punctuation is not
/// part of the link, nor an unbalanced `)`, nor an entity-like `&name;`.
fn trim_trailing(text: &str, start: usize, mut end: usize) -> usize {
    loop {
        let link = &text[start..end];
        let Some(last) = link.chars().next_back() else {
            return end;
        };
        if matches!(last, '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~') {
            end -= 1;
        } else if last == ')' {
            let open = link.matches('(').count();
            let close = link.matches(')').count();
            if close > open {
                end -= 1;
            } else {
                return end;
            }
        } else if last == ';' {
            let before = &link[..link.len() - 1];
            let name = before
                .bytes()
                .rev()
                .take_while(u8::is_ascii_alphanumeric)
                .count();
            if name > 0 && before[..before.len() - name].ends_with('&') {
                end -= name + 2;
            } else {
                return end;
            }
        } else {
            return end;
        }
    }
}

fn local_part_len(text: &str) -> usize {
    text.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+'))
        .count()
}

/// The end of an e-mail domain at `start`: letters, digits, `-` and `_` in
/// segments joined by `.`, at least one `.`, not ending in `-` or `_` (a
/// final `.` is not part of it).
fn email_domain_end(text: &str, start: usize) -> Option<usize> {
    let len = text[start..]
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        .count();
    let domain = text[start..start + len].trim_end_matches('.');
    if !domain.contains('.') || domain.split('.').any(str::is_empty) || domain.ends_with(['-', '_'])
    {
        return None;
    }
    Some(start + domain.len())
}

/// An e-mail address around the `@` at `at_sign`, not reaching back before
/// `floor` (the end of the previous link).
fn email_around(text: &str, at_sign: usize, floor: usize) -> Option<Found> {
    let local = text[floor..at_sign]
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+'))
        .count();
    if local == 0 {
        return None;
    }
    let start = at_sign - local;
    // `mailto:x@y.z` was a protocol link, or not a link at all.
    if text[..start].to_ascii_lowercase().ends_with("mailto:")
        || text[..start].to_ascii_lowercase().ends_with("xmpp:")
    {
        return None;
    }
    let end = email_domain_end(text, at_sign + 1)?;
    Some(Found {
        start,
        end,
        kind: Kind::Email,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<&str> {
        find_all(text)
            .into_iter()
            .map(|f| &text[f.start..f.end])
            .collect()
    }

    #[test]
    fn www_urls_and_emails_are_found_as_gfm_says() {
        assert_eq!(
            links("Visit www.commonmark.org/help for more."),
            ["www.commonmark.org/help"]
        );
        assert_eq!(
            links("Visit www.commonmark.org/a.b."),
            ["www.commonmark.org/a.b"]
        );
        assert_eq!(
            links("(www.google.com/search?q=Markup+(business))"),
            ["www.google.com/search?q=Markup+(business)"]
        );
        assert_eq!(
            links("www.google.com/search?q=commonmark&hl;"),
            ["www.google.com/search?q=commonmark"]
        );
        assert_eq!(
            links("see https://example.org/x, then"),
            ["https://example.org/x"]
        );
        assert_eq!(
            links("hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is."),
            ["hello+xyz@mail.example"]
        );
        assert_eq!(links("a.b-c_d@a.b- and a.b-c_d@a.b."), ["a.b-c_d@a.b"]);
        assert_eq!(
            links("xmpp:foo@bar.baz/txt@bin.com"),
            ["xmpp:foo@bar.baz/txt@bin.com"]
        );
        assert_eq!(links("mailto:a.b-c_d@a.b/"), ["mailto:a.b-c_d@a.b"]);
    }

    #[test]
    fn what_is_not_an_autolink() {
        assert!(links("www.x_y.z_w").is_empty());
        assert!(links("awww.example.com").is_empty());
        assert!(links("http://localhost").is_empty());
        assert!(links("plain @ sign and x@y").is_empty());
        assert!(links("السوق wwwé.x ēwww.a.b").is_empty());
    }
}
