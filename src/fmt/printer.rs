//! The printer of `fmt`: walks the syntax tree in source order and writes
//! the canonical layout, taking comments from the cursor as it passes them.

use super::comments::Comments;
use crate::source::Span;
use crate::syntax::ast::{
    Allow, Block, Decl, Expr, File, Item, Keyword, Setting, Target, Unknown, Value, ValueKind,
    quote,
};

const INDENT: &str = "  ";
/// Columns a one-line block may reach.
const WIDTH: usize = 100;

/// One entry of the file or of a block, as the printer sees it.
enum Node<'a> {
    Decl(&'a Decl),
    Setting(&'a Setting),
    Allow(&'a Allow),
    When(&'a Expr, Span),
    Unknown(&'a Unknown),
}

impl<'a> Node<'a> {
    fn of(item: &'a Item) -> Node<'a> {
        match item {
            Item::Decl(d) => Node::Decl(d),
            Item::Setting(s) => Node::Setting(s),
            Item::Allow(a) => Node::Allow(a),
            Item::When(e, span) => Node::When(e, *span),
            Item::Unknown(u) => Node::Unknown(u),
        }
    }

    fn span(&self) -> Span {
        match self {
            Node::Decl(d) => d.span,
            Node::Setting(s) => s.span,
            Node::Allow(a) => a.span,
            Node::When(_, span) => *span,
            Node::Unknown(u) => u.span,
        }
    }

    fn block(&self) -> Option<&'a Block> {
        match self {
            Node::Decl(d) => d.body.as_ref(),
            _ => None,
        }
    }
}

/// Prints a parsed file in the canonical layout.
pub fn print(file: &File, text: &str) -> String {
    let mut nodes: Vec<Node> = file.decls.iter().map(Node::Decl).collect();
    nodes.extend(file.unknown.iter().map(Node::Unknown));
    nodes.sort_by_key(|n| n.span().start);
    let mut p = Printer {
        text,
        comments: Comments::new(&file.comments),
        out: String::with_capacity(text.len() + 64),
        last_end: 0,
        first: true,
    };
    p.nodes(&nodes, 0, text.len());
    if !p.out.is_empty() {
        p.out.push('\n');
    }
    p.out
}

struct Printer<'a> {
    text: &'a str,
    comments: Comments<'a>,
    out: String,
    /// Source offset just past the last thing printed.
    last_end: usize,
    /// Nothing printed yet in the current block (or file).
    first: bool,
}

impl Printer<'_> {
    /// Line breaks in the source between the last thing printed and `pos`.
    fn breaks_before(&self, pos: usize) -> usize {
        let from = self.last_end.min(pos);
        self.text.get(from..pos).unwrap_or("").matches('\n').count()
    }

    /// Starts a new line at `depth` (after one blank line when `blank`) and writes `s`.
    fn line(&mut self, depth: usize, blank: bool, s: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
            if blank && !self.first {
                self.out.push('\n');
            }
        }
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(s);
        self.first = false;
    }

    /// Prints the entries of a block (or the file) ending at `end`, then the
    /// comments left before `end`.
    fn nodes(&mut self, nodes: &[Node], depth: usize, end: usize) {
        for n in nodes {
            self.node(n, depth);
        }
        self.comments_before(end, depth);
    }

    /// Comments before `pos` on the line of the last thing printed: they trail it.
    fn trailing_before(&mut self, pos: usize) {
        while !self.out.is_empty()
            && self
                .comments
                .peek_before(pos)
                .is_some_and(|c| self.breaks_before(c.span.start) == 0)
        {
            if let Some(c) = self.comments.take_before(pos) {
                self.out.push(' ');
                self.out.push_str(comment_text(&c.text));
                self.last_end = c.span.end;
            }
        }
    }

    /// Comments before `pos`: those on the line of the last thing printed
    /// trail it; the others get lines of their own.
    fn comments_before(&mut self, pos: usize, depth: usize) {
        while let Some(c) = self.comments.take_before(pos) {
            let breaks = self.breaks_before(c.span.start);
            let text = comment_text(&c.text);
            if breaks == 0 && !self.out.is_empty() {
                self.out.push(' ');
                self.out.push_str(text);
            } else {
                self.line(depth, breaks > 1, text);
            }
            self.last_end = c.span.end;
        }
    }

    fn node(&mut self, n: &Node, depth: usize) {
        let span = n.span();
        self.trailing_before(span.start);
        let end = self.comments.trim_end(self.text, span.start, span.end);
        if let Node::Unknown(_) = n {
            // Not a construct of the language: kept as written.
            self.comments_before(span.start, depth);
            let blank = self.breaks_before(span.start) > 1;
            self.comments.skip_before(end);
            let raw = self.text.get(span.start..end).unwrap_or("");
            self.line(depth, blank, raw);
            self.last_end = end;
            return;
        }
        // Leading comments, each with "a blank line before it".
        let mut leading: Vec<(&str, bool)> = Vec::new();
        while let Some(c) = self.comments.take_before(span.start) {
            leading.push((comment_text(&c.text), self.breaks_before(c.span.start) > 1));
            self.last_end = c.span.end;
        }
        let blank = self.breaks_before(span.start) > 1;
        // Comments between the tokens of an entry go above it, and above the
        // doc comments right over it, so those stay its description.
        let head_end = n.block().map(|b| b.span.start).unwrap_or(end);
        let mut inner: Vec<&str> = Vec::new();
        while let Some(c) = self.comments.take_before(head_end) {
            inner.push(comment_text(&c.text));
        }
        // The run of doc comments right above the entry (its description).
        let mut docs = leading.len();
        if !blank {
            while docs > 0 && is_doc(leading[docs - 1].0) {
                docs -= 1;
                if leading[docs].1 {
                    break;
                }
            }
        }
        for &(text, b) in &leading[..docs] {
            self.line(depth, b, text);
        }
        let run_blank = leading.get(docs).map(|l| l.1).unwrap_or(blank);
        // A doc comment moved up must not join the doc comments below it.
        let split = inner.last().is_some_and(|t| is_doc(t));
        let (inner_blank, after_blank) = if inner.is_empty() {
            (false, run_blank)
        } else {
            (run_blank, split)
        };
        for (i, text) in inner.iter().enumerate() {
            self.line(depth, i == 0 && inner_blank, text);
        }
        for (i, &(text, b)) in leading[docs..].iter().enumerate() {
            self.line(depth, if i == 0 { after_blank } else { b }, text);
        }
        let blank = docs == leading.len() && after_blank;
        let head = self.head(n, depth);
        self.line(depth, blank, &head);
        self.last_end = end;
        if let Some(b) = n.block() {
            let close = b.span.end.saturating_sub(1);
            // A `"""` label ends the head on a line of its own.
            let last = head.rsplit('\n').next().unwrap_or("");
            let indent = if head.contains('\n') {
                0
            } else {
                depth * INDENT.len()
            };
            let width = indent + last.chars().count();
            if b.items.is_empty() && !self.comments.any_before(close) {
                self.out.push_str(" {}");
            } else if let Some(one) = self
                .one_line(b, depth)
                .filter(|one| width + 1 + one.chars().count() <= WIDTH)
            {
                self.out.push(' ');
                self.out.push_str(&one);
            } else {
                self.out.push_str(" {");
                self.last_end = b.span.start + 1;
                self.first = true;
                let children: Vec<Node> = b.items.iter().map(Node::of).collect();
                self.nodes(&children, depth + 1, close);
                self.line(depth, false, "}");
            }
            self.last_end = b.span.end.max(end);
        }
    }

    /// A block written on one line, with no comment inside, as one line
    /// (`{ kind user; port 443 }`, nested blocks too); `None` when it was
    /// written over several lines or cannot be one line (a comment, a
    /// `"""` text block).
    fn one_line(&self, b: &Block, depth: usize) -> Option<String> {
        let src = self.text.get(b.span.start..b.span.end)?;
        if src.contains('\n') || self.comments.any_in(b.span.start, b.span.end) {
            return None;
        }
        if b.items.is_empty() {
            return Some("{}".to_string());
        }
        let mut parts = Vec::with_capacity(b.items.len());
        for item in &b.items {
            let n = Node::of(item);
            let mut part = match n {
                Node::Unknown(u) => {
                    let end = self.comments.trim_end(self.text, u.span.start, u.span.end);
                    self.text.get(u.span.start..end)?.to_string()
                }
                _ => self.head(&n, depth + 1),
            };
            if let Some(inner) = n.block() {
                part.push(' ');
                part.push_str(&self.one_line(inner, depth + 1)?);
            }
            if part.contains('\n') {
                return None;
            }
            parts.push(part);
        }
        Some(format!("{{ {} }}", parts.join("; ")))
    }

    /// The entry's first line (without its block).
    fn head(&self, n: &Node, depth: usize) -> String {
        match n {
            Node::Decl(d) => self.decl_head(d, depth),
            Node::Setting(s) => {
                let values = self.values(&s.values, depth);
                format!("{} {values}", s.name.name)
            }
            Node::Allow(a) => {
                let mut s = format!(
                    "allow {} on {}",
                    self.values(&a.verbs, depth),
                    self.values(&a.resources, depth)
                );
                if !a.names.is_empty() {
                    s.push_str(" named ");
                    s.push_str(&self.values(&a.names, depth));
                }
                if let Some(scope) = &a.scope {
                    s.push_str(" in ");
                    s.push_str(&scope.name);
                }
                s
            }
            Node::When(e, _) => format!("when {e}"),
            Node::Unknown(_) => String::new(),
        }
    }

    fn decl_head(&self, d: &Decl, depth: usize) -> String {
        let mut s = d.keyword.as_str().to_string();
        let ident = |s: &mut String, i: &Option<crate::syntax::ast::Ident>| {
            if let Some(i) = i {
                s.push(' ');
                s.push_str(&i.name);
            }
        };
        match d.keyword {
            Keyword::Include => {
                if let Some(p) = &d.path {
                    s.push(' ');
                    s.push_str(&string(&p.value, p.block, depth));
                }
                return s;
            }
            Keyword::Flow | Keyword::Step => {
                if let Some(id) = &d.id {
                    s.push_str(&format!(" {}:", id.name));
                }
                if let Some((a, b)) = &d.ends {
                    s.push_str(&format!(" {} -> {}", a.name, b.name));
                }
            }
            _ => ident(&mut s, &d.id),
        }
        if let Some(l) = &d.label {
            s.push(' ');
            s.push_str(&string(&l.value, l.block, depth));
        }
        if let Some(t) = &d.target {
            s.push_str(" on ");
            match t {
                Target::Any(_) => s.push('*'),
                Target::Id(i) => s.push_str(&i.name),
                Target::Flow(a, b) => s.push_str(&format!("{} -> {}", a.name, b.name)),
            }
        }
        if let Some(p) = &d.parent {
            s.push_str(" in ");
            s.push_str(&p.name);
        }
        s
    }

    fn values(&self, values: &[Value], depth: usize) -> String {
        let parts: Vec<String> = values.iter().map(|v| self.value(v, depth)).collect();
        parts.join(", ")
    }

    fn value(&self, v: &Value, depth: usize) -> String {
        match &v.kind {
            ValueKind::Str(s) => {
                let block = self
                    .text
                    .get(v.span.start..v.span.end)
                    .is_some_and(|raw| raw.starts_with("\"\"\""));
                string(s, block, depth)
            }
            _ => v.to_string(),
        }
    }
}

/// A string literal in canonical form; a `"""` block keeps its lines, one
/// level deeper than the entry that holds it.
fn string(value: &str, block: bool, depth: usize) -> String {
    if !block {
        return quote(value);
    }
    let mut s = String::from("\"\"\"");
    for line in value.split('\n').filter(|_| !value.is_empty()) {
        s.push('\n');
        if !line.is_empty() {
            for _ in 0..=depth {
                s.push_str(INDENT);
            }
            s.push_str(line);
        }
    }
    s.push('\n');
    for _ in 0..depth {
        s.push_str(INDENT);
    }
    s.push_str("\"\"\"");
    s
}

/// A `///` doc comment.
fn is_doc(text: &str) -> bool {
    text.starts_with("///") && !text.starts_with("////")
}

/// A comment as printed: line comments lose trailing white space, block
/// comments stay verbatim.
fn comment_text(text: &str) -> &str {
    if text.starts_with("//") {
        text.trim_end()
    } else {
        text
    }
}
