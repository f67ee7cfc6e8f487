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

mod escape;
mod grants;
mod node;
mod rbac;

use super::context::Context;
use super::network;
use crate::model::*;
use crate::resolve::vocab::WORKLOAD_KINDS;
use std::collections::BTreeMap;

/// The capabilities of the reach, credentials, node and data families by
/// name (the escape and RBAC capabilities are named in their own tables):
///
/// - `flow-reach`: a controlled element sends to the targets of its flows;
/// - `flat-network`: a controlled workload reaches what its cluster's pod
///   network reaches ([`super::network`]);
/// - `flow-credential`: a controlled element holds the credential it
///   presents on a flow;
/// - `mounted-token`: a controlled workload holds its identity when the
///   token is mounted;
/// - `host-network`: a workload on the host network reaches node-local
///   services;
/// - `node-workloads`: a controlled node controls its kubelet and the
///   workloads that may run on it, with their tokens;
/// - `node-metadata`: a controlled node reaches the metadata service and
///   holds the node's cloud credentials;
/// - `data-exposure`: a controlled element exposes the data it stores and
///   handles; a held identity that reads Secrets exposes secret data.
pub const FAMILY_CAPABILITIES: &[&str] = &[
    "flow-reach",
    "flat-network",
    "flow-credential",
    "mounted-token",
    "host-network",
    "node-workloads",
    "node-metadata",
    "data-exposure",
];

/// Every scenario capability's name: the families', then the escape and
/// RBAC capabilities, in the order they are tried.
pub fn capability_names() -> Vec<&'static str> {
    FAMILY_CAPABILITIES
        .iter()
        .copied()
        .chain(escape::ESCAPES.iter().map(|e| e.name))
        .chain(rbac::CAPABILITIES.iter().map(|c| c.name))
        .collect()
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

struct Search<'c, 'm> {
    cx: &'c Context<'m>,
    reach: Reach,
    queue: std::collections::VecDeque<Asset>,
    /// Clusters whose policy-free reach has been added already.
    open_reach_done: std::collections::BTreeSet<BoundaryId>,
    /// What a workload reaches over each cluster's pod network, computed on
    /// first use.
    open: Option<BTreeMap<BoundaryId, Vec<(ElementId, BoundaryId)>>>,
    /// Grants (verbs, resources, scope) expanded already: when many held
    /// identities share a grant, its targets are gained by the first.
    grants_done: std::collections::HashSet<(Vec<String>, Vec<String>, GrantScope)>,
    /// Service accounts in each scope, computed on first use.
    accounts: std::collections::HashMap<GrantScope, Vec<IdentityId>>,
    /// Secret data readable in each scope, computed on first use.
    secrets: std::collections::HashMap<GrantScope, Vec<DataId>>,
}

fn bool_setting(s: &Settings, name: &str) -> bool {
    matches!(s.get(name), Some(Val::Bool(true)))
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
        "replicasets" | "replicationcontrollers" => &[],
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
        // reach without network policy ([`network`]): once per cluster, from
        // the first workload controlled there (every later one reaches the
        // same set)
        if let Some(cluster) = network::pod_network(self.cx, e)
            && self.open_reach_done.insert(cluster)
        {
            let cx = self.cx;
            let open = self.open.get_or_insert_with(|| network::open_targets(cx));
            // needed once per cluster, so taken out
            let targets = open.remove(&cluster).unwrap_or_default();
            for (t, ns) in targets {
                if t != e {
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
        // escape to the node, or the tokens kept on it
        let node = self.node_of(e);
        let escape = escape::first(&el.settings);
        if let Some((gives, why)) = &escape {
            match gives {
                escape::Gives::Node => self.gain(
                    Asset::Node(node),
                    me,
                    format!("{} {}: escape to the node", el.id, why),
                ),
                escape::Gives::NodeTokens => self.node_tokens(e, why),
            }
        }
        if !matches!(escape, Some((escape::Gives::Node, _)))
            && bool_setting(&el.settings, "host-network")
        {
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

    fn expand_identity(&mut self, i: IdentityId) {
        let m = self.m();
        let id = &m.identities[i];
        let admin = id
            .settings
            .get("role")
            .and_then(Val::as_str)
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
        let all: Vec<Grant> = grants.iter().map(|(g, _)| g.clone()).collect();
        let mut k = 0;
        while k < grants.len() {
            let (g, what) = grants[k].clone();
            k += 1;
            let gains = rbac::gains(&g, &all);
            let pairing = gains.iter().any(|(_, x)| matches!(x, rbac::Gain::Admin(_)));
            if !pairing
                && !self
                    .grants_done
                    .insert((g.verbs.clone(), g.resources.clone(), g.scope))
            {
                continue;
            }
            for (_, gain) in gains {
                if let rbac::Gain::Admin(why) = &gain {
                    if !grants.iter().any(|(x, _)| {
                        x.scope == g.scope
                            && x.allows("*", "*")
                            && x.verbs.iter().any(|v| v == "*")
                            && x.resources.iter().any(|r| r == "*")
                    }) {
                        grants.push((
                            everything(g.scope, g.span),
                            format!(
                                "{what}: {why}, so holds every right {}",
                                self.scope_name(g.scope)
                            ),
                        ));
                    }
                    continue;
                }
                self.apply(i, g.scope, &what, gain);
            }
        }
    }
}

/// A grant of every verb on every resource in `scope`.
fn everything(scope: GrantScope, span: crate::source::Span) -> Grant {
    Grant {
        verbs: vec!["*".into()],
        resources: vec!["*".into()],
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
