//! Facts computed once per build for the rule engine: crossings, entry
//! points, reachability per boundary kind, who runs as or presents each
//! identity, the data each target touches.

use super::crossings::{Crossing, crossings};
use crate::graph::Operational;
use crate::model::*;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

/// Everything rules and scores read besides the model itself.
pub struct Context<'m> {
    pub model: &'m Model,
    pub graph: Operational,
    pub crossings: IdVec<FlowId, Crossing>,
    /// Innermost boundary kinds of each element's chain, as a list of boundary ids.
    chains: IdVec<ElementId, Vec<BoundaryId>>,
    /// Computed on first use; a mutex because rules run in parallel.
    reach: Mutex<BTreeMap<BoundaryKind, IdVec<ElementId, bool>>>,
    pub cluster_audit_log: bool,
    /// Per identity: processes running as it, flows presenting it.
    users: IdVec<IdentityId, (Vec<ElementId>, Vec<FlowId>)>,
    /// Per boundary: the elements inside it, nested ones included.
    members: IdVec<BoundaryId, Vec<ElementId>>,
    /// Where users' input is stored and shown, computed on first use.
    content: OnceLock<super::content::Content>,
}

impl<'m> Context<'m> {
    pub fn new(model: &'m Model) -> Self {
        let graph = Operational::new(model);
        let chains: IdVec<ElementId, Vec<BoundaryId>> = model
            .elements
            .iter()
            .map(|e| model.boundary_chain(e.boundary))
            .collect();
        let cluster_audit_log = model
            .elements
            .iter()
            .any(|e| e.kind == ElementKind::K8sApiServer && e.settings.flag(Key::AuditLog));
        let mut users = IdVec::filled((Vec::new(), Vec::new()), model.identities.len());
        for (e, el) in model.elements.iter_enumerated() {
            if let Some(u) = el.runs_as.and_then(|i| users.get_mut(i)) {
                u.0.push(e);
            }
        }
        for (f, flow) in model.flows.iter_enumerated() {
            if let Some(u) = flow.credential.and_then(|i| users.get_mut(i)) {
                u.1.push(f);
            }
        }
        let mut members = IdVec::filled(Vec::new(), model.boundaries.len());
        for (e, chain) in chains.iter_enumerated() {
            for &b in chain {
                members[b].push(e);
            }
        }
        Context {
            model,
            graph,
            crossings: crossings(model),
            chains,
            reach: Mutex::new(BTreeMap::new()),
            cluster_audit_log,
            users,
            members,
            content: OnceLock::new(),
        }
    }

    /// Stores of users' input, the processes people reach, and the flows
    /// that read the one from the other (computed the first time it is
    /// asked).
    pub fn content(&self) -> &super::content::Content {
        self.content
            .get_or_init(|| super::content::Content::new(self))
    }

