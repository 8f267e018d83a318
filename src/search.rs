//! search: builds the Pagefind index of the rendered site, from memory, as
//! more files of the `Site` (`pagefind/…`). No Node.js, no second tool.
//!
//! Pagefind keeps one index per page language, and the search page's language
//! picks the index. So that a reader of the English site still finds Chinese,
//! Japanese or Arabic text, every page that contains such text is indexed a
//! second time under that language, in a bundle of its own
//! (`pagefind-zh/` …) that the search script merges in
//! (`pagefind/guidegen.json` lists them). Chinese and Japanese are segmented
//! into words by Pagefind's `extended` feature. Nothing here touches the disk.

use crate::packed::Packed;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;

/// What a page adds to the index besides its HTML.
#[derive(Debug, Clone, Default)]
pub struct SearchEntry {
    /// Shown with each result: title, kind, pillar, regions.
    pub meta: Vec<(&'static str, String)>,
    /// Facets: `region` and `pillar`, possibly several values each.
    pub filters: Vec<(&'static str, String)>,
}

/// A rendered page to index: what Pagefind reads of it.
#[derive(Clone)]
pub struct IndexedPage {
    pub url: String,
    /// The page cut down to what the index reads (`indexable_html`), with
    /// its filters and metadata: a third of the page or less, so a large
    /// site's pages need not stay in memory to be indexed. Packed: a
    /// build of 100,000 pages holds them all until Pagefind reads them.
    html: Packed,
    pub entry: SearchEntry,
}

impl IndexedPage {
    /// The page at `url` whose rendered HTML is `page`.
    pub fn new(url: String, page: &str, entry: SearchEntry) -> Self {
        IndexedPage {
            html: Packed::new(&indexable_html(page, &entry)),
            url,
            entry,
        }
    }

    /// The HTML Pagefind is given.
    pub fn text(&self) -> String {
        self.html.unpack()
    }

    /// The HTML Pagefind is given, packed: the same bytes for the same HTML.
    pub fn packed(&self) -> &Packed {
        &self.html
    }
}

/// Languages that get a bundle of their own when their script appears in a
/// page of another language.
fn scripts_in<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
    let (mut han, mut kana, mut arabic) = (false, false, false);
    for text in texts {
        let mut at = 0;
        while let Some(i) = next_lead_of_script(text.as_bytes(), at) {
            // A byte of 0xD8 or more is never a continuation byte, so `i`
            // starts a character.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            match c as u32 {
                0x3040..=0x30FF => kana = true,
                0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => han = true,
                0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                    arabic = true
                }
                _ => {}
            }
            at = i + c.len_utf8();
        }
    }
    let mut langs = Vec::new();
    if kana {
        langs.push("ja");
    } else if han {
        langs.push("zh");
    }
    if arabic {
        langs.push("ar");
    }
    langs
}

fn escape_attr(s: &str) -> String {
    crate::highlight::html_escape(s)
}

/// The first byte at or after `from` that can start a character of the
/// scripts `scripts_in` looks for: all are at U+0600 or above, so their
/// UTF-8 encoding starts with 0xD8 or more. ASCII and Latin text (most of a
/// page) is skipped 32 bytes at a time, in a loop the compiler vectorises;
/// the profile of a 10,000-playbook build had the character-by-character
/// scan at 2% of the whole build.
fn next_lead_of_script(bytes: &[u8], from: usize) -> Option<usize> {
    const LEAD: u8 = 0xD8;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(32);
    let mut offset = from;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &b| any | (b >= LEAD)) {
            return chunk.iter().position(|&b| b >= LEAD).map(|i| offset + i);
        }
        offset += 32;
    }
    let tail = chunks.remainder();
    tail.iter().position(|&b| b >= LEAD).map(|i| offset + i)
}

/// The filters and metadata of a page as hidden Pagefind elements.
fn annotations(entry: &SearchEntry) -> String {
    let mut tags = String::new();
    for (key, value) in &entry.filters {
        tags.push_str(&format!(
            "<span hidden data-pagefind-filter=\"{key}:{}\"></span>",
            escape_attr(value)
        ));
    }
    for (key, value) in &entry.meta {
        tags.push_str(&format!(
            "<span hidden data-pagefind-meta=\"{key}:{}\"></span>",
            escape_attr(value)
        ));
    }
    tags
}

/// The end of the tag in which `marker` first appears.
fn after_tag(html: &str, marker: &str) -> Option<usize> {
    let a = html.find(marker)?;
    html[a..].find('>').map(|i| a + i + 1)
}

/// Elements whose end tag HTML never leaves out, so that the matching end tag
/// of the indexed body can be found by counting.
const BODY_TAGS: &[&str] = &[
    "main", "div", "article", "section", "aside", "header", "footer", "nav", "span",
];

