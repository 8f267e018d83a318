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

/// A rendered page to index.
pub struct IndexedPage {
    pub url: String,
    pub html: String,
    pub entry: SearchEntry,
}

/// Languages that get a bundle of their own when their script appears in a
/// page of another language.
fn scripts_in(text: &str) -> Vec<&'static str> {
    let (mut han, mut kana, mut arabic) = (false, false, false);
    for c in text.chars() {
        match c as u32 {
            0x3040..=0x30FF => kana = true,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => han = true,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => arabic = true,
            _ => {}
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

/// The page's HTML with its filters and metadata as Pagefind attributes,
/// placed at the start of the indexed body (or of `<body>`).
fn annotate(html: &str, entry: &SearchEntry) -> String {
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
    let anchor = html
        .find("data-pagefind-body")
        .or_else(|| html.find("<body"));
    match anchor.and_then(|a| html[a..].find('>').map(|i| a + i + 1)) {
        Some(at) => format!("{}{tags}{}", &html[..at], &html[at..]),
        None => format!("{tags}{html}"),
    }
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

async fn bundle(
    pages: Vec<(String, String)>,
    dir: &str,
    out: &mut BTreeMap<String, Vec<u8>>,
) -> anyhow::Result<()> {
    let config = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(config))?;
    for (url, html) in pages {
        index.add_html_file(None, Some(url), html).await?;
    }
    for file in index.get_files().await? {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        if !is_unused_bundle_file(&name) {
            out.insert(format!("{dir}/{name}"), file.contents);
        }
    }
    Ok(())
}

/// Indexes `pages` (sorted by URL for a deterministic bundle) and returns the
/// bundle's files keyed by their path under the output directory.
pub fn index(
    site_language: &str,
    base_path: &str,
    mut pages: Vec<IndexedPage>,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let primary = site_language
        .split('-')
        .next()
        .unwrap_or(site_language)
        .to_ascii_lowercase();
    let mut main = Vec::with_capacity(pages.len());
    let mut extra: BTreeMap<&'static str, Vec<(String, String)>> = BTreeMap::new();
    for page in pages {
        let html = indexed_part(annotate(&page.html, &page.entry));
        let body_start = html.find("data-pagefind-body").unwrap_or(0);
        for lang in scripts_in(&html[body_start..]) {
            if lang != primary {
                extra
                    .entry(lang)
                    .or_default()
                    .push((page.url.clone(), with_language(&html, lang)));
            }
        }
        main.push((page.url, html));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    let mut files = BTreeMap::new();
    runtime
        .block_on(async {
            bundle(main, "pagefind", &mut files).await?;
            for (lang, pages) in &extra {
                bundle(pages.clone(), &format!("pagefind-{lang}"), &mut files).await?;
            }
            anyhow::Ok(())
        })
        .map_err(|e| format!("search index: {e:#}"))?;
    let bundles: Vec<serde_json::Value> = extra
        .keys()
        .map(|lang| serde_json::json!({"path": format!("{base_path}pagefind-{lang}/"), "language": lang}))
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
        IndexedPage {
            url: url.into(),
            html: format!(
                "<!doctype html><html lang=\"en\"><head><title>{title}</title></head><body>\
                 <nav>Navigation words</nav><main data-pagefind-body><h1>{title}</h1>{body}</main></body></html>"
            ),
            entry: SearchEntry {
                meta: vec![("title", title.into()), ("pillar", "Compliance".into())],
                filters: vec![("region", region.into()), ("pillar", "Compliance".into())],
            },
        }
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
    fn the_same_input_gives_the_same_bundle() {
        let make = || {
            index(
                "en",
                "/",
                vec![
                    page("/a/", "A", "<p>alpha</p>", "KSA"),
                    page("/b/", "B", "<p>beta</p>", "UAE"),
                ],
            )
            .unwrap()
        };
        assert_eq!(make(), make());
    }

    #[test]
    fn annotations_go_inside_the_indexed_body() {
        let html = annotate(
            "<html><body><main data-pagefind-body class=\"x\"><h1>T</h1></main></body></html>",
            &SearchEntry {
                meta: vec![("title", "T & <U>".into())],
                filters: vec![("region", "KSA".into())],
            },
        );
        assert!(html.contains("<main data-pagefind-body class=\"x\"><span hidden data-pagefind-filter=\"region:KSA\"></span><span hidden data-pagefind-meta=\"title:T &amp; &lt;U&gt;\"></span><h1>"), "{html}");
    }

    #[test]
    fn a_giant_page_is_indexed_by_its_beginning() {
        let filler = "<p>filler words here</p>".repeat(MAX_INDEXED_HTML / 20);
        let body = format!("<p>beginningword</p>{filler}<p>endingword</p>");
        let big = page("/big/", "Big", &body, "KSA");
        let whole = annotate(&big.html, &big.entry);
        let part = indexed_part(whole.clone());
        assert!(part.len() <= MAX_INDEXED_HTML + 32);
        assert!(part.contains("beginningword") && !part.contains("endingword"));
        let kept = part.strip_suffix("</main></body></html>").unwrap();
        assert!(whole[kept.len()..].starts_with('<'), "cut before a tag");
        let files = index("en", "/", vec![big]).unwrap();
        assert!(files.keys().any(|k| k.starts_with("pagefind/fragment/")));
    }

    #[test]
    fn scripts_are_detected() {
        assert_eq!(scripts_in("hello"), Vec::<&str>::new());
        assert_eq!(scripts_in("合规"), ["zh"]);
        assert_eq!(scripts_in("カタカナと漢字"), ["ja"]);
        assert_eq!(scripts_in("الرياض and 北京"), ["zh", "ar"]);
        assert_eq!(
            with_language("<html lang=\"en\" dir=\"ltr\"><body>", "zh"),
            "<html lang=\"zh\" dir=\"ltr\"><body>"
        );
    }
}
