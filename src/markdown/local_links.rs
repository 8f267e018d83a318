//! local_links: links and images that point inside the site without `@/`
//! (`/about/`, `../karpenter/`, `/images/pillars.svg`). Each is made an
//! absolute path under the site's base path — so it works deployed under a
//! sub-path, and from a region's print page that embeds the document — and
//! kept to be checked once every file the build writes is known.

use crate::base::diagnostics::Diagnostic;

/// A link or image inside the site, as the page will have it, and where it
/// is written (the diagnostic's message is filled in by the check).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalLink {
    pub url: String,
    pub image: bool,
    pub at: Diagnostic,
}

/// Whether `dest` names a place in this site: not a URL with a scheme
/// (`https:`, `mailto:`), not protocol-relative, not an anchor alone.
pub fn is_local(dest: &str) -> bool {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
        return false;
    }
    let scheme_end = dest.find(':');
    let before_path = dest.find(['/', '?', '#']).unwrap_or(dest.len());
    match scheme_end {
        Some(colon) if colon < before_path => {
            let scheme = &dest[..colon];
            !(scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
        }
        _ => true,
    }
}

/// `dest` (local) as an absolute URL path: a root-relative one under
/// `base_path` (unless it is written with it), a relative one resolved
/// against `page`, the URL of the page the document is published at.
/// `None` for a relative link when the page is unknown.
pub fn absolute(dest: &str, page: Option<&str>, base_path: &str) -> Option<String> {
    if dest.starts_with('/') {
        if base_path == "/" || dest.starts_with(base_path) {
            return Some(dest.to_string());
        }
        return Some(format!("{base_path}{}", &dest[1..]));
    }
    let page = page?;
    let split = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(split);
    let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            "." | "" if i + 1 < parts.len() => {}
            ".." => {
                segments.pop();
            }
            part => segments.push(part),
        }
    }
    let joined = segments.join("/");
    let trailing = if path.is_empty() || path.ends_with('/') {
        "/"
    } else {
        ""
    };
    let joined = joined.trim_end_matches('/');
    Some(format!("/{joined}{trailing}{rest}").replace("//", "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_means_no_scheme_and_not_protocol_relative() {
        for local in [
            "/about/",
            "../x/",
            "x.png",
            "images/a b.svg",
            "./y",
            "/a?b#c",
        ] {
            assert!(is_local(local), "{local}");
        }
        for other in [
            "https://x.org/",
            "mailto:a@b.c",
            "//cdn.example.com/x",
            "#top",
            "",
            "tel:+1",
        ] {
            assert!(!is_local(other), "{other}");
        }
        // A colon after the first slash is part of the path.
        assert!(is_local("/a:b/"));
    }

    #[test]
    fn root_relative_links_move_under_the_base_path_and_relative_ones_resolve() {
        assert_eq!(absolute("/about/", None, "/").as_deref(), Some("/about/"));
        assert_eq!(
            absolute("/about/", None, "/sea/").as_deref(),
            Some("/sea/about/")
        );
        assert_eq!(
            absolute("/sea/about/", None, "/sea/").as_deref(),
            Some("/sea/about/")
        );
        let page = Some("/sea/playbooks/karpenter/");
        assert_eq!(
            absolute("../partial/", page, "/sea/").as_deref(),
            Some("/sea/playbooks/partial/")
        );
        assert_eq!(
            absolute("diagram.svg", page, "/sea/").as_deref(),
            Some("/sea/playbooks/karpenter/diagram.svg")
        );
        assert_eq!(
            absolute("../../about/#who", page, "/sea/").as_deref(),
            Some("/sea/about/#who")
        );
        assert_eq!(
            absolute("./", page, "/sea/").as_deref(),
            Some("/sea/playbooks/karpenter/")
        );
        assert_eq!(
            absolute("../../../../x/", page, "/").as_deref(),
            Some("/x/")
        );
        assert_eq!(absolute("x/", None, "/"), None);
    }
}
