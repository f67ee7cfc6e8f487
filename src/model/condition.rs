//! A rule's condition as the resolver lowers its `when` expression: path
//! steps, fields, facts and predicates are enums resolved through the
//! registry ([`super::facts`]), literals are read once, and the tree keeps
//! the shape the user wrote, so it prints back in the canonical form
//! `vastc fmt` writes and evidence quotes it as written.

use super::facts::{Fact, Pred};
use super::{BoundaryKind, Date, ElementKind, Key};
use crate::model::Vocab;
use std::fmt;

/// Comparison operators.
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

/// What a literal is.
#[derive(Clone, Debug, PartialEq)]
pub enum LiteralKind {
    /// A bare word (`restricted`, `true`).
    Word,
    /// A quoted string.
    Str,
    Number(f64),
    Date(Date),
    /// `*`.
    Star,
}

/// A literal of a condition, read once.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub kind: LiteralKind,
    /// Its text: words and strings as they are, numbers as written.
    pub text: String,
    /// As the canonical form writes it (strings quoted and escaped).
    pub written: String,
}

impl Literal {
    /// The text of a word or string, `None` for other literals.
    pub fn word(&self) -> Option<&str> {
        matches!(self.kind, LiteralKind::Word | LiteralKind::Str).then_some(self.text.as_str())
    }
}

/// One step of a path (`source.`, `boundary.`, …); `Nowhere` for a name
/// that leads nowhere from any subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Source,
    Target,
    Credential,
    Boundary,
    Namespace,
    Cluster,
    Identity,
    Parent,
    Scope,
    Nowhere,
}

impl Step {
    pub fn named(name: &str) -> Step {
        match name {
            "source" => Step::Source,
            "target" => Step::Target,
            "credential" => Step::Credential,
            "boundary" => Step::Boundary,
            "namespace" => Step::Namespace,
            "cluster" => Step::Cluster,
            "identity" => Step::Identity,
            "parent" => Step::Parent,
            "scope" => Step::Scope,
            _ => Step::Nowhere,
        }
    }

    /// The word a sentence names the step's subject by.
    pub fn word(self) -> &'static str {
        match self {
            Step::Source => "source",
            Step::Target => "target",
            Step::Credential => "credential",
            Step::Boundary => "boundary",
            Step::Namespace => "namespace",
            Step::Cluster => "cluster",
            Step::Identity => "identity",
            Step::Parent => "parent",
            Step::Scope => "scope",
            Step::Nowhere => "it",
        }
    }
}

/// Fields every subject answers before its settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Special {
    Id,
    Label,
    Kind,
    Trust,
    None,
}

/// The last name of a path, resolved: a special field, else the setting
/// of that name, else the derived fact.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub special: Special,
    /// The setting of this name, if the language has one.
    pub key: Option<Key>,
    /// The vocabulary of a word setting of this name, per subject type
    /// (actor, process, store, flow, boundary, identity); only words need
    /// theirs (for ordered comparisons).
    pub vocab: [Option<&'static Vocab>; 6],
    pub fact: Option<Fact>,
}

/// A path: its steps, its field and its dotted text.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub steps: Vec<Step>,
    /// `None` for an empty path (never set).
    pub field: Option<Field>,
    pub dotted: String,
}

impl Path {
    /// The name of the field (empty for an empty path).
    pub fn field_name(&self) -> &str {
        self.field
            .as_ref()
            .map(|f| f.name.as_str())
            .unwrap_or_default()
    }
}

/// Where a `grants` predicate looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantsIn {
    Cluster,
    Namespace,
    Any,
}

/// A graph predicate with its arguments read.
#[derive(Clone, Debug, PartialEq)]
pub enum Predicate {
    /// A boundary kind (`None`: a word that is no boundary kind).
    Crosses(Option<BoundaryKind>),
    ReachableFrom(Option<BoundaryKind>),
    /// Classification ranks.
    Carries(usize),
    Sends(usize),
    Returns(usize),
    Stores(usize),
    /// Verb, resource and scope.
    Grants(String, String, GrantsIn),
    /// An element kind.
    FlowsTo(Option<ElementKind>),
    InboundFrom(Option<BoundaryKind>),
    InboundFromOutside(Option<BoundaryKind>),
    Inside(Option<BoundaryKind>),
    /// The list setting (`None` when the language has no setting of the
    /// name) and the prefixes.
    AnyStartsWith(Option<Key>, Vec<String>),
}

/// A predicate as written, and read (`None` when the name is unknown).
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub name: String,
    pub pred: Option<Pred>,
    pub args: Vec<Literal>,
    pub predicate: Option<Predicate>,
}

/// A rule's condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    Or(Vec<Condition>),
    And(Vec<Condition>),
    Not(Box<Condition>),
    Truthy(Path),
    Compare(Path, CmpOp, Literal),
    In(Path, Vec<Literal>),
    Has(Path, Literal),
    Call(Call),
}

fn join(f: &mut fmt::Formatter<'_>, xs: &[Condition], op: &str, parent_and: bool) -> fmt::Result {
    let paren = parent_and && op == "or";
    if paren {
        f.write_str("(")?;
    }
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            write!(f, " {op} ")?;
        }
        match x {
            Condition::Or(ys) if op == "and" => join(f, ys, "or", true)?,
            other => write!(f, "{other}")?,
        }
    }
    if paren {
        f.write_str(")")?;
    }
    Ok(())
}

fn written(xs: &[Literal]) -> String {
    let xs: Vec<&str> = xs.iter().map(|x| x.written.as_str()).collect();
    xs.join(", ")
}

/// Conditions print in the canonical form `vastc fmt` writes.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Or(xs) => join(f, xs, "or", false),
            Condition::And(xs) => join(f, xs, "and", false),
            Condition::Not(x) => match **x {
                Condition::Or(_) | Condition::And(_) => write!(f, "not ({x})"),
                _ => write!(f, "not {x}"),
            },
            Condition::Truthy(p) => f.write_str(&p.dotted),
            Condition::Compare(p, op, v) => {
                write!(f, "{} {} {}", p.dotted, op.as_str(), v.written)
            }
            Condition::In(p, vs) => write!(f, "{} in [{}]", p.dotted, written(vs)),
            Condition::Has(p, v) => write!(f, "{} has {}", p.dotted, v.written),
            Condition::Call(c) => write!(f, "{}({})", c.name, written(&c.args)),
        }
    }
}
