//! The typed syntax tree of one `.vast` file.
//!
//! The tree is close to the text: declarations in source order, blocks of
//! settings and nested declarations in source order, values as written (with
//! strings already unescaped). Which settings are valid where is checked by
//! the resolver, not here.

use crate::source::Span;

/// A name as written, with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal, unescaped (and de-indented for `"""` blocks).
#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    pub value: String,
    pub span: Span,
    /// Written as a `"""` block.
    pub block: bool,
}

/// Date literals are the model's dates, re-exported for the parser and
/// existing callers.
pub use crate::model::Date;

/// A setting value.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    Ident(String),
    Str(String),
    /// The number and its text as written (`443`, `0.5`).
    Number(f64, String),
    Date(Date),
    Star,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

impl Value {
    /// The value as text: identifiers and strings as they are, numbers as written.
    pub fn text(&self) -> String {
        match &self.kind {
            ValueKind::Ident(s) | ValueKind::Str(s) => s.clone(),
            ValueKind::Number(_, raw) => raw.clone(),
            ValueKind::Date(d) => d.to_string(),
            ValueKind::Star => "*".to_string(),
        }
    }
}

/// The keyword that opens a declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Keyword {
    Model,
    Include,
    Data,
    Boundary,
    Actor,
    Process,
    Store,
    Flow,
    Identity,
    App,
    Feature,
    Widget,
    Step,
    Risk,
    Threat,
    Rule,
    Scenario,
}

impl Keyword {
    pub const ALL: [Keyword; 17] = [
        Keyword::Model,
        Keyword::Include,
        Keyword::Data,
        Keyword::Boundary,
        Keyword::Actor,
        Keyword::Process,
        Keyword::Store,
        Keyword::Flow,
        Keyword::Identity,
        Keyword::App,
        Keyword::Feature,
        Keyword::Widget,
        Keyword::Step,
        Keyword::Risk,
        Keyword::Threat,
        Keyword::Rule,
        Keyword::Scenario,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Model => "model",
            Keyword::Include => "include",
            Keyword::Data => "data",
            Keyword::Boundary => "boundary",
            Keyword::Actor => "actor",
            Keyword::Process => "process",
            Keyword::Store => "store",
            Keyword::Flow => "flow",
            Keyword::Identity => "identity",
            Keyword::App => "app",
            Keyword::Feature => "feature",
            Keyword::Widget => "widget",
            Keyword::Step => "step",
            Keyword::Risk => "risk",
            Keyword::Threat => "threat",
            Keyword::Rule => "rule",
            Keyword::Scenario => "scenario",
        }
    }

    pub fn parse(s: &str) -> Option<Keyword> {
        Keyword::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What a `risk` or `threat` is about.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Any(Span),
    Id(Ident),
    Flow(Ident, Ident),
}

impl Target {
    pub fn span(&self) -> Span {
        match self {
            Target::Any(s) => *s,
            Target::Id(i) => i.span,
            Target::Flow(a, b) => a.span.to(b.span),
        }
    }

    /// The target as its ID is written in threat IDs (`a->b` for flows).
    pub fn key(&self) -> String {
        match self {
            Target::Any(_) => "*".to_string(),
            Target::Id(i) => i.name.clone(),
            Target::Flow(a, b) => flow_id(&a.name, &b.name),
        }
    }
}

/// The ID a flow without one of its own gets: `source->target`. (Built by
/// hand: `format!` costs several times more, and large models derive tens
/// of thousands of these.)
pub fn flow_id(source: &str, target: &str) -> String {
    let mut id = String::with_capacity(source.len() + 2 + target.len());
    id.push_str(source);
    id.push_str("->");
    id.push_str(target);
    id
}

/// One declaration. Fields not used by a keyword stay empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    pub keyword: Keyword,
    pub keyword_span: Span,
    /// The declared ID (`process frontend`), a flow's explicit ID, a risk's rule.
    pub id: Option<Ident>,
    pub label: Option<Str>,
    /// `in PARENT`.
    pub parent: Option<Ident>,
    /// Source and destination of a `flow` or `step`.
    pub ends: Option<(Ident, Ident)>,
    /// Target of a `risk` or `threat`.
    pub target: Option<Target>,
    /// Path of an `include`.
    pub path: Option<Str>,
    pub body: Option<Block>,
    /// Text of the `///` comments directly above.
    pub doc: Option<String>,
    pub span: Span,
}

