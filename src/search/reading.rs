//! reading: what the index reads of one page — its words counted (heading
//! words by their weight), its length in words, and the fragment shown
//! with its result — in one compact run of bytes. A page is read once,
//! as it is written; the index then only gathers readings, and
//! `build --cache` keeps them, so an edit reads one page again, not all.
//!
//! The bytes: the length, the number of words, each word (folded, in
//! order) with its count, then the gzipped fragment; numbers as varints.

use super::text::page_text;
use super::words::{each_word, folded};
use super::SearchEntry;
use flate2::{write::GzEncoder, Compression};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Write;

/// The gzip level of every file of the index: level 9 takes twice as long
/// for 1–2% fewer bytes.
const GZIP_LEVEL: u32 = 6;

/// A page as the index reads it, encoded (the module's doc). Only `of` and
/// `from_bytes` (which checks) make one, so its bytes always decode.
#[derive(Clone)]
pub(super) struct Reading(Box<[u8]>);

impl Reading {
    /// The reading of a page at `url` whose cut down HTML is `html`.
    pub(super) fn of(html: &str, url: &str, entry: &SearchEntry) -> Self {
        let text = page_text(html);
        let mut written: HashMap<&str, u32> = HashMap::new();
        let mut length = 0u32;
        let mut heading = text.weighted.iter().peekable();
        each_word(&text.text, |at, word| {
            while heading.next_if(|(range, _)| range.end <= at).is_some() {}
            let weight = heading
                .peek()
                .filter(|(range, _)| range.start <= at)
                .map_or(1, |(_, weight)| *weight);
            *written.entry(word).or_insert(0) += weight;
            length += 1;
        });
        for (_, value) in &entry.meta {
            each_word(value, |_, word| {
                *written.entry(word).or_insert(0) += 1;
                length += 1;
            });
        }
        let mut counts: HashMap<String, u32> = HashMap::with_capacity(written.len());
        for (word, count) in written {
            *counts.entry(folded(word).into_owned()).or_insert(0) += count;
        }
        let mut counts: Vec<(String, u32)> = counts.into_iter().collect();
        counts.sort_unstable();
        let meta: serde_json::Map<String, Value> = entry
            .meta
            .iter()
            .map(|(key, value)| ((*key).to_owned(), Value::from(value.as_str())))
            .collect();
        let fragment = json!({"url": url, "meta": meta, "text": text.text});
        let fragment = gzip(fragment.to_string().as_bytes());

        let mut bytes = Vec::with_capacity(fragment.len() + counts.len() * 10 + 16);
        varint(&mut bytes, length);
        varint(&mut bytes, counts.len() as u32);
        for (word, count) in &counts {
            varint(&mut bytes, word.len() as u32);
            bytes.extend_from_slice(word.as_bytes());
            varint(&mut bytes, *count);
        }
        bytes.extend_from_slice(&fragment);
        Reading(bytes.into_boxed_slice())
    }

    /// The reading whose `as_bytes` were `bytes` (kept in a build cache),
    /// or `None` when they are not a whole reading.
    pub(super) fn from_bytes(bytes: Vec<u8>) -> Option<Self> {
        let decoded = Decoded::of(&bytes)?;
        let mut words = decoded.words();
        for _ in 0..decoded.word_count {
            words.next()?;
        }
        let fragment = &bytes[words.at..];
        // Every fragment starts with gzip's magic bytes.
        if !fragment.starts_with(&[0x1f, 0x8b]) {
            return None;
        }
        Some(Reading(bytes.into_boxed_slice()))
    }

    /// The encoded bytes: the same for the same page.
    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The page's length in words.
    pub(super) fn length(&self) -> u32 {
        self.decoded().length
    }

    /// The page's words, folded and in order, each with its count.
    pub(super) fn words(&self) -> Words<'_> {
        self.decoded().words()
    }

    /// The page's fragment, gzipped.
    pub(super) fn fragment(&self) -> &[u8] {
        let decoded = self.decoded();
        let mut words = decoded.words();
        for _ in 0..decoded.word_count {
            words.next();
        }
        &self.0[words.at..]
    }

    fn decoded(&self) -> Decoded<'_> {
        Decoded::of(&self.0).expect("a Reading is checked when it is made")
    }
}

