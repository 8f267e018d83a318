//! local_links: every link and image inside the site not written with `@/`
//! is checked against the files the build writes — pages, static files,
//! redirects — once they are all known. A miss is an error at the link.

use crate::base::diagnostics::{did_you_mean, Diagnostic};
use crate::markdown::local_links::LocalLink;
use std::collections::BTreeSet;

/// `%XX` sequences decoded (a URL's path as the file system names it).
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The output path a URL reaches, relative to the output folder, or `None`
/// for a URL outside `base_path`.
fn output_path(url: &str, base_path: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let rest = path.strip_prefix(base_path).or_else(|| {
        // `/sea` for a base path `/sea/`.
        (path == base_path.trim_end_matches('/')).then_some("")
    })?;
    Some(percent_decoded(rest))
}

/// Whether the build writes something at `path` (a file, or a folder's
/// `index.html`).
fn written(path: &str, files: &BTreeSet<String>) -> bool {
    if path.is_empty() || path.ends_with('/') {
        return files.contains(&format!("{path}index.html"));
    }
    files.contains(path) || files.contains(&format!("{path}/index.html"))
}

/// An error for each link or image that reaches nothing the build writes.
pub(crate) fn check(
    links: &[LocalLink],
    files: &BTreeSet<String>,
    base_path: &str,
) -> Vec<Diagnostic> {
    let page_urls: Vec<String> = files
        .iter()
        .filter_map(|f| f.strip_suffix("index.html"))
        .map(|dir| format!("{base_path}{dir}"))
        .collect();
    let mut out = Vec::new();
    for link in links {
        let what = if link.image { "image" } else { "link" };
        let message = match output_path(&link.url, base_path) {
            Some(path) if path.starts_with("pagefind") || written(&path, files) => continue,
            Some(_) => format!("broken {what}: the site has nothing at {}", link.url),
            None => format!(
                "broken {what}: {} is outside the site, which is published under {base_path}",
                link.url
            ),
        };
        let wanted = link.url.split(['?', '#']).next().unwrap_or_default();
        let hint = did_you_mean(wanted, page_urls.iter().map(String::as_str));
        out.push(
            Diagnostic {
                message,
                ..link.at.clone()
            }
            .with_hint(hint),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Level;

    #[test]
    fn urls_reach_pages_files_and_folders_under_the_base_path() {
        let files: BTreeSet<String> = [
            "index.html",
            "about/index.html",
            "images/a b.svg",
            "style.css",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let at = |url: &str| output_path(url, "/sea/").filter(|p| written(p, &files));
        assert!(at("/sea/").is_some());
        assert!(at("/sea").is_some());
        assert!(at("/sea/about/").is_some());
        assert!(at("/sea/about").is_some());
        assert!(at("/sea/about/#who").is_some());
        assert!(at("/sea/images/a%20b.svg").is_some());
        assert!(at("/sea/style.css?v=1").is_some());
        assert!(at("/sea/abut/").is_none());
        assert!(at("/about/").is_none());
        assert_eq!(percent_decoded("%D8%A7x%2"), "اx%2");
        assert_eq!(percent_decoded("%41%2f%zz%4"), "A/%zz%4");
        assert_eq!(
            output_path("/sea/a%20b/?q#f", "/sea/").as_deref(),
            Some("a b/")
        );
        assert_eq!(output_path("/x", "/").as_deref(), Some("x"));
        assert_eq!(output_path("/seafood/", "/sea/"), None);
    }

    fn link(url: &str, image: bool) -> LocalLink {
        LocalLink {
            url: url.into(),
            image,
            at: Diagnostic::error_at("content/pages/about.md", "a\n[x](y)\n", 2, ""),
        }
    }

    #[test]
    fn each_link_to_nothing_is_an_error_at_the_link_with_a_suggestion() {
        let files: BTreeSet<String> = [
            "index.html",
            "about/index.html",
            "regions/ksa/index.html",
            "logo.svg",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let links = [
            link("/sea/about/", false),
            link("/sea/logo.svg", true),
            link("/sea/pagefind/pagefind.js", false),
            link("/sea/regions/ksb/#top", false),
            link("/sea/missing.png", true),
            link("/elsewhere/", false),
        ];
        let found = check(&links, &files, "/sea/");
        let shown: Vec<(&str, usize, usize, &str, Option<&str>)> = found
            .iter()
            .map(|d| {
                (
                    d.path.as_str(),
                    d.line,
                    d.column,
                    d.message.as_str(),
                    d.hint.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "content/pages/about.md",
                    2,
                    1,
                    "broken link: the site has nothing at /sea/regions/ksb/#top",
                    Some("did you mean \"/sea/regions/ksa/\"?"),
                ),
                (
                    "content/pages/about.md",
                    2,
                    1,
                    "broken image: the site has nothing at /sea/missing.png",
                    Some("did you mean \"/sea/\"?"),
                ),
                (
                    "content/pages/about.md",
                    2,
                    1,
                    "broken link: /elsewhere/ is outside the site, which is published under /sea/",
                    None,
                ),
            ]
        );
        assert!(found.iter().all(|d| d.level == Level::Error));
    }
}
