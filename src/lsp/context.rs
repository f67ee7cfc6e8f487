//! Where the cursor is, for completion: read from the text before it with
//! a small tokenizer (the text is usually broken while it is typed, so the
//! syntax tree cannot say): the blocks it is in, and what the statement it
//! is in has so far.

use crate::syntax::ast::Keyword;

/// A token before the cursor.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Word(String),
    Str,
    Arrow,
    Sym(char),
}

/// What the cursor is in.
#[derive(Debug, PartialEq)]
pub enum Context {
    /// A string or comment: nothing to complete.
    Nothing,
    /// The start of an entry: at top level (`None`) or in the block of a
    /// declaration with this keyword (`Some(None)` for an unknown one).
    Entry(Option<Option<Keyword>>),
    /// The values of a setting in the block of a declaration.
    Value { container: Keyword, setting: String },
    /// A declaration's header, with the tokens after its keyword.
    Header { keyword: Keyword, rest: Vec<Tok> },
    /// An `allow` grant, with the tokens after `allow`.
    Allow(Vec<Tok>),
    /// A `when` condition.
    When,
}

/// Whether a character can be part of an identifier.
pub fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// The start of the word the cursor is at the end of.
pub fn word_start(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or("");
    before
        .char_indices()
        .rev()
        .take_while(|(_, c)| ident_char(*c))
        .last()
        .map_or(offset, |(i, _)| i)
}

/// The context of the cursor at byte `offset`.
pub fn context(text: &str, offset: usize) -> Context {
    let start = word_start(text, offset.min(text.len()));
    let Some(before) = text.get(..start) else {
        return Context::Nothing;
    };
    let mut stack: Vec<Option<Keyword>> = Vec::new();
    let mut stmt: Vec<Tok> = Vec::new();
    let b = before.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                let open = matches!(stmt.last(), Some(Tok::Sym(',' | ':') | Tok::Arrow));
                if !open {
                    stmt.clear();
                }
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => match before[i..].find('\n') {
                Some(n) => i += n,
                None => return Context::Nothing,
            },
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0usize;
                loop {
                    if i >= b.len() {
                        return Context::Nothing;
                    }
                    if b[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if b[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => match before[i + 3..].find("\"\"\"") {
                Some(n) => {
                    i += n + 6;
                    stmt.push(Tok::Str);
                }
                None => return Context::Nothing,
            },
            b'"' => {
                i += 1;
                loop {
                    match b.get(i) {
                        None | Some(b'\n') => return Context::Nothing,
                        Some(b'\\') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                stmt.push(Tok::Str);
            }
            b'{' => {
                let keyword = match stmt.first() {
                    Some(Tok::Word(w)) => Keyword::parse(w),
                    _ => None,
                };
                stack.push(keyword);
                stmt.clear();
                i += 1;
            }
            b'}' => {
                stack.pop();
                stmt.clear();
                i += 1;
            }
            b';' => {
                stmt.clear();
                i += 1;
            }
            b'-' if b.get(i + 1) == Some(&b'>') => {
                stmt.push(Tok::Arrow);
                i += 2;
            }
            _ => {
                let rest = &before[i..];
                // A word stops before an arrow (`a->b`).
                let mut len = 0;
                for (j, ch) in rest.char_indices() {
                    if !ident_char(ch) || rest[j..].starts_with("->") {
                        break;
                    }
                    len = j + ch.len_utf8();
                }
                let word = rest[..len].to_string();
                if word.is_empty() {
                    let ch = rest.chars().next().unwrap_or(' ');
                    stmt.push(Tok::Sym(ch));
                    i += ch.len_utf8();
                } else {
                    i += word.len();
                    stmt.push(Tok::Word(word));
                }
            }
        }
    }
    classify(stack.last().copied(), stmt)
}

/// `container`: `None` at top level, else the keyword of the block's
/// declaration (`None` for an unknown one).
fn classify(container: Option<Option<Keyword>>, stmt: Vec<Tok>) -> Context {
    let Some(Tok::Word(first)) = stmt.first() else {
        return if stmt.is_empty() {
            Context::Entry(container)
        } else {
            Context::Nothing
        };
    };
    if let Some(k) = Keyword::parse(first) {
        return Context::Header {
            keyword: k,
            rest: stmt[1..].to_vec(),
        };
    }
    match (first.as_str(), container) {
        ("allow", _) => Context::Allow(stmt[1..].to_vec()),
        ("when", _) => Context::When,
        (_, Some(Some(k))) => Context::Value {
            container: k,
            setting: first.clone(),
        },
        _ => Context::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(text: &str) -> Context {
        context(text, text.len())
    }

    #[test]
    fn contexts() {
        assert_eq!(at_end(""), Context::Entry(None));
        assert_eq!(
            at_end("boundary b {\n  pro"),
            Context::Entry(Some(Some(Keyword::Boundary)))
        );
        assert_eq!(
            at_end("process p {\n  kind "),
            Context::Value {
                container: Keyword::Process,
                setting: "kind".into()
            }
        );
        assert_eq!(
            at_end("process p { stores a,\n   "),
            Context::Value {
                container: Keyword::Process,
                setting: "stores".into()
            }
        );
        assert_eq!(at_end("process p {}\n"), Context::Entry(None));
        assert_eq!(at_end("process p \"un"), Context::Nothing);
        assert_eq!(at_end("// pro"), Context::Nothing);
        assert_eq!(at_end("/* a /* b */ c"), Context::Nothing);
        assert_eq!(
            at_end("/* a /* b */ c */ x {\n "),
            Context::Entry(Some(None))
        );
        assert_eq!(
            at_end("flow a->"),
            Context::Header {
                keyword: Keyword::Flow,
                rest: vec![Tok::Word("a".into()), Tok::Arrow]
            }
        );
        assert_eq!(
            at_end("risk R on "),
            Context::Header {
                keyword: Keyword::Risk,
                rest: vec![Tok::Word("R".into()), Tok::Word("on".into())]
            }
        );
        assert_eq!(
            at_end("identity i { allow get on pods in "),
            Context::Allow(vec![
                Tok::Word("get".into()),
                Tok::Word("on".into()),
                Tok::Word("pods".into()),
                Tok::Word("in".into())
            ])
        );
    }
}
