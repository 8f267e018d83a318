//! redirects: a page at each alias of an item (`aliases = ["/old/url/"]`),
//! which sends readers and crawlers to the item's URL, and `_redirects`
//! listing them all in the Netlify / Cloudflare Pages format. An alias that
//! is also a page's URL, or another file's alias, is an error naming both.

use crate::base::diagnostics::{Diagnostic, Level, Location};
use crate::base::html::escape;
use crate::library::Library;
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The file every host that reads it takes redirects from.
pub(crate) const REDIRECTS_FILE: &str = "_redirects";

/// One alias: where it is written and where it leads.
struct Redirect<'a> {
    path: &'a str,
    at: &'a Location,
    target: String,
    title: &'a str,
    lang: &'a str,
}

/// The redirect pages of every edition's aliases and `_redirects`, given
/// the output paths the site's pages and static files take.
pub(crate) fn redirects(
    libraries: &[&Library],
    taken: &BTreeSet<String>,
) -> (BTreeMap<String, Bytes>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Which file writes each item page, to name it in a clash.
    let mut page_owner: BTreeMap<String, &str> = BTreeMap::new();
    for lib in libraries {
        for id in lib.documents() {
            let source = lib.document(id).0;
            if !lib.is_fallback(source) {
                page_owner.insert(lib.output_path(lib.route(id)), &source.path);
            }
        }
    }
    let mut by_path: BTreeMap<String, Redirect> = BTreeMap::new();
    for lib in libraries {
        for id in lib.documents() {
            let source = lib.document(id).0;
            // An untranslated item's aliases are its source's, in the
            // default edition.
            if lib.is_fallback(source) {
                continue;
            }
            for alias in &lib.common(id).aliases {
                let file = output_file(&alias.path);
                let clash = |message: String| {
                    Diagnostic::located(Level::Error, &source.path, &alias.at, message)
                };
                if let Some(other) = by_path.get(&file) {
                    let message =
                        format!("alias /{} is also an alias of {}", alias.path, other.path);
                    diags.push(clash(message));
                    let mirror =
                        format!("alias /{} is also an alias of {}", alias.path, source.path);
                    diags.push(Diagnostic::located(
                        Level::Error,
                        other.path,
                        other.at,
                        mirror,
                    ));
                    continue;
                }
                if taken.contains(&file) {
                    let owner = match page_owner.get(&file) {
                        Some(owner) => format!("the page of {owner}"),
                        None => "a page or file the site writes".to_string(),
                    };
                    let message = format!("alias /{} is the URL of {owner}", alias.path);
                    diags.push(clash(message));
                    continue;
                }
                let redirect = Redirect {
                    path: &source.path,
                    at: &alias.at,
                    target: lib.url(lib.route(id)),
                    title: lib.title(id),
                    lang: &lib.config.language,
                };
                by_path.insert(file, redirect);
            }
        }
    }
    let mut files = BTreeMap::new();
    if by_path.is_empty() {
        return (files, diags);
    }
    let Some(lib) = libraries.first() else {
        return (files, diags);
    };
    let config = &lib.config;
    let origin = config
        .base_url
        .strip_suffix(&config.base_path)
        .unwrap_or(&config.base_url);
    let mut list = String::new();
    for (file, redirect) in &by_path {
        let from = format!(
            "{}{}",
            config.base_path,
            file.trim_end_matches("index.html")
        );
        let _ = writeln!(list, "{from} {} 301", redirect.target);
        let page = redirect_page(redirect, &format!("{origin}{}", redirect.target));
        files.insert(file.clone(), Bytes::from(page));
    }
    files.insert(REDIRECTS_FILE.to_string(), Bytes::from(list));
    (files, diags)
}

/// The output file of an alias path: `old/url/` → `old/url/index.html`.
fn output_file(path: &str) -> String {
    if path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// A page that sends the reader on at once, names the item's URL as
/// canonical, keeps itself out of search engines and shows a link for
/// browsers that do not follow the refresh.
fn redirect_page(redirect: &Redirect, absolute: &str) -> String {
    let (to, title) = (escape(&redirect.target), escape(redirect.title));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n\
         <p><a href=\"{to}\">{title}</a></p>\n</body>\n</html>\n",
        lang = escape(redirect.lang),
        canonical = escape(absolute),
    )
}
