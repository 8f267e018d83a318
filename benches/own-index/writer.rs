//! A prototype of a search index of guidegen's own, to weigh against
//! Pagefind's with numbers (benches/README.md, "An index of our own,
//! prototyped"). guidegen does not use it.
//!
//! It reads the text Pagefind indexed for one edition of a built site (the
//! fragments of the edition's main bundle and of every bundle of the same
//! language its `pagefind/guidegen.json` merges: body and metadata), so
//! both indexes hold the same words, and writes its own index under
//! `ownindex/` beside that `pagefind/`, for `benches/own-index/reader.js`:
//!
//! - `meta.json.gz`: language, page count, each page's length (one byte,
//!   on a log scale, as Lucene keeps norms) and the table of chunks (first
//!   and last word of each, file name);
//! - `chunk/HASH.bin.gz`: the site's words in order, each with the number
//!   of its stem and the stem's postings (page number as a delta, count),
//!   so a reader finds a word's stem without a stemmer of its own;
//! - `fragment/N.json.gz`: a page's URL, metadata and text, for its result;
//! - `filter/KEY.json.gz`: the pages of each value of one facet (as
//!   deltas), fetched only when a search filters on it or the facets show.
//!
//! Words are runs of letters and digits in English; in other languages
//! ICU's word segmenter finds them (with dictionaries for Chinese and
//! Japanese, as in Pagefind), which the reader's `Intl.Segmenter` matches.
//! On both sides marks are dropped (`é` is `e`, Arabic vowel signs go) and
//! letters lower-cased; Pagefind's stemmers stem English and Arabic.
//!
//! What Pagefind does and this does not: word positions (Pagefind stores
//! every position, for its excerpts; here the reader finds the words in the
//! fragment's text), heading weights, compound words split at hyphens,
//! stemming a query word that is not in the site.
//!
//! Usage: `cargo run --release --example own-index -- EDITION_OUTPUT`, the
//! folder that holds the edition's `pagefind/` (a built site, or its `zh/`).

use flate2::{read::GzDecoder, write::GzEncoder, Compression};
use icu_segmenter::WordSegmenter;
use pagefind_stem::{Algorithm, Stemmer};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A chunk closes once its encoded words reach this many bytes (before
/// gzip); a word larger than that has a chunk of its own.
const CHUNK_BYTES: usize = 16 * 1024;

/// The gzip level of every file (Pagefind's is 9).
const GZIP_LEVEL: u32 = 6;

struct Page {
    url: String,
    /// The metadata fields (title, kind, pillar, regions …), shown with
    /// the page's result; Pagefind indexes their words too.
    meta: serde_json::Map<String, Value>,
    text: String,
    filters: BTreeMap<String, Vec<String>>,
}

fn main() -> anyhow::Result<()> {
    let site = PathBuf::from(std::env::args().nth(1).ok_or_else(|| {
        anyhow::anyhow!("usage: own-index EDITION_OUTPUT (the folder holding pagefind/)")
    })?);
    let started = Instant::now();
    let (language, pages) = read_pages(&site)?;
    let read = started.elapsed();

    let started = Instant::now();
    let index = invert(&pages, &language);
    let inverted = started.elapsed();

    let started = Instant::now();
    let files = encode(&pages, &index, &language);
    let encoded = started.elapsed();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

    // guidegen writes a site's files itself: writing is timed apart.
    let out = site.join("ownindex");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let started = Instant::now();
    for (name, contents) in &files {
        let path = out.join(name);
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))?;
        std::fs::write(path, contents)?;
    }
    let written = started.elapsed();
    println!(
        "{language}: {} pages, {} words, {} stems; read fragments {} ms, invert {} ms, encode + gzip {} ms, write {} ms; {} files, {} bytes",
        pages.len(),
        index.stem_of.len(),
        index.postings.len(),
        read.as_millis(),
        inverted.as_millis(),
        encoded.as_millis(),
        written.as_millis(),
        files.len(),
        bytes
    );
    Ok(())
}

