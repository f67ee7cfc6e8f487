//! Lexical work before and beside the pest parser: one pre-pass ([`scan`])
//! that yields the comment table (for `fmt` and `///` doc comments), the
//! top-level pieces the parser works on, and the nesting-depth guard that
//! keeps deeply nested input from overflowing the stack; and string
//! unescaping.

use super::ast::Comment;
use crate::diagnostic::Diag;
use crate::source::{FileId, Span};

/// Deepest nesting of `{`, `(` and `[` accepted.
pub const MAX_DEPTH: usize = 128;

/// Index just past the string literal starting at `i`.
pub(super) fn skip_string(bytes: &[u8], i: usize) -> usize {
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

/// End of the block comment starting at `i`, whether it was closed, and
/// where its nesting first went deeper than [`MAX_DEPTH`] (the parser's
/// comment rule recurses once per level).
pub(super) fn block_comment(bytes: &[u8], i: usize) -> (usize, bool, Option<usize>) {
    let mut depth = 0usize;
    let mut too_deep = None;
    let mut j = i;
    while j < bytes.len() {
        if bytes[j..].starts_with(b"/*") {
            depth += 1;
            if depth > MAX_DEPTH && too_deep.is_none() {
                too_deep = Some(j);
            }
            j += 2;
        } else if bytes[j..].starts_with(b"*/") {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return (j, true, too_deep);
            }
        } else {
            j += 1;
        }
    }
    (bytes.len(), false, too_deep)
}

/// What the lexical pre-pass found in a file.
#[derive(Debug, Default)]
pub struct Scan {
    /// Pieces that each hold whole top-level declarations: a piece starts at
    /// a line whose first word is a declaration keyword, outside any block,
    /// string or comment. The pieces cover the text without gaps.
    pub chunks: Vec<std::ops::Range<usize>>,
    /// Every comment, in order (for `fmt` and `///` doc comments).
    pub comments: Vec<Comment>,
}

/// Keywords that open a top-level declaration.
const TOP_KEYWORDS: &[&str] = &[
    "model", "include", "data", "boundary", "actor", "process", "store", "flow", "identity", "app",
    "risk", "threat", "rule", "scenario",
];

/// Bytes the pre-pass must look at (`n` for `not`); every other byte inside
/// a line is skipped without a branch per kind.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let special = b"\"/{}()[]\nn";
    while k < special.len() {
        t[special[k] as usize] = true;
        k += 1;
    }
    t
};

