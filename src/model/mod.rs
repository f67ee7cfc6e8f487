//! The resolved model: what every stage after the resolver works on.
//!
//! Names are resolved to typed IDs ([`ElementId`], [`FlowId`]… indexing the
//! model's [`IdVec`]s; an ID is valid for the model that issued it),
//! defaults are filled in, and every object
//! keeps the [`Span`] of its declaration. Settings that rules may test are
//! kept in a [`Settings`] map of typed values, so the rule engine reads the
//! same facts the user wrote.

pub mod condition;
mod date;
pub mod facts;
mod id;
mod key;
mod words;

use crate::source::{SourceMap, Span};
use condition::Condition;
pub use date::Date;
pub use id::{BoundaryId, DataId, ElementId, FlowId, IdVec, IdentityId, Idx};
pub use key::{Key, Settings};
pub use words::{
    AppliesTo, BoundaryKind, ElementKind, IdentityKind, Status, Trust, Vocab, WidgetKind,
};

/// A typed setting value after resolution.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Bool(bool),
    Num(f64),
    Text(String),
    /// A vocabulary word or name.
    Word(String),
    Date(Date),
    List(Vec<Val>),
}

impl Val {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Text(s) | Val::Word(s) => Some(s),
            _ => None,
        }
    }

    /// True unless unset, false, `none`, 0 or empty.
    pub fn truthy(&self) -> bool {
        match self {
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0,
            Val::Text(s) => !s.is_empty(),
            Val::Word(w) => w != "none" && w != "false",
            Val::Date(_) => true,
            Val::List(l) => !l.is_empty(),
        }
    }

    pub fn display(&self) -> String {
        match self {
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => format_num(*n),
            Val::Text(s) | Val::Word(s) => s.clone(),
            Val::Date(d) => d.to_string(),
            Val::List(l) => l.iter().map(Val::display).collect::<Vec<_>>().join(", "),
        }
    }
}

/// Numbers as users write them: `443`, `0.5`.
pub fn format_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct DataAsset {
    pub id: String,
    pub label: String,
    /// Ranks in [`crate::resolve::vocab::CLASSIFICATION`] and `LEVEL`.
    pub classification: usize,
    pub integrity: usize,
    pub availability: usize,
    pub settings: Settings,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Boundary {
    pub id: String,
    pub label: String,
    pub kind: BoundaryKind,
    pub trust: Trust,
    pub parent: Option<BoundaryId>,
    pub settings: Settings,
    pub span: Span,
}

/// The three DFD element types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ElementType {
    Actor,
    Process,
    Store,
}

impl ElementType {
    pub fn as_str(self) -> &'static str {
        match self {
            ElementType::Actor => "actor",
            ElementType::Process => "process",
            ElementType::Store => "store",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    pub id: String,
    pub label: String,
    pub ty: ElementType,
    pub kind: ElementKind,
    pub boundary: Option<BoundaryId>,
    /// The identity it runs as (workloads; defaults to the namespace's default account).
    pub runs_as: Option<IdentityId>,
    pub stores: Vec<DataId>,
    pub settings: Settings,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub id: String,
    pub label: String,
    pub source: ElementId,
    pub target: ElementId,
    pub carries: Vec<DataId>,
    pub returns: Vec<DataId>,
    pub credential: Option<IdentityId>,
    pub settings: Settings,
    pub span: Span,
}

impl Flow {
    pub fn encrypted(&self) -> bool {
        self.settings.flag(Key::Encrypted)
    }

    pub fn authn(&self) -> &str {
        self.settings.word(Key::Authn).unwrap_or("none")
    }
}

/// Where an `allow` grant applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GrantScope {
    Cluster,
    Namespace(BoundaryId),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Grant {
    pub verbs: Vec<String>,
    pub resources: Vec<String>,
    /// `named "a", "b"`: only the objects of those names (Kubernetes'
    /// `resourceNames`); empty for every object of the resources.
    pub names: Vec<String>,
    pub scope: GrantScope,
    pub span: Span,
}

impl Grant {
    /// Does this grant allow `verb` on `resource` (wildcards on either side),
    /// on some objects at least?
    pub fn allows(&self, verb: &str, resource: &str) -> bool {
        let v = verb == "*" || self.verbs.iter().any(|x| x == "*" || x == verb);
        let r = resource == "*" || self.resources.iter().any(|x| x == "*" || x == resource);
        v && r
    }

