//! The node family of scenario capabilities: which node a workload runs
//! on, what control of a node gives (its kubelet, the metadata service and
//! the node's cloud credentials, every workload and pod-backed store of the
//! node pool), and the tokens a host path exposes.

use super::catalogue::{self, Capability, Find};
use super::{Asset, Search};
use crate::model::*;

impl Search<'_, '_> {
    /// The tokens on a node, read through a host path: the identities of
    /// every workload that may run on the node (a worker: not those that
    /// run on control-plane nodes only, [`workloads`]). `args` are the reason's
    /// first arguments; each token's identity and workload follow them.
    pub(super) fn node_tokens(&mut self, e: ElementId, c: &'static Capability, args: &[&str]) {
        let m = self.m();
        let me = Some(Asset::Control(e));
        let cluster = self.cx.nearest(e, BoundaryKind::K8sCluster);
        for t in m.elements.ids() {
            let el = &m.elements[t];
            if el.ty == ElementType::Process
                && el.kind.is_workload()
                && self.cx.nearest(t, BoundaryKind::K8sCluster) == cluster
                && !self.cx.control_plane_only(t)
                && let Some(i) = el.runs_as
            {
                let mut all = args.to_vec();
                all.extend([m.identities[i].id.as_str(), el.id.as_str()]);
                self.step(c, Asset::Identity(i), me, &all);
            }
        }
    }

    /// The node boundary a workload runs on: a `k8s-node` boundary of its cluster, if drawn.
    pub(super) fn node_of(&self, e: ElementId) -> Option<BoundaryId> {
        let cluster = self.cx.nearest(e, BoundaryKind::K8sCluster);
        self.m().boundaries.ids().find(|&b| {
            let bd = &self.m().boundaries[b];
            bd.kind == BoundaryKind::K8sNode
                && self
                    .m()
                    .boundary_chain(Some(b))
                    .iter()
                    .any(|x| Some(*x) == cluster)
        })
    }

    /// Services a node reaches: its kubelet and the cloud metadata service.
    pub(super) fn node_local(&self, e: ElementId) -> Vec<ElementId> {
        let m = self.m();
        let cluster = self.cx.nearest(e, BoundaryKind::K8sCluster);
        let cloud = cluster.and_then(|c| {
            m.boundary_chain(Some(c))
                .into_iter()
                .find(|&b| m.boundaries[b].kind == BoundaryKind::CloudAccount)
        });
        m.elements
            .ids()
            .filter(|&t| match m.elements[t].kind {
                ElementKind::Kubelet => self.cx.nearest(t, BoundaryKind::K8sCluster) == cluster,
                ElementKind::CloudMetadata => cloud.is_none_or(|c| self.cx.chain(t).contains(&c)),
                _ => false,
            })
            .collect()
    }

    /// What control of a node gives, in table order
    /// ([`super::catalogue`]).
    pub(super) fn expand_node(&mut self, n: Option<BoundaryId>) {
        let mut k = 0;
        loop {
            let run = catalogue::run_at(k);
            let Some(first) = run.first() else { break };
            match first.find {
                Find::NodeLocal(_) => {
                    for t in self.node_local_any(n) {
                        for c in run {
                            if let Find::NodeLocal(each) = c.find {
                                each(self, n, t, c);
                            }
                        }
                    }
                }
                Find::Node(f) => f(self, n, first),
                _ => {}
            }
            k += run.len();
        }
    }

    pub(super) fn node_local_any(&self, n: Option<BoundaryId>) -> Vec<ElementId> {
        let m = self.m();
        let mut out: Vec<ElementId> = n
            .map(|b| {
                m.elements
                    .ids()
                    .filter(|&t| self.cx.chain(t).contains(&b))
                    .collect()
            })
            .unwrap_or_default();
        let cluster = n.and_then(|b| {
            m.boundary_chain(Some(b))
                .into_iter()
                .find(|&x| m.boundaries[x].kind == BoundaryKind::K8sCluster)
        });
        let cloud = cluster.and_then(|c| {
            m.boundary_chain(Some(c))
                .into_iter()
                .find(|&b| m.boundaries[b].kind == BoundaryKind::CloudAccount)
        });
        for t in m.elements.ids() {
            let local = match m.elements[t].kind {
                ElementKind::Kubelet => cluster.is_none_or(|c| self.cx.chain(t).contains(&c)),
                ElementKind::CloudMetadata => cloud.is_none_or(|c| self.cx.chain(t).contains(&c)),
                _ => false,
            };
            if local && !out.contains(&t) {
                out.push(t);
            }
        }
        out.sort_unstable();
        out
    }
}

