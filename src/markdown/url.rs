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
