//! Lexical passes that run before and beside the pest parser: the comment
//! table (for `fmt` and `///` doc comments), the nesting-depth guard that
//! keeps deeply nested input from overflowing the stack, and string
//! unescaping.

use super::ast::Comment;
use crate::diagnostic::Diag;
use crate::source::{FileId, Span};

/// Deepest nesting of `{`, `(` and `[` accepted.
pub const MAX_DEPTH: usize = 128;

/// Scans `text` for comments, skipping string literals.
pub fn comments(file: FileId, text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map(|n| i + n).unwrap_or(text.len());
                let end = if end > i && bytes.get(end.wrapping_sub(1)) == Some(&b'\r') {
                    end - 1
                } else {
                    end
                };
                out.push(Comment {
                    span: Span::new(file, i, end),
                    text: text[i..end].to_string(),
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = skip_block_comment(bytes, i);
                out.push(Comment {
                    span: Span::new(file, i, end),
                    text: text.get(i..end).unwrap_or("").to_string(),
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Index just past the string literal starting at `i`.
fn skip_string(bytes: &[u8], i: usize) -> usize {
    if bytes[i..].starts_with(b"\"\"\"") {
        let mut j = i + 3;
        while j < bytes.len() {
            if bytes[j..].starts_with(b"\"\"\"") {
                return j + 3;
            }
            j += 1;
        }
        return bytes.len();
    }
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            b'\n' => return j,
            _ => j += 1,
        }
    }
    bytes.len()
}

/// Index just past the (nestable) block comment starting at `i`.
fn skip_block_comment(bytes: &[u8], i: usize) -> usize {
    block_comment(bytes, i).0
}

/// Whether the (nestable) block comment starting at `i` is closed.
fn block_comment_closed(bytes: &[u8], i: usize) -> bool {
    block_comment(bytes, i).1
}

/// End of the block comment starting at `i`, and whether it was closed.
fn block_comment(bytes: &[u8], i: usize) -> (usize, bool) {
    let mut depth = 0usize;
    let mut j = i;
    while j < bytes.len() {
        if bytes[j..].starts_with(b"/*") {
            depth += 1;
            j += 2;
        } else if bytes[j..].starts_with(b"*/") {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return (j, true);
            }
        } else {
            j += 1;
        }
    }
    (bytes.len(), false)
}

/// Reports, before the recursive parser sees the text: nesting deeper than
/// [`MAX_DEPTH`], and a block comment or `"""` string that is never closed
/// (the grammar would otherwise rescan to the end of the file from every
/// place it tries a comment, which is quadratic).
pub fn check_depth(file: FileId, text: &str) -> Option<Diag> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = skip_string(bytes, i);
                if bytes[i..].starts_with(b"\"\"\"")
                    && !(end >= i + 6 && bytes[..end].ends_with(b"\"\"\""))
                {
                    return Some(
                        Diag::error(
                            "vast::syntax::unclosed_string",
                            "this `\"\"\"` text block is never closed",
                            Span::new(file, i, i + 3),
                        )
                        .label("opened here")
                        .help("close it with `\"\"\"`"),
                    );
                }
                i = end;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map(|n| i + n).unwrap_or(text.len());
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = skip_block_comment(bytes, i);
                if !block_comment_closed(bytes, i) {
                    return Some(
                        Diag::error("vast::syntax::unclosed_comment", "this block comment is never closed", Span::new(file, i, i + 2))
                            .label("opened here")
                            .help("close it with `*/` (block comments nest: every `/*` needs its own `*/`)"),
                    );
                }
                i = end;
                continue;
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(
                        Diag::error(
                            "vast::syntax::too_deep",
                            format!("nesting deeper than {MAX_DEPTH} levels"),
                            Span::new(file, i, i + 1),
                        )
                        .label("this opens level 129")
                        .help("flatten the model: declare boundaries at top level and place them with `in PARENT`"),
                    );
                }
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Keywords that open a top-level declaration.
const TOP_KEYWORDS: &[&str] = &[
    "model", "include", "data", "boundary", "actor", "process", "store", "flow", "identity", "app",
    "risk", "threat", "rule", "scenario",
];

/// Cuts `text` into pieces that each hold whole top-level declarations: a
/// piece starts at a line whose first word is a declaration keyword, outside
/// any block, string or comment. The pieces cover the text without gaps.
pub fn top_level_chunks(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut cuts = vec![0];
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let c = bytes[i];
        if line_start && depth == 0 && i > 0 && (c.is_ascii_alphabetic()) {
            let word_end = bytes[i..]
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'))
                .map(|n| i + n)
                .unwrap_or(bytes.len());
            if TOP_KEYWORDS.contains(&&text[i..word_end]) {
                cuts.push(i);
            }
        }
        if c == b'\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if !(c == b' ' || c == b'\t' || c == b'\r') {
            line_start = false;
        }
        match c {
            b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map(|n| i + n).unwrap_or(text.len());
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    let mut out = Vec::with_capacity(cuts.len());
    for (k, &start) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).copied().unwrap_or(text.len());
        out.push(start..end);
    }
    out
}

