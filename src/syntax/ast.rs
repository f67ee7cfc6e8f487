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

/// A calendar date `YYYY-MM-DD`, already checked to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

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
            Target::Flow(a, b) => format!("{}->{}", a.name, b.name),
        }
    }
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
    pub scope: Option<Ident>,
    pub span: Span,
}

/// A declaration with a keyword the language does not have.
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    pub keyword: Ident,
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
}
