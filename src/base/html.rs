//! html: escaping text for HTML and XML, the one escaper of every output
//! (templates, feeds, search annotations, the live-reload tag).

/// `s` with `& < > " '` escaped: safe in text and in quoted attributes.
/// `/` stays as it is (Tera 1's default escaper writes it as `&#x2F;`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_the_five_characters_and_nothing_else() {
        assert_eq!(
            super::escape("<a href=\"/x?a=1&b='2'\">"),
            "&lt;a href=&quot;/x?a=1&amp;b=&#39;2&#39;&quot;&gt;"
        );
    }
}
