//! words: how the index and the reader's script split text into words and
//! fold them, so that both find the same words. Text is split where ICU's
//! word segmenter splits it (with dictionaries for Chinese and Japanese;
//! the reader uses `Intl.Segmenter`, which is ICU too), then at anything
//! that is not a letter, digit or mark; a word is folded to lower case
//! without its marks (`É` is `e`, Arabic vowel signs go). Stems are found
//! here only: each word of the index carries its stem, so the reader needs
//! no stemmer.

use icu_segmenter::WordSegmenter;
use pagefind_stem::{Algorithm, Stemmer};
use std::borrow::Cow;

/// Whether `c` belongs to a word: a letter, a digit or a mark (the
/// reader's `[\p{Alphabetic}\p{N}\p{M}]`).
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Calls `found` with each word of `text` and where it starts.
pub(super) fn each_word<'t>(text: &'t str, mut found: impl FnMut(usize, &'t str)) {
    let mut split = |start: usize, segment: &'t str| {
        let mut from = None;
        for (i, c) in segment.char_indices() {
            match (in_word(c), from) {
                (true, None) => from = Some(i),
                (false, Some(f)) => {
                    found(start + f, &segment[f..i]);
                    from = None;
                }
                _ => {}
            }
        }
        if let Some(f) = from {
            found(start + f, &segment[f..]);
        }
    };
    // ICU's word-like segments of ASCII text, split at anything but letters
    // and digits, are its runs of letters and digits: no segmenter needed.
    if text.is_ascii() {
        return split(0, text);
    }
    let segmenter = WordSegmenter::new_dictionary(Default::default());
    let mut start = 0;
    for (end, kind) in segmenter.segment_str(text).iter_with_word_type() {
        if kind.is_word_like() {
            split(start, &text[start..end]);
        }
        start = end;
    }
}

/// A word as the index keeps it and the reader looks it up: lower-cased,
/// without marks.
pub(super) fn folded(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(word.to_ascii_lowercase());
        }
        return Cow::Borrowed(word);
    }
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let bare: String = word.nfd().filter(|c| !is_combining_mark(*c)).collect();
    Cow::Owned(bare.nfc().collect::<String>().to_lowercase())
}

/// Finds the stems of folded words: each by the stemmer of its script,
/// Latin words by the edition's language's when it has one (English's
/// otherwise), Chinese and Japanese words not at all.
pub(super) struct Stems {
    latin: Stemmer,
    arabic: Stemmer,
    cyrillic: Stemmer,
    greek: Stemmer,
}

impl Stems {
    pub(super) fn for_language(language: &str) -> Self {
        let latin = match language.split('-').next().unwrap_or(language) {
            "da" => Algorithm::Danish,
            "de" => Algorithm::German,
            "es" => Algorithm::Spanish,
            "fi" => Algorithm::Finnish,
            "fr" => Algorithm::French,
            "hu" => Algorithm::Hungarian,
            "it" => Algorithm::Italian,
            "nl" => Algorithm::Dutch,
            "no" | "nb" | "nn" => Algorithm::Norwegian,
            "pt" => Algorithm::Portuguese,
            "ro" => Algorithm::Romanian,
            "sv" => Algorithm::Swedish,
            "tr" => Algorithm::Turkish,
            // Languages of other scripts, and those without a stemmer:
            // their Latin words are most likely English.
            _ => Algorithm::English,
        };
        Stems {
            latin: Stemmer::create(latin),
            arabic: Stemmer::create(Algorithm::Arabic),
            cyrillic: Stemmer::create(Algorithm::Russian),
            greek: Stemmer::create(Algorithm::Greek),
        }
    }

    /// The stem of a folded word.
    pub(super) fn stem<'w>(&self, word: &'w str) -> Cow<'w, str> {
        let Some(first) = word.chars().find(|c| c.is_alphabetic()) else {
            return Cow::Borrowed(word);
        };
        let stemmer = match first as u32 {
            0..=0x024F => Some(&self.latin),
            0x0370..=0x03FF => Some(&self.greek),
            0x0400..=0x04FF => Some(&self.cyrillic),
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                Some(&self.arabic)
            }
            _ => None,
        };
        stemmer.map_or(Cow::Borrowed(word), |s| s.stem(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        each_word(text, |_, w| found.push(w));
        found
    }

    #[test]
    fn text_splits_into_words_in_every_script() {
        assert_eq!(
            words("SAMA's rules, v3.5 (e.g. data_residency)"),
            [
                "SAMA",
                "s",
                "rules",
                "v3",
                "5",
                "e",
                "g",
                "data",
                "residency"
            ]
        );
        // The same words whether the segmenter runs or not.
        assert_eq!(
            words("SAMA's rules — v3.5"),
            ["SAMA", "s", "rules", "v3", "5"]
        );
        assert_eq!(words("数据要求。"), ["数据", "要求"]);
        assert_eq!(words("متطلبات الإقامة"), ["متطلبات", "الإقامة"]);
        let mut at = Vec::new();
        each_word("a — 数据", |i, _| at.push(i));
        assert_eq!(at, [0, 6]);
    }

    #[test]
    fn words_fold_to_lower_case_without_marks() {
        assert_eq!(folded("Résidence"), "residence");
        assert_eq!(folded("KSA"), "ksa");
        assert_eq!(folded("البيانات"), "البيانات");
        assert_eq!(folded("بَيَانَات"), "بيانات");
    }

    #[test]
    fn each_script_has_its_stemmer() {
        let stems = Stems::for_language("en");
        assert_eq!(stems.stem("encryption"), stems.stem("encrypted"));
        assert_eq!(stems.stem("合规"), "合规");
        assert_ne!(stems.stem("والبيانات"), "والبيانات");
        let french = Stems::for_language("fr");
        assert_eq!(french.stem("données"), french.stem("donnée"));
    }
}
