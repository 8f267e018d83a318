//! encode: decodes one image (within limits), resizes it to each width and
//! encodes the copies; and the byte form a cache entry keeps them in.

use crate::config::ImageSettings;
use bytes::Bytes;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// The raster formats guidegen resizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Png,
    Jpeg,
    WebP,
}

impl Format {
    /// The format of the image at `path`, when guidegen resizes it: not a
    /// GIF (often animated, and palette images gain nothing), not an
    /// animated PNG or WebP (a resized copy would keep one frame).
    pub(super) fn of(path: &str, bytes: &[u8]) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "png" if !apng(bytes) => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            // VP8X's flags: bit 1 is "animated".
            "webp"
                if !(bytes.get(12..16) == Some(b"VP8X")
                    && bytes.get(20).is_some_and(|f| f & 2 != 0)) =>
            {
                Some(Format::WebP)
            }
            _ => None,
        }
    }

    /// The extension its copies take (a JPEG's as its source writes it).
    pub(super) fn extension(self, path: &str) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg if path.to_ascii_lowercase().ends_with(".jpeg") => "jpeg",
            Format::Jpeg => "jpg",
            Format::WebP => "webp",
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Format::Png => ImageFormat::Png,
            Format::Jpeg => ImageFormat::Jpeg,
            Format::WebP => ImageFormat::WebP,
        }
    }
}

/// Whether a PNG is animated: an `acTL` chunk comes before the image data.
fn apng(bytes: &[u8]) -> bool {
    let mut at = 8;
    while let Some(len) = bytes.get(at..at + 4) {
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        match bytes.get(at + 4..at + 8) {
            Some(b"acTL") => return true,
            Some(b"IDAT") | None => return false,
            _ => at = at.saturating_add(12).saturating_add(len),
        }
    }
    false
}

/// One copy of an image, before it is named.
#[derive(Clone, PartialEq)]
pub(super) struct Copy {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) bytes: Bytes,
}

/// Its size and length: a test that fails should not print the bytes.
impl std::fmt::Debug for Copy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}×{} ({} bytes)",
            self.width,
            self.height,
            self.bytes.len()
        )
    }
}

/// Every copy of one image: in its own format, and as WebP when that is
/// smaller (else none); and the image's size as shown (turned by its
/// EXIF orientation). No copies: the image is best shown as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Encoded {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) fallback: Vec<Copy>,
    pub(super) webp: Vec<Copy>,
}

/// JPEG copies' quality: visually lossless for photographs and diagrams.
const JPEG_QUALITY: u8 = 85;

/// Decodes `bytes` (whose header said `size`, already within the pixel
/// limit) and makes a copy at each width. A copy is kept only when it is
/// smaller than the file itself (downscaling a flat screenshot adds
/// colours, and can make its PNG larger); where one is not, the file
/// stands in at its own width. No copy kept: none at all, and the image
/// is shown as it is. The copy at the image's own width in its own
/// format is the file itself, untouched.
pub(super) fn encode(
    bytes: &[u8],
    format: Format,
    size: (u32, u32),
    settings: &ImageSettings,
) -> Result<Encoded, String> {
    let webp = settings.webp;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    // The header was checked against the pixel limit; the decoder may not
    // find a larger image than it stated, nor allocate without bound.
    let mut limits = Limits::default();
    limits.max_image_width = Some(size.0);
    limits.max_image_height = Some(size.1);
    limits.max_alloc = Some(crate::base::image_size::MAX_PIXELS * 8);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    // A phone's photograph is stored sideways with an EXIF orientation
    // that browsers apply; the copies carry no EXIF, so they are turned.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let widths = super::widths(settings, width);
    let original = || Copy {
        width,
        height,
        bytes: Bytes::copy_from_slice(bytes),
    };
    let mut kept: Vec<(Copy, DynamicImage)> = Vec::new();
    let mut stand_in = false;
    for &w in widths.iter().filter(|&&w| w < width) {
        let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width))
            .max(1) as u32;
        let resized = image.resize_exact(w, h, image::imageops::FilterType::Lanczos3);
        let copy = Copy {
            width: w,
            height: resized.height(),
            bytes: encoded(&resized, format)?,
        };
        if copy.bytes.len() < bytes.len() {
            kept.push((copy, resized));
        } else {
            stand_in = true;
        }
    }
    if kept.is_empty() {
        return Ok(Encoded::default());
    }
    let mut out = Encoded {
        width,
        height,
        ..Encoded::default()
    };
    if stand_in || widths.contains(&width) {
        kept.push((original(), image));
    }
    // Lossless WebP beats PNG, but hardly ever a JPEG photograph (whose
    // lossless copy keeps its noise): not tried for JPEG, and offered
    // only when the copies are smaller in all.
    if webp && format == Format::Png {
        for (copy, resized) in &kept {
            out.webp.push(Copy {
                bytes: encoded(resized, Format::WebP)?,
                ..copy.clone()
            });
        }
    }
    out.fallback = kept.into_iter().map(|(copy, _)| copy).collect();
    let size = |copies: &[Copy]| copies.iter().map(|c| c.bytes.len()).sum::<usize>();
    if size(&out.webp) >= size(&out.fallback) {
        out.webp.clear();
    }
    Ok(out)
}

