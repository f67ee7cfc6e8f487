//! Byte offsets in a text and LSP positions (line and UTF-16 code unit, as
//! the protocol counts by default), both ways. Positions past the end of a
//! line or of the text, or inside a character, are clamped, never an error.

use lsp_types::{Position, Range};

/// Where each line of a text starts.
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// The position of byte `offset` (clamped to the text, and back to the
    /// start of the character it falls in).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(self.len).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts.get(line).copied().unwrap_or(0);
        let units: usize = text
            .get(start..offset)
            .map(|s| s.chars().map(char::len_utf16).sum())
            .unwrap_or(0);
        Position::new(clamp_u32(line), clamp_u32(units))
    }

    /// The range of bytes `start..end`.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(
            self.position(text, start),
            self.position(text, end.max(start)),
        )
    }

    /// The byte offset of a position: a line past the end is the end of the
    /// text, a column past the end of its line the line's end (before its
    /// line break), a column inside a character that character's start.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .map(|&s| s.saturating_sub(1))
            .unwrap_or(text.len())
            .min(text.len());
        let line_text = text.get(start..end).unwrap_or("");
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let mut units = 0usize;
        for (i, c) in line_text.char_indices() {
            let next = units + c.len_utf16();
            if next > pos.character as usize {
                return start + i;
            }
            units = next;
        }
        start + line_text.len()
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns() {
        // `é` is 2 bytes and 1 unit; `😀` 4 bytes and 2 units.
        let text = "ab\né😀x\r\nlast";
        let ix = LineIndex::new(text);
        assert_eq!(ix.position(text, 0), Position::new(0, 0));
        assert_eq!(ix.position(text, 3), Position::new(1, 0));
        assert_eq!(ix.position(text, 5), Position::new(1, 1));
        assert_eq!(ix.position(text, 9), Position::new(1, 3));
        // Inside the emoji: its start.
        assert_eq!(ix.position(text, 7), Position::new(1, 1));
        assert_eq!(ix.position(text, 999), Position::new(2, 4));
        assert_eq!(ix.offset(text, Position::new(1, 3)), 9);
        assert_eq!(ix.offset(text, Position::new(1, 2)), 5);
        assert_eq!(ix.offset(text, Position::new(1, 99)), 10);
        assert_eq!(ix.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(ix.offset(text, Position::new(2, 2)), 14);
    }
}
