//! text: a card's lines, measured with the shaper resvg draws them with.
//! Each character takes the first of the theme's fonts that has it (a
//! CJK font first for CJK languages), a line breaks between words and
//! between CJK characters, a title that still does not fit ends in `…`,
//! and each line is cut into pieces of one direction and one font,
//! placed left to right in visual order (right-to-left lines by the
//! Unicode bidi algorithm), so that the SVG needs no layout of its own.

use harfrust::{ShapeOptions, ShaperData, UnicodeBuffer};
use skrifa::MetadataProvider;
use std::sync::Arc;
use unicode_bidi::{BidiInfo, Level};

/// One font face of the theme.
pub(super) struct Face {
    /// Its family name, as resvg's font database knows it.
    pub(super) family: String,
    pub(super) weight: u16,
    data: Arc<Vec<u8>>,
    index: u32,
    /// It has CJK ideographs.
    cjk: bool,
}

impl Face {
    pub(super) fn new(family: String, weight: u16, data: Arc<Vec<u8>>, index: u32) -> Self {
        let mut face = Face {
            family,
            weight,
            data,
            index,
            cjk: false,
        };
        face.cjk = face.has('中');
        face
    }

    fn has(&self, c: char) -> bool {
        skrifa::FontRef::from_index(&self.data, self.index)
            .is_ok_and(|f| f.charmap().map(c).is_some())
    }

    /// The advance of `text` shaped in this face at `size` pixels, in
    /// the direction `rtl` says.
    fn advance(&self, text: &str, size: f32, rtl: bool) -> f32 {
        let Ok(font) = harfrust::FontRef::from_index(&self.data, self.index) else {
            return 0.0;
        };
        let data = ShaperData::new(&font);
        let shaper = data.shaper(&font).build();
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(match rtl {
            true => harfrust::Direction::RightToLeft,
            false => harfrust::Direction::LeftToRight,
        });
        buffer.guess_segment_properties();
        let shaped = shaper.shape(buffer, ShapeOptions::new());
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        let upem = shaper.units_per_em().max(1) as f32;
        units as f32 * size / upem
    }
}

/// The faces a card's text is set in, and how.
pub(super) struct Style<'a> {
    pub(super) faces: &'a [Face],
    pub(super) size: f32,
    pub(super) weight: u16,
    /// CJK fonts first (a Chinese title's Latin letters then match its
    /// ideographs).
    pub(super) cjk_first: bool,
}

impl Style<'_> {
    /// The faces in the order a character looks for itself in them.
    fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.faces.len()).collect();
        order.sort_by_key(|&i| {
            let f = &self.faces[i];
            (f.cjk != self.cjk_first, f.weight.abs_diff(self.weight), i)
        });
        order
    }

    /// `text` cut into runs of one face each (byte ranges, face index).
    /// A space stays in the face before it; a character no face has
    /// takes the first face (its missing-glyph box).
    fn face_runs(&self, text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        let order = self.order();
        let mut runs: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
        for (at, c) in text.char_indices() {
            let end = at + c.len_utf8();
            let current = runs.last().map(|r| r.1);
            let keep = current.filter(|&f| c.is_whitespace() || self.faces[f].has(c));
            let face = keep.unwrap_or_else(|| {
                let found = order.iter().find(|&&i| self.faces[i].has(c));
                found.or(order.first()).copied().unwrap_or(0)
            });
            match runs.last_mut() {
                Some(run) if run.1 == face => run.0.end = end,
                _ => runs.push((at..end, face)),
            }
        }
        runs
    }

    /// The width of `text` on one line, in pixels.
    pub(super) fn width(&self, text: &str, rtl: bool) -> f32 {
        self.face_runs(text)
            .into_iter()
            .map(|(range, face)| self.faces[face].advance(&text[range], self.size, rtl))
            .sum()
    }
}

/// A piece of a line: text of one direction and one face, and where its
/// left edge is from the line's left edge.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) face: usize,
    pub(super) rtl: bool,
    pub(super) x: f32,
    pub(super) width: f32,
}

/// Ideographs, kana and full-width forms: a line may break before or
/// after any of them.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Punctuation that may not begin a line.
fn closes(c: char) -> bool {
    "，。、；：？！）」』》】〕…．,.;:?!)]}%".contains(c)
}

/// Punctuation that may not end a line.
fn opens(c: char) -> bool {
    "（「『《【〔([{".contains(c)
}

