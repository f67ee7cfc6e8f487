//! The scenario capabilities as one table, in the manner of KubeHound's
//! edge catalogue: each entry has a name, its family, the reason text a
//! scenario's chain shows for it (a template whose `{…}` placeholders are
//! filled in order), and the small function that finds it. The expansion
//! loops ([`super::Search`]) walk this table in order, so the table's order
//! is the order steps are found in. Every entry has a unit test named
//! `cap_<name>` (`tests.rs`, checked there), and `docs/scenarios.md` lists
//! the table (checked by `tests/scenario_capabilities.rs`).

use super::escape::{self, Gives};
use super::{Search, element, node, rbac};
use crate::model::{BoundaryId, ElementId, FlowId, Grant, Settings};

/// The families of capabilities (`docs/scenarios.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Reach,
    Credentials,
    Escape,
    Rbac,
    Node,
    Data,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Reach => "reach",
            Family::Credentials => "credentials",
            Family::Escape => "escape",
            Family::Rbac => "RBAC",
            Family::Node => "node",
            Family::Data => "data",
        }
    }
}

/// Finds the steps of one capability from the asset being expanded; the
/// function gains each step with the entry's reason
/// ([`Search::step`]).
#[derive(Clone, Copy)]
pub enum Find {
    /// From a controlled element.
    Element(fn(&mut Search<'_, '_>, ElementId, &'static Capability)),
    /// From a controlled element, once per flow leaving it; consecutive
    /// entries take turns on each flow.
    Flow(fn(&mut Search<'_, '_>, ElementId, FlowId, &'static Capability)),
    /// A controlled workload's escape, from its settings: the arguments of
    /// the reason after the workload's name, or `None`. Of consecutive
    /// entries, the first that holds is taken.
    Escape(Gives, fn(&Settings) -> Option<Vec<&str>>),
    /// From a controlled node, once per service local to it (its elements,
    /// kubelets, the metadata service); consecutive entries take turns.
    NodeLocal(fn(&mut Search<'_, '_>, Option<BoundaryId>, ElementId, &'static Capability)),
    /// From an element the attacker reaches (can send to) but does not
    /// control.
    Reached(fn(&mut Search<'_, '_>, ElementId, &'static Capability)),
    /// From a controlled node.
    Node(fn(&mut Search<'_, '_>, Option<BoundaryId>, &'static Capability)),
    /// From one grant of a held identity (and its other grants): what it
    /// gives in the grant's scope, applied by [`Search::apply`].
    Grant(fn(&Grant, &[Grant]) -> Option<rbac::Gain>),
}

/// One scenario capability.
pub struct Capability {
    pub name: &'static str,
    pub family: Family,
    /// The step's text in a scenario's chain, with `{…}` placeholders.
    pub reason: &'static str,
    pub find: Find,
}

const fn cap(name: &'static str, family: Family, reason: &'static str, find: Find) -> Capability {
    Capability {
        name,
        family,
        reason,
        find,
    }
}

use Family::*;

/// Every capability, in the order they are tried.
pub const CAPABILITIES: &[Capability] = &[
    // A controlled element.
    cap(
        "data-exposure",
        Data,
        "{element} stores {data}",
        Find::Element(element::data_stored),
    ),
    cap(
        "data-in-transit",
        Data,
        "{element} handles {data} on flow {flow}",
        Find::Element(element::data_in_transit),
    ),
    cap(
        "flow-reach",
        Reach,
        "{element} can send to {target} (flow {flow})",
        Find::Flow(element::flow_reach),
    ),
    cap(
        "flow-credential",
        Credentials,
        "{element} presents the credential of {identity} on flow {flow}",
        Find::Flow(element::flow_credential),
    ),
    cap(
        "agent-tool",
        Reach,
        "{element} calls the tool {target} without a person's approval: an instruction injected into {element} runs it (flow {flow})",
        Find::Flow(element::agent_tool),
    ),
    cap(
        "flat-network",
        Reach,
        "namespace {namespace} has no default-deny NetworkPolicy, so {element} can reach {target}",
        Find::Element(element::flat_network),
    ),
    cap(
        "policy-admits",
        Reach,
        "a NetworkPolicy of {target} admits {element} over the pod network",
        Find::Element(element::policy_admits),
    ),
    cap(
        "anonymous-ui",
        Reach,
        "{target} lets anonymous users in [anonymous-ui]: whoever reaches it drives it with its own rights",
        Find::Reached(element::anonymous_ui),
    ),
    cap(
        "ssh-server",
        Reach,
        "{target} runs an SSH server [ssh-server]: whoever reaches it logs in with a guessed, default or leaked password or key, so controls it",
        Find::Reached(element::ssh_server),
    ),
    cap(
        "mounted-token",
        Credentials,
        "{element} runs as {identity} and its token is mounted",
        Find::Element(element::mounted_token),
    ),
    cap(
        "tool-identity",
        Credentials,
        "the tool {element} acts as {identity}",
        Find::Element(element::tool_identity),
    ),
    cap(
        "privileged",
        Escape,
        "{element} is privileged [privileged]: escape to the node",
        Find::Escape(Gives::Node, escape::privileged),
    ),
    cap(
        "host-pid-ptrace",
        Escape,
        "{element} shares the host PID namespace with CAP_SYS_PTRACE [host-pid-ptrace]: escape to the node",
        Find::Escape(Gives::Node, escape::host_pid_ptrace),
    ),
    cap(
        "escape-capability",
        Escape,
        "{element} has capability {capability} [escape-capability]: escape to the node",
        Find::Escape(Gives::Node, escape::escape_capability),
    ),
    cap(
        "writable-host-path",
        Escape,
        "{element} mounts host path {path} writable [writable-host-path]: escape to the node",
        Find::Escape(Gives::Node, escape::writable_host_path),
    ),
    cap(
        "runtime-socket",
        Escape,
        "{element} mounts the container runtime socket ({path}) read-only, which still gives the whole runtime API [runtime-socket]: escape to the node",
        Find::Escape(Gives::Node, escape::runtime_socket),
    ),
    cap(
        "cluster-ca",
        Escape,
        "{element} mounts host path {path}, the control plane's CA key and admin credentials [cluster-ca]: signs a system:masters client certificate, so holds every right cluster-wide",
        Find::Escape(Gives::ClusterAdmin, escape::cluster_ca),
    ),
    cap(
        "etcd-data",
        Escape,
        "{element} reads host path {path}, etcd's data directory on a control-plane node [etcd-data]: every Secret of the cluster in clear (unless encrypted at rest), every service-account token among them, so holds every right cluster-wide",
        Find::Escape(Gives::ClusterAdmin, escape::etcd_data),
    ),
    cap(
        "ssh-keys",
        Escape,
        "{element} reads host path {path}, which holds the node's SSH login keys [ssh-keys]: logs in to the node",
        Find::Escape(Gives::Node, escape::ssh_keys),
    ),
    cap(
        "read-only-credentials",
        Escape,
        "{element} reads host path {path}, which holds the node's tokens and credentials [read-only-credentials]: the token of {identity} ({workload})",
        Find::Escape(Gives::NodeTokens, escape::read_only_credentials),
    ),
    cap(
        "control-plane-node",
        Node,
        "{element} runs on a control-plane node and escapes to it [control-plane-node]: etcd's data, the admin kubeconfig in /etc/kubernetes and the static pods hold every right cluster-wide",
        Find::Element(element::control_plane_node),
    ),
    cap(
        "host-network",
        Reach,
        "{element} uses the host network and reaches {target} on the node",
        Find::Element(element::host_network),
    ),
    cap(
        "host-network-policy",
        Reach,
        "{element} uses the host network, which the NetworkPolicies of the pods on its node cannot block, so reaches {target}",
        Find::Element(element::host_network_policy),
    ),
    cap(
        "host-pid-environ",
        Data,
        "{element} shares the host PID namespace and runs as UID {uid}, as {workload}'s processes do, so reads their environment (another user's needs CAP_SYS_PTRACE or privilege) [host-pid-environ]: Secret data {data}",
        Find::Element(element::host_pid_environ),
    ),
    // A controlled node.
    cap(
        "node-metadata",
        Node,
        "the node reaches the metadata service {service}",
        Find::NodeLocal(node::metadata),
    ),
    cap(
        "node-cloud-credentials",
        Node,
        "the metadata service hands out the node's cloud credentials ({identity})",
        Find::NodeLocal(node::cloud_credentials),
    ),
    cap(
        "node-local-control",
        Node,
        "control of the node controls {element}",
        Find::NodeLocal(node::local_control),
    ),
    cap(
        "node-workloads",
        Node,
        "{workload} may run on the compromised node",
        Find::Node(node::workloads),
    ),
    cap(
        "node-stores",
        Node,
        "{store} runs as pods that may run on the compromised node: its data is on the node",
        Find::Node(node::stores),
    ),
    // A grant of a held identity; `{grant}` is the grant in words.
    cap(
        "wildcard",
        Rbac,
        "{grant}: holds every right, so also those of {identity}",
        Find::Grant(rbac::wildcard),
    ),
    cap(
        "wildcard-workloads",
        Rbac,
        "{grant}: rewrites {workload} and runs code in it",
        Find::Grant(rbac::wildcard_workloads),
    ),
    cap(
        "bind-any-role",
        Rbac,
        "{grant}: creates a binding to any role (bind), cluster-admin included, so holds every right {scope}",
        Find::Grant(rbac::bind_any_role),
    ),
    cap(
        "bind-namespace-roles",
        Rbac,
        "{grant}: binds itself the role that lets {identity} {rights} {scope}",
        Find::Grant(rbac::bind_namespace_roles),
    ),
    cap(
        "escalate-role",
        Rbac,
        "{grant}: rewrites its roles beyond its own rights (escalate), so holds every right {scope}",
        Find::Grant(rbac::escalate_role),
    ),
    cap(
        "mint-certificates",
        Rbac,
        "{grant}: creates, approves and signs a CSR for a system:masters client certificate, so holds every right {scope}",
        Find::Grant(rbac::mint_certificates),
    ),
    cap(
        "read-secrets",
        Rbac,
        "{grant}: reads the token of {identity}",
        Find::Grant(rbac::read_secrets),
    ),
    cap(
        "secret-data",
        Data,
        "{grant}: reads Secret data {data}",
        Find::Grant(rbac::secret_data),
    ),
    cap(
        "impersonate",
        Rbac,
        "{grant}: impersonates {identity}",
        Find::Grant(rbac::impersonate),
    ),
    cap(
        "mint-tokens",
        Rbac,
        "{grant}: mints a token for {identity}",
        Find::Grant(rbac::mint_tokens),
    ),
    cap(
        "rewrite-workloads",
        Rbac,
        "{grant}: replaces the pod template of {workload} and runs code in it",
        Find::Grant(rbac::rewrite_workloads),
    ),
    cap(
        "exec",
        Rbac,
        "{grant}: execs into {workload} and runs code in it",
        Find::Grant(rbac::exec),
    ),
    cap(
        "kubelet-proxy",
        Rbac,
        "{grant}: reaches the kubelet API through nodes/proxy and runs commands in {workload}",
        Find::Grant(rbac::kubelet_proxy),
    ),
    cap(
        "create-pods",
        Rbac,
        "{grant}: starts a pod that runs as {identity}",
        Find::Grant(rbac::create_pods),
    ),
    cap(
        "privileged-pods",
        Rbac,
        "{grant}: namespace {namespace} allows privileged pods, so a new privileged pod escapes to the node",
        Find::Grant(rbac::privileged_pods),
    ),
    cap(
        "host-path-volumes",
        Rbac,
        "{grant}: creates a hostPath PersistentVolume of the node's root, so the node",
        Find::Grant(rbac::host_path_volumes),
    ),
];

/// The entries from `k` on that take turns with entry `k` ([`Find`]):
/// consecutive per-flow, escape or node-local entries; otherwise entry `k`
/// alone.
pub fn run_at(k: usize) -> &'static [Capability] {
    let Some(first) = CAPABILITIES.get(k) else {
        return &[];
    };
    let grouped = matches!(
        first.find,
        Find::Flow(_) | Find::Escape(..) | Find::NodeLocal(_)
    );
    let same =
        |c: &Capability| std::mem::discriminant(&c.find) == std::mem::discriminant(&first.find);
    let len = if grouped {
        CAPABILITIES[k..].iter().take_while(|c| same(c)).count()
    } else {
        1
    };
    &CAPABILITIES[k..k + len]
}

/// A reason with its placeholders filled by `args`, in order.
pub fn render(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Every capability's name, in the order they are tried.
pub fn names() -> Vec<&'static str> {
    CAPABILITIES.iter().map(|c| c.name).collect()
}