    /// Does this grant allow `verb` on every object of `resource`, not
    /// only on some named ones?
    pub fn allows_all(&self, verb: &str, resource: &str) -> bool {
        self.names.is_empty() && self.allows(verb, resource)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub id: String,
    pub label: String,
    pub kind: IdentityKind,
    pub scope: Option<BoundaryId>,
    pub grants: Vec<Grant>,
    pub settings: Settings,
    /// Made by the resolver (a namespace's default service account).
    pub implicit: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Widget {
    pub id: String,
    pub label: String,
    pub kind: WidgetKind,
    pub carries: Vec<DataId>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    pub id: String,
    pub label: String,
    pub on: Vec<ElementId>,
    pub widgets: Vec<Widget>,
    pub span: Span,
}

/// One end of an app `step`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepEnd {
    User,
    Feature(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub from: StepEnd,
    pub to: StepEnd,
    pub label: String,
    pub carries: Vec<DataId>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct App {
    pub id: String,
    pub label: String,
    pub user: Option<ElementId>,
    pub features: Vec<Feature>,
    pub steps: Vec<Step>,
    pub span: Span,
}

/// What a risk decision or manual threat is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TargetRef {
    Any,
    Element(ElementId),
    Flow(FlowId),
    Boundary(BoundaryId),
    Identity(IdentityId),
    Data(DataId),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    pub rule: String,
    pub target: TargetRef,
    /// The target as threat IDs write it (`frontend`, `a->b`, `*`).
    pub target_key: String,
    pub status: Status,
    pub reason: Option<String>,
    pub ticket: Option<String>,
    pub owner: Option<String>,
    pub until: Option<Date>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ManualThreat {
    pub id: String,
    pub title: String,
    pub target: TargetRef,
    pub target_key: String,
    pub settings: Settings,
    pub span: Span,
}

/// A threat rule, built-in or the user's.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDef {
    pub id: String,
    pub title: String,
    pub applies_to: AppliesTo,
    pub when: Option<Condition>,
    pub settings: Settings,
    pub builtin: bool,
    pub span: Span,
}

/// What a scenario's attacker starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compromised {
    Element(ElementId),
    Identity(IdentityId),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub id: String,
    pub label: String,
    pub compromise: Vec<Compromised>,
    pub span: Span,
}

/// The whole resolved build.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub title: String,
    pub settings: Settings,
    pub trusted_registries: Vec<String>,
    pub sources: SourceMap,
    pub data: IdVec<DataId, DataAsset>,
    pub boundaries: IdVec<BoundaryId, Boundary>,
    pub elements: IdVec<ElementId, Element>,
    pub flows: IdVec<FlowId, Flow>,
    pub identities: IdVec<IdentityId, Identity>,
    pub apps: Vec<App>,
    pub risks: Vec<Risk>,
    pub threats: Vec<ManualThreat>,
    pub rules: Vec<RuleDef>,
    pub scenarios: Vec<Scenario>,
}

impl Model {
    pub fn element(&self, id: &str) -> Option<ElementId> {
        self.elements.position(|e| e.id == id)
    }

    pub fn boundary(&self, id: &str) -> Option<BoundaryId> {
        self.boundaries.position(|b| b.id == id)
    }

    pub fn identity(&self, id: &str) -> Option<IdentityId> {
        self.identities.position(|i| i.id == id)
    }

    pub fn flow(&self, id: &str) -> Option<FlowId> {
        self.flows.position(|f| f.id == id)
    }

    pub fn data_asset(&self, id: &str) -> Option<DataId> {
        self.data.position(|d| d.id == id)
    }

    /// Ancestors of a boundary, innermost first, itself included.
    pub fn boundary_chain(&self, b: Option<BoundaryId>) -> Vec<BoundaryId> {
        let mut out = Vec::new();
        let mut cur = b;
        while let Some(i) = cur {
            if out.contains(&i) || out.len() > self.boundaries.len() {
                break;
            }
            out.push(i);
            cur = self.boundaries.get(i).and_then(|x| x.parent);
        }
        out
    }

    /// Nearest enclosing boundary of `kind` of an element.
    pub fn enclosing(&self, element: ElementId, kind: BoundaryKind) -> Option<BoundaryId> {
        let b = self.elements.get(element)?.boundary;
        self.boundary_chain(b)
            .into_iter()
            .find(|&i| self.boundaries[i].kind == kind)
    }
}
