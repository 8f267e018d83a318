//! The machine-readable outputs: sitemap.xml, atom.xml and robots.txt. They
//! are deterministic: no clock is read; dates come from the content.

use crate::base::html::escape as html_escape;
use crate::content::Kind;
use crate::library::{DocId, Library};
use crate::routes::{self, Route};
use std::fmt::Write as _;

/// Every page URL (paths relative to the base path), absolute, sorted,
/// but for print pages (copies of a region's guide, `noindex`). Each item's
/// page has a `lastmod` where its date is known (`Library::last_modified`).
/// On a site with several languages, each page that exists in more than
/// one names its versions (`xhtml:link` alternates, as Google reads them),
/// `x-default` being the default language's.
pub(crate) fn sitemap(library: &Library, pages: &[String]) -> String {
    let prints: std::collections::HashSet<String> = library
        .regions
        .iter()
        .map(|r| Route::RegionPrint(&r.slug).path())
        .collect();
    let mut urls: Vec<&String> = pages.iter().collect();
    urls.sort();
    let lastmod: std::collections::HashMap<String, String> = library
        .documents()
        .filter_map(|id| Some((library.route(id).path(), library.last_modified(id)?.iso())))
        .collect();
    let languages = &library.config.languages;
    // The page a URL is, in any language: its path without the prefix.
    let unprefixed = |url: &'_ str| -> String {
        languages
            .iter()
            .skip(1)
            .find_map(|l| url.strip_prefix(l.prefix.as_str()))
            .unwrap_or(url)
            .to_string()
    };
    let mut versions: std::collections::HashMap<String, Vec<&str>> =
        std::collections::HashMap::new();
    for url in &urls {
        versions
            .entry(unprefixed(url))
            .or_default()
            .push(url.as_str());
    }
    let base = html_escape(&library.config.base_url);
    let xhtml = if languages.len() > 1 {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""
    } else {
        ""
    };
    let mut out = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"{xhtml}>\n");
    for url in urls {
        // A language edition's page changed when its source did.
        let page = unprefixed(url);
        if prints.contains(&page) {
            continue;
        }
        let _ = write!(out, "  <url><loc>{base}{}</loc>", html_escape(url));
        if let Some(date) = lastmod.get(&page) {
            let _ = write!(out, "<lastmod>{date}</lastmod>");
        }
        let same = versions.get(&page).map_or(&[][..], Vec::as_slice);
        if same.len() > 1 {
            let link = |out: &mut String, tag: &str, there: &str| {
                let _ = write!(
                    out,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{base}{}\"/>",
                    html_escape(tag),
                    html_escape(there)
                );
            };
            for lang in languages.iter() {
                let there = format!("{}{page}", lang.prefix);
                if same.contains(&there.as_str()) {
                    link(&mut out, &lang.tag, &there);
                }
            }
            // As the pages' heads say: the default language's version.
            if let Some(default) = languages.first() {
                let there = format!("{}{page}", default.prefix);
                if same.contains(&there.as_str()) {
                    link(&mut out, "x-default", &there);
                }
            }
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// How many playbooks the feed carries: feed readers want the recent ones,
/// and a 10,000-entry feed is megabytes.
const FEED_LIMIT: usize = 50;

/// An Atom feed of the playbooks, most recently changed first, each
/// entry with its own dates (`updated`, else `date`, else its file's last
/// commit) and the feed with an author (`[site] author`, else the title),
/// which RFC 4287 requires.
pub(crate) fn atom(library: &Library) -> String {
    let config = &library.config;
    let changed = |i: usize| {
        library.last_modified(DocId {
            kind: Kind::Playbook,
            index: i,
        })
    };
    let mut books: Vec<(usize, _)> = library.playbooks.iter().enumerate().collect();
    books.sort_by(|(i, a), (j, b)| changed(*j).cmp(&changed(*i)).then(a.slug.cmp(&b.slug)));
    let stamp = |d: Option<crate::base::date::Date>| {
        format!("{}T00:00:00Z", d.map_or("1970-01-01".into(), |d| d.iso()))
    };
    let newest = books.iter().filter_map(|(i, _)| changed(*i)).max();
    // Each language edition has its own feed, under its home.
    let home = format!("{}{}", config.base_url, config.lang_prefix);
    let feed_url = format!("{home}{}", routes::FEED);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(out, " xml:lang=\"{}\">", html_escape(&config.language));
    let _ = writeln!(out, "  <title>{}</title>", html_escape(&config.title));
    if !config.description.is_empty() {
        let _ = writeln!(
            out,
            "  <subtitle>{}</subtitle>",
            html_escape(&config.description)
        );
    }
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        html_escape(&feed_url)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        html_escape(&home)
    );
    let _ = writeln!(out, "  <id>{}</id>", html_escape(&feed_url));
    let _ = writeln!(out, "  <updated>{}</updated>", stamp(newest));
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        html_escape(library.author())
    );
    let _ = writeln!(
        out,
        "  <generator>guidegen {}</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for (i, p) in books.into_iter().take(FEED_LIMIT) {
        let url = format!("{home}{}", Route::Playbook(&p.slug).path());
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", html_escape(&p.title));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            html_escape(&url)
        );
        let _ = writeln!(out, "    <id>{}</id>", html_escape(&url));
        let _ = writeln!(
            out,
            "    <updated>{}</updated>",
            stamp(changed(i).or(newest))
        );
        if let Some(d) = p.date {
            let _ = writeln!(out, "    <published>{}</published>", stamp(Some(d)));
        }
        if let Some(name) = &p.common.author {
            let _ = writeln!(
                out,
                "    <author><name>{}</name></author>",
                html_escape(name)
            );
        }
        if !p.summary.is_empty() {
            let _ = writeln!(out, "    <summary>{}</summary>", html_escape(&p.summary));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

pub(crate) fn robots(library: &Library) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}{}\n",
        library.config.base_url,
        routes::SITEMAP
    )
}