/// One copy in `format`, in the colour type that format takes.
fn encoded(image: &DynamicImage, format: Format) -> Result<Bytes, String> {
    let mut out = Cursor::new(Vec::new());
    let alpha = image.color().has_alpha();
    let result = match format {
        Format::Png => image.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)),
        Format::Jpeg => DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY),
        ),
        Format::WebP => {
            let image = if alpha {
                DynamicImage::ImageRgba8(image.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(image.to_rgb8())
            };
            image.write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out))
        }
    };
    result.map_err(|e| format!("cannot encode a resized copy: {e}"))?;
    Ok(Bytes::from(out.into_inner()))
}

impl Encoded {
    /// The form a cache entry keeps: for each copy, whether it is WebP,
    /// its width, height and length, then its bytes.
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        let count = self.fallback.len() + self.webp.len();
        let mut out = (count as u32).to_le_bytes().to_vec();
        out.extend(self.width.to_le_bytes());
        out.extend(self.height.to_le_bytes());
        for (webp, copy) in self
            .fallback
            .iter()
            .map(|c| (0u8, c))
            .chain(self.webp.iter().map(|c| (1u8, c)))
        {
            out.push(webp);
            out.extend(copy.width.to_le_bytes());
            out.extend(copy.height.to_le_bytes());
            out.extend((copy.bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(&copy.bytes);
        }
        out
    }

    /// The copies `to_bytes` wrote; `None` for anything else.
    pub(super) fn from_bytes(b: &[u8]) -> Option<Encoded> {
        let u32_at =
            |b: &[u8], at: usize| Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?));
        let count = u32_at(b, 0)? as usize;
        let mut out = Encoded {
            width: u32_at(b, 4)?,
            height: u32_at(b, 8)?,
            ..Encoded::default()
        };
        let mut b = &b[12..];
        while !b.is_empty() {
            let webp = *b.first()?;
            let (width, height) = (u32_at(b, 1)?, u32_at(b, 5)?);
            let len = usize::try_from(u64::from_le_bytes(b.get(9..17)?.try_into().ok()?)).ok()?;
            let bytes = Bytes::copy_from_slice(b.get(17..17usize.checked_add(len)?)?);
            b = &b[17 + len..];
            let copy = Copy {
                width,
                height,
                bytes,
            };
            match webp {
                0 => out.fallback.push(copy),
                1 => out.webp.push(copy),
                _ => return None,
            }
        }
        (out.fallback.len() + out.webp.len() == count).then_some(out)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A PNG with a gradient, so that resizing has something to do.
    pub(in crate::raster) fn png(w: u32, h: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(image)
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
            .unwrap();
        out.into_inner()
    }

    fn settings(widths: &[u32]) -> ImageSettings {
        ImageSettings {
            widths: widths.to_vec(),
            webp: true,
        }
    }

