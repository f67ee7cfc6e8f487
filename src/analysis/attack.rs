//! What-if scenarios: the attack graph of capabilities and its fixpoint.
//!
//! From the elements and identities a scenario compromises, capabilities
//! are applied until nothing changes. Each capability is a small rule with
//! a reason a reviewer can read, and each finding keeps the chain of steps
//! that led to it (the first step that reached it, so chains are shortest in
//! rounds). The capabilities are one table of small named functions, each
//! with its reason text and its unit test ([`catalogue`]); the expansion
//! of each asset walks that table. The families (see `docs/scenarios.md`):
//!
//! - **reach**: a controlled element can send to the targets of its flows;
//!   a controlled workload reaches every workload and store of the cluster
//!   whose namespace has no `network-policy default-deny`, and every
//!   isolated workload whose NetworkPolicy admits it (`ingress-from`);
//! - **credentials**: a workload holds its `runs-as` identity when the token
//!   is mounted (`automount`); a flow's `credential` is held by its source;
//!   reading Secrets exposes the tokens of the service accounts in scope;
//! - **RBAC**: writing pods or workloads runs code as any service account in
//!   scope and takes over existing workloads of that kind; `pods/exec` and
//!   `pods/attach` control running pods; `bind`/`escalate` and a wildcard
//!   gain everything in scope; `impersonate` gains the identities in scope;
//!   creating pods where Pod Security allows privileged ones escapes to the
//!   node;
//! - **escape**: privileged, host-pid with SYS_PTRACE, SYS_ADMIN/SYS_MODULE,
//!   a writable host path (runtime socket, `/var/log`, `/`) control the node;
//!   the cluster CA's key and etcd's data directory hold every right;
//!   host-network reaches node-local services; a reached SSH server is a
//!   login;
//! - **node**: the node's kubelet and every workload and pod-backed store of
//!   the node pool, their tokens, and what the node reaches (the cloud
//!   metadata service and the node's cloud credentials); a node held is a
//!   worker, and an escape from a pod on a control-plane node holds the
//!   control plane (etcd, `admin.conf`, static pods);
//! - **data**: a controlled element exposes the data it stores, sends and
//!   receives; a controlled identity that reads Secrets exposes secret data.

pub mod catalogue;
mod element;
mod escape;
mod grants;
mod node;
mod rbac;
#[cfg(test)]
mod tests;

use super::context::Context;
use crate::model::*;
use catalogue::Capability;
use std::collections::BTreeMap;

/// Every scenario capability's name, in the order they are tried
/// ([`catalogue::CAPABILITIES`]).
pub fn capability_names() -> Vec<&'static str> {
    catalogue::names()
}

/// Something an attacker can hold or learn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Asset {
    /// Runs code as / controls the element.
    Control(ElementId),
    /// Can send to the element.
    Reach(ElementId),
    Identity(IdentityId),
    /// Controls a node (a `k8s-node` boundary, or the cluster's nodes when none is drawn).
    Node(Option<BoundaryId>),
    Data(DataId),
}

/// How an asset was gained: the asset it came from and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub from: Option<Asset>,
    pub reason: String,
}

/// The fixpoint of one scenario.
#[derive(Clone, Debug, Default)]
pub struct Reach {
    /// Each asset with the step that first gained it, in discovery order.
    pub gained: BTreeMap<Asset, (usize, Step)>,
}

impl Reach {
    /// The chain of reasons from the compromise to `asset`, first step first.
    pub fn chain(&self, asset: Asset) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = Some(asset);
        while let Some(a) = cur {
            let Some((_, step)) = self.gained.get(&a) else {
                break;
            };
            out.push(step.reason.clone());
            cur = step.from;
            if out.len() > self.gained.len() {
                break;
            }
        }
        out.reverse();
        out
    }

    pub fn has(&self, a: Asset) -> bool {
        self.gained.contains_key(&a)
    }

    /// Assets in the order they were found.
    pub fn in_order(&self) -> Vec<Asset> {
        let mut v: Vec<(usize, Asset)> = self.gained.iter().map(|(a, (i, _))| (*i, *a)).collect();
        v.sort();
        v.into_iter().map(|(_, a)| a).collect()
    }
}

/// The state of one scenario's fixpoint; the capabilities' functions
/// ([`catalogue::Find`]) take it.
pub struct Search<'c, 'm> {
    cx: &'c Context<'m>,
    reach: Reach,
    queue: std::collections::VecDeque<Asset>,
    /// Clusters whose policy-free reach has been added already.
    open_reach_done: std::collections::BTreeSet<BoundaryId>,
    /// What a workload reaches over each cluster's pod network, computed on
    /// first use.
    open: Option<BTreeMap<BoundaryId, Vec<(ElementId, BoundaryId)>>>,
    /// What each element's NetworkPolicy-admitted reach is
    /// ([`super::network::admitted`]), computed on first use.
    admitted: Option<BTreeMap<ElementId, Vec<(ElementId, BoundaryId)>>>,
    /// Grants (verbs, resources, scope) expanded already: when many held
    /// identities share a grant, its targets are gained by the first.
    grants_done: std::collections::HashSet<(Vec<String>, Vec<String>, GrantScope)>,
    /// Service accounts in each scope, computed on first use.
    accounts: std::collections::HashMap<GrantScope, Vec<IdentityId>>,
    /// Secret data readable in each scope, computed on first use.
    secrets: std::collections::HashMap<GrantScope, Vec<DataId>>,
}

