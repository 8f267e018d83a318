//! svg: a card's picture as SVG — the theme's background gradient, a band
//! of its accent colour on the side where text starts, the brand mark and
//! the site's name, the title in up to four lines, and the region and the
//! pillar at the foot. Right-to-left cards are the mirror image. Every
//! piece of text is placed where `text` measured it.

use super::text::{self, Face, Style};
use super::{Card, HEIGHT, WIDTH};
use crate::base::html::escape;
use crate::theme::cards::Palette;
use std::fmt::Write as _;

pub(super) const MARGIN: f32 = 88.0;
const BAND: f32 = 16.0;

/// Where an item `width` wide starts, `offset` from the text's starting
/// edge (the left, or on a right-to-left card the right).
fn place(offset: f32, width: f32, rtl: bool) -> f32 {
    match rtl {
        false => MARGIN + offset,
        true => WIDTH as f32 - MARGIN - offset - width,
    }
}

/// Draws one line of text whose starting edge is `offset` from the
/// text's, with its baseline at `y`.
fn line(
    out: &mut String,
    words: &str,
    style: &Style,
    rtl: bool,
    offset: f32,
    y: f32,
    fill: &str,
) -> f32 {
    let (pieces, width) = text::pieces(words, style, rtl);
    let left = place(offset, width, rtl);
    for piece in pieces {
        // A right-to-left piece is drawn as such (RLE … PDF, so that its
        // brackets mirror), without the spaces at its ends: the bidi
        // algorithm would move those to the line's end, so they are
        // left as room instead, a logically trailing one on the left.
        let (body, shift) = match piece.rtl {
            true => {
                let trailing = &piece.text[piece.text.trim_end().len()..];
                let shift = style.width(trailing, true);
                (format!("\u{202B}{}\u{202C}", piece.text.trim()), shift)
            }
            false => (piece.text.clone(), 0.0),
        };
        let face = &style.faces[piece.face];
        let _ = writeln!(
            out,
            r#"<text x="{:.2}" y="{y:.2}" font-family="'{}'" font-weight="{}" font-size="{}" fill="{fill}" xml:space="preserve">{}</text>"#,
            left + piece.x + shift,
            escape(&face.family),
            face.weight,
            style.size,
            escape(&body),
        );
    }
    width
}

/// The background of every card of one direction, as an SVG document:
/// drawn once per build, and each card drawn over it.
pub(super) fn background(rtl: bool, palette: &Palette) -> String {
    let (w, h) = (WIDTH as f32, HEIGHT as f32);
    let colour = |c: &str| escape(c);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">"#
    );
    let (from, to) = &palette.background;
    let _ = writeln!(
        out,
        r#"<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{}"/><stop offset="1" stop-color="{}"/></linearGradient></defs>"#,
        colour(from),
        colour(to)
    );
    let _ = writeln!(out, r#"<rect width="{w}" height="{h}" fill="url(#bg)"/>"#);
    // A large, faint globe in the far corner, and the band at the start.
    let (globe_x, band_x) = if rtl {
        (150.0, w - BAND)
    } else {
        (w - 150.0, 0.0)
    };
    let _ = writeln!(
        out,
        r#"<g transform="translate({} {}) scale(15) translate(-16 -16)" fill="none" stroke="{}" stroke-opacity="0.09"><circle cx="16" cy="16" r="13" stroke-width="1.6"/><path d="M3.5 16h25M16 3c4 3.6 5.8 8 5.8 13S20 25.4 16 29M16 3c-4 3.6-5.8 8-5.8 13S12 25.4 16 29" stroke-width="1.2"/></g>"#,
        globe_x,
        h - 90.0,
        colour(&palette.accent)
    );
    let _ = writeln!(
        out,
        r#"<rect x="{band_x}" y="0" width="{BAND}" height="{h}" fill="{}"/>"#,
        colour(&palette.accent)
    );

    out.push_str("</svg>\n");
    out
}

