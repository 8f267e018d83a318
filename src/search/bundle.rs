//! bundle: the files of one language edition's search index, read by the
//! script `reader.js` (written as the bundle's `pagefind.js`). Every file
//! but the script is gzipped, under a name of its own kind (`.gg_…`, so
//! that no server sends it as `Content-Encoding: gzip`):
//!
//! - `index.gg_meta`: the language, each page's length in words in one
//!   byte (on a log scale, as Lucene keeps norms), the table of word
//!   chunks (first word, last word, file), the facets' files and the
//!   folder of the pages' fragments. 7 KB at 10,000 pages: all a first
//!   search needs besides the chunks of its words.
//! - `chunk/HASH.gg_chunk`: the site's words in order, about 16 KB of them
//!   a chunk before gzip. Each word carries its stem's number and that
//!   stem's pages (as deltas) with their counts, heading words counted
//!   more: the reader finds a word's stem without a stemmer of its own.
//! - `fragment/N.gg_page`: page N's URL, metadata and text, fetched for
//!   the results shown (the reader cuts the excerpt from the text); an
//!   edit changes only its page's file.
//! - `filter/KEY-HASH.gg_filter`: the pages of each value of one facet, as
//!   deltas, fetched when a search filters on it or the facets show.
//!
//! Chunks and facets are named by a hash of their contents, so a browser's
//! cached copy is never stale; fragments are asked for with a hash of all
//! of them in the query (`?v=`), and `index.gg_meta` afresh every time.

use super::reading::{gzip, varint};
use super::words::Stems;
use super::IndexedPage;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A chunk closes once its encoded words reach this many bytes (before
/// gzip); a word with more postings than that has a chunk of its own.
const CHUNK_BYTES: usize = 16 * 1024;

/// The script that searches the bundle, with Pagefind's API.
const READER: &str = include_str!("reader.js");

/// Each stem's pages with their counts (stems numbered in order), each
/// word of the site with its stem's number.
struct Inverted {
    postings: Vec<Vec<(u32, u32)>>,
    stem_of: BTreeMap<String, usize>,
}

fn invert(pages: &[IndexedPage], language: &str) -> Inverted {
    // Each word's pages, in page order, from one pass over every page.
    let mut by_word: HashMap<&str, Vec<(u32, u32)>> = HashMap::new();
    for (number, page) in pages.iter().enumerate() {
        for (word, count) in page.reading.words() {
            by_word
                .entry(word)
                .or_default()
                .push((number as u32, count));
        }
    }
    let mut words: Vec<(&str, Vec<(u32, u32)>)> = by_word.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let stems = Stems::for_language(language);
    let stemmed: Vec<String> = words
        .par_iter()
        .map(|(word, _)| stems.stem(word).into_owned())
        .collect();
    let numbers: BTreeMap<&str, usize> = stemmed
        .iter()
        .map(String::as_str)
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .enumerate()
        .map(|(n, stem)| (stem, n))
        .collect();
    let mut postings: Vec<Vec<(u32, u32)>> = vec![Vec::new(); numbers.len()];
    let mut stem_of = BTreeMap::new();
    for ((word, pages), stem) in words.into_iter().zip(&stemmed) {
        let number = numbers[stem.as_str()];
        stem_of.insert(word.to_owned(), number);
        postings[number].extend(pages);
    }
    // A stem of several words: its pages in order, a page's counts added.
    for list in &mut postings {
        if list.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
            list.sort_unstable_by_key(|(page, _)| *page);
            list.dedup_by(|next, kept| {
                let same = next.0 == kept.0;
                if same {
                    kept.1 += next.1;
                }
                same
            });
        }
    }
    Inverted { postings, stem_of }
}

fn hash_name(parts: &[&[u8]]) -> String {
    format!("{:016x}", crate::base::fingerprint::key(parts))
}

/// A page's length on a log scale in one byte: within about 9%.
fn quantized(length: u32) -> u8 {
    (8.0 * f64::from(length + 1).log2()).round().min(255.0) as u8
}

