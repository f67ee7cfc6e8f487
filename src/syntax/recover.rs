//! Error recovery: after a syntax error, the line it is on (with any block
//! that line opens) is blanked out and the piece parsed again, so one
//! mistake costs one line or one declaration, not the rest of the piece;
//! every further error found on the way is reported too. Blanking keeps
//! every byte offset (characters become spaces), so spans stay true. This
//! runs only when a piece has failed: valid input never pays for it.

use super::ast::Ident;
use super::errors::syntax_error;
use super::lexical;
use super::parser::{Rule, VastParser};
use crate::diagnostic::Diag;
use crate::source::{FileId, Span};
use pest::Parser;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Most re-parses of one piece.
const MAX_ROUNDS: usize = 20;

/// Bytes a file's recovery may re-parse, shared by its pieces (parsed on
/// several threads): about four times the file, so a file with a mistake
/// on every line costs a few parses of it, not twenty.
pub(super) struct Budget(AtomicUsize);

impl Budget {
    pub fn for_text(text: &str) -> Self {
        Budget(AtomicUsize::new(text.len().saturating_mul(4) + (1 << 20)))
    }

    /// Takes `n` bytes from the budget, if it has them.
    fn take(&self, n: usize) -> bool {
        self.0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(n)
            })
            .is_ok()
    }
}

/// A piece blanked until it parses.
pub(super) struct Recovered {
    pub text: String,
    /// IDs of the declarations blanked out.
    pub broken: Vec<Ident>,
}

/// Blanks the piece `slice` (at `base` in `text`) from the error at `at`
/// (relative to the piece) until it parses; the errors met on the way are
/// added to `diags`. `None` when it does not come to parse within
/// [`MAX_ROUNDS`] and the budget.
pub(super) fn resync(
    file: FileId,
    text: &str,
    base: usize,
    slice: &str,
    mut at: usize,
    budget: &Budget,
    diags: &mut Vec<Diag>,
) -> Option<Recovered> {
    let mut patched = slice.to_string();
    let mut broken = Vec::new();
    for _ in 0..MAX_ROUNDS {
        if !budget.take(slice.len()) {
            return None;
        }
        let region = blank_line(&mut patched, at)?;
        if let Some(id) = declared_id(slice, region) {
            broken.push(Ident {
                name: slice[id.clone()].to_string(),
                span: Span::new(file, base + id.start, base + id.end),
            });
        }
        match VastParser::parse(Rule::file, &patched) {
            Ok(_) => {
                return Some(Recovered {
                    text: patched,
                    broken,
                });
            }
            Err(e) => {
                let next = super::errors::error_pos(&e);
                if next < at {
                    return None;
                }
                diags.push(syntax_error(file, text, base, e));
                at = next;
            }
        }
    }
    None
}

/// The ID of a declaration whose header starts `region` (`process api …`).
fn declared_id(slice: &str, region: Range<usize>) -> Option<Range<usize>> {
    let s = slice.get(region.clone())?;
    let mut words = s
        .split(|c: char| c.is_whitespace() || c == ':' || c == '{')
        .filter(|w| !w.is_empty());
    let keyword = words.next()?;
    if !matches!(
        keyword,
        "data"
            | "boundary"
            | "actor"
            | "process"
            | "store"
            | "identity"
            | "app"
            | "feature"
            | "widget"
            | "rule"
            | "scenario"
            | "threat"
    ) {
        return None;
    }
    let id = words.next()?;
    let ok = id
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return None;
    }
    let start = region.start + (id.as_ptr() as usize - s.as_ptr() as usize);
    Some(start..start + id.len())
}