/// Where the element that carries `data-pagefind-body` starts and ends, when
/// the page has exactly one, of a kind in `BODY_TAGS`, and nothing outside it
/// carries a Pagefind attribute that Pagefind would read (filters, metadata,
/// sort keys, weights are read anywhere in the page).
fn indexed_body(html: &str) -> Option<(usize, usize)> {
    let marker = html.find("data-pagefind-body")?;
    if html[marker + 1..].contains("data-pagefind-body") {
        return None;
    }
    let (open, end) = element_around(html, 0, marker, BODY_TAGS)?;
    if reads_pagefind_attributes(&html[..open]) || reads_pagefind_attributes(&html[end..]) {
        return None;
    }
    Some((open, end))
}

/// The element whose start tag holds the attribute at `attr` (a start tag
/// that begins at or after `from`), when it is one of `tags`: where it
/// starts and where its end tag ends.
fn element_around(html: &str, from: usize, attr: usize, tags: &[&str]) -> Option<(usize, usize)> {
    let open = from + html[from..attr].rfind('<')?;
    if html[open..attr].contains('>') {
        return None;
    }
    let name = tag_name(&html[open + 1..]);
    let tag = tags.iter().find(|t| t.eq_ignore_ascii_case(name))?;
    Some((open, matching_end(html, open, tag)?))
}

/// The tag name at the start of `rest` (just after `<` or `</`).
fn tag_name(rest: &str) -> &str {
    &rest[..rest.bytes().take_while(u8::is_ascii_alphanumeric).count()]
}

/// Whether `part` has a Pagefind attribute that Pagefind reads wherever it
/// stands (anything but `data-pagefind-ignore`).
fn reads_pagefind_attributes(part: &str) -> bool {
    part.match_indices("data-pagefind-")
        .any(|(i, _)| !part[i..].starts_with("data-pagefind-ignore"))
}

/// The end of the `tag` element that opens at `open`: nested elements of the
/// same name are counted; comments, scripts and styles are skipped.
fn matching_end(html: &str, open: usize, tag: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = open;
    while let Some(i) = html[at..].find('<') {
        let i = at + i;
        let rest = &html[i..];
        let named = |name: &str, from: usize| {
            rest.len() > from + name.len()
                && rest.as_bytes()[from..from + name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(
                    bytes[i + from + name.len()],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'
                )
        };
        if let Some(comment) = rest.strip_prefix("<!--") {
            at = i + 4 + comment.find("-->")? + 3;
            continue;
        }
        let raw = ["script", "style"].into_iter().find(|raw| named(raw, 1));
        if let Some(raw) = raw {
            let close = format!("</{raw}");
            at = i
                + rest
                    .as_bytes()
                    .windows(close.len())
                    .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))?
                + close.len();
            continue;
        }
        if named(tag, 1) {
            depth += 1;
        } else if rest.starts_with("</") && named(tag, 2) {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i + 2 + tag.len() + rest[2 + tag.len()..].find('>')? + 1);
            }
        }
        at = i + 1;
    }
    None
}

/// What Pagefind is given for a page: the `<html>` tag, the `<title>`, and
/// the indexed body with the page's filters and metadata; when the body
/// cannot be cut out safely, the whole page. Pagefind reads nothing else
/// when a body is marked, so the bundle is the same, but it parses a third
/// to a half less HTML (headers, navigation, footers, inline SVG). The same
/// page indexed in another language is `with_language` of this.
fn indexable_html(html: &str, entry: &SearchEntry) -> String {
    let tags = annotations(entry);
    let html_tag = html.find("<html").and_then(|start| {
        let end = start + html[start..].find('>')? + 1;
        Some((start, end))
    });
    let (Some((body_start, body_end)), Some((tag_start, tag_end))) = (indexed_body(html), html_tag)
    else {
        // The whole page, annotated as it always was.
        let at = after_tag(html, "data-pagefind-body").or_else(|| after_tag(html, "<body"));
        return match at {
            Some(at) => format!("{}{tags}{}", &html[..at], &html[at..]),
            None => format!("{tags}{html}"),
        };
    };
    let title = html[..body_start].find("<title").and_then(|start| {
        let end = start + html[start..].find("</title>")? + "</title>".len();
        Some(&html[start..end])
    });
    let body_open_end = body_start + html[body_start..].find('>').map_or(0, |i| i + 1);
    let mut out = String::with_capacity(body_end - body_start + tags.len() + 256);
    out.push_str(&html[tag_start..tag_end]);
    out.push_str("<head>");
    out.push_str(title.unwrap_or_default());
    out.push_str("</head><body>");
    out.push_str(&html[body_start..body_open_end]);
    out.push_str(&tags);
    push_without_inline_tags(&mut out, &without_ignored(&html[body_open_end..body_end]));
    out.push_str("</body></html>");
    out
}

/// Elements whose end tag HTML never leaves out and that a theme marks
/// `data-pagefind-ignore` (a table of contents, a page's navigation).
const IGNORABLE_TAGS: &[&str] = &[
    "aside", "div", "footer", "header", "nav", "section", "ol", "ul", "table", "figure",
];