/// Workload kinds a write to `resource` takes over.
fn kinds_of_resource(resource: &str) -> &'static [ElementKind] {
    match resource {
        "deployments" => &[
            ElementKind::K8sDeployment,
            ElementKind::K8sIngressController,
            ElementKind::ServiceMeshProxy,
            ElementKind::K8sController,
        ],
        "statefulsets" => &[ElementKind::K8sStatefulset],
        "daemonsets" => &[ElementKind::K8sDaemonset],
        "jobs" => &[ElementKind::K8sJob],
        "cronjobs" => &[ElementKind::K8sCronjob],
        // Every workload runs as pods, and a pod's image can be changed
        // whatever controls it.
        "pods" => ElementKind::WORKLOADS,
        // Imported as k8s-deployment: replicated pods from a template.
        "replicasets" | "replicationcontrollers" => &[ElementKind::K8sDeployment],
        "*" => ElementKind::WORKLOADS,
        _ => &[],
    }
}

impl<'c, 'm> Search<'c, 'm> {
    fn m(&self) -> &'m Model {
        self.cx.model
    }

    fn gain(&mut self, a: Asset, from: Option<Asset>, reason: String) {
        self.gain_with(a, from, || reason);
    }

    /// Gains `a` by capability `c`, its reason filled with `args` (written
    /// only when the asset is new).
    fn step(&mut self, c: &Capability, a: Asset, from: Option<Asset>, args: &[&str]) {
        self.gain_with(a, from, || catalogue::render(c.reason, args));
    }

    /// [`Self::gain`] with the reason written only when the asset is new.
    fn gain_with(&mut self, a: Asset, from: Option<Asset>, reason: impl FnOnce() -> String) {
        if self.reach.gained.contains_key(&a) {
            return;
        }
        let reason = reason();
        // Control implies reach; keep one entry per element for each.
        let n = self.reach.gained.len();
        self.reach.gained.insert(a, (n, Step { from, reason }));
        self.queue.push_back(a);
    }

    /// Is `e` inside the scope of a grant (namespace or whole cluster)?
    fn in_scope(&self, e: ElementId, scope: GrantScope) -> bool {
        match scope {
            GrantScope::Cluster => {
                self.cx.inside(e, BoundaryKind::K8sCluster)
                    || self.cx.inside(e, BoundaryKind::K8sNamespace)
            }
            GrantScope::Namespace(ns) => self.cx.chain(e).contains(&ns),
        }
    }

    fn identity_in_scope(&self, i: IdentityId, scope: GrantScope) -> bool {
        let id = &self.m().identities[i];
        match scope {
            GrantScope::Cluster => id.kind == IdentityKind::K8sServiceAccount,
            GrantScope::Namespace(ns) => {
                id.kind == IdentityKind::K8sServiceAccount && id.scope == Some(ns)
            }
        }
    }

    /// Service accounts in a scope, in identity order.
    fn accounts_in(&mut self, scope: GrantScope) -> Vec<IdentityId> {
        if let Some(a) = self.accounts.get(&scope) {
            return a.clone();
        }
        let a: Vec<IdentityId> = self
            .m()
            .identities
            .ids()
            .filter(|&j| self.identity_in_scope(j, scope))
            .collect();
        self.accounts.insert(scope, a.clone());
        a
    }

    /// Elements a grant of `scope` can touch, in element order: a
    /// namespace's members, or every element.
    fn candidates(&self, scope: GrantScope) -> Vec<ElementId> {
        match scope {
            GrantScope::Namespace(ns) => self.cx.members(ns).to_vec(),
            GrantScope::Cluster => self.m().elements.ids().collect(),
        }
    }

    fn scope_name(&self, scope: GrantScope) -> String {
        match scope {
            GrantScope::Cluster => "cluster-wide".into(),
            GrantScope::Namespace(ns) => format!("in namespace {}", self.m().boundaries[ns].id),
        }
    }

    fn run(mut self) -> Reach {
        while let Some(a) = self.queue.pop_front() {
            match a {
                Asset::Control(e) => self.expand_element(e),
                Asset::Reach(t) => self.expand_reached(t),
                Asset::Identity(i) => self.expand_identity(i),
                Asset::Node(n) => self.expand_node(n),
                Asset::Data(_) => {}
            }
        }
        self.reach
    }

    fn expand_identity(&mut self, i: IdentityId) {
        let m = self.m();
        let id = &m.identities[i];
        let admin = id
            .settings
            .word(Key::Role)
            .is_some_and(|r| r == "cluster-admin" || r == "system:masters");
        // Each grant with the reason it is held; an escalation adds `*` on `*`.
        let mut grants: Vec<(Grant, String)> = id
            .grants
            .iter()
            .map(|g| {
                let what = format!(
                    "{} may {} {} {}",
                    id.id,
                    g.verbs.join(", "),
                    g.resources.join(", "),
                    self.scope_name(g.scope)
                );
                (g.clone(), what)
            })
            .collect();
        if admin {
            grants.push((
                everything(GrantScope::Cluster, id.span),
                format!("{} is cluster-admin", id.id),
            ));
        }
        let mut all: Vec<Grant> = grants.iter().map(|(g, _)| g.clone()).collect();
        let mut k = 0;
        while k < grants.len() {
            let (g, what) = grants[k].clone();
            k += 1;
            let gains = rbac::gains(&g, &all);
            let pairing = gains
                .iter()
                .any(|(_, x)| matches!(x, rbac::Gain::Admin(_) | rbac::Gain::BoundRoles(_)));
            if !pairing
                && !self
                    .grants_done
                    .insert((g.verbs.clone(), g.resources.clone(), g.scope))
            {
                continue;
            }
            for (c, gain) in gains {
                // An escalation adds the grants it gains, which the loop
                // then expands like the identity's own.
                let added: Vec<(Grant, String)> = match gain {
                    rbac::Gain::Admin(scope) => {
                        let name = self.scope_name(scope);
                        vec![(
                            everything(scope, g.span),
                            catalogue::render(c.reason, &[&what, &name]),
                        )]
                    }
                    rbac::Gain::BoundRoles(scope) => self.role_grants(i, scope, &what, c),
                    gain => {
                        self.apply(Asset::Identity(i), g.scope, &what, gain, c);
                        continue;
                    }
                };
                for (x, why) in added {
                    let held = grants.iter().any(|(y, _)| {
                        (y.scope == x.scope || y.scope == GrantScope::Cluster)
                            && y.names.is_empty()
                            && x.verbs
                                .iter()
                                .all(|v| y.verbs.contains(v) || y.verbs.iter().any(|w| w == "*"))
                            && x.resources.iter().all(|r| {
                                y.resources.contains(r) || y.resources.iter().any(|w| w == "*")
                            })
                    });
                    if !held {
                        all.push(x.clone());
                        grants.push((x, why));
                    }
                }
            }
        }
    }

    /// The grants other identities hold through the roles bound in
    /// `scope` (a namespace, or every namespace), which a binding to those
    /// roles gives identity `i`, each with the step that gains it.
    fn role_grants(
        &self,
        i: IdentityId,
        scope: GrantScope,
        what: &str,
        c: &'static Capability,
    ) -> Vec<(Grant, String)> {
        let m = self.m();
        let mut out: Vec<(Grant, String)> = Vec::new();
        for (j, id) in m.identities.iter_enumerated() {
            if j == i {
                continue;
            }
            for gj in &id.grants {
                let inside = match (scope, gj.scope) {
                    (_, GrantScope::Cluster) => false,
                    (GrantScope::Cluster, _) => true,
                    (s, t) => s == t,
                };
                if !inside || out.iter().any(|(x, _)| x == gj) {
                    continue;
                }
                let rights = format!("{} {}", gj.verbs.join(", "), gj.resources.join(", "));
                let name = self.scope_name(gj.scope);
                let why = catalogue::render(c.reason, &[what, &id.id, &rights, &name]);
                out.push((gj.clone(), why));
            }
        }
        out
    }
}

/// A grant of every verb on every resource in `scope`.
fn everything(scope: GrantScope, span: crate::source::Span) -> Grant {
    Grant {
        verbs: vec!["*".into()],
        resources: vec!["*".into()],
        names: Vec::new(),
        scope,
        span,
    }
}

/// Runs a scenario's fixpoint from what it compromises.
pub fn explore(cx: &Context<'_>, compromise: &[Compromised]) -> Reach {
    let mut s = Search {
        cx,
        reach: Reach::default(),
        queue: Default::default(),
        open_reach_done: Default::default(),
        open: None,
        admitted: None,
        grants_done: Default::default(),
        accounts: Default::default(),
        secrets: Default::default(),
    };
    for c in compromise {
        match *c {
            Compromised::Element(e) => s.gain(
                Asset::Control(e),
                None,
                format!("{} is compromised (scenario)", cx.model.elements[e].id),
            ),
            Compromised::Identity(i) => s.gain(
                Asset::Identity(i),
                None,
                format!("{} is leaked (scenario)", cx.model.identities[i].id),
            ),
        }
    }
    s.run()
}
