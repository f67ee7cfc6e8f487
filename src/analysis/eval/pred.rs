//! Graph predicates (`crosses`, `reachable-from`, `grants`, …): whether
//! each predicate of the registry ([`crate::model::facts`]), its arguments
//! read by the resolver, holds on a subject. The `match` is exhaustive, so
//! a registered predicate cannot go unevaluated; a predicate asked of a
//! subject it does not apply to is false.

use super::Subject;
use super::path::{identity_of, settings_of};
use crate::analysis::context::Context;
use crate::model::condition::{GrantsIn, Predicate};
use crate::model::*;
use std::sync::OnceLock;

/// Whether `p` holds on `s`; `reach` keeps the elements a
/// `reachable-from` reaches, computed the first time it is asked.
pub(super) fn holds(
    p: &Predicate,
    reach: &OnceLock<IdVec<ElementId, bool>>,
    cx: &Context<'_>,
    s: Subject,
) -> bool {
    let m = cx.model;
    match p {
        Predicate::Crosses(None) => false,
        Predicate::Crosses(Some(kind)) => match s {
            Subject::Flow(f) => {
                let c = &cx.crossings[f];
                c.left
                    .iter()
                    .chain(&c.entered)
                    .any(|&b| m.boundaries[b].kind == *kind)
            }
            _ => false,
        },
        Predicate::ReachableFrom(None) => false,
        Predicate::ReachableFrom(Some(kind)) => match s {
            Subject::Element(e) => reached(cx, *kind, reach, e),
            Subject::Flow(f) => {
                let src = m.flows[f].source;
                cx.inside(src, *kind) || reached(cx, *kind, reach, src)
            }
            _ => false,
        },
        Predicate::Carries(need) => match s {
            Subject::Flow(f) => cx
                .flow_classification(f, true, true)
                .is_some_and(|c| c >= *need),
            Subject::Element(e) => {
                cx.graph
                    .inbound(e)
                    .iter()
                    .chain(cx.graph.outbound(e))
                    .any(|f| {
                        cx.flow_classification(*f, true, true)
                            .is_some_and(|c| c >= *need)
                    })
            }
            _ => false,
        },
        Predicate::Sends(need) => match s {
            Subject::Flow(f) => cx
                .flow_classification(f, true, false)
                .is_some_and(|c| c >= *need),
            _ => false,
        },
        Predicate::Returns(need) => match s {
            Subject::Flow(f) => cx
                .flow_classification(f, false, true)
                .is_some_and(|c| c >= *need),
            _ => false,
        },
        Predicate::Stores(need) => match s {
            Subject::Element(e) => cx
                .element_classification(e, true)
                .is_some_and(|c| c >= *need),
            _ => false,
        },
        Predicate::Grants(verb, resource, scope) => {
            let Some(i) = identity_of(cx, s) else {
                return false;
            };
            m.identities[i].grants.iter().any(|g| {
                g.allows_all(verb, resource)
                    && match scope {
                        GrantsIn::Cluster => g.scope == GrantScope::Cluster,
                        GrantsIn::Namespace => matches!(g.scope, GrantScope::Namespace(_)),
                        GrantsIn::Any => true,
                    }
            })
        }
        Predicate::FlowsTo(None) => false,
        Predicate::FlowsTo(Some(kind)) => match s {
            Subject::Element(e) => cx
                .graph
                .outbound(e)
                .iter()
                .any(|&f| m.elements[m.flows[f].target].kind == *kind),
            _ => false,
        },
        Predicate::InboundFrom(None) => false,
        Predicate::InboundFrom(Some(kind)) => match s {
            Subject::Element(e) => cx
                .graph
                .inbound(e)
                .iter()
                .any(|&f| cx.inside(m.flows[f].source, *kind)),
            _ => false,
        },
        Predicate::InboundFromOutside(kind) => match s {
            Subject::Element(e) => {
                let mine = kind.and_then(|k| cx.nearest(e, k));
                cx.graph.inbound(e).iter().any(|&f| {
                    let src = m.flows[f].source;
                    match mine {
                        Some(b) => !cx.chain(src).contains(&b),
                        None => true,
                    }
                })
            }
            _ => false,
        },
        Predicate::Inside(None) => false,
        Predicate::Inside(Some(kind)) => match s {
            Subject::Element(e) => cx.inside(e, *kind),
            Subject::Flow(f) => {
                cx.inside(m.flows[f].source, *kind) && cx.inside(m.flows[f].target, *kind)
            }
            _ => false,
        },
        Predicate::AnyStartsWith(setting, prefixes) => {
            let (settings, ..) = settings_of(cx, s);
            match setting.and_then(|k| settings.get(k)) {
                Some(Val::List(l)) => l
                    .iter()
                    .filter_map(Val::as_str)
                    .any(|x| prefixes.iter().any(|p| x.starts_with(p.as_str()))),
                _ => false,
            }
        }
    }
}

/// Element `e` is reached from inside a boundary of `kind` (asked of the
/// context once per predicate).
fn reached(
    cx: &Context<'_>,
    kind: BoundaryKind,
    reach: &OnceLock<IdVec<ElementId, bool>>,
    e: ElementId,
) -> bool {
    reach
        .get_or_init(|| cx.reached_from_kind(kind))
        .get(e)
        .copied()
        .unwrap_or(false)
}
