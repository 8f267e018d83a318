//! packed: text held LZ4-compressed in memory.
//!
//! A one-shot build keeps every rendered document until the last page that
//! embeds it is written (a region's print page embeds all its playbooks).
//! On a site of 100,000 playbooks that is gigabytes of HTML; LZ4 about
//! halves it and unpacks a document in microseconds (benches/README.md).

use std::borrow::Cow;

/// A text, compressed.
#[derive(Clone)]
pub struct Packed(Box<[u8]>);

impl Packed {
    pub fn new(text: &str) -> Self {
        Packed(lz4_flex::compress_prepend_size(text.as_bytes()).into_boxed_slice())
    }

    /// The text, as it was given to `new`.
    pub fn unpack(&self) -> String {
        // Only `new` and `from_packed` (which checks) make a `Packed`, so
        // the bytes are always a valid block of UTF-8 text: neither step
        // can fail.
        let bytes = lz4_flex::decompress_size_prepended(&self.0)
            .expect("a Packed holds an LZ4 block made by Packed::new");
        String::from_utf8(bytes).expect("a Packed holds text")
    }

    /// The compressed bytes: the same for the same text.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The `Packed` whose `as_bytes` were `bytes` (kept in a build cache),
    /// or `None` when they are not a whole packed text.
    pub fn from_packed(bytes: Vec<u8>) -> Option<Self> {
        let text = lz4_flex::decompress_size_prepended(&bytes).ok()?;
        std::str::from_utf8(&text).ok()?;
        Some(Packed(bytes.into_boxed_slice()))
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Packed({} bytes)", self.0.len())
    }
}

/// A text kept as it is, or packed once nothing will change it.
#[derive(Clone, Debug)]
pub enum Text {
    Plain(String),
    Packed(Packed),
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(String::new())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Plain(text)
    }
}

impl Text {
    /// The text: borrowed when plain, unpacked into a new string when packed.
    pub fn get(&self) -> Cow<'_, str> {
        match self {
            Text::Plain(text) => Cow::Borrowed(text),
            Text::Packed(packed) => Cow::Owned(packed.unpack()),
        }
    }

    /// A hash that changes whenever the text does; of a packed text, of its
    /// packed bytes, which tell texts apart without unpacking them.
    pub fn fingerprint(&self) -> u64 {
        match self {
            Text::Plain(text) => crate::base::fingerprint::key(&[b"plain", text.as_bytes()]),
            Text::Packed(packed) => crate::base::fingerprint::key(&[b"packed", packed.as_bytes()]),
        }
    }

    /// Compresses the text in place.
    pub fn pack(&mut self) {
        if let Text::Plain(text) = self {
            *self = Text::Packed(Packed::new(text));
        }
    }
}

/// Serialized as the text (a template context holds documents as strings).
impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_text_unpacks_to_the_same_text() {
        let html = "<p>Données résidentes — 数据驻留 — إقامة البيانات</p>\n".repeat(300);
        let packed = Packed::new(&html);
        assert_eq!(packed.unpack(), html);
        assert!(packed.as_bytes().len() * 5 < html.len());
        assert_eq!(Packed::new("").unpack(), "");

        let mut text = Text::from(html.clone());
        assert!(matches!(text.get(), Cow::Borrowed(_)));
        text.pack();
        assert!(matches!(text, Text::Packed(_)));
        assert_eq!(text.get(), html);
    }

    #[test]
    fn a_fingerprint_changes_with_the_text_packed_or_not() {
        let packed = |s: &str| {
            let mut text = Text::from(s.to_string());
            text.pack();
            text.fingerprint()
        };
        let plain = |s: &str| Text::from(s.to_string()).fingerprint();
        assert_eq!(packed("数据驻留"), packed("数据驻留"));
        assert_ne!(packed("数据驻留"), packed("数据驻留."));
        assert_eq!(plain("residency"), plain("residency"));
        assert_ne!(plain("residency"), plain("Residency"));
    }

    #[test]
    fn packed_bytes_come_back_only_when_whole() {
        let packed = Packed::new("数据驻留 data residency");
        let again = Packed::from_packed(packed.as_bytes().to_vec()).unwrap();
        assert_eq!(again.unpack(), "数据驻留 data residency");
        let bytes = packed.as_bytes();
        assert!(Packed::from_packed(bytes[..bytes.len() - 1].to_vec()).is_none());
        let not_text = lz4_flex::compress_prepend_size(&[0xff, 0xfe]);
        assert!(Packed::from_packed(not_text).is_none());
    }
}
