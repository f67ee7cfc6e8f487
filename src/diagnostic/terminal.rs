//! Text made safe for a terminal or a CI log: every character that could
//! move the cursor, start an escape sequence, ring a bell, rewrite a line
//! or reorder what is shown (C0 and C1 controls, DEL, bidirectional
//! overrides and isolates, line and paragraph separators) is shown as
//! `\u{…}` instead. Diagnostics and the command line pass everything that
//! came from a model or a file name through here before printing it.

use std::borrow::Cow;
use std::sync::Arc;

/// Would `c` act on the terminal (or reorder text) rather than show as itself?
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

/// `text` with every unsafe character (line breaks included) escaped.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_keeping(text, false)
}

/// `text` with every unsafe character escaped; with `keep_lines`, `\n` and
/// `\t` stay (source excerpts keep their lines; miette expands tabs).
fn escape_keeping(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_lines && (c == '\n' || c == '\t');
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) && !keep(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A source text as a terminal may show it, with the map from offsets in
/// the original text to offsets in the shown one.
#[derive(Debug)]
pub struct Shown {
    pub text: Arc<str>,
    /// For each escaped character: its offset in the original text and the
    /// bytes added by escapes up to and including it.
    shifts: Vec<(usize, usize)>,
}

impl Shown {
    /// The text unchanged when nothing in it needs escaping.
    pub fn new(text: &Arc<str>) -> Shown {
        if !text.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t') {
            return Shown {
                text: Arc::clone(text),
                shifts: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len() + 64);
        let mut shifts = Vec::new();
        let mut added = 0;
        for (i, c) in text.char_indices() {
            if is_unsafe(c) && c != '\n' && c != '\t' {
                let before = out.len();
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
                added += out.len() - before - c.len_utf8();
                shifts.push((i, added));
            } else {
                out.push(c);
            }
        }
        Shown {
            text: out.into(),
            shifts,
        }
    }

    /// The offset in the shown text of an offset in the original one.
    pub fn offset(&self, original: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at < original);
        match i.checked_sub(1).and_then(|i| self.shifts.get(i)) {
            Some(&(_, added)) => original + added,
            None => original,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped() {
        assert_eq!(escape("a\u{1b}]0;x\u{7}b\nc"), "a\\u{1b}]0;x\\u{7}b\\u{a}c");
        assert_eq!(escape("\u{202e}\u{85}ok"), "\\u{202e}\\u{85}ok");
        assert!(matches!(escape("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn shown_offsets_follow_escapes() {
        let text: Arc<str> = "ab\u{1b}cd\n\u{202e}e".into();
        let s = Shown::new(&text);
        assert_eq!(&*s.text, "ab\\u{1b}cd\n\\u{202e}e");
        assert_eq!(s.offset(0), 0);
        assert_eq!(s.offset(2), 2);
        // `c` was at 3, is now after the 6-byte escape.
        assert_eq!(s.offset(3), 8);
        assert_eq!(&s.text[s.offset(3)..s.offset(5)], "cd");
        let e = text.find('e').unwrap_or(0);
        assert_eq!(&s.text[s.offset(e)..s.offset(e) + 1], "e");
    }
}
