//! Text measurement and word wrapping for diagram labels.
//!
//! Diagrams are written before any font is chosen by the viewer, so widths
//! are estimated from a per-character advance table. The table holds
//! Helvetica/Arial advance widths (in 1/1000 em), widened a little so that
//! wider sans-serif fallbacks (DejaVu Sans, which `resvg` and many Linux
//! browsers pick) still fit the shapes sized from it.

use std::borrow::Cow;

/// Most characters of one label a diagram draws; a longer label is cut and
/// ends in `…`, so a megabyte label costs no more to lay out than a line
/// (the full text stays in the threat tables).
pub const MAX_LABEL_CHARS: usize = 200;

/// `text` cut after `max` characters, with `…` when it was cut.
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((i, _)) => Cow::Owned(format!("{}…", &text[..i])),
    }
}

/// The font stack every diagram text uses.
pub const FONT_FAMILY: &str = "Helvetica, Arial, 'DejaVu Sans', sans-serif";

/// Helvetica advance widths of the printable ASCII characters 32..=126.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
    278, // ' '..'/'
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // '0'..'9'
    278, 278, 584, 584, 584, 556, 1015, // ':'..'@'
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // 'A'..'M'
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // 'N'..'Z'
    278, 278, 278, 469, 556, 333, // '['..'`'
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // 'a'..'m'
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // 'n'..'z'
    334, 260, 334, 584, // '{'..'~'
];

/// Widening factor and per-character allowance over Helvetica.
const SCALE: f64 = 1.1;
const EXTRA: f64 = 20.0;

/// Advance of one character in 1/1000 em.
fn advance(c: char) -> f64 {
    let base = match c as u32 {
        32..=126 => f64::from(HELVETICA[c as usize - 32]),
        // Combining marks and zero-width characters.
        0x0300..=0x036F | 0x200B..=0x200F => 0.0,
        // East Asian wide characters and emoji take a full em.
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFF60 => {
            1000.0
        }
        0x1F300..=0x1FAFF => 1000.0,
        _ => 600.0,
    };
    if base == 0.0 {
        0.0
    } else {
        base * SCALE + EXTRA
    }
}

/// Estimated width of `text` at `size` pixels.
pub fn width(text: &str, size: f64) -> f64 {
    text.chars().map(advance).sum::<f64>() * size / 1000.0
}

/// Splits `text` into lines no wider than `max` at `size` pixels, breaking
/// at spaces; a word wider than `max` is broken after `-`, `_`, `.`, `/`
/// or `:` where possible, else between characters. Never returns an empty
/// vector (an empty text is one empty line). Text past
/// [`MAX_LABEL_CHARS`] is cut.
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let text = clip(text, MAX_LABEL_CHARS);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        for piece in split_long(word, size, max) {
            let candidate = if line.is_empty() {
                piece.clone()
            } else {
                format!("{line} {piece}")
            };
            if line.is_empty() || width(&candidate, size) <= max {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = piece;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Pieces of one word, each at most `max` wide (a single character may be wider).
fn split_long(word: &str, size: f64, max: f64) -> Vec<String> {
    if width(word, size) <= max {
        return vec![word.to_string()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut last_break: Option<usize> = None;
    for c in word.chars() {
        cur.push(c);
        if width(&cur, size) > max && cur.chars().count() > 1 {
            let split_at = last_break.unwrap_or(cur.len() - c.len_utf8());
            let rest = cur.split_off(split_at);
            out.push(std::mem::take(&mut cur));
            cur = rest;
            last_break = None;
        }
        if matches!(c, '-' | '_' | '.' | '/' | ':') {
            last_break = Some(cur.len());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Width of the widest of `lines`.
pub fn max_width(lines: &[String], size: f64) -> f64 {
    lines.iter().map(|l| width(l, size)).fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_is_wider() {
        assert!(width("WWW", 12.0) > width("iii", 12.0));
        assert_eq!(width("", 12.0), 0.0);
        assert!((width("a", 10.0) - width("a", 20.0) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("abcd", 3), "abc…");
        assert_eq!(clip("服务器", 2), "服务…");
        let lines = wrap(&"word ".repeat(200_000), 12.0, 100.0);
        assert!(lines.len() < 40, "{}", lines.len());
        assert!(lines.last().is_some_and(|l| l.ends_with('…')));
        // Zero-width characters cannot make one line grow without bound.
        assert_eq!(wrap(&"\u{301}".repeat(100_000), 12.0, 100.0).len(), 1);
    }

    #[test]
    fn wraps_at_spaces() {
        let lines = wrap("instance metadata service endpoint", 12.0, 100.0);
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(width(l, 12.0) <= 100.0, "{l}");
        }
        assert_eq!(lines.join(" "), "instance metadata service endpoint");
    }

    #[test]
    fn breaks_long_words_at_punctuation() {
        let lines = wrap("registry.example.com/team/very-long-image-name", 12.0, 90.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(width(l, 12.0) <= 90.0, "{l}");
        }
        assert_eq!(
            lines.concat(),
            "registry.example.com/team/very-long-image-name"
        );
    }

    #[test]
    fn empty_and_tiny() {
        assert_eq!(wrap("", 12.0, 100.0), vec![String::new()]);
        assert_eq!(wrap("   ", 12.0, 100.0), vec![String::new()]);
        // Narrower than one character: one character per line, no loop.
        assert_eq!(wrap("abc", 12.0, 1.0), vec!["a", "b", "c"]);
    }

    #[test]
    fn non_ascii_is_measured() {
        assert!(width("日本", 12.0) > width("ab", 12.0));
        assert!(!wrap("ünïcödé wörds hère", 12.0, 40.0).is_empty());
    }
}
