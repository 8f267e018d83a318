//! url: link and image targets a browser would run as code, which never
//! reach a page as live links.

/// What guidegen says of a link target it removed: the one message for a
/// Markdown link or image and a URL field of a TOML file.
pub fn dangerous_url_message(url: &str) -> String {
    format!(
        "link target \"{}\" could run code in a browser; it was removed",
        url.chars().take(40).collect::<String>()
    )
}

/// Link targets a browser would run as code.
pub fn is_dangerous_url(url: &str, image: bool) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("vbscript:") {
        return true;
    }
    if lower.starts_with("data:") {
        let safe_image = [
            "data:image/png",
            "data:image/jpeg",
            "data:image/gif",
            "data:image/webp",
        ];
        return !(image && safe_image.iter().any(|p| lower.starts_with(p)));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_schemes_are_dangerous_in_links_and_images() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "vbscript:msgbox(1)",
            "VBSCRIPT:msgbox(1)",
        ] {
            assert!(is_dangerous_url(url, false), "{url} as a link");
            assert!(is_dangerous_url(url, true), "{url} as an image");
        }
    }

    #[test]
    fn whitespace_and_control_characters_cannot_hide_the_scheme() {
        // A browser drops these before it reads the scheme.
        for url in [
            " javascript:alert(1)",
            "java script:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{3000}javascript:alert(1)",
            "jav\u{0}ascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\u{7f}script:alert(1)",
            "vb script:x",
            "da ta:text/html,<script>x</script>",
        ] {
            assert!(is_dangerous_url(url, false), "{url:?}");
        }
    }

    #[test]
    fn data_urls_are_allowed_only_as_raster_images() {
        for image in [
            "data:image/png;base64,iVBOR",
            "data:image/jpeg;base64,/9j/",
            "data:image/gif;base64,R0lG",
            "data:image/webp;base64,UklG",
            "DATA:IMAGE/PNG;base64,iVBOR",
        ] {
            assert!(!is_dangerous_url(image, true), "{image} as an image");
            assert!(is_dangerous_url(image, false), "{image} as a link");
        }
        for never in [
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:text/html,<script>alert(1)</script>",
            "data:,hello",
        ] {
            assert!(is_dangerous_url(never, true), "{never} as an image");
            assert!(is_dangerous_url(never, false), "{never} as a link");
        }
    }

    #[test]
    fn ordinary_targets_are_safe() {
        for url in [
            "https://example.com/javascript:x",
            "/playbooks/javascript/",
            "mailto:a@b.c",
            "#data:",
            "image.png",
            "",
        ] {
            assert!(!is_dangerous_url(url, false), "{url} as a link");
            assert!(!is_dangerous_url(url, true), "{url} as an image");
        }
    }

    #[test]
    fn the_message_quotes_at_most_forty_characters() {
        assert_eq!(
            dangerous_url_message("javascript:x"),
            "link target \"javascript:x\" could run code in a browser; it was removed"
        );
        let long = format!("javascript:{}", "a".repeat(100));
        assert_eq!(
            dangerous_url_message(&long),
            format!(
                "link target \"javascript:{}\" could run code in a browser; it was removed",
                "a".repeat(29)
            )
        );
    }
}
