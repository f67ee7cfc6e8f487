//! Graph predicates of `when` expressions (`crosses`, `reachable-from`,
//! `grants`, …) with their arguments read once.

use super::Subject;
use super::path::{identity_of, settings_of};
use crate::analysis::context::Context;
use crate::model::*;
use crate::resolve::vocab;
use crate::syntax::ast::Value;
use std::sync::OnceLock;

/// An argument as text (empty when missing).
fn arg(args: &[Value], i: usize) -> String {
    args.get(i).map(Value::text).unwrap_or_default()
}

/// Where a `grants` predicate looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    Cluster,
    Namespace,
    Any,
}

/// A graph predicate with its arguments read.
pub(super) enum Pred {
    Crosses(String),
    /// The boundary kind, and the elements reached from it once asked.
    ReachableFrom(String, OnceLock<Vec<bool>>),
    /// Classification ranks.
    Carries(usize),
    Sends(usize),
    Returns(usize),
    Stores(usize),
    Grants(String, String, Scope),
    FlowsTo(String),
    InboundFrom(String),
    InboundFromOutside(String),
    Inside(String),
    /// The list setting and the prefixes.
    AnyStartsWith(String, Vec<String>),
    Unknown,
}

impl Pred {
    pub(super) fn new(name: &str, args: &[Value]) -> Pred {
        let kind = arg(args, 0);
        let class_rank = || vocab::CLASSIFICATION.rank(&kind).unwrap_or(0);
        match name {
            "crosses" => Pred::Crosses(kind),
            "reachable-from" => Pred::ReachableFrom(kind, OnceLock::new()),
            "carries" => Pred::Carries(class_rank()),
            "sends" => Pred::Sends(class_rank()),
            "returns" => Pred::Returns(class_rank()),
            "stores" => Pred::Stores(class_rank()),
            "grants" => {
                let scope = match args.get(2).map(Value::text).as_deref() {
                    Some("cluster") => Scope::Cluster,
                    Some("namespace") => Scope::Namespace,
                    _ => Scope::Any,
                };
                Pred::Grants(kind, arg(args, 1), scope)
            }
            "flows-to" => Pred::FlowsTo(kind),
            "inbound-from" => Pred::InboundFrom(kind),
            "inbound-from-outside" => Pred::InboundFromOutside(kind),
            "inside" => Pred::Inside(kind),
            "any-starts-with" => {
                Pred::AnyStartsWith(kind, args.iter().skip(1).map(Value::text).collect())
            }
            _ => Pred::Unknown,
        }
    }

    pub(super) fn call(&self, cx: &Context<'_>, s: Subject) -> bool {
        let m = cx.model;
        match (self, s) {
            (Pred::Crosses(kind), Subject::Flow(f)) => {
                let c = &cx.crossings[f];
                c.left
                    .iter()
                    .chain(&c.entered)
                    .any(|&b| m.boundaries[b].kind == *kind)
            }
            (Pred::ReachableFrom(kind, reach), Subject::Element(e)) => reached(cx, kind, reach, e),
            (Pred::ReachableFrom(kind, reach), Subject::Flow(f)) => {
                let src = m.flows[f].source;
                cx.inside(src, kind) || reached(cx, kind, reach, src)
            }
            (Pred::Carries(need), Subject::Flow(f)) => cx
                .flow_classification(f, true, true)
                .is_some_and(|c| c >= *need),
            (Pred::Sends(need), Subject::Flow(f)) => cx
                .flow_classification(f, true, false)
                .is_some_and(|c| c >= *need),
            (Pred::Returns(need), Subject::Flow(f)) => cx
                .flow_classification(f, false, true)
                .is_some_and(|c| c >= *need),
            (Pred::Carries(need), Subject::Element(e)) => cx
                .graph
                .inbound(e)
                .iter()
                .chain(cx.graph.outbound(e))
                .any(|f| {
                    cx.flow_classification(*f, true, true)
                        .is_some_and(|c| c >= *need)
                }),
            (Pred::Stores(need), Subject::Element(e)) => cx
                .element_classification(e, true)
                .is_some_and(|c| c >= *need),
            (Pred::Grants(verb, resource, scope), _) => {
                let Some(i) = identity_of(cx, s) else {
                    return false;
                };
                m.identities[i].grants.iter().any(|g| {
                    g.allows(verb, resource)
                        && match scope {
                            Scope::Cluster => g.scope == GrantScope::Cluster,
                            Scope::Namespace => matches!(g.scope, GrantScope::Namespace(_)),
                            Scope::Any => true,
                        }
                })
            }
            (Pred::FlowsTo(kind), Subject::Element(e)) => cx
                .graph
                .outbound(e)
                .iter()
                .any(|&f| m.elements[m.flows[f].target].kind == *kind),
            (Pred::InboundFrom(kind), Subject::Element(e)) => cx
                .graph
                .inbound(e)
                .iter()
                .any(|&f| cx.inside(m.flows[f].source, kind)),
            (Pred::InboundFromOutside(kind), Subject::Element(e)) => {
                let mine = cx.nearest(e, kind);
                cx.graph.inbound(e).iter().any(|&f| {
                    let src = m.flows[f].source;
                    match mine {
                        Some(b) => !cx.chain(src).contains(&b),
                        None => true,
                    }
                })
            }
            (Pred::Inside(kind), Subject::Element(e)) => cx.inside(e, kind),
            (Pred::Inside(kind), Subject::Flow(f)) => {
                cx.inside(m.flows[f].source, kind) && cx.inside(m.flows[f].target, kind)
            }
            (Pred::AnyStartsWith(setting, prefixes), _) => {
                let (settings, ..) = settings_of(cx, s);
                match settings.get(setting.as_str()) {
                    Some(Val::List(l)) => l
                        .iter()
                        .filter_map(Val::as_str)
                        .any(|x| prefixes.iter().any(|p| x.starts_with(p.as_str()))),
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

/// Element `e` is reached from inside a boundary of `kind` (asked of the
/// context once per predicate).
fn reached(cx: &Context<'_>, kind: &str, reach: &OnceLock<Vec<bool>>, e: ElementId) -> bool {
    reach
        .get_or_init(|| cx.reached_from_kind(kind))
        .get(e)
        .copied()
        .unwrap_or(false)
}
