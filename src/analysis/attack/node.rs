//! The node family of scenario capabilities: which node a workload runs
//! on, what control of a node gives (its kubelet, the metadata service and
//! the node's cloud credentials, every workload of the node pool), and the
//! tokens a host path exposes.

use super::{Asset, Search};
use crate::model::*;
use crate::resolve::vocab::WORKLOAD_KINDS;

impl Search<'_, '_> {
    /// The tokens on a node, read through a host path: the identities of
    /// every workload that may run on the node.
    pub(super) fn node_tokens(&mut self, e: ElementId, why: &str) {
        let m = self.m();
        let me = Some(Asset::Control(e));
        let cluster = self.cx.nearest(e, "k8s-cluster");
        for t in 0..m.elements.len() {
            let el = &m.elements[t];
            if el.ty == ElementType::Process
                && WORKLOAD_KINDS.contains(&el.kind.as_str())
                && self.cx.nearest(t, "k8s-cluster") == cluster
                && let Some(i) = el.runs_as
            {
                self.gain_with(Asset::Identity(i), me, || {
                    format!(
                        "{} {why}: the token of {} ({})",
                        m.elements[e].id, m.identities[i].id, el.id
                    )
                });
            }
        }
    }

    /// The node boundary a workload runs on: a `k8s-node` boundary of its cluster, if drawn.
    pub(super) fn node_of(&self, e: ElementId) -> Option<BoundaryId> {
        let cluster = self.cx.nearest(e, "k8s-cluster");
        (0..self.m().boundaries.len()).find(|&b| {
            let bd = &self.m().boundaries[b];
            bd.kind == "k8s-node"
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
        let cluster = self.cx.nearest(e, "k8s-cluster");
        let cloud = cluster.and_then(|c| {
            m.boundary_chain(Some(c))
                .into_iter()
                .find(|&b| m.boundaries[b].kind == "cloud-account")
        });
        (0..m.elements.len())
            .filter(|&t| match m.elements[t].kind.as_str() {
                "kubelet" => self.cx.nearest(t, "k8s-cluster") == cluster,
                "cloud-metadata" => cloud.is_none_or(|c| self.cx.chain(t).contains(&c)),
                _ => false,
            })
            .collect()
    }

    pub(super) fn expand_node(&mut self, n: Option<BoundaryId>) {
        let m = self.m();
        let me = Some(Asset::Node(n));
        let cluster = n.and_then(|b| {
            m.boundary_chain(Some(b))
                .into_iter()
                .find(|&x| m.boundaries[x].kind == "k8s-cluster")
        });
        for t in self.node_local_any(n) {
            if m.elements[t].kind == "cloud-metadata" {
                self.gain(
                    Asset::Reach(t),
                    me,
                    format!("the node reaches the metadata service {}", m.elements[t].id),
                );
                for i in 0..m.identities.len() {
                    if m.identities[i].kind == "cloud-role" {
                        self.gain(
                            Asset::Identity(i),
                            Some(Asset::Reach(t)),
                            format!(
                                "the metadata service hands out the node's cloud credentials ({})",
                                m.identities[i].id
                            ),
                        );
                    }
                }
            } else {
                self.gain(
                    Asset::Control(t),
                    me,
                    format!("control of the node controls {}", m.elements[t].id),
                );
            }
        }
        // every workload of the node pool (the model does not pin pods to nodes)
        for t in 0..m.elements.len() {
            let el = &m.elements[t];
            let same_cluster = cluster.is_none_or(|c| self.cx.chain(t).contains(&c));
            if same_cluster
                && el.ty == ElementType::Process
                && WORKLOAD_KINDS.contains(&el.kind.as_str())
                && el.kind != "k8s-controller"
            {
                self.gain(
                    Asset::Control(t),
                    me,
                    format!("{} may run on the compromised node", el.id),
                );
            }
        }
    }

    pub(super) fn node_local_any(&self, n: Option<BoundaryId>) -> Vec<ElementId> {
        let m = self.m();
        let mut out: Vec<ElementId> = n
            .map(|b| {
                (0..m.elements.len())
                    .filter(|&t| self.cx.chain(t).contains(&b))
                    .collect()
            })
            .unwrap_or_default();
        let cluster = n.and_then(|b| {
            m.boundary_chain(Some(b))
                .into_iter()
                .find(|&x| m.boundaries[x].kind == "k8s-cluster")
        });
        let cloud = cluster.and_then(|c| {
            m.boundary_chain(Some(c))
                .into_iter()
                .find(|&b| m.boundaries[b].kind == "cloud-account")
        });
        for t in 0..m.elements.len() {
            let local = match m.elements[t].kind.as_str() {
                "kubelet" => cluster.is_none_or(|c| self.cx.chain(t).contains(&c)),
                "cloud-metadata" => cloud.is_none_or(|c| self.cx.chain(t).contains(&c)),
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
