//! cards: the social card of a page — a 1200×630 PNG with its title, its
//! region and pillar and the site's name, in the theme's fonts and
//! colours — drawn as SVG (`svg`) from lines measured and ordered here
//! (`text`), and rendered by resvg. A card is a pure function of its
//! `Card` and the theme: `key` names it, and the same key always gives
//! the same bytes. Nothing here reads or writes files; what caches the
//! PNGs is the build pipeline's business.

mod svg;
mod text;

use crate::base::fingerprint;
use crate::theme::cards::{CardTheme, Palette};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;
use std::sync::Arc;

/// Width and height of every card, in pixels.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Changes whenever the drawing changes, so that every cached card is
/// drawn again.
const RENDERER_VERSION: &[u8] = b"cards-3";

/// Everything a card shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Card {
    pub title: String,
    /// The region it is about, or `""`.
    pub region: String,
    /// The pillar it belongs to, or `""`.
    pub pillar: String,
    /// The site's name in the page's edition.
    pub site: String,
    /// The language of the title (a BCP 47 tag).
    pub lang: String,
    pub rtl: bool,
}

impl Card {
    /// A hash of everything drawn: the text, its language and direction,
    /// the theme's fonts and colours, and the renderer's version.
    pub fn key(&self, theme: &CardTheme) -> u64 {
        fingerprint::key(&[
            RENDERER_VERSION,
            self.title.as_bytes(),
            self.region.as_bytes(),
            self.pillar.as_bytes(),
            self.site.as_bytes(),
            self.lang.as_bytes(),
            &[u8::from(self.rtl)],
            &theme.fingerprint.to_le_bytes(),
        ])
    }
}

/// Draws cards in one theme's fonts and colours; shared by the threads
/// that draw.
pub struct Painter {
    fontdb: Arc<usvg::fontdb::Database>,
    faces: Vec<text::Face>,
    palette: Palette,
    /// The background of left-to-right and of right-to-left cards.
    backgrounds: [resvg::tiny_skia::Pixmap; 2],
}

impl Painter {
    pub fn new(theme: &CardTheme) -> Painter {
        let mut db = usvg::fontdb::Database::new();
        let mut faces = Vec::new();
        for (_, bytes) in &theme.fonts {
            let source = usvg::fontdb::Source::Binary(bytes.clone());
            for id in db.load_font_source(source) {
                let Some(info) = db.face(id) else { continue };
                let Some((family, _)) = info.families.first() else {
                    continue;
                };
                faces.push(text::Face::new(
                    family.clone(),
                    info.weight.0,
                    bytes.clone(),
                    info.index,
                ));
            }
        }
        // A generic family never reaches for a font outside the theme.
        if let Some(first) = faces.first() {
            let family = first.family.clone();
            db.set_sans_serif_family(family.clone());
            db.set_serif_family(family);
        }
        let mut painter = Painter {
            fontdb: Arc::new(db),
            faces,
            palette: theme.palette.clone(),
            backgrounds: [blank(), blank()],
        };
        for rtl in [false, true] {
            let svg = svg::background(rtl, &painter.palette);
            let mut pixmap = blank();
            // The background names no font and no file: it always parses.
            if let Ok(tree) = usvg::Tree::from_str(&svg, &painter.options("en")) {
                resvg::render(&tree, Transform::default(), &mut pixmap.as_mut());
            }
            painter.backgrounds[usize::from(rtl)] = pixmap;
        }
        painter
    }

    /// How resvg reads a card: with the theme's fonts only, and no file.
    fn options(&self, lang: &str) -> usvg::Options<'static> {
        usvg::Options {
            fontdb: self.fontdb.clone(),
            font_family: self
                .faces
                .first()
                .map_or_else(String::new, |f| f.family.clone()),
            languages: vec![lang.to_string()],
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        }
    }

    /// The card as SVG text.
    pub fn svg(&self, card: &Card) -> String {
        svg::card(card, &self.faces, &self.palette)
    }

    /// The card as PNG bytes.
    pub fn draw(&self, card: &Card) -> Result<Vec<u8>, String> {
        let svg = self.svg(card);
        let tree =
            usvg::Tree::from_str(&svg, &self.options(&card.lang)).map_err(|e| e.to_string())?;
        let mut pixmap = self.backgrounds[usize::from(card.rtl)].clone();
        resvg::render(&tree, Transform::default(), &mut pixmap.as_mut());
        encode(&pixmap)
    }
}

/// An empty pixmap of a card's size.
fn blank() -> Pixmap {
    Pixmap::new(WIDTH, HEIGHT).unwrap_or_else(|| unreachable!("a card's size is not zero"))
}

