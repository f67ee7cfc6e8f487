//! `vastc fmt`: one canonical layout for `.vast` files.
//!
//! The layout:
//! - two spaces of indentation per block level;
//! - a declaration's header on one line (`process api "API" in ns {`,
//!   `flow read: api -> db "read" {`, `risk R on a -> b {`), then one setting
//!   or nested declaration per line, and `}` alone on its line, unless the
//!   block stays on one line (below);
//! - a block written on one line, with no comment inside, stays on one line
//!   (`flow a -> b { protocol https; port 443 }`, entries separated by `; `)
//!   when that line fits in 100 columns; any other block gets a line per
//!   entry;
//! - a declaration written without a block stays without one; an empty
//!   block (no entries, no comments) prints as `{}`;
//! - lists as `a, b, c`; strings re-quoted canonically; `"""` blocks kept
//!   as blocks, their lines one level deeper than the entry holding them;
//! - `when` expressions in the canonical form of [`Expr`]'s `Display`
//!   (parentheses only where they are needed);
//! - declarations and settings in the order written; semicolons dropped;
//!   at most one blank line, kept where the source had one or more between
//!   two entries or comments; none after `{`, before `}` or at the ends of
//!   the file.
//!
//! Every comment is kept, with its text unchanged (line comments lose
//! trailing white space). Comments are attached by position while the tree
//! is printed in source order:
//! - a comment on the same line as the end of the previous entry (or of a
//!   block's `{`) trails it on that line;
//! - a comment on a line of its own goes on its own line above the next
//!   entry, at the entry's indentation (doc comments `///` included, so they
//!   stay the description of the declaration below them);
//! - a comment inside an entry but outside its block (between a header's
//!   tokens, inside a `when` expression or a list) moves to its own line
//!   above that entry: the meaning of the model does not change;
//! - comments after the last entry of a block print before its `}`, and
//!   those after the last declaration at the end of the file.
//!
//! An entry with a keyword the language does not know (an error for the
//! resolver, not for the parser) is printed as written, comments included.
//!
//! [`Expr`]: crate::syntax::ast::Expr

mod comments;
mod printer;

use crate::diagnostic::Diag;

/// Formats a file; a file with syntax errors gives its diagnostics
/// (file id 0) and is not formatted.
pub fn format(text: &str) -> Result<String, Vec<Diag>> {
    let (file, diags) = crate::syntax::parse(0, text);
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(printer::print(&file, text))
}

#[cfg(test)]
mod tests {
    use super::format;

    fn fmt(s: &str) -> String {
        format(s).unwrap_or_else(|d| panic!("{d:?}"))
    }

    #[test]
    fn layout() {
        assert_eq!(
            fmt("data a \"A\" {\n classification restricted; integrity high }"),
            "data a \"A\" {\n  classification restricted\n  integrity high\n}\n"
        );
        assert_eq!(fmt("actor a\nactor b {   }"), "actor a\nactor b {}\n");
        assert_eq!(
            fmt("flow x:a->b \"l\" in c {protocol https port 443}"),
            "flow x: a -> b \"l\" in c { protocol https; port 443 }\n"
        );
        assert_eq!(
            fmt("risk R on a->b{status open\n}\nrisk S on *"),
            "risk R on a -> b {\n  status open\n}\nrisk S on *\n"
        );
    }

    /// A block written on one line stays on one line when it fits in 100
    /// columns (nested blocks too); a longer one, one written over several
    /// lines or one with a comment inside gets a line per entry.
    #[test]
    fn one_line_blocks() {
        let flow = "flow a -> b \"orders\" { protocol https; port 443; carries orders }\n";
        assert_eq!(fmt(flow), flow);
        assert_eq!(
            fmt("app p \"P\" {feature f \"F\" {on a;widget w {kind form}}}"),
            "app p \"P\" { feature f \"F\" { on a; widget w { kind form } } }\n"
        );
        let long = format!(
            "actor a \"{}\" {{ kind user; description \"d\" }}",
            "x".repeat(70)
        );
        assert_eq!(
            fmt(&long),
            format!(
                "actor a \"{}\" {{\n  kind user\n  description \"d\"\n}}\n",
                "x".repeat(70)
            )
        );
        // Exactly 100 columns fits; 101 does not.
        let at = |n: usize| format!("actor a \"{}\" {{ kind user }}", "x".repeat(n));
        assert_eq!(at(76).len(), 100);
        assert_eq!(fmt(&at(76)), at(76) + "\n");
        assert!(fmt(&at(77)).contains("{\n  kind user\n}"));
        let nested = "boundary b { kind internet; actor a { kind user } }\n";
        assert_eq!(
            fmt(&format!("boundary o {{\n  kind internet\n  {nested}}}")),
            format!("boundary o {{\n  kind internet\n  {nested}}}\n")
        );
        assert_eq!(
            fmt("actor a { kind user /* why */ }"),
            "actor a {\n  kind user /* why */\n}\n"
        );
        assert_eq!(
            fmt("rule R \"r\" { applies-to flow; when a  and not( b) }"),
            "rule R \"r\" { applies-to flow; when a and not b }\n"
        );
    }

    #[test]
    fn comments_trail_and_lead() {
        let src = "// head\n\n\n\nactor a { // open\n  kind user // why\n\n  // before close\n}\n// end\n";
        assert_eq!(
            fmt(src),
            "// head\n\nactor a { // open\n  kind user // why\n\n  // before close\n}\n// end\n"
        );
    }

    #[test]
    fn trailing_spans_are_trimmed() {
        assert_eq!(
            fmt("actor a \"A\" // c\nactor b"),
            "actor a \"A\" // c\nactor b\n"
        );
        assert_eq!(
            fmt("actor a { kind user /* c */ }"),
            "actor a {\n  kind user /* c */\n}\n"
        );
    }

    #[test]
    fn block_strings_reindent() {
        let src = "model \"m\" {\ndescription \"\"\"\n        one\n          two\n\n        three\n\"\"\"\n}";
        assert_eq!(
            fmt(src),
            "model \"m\" {\n  description \"\"\"\n    one\n      two\n\n    three\n  \"\"\"\n}\n"
        );
    }

    #[test]
    fn unknown_kept_verbatim() {
        let src = "widgit x { a  b /* c */ }\nactor a";
        assert_eq!(fmt(src), "widgit x { a  b /* c */ }\nactor a\n");
    }

    #[test]
    fn expressions_keep_their_meaning() {
        let when = |e: &str| {
            let out = fmt(&format!("rule R \"r\" {{\n when {e} }}"));
            out.lines()
                .find_map(|l| l.trim().strip_prefix("when ").map(str::to_string))
                .unwrap_or_default()
        };
        assert_eq!(when("(a or b) and c"), "(a or b) and c");
        assert_eq!(when("a or (b and c)"), "a or b and c");
        assert_eq!(when("not (a and b)"), "not (a and b)");
        assert_eq!(when("not (a or b) and c"), "not (a or b) and c");
        assert_eq!(when("not ((a))"), "not a");
        assert_eq!(when("((a or b)) or c"), "a or b or c");
        assert_eq!(
            when("a and (b or (c and (d or e)))"),
            "a and (b or c and (d or e))"
        );
        assert_eq!(when("not not x == \"v\""), "not not x == \"v\"");
        assert_eq!(
            when("k in [a,\"b c\"] and f( x ,2)"),
            "k in [a, \"b c\"] and f(x, 2)"
        );
    }

    #[test]
    fn syntax_errors_refuse() {
        assert!(format("actor a {").is_err());
    }
}
