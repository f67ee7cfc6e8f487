//! What-if scenarios: the attack graph of capabilities and its fixpoint.
//!
//! From the elements and identities a scenario compromises, capabilities
//! are applied until nothing changes. Each capability is a small rule with
//! a reason a reviewer can read, and each finding keeps the chain of steps
//! that led to it (the first step that reached it, so chains are shortest in
//! rounds). The families (see `docs/scenarios.md`):
//!
//! - **reach**: a controlled element can send to the targets of its flows;
//!   a controlled workload reaches every workload and store of the cluster
//!   whose namespace has no `network-policy default-deny`;
//! - **credentials**: a workload holds its `runs-as` identity when the token
//!   is mounted (`automount`); a flow's `credential` is held by its source;
//!   reading Secrets exposes the tokens of the service accounts in scope;
//! - **RBAC**: writing pods or workloads runs code as any service account in
//!   scope and takes over existing workloads of that kind; `pods/exec` and
//!   `pods/attach` control running pods; `bind`/`escalate` and a wildcard
//!   gain everything in scope; `impersonate` gains the identities in scope;
//!   creating pods where Pod Security allows privileged ones escapes to the
//!   node;
//! - **escape**: privileged, host-pid, SYS_ADMIN/SYS_PTRACE/SYS_MODULE,
//!   a writable host path (runtime socket, `/var/log`, `/`) control the node;
//!   host-network reaches node-local services;
//! - **node**: the node's kubelet and every workload of the node pool, their
//!   tokens, and what the node reaches (the cloud metadata service and the
//!   node's cloud credentials);
//! - **data**: a controlled element exposes the data it stores, sends and
//!   receives; a controlled identity that reads Secrets exposes secret data.

use super::context::Context;
use crate::model::*;
use crate::resolve::vocab::WORKLOAD_KINDS;
use std::collections::BTreeMap;

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

struct Search<'c, 'm> {
    cx: &'c Context<'m>,
    reach: Reach,
    queue: std::collections::VecDeque<Asset>,
    /// Clusters whose policy-free reach has been added already.
    open_reach_done: std::collections::BTreeSet<Option<BoundaryId>>,
    /// Grants (verbs, resources, scope) expanded already: when many held
    /// identities share a grant, its targets are gained by the first.
    grants_done: std::collections::HashSet<(Vec<String>, Vec<String>, GrantScope)>,
    /// Service accounts in each scope, computed on first use.
    accounts: std::collections::HashMap<GrantScope, Vec<IdentityId>>,
    /// Secret data readable in each scope, computed on first use.
    secrets: std::collections::HashMap<GrantScope, Vec<DataId>>,
}

const ESCAPE_CAPS: &[&str] = &["SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE", "ALL"];
const ESCAPE_PATHS: &[&str] = &[
    "/",
    "/var/log",
    "/var/run",
    "/run",
    "/var/lib/kubelet",
    "/etc",
    "/proc",
    "/root",
    "/var/lib/docker",
    "/var/lib/containerd",
];

fn bool_setting(s: &Settings, name: &str) -> bool {
    matches!(s.get(name), Some(Val::Bool(true)))
}

