//! The contexts rule expressions are checked in, and the registry's facts
//! and predicates ([`crate::model::facts`], re-exported here) looked up by
//! name for a context. The resolver checks names and arguments against the
//! registry; the analysis stage computes them.

use super::schema::Subject;
use crate::model::AppliesTo;
pub use crate::model::facts::{Arg, FACTS, FactDef, FactTy, On, PREDICATES, PredicateDef, on_text};

/// What a rule is evaluated on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctx {
    /// An element of one of these types.
    Element(&'static [Subject]),
    Flow,
    Boundary,
    Identity,
}

pub const ANY_ELEMENT: &[Subject] = &[Subject::Actor, Subject::Process, Subject::Store];

impl Ctx {
    /// The context of a rule's `applies-to`.
    pub fn of_applies_to(applies_to: AppliesTo) -> Ctx {
        match applies_to {
            AppliesTo::Actor => Ctx::Element(&[Subject::Actor]),
            AppliesTo::Process => Ctx::Element(&[Subject::Process]),
            AppliesTo::Store => Ctx::Element(&[Subject::Store]),
            AppliesTo::Element => Ctx::Element(ANY_ELEMENT),
            AppliesTo::Flow => Ctx::Flow,
            AppliesTo::Boundary => Ctx::Boundary,
            AppliesTo::Identity => Ctx::Identity,
        }
    }

    pub fn subjects(self) -> &'static [Subject] {
        match self {
            Ctx::Element(s) => s,
            Ctx::Flow => &[Subject::Flow],
            Ctx::Boundary => &[Subject::Boundary],
            Ctx::Identity => &[Subject::Identity],
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Ctx::Element(_) => "an element",
            Ctx::Flow => "a flow",
            Ctx::Boundary => "a boundary",
            Ctx::Identity => "an identity",
        }
    }

    /// Where `name.` leads from here.
    pub fn navigate(self, name: &str) -> Option<Ctx> {
        match (self, name) {
            (Ctx::Flow, "source" | "target") => Some(Ctx::Element(ANY_ELEMENT)),
            (Ctx::Flow, "credential") => Some(Ctx::Identity),
            (Ctx::Element(_), "boundary" | "namespace" | "cluster") => Some(Ctx::Boundary),
            (Ctx::Element(s), "identity") if s.contains(&Subject::Process) => Some(Ctx::Identity),
            (Ctx::Boundary, "parent") => Some(Ctx::Boundary),
            (Ctx::Identity, "scope") => Some(Ctx::Boundary),
            _ => None,
        }
    }

    /// Names usable before a `.` here.
    pub fn navigations(self) -> &'static [&'static str] {
        match self {
            Ctx::Flow => &["source", "target", "credential"],
            Ctx::Element(_) => &["boundary", "namespace", "cluster", "identity"],
            Ctx::Boundary => &["parent"],
            Ctx::Identity => &["scope"],
        }
    }
}

fn ctx_matches(on: &[On], ctx: Ctx) -> bool {
    on.iter().any(|o| match (*o, ctx) {
        (On::Any, _) => true,
        (On::Flow, Ctx::Flow) | (On::Boundary, Ctx::Boundary) | (On::Identity, Ctx::Identity) => {
            true
        }
        (On::Element, Ctx::Element(_)) => true,
        (On::Process, Ctx::Element(s)) => s == [Subject::Process],
        _ => false,
    })
}

pub fn fact(name: &str, ctx: Ctx) -> Option<&'static FactDef> {
    FACTS
        .iter()
        .find(|f| f.name == name && ctx_matches(f.on, ctx))
}

pub fn predicate(name: &str) -> Option<&'static PredicateDef> {
    PREDICATES.iter().find(|p| p.name == name)
}

pub fn predicate_fits(p: &PredicateDef, ctx: Ctx) -> bool {
    ctx_matches(p.on, ctx)
}

pub fn fact_names(ctx: Ctx) -> impl Iterator<Item = &'static str> {
    FACTS
        .iter()
        .filter(move |f| ctx_matches(f.on, ctx))
        .map(|f| f.name)
}