/// `html` without the elements Pagefind would parse only to ignore: those
/// marked `data-pagefind-ignore` (either value) with nothing inside that
/// Pagefind reads from an ignored element — an `id` (it numbers anchors
/// across the page), a Pagefind attribute, an `h1`, `img` or `title` (it
/// takes the page's default title and image from anywhere). On a playbook
/// page that is about half of the body: its table of contents, metadata
/// rows and the links to the neighbouring playbooks.
fn without_ignored(html: &str) -> std::borrow::Cow<'_, str> {
    const MARK: &str = "data-pagefind-ignore";
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = html[at..].find(MARK).map(|i| at + i) {
        at = i + MARK.len();
        let Some((open, end)) = element_around(html, copied, i, IGNORABLE_TAGS) else {
            continue;
        };
        let element = &html[open..end];
        let reads = element.contains(" id=")
            || reads_pagefind_attributes(element)
            || ["<h1", "<img", "<title"]
                .iter()
                .any(|t| element.contains(t) || element.contains(&t.to_ascii_uppercase()));
        if reads {
            continue;
        }
        out.push_str(&html[copied..open]);
        copied = end;
        at = end;
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Inline elements whose tags change nothing in what Pagefind indexes when
/// they carry no `id` and no Pagefind attribute: Pagefind appends their text
/// to the enclosing element's as it is (they are not among the block
/// elements it separates with spaces or full stops, nor among those it
/// drops). Each costs Pagefind a node of its tree and a copy of its text.
const TRANSPARENT_INLINE: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "q", "samp", "small", "span",
    "strong", "sub", "sup", "time", "tt", "var",
];

/// Appends `html` to `out` without the tags of its transparent inline
/// elements (see `TRANSPARENT_INLINE`): a highlighted code block, for one,
/// is a span per token. Comments, scripts and styles are copied as they are;
/// an element that keeps its start tag keeps its end tag.
fn push_without_inline_tags(out: &mut String, html: &str) {
    // For each inline element open at this point, whether its tags are kept.
    let mut open: Vec<(&str, bool)> = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = html[at..].find('<').map(|i| at + i) {
        let rest = &html[i..];
        let raw_end = ["<!--", "<script", "<style"]
            .iter()
            .zip(["-->", "</script", "</style"])
            .find(|(start, _)| starts_with_tag(rest, start))
            .map(|(_, end)| rest.find(end).map_or(html.len(), |j| i + j + end.len()));
        if let Some(end) = raw_end {
            at = end;
            continue;
        }
        let closing = rest.starts_with("</");
        let name = tag_name(&rest[if closing { 2 } else { 1 }..]);
        let Some(name) = TRANSPARENT_INLINE
            .iter()
            .find(|known| known.eq_ignore_ascii_case(name))
        else {
            at = i + 1;
            continue;
        };
        let Some(len) = tag_len(rest) else {
            break;
        };
        let keep = if closing {
            match open.iter().rposition(|(n, _)| n == name) {
                Some(j) => open.remove(j).1,
                None => true,
            }
        } else {
            let tag = &rest[..len];
            let keep = tag.contains(" id=") || tag.contains("data-pagefind");
            if !tag.ends_with("/>") {
                open.push((name, keep));
            }
            keep
        };
        if !keep {
            out.push_str(&html[copied..i]);
            copied = i + len;
        }
        at = i + len;
    }
    out.push_str(&html[copied..]);
}

/// Whether `rest` starts with `start` (`<!--`, or `<name` as a whole tag
/// name), case-insensitively.
fn starts_with_tag(rest: &str, start: &str) -> bool {
    let bytes = rest.as_bytes();
    bytes.len() > start.len()
        && bytes[..start.len()].eq_ignore_ascii_case(start.as_bytes())
        && (start.starts_with("<!") || !bytes[start.len()].is_ascii_alphanumeric())
}

