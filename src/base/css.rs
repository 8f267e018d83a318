//! css: a conservative CSS minifier for the stylesheets a build writes.
//! It removes comments and the whitespace no parser needs, and leaves
//! everything whose meaning could depend on it alone: strings, `url(…)`,
//! and the spaces around `+`, `-`, `(` and `:` before a pseudo-class
//! (`a :hover` is not `a:hover`).

/// `css` without comments and with only the whitespace that matters.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.char_indices().peekable();
    // A run of whitespace or comments seen but not yet written.
    let mut pending_space = false;
    while let Some((at, c)) = chars.next() {
        match c {
            '/' if css[at..].starts_with("/*") => {
                let end = css[at + 2..]
                    .find("*/")
                    .map_or(css.len(), |e| at + 2 + e + 2);
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                push_space(&mut out, &mut pending_space, c);
                out.push(c);
                copy_string(&mut chars, &mut out, c);
            }
            _ => {
                push_space(&mut out, &mut pending_space, c);
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                if c == '(' && out.ends_with("url(") {
                    copy_url(&mut chars, &mut out);
                }
            }
        }
    }
    out.trim_end().to_string()
}

/// Characters around which whitespace never matters in CSS.
fn is_separator(c: char) -> bool {
    matches!(c, '{' | '}' | ';' | ',' | '>')
}

/// Writes the one space a run of whitespace stands for before `next`,
/// unless the space is next to a separator or at the start.
fn push_space(out: &mut String, pending: &mut bool, next: char) {
    if std::mem::take(pending) {
        let after = out.chars().last();
        let needed = match after {
            None => false,
            Some(prev) => !is_separator(prev) && !is_separator(next) && prev != ':',
        };
        if needed {
            out.push(' ');
        }
    }
}

/// Copies a quoted string up to and including its closing `quote`.
fn copy_string(
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    out: &mut String,
    quote: char,
) {
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c == '\\' {
            if let Some((_, escaped)) = chars.next() {
                out.push(escaped);
            }
        } else if c == quote {
            return;
        }
    }
}

/// Copies the inside of `url(` as written, up to and including `)`: an
/// unquoted URL may hold `/*` or spaces that are not CSS syntax.
fn copy_url(chars: &mut std::iter::Peekable<std::str::CharIndices>, out: &mut String) {
    while let Some((_, c)) = chars.next() {
        match c {
            '"' | '\'' => {
                out.push(c);
                copy_string(chars, out, c);
            }
            ')' => {
                out.push(c);
                return;
            }
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn comments_and_layout_whitespace_go() {
        let css = "/* theme */\nbody {\n  color: red;\n  margin: 0 auto;\n}\n\na, b > c { x: y }\n";
        assert_eq!(minify(css), "body{color:red;margin:0 auto}a,b>c{x:y}");
    }

    #[test]
    fn whitespace_that_changes_meaning_stays() {
        // A descendant pseudo-class, calc's operators, media conditions.
        assert_eq!(minify("a :hover { }"), "a :hover{}");
        assert_eq!(minify("a:hover{}"), "a:hover{}");
        assert_eq!(
            minify("p { width: calc(100% - 2 * var(--gap)) }"),
            "p{width:calc(100% - 2 * var(--gap))}"
        );
        assert_eq!(
            minify("@media (min-width: 40em) and (prefers-color-scheme: dark) {\n a { b: c }\n}"),
            "@media (min-width:40em) and (prefers-color-scheme:dark){a{b:c}}"
        );
        assert_eq!(minify("a{margin:0 -1px}"), "a{margin:0 -1px}");
    }

    #[test]
    fn strings_and_urls_are_copied_as_written() {
        assert_eq!(
            minify("a::before { content: \"/* not a comment */  ;}\" }"),
            "a::before{content:\"/* not a comment */  ;}\"}"
        );
        assert_eq!(
            minify("q { quotes: '\\'' \"\\\"\" }"),
            "q{quotes:'\\'' \"\\\"\"}"
        );
        assert_eq!(
            minify("i { background: url(data:image/svg+xml;a/*b*/c) no-repeat }"),
            "i{background:url(data:image/svg+xml;a/*b*/c) no-repeat}"
        );
    }

    #[test]
    fn an_unclosed_comment_or_string_ends_the_sheet_without_a_panic() {
        assert_eq!(minify("a{b:c}/* open"), "a{b:c}");
        assert_eq!(minify("a{content:\"open"), "a{content:\"open");
        assert_eq!(minify(""), "");
    }
}
