//! fingerprint: one stable hash of several byte strings, used wherever a
//! value must change exactly when its inputs do (memo keys, template sets,
//! the set of link targets).

use std::hash::{DefaultHasher, Hash, Hasher};

/// A hash of several byte strings (length-prefixed, so no two lists collide
/// by concatenation).
pub fn key(parts: &[&[u8]]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        part.len().hash(&mut hasher);
        part.hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_length_prefixed() {
        assert_eq!(key(&[b"ab", b"c"]), key(&[b"ab", b"c"]));
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
    }
}