/// The edition's language and the pages Pagefind indexed in it, by URL.
fn read_pages(site: &Path) -> anyhow::Result<(String, Vec<Page>)> {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(site.join("pagefind/guidegen.json"))?)?;
    let language = manifest["language"].as_str().unwrap_or("en").to_owned();
    let mut bundles = vec![site.join("pagefind")];
    for extra in manifest["merge"].as_array().into_iter().flatten() {
        // Other languages' bundles hold pages a second time; skip them.
        if extra["language"].as_str() == Some(&language) {
            // A URL path: its last part is the bundle's folder, beside pagefind/.
            let path = extra["path"].as_str().unwrap_or_default().trim_matches('/');
            bundles.push(site.join(path.rsplit('/').next().unwrap_or(path)));
        }
    }
    let mut paths = Vec::new();
    for bundle in bundles {
        for entry in std::fs::read_dir(bundle.join("fragment"))? {
            paths.push(entry?.path());
        }
    }
    let mut pages = paths
        .par_iter()
        .map(|path| read_fragment(path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    Ok((language, pages))
}

fn read_fragment(path: &Path) -> anyhow::Result<Page> {
    let mut raw = Vec::new();
    GzDecoder::new(std::fs::File::open(path)?).read_to_end(&mut raw)?;
    let json = raw.strip_prefix(b"pagefind_dcd").unwrap_or(&raw);
    let fragment: Value = serde_json::from_slice(json)?;
    let filters = fragment["filters"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, values)| {
            let values = values.as_array().into_iter().flatten();
            let values = values
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            (name.clone(), values)
        })
        .collect();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    Ok(Page {
        url: text(&fragment["url"]),
        meta: fragment["meta"].as_object().cloned().unwrap_or_default(),
        text: text(&fragment["content"]),
        filters,
    })
}

/// The inverted index: each stem's pages with counts (stems numbered in
/// order), each word of the site with its stem's number, and each page's
/// length in words.
struct Index {
    postings: Vec<Vec<(u32, u32)>>,
    stem_of: BTreeMap<String, usize>,
    lengths: Vec<u32>,
}

/// The words of a text as written: runs of letters and digits in English,
/// ICU's word segments otherwise.
fn words<'t>(text: &'t str, language: &str) -> Vec<&'t str> {
    if language == "en" {
        return text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
    }
    let segmenter = WordSegmenter::new_dictionary(Default::default());
    let mut start = 0;
    let mut found = Vec::new();
    for (end, kind) in segmenter.segment_str(text).iter_with_word_type() {
        if kind.is_word_like() {
            found.push(&text[start..end]);
        }
        start = end;
    }
    found
}

/// A word as it is indexed and looked up: without marks, lower-cased.
fn folded(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let bare: String = word.nfd().filter(|c| !is_combining_mark(*c)).collect();
    bare.nfc().collect::<String>().to_lowercase()
}

fn stemmer(language: &str) -> Option<Stemmer> {
    match language {
        "en" => Some(Stemmer::create(Algorithm::English)),
        "ar" => Some(Stemmer::create(Algorithm::Arabic)),
        _ => None,
    }
}

fn invert(pages: &[Page], language: &str) -> Index {
    // Each page's words counted on every core, then each distinct word of
    // the site stemmed once.
    let counted: Vec<(HashMap<String, u32>, u32)> = pages
        .par_iter()
        .map(|page| {
            // Counted as written, then folded once per distinct word.
            let mut written: HashMap<&str, u32> = HashMap::new();
            let mut length = 0;
            let fields = page.meta.values().filter_map(Value::as_str);
            let meta = fields.flat_map(|value| words(value, language));
            for word in meta.chain(words(&page.text, language)) {
                *written.entry(word).or_insert(0) += 1;
                length += 1;
            }
            let mut counts: HashMap<String, u32> = HashMap::with_capacity(written.len());
            for (word, count) in written {
                *counts.entry(folded(word)).or_insert(0) += count;
            }
            (counts, length)
        })
        .collect();
    let vocabulary: HashSet<&str> = counted
        .iter()
        .flat_map(|(counts, _)| counts.keys().map(String::as_str))
        .collect();
    let vocabulary: Vec<&str> = vocabulary.into_iter().collect();
    let stemmer = stemmer(language);
    let stemmed: Vec<(&str, String)> = vocabulary
        .par_iter()
        .map(|word| {
            let stem = stemmer.as_ref().map_or((*word).into(), |s| s.stem(word));
            (*word, stem.into_owned())
        })
        .collect();
    // Stems numbered in order, and each word's stem number.
    let stems: BTreeSet<&str> = stemmed.iter().map(|(_, stem)| stem.as_str()).collect();
    let number: HashMap<&str, usize> = stems.iter().enumerate().map(|(n, s)| (*s, n)).collect();
    let stem_of: HashMap<&str, usize> = stemmed
        .iter()
        .map(|(word, stem)| (*word, number[stem.as_str()]))
        .collect();
    let mut postings: Vec<Vec<(u32, u32)>> = vec![Vec::new(); stems.len()];
    let mut lengths = Vec::with_capacity(pages.len());
    for (page, (counts, length)) in counted.iter().enumerate() {
        let page = page as u32;
        for (word, count) in counts {
            let list = &mut postings[stem_of[word.as_str()]];
            // Several words of one page can share a stem.
            match list.last_mut() {
                Some((last, total)) if *last == page => *total += count,
                _ => list.push((page, *count)),
            }
        }
        lengths.push(*length);
    }
    let stem_of = stem_of.iter().map(|(w, n)| ((*w).to_owned(), *n)).collect();
    Index {
        postings,
        stem_of,
        lengths,
    }
}

