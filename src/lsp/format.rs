//! Formatting: `vastc fmt`'s layout (comments kept) as one edit replacing
//! the document; a document with syntax errors is left as it is (its
//! diagnostics say why).

use super::position::LineIndex;
use lsp_types::TextEdit;

/// The edits that format `text`: none when it is formatted already or
/// cannot be parsed.
pub fn format(text: &str, lines: &LineIndex) -> Vec<TextEdit> {
    match crate::fmt::format(text) {
        Ok(formatted) if formatted != text => {
            vec![TextEdit::new(lines.range(text, 0, text.len()), formatted)]
        }
        _ => Vec::new(),
    }
}