    /// The elements inside a boundary, nested ones included, in order.
    pub fn members(&self, b: BoundaryId) -> &[ElementId] {
        self.members.get(b).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Boundaries around an element, innermost first.
    pub fn chain(&self, e: ElementId) -> &[BoundaryId] {
        self.chains.get(e).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The element lies in some boundary of `kind`.
    pub fn inside(&self, e: ElementId, kind: BoundaryKind) -> bool {
        self.chain(e)
            .iter()
            .any(|&b| self.model.boundaries[b].kind == kind)
    }

    /// The element runs on a control-plane node: `control-plane-node`
    /// (the importer's reading of its scheduling), or it lies in a
    /// `k8s-control-plane` boundary.
    pub fn on_control_plane(&self, e: ElementId) -> bool {
        self.model.elements[e].settings.flag(Key::ControlPlaneNode)
            || self.inside(e, BoundaryKind::K8sControlPlane)
    }

    /// The element runs on control-plane nodes only, never on a worker:
    /// `control-plane-only`, or it lies in a `k8s-control-plane` boundary.
    pub fn control_plane_only(&self, e: ElementId) -> bool {
        self.model.elements[e].settings.flag(Key::ControlPlaneOnly)
            || self.inside(e, BoundaryKind::K8sControlPlane)
    }

    /// Nearest boundary of `kind` around an element.
    pub fn nearest(&self, e: ElementId, kind: BoundaryKind) -> Option<BoundaryId> {
        self.chain(e)
            .iter()
            .copied()
            .find(|&b| self.model.boundaries[b].kind == kind)
    }

    /// Elements reached by one or more flows from an element inside a boundary of `kind`.
    pub fn reached_from_kind(&self, kind: BoundaryKind) -> IdVec<ElementId, bool> {
        let mut reach = self.reach.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(r) = reach.get(&kind) {
            return r.clone();
        }
        let r = self.compute_reach(kind);
        reach.insert(kind, r.clone());
        r
    }

    fn compute_reach(&self, kind: BoundaryKind) -> IdVec<ElementId, bool> {
        let starts: Vec<ElementId> = self
            .model
            .elements
            .ids()
            .filter(|&e| self.inside(e, kind))
            .collect();
        self.graph.reached_from(starts)
    }

    pub fn reachable_from(&self, e: ElementId, kind: BoundaryKind) -> bool {
        let mut reach = self.reach.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(r) = reach.get(&kind) {
            return r.get(e).copied().unwrap_or(false);
        }
        let r = self.compute_reach(kind);
        let answer = r.get(e).copied().unwrap_or(false);
        reach.insert(kind, r);
        answer
    }

    /// Has an inbound flow whose source sits in an untrusted boundary.
    pub fn entry_point(&self, e: ElementId) -> bool {
        self.graph.inbound(e).iter().any(|&f| {
            let s = self.model.flows[f].source;
            self.chain(s)
                .iter()
                .any(|&b| self.model.boundaries[b].trust == Trust::Untrusted)
        })
    }

    /// Entry point, public exposure, or a node-port/load-balancer service.
    pub fn exposed(&self, e: ElementId) -> bool {
        let s = &self.model.elements[e].settings;
        self.entry_point(e)
            || s.word(Key::Exposure) == Some("public")
            || matches!(
                s.word(Key::ServiceType),
                Some("node-port" | "load-balancer")
            )
    }

    fn max_rank(
        &self,
        data: impl Iterator<Item = DataId>,
        pick: fn(&DataAsset) -> usize,
    ) -> Option<usize> {
        data.filter_map(|d| self.model.data.get(d)).map(pick).max()
    }

    /// Highest classification a flow carries or returns.
    pub fn flow_classification(&self, f: FlowId, carries: bool, returns: bool) -> Option<usize> {
        let flow = &self.model.flows[f];
        let sent: &[DataId] = if carries { &flow.carries } else { &[] };
        let returned: &[DataId] = if returns { &flow.returns } else { &[] };
        self.max_rank(sent.iter().chain(returned).copied(), |d| d.classification)
    }

    /// Data an element stores or that travels on its flows.
    pub fn element_data(&self, e: ElementId) -> Vec<DataId> {
        let mut out = self.model.elements[e].stores.clone();
        for f in self.graph.inbound(e).iter().chain(self.graph.outbound(e)) {
            out.extend(&self.model.flows[*f].carries);
            out.extend(&self.model.flows[*f].returns);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Highest classification among data an element stores (`stores` only) or touches.
    pub fn element_classification(&self, e: ElementId, stored_only: bool) -> Option<usize> {
        if stored_only {
            self.max_rank(self.model.elements[e].stores.iter().copied(), |d| {
                d.classification
            })
        } else {
            self.max_rank(self.element_data(e).into_iter(), |d| d.classification)
        }
    }

    /// Processes running as, and flows presenting, an identity.
    pub fn identity_users(&self, i: IdentityId) -> (Vec<ElementId>, Vec<FlowId>) {
        self.users.get(i).cloned().unwrap_or_default()
    }

    /// Some process runs as, or some flow presents, an identity.
    pub fn identity_used(&self, i: IdentityId) -> bool {
        self.users
            .get(i)
            .is_some_and(|(p, f)| !p.is_empty() || !f.is_empty())
    }

    /// Presented by a person, or a kind of identity people hold.
    pub fn human(&self, i: IdentityId) -> bool {
        let id = &self.model.identities[i];
        if matches!(
            id.kind,
            IdentityKind::K8sUser | IdentityKind::K8sGroup | IdentityKind::HumanAccount
        ) {
            return true;
        }
        let flows = self.users.get(i).map(|u| u.1.as_slice()).unwrap_or(&[]);
        flows.iter().any(|&f| {
            let s = &self.model.elements[self.model.flows[f].source];
            s.ty == ElementType::Actor && matches!(s.kind, ElementKind::User | ElementKind::Admin)
        })
    }

    /// The data a target touches, for the CVSS requirements.
    pub fn target_data(&self, t: &TargetRef) -> Vec<DataId> {
        let mut out: Vec<DataId> = match *t {
            TargetRef::Element(e) => self.element_data(e),
            TargetRef::Flow(f) => {
                let flow = &self.model.flows[f];
                flow.carries.iter().chain(&flow.returns).copied().collect()
            }
            TargetRef::Boundary(b) => self
                .members
                .get(b)
                .into_iter()
                .flatten()
                .flat_map(|&e| self.element_data(e))
                .collect(),
            TargetRef::Identity(i) => {
                let (procs, flows) = self.identity_users(i);
                let mut d: Vec<DataId> = procs
                    .into_iter()
                    .flat_map(|e| self.element_data(e))
                    .collect();
                for f in flows {
                    d.extend(&self.model.flows[f].carries);
                    d.extend(&self.model.flows[f].returns);
                }
                d
            }
            TargetRef::Data(d) => vec![d],
            TargetRef::Any => Vec::new(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Registry host of an image reference (`docker.io` when none is written).
pub fn image_registry(image: &str) -> &str {
    match image.split_once('/') {
        Some((first, _)) if first.contains('.') || first.contains(':') || first == "localhost" => {
            first
        }
        _ => "docker.io",
    }
}

/// The image comes from one of the trusted registries (a host or a host/path prefix).
pub fn image_trusted(image: &str, trusted: &[String]) -> bool {
    trusted.iter().any(|t| {
        let t = t.trim_end_matches('/');
        image == t || image.starts_with(&format!("{t}/")) || image_registry(image) == t
    })
}

/// No tag, or the `latest` tag, and no digest.
pub fn image_mutable(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images() {
        assert_eq!(image_registry("busybox"), "docker.io");
        assert_eq!(
            image_registry("registry.example.com/a/b:1"),
            "registry.example.com"
        );
        assert_eq!(image_registry("localhost:5000/a"), "localhost:5000");
        assert!(image_mutable("docker.io/shopcorp/checkout:latest"));
        assert!(image_mutable("nginx"));
        assert!(!image_mutable("nginx:1.25"));
        assert!(image_mutable("localhost:5000/app"));
        assert!(!image_mutable("localhost:5000/app:2"));
        assert!(!image_mutable("nginx@sha256:abc"));
        let trusted = vec!["registry.example.com".to_string()];
        assert!(image_trusted(
            "registry.example.com/shop/frontend:2.1.0",
            &trusted
        ));
        assert!(!image_trusted("docker.io/library/busybox:1.36", &trusted));
    }
}