/// Blanks the line holding `at`, from its first character on, and through
/// the end of every block that line opens; a `}` that closes a block opened
/// before the line is kept. Returns the blanked range, or `None` when there
/// was nothing left to blank.
pub(super) fn blank_line(text: &mut String, at: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    if at >= bytes.len() {
        return None;
    }
    let line = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let start = line
        + bytes[line..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())?;
    let mut outer = depth_at(bytes, start);
    let mut depth = 0usize;
    let mut keep: Vec<usize> = Vec::new();
    let mut i = start;
    let mut line_done = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' if depth == 0 => {
                line_done = true;
                break;
            }
            b'"' => {
                let end = lexical::skip_string(bytes, i);
                if bytes.get(end) == Some(&b'\n') {
                    // Never closed (`"App {`): the braces in it were
                    // probably meant as code.
                    for &b in &bytes[i..end] {
                        match b {
                            b'{' => depth += 1,
                            b'}' => depth = depth.saturating_sub(1),
                            _ => {}
                        }
                    }
                }
                i = end;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(bytes.len() - i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = lexical::block_comment(bytes, i).0;
                continue;
            }
            b'{' => depth += 1,
            b'}' if depth > 0 => depth -= 1,
            b'}' if outer > 0 => {
                // Closes a block the line did not open: it stays.
                outer -= 1;
                keep.push(i);
            }
            _ => {}
        }
        i += 1;
    }
    let end = if line_done { i } else { bytes.len() };
    let mut out = std::mem::take(text).into_bytes();
    let mut changed = false;
    for (k, b) in out.iter_mut().enumerate().take(end).skip(start) {
        if *b != b'\n' && *b != b' ' && !keep.contains(&k) {
            *b = b' ';
            changed = true;
        }
    }
    // Only ASCII bytes were written, over whole characters: still UTF-8.
    *text = String::from_utf8(out).unwrap_or_default();
    changed.then_some(start..end)
}

/// How many blocks are open at `at` (strings and comments skipped).
fn depth_at(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while i < at {
        match bytes[i] {
            b'"' => {
                i = lexical::skip_string(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i += bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(bytes.len() - i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = lexical::block_comment(bytes, i).0;
                continue;
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(text: &str, at: &str) -> (String, Option<Range<usize>>) {
        let mut t = text.to_string();
        let r = blank_line(&mut t, text.find(at).unwrap_or(0));
        (t, r)
    }

    #[test]
    fn blanks_the_line_and_the_blocks_it_opens() {
        let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let text = "a {\n  until 31/03/2027 }\nb\n";
        let (t, _) = blanked(text, "/03");
        assert_eq!((words(&t), t.len()), (words("a { } b"), text.len()));
        let text = "a {\n  flow x => y {\n    p q\n  }\n  z\n}\n";
        let (t, r) = blanked(text, "=>");
        assert_eq!((words(&t), t.len()), (words("a { z }"), text.len()));
        assert_eq!(t.lines().count(), text.lines().count());
        assert_eq!(r.map(|r| r.start), Some(6));
        // A stray `}` at the top level goes.
        let (t, _) = blanked("a\n}\nb", "}");
        assert_eq!(t, "a\n \nb");
        // A string left open on its line: its `{` opens the block blanked.
        let text = "a \"A {\n  kind x\n}\nb\n";
        let (t, _) = blanked(text, "\"A");
        assert_eq!(words(&t), words("b"));
        // Nothing left to blank.
        let mut t = String::from("a {\n  }\n");
        assert_eq!(blank_line(&mut t, 6), None);
    }

    /// Recovery stops when the file's budget is spent: the first error is
    /// still reported, the later ones are not looked for.
    #[test]
    fn budget_bounds_recovery() {
        let text = "a {\n  x = 1\n  y = 2\n}\n";
        let at = text.find('=').unwrap_or(0);
        let run = |budget: &Budget| {
            let mut diags = Vec::new();
            let r = resync(0, text, 0, text, at, budget, &mut diags);
            (r.is_some(), diags.len())
        };
        assert_eq!(run(&Budget::for_text(text)), (true, 1));
        assert_eq!(run(&Budget(AtomicUsize::new(text.len()))), (false, 1));
        assert_eq!(run(&Budget(AtomicUsize::new(0))), (false, 0));
    }

    #[test]
    fn finds_the_id_of_a_blanked_declaration() {
        let s = "  process api Orders (v2 {\n";
        assert_eq!(declared_id(s, 2..s.len()).map(|r| &s[r]), Some("api"));
        assert_eq!(declared_id("until 31/03", 0..11), None);
    }
}