fn list_setting<'a>(s: &'a Settings, name: &str) -> Vec<&'a str> {
    match s.get(name) {
        Some(Val::List(l)) => l.iter().filter_map(Val::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Workload kinds a write to `resource` takes over.
fn kinds_of_resource(resource: &str) -> &'static [&'static str] {
    match resource {
        "deployments" => &[
            "k8s-deployment",
            "k8s-ingress-controller",
            "service-mesh-proxy",
            "k8s-controller",
        ],
        "statefulsets" => &["k8s-statefulset"],
        "daemonsets" => &["k8s-daemonset"],
        "jobs" => &["k8s-job"],
        "cronjobs" => &["k8s-cronjob"],
        "pods" => &["k8s-pod"],
        "*" => WORKLOAD_KINDS,
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

    fn element_name(&self, e: ElementId) -> &'m str {
        &self.m().elements[e].id
    }

    /// Is `e` inside the scope of a grant (namespace or whole cluster)?
    fn in_scope(&self, e: ElementId, scope: GrantScope) -> bool {
        match scope {
            GrantScope::Cluster => {
                self.cx.inside(e, "k8s-cluster") || self.cx.inside(e, "k8s-namespace")
            }
            GrantScope::Namespace(ns) => self.cx.chain(e).contains(&ns),
        }
    }

    fn identity_in_scope(&self, i: IdentityId, scope: GrantScope) -> bool {
        let id = &self.m().identities[i];
        match scope {
            GrantScope::Cluster => id.kind == "k8s-service-account",
            GrantScope::Namespace(ns) => id.kind == "k8s-service-account" && id.scope == Some(ns),
        }
    }

    /// Service accounts in a scope, in identity order.
    fn accounts_in(&mut self, scope: GrantScope) -> Vec<IdentityId> {
        if let Some(a) = self.accounts.get(&scope) {
            return a.clone();
        }
        let a: Vec<IdentityId> = (0..self.m().identities.len())
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
            GrantScope::Cluster => (0..self.m().elements.len()).collect(),
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
                Asset::Reach(_) => {}
                Asset::Identity(i) => self.expand_identity(i),
                Asset::Node(n) => self.expand_node(n),
                Asset::Data(_) => {}
            }
        }
        self.reach
    }

    fn expand_element(&mut self, e: ElementId) {
        let m = self.m();
        let el = &m.elements[e];
        let me = Some(Asset::Control(e));
        // data: what it stores and what travels on its flows
        for &d in &el.stores {
            self.gain(
                Asset::Data(d),
                me,
                format!("{} stores {}", el.id, m.data[d].id),
            );
        }
        for &f in self
            .cx
            .graph
            .outbound(e)
            .iter()
            .chain(self.cx.graph.inbound(e))
        {
            let flow = &m.flows[f];
            for &d in flow.carries.iter().chain(&flow.returns) {
                self.gain(
                    Asset::Data(d),
                    me,
                    format!("{} handles {} on flow {}", el.id, m.data[d].id, flow.id),
                );
            }
        }
        // reach along flows; credentials presented on them
        for &f in self.cx.graph.outbound(e) {
            let flow = &m.flows[f];
            self.gain(
                Asset::Reach(flow.target),
                me,
                format!(
                    "{} can send to {} (flow {})",
                    el.id,
                    self.element_name(flow.target),
                    flow.id
                ),
            );
            if let Some(i) = flow.credential {
                self.gain(
                    Asset::Identity(i),
                    me,
                    format!(
                        "{} presents the credential of {} on flow {}",
                        el.id, m.identities[i].id, flow.id
                    ),
                );
            }
        }
        let workload = el.ty == ElementType::Process && WORKLOAD_KINDS.contains(&el.kind.as_str());
        if !workload {
            return;
        }
        // reach without network policy: once per cluster, from the first
        // workload controlled there (every later one reaches the same set)
        if self.cx.inside(e, "k8s-cluster") {
            let cluster = self.cx.nearest(e, "k8s-cluster");
            if self.open_reach_done.insert(cluster) {
                for t in 0..m.elements.len() {
                    if t == e || self.cx.nearest(t, "k8s-cluster") != cluster {
                        continue;
                    }
                    let Some(ns) = self.cx.nearest(t, "k8s-namespace") else {
                        continue;
                    };
                    let open = m.boundaries[ns]
                        .settings
                        .get("network-policy")
                        .and_then(Val::as_str)
                        != Some("default-deny");
                    if open && m.elements[t].ty != ElementType::Actor {
                        self.gain(
                            Asset::Reach(t),
                            me,
                            format!(
                                "namespace {} has no default-deny NetworkPolicy, so {} can reach {}",
                                m.boundaries[ns].id, el.id, m.elements[t].id
                            ),
                        );
                    }
                }
            }
        }
        // credentials: the mounted token
        if let Some(i) = el.runs_as
            && bool_setting(&el.settings, "automount")
        {
            self.gain(
                Asset::Identity(i),
                me,
                format!(
                    "{} runs as {} and its token is mounted",
                    el.id, m.identities[i].id
                ),
            );
        }
        // escape to the node
        let caps = list_setting(&el.settings, "capabilities");
        let host_paths = list_setting(&el.settings, "host-path");
        let escape = if bool_setting(&el.settings, "privileged") {
            Some("is privileged".to_string())
        } else if bool_setting(&el.settings, "host-pid") {
            Some("shares the host PID namespace".to_string())
        } else if let Some(c) = caps.iter().find(|c| ESCAPE_CAPS.contains(c)) {
            Some(format!("has capability {c}"))
        } else {
            host_paths
                .iter()
                .find(|p| {
                    p.contains(".sock") || ESCAPE_PATHS.contains(p) || p.starts_with("/var/log")
                })
                .map(|p| format!("mounts host path {p} writable"))
        };
        let node = self.node_of(e);
        if let Some(why) = escape {
            self.gain(
                Asset::Node(node),
                me,
                format!("{} {}: escape to the node", el.id, why),
            );
        } else if bool_setting(&el.settings, "host-network") {
            for t in self.node_local(e) {
                self.gain(
                    Asset::Reach(t),
                    me,
                    format!(
                        "{} uses the host network and reaches {} on the node",
                        el.id, m.elements[t].id
                    ),
                );
            }
        }
    }

    /// The node boundary a workload runs on: a `k8s-node` boundary of its cluster, if drawn.
    fn node_of(&self, e: ElementId) -> Option<BoundaryId> {
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
    fn node_local(&self, e: ElementId) -> Vec<ElementId> {
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

    fn expand_node(&mut self, n: Option<BoundaryId>) {
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

    fn node_local_any(&self, n: Option<BoundaryId>) -> Vec<ElementId> {
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

    fn expand_identity(&mut self, i: IdentityId) {
        let m = self.m();
        let id = &m.identities[i];
        let me = Some(Asset::Identity(i));
        let admin = id
            .settings
            .get("role")
            .and_then(Val::as_str)
            .is_some_and(|r| r == "cluster-admin" || r == "system:masters");
        let mut grants: Vec<Grant> = id.grants.clone();
        if admin {
            grants.push(Grant {
                verbs: vec!["*".into()],
                resources: vec!["*".into()],
                scope: GrantScope::Cluster,
                span: id.span,
            });
        }
        for g in &grants {
            let scope = g.scope;
            if !self
                .grants_done
                .insert((g.verbs.clone(), g.resources.clone(), scope))
            {
                continue;
            }
            let wild = g.allows("bind", "clusterroles")
                || g.allows("escalate", "clusterroles")
                || (g.verbs.iter().any(|v| v == "*") && g.resources.iter().any(|r| r == "*"));
            let what = if admin && g.span == id.span {
                format!("{} is cluster-admin", id.id)
            } else {
                format!(
                    "{} may {} {} {}",
                    id.id,
                    g.verbs.join(", "),
                    g.resources.join(", "),
                    self.scope_name(scope)
                )
            };
            // secrets: tokens of service accounts in scope, and secret data
            if g.allows("get", "secrets") || g.allows("list", "secrets") {
                for j in self.accounts_in(scope) {
                    if j != i {
                        self.gain_with(Asset::Identity(j), me, || {
                            format!("{what}: reads the token of {}", m.identities[j].id)
                        });
                    }
                }
                let secrets = match self.secrets.get(&scope) {
                    Some(d) => d.clone(),
                    None => {
                        let d = self.secret_data(scope);
                        self.secrets.insert(scope, d.clone());
                        d
                    }
                };
                for d in secrets {
                    self.gain(
                        Asset::Data(d),
                        me,
                        format!("{what}: reads Secret data {}", m.data[d].id),
                    );
                }
            }
            // impersonation
            if ["users", "groups", "serviceaccounts"]
                .iter()
                .any(|r| g.allows("impersonate", r))
            {
                for j in 0..m.identities.len() {
                    if j != i
                        && (self.identity_in_scope(j, scope)
                            || matches!(m.identities[j].kind.as_str(), "k8s-user" | "k8s-group"))
                    {
                        self.gain(
                            Asset::Identity(j),
                            me,
                            format!("{what}: impersonates {}", m.identities[j].id),
                        );
                    }
                }
            }
            // bind/escalate or wildcard: everything in scope
            if wild {
                for j in self.accounts_in(scope) {
                    if j != i {
                        self.gain_with(Asset::Identity(j), me, || {
                            format!(
                                "{what}: can grant itself the rights of {}",
                                m.identities[j].id
                            )
                        });
                    }
                }
            }
            // workloads: writing a controller's template runs code in it
            let writes = |r: &str| ["create", "update", "patch"].iter().any(|v| g.allows(v, r));
            // Existing workloads change hands by update or patch (a new pod template or image).
            let rewrites = |r: &str| ["update", "patch"].iter().any(|v| g.allows(v, r));
            for e in self.candidates(scope) {
                let el = &m.elements[e];
                if el.ty != ElementType::Process
                    || !WORKLOAD_KINDS.contains(&el.kind.as_str())
                    || !self.in_scope(e, scope)
                {
                    continue;
                }
                let taken = g
                    .resources
                    .iter()
                    .any(|r| rewrites(r) && kinds_of_resource(r).contains(&el.kind.as_str()))
                    || (wild && rewrites("*"));
                let exec = g.allows("create", "pods/exec")
                    || g.allows("create", "pods/attach")
                    || g.allows("get", "pods/exec");
                if taken {
                    self.gain(
                        Asset::Control(e),
                        me,
                        format!(
                            "{what}: replaces the pod template of {} and runs code in it",
                            el.id
                        ),
                    );
                } else if exec {
                    self.gain(
                        Asset::Control(e),
                        me,
                        format!("{what}: execs into {}", el.id),
                    );
                }
            }
            // creating pods: run as any service account in scope; privileged pods where Pod Security allows
            if writes("pods")
                || [
                    "deployments",
                    "daemonsets",
                    "statefulsets",
                    "jobs",
                    "cronjobs",
                ]
                .iter()
                .any(|r| writes(r))
            {
                for j in self.accounts_in(scope) {
                    if j != i {
                        self.gain_with(Asset::Identity(j), me, || {
                            format!("{what}: starts a pod that runs as {}", m.identities[j].id)
                        });
                    }
                }
                if let Some(ns) = self.privileged_namespace(scope) {
                    let node = self.node_of_scope(scope);
                    self.gain(Asset::Node(node), me, format!("{what}: namespace {} allows privileged pods, so a new privileged pod escapes to the node", m.boundaries[ns].id));
                }
            }
        }
    }

    /// A namespace in scope whose Pod Security level admits privileged pods.
    fn privileged_namespace(&self, scope: GrantScope) -> Option<BoundaryId> {
        let m = self.m();
        let admits = |b: BoundaryId| {
            m.boundaries[b].kind == "k8s-namespace"
                && m.boundaries[b]
                    .settings
                    .get("pod-security")
                    .and_then(Val::as_str)
                    == Some("privileged")
        };
        match scope {
            GrantScope::Namespace(ns) => admits(ns).then_some(ns),
            GrantScope::Cluster => (0..m.boundaries.len()).find(|&b| admits(b)),
        }
    }

    fn node_of_scope(&self, scope: GrantScope) -> Option<BoundaryId> {
        let m = self.m();
        let cluster = match scope {
            GrantScope::Namespace(ns) => m
                .boundary_chain(Some(ns))
                .into_iter()
                .find(|&b| m.boundaries[b].kind == "k8s-cluster"),
            GrantScope::Cluster => None,
        };
        (0..m.boundaries.len()).find(|&b| {
            m.boundaries[b].kind == "k8s-node"
                && cluster.is_none_or(|c| m.boundary_chain(Some(b)).contains(&c))
        })
    }

    /// Data kept as Kubernetes Secrets: stored in a `k8s-secret` store (in
    /// scope), or stored in etcd and named as secrets.
    fn secret_data(&self, scope: GrantScope) -> Vec<DataId> {
        let m = self.m();
        let mut out = Vec::new();
        for (e, el) in m.elements.iter().enumerate() {
            let secret_store = el.kind == "k8s-secret"
                && (scope == GrantScope::Cluster || self.in_scope(e, scope));
            for &d in &el.stores {
                let named = format!("{} {}", m.data[d].id, m.data[d].label)
                    .to_lowercase()
                    .contains("secret");
                if secret_store || (el.kind == "k8s-etcd" && named && scope == GrantScope::Cluster)
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

/// Runs a scenario's fixpoint from what it compromises.
pub fn explore(cx: &Context<'_>, compromise: &[Compromised]) -> Reach {
    let mut s = Search {
        cx,
        reach: Reach::default(),
        queue: Default::default(),
        open_reach_done: Default::default(),
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