fn varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn string(out: &mut Vec<u8>, text: &str) {
    varint(out, text.len() as u32);
    out.extend_from_slice(text.as_bytes());
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(GZIP_LEVEL));
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// A page's length on a log scale in one byte: within about 9%.
fn quantized(length: u32) -> u8 {
    (8.0 * f64::from(length + 1).log2()).round().min(255.0) as u8
}

/// Every file of the index: (path under `ownindex/`, gzipped contents).
fn encode(pages: &[Page], index: &Index, language: &str) -> Vec<(String, Vec<u8>)> {
    // Chunks: the site's words in order, closed at CHUNK_BYTES; a stem's
    // postings are written with each of its words.
    let mut chunks: Vec<(String, String, Vec<u8>)> = Vec::new();
    let mut current: Option<(String, String, Vec<u8>)> = None;
    for (word, &stem) in &index.stem_of {
        let (_, last, bytes) =
            current.get_or_insert_with(|| (word.clone(), word.clone(), Vec::new()));
        last.clone_from(word);
        string(bytes, word);
        varint(bytes, stem as u32);
        let list = &index.postings[stem];
        varint(bytes, list.len() as u32);
        let mut previous = 0;
        for &(page, count) in list {
            varint(bytes, page - previous);
            varint(bytes, count);
            previous = page;
        }
        if bytes.len() >= CHUNK_BYTES {
            chunks.extend(current.take());
        }
    }
    chunks.extend(current);

    let mut files: Vec<(String, Vec<u8>)> = chunks
        .par_iter()
        .map(|(_, _, bytes)| {
            let mut hasher = DefaultHasher::new();
            bytes.hash(&mut hasher);
            (
                format!("chunk/{:016x}.bin.gz", hasher.finish()),
                gzip(bytes),
            )
        })
        .collect();
    let table: Vec<Value> = chunks
        .iter()
        .zip(&files)
        .map(|((first, last, _), (name, _))| json!([first, last, name]))
        .collect();
    let lengths: Vec<u8> = index.lengths.iter().map(|&l| quantized(l)).collect();
    let average = index.lengths.iter().map(|&l| f64::from(l)).sum::<f64>()
        / index.lengths.len().max(1) as f64;
    // Each facet's values and their pages, in order, as deltas (with the
    // page before the next delta).
    type Deltas = (usize, Vec<usize>);
    let mut filters: BTreeMap<&str, BTreeMap<&str, Deltas>> = BTreeMap::new();
    for (number, page) in pages.iter().enumerate() {
        for (name, values) in &page.filters {
            for value in values {
                let (before, deltas) = filters.entry(name).or_default().entry(value).or_default();
                deltas.push(number - *before);
                *before = number;
            }
        }
    }
    for (key, values) in &filters {
        let deltas: BTreeMap<&str, &Vec<usize>> =
            values.iter().map(|(v, (_, d))| (*v, d)).collect();
        let json = serde_json::to_string(&deltas).expect("JSON");
        files.push((format!("filter/{key}.json.gz"), gzip(json.as_bytes())));
    }
    let meta = json!({
        "language": language,
        "filters": filters.keys().collect::<Vec<_>>(),
        "pages": pages.len(),
        "averageLength": average,
        "lengths": base64(&lengths),
        "chunks": table,
    });
    files.push(("meta.json.gz".into(), gzip(meta.to_string().as_bytes())));

    files.par_extend(pages.par_iter().enumerate().map(|(number, page)| {
        let fragment = json!({"url": page.url, "meta": page.meta, "text": page.text});
        (
            format!("fragment/{number}.json.gz"),
            gzip(fragment.to_string().as_bytes()),
        )
    }));

    files
}

fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
