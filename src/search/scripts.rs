//! scripts: which scripts other than the page's own language a page
//! contains (Chinese, Japanese, Arabic), so that it is also indexed under
//! that language, and the page's HTML re-declared in it.

/// Languages that get a bundle of their own when their script appears in a
/// page of another language.
pub(super) fn scripts_in<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
    let (mut han, mut kana, mut arabic) = (false, false, false);
    for text in texts {
        let mut at = 0;
        while let Some(i) = next_lead_of_script(text.as_bytes(), at) {
            // A byte of 0xD8 or more is never a continuation byte, so `i`
            // starts a character.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            match c as u32 {
                0x3040..=0x30FF => kana = true,
                0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => han = true,
                0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
                    arabic = true
                }
                _ => {}
            }
            at = i + c.len_utf8();
        }
    }
    let mut langs = Vec::new();
    if kana {
        langs.push("ja");
    } else if han {
        langs.push("zh");
    }
    if arabic {
        langs.push("ar");
    }
    langs
}

/// The first byte at or after `from` that can start a character of the
/// scripts `scripts_in` looks for: all are at U+0600 or above, so their
/// UTF-8 encoding starts with 0xD8 or more. ASCII and Latin text (most of a
/// page) is skipped 32 bytes at a time, in a loop the compiler vectorises.
fn next_lead_of_script(bytes: &[u8], from: usize) -> Option<usize> {
    const LEAD: u8 = 0xD8;
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(32);
    let mut offset = from;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &b| any | (b >= LEAD)) {
            return chunk.iter().position(|&b| b >= LEAD).map(|i| offset + i);
        }
        offset += 32;
    }
    let tail = chunks.remainder();
    tail.iter().position(|&b| b >= LEAD).map(|i| offset + i)
}

/// The same page declared in another language.
pub(super) fn with_language(html: &str, lang: &str) -> String {
    let Some(start) = html.find("<html") else {
        return html.to_string();
    };
    let end = html[start..].find('>').map_or(html.len(), |i| start + i);
    let tag = &html[start..end];
    let new_tag = match tag.find(" lang=\"") {
        Some(i) => {
            let value_start = i + 7;
            let value_end = tag[value_start..]
                .find('"')
                .map_or(tag.len(), |j| value_start + j);
            format!("{}{lang}{}", &tag[..value_start], &tag[value_end..])
        }
        None => format!("<html lang=\"{lang}\"{}", &tag[5..]),
    };
    format!("{}{new_tag}{}", &html[..start], &html[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_detected() {
        assert_eq!(scripts_in(["hello"]), Vec::<&str>::new());
        assert_eq!(scripts_in(["合规"]), ["zh"]);
        assert_eq!(scripts_in(["カタカナと漢字"]), ["ja"]);
        assert_eq!(scripts_in(["الرياض and ", "北京"]), ["zh", "ar"]);
        // Past the first chunks of ASCII, and beside other non-ASCII text
        // (typographic punctuation, accents, Cyrillic) that is not looked for.
        let latin = "Riyadh — “the capital” — Zürich, Москва. ".repeat(7);
        assert_eq!(scripts_in([latin.as_str()]), Vec::<&str>::new());
        for (word, lang) in [
            ("東京", "zh"),
            ("ひらがな", "ja"),
            ("جدة", "ar"),
            ("ﷲ", "ar"),
        ] {
            for at in [0, 30, 31, 32, 33, 34, latin.len()] {
                let at = (0..=at).rev().find(|&i| latin.is_char_boundary(i)).unwrap();
                let text = format!("{}{word}{}", &latin[..at], &latin[at..]);
                assert_eq!(scripts_in([text.as_str()]), [lang], "{word} at {at}");
            }
        }
        assert_eq!(
            with_language("<html lang=\"en\" dir=\"ltr\"><body>", "zh"),
            "<html lang=\"zh\" dir=\"ltr\"><body>"
        );
    }
}