/// A controlled node reaches the cloud metadata service.
pub(super) fn metadata(
    s: &mut Search<'_, '_>,
    n: Option<BoundaryId>,
    t: ElementId,
    c: &'static Capability,
) {
    let m = s.m();
    if m.elements[t].kind == ElementKind::CloudMetadata {
        s.step(
            c,
            Asset::Reach(t),
            Some(Asset::Node(n)),
            &[&m.elements[t].id],
        );
    }
}

/// The metadata service a node reaches hands out the node's cloud
/// credentials (identities of kind `cloud-role`).
pub(super) fn cloud_credentials(
    s: &mut Search<'_, '_>,
    _: Option<BoundaryId>,
    t: ElementId,
    c: &'static Capability,
) {
    let m = s.m();
    if m.elements[t].kind != ElementKind::CloudMetadata {
        return;
    }
    for (i, identity) in m.identities.iter_enumerated() {
        if identity.kind == IdentityKind::CloudRole {
            s.step(
                c,
                Asset::Identity(i),
                Some(Asset::Reach(t)),
                &[&identity.id],
            );
        }
    }
}

/// A controlled node controls what runs on it and its kubelet.
pub(super) fn local_control(
    s: &mut Search<'_, '_>,
    n: Option<BoundaryId>,
    t: ElementId,
    c: &'static Capability,
) {
    let m = s.m();
    if m.elements[t].kind != ElementKind::CloudMetadata {
        s.step(
            c,
            Asset::Control(t),
            Some(Asset::Node(n)),
            &[&m.elements[t].id],
        );
    }
}

/// A controlled node controls every workload of the node pool (the model
/// does not pin pods to worker nodes). A node held is taken for a worker:
/// the workloads that run on control-plane nodes only
/// (`control-plane-only`) are left out; those that may run on either
/// (tolerating the taint) are controlled in their worker instance, which
/// does not climb to the control plane ([`super::element`]).
pub(super) fn workloads(s: &mut Search<'_, '_>, n: Option<BoundaryId>, c: &'static Capability) {
    let (m, cx) = (s.m(), s.cx);
    let cluster = cluster_of(m, n);
    for t in m.elements.ids() {
        let el = &m.elements[t];
        let same_cluster = cluster.is_none_or(|c| cx.chain(t).contains(&c));
        if same_cluster
            && s.workload(t)
            && el.kind != ElementKind::K8sController
            && !cx.control_plane_only(t)
        {
            s.step(c, Asset::Control(t), Some(Asset::Node(n)), &[&el.id]);
        }
    }
}

/// The cluster holding node boundary `n`, if any.
fn cluster_of(m: &Model, n: Option<BoundaryId>) -> Option<BoundaryId> {
    n.and_then(|b| {
        m.boundary_chain(Some(b))
            .into_iter()
            .find(|&x| m.boundaries[x].kind == BoundaryKind::K8sCluster)
    })
}

/// Store kinds that do not run as pods on a node: API objects kept in etcd,
/// and etcd itself, which runs on the control plane.
const NOT_ON_A_NODE: &[ElementKind] = &[
    ElementKind::K8sSecret,
    ElementKind::K8sConfigmap,
    ElementKind::K8sEtcd,
];

/// A controlled node holds the stores that run as pods of the node pool:
/// every store inside a namespace of its cluster (a database, cache or
/// queue imported from a workload, a volume), as [`workloads`] holds every
/// workload; their data is on the node's disk and in its memory.
pub(super) fn stores(s: &mut Search<'_, '_>, n: Option<BoundaryId>, c: &'static Capability) {
    let (m, cx) = (s.m(), s.cx);
    let cluster = cluster_of(m, n);
    for t in m.elements.ids() {
        let el = &m.elements[t];
        if el.ty != ElementType::Store
            || NOT_ON_A_NODE.contains(&el.kind)
            || cx.control_plane_only(t)
            || cx.nearest(t, BoundaryKind::K8sNamespace).is_none()
            || cluster.is_some_and(|c| !cx.chain(t).contains(&c))
        {
            continue;
        }
        s.step(c, Asset::Control(t), Some(Asset::Node(n)), &[&el.id]);
    }
}