    #[test]
    fn a_photograph_stored_sideways_is_turned_as_browsers_show_it() {
        // EXIF (TIFF, little-endian) with one entry: orientation 6, "turn
        // 90° clockwise to show".
        let mut exif = b"II*\0\x08\0\0\0\x01\0".to_vec();
        exif.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
        let photo = image::RgbImage::from_fn(1600, 800, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x ^ y) % 256) as u8])
        });
        let mut jpeg = Cursor::new(Vec::new());
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95);
        image::ImageEncoder::set_exif_metadata(&mut encoder, exif).unwrap();
        DynamicImage::ImageRgb8(photo)
            .write_with_encoder(encoder)
            .unwrap();
        let encoded = encode(jpeg.get_ref(), Format::Jpeg, (1600, 800), &settings(&[400])).unwrap();
        assert_eq!((encoded.width, encoded.height), (800, 1600));
        let copy = &encoded.fallback[0];
        assert_eq!((copy.width, copy.height), (400, 800));
        let decoded = image::load_from_memory(&copy.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (400, 800));
    }

    #[test]
    fn copies_have_the_asked_widths_and_keep_the_aspect_ratio() {
        let source = png(1000, 500);
        let encoded = encode(&source, Format::Png, (1000, 500), &settings(&[720, 1000])).unwrap();
        let sizes: Vec<(u32, u32)> = encoded
            .fallback
            .iter()
            .map(|c| (c.width, c.height))
            .collect();
        assert_eq!(sizes, [(720, 360), (1000, 500)]);
        // The copy at the image's own width is the file itself.
        assert_eq!(encoded.fallback[1].bytes, source);
        let decoded = image::load_from_memory(&encoded.fallback[0].bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (720, 360));
        for copy in &encoded.webp {
            let decoded =
                image::load_from_memory_with_format(&copy.bytes, ImageFormat::WebP).unwrap();
            assert_eq!(
                (decoded.width(), decoded.height()),
                (copy.width, copy.height)
            );
        }
        assert_eq!(
            Encoded::from_bytes(&encoded.to_bytes()),
            Some(encoded.clone())
        );
        let bytes = encoded.to_bytes();
        assert_eq!(Encoded::from_bytes(&bytes[..bytes.len() - 1]), None);
    }

    #[test]
    fn copies_no_smaller_than_the_file_give_way_to_it() {
        // A screenshot: flat panels and lines of dark "text" on white,
        // small as a PNG, grown by the grey edges resizing adds.
        let shot = image::GrayImage::from_fn(1600, 800, |x, y| {
            let text = x > 300 && y % 40 > 2 && y % 40 < 14 && ((x / 9) * 7 + y / 40) % 11 > 2;
            image::Luma([if text {
                40
            } else if x < 260 {
                240
            } else {
                255
            }])
        });
        let mut source = Cursor::new(Vec::new());
        DynamicImage::ImageLuma8(shot)
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut source))
            .unwrap();
        let source = source.into_inner();
        let encoded = encode(&source, Format::Png, (1600, 800), &settings(&[720, 1440])).unwrap();
        assert_eq!(encoded, Encoded::default());
        assert_eq!(
            Encoded::from_bytes(&encoded.to_bytes()),
            Some(Encoded::default())
        );
        // A JPEG gets no WebP copies.
        let photo = DynamicImage::ImageRgb8(image::RgbImage::from_fn(1000, 500, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
        }));
        let mut jpeg = Cursor::new(Vec::new());
        photo.write_to(&mut jpeg, ImageFormat::Jpeg).unwrap();
        let encoded = encode(jpeg.get_ref(), Format::Jpeg, (1000, 500), &settings(&[720])).unwrap();
        assert_eq!(encoded.fallback.len(), 1);
        assert!(encoded.webp.is_empty());
    }

    #[test]
    fn a_body_that_does_not_decode_is_an_error_not_a_panic() {
        let mut source = png(800, 400);
        source.truncate(source.len() / 2);
        assert!(encode(&source, Format::Png, (800, 400), &settings(&[720])).is_err());
        // A header that understates the image's size is refused.
        assert!(encode(&png(800, 400), Format::Png, (700, 400), &settings(&[720])).is_err());
    }

    #[test]
    fn gifs_and_animations_are_not_resized() {
        assert_eq!(Format::of("a.PNG", &png(2, 2)), Some(Format::Png));
        assert_eq!(Format::of("a.gif", b"GIF89a"), None);
        assert_eq!(Format::of("a.svg", b"<svg"), None);
        let mut apng = png(2, 2);
        apng.splice(
            33..33,
            [
                0, 0, 0, 8, b'a', b'c', b'T', b'L', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
            ],
        );
        assert_eq!(Format::of("a.png", &apng), None);
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0".to_vec();
        webp.extend([2, 0, 0, 0]);
        assert_eq!(Format::of("a.webp", &webp), None);
        webp[20] = 0;
        assert_eq!(Format::of("a.webp", &webp), Some(Format::WebP));
    }
}