/// The length of the tag at the start of `rest`, to its closing `>`; a `>`
/// in a quoted attribute value does not close it.
fn tag_len(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in rest.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The same page declared in another language.
fn with_language(html: &str, lang: &str) -> String {
    let Some(start) = html.find("<html") else {
        return html.to_string();
    };
    let end = html[start..].find('>').map_or(html.len(), |i| start + i);
    let tag = &html[start..end];
    let new_tag = match tag.find(" lang=\"") {
        Some(i) => {
            let value_start = i + 7;
            let value_end = tag[value_start..]
                .find('"')
                .map_or(tag.len(), |j| value_start + j);
            format!("{}{lang}{}", &tag[..value_start], &tag[value_end..])
        }
        None => format!("<html lang=\"{lang}\"{}", &tag[5..]),
    };
    format!("{}{new_tag}{}", &html[..start], &html[end..])
}

/// How much of one page's HTML the index reads. Pagefind's time and memory
/// grow faster than the page (a 4 MB page took over a minute), so a giant
/// page is indexed by its beginning only; `content::load` warns about such
/// files.
pub const MAX_INDEXED_HTML: usize = 1 << 20;

/// The first `MAX_INDEXED_HTML` bytes of a page, cut before a tag and closed,
/// or the whole page when it is smaller.
fn indexed_part(html: String) -> String {
    if html.len() <= MAX_INDEXED_HTML {
        return html;
    }
    // `<` is ASCII, so the cut is on a character boundary.
    let cut = html[..MAX_INDEXED_HTML].rfind('<').unwrap_or(0);
    format!("{}</main></body></html>", &html[..cut])
}

/// Files of Pagefind's bundle that guidegen's own search script does not use.
fn is_unused_bundle_file(name: &str) -> bool {
    name.starts_with("pagefind-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-modular-ui")
        || name.starts_with("playground")
}

/// Indexes `pages` into one bundle under `dir`. Pagefind parses each page on
/// a blocking thread while holding its index, so pages go in one at a time;
/// the next page is made ready (`pages` is lazy) while Pagefind parses the
/// current one.
async fn bundle(
    mut pages: impl Iterator<Item = (String, String)>,
    dir: &str,
    out: &mut BTreeMap<String, Vec<u8>>,
    finishing: Option<&std::sync::Mutex<()>>,
) -> anyhow::Result<()> {
    let config = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(config))?;
    let mut next = pages.next();
    while let Some((url, html)) = next {
        let (added, following) = tokio::join!(index.add_html_file(None, Some(url), html), async {
            pages.next()
        });
        added?;
        next = following;
    }
    // Pagefind builds the whole index when asked for the files, at about
    // three times the memory of the pages it holds: with `finishing`, one
    // bundle at a time does that while the others go on reading pages.
    let turn = finishing.map(|m| m.lock().unwrap_or_else(|e| e.into_inner()));
    let files = index.get_files().await?;
    drop(turn);
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        if !is_unused_bundle_file(&name) {
            out.insert(format!("{dir}/{name}"), file.contents);
        }
    }
    Ok(())
}

/// How many pages one bundle of the site's own language takes: a larger
/// site is split into several bundles, built in parallel and merged by the
/// search script. Pagefind indexes one page at a time per bundle, so on a
/// site of thousands of pages the bundles (not the pages) are what the
/// cores share; each bundle also holds only its share of the index in
/// memory. The split depends on the number of pages only, so the output
/// is the same on every machine.
pub const PAGES_PER_BUNDLE: usize = 600;

/// At most this many bundles while none would exceed `MAX_BUNDLE_PAGES`:
/// each costs the reader a few more requests (and its own 60 KB copy of
/// Pagefind's WebAssembly) on the first query.
const MAX_BUNDLES: usize = 4;

/// At most this many pages in one bundle. Pagefind holds a bundle's whole
/// index in memory while it builds it, at its peak about 140 KB a page of
/// the benchmark site, and the cores build bundles side by side: at 100,000
/// pages, four bundles of 25,000 peaked at 12 GiB. A larger site gets more
/// bundles instead (20 at 100,000 pages).
pub const MAX_BUNDLE_PAGES: usize = 5_000;

/// The number of bundles for `pages` pages.
fn bundle_count(pages: usize) -> usize {
    let by_size = pages.div_ceil(PAGES_PER_BUNDLE).clamp(1, MAX_BUNDLES);
    by_size.max(pages.div_ceil(MAX_BUNDLE_PAGES))
}

/// The directory of bundle `i` of the site's own language.
fn part_dir(i: usize) -> String {
    if i == 0 {
        "pagefind".to_string()
    } else {
        format!("pagefind-part{i}")
    }
}

/// Pages of another language, by language: (URL, HTML to index).
type Extra = BTreeMap<&'static str, Vec<(String, String)>>;

/// Indexes one part of the site's pages into `dir`, collecting the pages to
/// index again in another language.
fn index_part(
    pages: Vec<IndexedPage>,
    primary: &str,
    dir: &str,
    finishing: Option<&std::sync::Mutex<()>>,
) -> anyhow::Result<(BTreeMap<String, Vec<u8>>, Extra)> {
    let mut extra: Extra = BTreeMap::new();
    let main = pages.into_iter().map(|page| {
        let html = page.text();
        let body_start = html.find("data-pagefind-body").unwrap_or(0);
        let entry = page.entry.meta.iter().chain(&page.entry.filters);
        let text = entry.map(|(_, value)| value.as_str());
        for lang in scripts_in(text.chain([&html[body_start..]])) {
            if lang != primary {
                let html = indexed_part(with_language(&html, lang));
                extra
                    .entry(lang)
                    .or_default()
                    .push((page.url.clone(), html));
            }
        }
        (page.url, indexed_part(html))
    });
    let mut files = BTreeMap::new();
    runtime()?.block_on(bundle(main, dir, &mut files, finishing))?;
    Ok((files, extra))
}