/// Byte offset of the innermost `{` left open at the end of `text`.
pub fn unclosed_brace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map(|n| i + n).unwrap_or(text.len());
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            b'{' => open.push(i),
            b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

/// Problem found while unescaping a string: message and byte range inside the literal.
pub struct EscapeError {
    pub message: String,
    pub start: usize,
    pub end: usize,
}

/// Unescapes a `"…"` literal (quotes included in `raw`).
pub fn unescape(raw: &str) -> Result<String, EscapeError> {
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let start = i + 1;
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'u')) => {
                let rest = &inner[i + 2..];
                let close = rest.find('}');
                let hex = match (rest.strip_prefix('{'), close) {
                    (Some(_), Some(close)) => &rest[1..close],
                    _ => {
                        return Err(EscapeError {
                            message: "a `\\u` escape is written `\\u{1F600}`".into(),
                            start,
                            end: start + 2,
                        });
                    }
                };
                let end = start + 2 + close.unwrap_or(0);
                let code = u32::from_str_radix(hex, 16).ok().filter(|_| hex.len() <= 6);
                match code.and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(EscapeError {
                            message: format!("`{hex}` is not a Unicode scalar value"),
                            start,
                            end,
                        });
                    }
                }
                for _ in 0..hex.chars().count() + 2 {
                    chars.next();
                }
            }
            Some((j, other)) => {
                return Err(EscapeError {
                    message: format!("unknown escape `\\{other}`"),
                    start,
                    end: j + other.len_utf8() + 1,
                });
            }
            None => {
                return Err(EscapeError {
                    message: "a string cannot end with a lone `\\`".into(),
                    start,
                    end: start + 1,
                });
            }
        }
    }
    Ok(out)
}

/// The text of a `"""…"""` block: first line break dropped, common leading
/// indentation removed, trailing blank line dropped.
pub fn dedent_block(raw: &str) -> String {
    let inner = raw.get(3..raw.len().saturating_sub(3)).unwrap_or("");
    let inner = inner
        .strip_prefix("\r\n")
        .or_else(|| inner.strip_prefix('\n'))
        .unwrap_or(inner);
    let lines: Vec<&str> = inner.lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut kept: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start()))
        .collect();
    while kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    kept.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_skip_strings() {
        let c = comments(0, "a \"// not\" // yes\n/* b /* c */ d */ x");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].text, "// yes");
        assert_eq!(c[1].text, "/* b /* c */ d */");
    }

    #[test]
    fn unescapes() {
        assert_eq!(
            unescape(r#""a\"b\\c\n\u{41}""#).ok().as_deref(),
            Some("a\"b\\c\nA")
        );
        assert!(unescape(r#""\q""#).is_err());
        assert!(unescape(r#""\u{110000}""#).is_err());
        assert!(unescape(r#""\u41""#).is_err());
    }

    #[test]
    fn dedents() {
        assert_eq!(dedent_block("\"\"\"\n    a\n      b\n  \"\"\""), "a\n  b");
    }

    #[test]
    fn depth_guard() {
        let deep = "{".repeat(10_000);
        assert!(check_depth(0, &deep).is_some());
        assert!(check_depth(0, "{ { } }").is_none());
    }
}

#[cfg(test)]
mod unclosed_tests {
    use super::check_depth;

    #[test]
    fn unclosed_comment_and_block_string() {
        assert_eq!(
            check_depth(0, "a /* b").map(|d| d.code),
            Some("vast::syntax::unclosed_comment")
        );
        assert_eq!(
            check_depth(0, "a /* /* b */").map(|d| d.code),
            Some("vast::syntax::unclosed_comment")
        );
        assert_eq!(
            check_depth(0, "/*/").map(|d| d.code),
            Some("vast::syntax::unclosed_comment")
        );
        assert!(check_depth(0, "a /* b */").is_none());
        assert_eq!(
            check_depth(0, "x \"\"\" y").map(|d| d.code),
            Some("vast::syntax::unclosed_string")
        );
        assert!(check_depth(0, "x \"\"\" y \"\"\"").is_none());
    }
}