/// A `{ … }` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub items: Vec<Item>,
    pub span: Span,
}

/// One entry of a block.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Decl(Box<Decl>),
    Setting(Setting),
    Allow(Allow),
    When(Expr, Span),
    /// Something shaped like a declaration whose keyword is unknown.
    Unknown(Unknown),
}

/// `name value, value, …`
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    pub name: Ident,
    pub values: Vec<Value>,
    pub span: Span,
}

/// `allow VERBS on RESOURCES [in SCOPE]`
#[derive(Clone, Debug, PartialEq)]
pub struct Allow {
    pub verbs: Vec<Value>,
    pub resources: Vec<Value>,
    /// `named "a", "b"`: only these objects (Kubernetes' resourceNames).
    pub names: Vec<Value>,
    pub scope: Option<Ident>,
    pub span: Span,
}

/// A declaration with a keyword the language does not have.
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    pub keyword: Ident,
    /// The ID written after the keyword, if any: still declared, so a
    /// misspelt keyword is one error and not one more per reference.
    pub id: Option<Ident>,
    pub span: Span,
}

/// Comparison operators of `when` expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// A dotted path such as `target.boundary.kind`.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub parts: Vec<Ident>,
    pub span: Span,
}

impl Path {
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        names.join(".")
    }
}

/// A `when` expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Truthy(Path),
    Compare(Path, CmpOp, Value),
    In(Path, Vec<Value>),
    Has(Path, Value),
    Call(Ident, Vec<Value>, Span),
}

/// A comment as found in the source, for `fmt` and doc comments.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

/// One parsed file.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct File {
    pub decls: Vec<Decl>,
    pub unknown: Vec<Unknown>,
    pub comments: Vec<Comment>,
    /// IDs of declarations skipped after a syntax error: still declared, so
    /// the error is not repeated at every reference.
    pub broken: Vec<Ident>,
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ValueKind::Str(s) => write!(f, "{}", quote(s)),
            _ => f.write_str(&self.text()),
        }
    }
}

/// A string literal as written in `.vast`: quoted, with escapes.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Expressions print in the canonical form `vastc fmt` writes.
impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn join(
            f: &mut std::fmt::Formatter<'_>,
            xs: &[Expr],
            op: &str,
            parent_and: bool,
        ) -> std::fmt::Result {
            let paren = parent_and && op == "or";
            if paren {
                f.write_str("(")?;
            }
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    write!(f, " {op} ")?;
                }
                match x {
                    Expr::Or(ys) if op == "and" => join(f, ys, "or", true)?,
                    other => write!(f, "{other}")?,
                }
            }
            if paren {
                f.write_str(")")?;
            }
            Ok(())
        }
        match self {
            Expr::Or(xs) => join(f, xs, "or", false),
            Expr::And(xs) => join(f, xs, "and", false),
            Expr::Not(x) => match **x {
                Expr::Or(_) | Expr::And(_) => write!(f, "not ({x})"),
                _ => write!(f, "not {x}"),
            },
            Expr::Truthy(p) => f.write_str(&p.dotted()),
            Expr::Compare(p, op, v) => write!(f, "{} {} {v}", p.dotted(), op.as_str()),
            Expr::In(p, vs) => {
                let vs: Vec<String> = vs.iter().map(|v| v.to_string()).collect();
                write!(f, "{} in [{}]", p.dotted(), vs.join(", "))
            }
            Expr::Has(p, v) => write!(f, "{} has {v}", p.dotted()),
            Expr::Call(n, args, _) => {
                let a: Vec<String> = args.iter().map(|v| v.to_string()).collect();
                write!(f, "{}({})", n.name, a.join(", "))
            }
        }
    }
}
