//! Syntax errors: pest's error turned into a diagnostic that says what
//! was found and what was expected, in the user's words, and the places
//! pest cannot see: where a block whose `}` is missing probably ends (by
//! its indentation), and a date written the wrong way round.

use super::lexical;
use super::parser::Rule;
use crate::diagnostic::Diag;
use crate::source::{FileId, Span};

/// Where in the parsed piece pest's error is.
pub(super) fn error_pos(e: &pest::error::Error<Rule>) -> usize {
    match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
}

/// Builds a diagnostic from pest's error, with readable names for what was expected.
pub(super) fn syntax_error(
    file: FileId,
    text: &str,
    base: usize,
    e: pest::error::Error<Rule>,
) -> Diag {
    use pest::error::{ErrorVariant, InputLocation};
    let (start, end) = match e.location {
        InputLocation::Pos(p) => (base + p, base + p),
        InputLocation::Span((s, e)) => (base + s, base + e),
    };
    // Point at the whole offending token where there is one.
    let end = if end > start {
        end
    } else {
        let rest = text.get(start..).unwrap_or("");
        let len = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, _)| i)
            .unwrap_or(rest.len())
            .max(rest.chars().next().map(char::len_utf8).unwrap_or(0));
        start + len
    };
    let found = text
        .get(start..end)
        .filter(|s| !s.is_empty())
        .map(|s| format!("`{}`", s.chars().take(30).collect::<String>()))
        .unwrap_or_else(|| "end of file".to_string());
    let expected = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => describe(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let help = if found == "`}`" {
        "a `}` here closes a block that was never opened, or a setting before it is missing its value".to_string()
    } else if found == "end of file" {
        if let Some(d) = unclosed_block(file, text) {
            return d;
        }
        "a block or string opened above is not closed".to_string()
    } else if text.get(start..).is_some_and(|s| s.starts_with('"')) {
        "a string must be closed on the same line; use \"\"\" … \"\"\" for text over several lines"
            .to_string()
    } else {
        format!("expected {expected}")
    };
    if let Some(d) = miswritten_date(file, text, start) {
        return d;
    }
    Diag::error(
        "vast::syntax::unexpected",
        format!("unexpected {found}, expected {expected}"),
        Span::new(file, start, end),
    )
    .label("not expected here")
    .help(help)
}

