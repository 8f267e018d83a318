//! image_size: the width and height of a PNG, JPEG, GIF, WebP or SVG image,
//! read from its header without decoding it, so that pages can reserve the
//! image's room before it loads, and an image too large to be sensible is
//! refused before anything decodes it.

/// Images above this many pixels are refused.
pub const MAX_PIXELS: u64 = 50_000_000;

/// The file extensions guidegen treats as images.
pub const EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// Whether `path` names an image by its extension.
pub fn is_image(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The image's size in pixels (`None` for an SVG that states none), or
/// why it cannot be used.
pub fn size(path: &str, bytes: &[u8]) -> Result<Option<(u32, u32)>, String> {
    let ext = path
        .rsplit_once('.')
        .map_or(String::new(), |(_, e)| e.to_ascii_lowercase());
    let found = match ext.as_str() {
        "svg" => return Ok(svg_size(bytes)),
        "png" => png(bytes),
        "jpg" | "jpeg" => jpeg(bytes),
        "gif" => gif(bytes),
        "webp" => webp(bytes),
        _ => return Ok(None),
    };
    let (w, h) = found.ok_or_else(|| {
        format!(
            "{path} is not a readable {} image (corrupt or mislabelled)",
            ext.to_uppercase()
        )
    })?;
    if w == 0 || h == 0 {
        return Err(format!("{path} has no pixels ({w}×{h})"));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "{path} is {w}×{h} pixels, over the limit of {} megapixels; scale it down",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(Some((w, h)))
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn png(b: &[u8]) -> Option<(u32, u32)> {
    if !b.starts_with(b"\x89PNG\r\n\x1a\n") || b.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(b.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(b.get(20..24)?.try_into().ok()?);
    Some((w, h))
}

fn gif(b: &[u8]) -> Option<(u32, u32)> {
    if !(b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")) {
        return None;
    }
    let w = u32::from(u16::from_le_bytes(b.get(6..8)?.try_into().ok()?));
    let h = u32::from(u16::from_le_bytes(b.get(8..10)?.try_into().ok()?));
    Some((w, h))
}

fn jpeg(b: &[u8]) -> Option<(u32, u32)> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    while at + 4 <= b.len() {
        if b[at] != 0xFF {
            return None;
        }
        let marker = b[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let len = be16(b, at + 2)? as usize;
        // Start of frame (baseline, progressive …), not DHT/JPG/DAC.
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return Some((be16(b, at + 7)?, be16(b, at + 5)?));
        }
        at += 2 + len;
    }
    None
}

fn webp(b: &[u8]) -> Option<(u32, u32)> {
    if b.get(0..4)? != b"RIFF" || b.get(8..12)? != b"WEBP" {
        return None;
    }
    let le24 = |at: usize| -> Option<u32> {
        let s = b.get(at..at + 3)?;
        Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
    };
    match b.get(12..16)? {
        b"VP8X" => Some((le24(24)? + 1, le24(27)? + 1)),
        b"VP8 " => {
            let w = u32::from(u16::from_le_bytes(b.get(26..28)?.try_into().ok()?)) & 0x3FFF;
            let h = u32::from(u16::from_le_bytes(b.get(28..30)?.try_into().ok()?)) & 0x3FFF;
            Some((w, h))
        }
        b"VP8L" => {
            let bits = u32::from_le_bytes(b.get(21..25)?.try_into().ok()?);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        _ => None,
    }
}

/// The `width` and `height` of the root `<svg>` element when both are
/// plain numbers (or pixels), else from its `viewBox`.
fn svg_size(b: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(b.get(..b.len().min(4096))?).ok()?;
    let tag = &text[text.find("<svg")?..];
    let tag = &tag[..tag.find('>')?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let number = |v: &str| v.trim().trim_end_matches("px").parse::<f64>().ok();
    if let (Some(w), Some(h)) = (
        attr("width").and_then(number),
        attr("height").and_then(number),
    ) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let view: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view[..] {
        [_, _, w, h] => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0]);
        b
    }

    #[test]
    fn sizes_come_from_each_format_header() {
        assert_eq!(size("a.png", &png_of(640, 480)), Ok(Some((640, 480))));
        let gif = [b"GIF89a".as_slice(), &[0x20, 0x03, 0x58, 0x02]].concat();
        assert_eq!(size("a.gif", &gif), Ok(Some((800, 600))));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x01, 0xE0, 0x02, 0x80, 3,
        ];
        assert_eq!(size("a.jpg", &jpeg), Ok(Some((640, 480))));
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X".to_vec();
        webp.extend([10, 0, 0, 0, 0, 0, 0, 0, 0x7F, 0x02, 0, 0xDF, 0x01, 0]);
        assert_eq!(size("a.webp", &webp), Ok(Some((640, 480))));
        assert_eq!(
            size(
                "a.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"960\" height=\"430px\">"
            ),
            Ok(Some((960, 430)))
        );
        assert_eq!(
            size("a.svg", b"<svg viewBox=\"0 0 120 60\">"),
            Ok(Some((120, 60)))
        );
        assert_eq!(size("a.svg", b"<svg width=\"100%\">"), Ok(None));
    }

    #[test]
    fn corrupt_empty_and_huge_images_are_refused_by_name() {
        assert_eq!(
            size("img/a.png", b"GIF89a not a png"),
            Err("img/a.png is not a readable PNG image (corrupt or mislabelled)".into())
        );
        assert_eq!(
            size("a.png", &png_of(0, 10)),
            Err("a.png has no pixels (0×10)".into())
        );
        assert_eq!(
            size("a.png", &png_of(10_000, 5_001)),
            Err(
                "a.png is 10000×5001 pixels, over the limit of 50 megapixels; scale it down".into()
            )
        );
        assert_eq!(
            size("a.png", &png_of(10_000, 5_000)),
            Ok(Some((10_000, 5_000)))
        );
        assert!(size("a.jpg", &[0xFF, 0xD8, 0xFF]).is_err());
        assert!(is_image("x/Y.JPEG") && !is_image("x.md"));
    }
}
