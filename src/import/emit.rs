//! Writes `.vast` text in the canonical layout: 2-space indentation, one
//! setting per line, `{` on the declaration line and `}` alone, a blank line
//! between declarations, strings in double quotes with escapes.

use super::names::is_bare;

/// One declaration: comments above it, its head (`process api "api"`) and its block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decl {
    pub comments: Vec<String>,
    pub head: String,
    pub items: Vec<Item>,
}

/// One line (or nested declaration) of a block.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `name value`; the value is already written as `.vast` text.
    Setting(String, String),
    /// A line written as is (`allow get on pods in shop`).
    Line(String),
    /// `// text`.
    Comment(String),
    Decl(Decl),
}

impl Decl {
    pub fn new(head: impl Into<String>) -> Self {
        Decl {
            head: head.into(),
            ..Decl::default()
        }
    }

    /// `KEYWORD ID "label"`.
    pub fn named(keyword: &str, id: &str, label: &str) -> Self {
        Decl::new(format!("{keyword} {id} {}", string(label)))
    }

    pub fn comment(&mut self, text: impl Into<String>) {
        self.comments.push(text.into());
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.items
            .push(Item::Setting(name.to_string(), value.into()));
    }

    pub fn line(&mut self, text: impl Into<String>) {
        self.items.push(Item::Line(text.into()));
    }

    pub fn note(&mut self, text: impl Into<String>) {
        self.items.push(Item::Comment(text.into()));
    }

    pub fn push(&mut self, d: Decl) {
        self.items.push(Item::Decl(d));
    }

    fn write(&self, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        for c in &self.comments {
            comment_lines(&pad, c, out);
        }
        out.push_str(&pad);
        out.push_str(&self.head);
        if self.items.is_empty() {
            out.push_str(" {}\n");
            return;
        }
        out.push_str(" {\n");
        let inner = "  ".repeat(indent + 1);
        let mut prev_decl = false;
        for (i, item) in self.items.iter().enumerate() {
            let is_decl = matches!(item, Item::Decl(_));
            if i > 0 && (is_decl || prev_decl) {
                out.push('\n');
            }
            match item {
                Item::Setting(name, value) => {
                    out.push_str(&format!("{inner}{name} {value}\n"));
                }
                Item::Line(text) => out.push_str(&format!("{inner}{text}\n")),
                Item::Comment(text) => comment_lines(&inner, text, out),
                Item::Decl(d) => d.write(indent + 1, out),
            }
            prev_decl = is_decl;
        }
        out.push_str(&pad);
        out.push_str("}\n");
    }
}

fn comment_lines(pad: &str, text: &str, out: &mut String) {
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(&format!("{pad}//\n"));
        } else {
            out.push_str(&format!("{pad}// {line}\n"));
        }
    }
}

/// A whole file: header comments, then top-level declarations.
pub fn file(header: &[String], decls: &[Decl]) -> String {
    let mut out = String::new();
    for h in header {
        comment_lines("", h, &mut out);
    }
    for d in decls {
        if !out.is_empty() {
            out.push('\n');
        }
        d.write(0, &mut out);
    }
    out
}

/// A string literal with `\"`, `\\`, `\n`, `\t` and `\u{…}` escapes.
pub fn string(s: &str) -> String {
    crate::syntax::ast::quote(s)
}

/// A comma-separated list of string literals.
pub fn strings<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| string(s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A comma-separated list of words (already valid identifiers).
pub fn words<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value written bare when it is an identifier, else quoted.
pub fn word_or_string(s: &str) -> String {
    if is_bare(s) { s.to_string() } else { string(s) }
}

/// Comment text safe on one line (no line breaks, no `*/` games needed for `//`).
pub fn one_line(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    const MAX: usize = 160;
    if flat.chars().count() > MAX {
        let cut: String = flat.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        let mut b = Decl::named("boundary", "shop", "namespace shop");
        b.set("kind", "k8s-namespace");
        let mut p = Decl::named("process", "api", "api");
        p.comment("the API");
        p.set("kind", "k8s-deployment");
        b.push(p);
        let text = file(&["header".into()], &[b]);
        assert_eq!(
            text,
            "// header\n\nboundary shop \"namespace shop\" {\n  kind k8s-namespace\n\n  // the API\n  process api \"api\" {\n    kind k8s-deployment\n  }\n}\n"
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(string("\u{1}"), "\"\\u{1}\"");
    }
}
