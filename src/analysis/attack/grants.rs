//! Applying RBAC gains ([`super::rbac::Gain`]) in a grant's scope: the
//! identities, workloads, Secret data and nodes a held identity reaches.

use super::catalogue::Capability;
use super::{Asset, Search, kinds_of_resource, rbac};
use crate::model::*;

impl Search<'_, '_> {
    /// Applies one RBAC gain of identity `i` in `scope`, which capability
    /// `c` found in the grant `what` describes.
    pub(super) fn apply(
        &mut self,
        from: Asset,
        scope: GrantScope,
        what: &str,
        gain: rbac::Gain,
        c: &'static Capability,
    ) {
        let m = self.m();
        let me = Some(from);
        let mine = match from {
            Asset::Identity(i) => Some(i),
            _ => None,
        };
        match gain {
            // Escalations add grants, in `expand_identity`.
            rbac::Gain::Admin(_) | rbac::Gain::BoundRoles(_) => {}
            rbac::Gain::Accounts => {
                for j in self.accounts_in(scope) {
                    if Some(j) != mine {
                        self.step(c, Asset::Identity(j), me, &[what, &m.identities[j].id]);
                    }
                }
            }
            rbac::Gain::Identities => {
                for j in m.identities.ids() {
                    if Some(j) != mine
                        && (self.identity_in_scope(j, scope)
                            || matches!(
                                m.identities[j].kind,
                                IdentityKind::K8sUser | IdentityKind::K8sGroup
                            ))
                    {
                        self.step(c, Asset::Identity(j), me, &[what, &m.identities[j].id]);
                    }
                }
            }
            rbac::Gain::SecretData => {
                let secrets = match self.secrets.get(&scope) {
                    Some(d) => d.clone(),
                    None => {
                        let d = self.secret_data(scope);
                        self.secrets.insert(scope, d.clone());
                        d
                    }
                };
                for d in secrets {
                    self.step(c, Asset::Data(d), me, &[what, &m.data[d].id]);
                }
            }
            rbac::Gain::Workloads(resources) => {
                for e in self.candidates(scope) {
                    let el = &m.elements[e];
                    if el.ty != ElementType::Process
                        || !el.kind.is_workload()
                        || !self.in_scope(e, scope)
                    {
                        continue;
                    }
                    let hit = resources.as_ref().is_none_or(|rs| {
                        rs.iter().any(|r| kinds_of_resource(r).contains(&el.kind))
                    });
                    if hit {
                        self.step(c, Asset::Control(e), me, &[what, &el.id]);
                    }
                }
            }
            rbac::Gain::NodeWorkloads => {
                if scope != GrantScope::Cluster {
                    return;
                }
                for e in m.elements.ids() {
                    let el = &m.elements[e];
                    if el.ty == ElementType::Process
                        && el.kind.is_workload()
                        && el.kind != ElementKind::K8sController
                        && self.cx.inside(e, BoundaryKind::K8sCluster)
                    {
                        self.step(c, Asset::Control(e), me, &[what, &el.id]);
                    }
                }
            }
            rbac::Gain::NewPods => {
                if let Some(ns) = self.privileged_namespace(scope) {
                    let node = self.node_of_scope(scope);
                    self.step(c, Asset::Node(node), me, &[what, &m.boundaries[ns].id]);
                }
            }
            rbac::Gain::Node => {
                if scope == GrantScope::Cluster {
                    let node = self.node_of_scope(scope);
                    self.step(c, Asset::Node(node), me, &[what]);
                }
            }
        }
    }

    /// Every right in the cluster, gained by `from` (a controlled workload
    /// that reads the cluster CA's key): what `*` on `*` cluster-wide gives,
    /// each step told as `what`.
    pub(super) fn cluster_admin(&mut self, from: Asset, what: &str) {
        let all = [super::everything(GrantScope::Cluster, Default::default())];
        for (c, gain) in rbac::gains(&all[0], &all) {
            self.apply(from, GrantScope::Cluster, what, gain, c);
        }
    }

    /// A namespace in scope whose Pod Security level admits privileged pods.
    pub(super) fn privileged_namespace(&self, scope: GrantScope) -> Option<BoundaryId> {
        let m = self.m();
        let admits = |b: BoundaryId| {
            m.boundaries[b].kind == BoundaryKind::K8sNamespace
                && m.boundaries[b].settings.word(Key::PodSecurity) == Some("privileged")
        };
        match scope {
            GrantScope::Namespace(ns) => admits(ns).then_some(ns),
            GrantScope::Cluster => m.boundaries.ids().find(|&b| admits(b)),
        }
    }

    pub(super) fn node_of_scope(&self, scope: GrantScope) -> Option<BoundaryId> {
        let m = self.m();
        let cluster = match scope {
            GrantScope::Namespace(ns) => m
                .boundary_chain(Some(ns))
                .into_iter()
                .find(|&b| m.boundaries[b].kind == BoundaryKind::K8sCluster),
            GrantScope::Cluster => None,
        };
        m.boundaries.ids().find(|&b| {
            m.boundaries[b].kind == BoundaryKind::K8sNode
                && cluster.is_none_or(|c| m.boundary_chain(Some(b)).contains(&c))
        })
    }

    /// Data kept as Kubernetes Secrets: stored in a `k8s-secret` store (in
    /// scope), or stored in etcd and named as secrets.
    pub(super) fn secret_data(&self, scope: GrantScope) -> Vec<DataId> {
        let m = self.m();
        let mut out = Vec::new();
        for (e, el) in m.elements.iter_enumerated() {
            let secret_store = el.kind == ElementKind::K8sSecret
                && (scope == GrantScope::Cluster || self.in_scope(e, scope));
            for &d in &el.stores {
                let named = format!("{} {}", m.data[d].id, m.data[d].label)
                    .to_lowercase()
                    .contains("secret");
                if secret_store
                    || (el.kind == ElementKind::K8sEtcd && named && scope == GrantScope::Cluster)
                {
                    out.push(d);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