/// The card `card` as an SVG document, without its background.
pub(super) fn card(card: &Card, faces: &[Face], palette: &Palette) -> String {
    let w = WIDTH as f32;
    let rtl = card.rtl;
    let cjk_first = ["zh", "ja", "ko"]
        .iter()
        .any(|t| card.lang == *t || card.lang.starts_with(&format!("{t}-")));
    let style = |size: f32, weight: u16| Style {
        faces,
        size,
        weight,
        cjk_first,
    };
    let colour = |c: &str| escape(c);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">"#
    );
    // The brand: the mark, then the site's name.
    let mark = 60.0;
    let mark_x = place(0.0, mark, rtl);
    let _ = writeln!(
        out,
        r#"<g transform="translate({mark_x} 72) scale({})"><circle cx="16" cy="16" r="13" fill="none" stroke="{accent}" stroke-width="2.5"/><path d="M3.5 16h25M16 3c4 3.6 5.8 8 5.8 13S20 25.4 16 29M16 3c-4 3.6-5.8 8-5.8 13S12 25.4 16 29" fill="none" stroke="{accent}" stroke-width="2"/><circle cx="24.5" cy="8" r="4.5" fill="{}"/></g>"#,
        mark / 32.0,
        colour(&palette.dot),
        accent = colour(&palette.accent),
    );
    let site = style(34.0, 700);
    let site_name = text::lines(&card.site, &site, rtl, w - 2.0 * MARGIN - mark - 24.0, 1);
    if let Some(name) = site_name.first() {
        line(
            &mut out,
            name,
            &site,
            rtl,
            mark + 22.0,
            114.0,
            &colour(&palette.text),
        );
    }

    // The title: as large as lets it fit in three lines, else smaller in
    // four, cut with `…` when even that is too little.
    let max_width = w - 2.0 * MARGIN;
    let big = style(70.0, 700);
    let small = style(56.0, 700);
    let mut title = (&big, text::lines(&card.title, &big, rtl, max_width, 3));
    if title.1.last().is_some_and(|l| l.ends_with('…')) {
        title = (&small, text::lines(&card.title, &small, rtl, max_width, 4));
    }
    let (title_style, title_lines) = title;
    let leading = title_style.size * 1.22;
    let block = leading * title_lines.len() as f32;
    // Centred between the brand (ends near 150) and the foot (near 500).
    let top = 150.0 + ((500.0 - 150.0) - block).max(0.0) / 2.0;
    for (i, words) in title_lines.iter().enumerate() {
        let baseline = top + title_style.size * 0.98 + leading * i as f32;
        line(
            &mut out,
            words,
            title_style,
            rtl,
            0.0,
            baseline,
            &colour(&palette.text),
        );
    }

    // The foot: the region, then the pillar in a pill.
    let foot = style(30.0, 700);
    let foot_y = 560.0;
    let mut offset = 0.0;
    if !card.region.is_empty() {
        let region = text::lines(&card.region, &foot, rtl, max_width / 2.0, 1);
        if let Some(region) = region.first() {
            offset += line(
                &mut out,
                region,
                &foot,
                rtl,
                0.0,
                foot_y,
                &colour(&palette.muted),
            ) + 28.0;
        }
    }
    if !card.pillar.is_empty() {
        let pad = 22.0;
        let room = max_width - offset - 2.0 * pad;
        let pillar = text::lines(&card.pillar, &foot, rtl, room.max(100.0), 1);
        if let Some(pillar) = pillar.first() {
            let width = foot.width(pillar, rtl) + 2.0 * pad;
            let x = place(offset, width, rtl);
            let _ = writeln!(
                out,
                r#"<rect x="{x:.2}" y="{:.2}" width="{width:.2}" height="52" rx="26" fill="{}"/>"#,
                foot_y - 36.0,
                colour(&palette.accent_soft)
            );
            line(
                &mut out,
                pillar,
                &foot,
                rtl,
                offset + pad,
                foot_y,
                &colour(&palette.accent),
            );
        }
    }
    out.push_str("</svg>\n");
    out
}
