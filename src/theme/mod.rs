//! theme: the templates, UI strings and static files a site is rendered
//! with — the site's `themes/NAME/`, or the `default` theme compiled into the
//! binary — with the site's own `templates/` and `i18n/` overriding them.
//! Everything here is loaded and checked before any page renders.

pub mod cards;
pub mod i18n;
pub mod templates;

use crate::base::diagnostics::Diagnostic;
use crate::config::Config;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;

/// The default theme, compiled in so a site with no `themes/` folder builds.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The fixed ids the default theme's templates give their own elements
/// (`<main id="main">`, `<section id="case-studies">`): a heading of
/// content never takes one. Read from the templates themselves, so a new
/// one is reserved the day it is written; ids made from data
/// (`id="{{ s.anchor }}"`) are the library's to reserve.
pub fn page_ids() -> Vec<String> {
    let mut ids = Vec::new();
    let templates = DEFAULT_THEME.get_dir("templates").into_iter();
    for file in templates.flat_map(|d| d.files()) {
        let text = file.contents_utf8().unwrap_or_default();
        for part in text.split(" id=\"").skip(1) {
            let id = part.split('"').next().unwrap_or_default();
            if !id.is_empty() && !id.contains('{') {
                ids.push(id.to_string());
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// Adds the theme's static files to `out` (output path → bytes) and returns
/// what went wrong on the way: errors, and warnings such as a symbolic link
/// out of the site that was skipped.
fn theme_static(config: &Config, out: &mut BTreeMap<String, Vec<u8>>) -> Vec<Diagnostic> {
    let theme_dir = config.root.join("themes").join(&config.theme);
    if theme_dir.is_dir() {
        let on_disk = theme_dir.join("static");
        if on_disk.is_dir() {
            if let Err(diags) = config.boundary.read_tree(&on_disk, out) {
                return diags;
            }
        }
    } else if let Some(dir) = DEFAULT_THEME.get_dir("static") {
        for file in embedded_files(dir) {
            let rel = file.path().strip_prefix("static").unwrap_or(file.path());
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                file.contents().to_vec(),
            );
        }
    }
    Vec::new()
}

/// Every file of the theme in use — `templates/…`, `static/…`, `i18n/…` —
/// with its bytes: the site's `themes/NAME/`, or the compiled-in default.
/// What `guidegen theme list` shows and `theme eject` copies.
pub fn theme_files(config: &Config) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let theme_dir = config.root.join("themes").join(&config.theme);
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for folder in ["templates", "static", "i18n", "fonts"] {
        if theme_dir.is_dir() {
            let mut found = BTreeMap::new();
            let dir = theme_dir.join(folder);
            if dir.is_dir() {
                if let Err(mut d) = config.boundary.read_tree(&dir, &mut found) {
                    diags.append(&mut d);
                }
            }
            files.extend(
                found
                    .into_iter()
                    .map(|(rel, bytes)| (format!("{folder}/{rel}"), bytes)),
            );
        } else if let Some(dir) = DEFAULT_THEME.get_dir(folder) {
            let mut found: Vec<(String, Vec<u8>)> = embedded_files(dir)
                .into_iter()
                .map(|f| {
                    (
                        f.path().to_string_lossy().replace('\\', "/"),
                        f.contents().to_vec(),
                    )
                })
                .collect();
            found.sort();
            files.extend(found);
        }
    }
    (files, diags)
}

fn embedded_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(embedded_files(sub));
    }
    files
}

/// Every static file of the site, by output path: the theme's, then the
/// site's own `static/` over them, and what went wrong reading them.
pub fn static_files(config: &Config) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
    let mut files = BTreeMap::new();
    let mut diags = theme_static(config, &mut files);
    let site_static = config.root.join("static");
    if site_static.is_dir() {
        if let Err(mut d) = config.boundary.read_tree(&site_static, &mut files) {
            diags.append(&mut d);
        }
    }
    // Stylesheets are served minified; one that is not UTF-8 is left as is.
    for (path, bytes) in files.iter_mut() {
        if path.ends_with(".css") {
            if let Ok(css) = std::str::from_utf8(bytes) {
                *bytes = crate::base::css::minify(css).into_bytes();
            }
        }
    }
    (files, diags)
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_ids_are_read_from_the_templates() {
        let ids = super::page_ids();
        for id in ["main", "case-studies", "region-overview", "site-search"] {
            assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
        }
        assert!(ids.iter().all(|i| !i.contains('{')), "{ids:?}");
    }

    /// The paths and bytes of `theme_files` for the site at `root`.
    fn theme_files_of(root: &std::path::Path) -> Vec<(String, Vec<u8>)> {
        let overrides = crate::config::Overrides::default();
        let config = crate::config::load(root, &overrides).unwrap();
        let (files, diags) = super::theme_files(&config);
        assert!(diags.is_empty(), "{diags:?}");
        files
    }

    #[test]
    fn theme_files_are_the_compiled_in_themes_files_byte_for_byte() {
        let site = crate::base::test_site::fixture("minimal");
        let files = theme_files_of(site.path());
        // What `theme list` shows and `theme eject` copies: every file of
        // themes/default's folders, folder by folder, sorted within each.
        let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut expected = Vec::new();
        for folder in ["templates", "static", "i18n", "fonts"] {
            let mut found: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(theme.join(folder))
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    let rel = e.path().strip_prefix(&theme).unwrap();
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    (rel, std::fs::read(e.path()).unwrap())
                })
                .collect();
            found.sort();
            expected.extend(found);
        }
        let paths = |files: &[(String, Vec<u8>)]| -> Vec<String> {
            files.iter().map(|(p, _)| p.clone()).collect()
        };
        assert_eq!(paths(&files), paths(&expected));
        assert!(paths(&files).contains(&"templates/playbook.html".to_string()));
        for ((path, bytes), (_, want)) in files.iter().zip(&expected) {
            assert!(bytes == want, "{path} differs from the theme's file");
        }
    }

    #[test]
    fn theme_files_of_a_site_theme_are_its_own() {
        let site = crate::base::test_site::fixture("minimal");
        let root = site.path();
        crate::base::test_site::append(root, "guidegen.toml", "theme = \"mine\"\n");
        crate::base::test_site::write(root, "themes/mine/templates/base.html", "<html></html>");
        crate::base::test_site::write(root, "themes/mine/static/css/site.css", "a {}");
        crate::base::test_site::write(root, "themes/mine/i18n/en.toml", "search = \"Find\"\n");
        let files = theme_files_of(root);
        let files: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        assert_eq!(
            files,
            [
                ("templates/base.html", &b"<html></html>"[..]),
                ("static/css/site.css", b"a {}"),
                ("i18n/en.toml", b"search = \"Find\"\n"),
            ]
        );
    }
}
