//! raster (beside markdown): the resized copies of the PNG, JPEG and WebP
//! images pages show, as `srcset` needs them — at the widths `[images]`
//! asks for, in the image's own format and, where smaller, as lossless
//! WebP — named by a hash of the source bytes and the settings, so they
//! can be cached for ever. Only images a page shows are encoded, the first
//! time one is asked for (documents render in parallel, so do encodings),
//! and each result is kept in the site's `.guidegen-cache/images/` for the
//! next build. GIFs, animated PNG and WebP, SVGs and images no wider than
//! the text column are published as they are. Nothing here knows pages or
//! URLs.

mod encode;

use crate::base::cache::Cache;
use crate::config::ImageSettings;
use bytes::Bytes;
use encode::{Encoded, Format};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Bumped whenever the encoders' output changes, so that no cache entry
/// or published name made by an older guidegen is taken for a new one.
const FORMAT_VERSION: &[u8] = b"guidegen-images-2";

/// One resized copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Its file name, published beside the image (`flow.1f3a….720w.png`).
    pub file: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Bytes,
}

/// The copies of one image a page offers, narrowest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Responsive {
    /// The image's size as shown (its EXIF orientation applied), for the
    /// `<img>`'s `width` and `height`.
    pub width: u32,
    pub height: u32,
    /// In the image's own format; the first is the `<img>`'s `src`.
    pub fallback: Vec<Variant>,
    /// The same widths as WebP, or none when WebP would not be smaller.
    pub webp: Vec<Variant>,
    /// The width the image takes on a wide screen (the text column), for
    /// `sizes`.
    pub column: u32,
}

/// The widths to make of an image `width` pixels wide: none when it fits
/// the column (the narrowest setting); else each setting below its width,
/// and its own width when no setting reaches it.
pub fn widths(settings: &ImageSettings, width: u32) -> Vec<u32> {
    let Some(&column) = settings.widths.first() else {
        return Vec::new();
    };
    if width <= column {
        return Vec::new();
    }
    let mut out: Vec<u32> = settings
        .widths
        .iter()
        .copied()
        .filter(|&w| w < width)
        .collect();
    if settings.widths.last().is_some_and(|&max| max >= width) {
        out.push(width);
    }
    out
}

/// One image's copies, made by the first page that asks for them.
type Slot = Arc<OnceLock<Result<Arc<Encoded>, String>>>;

/// What a build knows of the images it resized: memoised by content,
/// backed by the on-disk cache, and counted.
pub struct Variants {
    settings: ImageSettings,
    cache: Cache,
    memo: Mutex<HashMap<u64, Slot>>,
    encoded: AtomicUsize,
    from_cache: AtomicUsize,
}

impl Variants {
    pub fn new(settings: ImageSettings, cache: Cache) -> Self {
        Variants {
            settings,
            cache,
            memo: Mutex::default(),
            encoded: AtomicUsize::new(0),
            from_cache: AtomicUsize::new(0),
        }
    }

