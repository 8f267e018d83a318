//! fingerprint: one stable hash of several byte strings, used wherever a
//! value must change exactly when its inputs do (memo keys, template sets,
//! the set of link targets). Foldhash with a fixed seed: the same value
//! in every run of one build of guidegen, and several times as fast as
//! the standard library's SipHash on a page's context.

use foldhash::quality::{FixedState, FoldHasher};
use std::hash::{BuildHasher, Hash, Hasher};

fn hasher() -> FoldHasher<'static> {
    FixedState::with_seed(0x6775_6964_6567_656e).build_hasher()
}

/// A hash of several byte strings (length-prefixed, so no two lists collide
/// by concatenation).
pub fn key(parts: &[&[u8]]) -> u64 {
    let mut hasher = hasher();
    for part in parts {
        part.len().hash(&mut hasher);
        part.hash(&mut hasher);
    }
    hasher.finish()
}

/// A hash of several byte strings and a JSON value: the value hashed as it
/// is (each part tagged and length-prefixed), not printed first, which
/// matters for a page whose context holds a whole region's documents.
pub fn key_with_json(parts: &[&[u8]], value: &serde_json::Value) -> u64 {
    let mut hasher = hasher();
    for part in parts {
        part.len().hash(&mut hasher);
        part.hash(&mut hasher);
    }
    hash_json(value, &mut hasher);
    hasher.finish()
}

fn hash_json(value: &serde_json::Value, hasher: &mut FoldHasher) {
    use serde_json::Value;
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(b) => (1u8, b).hash(hasher),
        Value::Number(n) => (2u8, n.to_string()).hash(hasher),
        Value::String(s) => (3u8, s).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            for item in items {
                hash_json(item, hasher);
            }
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(hasher);
            for (key, item) in map {
                key.hash(hasher);
                hash_json(item, hasher);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_length_prefixed() {
        assert_eq!(key(&[b"ab", b"c"]), key(&[b"ab", b"c"]));
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
    }

    #[test]
    fn json_keys_change_with_any_part_of_the_value() {
        use serde_json::json;
        let k = |v: serde_json::Value| key_with_json(&[b"t"], &v);
        let base = json!({"a": ["x", 1, true, null], "b": {"c": "d"}});
        assert_eq!(k(base.clone()), k(base.clone()));
        assert_ne!(k(base.clone()), key_with_json(&[b"u"], &base));
        for other in [
            json!({"a": ["x", 1, true], "b": {"c": "d"}}),
            json!({"a": ["x", 2, true, null], "b": {"c": "d"}}),
            json!({"a": ["x", 1, false, null], "b": {"c": "d"}}),
            json!({"a": ["x", 1, true, null], "b": {"c": "e"}}),
            json!({"a": ["x", 1, true, null], "b": {"e": "d"}}),
            json!({"a": ["x", "1", true, null], "b": {"c": "d"}}),
            json!({"a": [["x"], 1, true, null], "b": {"c": "d"}}),
        ] {
            assert_ne!(k(base.clone()), k(other.clone()), "{other}");
        }
        // Nesting is not concatenation.
        assert_ne!(k(json!([["a", "b"], []])), k(json!([["a"], ["b"]])));
    }
}
