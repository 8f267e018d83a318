//! glossary_marks: the first use of each glossary term in a document becomes
//! a link to its entry with a tooltip giving its expansion. Never inside
//! code, links, images or headings.
//!
//! Matching is case-sensitive (`NCA` is not `nca`), and a term written in
//! Latin letters or digits counts only as a whole word: the characters
//! beside it may not be ASCII letters, digits, `-` or `_` (so `PDPL` is
//! found in `PDPL’s` and in `根据PDPL规定`, not in `PDPLX`).

use crate::base::html::escape;
use pulldown_cmark::{CowStr, Event};

/// The terms to mark and where the glossary is.
#[derive(Debug, Clone, Default)]
pub struct GlossaryMarks {
    /// The glossary page's URL: `/glossary/`.
    pub url: String,
    /// Term, anchor, expansion; longest terms first, so `BSI C5` wins over
    /// a term `C5` at the same place.
    pub terms: Vec<(String, String, String)>,
}

impl GlossaryMarks {
    /// Marks from the glossary's terms (term, anchor, expansion).
    pub fn new(url: String, mut terms: Vec<(String, String, String)>) -> Self {
        terms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        GlossaryMarks { url, terms }
    }

    /// A hash of everything that changes the marks (for the render cache).
    pub fn key(&self) -> Vec<u8> {
        let mut key = self.url.clone().into_bytes();
        for (term, id, expansion) in &self.terms {
            for part in [term, id, expansion] {
                key.extend(part.as_bytes());
                key.push(0);
            }
        }
        key
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Where `term` first stands as a whole word in `text`.
fn find_term(text: &str, term: &str) -> Option<usize> {
    let latin_edges = (
        term.as_bytes().first().is_some_and(|b| is_word_byte(*b)),
        term.as_bytes().last().is_some_and(|b| is_word_byte(*b)),
    );
    let mut from = 0;
    while let Some(found) = text[from..].find(term) {
        let at = from + found;
        let end = at + term.len();
        let before_ok = !latin_edges.0 || at == 0 || !is_word_byte(text.as_bytes()[at - 1]);
        let after_ok = !latin_edges.1 || end == text.len() || !is_word_byte(text.as_bytes()[end]);
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + term.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The events for `text` with the first use of every term not in `used`
/// marked; marked terms are added to `used`.
pub(crate) fn mark_text<'a>(
    text: CowStr<'a>,
    marks: &GlossaryMarks,
    used: &mut [bool],
    out: &mut Vec<Event<'a>>,
) {
    let mut rest: &str = &text;
    let mut pieces: Vec<Event<'a>> = Vec::new();
    loop {
        let next = marks
            .terms
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .filter_map(|(i, (term, _, _))| find_term(rest, term).map(|at| (at, i)))
            .min_by_key(|(at, i)| (*at, *i));
        let Some((at, i)) = next else { break };
        used[i] = true;
        let (term, id, expansion) = &marks.terms[i];
        if at > 0 {
            pieces.push(Event::Text(CowStr::from(rest[..at].to_string())));
        }
        // The tip repeats the glossary's expansion on hover: the search
        // index leaves it out, so an excerpt reads as the page does.
        pieces.push(Event::Html(
            format!(
                r#"<a class="gloss" href="{}#{}"><span class="gloss-term">{}</span><span class="gloss-tip" role="tooltip" data-pagefind-ignore>{}</span></a>"#,
                escape(&marks.url),
                escape(id),
                escape(term),
                escape(expansion)
            )
            .into(),
        ));
        rest = &rest[at + term.len()..];
    }
    if pieces.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    if !rest.is_empty() {
        pieces.push(Event::Text(CowStr::from(rest.to_string())));
    }
    out.extend(pieces);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_for_latin_terms_any_neighbour_for_others() {
        assert_eq!(find_term("the PDPL applies", "PDPL"), Some(4));
        assert_eq!(find_term("PDPLX and PDPL", "PDPL"), Some(10));
        assert_eq!(find_term("根据PDPL规定", "PDPL"), Some(6));
        assert_eq!(find_term("a-PDPL b_PDPL", "PDPL"), None);
        assert_eq!(find_term("pdpl", "PDPL"), None);
        assert_eq!(find_term("数据出境规则", "出境"), Some(6));
    }

    #[test]
    fn only_the_first_use_of_each_term_is_marked_and_longest_wins() {
        let marks = GlossaryMarks::new(
            "/glossary/".into(),
            vec![
                ("C5".into(), "c5".into(), "Cloud catalogue".into()),
                (
                    "BSI C5".into(),
                    "bsi-c5".into(),
                    "Germany's <cloud> criteria".into(),
                ),
            ],
        );
        let mut used = vec![false; 2];
        let mut out = Vec::new();
        mark_text(
            "BSI C5 and C5 and BSI C5".into(),
            &marks,
            &mut used,
            &mut out,
        );
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        assert_eq!(
            html,
            r#"<a class="gloss" href="/glossary/#bsi-c5"><span class="gloss-term">BSI C5</span><span class="gloss-tip" role="tooltip" data-pagefind-ignore>Germany&#39;s &lt;cloud&gt; criteria</span></a> and <a class="gloss" href="/glossary/#c5"><span class="gloss-term">C5</span><span class="gloss-tip" role="tooltip" data-pagefind-ignore>Cloud catalogue</span></a> and BSI C5"#
        );
        assert_eq!(used, [true, true]);
    }
}