    /// How many images this build encoded, and how many it took from the
    /// cache.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.encoded.load(Ordering::Relaxed),
            self.from_cache.load(Ordering::Relaxed),
        )
    }

    /// Keeps in the cache the entries of the images this build asked for
    /// and drops the rest (a one-shot build asks for every image the
    /// site shows; `serve` reuses documents and must not prune).
    pub fn prune_cache(&self) {
        let memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        let keep = memo.keys().map(|key| format!("{key:016x}")).collect();
        self.cache.retain(&keep);
    }

    /// The copies of the image at `path` (as the site shows it:
    /// `content/playbooks/flow.png`) whose header gave `size`; `None` when
    /// it is published as it is, `Err` when it cannot be decoded.
    pub fn responsive(
        &self,
        path: &str,
        bytes: &[u8],
        size: (u32, u32),
    ) -> Result<Option<Arc<Responsive>>, String> {
        let Some(format) = Format::of(path, bytes) else {
            return Ok(None);
        };
        // Decided again on the image as shown, which its EXIF may turn.
        if widths(&self.settings, size.0.max(size.1)).is_empty() {
            return Ok(None);
        }
        let key = self.key(bytes, format);
        let slot = {
            let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
            memo.entry(key).or_default().clone()
        };
        let encoded = slot
            .get_or_init(|| self.encoded_or_cached(key, bytes, format, size))
            .clone()
            .map_err(|e| format!("{path} cannot be decoded: {e}"))?;
        if encoded.fallback.is_empty() {
            return Ok(None);
        }
        let name = |format: Format, width: u32| {
            format!(
                "{}.{key:016x}.{width}w.{}",
                stem(path),
                format.extension(path)
            )
        };
        let variants = |list: &[encode::Copy], format: Format| {
            list.iter()
                .map(|c| Variant {
                    file: name(format, c.width),
                    width: c.width,
                    height: c.height,
                    bytes: c.bytes.clone(),
                })
                .collect()
        };
        Ok(Some(Arc::new(Responsive {
            width: encoded.width,
            height: encoded.height,
            fallback: variants(&encoded.fallback, format),
            webp: variants(&encoded.webp, Format::WebP),
            column: self.settings.widths[0],
        })))
    }

    /// The hash that names an image's copies and its cache entry: of its
    /// bytes, the settings that shape the copies, and the format version.
    fn key(&self, bytes: &[u8], format: Format) -> u64 {
        let widths: Vec<u8> = self
            .settings
            .widths
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .collect();
        crate::base::fingerprint::key(&[
            FORMAT_VERSION,
            bytes,
            format.extension("").as_bytes(),
            &widths,
            &[u8::from(self.settings.webp)],
        ])
    }

    fn encoded_or_cached(
        &self,
        key: u64,
        bytes: &[u8],
        format: Format,
        size: (u32, u32),
    ) -> Result<Arc<Encoded>, String> {
        let entry = format!("{key:016x}");
        if let Some(encoded) = self
            .cache
            .read(&entry)
            .and_then(|b| Encoded::from_bytes(&b))
        {
            self.from_cache.fetch_add(1, Ordering::Relaxed);
            return Ok(Arc::new(encoded));
        }
        // A decoder's bug is this image's error, not the end of the build.
        let encoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            encode::encode(bytes, format, size, &self.settings)
        }))
        .unwrap_or_else(|_| Err("the decoder failed on it".into()))?;
        self.encoded.fetch_add(1, Ordering::Relaxed);
        // A cache that cannot be written only costs the next build time.
        let _ = self.cache.write(&entry, &encoded.to_bytes());
        Ok(Arc::new(encoded))
    }
}

/// The file stem of `path`, kept to characters every URL and `srcset`
/// takes as they are.
fn stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(widths: &[u32]) -> ImageSettings {
        ImageSettings {
            widths: widths.to_vec(),
            webp: true,
        }
    }

    #[test]
    fn only_images_wider_than_the_column_get_copies() {
        let s = settings(&[720, 1440]);
        assert_eq!(widths(&s, 720), Vec::<u32>::new());
        assert_eq!(widths(&s, 721), [720, 721]);
        assert_eq!(widths(&s, 1440), [720, 1440]);
        assert_eq!(widths(&s, 1441), [720, 1440]);
        assert_eq!(widths(&s, 4000), [720, 1440]);
        assert_eq!(widths(&settings(&[]), 4000), Vec::<u32>::new());
        assert_eq!(widths(&settings(&[400, 800, 1200]), 1000), [400, 800, 1000]);
    }

    #[test]
    fn names_keep_only_url_safe_characters() {
        assert_eq!(stem("content/a/My flow,v2.png"), "My-flow-v2");
        assert_eq!(stem("static/x.tar.png"), "x-tar");
    }

    #[test]
    fn copies_are_named_by_content_and_settings() {
        let dir = tempfile::tempdir().unwrap();
        let boundary = crate::base::files::SiteBoundary::new(dir.path());
        let variants = |s: ImageSettings| Variants::new(s, Cache::new(&boundary, "images", false));
        let png = encode::tests::png(900, 300);
        let a = variants(settings(&[720])).responsive("content/f.png", &png, (900, 300));
        let a = a.unwrap().unwrap();
        let again = variants(settings(&[720])).responsive("static/g/f.png", &png, (900, 300));
        assert_eq!(a.fallback[0].file, again.unwrap().unwrap().fallback[0].file);
        let other = variants(settings(&[720, 1440])).responsive("content/f.png", &png, (900, 300));
        assert_ne!(a.fallback[0].file, other.unwrap().unwrap().fallback[0].file);
        let mut no_webp = settings(&[720]);
        no_webp.webp = false;
        let plain = variants(no_webp).responsive("content/f.png", &png, (900, 300));
        let plain = plain.unwrap().unwrap();
        assert_ne!(a.fallback[0].file, plain.fallback[0].file);
        assert!(plain.webp.is_empty());
        assert!(a.fallback[0].file.starts_with("f.") && a.fallback[0].file.ends_with(".720w.png"));
    }
}