/// One pass over `text` before the recursive parser sees it: the comment
/// table, the top-level pieces the parser works on, and the guard that
/// refuses nesting deeper than [`MAX_DEPTH`] and a block comment or `"""`
/// string that is never closed (the grammar would otherwise rescan to the
/// end of the file from every place it tries a comment, which is
/// quadratic). The first such problem in the text is the error.
///
/// Depth counts what the parser recurses on: `{`, `(` and `[`, a run of
/// `not` (each negates what follows: `not not x` nests), and block
/// comments inside block comments.
pub fn scan(file: FileId, text: &str) -> Result<Scan, Diag> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut cuts = vec![0];
    let mut depth = 0usize;
    // `not`s in a row (with only white space, comments and `(` between),
    // and where the last of those items ended.
    let mut nots = 0usize;
    let mut run_end = 0usize;
    // Whether the run goes on to an item starting at `at`: only blanks since.
    // Every item that does not continue the run ends it, so each gap is
    // looked at once and the pass stays linear.
    let continues = |nots: usize, run_end: usize, at: usize| {
        nots > 0
            && bytes.get(run_end..at).is_some_and(|gap| {
                gap.iter()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b';'))
            })
    };
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let c = bytes[i];
        if line_start {
            if c.is_ascii_alphabetic() && depth == 0 && i > 0 {
                let word_end = bytes[i..]
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'))
                    .map(|n| i + n)
                    .unwrap_or(bytes.len());
                if TOP_KEYWORDS.contains(&&text[i..word_end]) {
                    cuts.push(i);
                }
            }
            if !(c == b' ' || c == b'\t' || c == b'\r' || c == b'\n') {
                line_start = false;
            }
        } else if !SPECIAL[c as usize] {
            i += 1;
            continue;
        }
        match c {
            b'\n' => line_start = true,
            b'n' if is_not(bytes, i) => {
                nots = if continues(nots, run_end, i) {
                    nots + 1
                } else {
                    1
                };
                run_end = i + 3;
                if depth + nots > MAX_DEPTH {
                    return Err(too_deep(file, i, i + 3, "this `not` opens level 129")
                        .help("`not not x` is `x`: cancel the pairs, or split the condition with `and`/`or`"));
                }
                i += 3;
                continue;
            }
            b'"' => {
                nots = 0;
                let end = skip_string(bytes, i);
                if bytes[i..].starts_with(b"\"\"\"")
                    && !(end >= i + 6 && bytes[..end].ends_with(b"\"\"\""))
                {
                    return Err(Diag::error(
                        "vast::syntax::unclosed_string",
                        "this `\"\"\"` text block is never closed",
                        Span::new(file, i, i + 3),
                    )
                    .label("opened here")
                    .help("close it with `\"\"\"`"));
                }
                i = end;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map(|n| i + n).unwrap_or(text.len());
                let text_end = if end > i && bytes.get(end.wrapping_sub(1)) == Some(&b'\r') {
                    end - 1
                } else {
                    end
                };
                comments.push(Comment {
                    span: Span::new(file, i, text_end),
                    text: text[i..text_end].to_string(),
                });
                if continues(nots, run_end, i) {
                    run_end = end;
                } else {
                    nots = 0;
                }
                i = end;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let (end, closed, deep) = block_comment(bytes, i);
                if let Some(at) = deep {
                    return Err(too_deep(file, at, at + 2, "this `/*` opens level 129")
                        .help("block comments nest: close the inner ones with `*/`"));
                }
                if !closed {
                    return Err(Diag::error(
                        "vast::syntax::unclosed_comment",
                        "this block comment is never closed",
                        Span::new(file, i, i + 2),
                    )
                    .label("opened here")
                    .help(
                        "close it with `*/` (block comments nest: every `/*` needs its own `*/`)",
                    ));
                }
                comments.push(Comment {
                    span: Span::new(file, i, end),
                    text: text.get(i..end).unwrap_or("").to_string(),
                });
                if continues(nots, run_end, i) {
                    run_end = end;
                } else {
                    nots = 0;
                }
                i = end;
                continue;
            }
            b'(' if continues(nots, run_end, i) => {
                run_end = i + 1;
                depth += 1;
                if depth + nots > MAX_DEPTH {
                    return Err(too_deep(file, i, i + 1, "this opens level 129")
                        .help("`not not x` is `x`: cancel the pairs, or split the condition with `and`/`or`"));
                }
            }
            b'{' | b'(' | b'[' => {
                nots = 0;
                depth += 1;
                if depth + nots > MAX_DEPTH {
                    return Err(too_deep(file, i, i + 1, "this opens level 129").help(
                        "flatten the model: declare boundaries at top level and place them with `in PARENT`",
                    ));
                }
            }
            b'}' | b')' | b']' => {
                nots = 0;
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        i += 1;
    }
    let chunks = cuts
        .iter()
        .enumerate()
        .map(|(k, &start)| start..cuts.get(k + 1).copied().unwrap_or(text.len()))
        .collect();
    Ok(Scan { chunks, comments })
}

/// Whether the `n` at `i` starts the word `not`.
fn is_not(bytes: &[u8], i: usize) -> bool {
    let ident = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-' || *b >= 0x80;
    bytes[i..].starts_with(b"not")
        && !(i > 0 && ident(&bytes[i - 1]))
        && !bytes.get(i + 3).is_some_and(ident)
}

fn too_deep(file: FileId, start: usize, end: usize, label: &str) -> Diag {
    Diag::error(
        "vast::syntax::too_deep",
        format!("nesting deeper than {MAX_DEPTH} levels"),
        Span::new(file, start, end),
    )
    .label(label.to_string())
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
        let c = scan(0, "a \"// not\" // yes\n/* b /* c */ d */ x")
            .unwrap()
            .comments;
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
    fn pieces_start_at_top_level_keywords_only() {
        let text = "model \"m\" {\n  actor a\n}\n// flow in a comment\nflow a -> b \"x\n\"\nprocess p {\nflow inner\n}\n  store s\n";
        let chunks = scan(0, text).unwrap().chunks;
        let starts: Vec<&str> = chunks
            .iter()
            .map(|c| text[c.clone()].split_whitespace().next().unwrap_or(""))
            .collect();
        assert_eq!(starts, ["model", "flow", "process", "store"]);
        assert_eq!(chunks.first().map(|c| c.start), Some(0));
        assert_eq!(chunks.last().map(|c| c.end), Some(text.len()));
        assert!(chunks.windows(2).all(|w| w[0].end == w[1].start));
    }

    /// A `not` early in a file and many comments after it: each gap is
    /// looked at once (were it looked at from the `not` at every comment,
    /// this would take billions of steps).
    #[test]
    fn not_runs_end_at_the_next_item() {
        let text = format!("when not {}", "x /* c */ ".repeat(50_000));
        assert_eq!(scan(0, &text).map(|s| s.comments.len()).ok(), Some(50_000));
    }

    #[test]
    fn depth_guard() {
        let deep = "{".repeat(10_000);
        assert!(scan(0, &deep).is_err());
        assert!(scan(0, "{ { } }").is_ok());
    }
}

#[cfg(test)]
mod unclosed_tests {
    use super::scan;

    fn check_depth(file: crate::source::FileId, text: &str) -> Option<crate::diagnostic::Diag> {
        scan(file, text).err()
    }

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