fn describe(rules: &[Rule]) -> String {
    let mut names: Vec<&str> = rules.iter().map(|r| rule_name(*r)).collect();
    names.sort_unstable();
    names.dedup();
    if names.len() > 1 {
        names.retain(|n| *n != "something else");
    }
    match names.len() {
        0 => "something else".to_string(),
        1 => names[0].to_string(),
        n => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

fn rule_name(r: Rule) -> &'static str {
    match r {
        Rule::identifier | Rule::path => "an identifier",
        Rule::string
        | Rule::label
        | Rule::plain_string
        | Rule::triple_string
        | Rule::bare_label => "a string",
        Rule::value | Rule::value_list => "a value",
        Rule::decl | Rule::unknown_top | Rule::named_keyword | Rule::decl_keyword => {
            "a declaration"
        }
        Rule::entry | Rule::unknown_tail | Rule::allow_setting | Rule::when_setting => {
            "a setting or declaration"
        }
        Rule::block => "a block `{`",
        Rule::target | Rule::flow_target => "a target (an ID, `A -> B` or `*`)",
        Rule::EOI => "the end of the file",
        Rule::kw_on => "`on`",
        Rule::kw_named | Rule::grant_names => "`named`",
        Rule::object_name => "an object name (a string)",
        Rule::kw_in | Rule::parent | Rule::grant_scope => "`in`",
        Rule::verb => "a verb",
        Rule::resource => "a resource",
        Rule::expr | Rule::or_expr | Rule::and_expr | Rule::unary | Rule::test => "an expression",
        Rule::cmp_op => "a comparison",
        Rule::flow_rest | Rule::arrow => "`->`",
        Rule::number => "a number",
        Rule::date => "a date",
        _ => "something else",
    }
}

/// The file ends inside a block: where its `}` is probably missing.
///
/// As rustc does for unclosed delimiters, indentation tells: the first line
/// that comes back to the indentation of the line that opened the innermost
/// block (or a `}` line that goes further left), after that block had lines
/// indented deeper, is where the block ended. A block whose lines are not
/// indented at all says nothing, and the innermost block still open at the
/// end of the file is reported instead.
fn unclosed_block(file: FileId, text: &str) -> Option<Diag> {
    let bytes = text.as_bytes();
    // Open blocks: where the `{` is, the indentation of its line, whether a
    // line inside it was indented deeper.
    let mut open: Vec<(usize, usize, bool)> = Vec::new();
    let mut found: Option<(usize, usize)> = None;
    let mut line_start = Some(0);
    // Indentation of the line being read.
    let mut line_indent = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(ls) = line_start
            && !matches!(c, b' ' | b'\t' | b'\r' | b'\n')
        {
            line_start = None;
            let indent = indentation(&bytes[ls..i]);
            line_indent = indent;
            if found.is_none()
                && let Some(top) = open.last_mut()
            {
                let back = if c == b'}' {
                    indent < top.1
                } else {
                    indent <= top.1
                };
                if back && top.2 {
                    found = Some((top.0, i));
                } else if indent > top.1 {
                    top.2 = true;
                }
            }
        }
        match c {
            b'\n' => line_start = Some(i + 1),
            b'"' => {
                i = lexical::skip_string(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map(|n| i + n).unwrap_or(text.len());
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = lexical::block_comment(bytes, i).0;
                continue;
            }
            b'{' => open.push((i, line_indent, false)),
            b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    let innermost = open.last()?.0;
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    match found {
        Some((brace, at)) => {
            let end = text[at..]
                .find(char::is_whitespace)
                .map(|n| at + n)
                .unwrap_or(text.len());
            Some(
                Diag::error(
                    "vast::syntax::unclosed",
                    "a block is not closed",
                    Span::new(file, at, end.max(at + 1).min(text.len())),
                )
                .label("this block's `}` is probably missing here")
                .note(
                    Span::new(file, brace, brace + 1),
                    "this `{` is never closed",
                )
                .help(format!(
                    "add `}}` before line {}, indented like line {} that opens the block",
                    line_of(at),
                    line_of(brace)
                )),
            )
        }
        None => Some(
            Diag::error(
                "vast::syntax::unclosed",
                "unexpected end of file: a block is not closed",
                Span::new(file, innermost, innermost + 1),
            )
            .label("this `{` is never closed")
            .help("add the missing `}`"),
        ),
    }
}

/// Columns of leading white space, a tab counting as four.
fn indentation(lead: &[u8]) -> usize {
    lead.iter().map(|&b| if b == b'\t' { 4 } else { 1 }).sum()
}

/// A date written another way than `YYYY-MM-DD` (`31/03/2027`,
/// `2027/3/31`, `31.03.2027`) at the place of a syntax error.
fn miswritten_date(file: FileId, text: &str, at: usize) -> Option<Diag> {
    let bytes = text.as_bytes();
    let datey = |b: u8| b.is_ascii_digit() || matches!(b, b'/' | b'.' | b'-');
    let mut start = at.min(bytes.len());
    while start > 0 && datey(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = at.min(bytes.len());
    while end < bytes.len() && datey(bytes[end]) {
        end += 1;
    }
    let raw = text.get(start..end)?;
    let sep = raw.chars().find(|c| !c.is_ascii_digit())?;
    let parts: Vec<&str> = raw.split(sep).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    if parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let (a, b, c) = (n(parts[0]), n(parts[1]), n(parts[2]));
    // Year, month, day when the writing says which is which.
    let ymd = if parts[0].len() == 4 {
        Some((a, b, c))
    } else if parts[2].len() == 4 && a > 12 {
        Some((c, b, a))
    } else if parts[2].len() == 4 && b > 12 {
        Some((c, a, b))
    } else {
        None
    };
    let help = match ymd.filter(|&(_, m, d)| (1..=12).contains(&m) && (1..=31).contains(&d)) {
        Some((y, m, d)) => format!("dates are written YYYY-MM-DD: {y:04}-{m:02}-{d:02}"),
        None => "dates are written YYYY-MM-DD (year, month, day), e.g. 2027-03-31".to_string(),
    };
    Some(
        Diag::error(
            "vast::syntax::date_format",
            format!("`{raw}` is not written as a date"),
            Span::new(file, start, end),
        )
        .label("not YYYY-MM-DD")
        .help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(d: Option<Diag>) -> Option<String> {
        d.and_then(|d| d.help)
    }

    #[test]
    fn dates_written_another_way() {
        let h = |s: &str| help(miswritten_date(0, s, s.find(['/', '.', '-']).unwrap_or(0)));
        assert_eq!(
            h("until 31/03/2027").as_deref(),
            Some("dates are written YYYY-MM-DD: 2027-03-31")
        );
        assert_eq!(
            h("until 2027/3/31").as_deref(),
            Some("dates are written YYYY-MM-DD: 2027-03-31")
        );
        assert_eq!(
            h("until 03/31/2027").as_deref(),
            Some("dates are written YYYY-MM-DD: 2027-03-31")
        );
        assert!(h("until 03.04.2027").is_some_and(|s| s.contains("e.g.")));
        assert_eq!(h("port 44/3"), None);
        assert_eq!(h("a -> b"), None);
    }

    #[test]
    fn missing_brace_found_by_indentation() {
        let text = "boundary b {\n  process p {\n    kind x\n  process q {\n    kind y\n  }\n}\n";
        let d = unclosed_block(0, text).unwrap();
        let at = d.span.unwrap().start;
        assert_eq!(&text[at..at + 9], "process q");
        assert_eq!(d.notes[0].span.start, text.find("p {").unwrap() + 2);
        // Not indented: the innermost open block.
        let flat = "boundary b {\nprocess p {\nkind x\n}\n";
        let d = unclosed_block(0, flat).unwrap();
        assert_eq!(d.span.unwrap().start, flat.find('{').unwrap());
        // A `}` further left than the block's opening line.
        let left = "a {\n  b {\n    c {\n      x\n  }\n}\n";
        let d = unclosed_block(0, left).unwrap();
        assert_eq!(d.span.unwrap().start, left.find("  }").unwrap() + 2);
        assert_eq!(d.notes[0].span.start, left.find("c {").unwrap() + 2);
    }
}