impl std::fmt::Debug for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Reading({} bytes)", self.0.len())
    }
}

/// A reading's header, and where its words begin.
struct Decoded<'a> {
    bytes: &'a [u8],
    length: u32,
    word_count: u32,
    words_at: usize,
}

impl<'a> Decoded<'a> {
    fn of(bytes: &'a [u8]) -> Option<Self> {
        let mut at = 0;
        let length = read_varint(bytes, &mut at)?;
        let word_count = read_varint(bytes, &mut at)?;
        Some(Decoded {
            bytes,
            length,
            word_count,
            words_at: at,
        })
    }

    fn words(&self) -> Words<'a> {
        Words {
            bytes: self.bytes,
            at: self.words_at,
            left: self.word_count,
        }
    }
}

/// The words of a reading with their counts.
pub(super) struct Words<'a> {
    bytes: &'a [u8],
    at: usize,
    left: u32,
}

impl<'a> Iterator for Words<'a> {
    type Item = (&'a str, u32);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        let len = read_varint(self.bytes, &mut self.at)? as usize;
        let word = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        let word = std::str::from_utf8(word).ok()?;
        self.at += len;
        let count = read_varint(self.bytes, &mut self.at)?;
        self.left -= 1;
        Some((word, count))
    }
}

pub(super) fn varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(GZIP_LEVEL));
    // Writing into memory cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> SearchEntry {
        SearchEntry {
            meta: vec![("title", "Data Residency".into())],
            filters: vec![("region", "KSA".into())],
        }
    }

    #[test]
    fn a_page_reads_as_its_words_counted_and_its_fragment() {
        let html =
            "<main data-pagefind-body><h2>Residency</h2><p>Data stays; data moves.</p></main>";
        let reading = Reading::of(html, "/a/", &entry());
        let words: Vec<(&str, u32)> = reading.words().collect();
        // In order; "Data" folded into "data", the title's words counted
        // once each, the heading's word by an h2's weight (6) plus one.
        assert_eq!(
            words,
            [("data", 3), ("moves", 1), ("residency", 7), ("stays", 1)]
        );
        assert_eq!(reading.length(), 7);
        let mut fragment = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(reading.fragment()),
            &mut fragment,
        )
        .unwrap();
        let fragment: Value = serde_json::from_str(&fragment).unwrap();
        assert_eq!(fragment["url"], "/a/");
        assert_eq!(fragment["meta"]["title"], "Data Residency");
        assert_eq!(fragment["text"], "Residency Data stays; data moves.");
        // The same page, the same bytes.
        assert_eq!(
            Reading::of(html, "/a/", &entry()).as_bytes(),
            reading.as_bytes()
        );
    }

    #[test]
    fn only_whole_readings_come_back_from_bytes() {
        let reading = Reading::of("<p>Quota rules, 数据要求.</p>", "/q/", &entry());
        let bytes = reading.as_bytes().to_vec();
        let back = Reading::from_bytes(bytes.clone()).unwrap();
        assert_eq!(back.as_bytes(), reading.as_bytes());
        assert!(back.words().any(|(word, _)| word == "要求"));
        // Cut short, a word's bytes not UTF-8, or no fragment: refused.
        assert!(Reading::from_bytes(bytes[..5].to_vec()).is_none());
        assert!(Reading::from_bytes(Vec::new()).is_none());
        let mut broken = bytes.clone();
        let at = broken.windows(2).position(|w| w == b"qu").unwrap();
        broken[at] = 0xff;
        assert!(Reading::from_bytes(broken).is_none());
        let fragment_at = bytes.len() - reading.fragment().len();
        assert!(Reading::from_bytes(bytes[..fragment_at].to_vec()).is_none());
        assert!(Reading::from_bytes(vec![0xff; 8]).is_none());
    }
}