/// `part`, or with a `sink`, `part` without its files, once they are in it.
fn sunk(
    (files, extra): (BTreeMap<String, Vec<u8>>, Extra),
    sink: Option<Sink>,
) -> anyhow::Result<(BTreeMap<String, Vec<u8>>, Extra)> {
    let Some(sink) = sink else {
        return Ok((files, extra));
    };
    for (path, bytes) in files {
        sink(&path, &bytes).map_err(anyhow::Error::msg)?;
    }
    Ok((BTreeMap::new(), extra))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Where `index` puts each part of the bundle as soon as it is built,
/// instead of returning it: a file's path (as in `index`'s map) and bytes.
/// An error (a message) stops the indexing.
pub type Sink<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), String> + Sync);

/// Indexes `pages` (sorted by URL for a deterministic bundle) and returns the
/// bundle's files keyed by their path under the output directory; with a
/// `sink`, the parts of the site's own language go there instead. Each page's
/// HTML is dropped once Pagefind has read it. A large site gets several
/// bundles (`pagefind/`, `pagefind-part1/` …, see `PAGES_PER_BUNDLE`), built
/// in parallel; `pagefind/guidegen.json` lists every bundle the search
/// script merges into the first.
pub fn index(
    site_language: &str,
    base_path: &str,
    mut pages: Vec<IndexedPage>,
    sink: Option<Sink>,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let primary = site_language
        .split('-')
        .next()
        .unwrap_or(site_language)
        .to_ascii_lowercase();
    let parts = bundle_count(pages.len());
    let per_part = pages.len().div_ceil(parts).max(1);
    let mut chunks = Vec::with_capacity(parts);
    while pages.len() > per_part {
        let rest = pages.split_off(per_part);
        chunks.push(std::mem::replace(&mut pages, rest));
    }
    chunks.push(pages);
    let failed = |e: anyhow::Error| format!("search index: {e:#}");
    // Threads of their own, not rayon's: they inherit the priority of the
    // caller (`serve` indexes at a low one, in the background). No more
    // at once than there are cores: a bundle being built holds its share
    // of the index in memory, a finished one only its files.
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(chunks.len());
    let queue = std::sync::Mutex::new(chunks.into_iter().enumerate());
    // Bundles at their largest (`MAX_BUNDLE_PAGES`) finish one at a time:
    // built in step, two would peak together. The first waits once; after
    // that the workers are out of step and nobody waits.
    let finishing = std::sync::Mutex::new(());
    let finishing = (parts > MAX_BUNDLES).then_some(&finishing);
    type Part = (usize, anyhow::Result<(BTreeMap<String, Vec<u8>>, Extra)>);
    let mut done: Vec<Part> = std::thread::scope(|scope| {
        let (queue, primary) = (&queue, &primary);
        let threads: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let next = queue.lock().ok().and_then(|mut q| q.next());
                        let Some((i, chunk)) = next else {
                            return out;
                        };
                        let part = index_part(chunk, primary, &part_dir(i), finishing);
                        out.push((i, part.and_then(|part| sunk(part, sink))));
                    }
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| {
                t.join().unwrap_or_else(|_| {
                    vec![(usize::MAX, Err(anyhow::anyhow!("the indexer stopped")))]
                })
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    let done: Vec<(BTreeMap<String, Vec<u8>>, Extra)> = done
        .into_iter()
        .map(|(_, part)| part)
        .collect::<anyhow::Result<_>>()
        .map_err(failed)?;
    let mut files = BTreeMap::new();
    let mut extra: Extra = BTreeMap::new();
    for (part, part_extra) in done {
        files.extend(part);
        for (lang, pages) in part_extra {
            extra.entry(lang).or_default().extend(pages);
        }
    }
    for (lang, pages) in &mut extra {
        let pages = std::mem::take(pages).into_iter();
        runtime()
            .and_then(|rt| {
                rt.block_on(bundle(pages, &format!("pagefind-{lang}"), &mut files, None))
            })
            .map_err(failed)?;
    }
    let bundles: Vec<serde_json::Value> = (1..parts)
        .map(|i| serde_json::json!({"path": format!("{base_path}{}/", part_dir(i)), "language": primary}))
        .chain(extra.keys().map(|lang| serde_json::json!({"path": format!("{base_path}pagefind-{lang}/"), "language": lang})))
        .collect();
    files.insert(
        "pagefind/guidegen.json".into(),
        serde_json::json!({"language": primary, "merge": bundles})
            .to_string()
            .into_bytes(),
    );
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, title: &str, body: &str, region: &str) -> IndexedPage {
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><title>{title}</title></head><body>\
             <nav>Navigation words</nav><main data-pagefind-body><h1>{title}</h1>{body}</main></body></html>"
        );
        let entry = SearchEntry {
            meta: vec![("title", title.into()), ("pillar", "Compliance".into())],
            filters: vec![("region", region.into()), ("pillar", "Compliance".into())],
        };
        IndexedPage::new(url.into(), &html, entry)
    }

    #[test]
    fn writes_a_bundle_with_filters_and_no_ui_files() {
        let files = index(
            "en",
            "/",
            vec![
                page(
                    "/a/",
                    "Residency",
                    "<p>Data stays in the Kingdom.</p>",
                    "KSA",
                ),
                page("/b/", "Tax", "<p>合规 要求</p>", "UAE"),
            ],
            None,
        )
        .unwrap();
        assert!(files.contains_key("pagefind/pagefind.js"));
        assert!(files.contains_key("pagefind/pagefind-entry.json"));
        assert!(files.keys().any(|k| k.starts_with("pagefind/filter/")));
        assert!(!files.keys().any(|k| k.contains("pagefind-ui")));
        // The Chinese text gets a bundle of its own, listed for the client.
        assert!(files.contains_key("pagefind-zh/pagefind-entry.json"));
        let manifest = String::from_utf8(files["pagefind/guidegen.json"].clone()).unwrap();
        assert!(manifest.contains("\"/pagefind-zh/\""), "{manifest}");
    }

    #[test]
    fn a_large_site_is_split_into_bundles_the_script_merges() {
        assert_eq!(bundle_count(0), 1);
        assert_eq!(bundle_count(PAGES_PER_BUNDLE), 1);
        assert_eq!(bundle_count(PAGES_PER_BUNDLE + 1), 2);
        assert_eq!(bundle_count(MAX_BUNDLES * MAX_BUNDLE_PAGES), MAX_BUNDLES);
        assert_eq!(
            bundle_count(MAX_BUNDLES * MAX_BUNDLE_PAGES + 1),
            MAX_BUNDLES + 1
        );
        assert_eq!(bundle_count(100_000), 20);
        let pages: Vec<IndexedPage> = (0..PAGES_PER_BUNDLE + 2)
            .map(|i| {
                page(
                    &format!("/p{i:04}/"),
                    "P",
                    &format!("<p>word{i}</p>"),
                    "KSA",
                )
            })
            .collect();
        let files = index("en", "/sub/", pages.clone(), None).unwrap();
        assert!(files.contains_key("pagefind/pagefind-entry.json"));
        assert!(files.contains_key("pagefind-part1/pagefind-entry.json"));
        assert!(!files.contains_key("pagefind-part2/pagefind-entry.json"));
        let manifest = String::from_utf8(files["pagefind/guidegen.json"].clone()).unwrap();
        assert!(
            manifest.contains(r#"{"language":"en","path":"/sub/pagefind-part1/"}"#),
            "{manifest}"
        );

        // With a sink, each part goes there as it is built: the same files.
        let sunk = std::sync::Mutex::new(BTreeMap::new());
        let sink = |path: &str, bytes: &[u8]| {
            sunk.lock()
                .unwrap()
                .insert(path.to_string(), bytes.to_vec());
            Ok(())
        };
        let mut streamed = index("en", "/sub/", pages.clone(), Some(&sink)).unwrap();
        assert_eq!(
            streamed.keys().collect::<Vec<_>>(),
            ["pagefind/guidegen.json"]
        );
        streamed.append(&mut sunk.into_inner().unwrap());
        assert_eq!(streamed, files);

        // A sink that fails stops the index with its message.
        let full = |_: &str, _: &[u8]| Err("disk full".to_string());
        let err = index("en", "/sub/", pages, Some(&full)).unwrap_err();
        assert!(err.contains("disk full"), "{err}");
    }

    #[test]
    fn the_same_input_gives_the_same_bundle() {
        let make = || {
            index(
                "en",
                "/",
                vec![
                    page("/a/", "A", "<p>alpha</p>", "KSA"),
                    page("/b/", "B", "<p>beta</p>", "UAE"),
                ],
                None,
            )
            .unwrap()
        };
        assert_eq!(make(), make());
    }

    fn entry() -> SearchEntry {
        SearchEntry {
            meta: vec![("title", "T & <U>".into())],
            filters: vec![("region", "KSA".into())],
        }
    }

    /// A page with the chrome of the default theme around its indexed body.
    fn themed(body: &str) -> String {
        format!(
            "<!doctype html><html lang=\"en\" data-region=\"KSA\"><head><meta charset=\"utf-8\">\
             <title>Residency · Guides</title><link rel=\"stylesheet\" href=\"/style.css\"></head>\
             <body class=\"\"><div data-pagefind-ignore=\"all\"><header><svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg>\
             <nav><a href=\"/\">Home</a></nav></header></div>{body}\
             <footer data-pagefind-ignore=\"all\"><p>Footer words</p></footer><script src=\"/search.js\"></script></body></html>"
        )
    }

    #[test]
    fn annotations_go_inside_the_indexed_body() {
        let html = indexable_html(
            &themed("<main data-pagefind-body class=\"x\"><h1>T</h1></main>"),
            &entry(),
        );
        assert_eq!(
            html,
            "<html lang=\"en\" data-region=\"KSA\"><head><title>Residency · Guides</title></head><body>\
             <main data-pagefind-body class=\"x\"><span hidden data-pagefind-filter=\"region:KSA\"></span>\
             <span hidden data-pagefind-meta=\"title:T &amp; &lt;U&gt;\"></span><h1>T</h1></main></body></html>"
        );
        let zh = with_language(
            &indexable_html(
                &themed("<main data-pagefind-body><p>合规</p></main>"),
                &entry(),
            ),
            "zh",
        );
        assert!(
            zh.starts_with("<html lang=\"zh\" data-region=\"KSA\"><head>"),
            "{zh}"
        );
    }

    #[test]
    fn the_whole_page_is_indexed_when_the_body_cannot_be_cut_out() {
        for body in [
            // A filter outside the body: Pagefind reads it, so it must stay.
            "<p data-pagefind-filter=\"kind:x\">x</p><main data-pagefind-body><h1>T</h1></main>",
            // Two bodies.
            "<main data-pagefind-body><h1>T</h1></main><div data-pagefind-body>U</div>",
            // An element whose end tag may be left out.
            "<p data-pagefind-body>T",
            // No end tag at all.
            "<main data-pagefind-body><h1>T</h1>",
        ] {
            let page = themed(body);
            let html = indexable_html(&page, &entry());
            assert!(
                html.starts_with("<!doctype html>") && html.contains("Footer words"),
                "{html}"
            );
            assert!(
                html.contains("data-pagefind-filter=\"region:KSA\""),
                "{html}"
            );
        }
    }

    #[test]
    fn the_body_ends_at_its_own_end_tag() {
        let page = "<html><body><div data-pagefind-body><div>a</div><!-- </div> -->\
                    <script>let s = \"</div>\";</script><DIV>b</DIV></div><div>after</div></body></html>";
        let (start, end) = indexed_body(page).unwrap();
        assert_eq!(
            &page[start..end],
            "<div data-pagefind-body><div>a</div><!-- </div> --><script>let s = \"</div>\";</script><DIV>b</DIV></div>"
        );
    }

    #[test]
    fn the_cut_out_body_gives_the_same_bundle_as_the_whole_page() {
        let pages: Vec<(String, String)> = [
            ("/a/", "<main data-pagefind-body><h1 id=\"top\">Residency</h1><p>Data stays <em>in</em> the Kingdom.</p>\
                     <h2 id=\"more\">More</h2><p data-pagefind-ignore>skip</p><img src=\"/i.png\" alt=\"I\"></main>"),
            ("/b/", "<main data-pagefind-body><h2>No h1</h2><ul><li>One</li><li>Two</li></ul></main>"),
            // Inline markup that the index does without, beside some it needs.
            ("/c/", "<main data-pagefind-body><h1><a href=\"#x\">Linked</a> <strong>title</strong></h1>\
                     <h2 id=\"setup\">Set <code>up</code> <span id=\"inner\">inner <b>bold</b></span></h2>\
                     <p>See <a href=\"/b/\" title=\"a > b\">the <em>other</em> page</a>, then<span>glued</span>words.</p>\
                     <pre><code><span class=\"k\">let</span> <span class=\"n\">x</span> = <span class=\"m\">1</span>;</code></pre>\
                     <p><span data-pagefind-weight=\"9\">weighted</span> and <SPAN CLASS=\"u\">upper</SPAN></p>\
                     <table><tr><td><i>cell</i></td><td>two</td></tr></table><svg><a><text>drawn</text></a></svg></main>"),
            // Ignored elements: left out, or kept for what Pagefind reads in them.
            ("/d/", "<main data-pagefind-body><aside data-pagefind-ignore=\"all\"><nav><a href=\"#x\">Contents</a></nav></aside>\
                     <h2 id=\"x\">Ex</h2><p>Text <b>here</b></p><nav class=\"n\" data-pagefind-ignore><a href=\"/a/\">Prev: <strong>Other</strong></a></nav>\
                     <div data-pagefind-ignore><span id=\"kept\">kept</span></div><p>after</p>\
                     <div data-pagefind-ignore=\"all\"><h1>Inner title</h1></div><ul data-pagefind-ignore><li>a<li>b</ul>\
                     <div data-pagefind-ignore><span data-pagefind-filter=\"tag:x\">x</span></div><p>end</p></main>"),
        ]
        .into_iter()
        .map(|(url, body)| (url.to_string(), themed(body)))
        .collect();
        let build = |prepare: &dyn Fn(&str) -> String| {
            let mut files = BTreeMap::new();
            let pages = pages.iter().map(|(url, html)| (url.clone(), prepare(html)));
            tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap()
                .block_on(bundle(pages, "pagefind", &mut files, None))
                .unwrap();
            files
        };
        let whole = build(&|html| {
            let at = after_tag(html, "data-pagefind-body").unwrap();
            format!("{}{}{}", &html[..at], annotations(&entry()), &html[at..])
        });
        let cut = build(&|html| indexable_html(html, &entry()));
        assert!(indexable_html(&pages[0].1, &entry()).len() < pages[0].1.len());
        assert_eq!(whole, cut);
    }

    #[test]
    fn ignored_elements_are_left_out_unless_the_index_reads_them() {
        assert_eq!(
            without_ignored("<p>a</p><nav data-pagefind-ignore><a href=\"/\">x</a></nav><p>b</p>"),
            "<p>a</p><p>b</p>"
        );
        assert_eq!(
            without_ignored("<aside data-pagefind-ignore=\"all\"><div><div>t</div></div></aside>z"),
            "z"
        );
        for kept in [
            "<div data-pagefind-ignore><h2 id=\"h\">h</h2></div>",
            "<div data-pagefind-ignore><IMG src=\"/i.png\"></div>",
            "<div data-pagefind-ignore><span data-pagefind-meta=\"m:v\"></span></div>",
            "<p data-pagefind-ignore>a paragraph may lose its end tag</p>",
            "<div data-pagefind-ignore>never closed",
        ] {
            assert_eq!(without_ignored(kept), kept);
        }
    }

    #[test]
    fn inline_tags_are_left_out_unless_the_index_reads_them() {
        let strip = |html: &str| {
            let mut out = String::new();
            push_without_inline_tags(&mut out, html);
            out
        };
        assert_eq!(
            strip("<p>A <a href=\"/x/\">link <em>here</em></a>.</p>"),
            "<p>A link here.</p>"
        );
        // An element with an id or a Pagefind attribute keeps both its tags,
        // also around an inner element of the same name that loses its own.
        assert_eq!(
            strip("<h2 id=\"h\"><span id=\"s\">a <span>b</span></span></h2>"),
            "<h2 id=\"h\"><span id=\"s\">a b</span></h2>"
        );
        assert_eq!(
            strip("<span data-pagefind-weight=\"2\">w</span><span>x</span>"),
            "<span data-pagefind-weight=\"2\">w</span>x"
        );
        // A `>` inside a quoted value, a self-closing tag, names that only
        // begin like an inline one, comments and scripts.
        assert_eq!(
            strip("<a title=\"1 > 0\">t</a><span/><aside>s</aside><!-- <b> --><script>\"<b>\"</script>"),
            "t<aside>s</aside><!-- <b> --><script>\"<b>\"</script>"
        );
        // An end tag with no start is kept; an unclosed tag ends the work.
        assert_eq!(strip("x</b>y<i"), "x</b>y<i");
    }

    #[test]
    fn a_giant_page_is_indexed_by_its_beginning() {
        let filler = "<p>filler words here</p>".repeat(MAX_INDEXED_HTML / 20);
        let body = format!("<p>beginningword</p>{filler}<p>endingword</p>");
        let big = page("/big/", "Big", &body, "KSA");
        let whole = big.text();
        let part = indexed_part(whole.clone());
        assert!(part.len() <= MAX_INDEXED_HTML + 32);
        assert!(part.contains("beginningword") && !part.contains("endingword"));
        let kept = part.strip_suffix("</main></body></html>").unwrap();
        assert!(whole[kept.len()..].starts_with('<'), "cut before a tag");
        let files = index("en", "/", vec![big], None).unwrap();
        assert!(files.keys().any(|k| k.starts_with("pagefind/fragment/")));
    }

    #[test]
    fn scripts_are_detected() {
        assert_eq!(scripts_in(["hello"]), Vec::<&str>::new());
        assert_eq!(scripts_in(["合规"]), ["zh"]);
        assert_eq!(scripts_in(["カタカナと漢字"]), ["ja"]);
        assert_eq!(scripts_in(["الرياض and ", "北京"]), ["zh", "ar"]);
        // Past the first chunks of ASCII, and beside other non-ASCII text
        // (typographic punctuation, accents, Cyrillic) that is not looked for.
        let latin = "Riyadh — “the capital” — Zürich, Москва. ".repeat(7);
        assert_eq!(scripts_in([latin.as_str()]), Vec::<&str>::new());
        for (word, lang) in [
            ("東京", "zh"),
            ("ひらがな", "ja"),
            ("جدة", "ar"),
            ("ﷲ", "ar"),
        ] {
            for at in [0, 30, 31, 32, 33, 34, latin.len()] {
                let at = (0..=at).rev().find(|&i| latin.is_char_boundary(i)).unwrap();
                let text = format!("{}{word}{}", &latin[..at], &latin[at..]);
                assert_eq!(scripts_in([text.as_str()]), [lang], "{word} at {at}");
            }
        }
        assert_eq!(
            with_language("<html lang=\"en\" dir=\"ltr\"><body>", "zh"),
            "<html lang=\"zh\" dir=\"ltr\"><body>"
        );
    }
}
