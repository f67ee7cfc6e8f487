//! Model files are UTF-8. A file that is not is still shown and parsed: it
//! is decoded lossily (each invalid sequence becomes `U+FFFD`), and the
//! first invalid byte is reported at its line and column.

use crate::diagnostic::Diag;
use crate::source::{FileId, Span};
use std::ops::Range;

/// A file's text, and where the decoded text has a `U+FFFD` that stands
/// for invalid bytes (offsets in the decoded text).
pub struct Decoded {
    pub text: String,
    pub invalid: Vec<Range<usize>>,
}

/// Decodes `bytes` as UTF-8, replacing invalid sequences.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Decoded {
                text,
                invalid: Vec::new(),
            };
        }
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut invalid = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            let at = text.len();
            text.push(char::REPLACEMENT_CHARACTER);
            invalid.push(at..text.len());
        }
    }
    Decoded { text, invalid }
}

/// `vast::io::not_utf8`, at the first invalid sequence (`at`, in the
/// decoded text of `file`); `count` is how many there are.
pub fn not_utf8(file: FileId, at: Range<usize>, count: usize) -> Diag {
    let more = match count {
        0 | 1 => String::new(),
        2 => " (and 1 more place)".to_string(),
        n => format!(" (and {} more places)", n - 1),
    };
    Diag::error(
        "vast::io::not_utf8",
        format!("the file is not valid UTF-8{more}"),
        Span::new(file, at.start, at.end),
    )
    .label("first invalid byte here (shown as �)")
    .help("save the file as UTF-8; vastc reads model files as UTF-8 text only")
}

/// Whether a syntax diagnostic only repeats that the text has invalid bytes:
/// it starts at one of the `U+FFFD` that stand for them.
pub fn repeats_invalid(d: &Diag, invalid: &[Range<usize>]) -> bool {
    d.code.starts_with("vast::syntax::")
        && d.span
            .is_some_and(|s| invalid.iter().any(|r| r.contains(&s.start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_each_invalid_sequence_once() {
        let d = decode(b"ab\xff\xfecd\xc3".to_vec());
        assert_eq!(d.text, "ab\u{FFFD}\u{FFFD}cd\u{FFFD}");
        assert_eq!(d.invalid, [2..5, 5..8, 10..13]);
        let ok = decode("é".as_bytes().to_vec());
        assert_eq!((ok.text.as_str(), ok.invalid.len()), ("é", 0));
    }
}
