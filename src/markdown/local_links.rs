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
    // A colon after the path, query or fragment starts is not a scheme's:
    // what comes before it holds a `/`, `?` or `#`, never in a scheme.
    let Some((scheme, _)) = dest.split_once(':') else {
        return true;
    };
    !(scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
}

/// `dest` (local) as an absolute URL path: a root-relative one under
/// `base_path` (unless it is written with it), a relative one resolved
/// against `page`, the URL of the page the document is published at.
/// `None` for a relative link when the page is unknown.
pub fn absolute(dest: &str, page: Option<&str>, base_path: &str) -> Option<String> {
    if let Some(below_root) = dest.strip_prefix('/') {
        if base_path == "/" || dest.starts_with(base_path) {
            return Some(dest.to_string());
        }
        return Some(format!("{base_path}{below_root}"));
    }
    let page = page?;
    let split = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(split);
    let dir = page.rfind('/').map_or("", |i| &page[..i]);
    let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                segments.pop();
            }
            part => segments.push(part),
        }
    }
    // A path that ends in a folder (`x/`, `.`, `..`, or none at all) names
    // that folder, as a browser resolves it.
    let last = path.rsplit('/').next().unwrap_or_default();
    let trailing = if matches!(last, "" | "." | "..") {
        "/"
    } else {
        ""
    };
    let joined = segments.join("/");
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

    /// `[up](..)` and `[here](.)` name folders, as in a browser: they were
    /// resolved to `/sea/playbooks` and `/sea/playbooks/karpenter/.`, and
    /// the second was reported as a broken link.
    #[test]
    fn dot_segments_at_the_end_name_a_folder() {
        let page = Some("/sea/playbooks/karpenter/");
        let resolved = |dest| absolute(dest, page, "/sea/");
        assert_eq!(resolved(".").as_deref(), Some("/sea/playbooks/karpenter/"));
        assert_eq!(resolved("..").as_deref(), Some("/sea/playbooks/"));
        assert_eq!(resolved("../..").as_deref(), Some("/sea/"));
        assert_eq!(
            resolved("./.").as_deref(),
            Some("/sea/playbooks/karpenter/")
        );
        assert_eq!(resolved("").as_deref(), Some("/sea/playbooks/karpenter/"));
        assert_eq!(
            resolved("?tab=2").as_deref(),
            Some("/sea/playbooks/karpenter/?tab=2")
        );
        assert_eq!(
            resolved("a//b.svg").as_deref(),
            Some("/sea/playbooks/karpenter/a/b.svg")
        );
        assert_eq!(
            resolved("../x/./y.png#z").as_deref(),
            Some("/sea/playbooks/x/y.png#z")
        );
        // A page written at a file URL resolves against its folder.
        assert_eq!(
            absolute("b.svg", Some("/sea/print.html"), "/sea/").as_deref(),
            Some("/sea/b.svg")
        );
        assert_eq!(absolute("b/", Some(""), "/").as_deref(), Some("/b/"));
    }

    #[test]
    fn a_scheme_is_a_letter_then_letters_digits_plus_dot_or_dash() {
        for other in ["a+b.c-d:x", "x1:y", "HTTP://x", "data:image/png,x"] {
            assert!(!is_local(other), "{other}");
        }
        // Not a scheme: it starts with a digit, holds `_`, or is empty, or
        // the colon comes after the path, query or fragment starts.
        for local in ["1a:x", "a_b:x", ":x", "a?b:c", "a#b:c", "a/b:c"] {
            assert!(is_local(local), "{local}");
        }
    }
}
