//! Reach over a flat network: inside a Kubernetes cluster, pods reach each
//! other unless a NetworkPolicy says otherwise, so a workload reaches every
//! workload and store of its cluster whose namespace has no
//! `network-policy default-deny`, declared flow or not. Scenarios
//! ([`super::attack`]) and attack paths ([`super::paths`]) both use this one
//! definition.

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
    for t in 0..m.elements.len() {
        let el = &m.elements[t];
        if el.ty == ElementType::Actor
            || (el.ty == ElementType::Store && NOT_ON_THE_NETWORK.contains(&el.kind))
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
