//! social: what a page shows when its link is shared — `og:image` and
//! its size and alt text, `twitter:card` — and the card to draw for it.
//! A page's own image (`page_image`, an absolute URL) wins over a card;
//! a page search engines are told to leave out (a print page) gets
//! neither; with `[social] cards = false` only pages with their own
//! image have one. What the card shows is read from the page's context
//! (`page_title`, `card_region`, `card_pillar`, `content_lang`,
//! `content_dir`, `site.title`), so it always says what the page does.

use crate::cards::{Card, HEIGHT, WIDTH};
use crate::routes;
use crate::theme::cards::CardTheme;
use serde_json::Value;

/// Fills in the page's share tags in `ctx`, and returns the card it
/// names (its output path and what it shows), if it names one.
pub(super) fn insert(ctx: &mut tera::Context, theme: Option<&CardTheme>) -> Option<(String, Card)> {
    let text = |key: &str| {
        ctx.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let site = ctx.get("site");
    let site_field = |key: &str| {
        site.and_then(|s| s.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (site_title, base_url) = (site_field("title"), site_field("base_url"));
    let title = Some(text("page_title"))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| site_title.clone());
    let own = text("page_image");
    let listed = text("robots").is_empty();
    let mut card = None;
    let (image, size) = if !own.is_empty() {
        (own, None)
    } else if let (Some(theme), true) = (theme, listed) {
        let drawn = Card {
            title: title.clone(),
            region: text("card_region"),
            pillar: text("card_pillar"),
            site: site_title,
            lang: text("content_lang"),
            rtl: text("content_dir") == "rtl",
        };
        let path = routes::card_path(drawn.key(theme));
        let url = format!("{base_url}{path}");
        card = Some((path, drawn));
        (url, Some((WIDTH, HEIGHT)))
    } else {
        (String::new(), None)
    };
    ctx.insert("og_image", &image);
    ctx.insert("og_image_width", &size.map_or(0, |s| s.0));
    ctx.insert("og_image_height", &size.map_or(0, |s| s.1));
    ctx.insert("og_image_alt", &title);
    card
}

/// The Open Graph locale of a language tag: `en` → `en_US`, `pt-br` →
/// `pt_BR`; a bare tag stands for the country its language is most
/// published from, by default the one of the same letters (`de_DE`).
pub(super) fn og_locale(tag: &str) -> String {
    if let Some((lang, region)) = tag.split_once('-') {
        return format!("{lang}_{}", region.to_ascii_uppercase());
    }
    let region = match tag {
        "en" => "US",
        "zh" => "CN",
        "ar" => "AR",
        "ja" => "JP",
        "ko" => "KR",
        "he" => "IL",
        "fa" => "IR",
        "ur" => "PK",
        "hi" => "IN",
        "sv" => "SE",
        "da" => "DK",
        "el" => "GR",
        _ => return format!("{tag}_{}", tag.to_ascii_uppercase()),
    };
    format!("{tag}_{region}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_take_the_open_graph_form() {
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("pt-br"), "pt_BR");
        assert_eq!(og_locale("ar"), "ar_AR");
        assert_eq!(og_locale("de"), "de_DE");
    }
}
