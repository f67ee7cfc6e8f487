//! Reach over a flat network: inside a Kubernetes cluster, pods reach each
//! other unless a NetworkPolicy says otherwise, so a workload reaches every
//! workload and store of its cluster whose namespace has no
//! `network-policy default-deny`, declared flow or not. A workload that a
//! NetworkPolicy of its own selects for ingress (`ingress-isolated`, or
//! `ingress-from` naming who the policy admits) is reached only by the
//! elements its policy admits. Scenarios ([`super::attack`]) and attack
//! paths ([`super::paths`]) both use this one definition.

use super::context::Context;
use crate::model::*;
use std::collections::BTreeMap;

/// The cluster whose pod network element `e` sends on: a workload inside a
/// `k8s-cluster` boundary. `None` for anything else (actors, stores,
/// services outside a cluster), which reaches only along its flows.
pub fn pod_network(cx: &Context<'_>, e: ElementId) -> Option<BoundaryId> {
    let el = &cx.model.elements[e];
    let workload = el.ty == ElementType::Process && el.kind.is_workload();
    if workload {
        cx.nearest(e, BoundaryKind::K8sCluster)
    } else {
        None
    }
}

/// Stores that are no network endpoint: Secrets and ConfigMaps are API
/// objects the kubelet hands to pods, volumes and file systems are mounted.
/// Nothing reaches them over the pod network.
pub const NOT_ON_THE_NETWORK: &[ElementKind] = &[
    ElementKind::K8sSecret,
    ElementKind::K8sConfigmap,
    ElementKind::Volume,
    ElementKind::FileSystem,
];

/// The rule that finds a namespace without a default-deny NetworkPolicy.
const NO_DEFAULT_DENY: &str = "K8S-CMP-11";

/// Does namespace `ns` leave pods reachable? Not when it declares
/// `network-policy default-deny`, nor when the team recorded the finding of
/// its absence as mitigated (`risk K8S-CMP-11 on ns { status mitigated }`,
/// for example a default-deny enforced by the CNI): the model then says the
/// control exists, and a path through it would be noise.
pub fn open_namespace(model: &Model, ns: BoundaryId) -> bool {
    let declared = model.boundaries[ns].settings.word(Key::NetworkPolicy) == Some("default-deny");
    let mitigated = model.risks.iter().any(|r| {
        r.rule == NO_DEFAULT_DENY
            && r.status == Status::Mitigated
            && matches!(r.target, TargetRef::Boundary(b) if b == ns)
    });
    !declared && !mitigated
}

/// For each cluster, the elements a workload on its pod network reaches
/// without a flow, with the namespace that leaves each open: every element
/// but an actor (or a store [`NOT_ON_THE_NETWORK`]) that sits in a
/// namespace of the cluster without `network-policy default-deny`. In
/// element order; one pass over the model.
pub fn open_targets(cx: &Context<'_>) -> BTreeMap<BoundaryId, Vec<(ElementId, BoundaryId)>> {
    let m = cx.model;
    let mut out: BTreeMap<BoundaryId, Vec<(ElementId, BoundaryId)>> = BTreeMap::new();
    for t in m.elements.ids() {
        let el = &m.elements[t];
        if el.ty == ElementType::Actor
            || (el.ty == ElementType::Store && NOT_ON_THE_NETWORK.contains(&el.kind))
            || isolated(el)
        {
            continue;
        }
        let (Some(cluster), Some(ns)) = (
            cx.nearest(t, BoundaryKind::K8sCluster),
            cx.nearest(t, BoundaryKind::K8sNamespace),
        ) else {
            continue;
        };
        if open_namespace(m, ns) {
            out.entry(cluster).or_default().push((t, ns));
        }
    }
    out
}

/// Is `el` selected by an ingress NetworkPolicy of its own? Then only the
/// elements of its `ingress-from` reach it over the pod network.
pub fn isolated(el: &Element) -> bool {
    matches!(el.settings.get(Key::IngressIsolated), Some(Val::Bool(true)))
        || el.settings.contains(Key::IngressFrom)
}

/// For each element, the isolated elements whose NetworkPolicies admit it
/// (their `ingress-from`), with the namespace each sits in: reach over the
/// pod network that depends on who sends, so it is kept per sender. In
/// element order; one pass over the model.
pub fn admitted(cx: &Context<'_>) -> BTreeMap<ElementId, Vec<(ElementId, BoundaryId)>> {
    let m = cx.model;
    let mut out: BTreeMap<ElementId, Vec<(ElementId, BoundaryId)>> = BTreeMap::new();
    for (t, el) in m.elements.iter_enumerated() {
        let Some(Val::List(from)) = el.settings.get(Key::IngressFrom) else {
            continue;
        };
        let Some(ns) = cx.nearest(t, BoundaryKind::K8sNamespace) else {
            continue;
        };
        for source in from
            .iter()
            .filter_map(Val::as_str)
            .filter_map(|id| m.element(id))
        {
            if source != t {
                out.entry(source).or_default().push((t, ns));
            }
        }
    }
    out
}