/// The word chunks: (first word, last word, encoded words).
fn chunks(index: &Inverted) -> Vec<(String, String, Vec<u8>)> {
    let mut chunks = Vec::new();
    let mut current: Option<(String, String, Vec<u8>)> = None;
    for (word, &stem) in &index.stem_of {
        let (_, last, bytes) =
            current.get_or_insert_with(|| (word.clone(), word.clone(), Vec::new()));
        last.clone_from(word);
        varint(bytes, word.len() as u32);
        bytes.extend_from_slice(word.as_bytes());
        varint(bytes, stem as u32);
        let list = &index.postings[stem];
        varint(bytes, list.len() as u32);
        let mut previous = 0;
        for &(page, count) in list {
            varint(bytes, page - previous);
            // The reader keeps counts in 16 bits.
            varint(bytes, count.min(u32::from(u16::MAX)));
            previous = page;
        }
        if bytes.len() >= CHUNK_BYTES {
            chunks.extend(current.take());
        }
    }
    chunks.extend(current);
    chunks
}

/// Every file of the search index of `pages` (sorted by URL) for an
/// edition in `language`, keyed by its path under the bundle's folder.
pub(super) fn bundle_files(pages: &[IndexedPage], language: &str) -> BTreeMap<String, Vec<u8>> {
    let index = invert(pages, language);
    let chunks = chunks(&index);
    let mut files = BTreeMap::new();
    let chunk_files: Vec<(String, Vec<u8>)> = chunks
        .par_iter()
        .map(|(_, _, bytes)| {
            let name = format!("chunk/{}.gg_chunk", hash_name(&[bytes]));
            (name, gzip(bytes))
        })
        .collect();
    let table: Vec<Value> = chunks
        .iter()
        .zip(&chunk_files)
        .map(|((first, last, _), (name, _))| json!([first, last, name]))
        .collect();
    files.extend(chunk_files);

    let version = {
        let all: Vec<&[u8]> = pages.iter().map(|page| page.reading.fragment()).collect();
        hash_name(&all)
    };
    for (number, page) in pages.iter().enumerate() {
        let fragment = page.reading.fragment().to_vec();
        files.insert(format!("fragment/{number}.gg_page"), fragment);
    }

    // Each facet's values and their pages, in order, as deltas.
    let mut facets: BTreeMap<&str, BTreeMap<&str, (usize, Vec<usize>)>> = BTreeMap::new();
    for (number, page) in pages.iter().enumerate() {
        for (key, value) in &page.entry.filters {
            let values = facets.entry(key).or_default();
            let (before, deltas) = values.entry(value).or_default();
            // A value given twice for one page counts once.
            if deltas.is_empty() || number != *before {
                deltas.push(number - *before);
                *before = number;
            }
        }
    }
    let mut filter_files = serde_json::Map::new();
    for (key, values) in &facets {
        let deltas: BTreeMap<&str, &Vec<usize>> =
            values.iter().map(|(v, (_, d))| (*v, d)).collect();
        let json = serde_json::to_string(&deltas).unwrap_or_default();
        let name = format!("filter/{key}-{}.gg_filter", hash_name(&[json.as_bytes()]));
        filter_files.insert((*key).to_owned(), name.clone().into());
        files.insert(name, gzip(json.as_bytes()));
    }

    let lengths: Vec<u32> = pages.iter().map(|page| page.reading.length()).collect();
    let average = lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / pages.len().max(1) as f64;
    let lengths: Vec<u8> = lengths.into_iter().map(quantized).collect();
    let meta = json!({
        "language": language,
        "pages": pages.len(),
        "averageLength": average,
        "lengths": base64(&lengths),
        "chunks": table,
        "filters": filter_files,
        "fragments": version,
    });
    files.insert("index.gg_meta".into(), gzip(meta.to_string().as_bytes()));
    files.insert("pagefind.js".into(), READER.as_bytes().to_vec());
    files
}

fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= group.len() {
                out.push(DIGITS[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchEntry;
    use flate2::read::GzDecoder;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
        out
    }

    fn page(url: &str, body: &str, regions: &[&str]) -> IndexedPage {
        let html =
            format!("<html lang=\"en\"><body><main data-pagefind-body>{body}</main></body></html>");
        let entry = SearchEntry {
            meta: vec![("title", format!("Title of {url}"))],
            filters: regions
                .iter()
                .map(|r| ("region", (*r).to_owned()))
                .collect(),
        };
        IndexedPage::new(url.into(), &html, entry)
    }

    /// A chunk's word: (word, stem, [(page, count)]).
    type Word = (String, u32, Vec<(u32, u32)>);

    /// Reads a chunk's words.
    fn decoded(bytes: &[u8]) -> Vec<Word> {
        let mut at = 0;
        let varint = |at: &mut usize| {
            let (mut value, mut shift) = (0u32, 0);
            loop {
                let byte = bytes[*at];
                *at += 1;
                value |= u32::from(byte & 0x7f) << shift;
                if byte < 0x80 {
                    return value;
                }
                shift += 7;
            }
        };
        let mut words = Vec::new();
        while at < bytes.len() {
            let length = varint(&mut at) as usize;
            let word = String::from_utf8(bytes[at..at + length].to_vec()).unwrap();
            at += length;
            let stem = varint(&mut at);
            let mut page = 0;
            let postings = (0..varint(&mut at))
                .map(|_| {
                    page += varint(&mut at);
                    (page, varint(&mut at))
                })
                .collect();
            words.push((word, stem, postings));
        }
        words
    }

    fn json(bytes: &[u8]) -> Value {
        serde_json::from_slice(&gunzip(bytes)).unwrap()
    }

    #[test]
    fn words_carry_their_stems_pages_with_heading_words_weighing_more() {
        let pages = [
            page(
                "/a/",
                "<h2>Encryption</h2><p>Keys encrypted at rest.</p>",
                &["KSA"],
            ),
            page(
                "/b/",
                "<p>Encryption in transit; 数据要求.</p>",
                &["KSA", "UAE"],
            ),
        ];
        let files = bundle_files(&pages, "en");
        let meta = json(&files["index.gg_meta"]);
        assert_eq!(meta["pages"], 2);
        let mut words = Vec::new();
        for chunk in meta["chunks"].as_array().unwrap() {
            words.extend(decoded(&gunzip(&files[chunk[2].as_str().unwrap()])));
        }
        let entry = |w: &str| words.iter().find(|(word, ..)| word == w).cloned().unwrap();
        let (_, stem, postings) = entry("encryption");
        // "encrypted" shares the stem and adds to page 0's count: 6 + 1.
        assert_eq!(entry("encrypted").1, stem);
        assert_eq!(postings, [(0, 7), (1, 1)]);
        // Chinese words by the dictionary; metadata words too.
        assert_eq!(entry("要求").2, [(1, 1)]);
        assert_eq!(entry("title").2, [(0, 1), (1, 1)]);
        // Words in order, as the reader's chunk table needs them.
        let order: Vec<&String> = words.iter().map(|(w, ..)| w).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");

        let fragment = json(&files["fragment/1.gg_page"]);
        assert_eq!(meta["fragments"].as_str().unwrap().len(), 16);
        assert_eq!(fragment["url"], "/b/");
        assert_eq!(fragment["meta"]["title"], "Title of /b/");
        assert_eq!(fragment["text"], "Encryption in transit; 数据要求.");

        let region = meta["filters"]["region"].as_str().unwrap();
        assert_eq!(
            json(&files[region]),
            serde_json::json!({"KSA": [0, 1], "UAE": [1]})
        );
        assert!(files.contains_key("pagefind.js"));
        // The same input, the same files.
        assert_eq!(bundle_files(&pages, "en"), files);
    }

    #[test]
    fn lengths_keep_within_a_tenth() {
        for length in [0u32, 1, 7, 100, 760, 5_000, 100_000] {
            let back = 2f64.powf(f64::from(quantized(length)) / 8.0) - 1.0;
            assert!(
                (back - f64::from(length)).abs() <= 0.1 * f64::from(length) + 0.5,
                "{length}"
            );
        }
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
    }
}