/// The pixmap as an RGB PNG (a card is opaque: its background is), each
/// row filtered as suits it: about 36 KB a card, against 77 KB with the
/// fastest deflate, for a quarter more time.
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Whether `bytes` look like a whole card: a PNG of the card's size
/// that ends with its `IEND` chunk (a cache entry cut short is not one).
pub fn is_card_png(bytes: &[u8]) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let size = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_be_bytes)
    };
    bytes.starts_with(SIGNATURE)
        && bytes.get(12..16) == Some(b"IHDR")
        && size(16) == Some(WIDTH)
        && size(20) == Some(HEIGHT)
        && bytes.len() > 12
        && bytes[bytes.len() - 12..].starts_with(&[0, 0, 0, 0])
        && &bytes[bytes.len() - 8..bytes.len() - 4] == b"IEND"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str, lang: &str, rtl: bool) -> Card {
        Card {
            title: title.into(),
            region: "Saudi Arabia".into(),
            pillar: "Compliance".into(),
            site: "Regional Expansion Guides".into(),
            lang: lang.into(),
            rtl,
        }
    }

    #[test]
    fn a_card_is_a_whole_png_of_the_cards_size() {
        let painter = Painter::new(&crate::theme::cards::built_in());
        let png = painter.draw(&card("Data residency", "en", false)).unwrap();
        assert!(is_card_png(&png));
        assert!(!is_card_png(&png[..png.len() - 1]));
        // A character no font has is drawn as a box, not an error.
        let odd = card("Runes ᚠᚢᚦ and \u{1}controls", "en", false);
        assert!(is_card_png(&painter.draw(&odd).unwrap()));
    }

    /// The left and right edges of everything drawn on `card` over its
    /// background, laid out by resvg as it draws it.
    fn drawn_edges(painter: &Painter, card: &Card) -> (f32, f32) {
        let svg = painter.svg(card);
        let tree = usvg::Tree::from_str(&svg, &painter.options(&card.lang)).unwrap();
        let drawn = tree.root().abs_bounding_box();
        (drawn.left(), drawn.right())
    }

    #[test]
    fn a_long_title_wraps_within_the_cards_margins() {
        let painter = Painter::new(&crate::theme::cards::built_in());
        let (start, end) = (svg::MARGIN, WIDTH as f32 - svg::MARGIN);
        // resvg's shaping of a right-to-left run may end a pixel past ours.
        let slack = 1.5;
        // Lines break near the far margin, not a word or more before it.
        let word = 250.0;
        let en = "Data residency and the PDPL: where customer data may live in Saudi Arabia";
        let (left, right) = drawn_edges(&painter, &card(en, "en", false));
        assert!((left - start).abs() < slack, "{left}");
        assert!(right < end + slack && right > end - word, "{right}");
        let ar =
            "إقامة البيانات ونظام PDPL: أين يمكن تخزين بيانات العملاء في المملكة العربية السعودية";
        let (left, right) = drawn_edges(&painter, &card(ar, "ar", true));
        assert!((right - end).abs() < slack, "{right}");
        assert!(left > start - slack && left < start + word, "{left}");
    }

    #[test]
    fn the_key_changes_with_anything_drawn() {
        let theme = crate::theme::cards::built_in();
        let a = card("A", "en", false);
        let mut b = a.clone();
        b.pillar = "Security".into();
        assert_ne!(a.key(&theme), b.key(&theme));
        assert_eq!(a.key(&theme), a.clone().key(&theme));
    }
}

/// Writes sample cards to `$GUIDEGEN_CARD_SAMPLES` (a folder) to look at:
/// `GUIDEGEN_CARD_SAMPLES=/tmp/cards cargo test --lib card_samples`.
#[cfg(test)]
#[test]
fn card_samples() {
    let Ok(dir) = std::env::var("GUIDEGEN_CARD_SAMPLES") else {
        return;
    };
    let painter = Painter::new(&crate::theme::cards::built_in());
    let samples = [
        (
            "en",
            false,
            "Data residency and the PDPL: where customer data may live in Saudi Arabia",
            "Saudi Arabia",
            "Compliance",
            "Regional Expansion Guides",
        ),
        (
            "zh",
            false,
            "数据驻留与 PDPL：客户数据可以存放在沙特阿拉伯的哪些地方",
            "沙特阿拉伯",
            "合规",
            "区域扩展指南",
        ),
        (
            "ar",
            true,
            "إقامة البيانات ونظام PDPL: أين يمكن تخزين بيانات العملاء في المملكة العربية السعودية",
            "المملكة العربية السعودية",
            "الامتثال",
            "أدلة التوسع الإقليمي",
        ),
    ];
    for (lang, rtl, title, region, pillar, site) in samples {
        let card = Card {
            title: title.into(),
            region: region.into(),
            pillar: pillar.into(),
            site: site.into(),
            lang: lang.into(),
            rtl,
        };
        let png = painter.draw(&card).unwrap();
        std::fs::write(format!("{dir}/{lang}.png"), png).unwrap();
        std::fs::write(format!("{dir}/{lang}.svg"), painter.svg(&card)).unwrap();
    }
}
