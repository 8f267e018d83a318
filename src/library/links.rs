//! links: what `@/` links resolve against — every item's URL and heading
//! ids, under the path of its default-language file — and a fingerprint of
//! all of it, so that rendered Markdown is known to be valid while it holds.

use super::Library;
use crate::base::diagnostics::did_you_mean;
use crate::markdown::images::Shown;
use crate::markdown::{headings, LinkTargets};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Where an `@/` link to one file goes, and the anchors it may name.
pub(super) struct Target {
    pub(super) url: String,
    pub(super) anchors: HashSet<String>,
}

/// Every item's target, keyed by its path under `content/` (a translation
/// answers to its source's path).
pub(super) fn targets(library: &Library) -> HashMap<String, Target> {
    let ids: Vec<_> = library.documents().collect();
    ids.par_iter()
        .map(|&id| {
            let (source, _, md) = library.document(id);
            let anchors = md
                .map(|md| {
                    headings(md.text(), &library.reserved_ids)
                        .into_iter()
                        .map(|h| h.id)
                        .collect()
                })
                .unwrap_or_default();
            let path = library.source_path(&source.path);
            let key = path.strip_prefix("content/").unwrap_or(&path).to_string();
            let url = library.url(library.route(id));
            (key, Target { url, anchors })
        })
        .collect()
}

impl Library {
    /// The heading ids of a document (`path` as in `Source::path`).
    pub fn anchors(&self, path: &str) -> Option<&HashSet<String>> {
        let key = path.strip_prefix("content/").unwrap_or(path);
        self.targets.get(key).map(|t| &t.anchors)
    }

    /// A hash of everything `@/` links resolve against: rendered Markdown
    /// stays valid while this does not change (images: `image_deps`).
    pub fn links_fingerprint(&self) -> u64 {
        let mut targets: Vec<(&String, &Target)> = self.targets.iter().collect();
        targets.sort_by(|a, b| a.0.cmp(b.0));
        let mut parts: Vec<Vec<u8>> = Vec::with_capacity(targets.len() + 2);
        for (path, target) in targets {
            let mut anchors: Vec<&String> = target.anchors.iter().collect();
            anchors.sort();
            let mut part = format!("{path}\n{}\n", target.url).into_bytes();
            for a in anchors {
                part.extend_from_slice(a.as_bytes());
                part.push(b'\n');
            }
            parts.push(part);
        }
        let mut drafts: Vec<&String> = self
            .drafts_left_out
            .iter()
            .chain(self.failed.iter())
            .collect();
        drafts.sort();
        parts.push(
            drafts
                .iter()
                .flat_map(|d| d.bytes().chain([b'\n']))
                .collect(),
        );
        crate::base::fingerprint::key(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>())
    }
}

impl Library {
    /// What a document's rendering depends on among the images: see
    /// `ImageDeps::key`.
    pub fn image_deps(&self) -> ImageDeps {
        let content = self.images.iter().map(|(p, b)| (p.as_str(), b.as_slice()));
        let statics = self
            .static_images
            .values()
            .map(|(p, b)| (p.as_str(), b.as_ref()));
        let mut images: Vec<(String, [u8; 8])> = content
            .chain(statics)
            .map(|(path, bytes)| {
                let name = path.rsplit('/').next().unwrap_or(path);
                let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
                let hash = crate::base::fingerprint::key(&[path.as_bytes(), bytes]).to_le_bytes();
                (stem.to_string(), hash)
            })
            .collect();
        images.sort();
        let settings = &self.config.images;
        let mut options: Vec<u8> = settings
            .widths
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .collect();
        options.push(u8::from(settings.webp));
        ImageDeps { images, options }
    }

    /// An image's size from its header and, when the build makes them, its
    /// resized copies; `path` is the file as the site shows it.
    fn shown(&self, path: &str, bytes: &[u8]) -> Result<Shown, String> {
        let size = crate::base::image_size::size(path, bytes)?;
        let responsive = match (size, &self.variants) {
            (Some(size), Some(variants)) => variants.responsive(path, bytes, size)?,
            _ => None,
        };
        Ok(Shown { size, responsive })
    }
}

/// Every image a document could show, by file stem, with a hash of its
/// path and bytes; and the image settings.
pub struct ImageDeps {
    images: Vec<(String, [u8; 8])>,
    options: Vec<u8>,
}

impl ImageDeps {
    /// A hash of the images a document with this Markdown may show, for
    /// its render key: those whose file stem the text names. A stem a URL
    /// could spell otherwise (`a b` as `a%20b`) counts for every document
    /// that shows an image, and a document without `![` shows none. So an
    /// edited image renders again only the documents that may show it.
    pub fn key(&self, markdown: &str) -> u64 {
        if !markdown.contains("![") {
            return 0;
        }
        let plain = |stem: &str| {
            stem.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        };
        let mut parts: Vec<&[u8]> = vec![&self.options];
        for (stem, hash) in &self.images {
            if !plain(stem) || markdown.contains(stem.as_str()) {
                parts.extend([stem.as_bytes(), hash.as_slice()]);
            }
        }
        crate::base::fingerprint::key(&parts)
    }
}

impl LinkTargets for Library {
    fn page_url(&self, path: &str) -> Option<String> {
        let key = path.strip_prefix("content/").unwrap_or(path);
        // A translation (`x.zh.md`) is published where its source is.
        let source = key.replacen(&format!(".{}.", self.config.language), ".", 1);
        let target = self
            .targets
            .get(key)
            .or_else(|| self.targets.get(&source))?;
        Some(target.url.clone())
    }

    fn base_path(&self) -> &str {
        &self.config.base_path
    }

    fn image_size(&self, url: &str) -> Option<Result<Shown, String>> {
        let url = url.split(['?', '#']).next().unwrap_or(url);
        let (path, bytes) = self.static_images.get(url)?;
        Some(self.shown(path, bytes))
    }

    fn content_image(&self, path: &str) -> Option<Result<Shown, String>> {
        let bytes = self.images.get(path)?;
        Some(self.shown(&format!("content/{path}"), bytes))
    }

    fn resolve(
        &self,
        path: &str,
        anchor: Option<&str>,
    ) -> Result<String, (String, Option<String>)> {
        let Some(target) = self.targets.get(path) else {
            if self.failed.contains(&format!("content/{path}")) {
                // That file's own error is reported; don't repeat it here.
                return Ok("#".to_string());
            }
            if self.drafts_left_out.contains(&format!("content/{path}")) {
                return Err((format!("link to a draft: @/{path} is left out of this build (build with --drafts, or publish it)"), None));
            }
            let hint = did_you_mean(path, self.targets.keys().map(String::as_str));
            return Err((format!("broken link: no content file @/{path}"), hint));
        };
        match anchor {
            None | Some("") => Ok(target.url.clone()),
            Some(a) if target.anchors.contains(a) => Ok(format!("{}#{a}", target.url)),
            Some(a) => {
                let hint = did_you_mean(a, target.anchors.iter().map(String::as_str));
                Err((
                    format!("broken anchor: @/{path} has no heading with id \"{a}\""),
                    hint,
                ))
            }
        }
    }
}