/// `text` cut where a line may break: after spaces, and around CJK
/// characters (punctuation kept with the character it belongs to).
fn break_units(text: &str) -> Vec<&str> {
    let mut units = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end = at + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        let breaks_after = match next {
            None => false,
            Some(n) if closes(n) || opens(c) => false,
            Some(n) if n.is_whitespace() => false,
            Some(n) => c.is_whitespace() || is_cjk(c) || is_cjk(n),
        };
        if breaks_after {
            units.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        units.push(&text[start..]);
    }
    units
}

/// `text` set in at most `max_lines` lines of at most `max_width`
/// pixels; `None` when it needs more lines. A word wider than a line is
/// cut between characters.
fn wrap(
    text: &str,
    style: &Style,
    rtl: bool,
    max_width: f32,
    max_lines: usize,
) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // The line's width without its trailing space, from each unit's own
    // (shaping each unit once; kerning across units is left out).
    let mut width = 0.0;
    for unit in break_units(text) {
        let (full, bare) = (style.width(unit, rtl), style.width(unit.trim_end(), rtl));
        if width + bare <= max_width {
            line.push_str(unit);
            width += full;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            width = 0.0;
            if bare <= max_width {
                line.push_str(unit);
                width = full;
                continue;
            }
        }
        // A unit wider than a line, cut between characters.
        for c in unit.chars() {
            let w = style.width(&c.to_string(), rtl);
            if !line.is_empty() && width + w > max_width {
                lines.push(std::mem::take(&mut line).trim_end().to_string());
                width = 0.0;
            }
            line.push(c);
            width += w;
        }
        if lines.len() > max_lines {
            return None;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    (lines.len() <= max_lines).then_some(lines)
}

/// `text` in at most `max_lines` lines of `max_width`: wrapped, and the
/// last line cut and ended with `…` when it does not fit.
pub(super) fn lines(
    text: &str,
    style: &Style,
    rtl: bool,
    max_width: f32,
    max_lines: usize,
) -> Vec<String> {
    // XML takes no control characters; runs of white space are one.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(lines) = wrap(&text, style, rtl, max_width, max_lines) {
        return lines;
    }
    // As many lines as fit, the last one shortened until it and `…` do.
    let mut lines = wrap(&text, style, rtl, max_width, usize::MAX).unwrap_or_default();
    lines.truncate(max_lines);
    let Some(last) = lines.last_mut() else {
        return lines;
    };
    let mut chars: Vec<char> = last.chars().collect();
    // The line that fitted had more text after it: always mark the cut.
    loop {
        let cut: String = chars.iter().collect();
        let cut = cut
            .trim_end()
            .trim_end_matches([',', '，', '、', '،', ':', '：']);
        let ended = format!("{cut}…");
        if chars.is_empty() || style.width(&ended, rtl) <= max_width {
            *last = ended;
            break;
        }
        chars.pop();
    }
    lines
}

/// `line`'s pieces in visual order, left to right, each with its offset
/// from the line's left edge; and the line's width.
pub(super) fn pieces(line: &str, style: &Style, rtl: bool) -> (Vec<Piece>, f32) {
    let base = if rtl { Level::rtl() } else { Level::ltr() };
    let bidi = BidiInfo::new(line, Some(base));
    let mut out = Vec::new();
    let mut x = 0.0;
    for paragraph in &bidi.paragraphs {
        let (levels, runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
        for run in runs {
            let run_rtl = levels[run.start].is_rtl();
            let text = &line[run.clone()];
            let mut parts = style.face_runs(text);
            // A right-to-left run's face runs are read from its right.
            if run_rtl {
                parts.reverse();
            }
            for (range, face) in parts {
                let piece = &text[range];
                let width = style.faces[face].advance(piece, style.size, run_rtl);
                out.push(Piece {
                    text: piece.to_string(),
                    face,
                    rtl: run_rtl,
                    x,
                    width,
                });
                x += width;
            }
        }
    }
    (out, x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_after_spaces_and_around_cjk_characters() {
        assert_eq!(
            break_units("Data residency in KSA"),
            ["Data ", "residency ", "in ", "KSA"]
        );
        assert_eq!(
            break_units("数据驻留（沙特）。"),
            ["数", "据", "驻", "留", "（沙", "特）。"]
        );
        assert_eq!(break_units("在 KSA 部署"), ["在 ", "KSA ", "部", "署"]);
    }
}
