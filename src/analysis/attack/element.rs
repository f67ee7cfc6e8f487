//! The capabilities that expand a controlled element (data, flows, the pod
//! network, its token, its escape to the node, the host network), and the
//! loop that walks them in table order ([`super::catalogue`]).

use super::catalogue::{self, Capability, Find};
use super::escape::{self, Gives};
use super::{Asset, Search};
use crate::analysis::network;
use crate::model::*;
use std::borrow::Cow;

impl Search<'_, '_> {
    /// What reaching an element gives, in table order.
    pub(super) fn expand_reached(&mut self, t: ElementId) {
        for c in catalogue::CAPABILITIES {
            if let Find::Reached(f) = c.find {
                f(self, t, c);
            }
        }
    }

    pub(super) fn expand_element(&mut self, e: ElementId) {
        let cx = self.cx;
        let mut k = 0;
        loop {
            let run = catalogue::run_at(k);
            let Some(first) = run.first() else { break };
            match first.find {
                Find::Element(f) => f(self, e, first),
                Find::Flow(_) => {
                    for &f in cx.graph.outbound(e) {
                        for c in run {
                            if let Find::Flow(each) = c.find {
                                each(self, e, f, c);
                            }
                        }
                    }
                }
                Find::Escape(..) => self.escape(e),
                _ => {}
            }
            k += run.len();
        }
    }

    /// A controlled workload's first escape: the node, or the tokens kept
    /// on it.
    fn escape(&mut self, e: ElementId) {
        if !self.workload(e) {
            return;
        }
        let m = self.m();
        let el = &m.elements[e];
        let node = self.node_of(e);
        let settings = placed(self, e, el);
        let Some((c, gives, args)) = escape::first(&settings) else {
            return;
        };
        let mut all = vec![el.id.as_str()];
        all.extend(args);
        match gives {
            Gives::Node => self.step(c, Asset::Node(node), Some(Asset::Control(e)), &all),
            Gives::NodeTokens => self.node_tokens(e, c, &all),
            Gives::ClusterAdmin => {
                let what = catalogue::render(c.reason, &all);
                self.cluster_admin(Asset::Control(e), &what);
            }
        }
    }

    /// Was control of `e` gained through a node ([`super::node`])? Then it
    /// is control of the pods on that node, a worker.
    pub(super) fn via_node(&self, e: ElementId) -> bool {
        matches!(
            self.reach.gained.get(&Asset::Control(e)),
            Some((_, step)) if matches!(step.from, Some(Asset::Node(_)))
        )
    }

    pub(super) fn workload(&self, e: ElementId) -> bool {
        let el = &self.m().elements[e];
        el.ty == ElementType::Process && el.kind.is_workload()
    }
}

/// A workload's settings as its escapes read them, `control-plane-node`
/// saying where the controlled instance runs: set on a control-plane node
/// ([`Context::on_control_plane`], a `k8s-control-plane` boundary
/// included), cleared when the workload was taken through a (worker) node,
/// which controls only its instance there.
///
/// [`Context::on_control_plane`]: crate::analysis::context::Context::on_control_plane
fn placed<'a>(s: &Search<'_, '_>, e: ElementId, el: &'a Element) -> Cow<'a, Settings> {
    let there = s.cx.on_control_plane(e) && !s.via_node(e);
    if there == el.settings.flag(Key::ControlPlaneNode) {
        return Cow::Borrowed(&el.settings);
    }
    let mut x = el.settings.clone();
    x.insert(Key::ControlPlaneNode, Val::Bool(there));
    Cow::Owned(x)
}

/// Whether workload `e`'s first escape, where it runs, takes its node.
fn escapes_to_node(s: &Search<'_, '_>, e: ElementId, el: &Element) -> bool {
    escape::first(&placed(s, e, el)).is_some_and(|f| f.1 == Gives::Node)
}

/// A controlled element exposes the data it stores.
pub(super) fn data_stored(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    let m = s.m();
    let el = &m.elements[e];
    for &d in &el.stores {
        s.step(
            c,
            Asset::Data(d),
            Some(Asset::Control(e)),
            &[&el.id, &m.data[d].id],
        );
    }
}

/// A controlled element exposes the data on its flows, both ways.
pub(super) fn data_in_transit(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    let (m, cx) = (s.m(), s.cx);
    let el = &m.elements[e];
    for &f in cx.graph.outbound(e).iter().chain(cx.graph.inbound(e)) {
        let flow = &m.flows[f];
        for &d in flow.carries.iter().chain(&flow.returns) {
            s.step(
                c,
                Asset::Data(d),
                Some(Asset::Control(e)),
                &[&el.id, &m.data[d].id, &flow.id],
            );
        }
    }
}

/// A controlled element sends to the target of a flow of its.
pub(super) fn flow_reach(s: &mut Search<'_, '_>, e: ElementId, f: FlowId, c: &'static Capability) {
    let m = s.m();
    let flow = &m.flows[f];
    let args = [&m.elements[e].id[..], &m.elements[flow.target].id, &flow.id];
    s.step(c, Asset::Reach(flow.target), Some(Asset::Control(e)), &args);
}

/// A controlled element holds the credential it presents on a flow.
pub(super) fn flow_credential(
    s: &mut Search<'_, '_>,
    e: ElementId,
    f: FlowId,
    c: &'static Capability,
) {
    let m = s.m();
    let flow = &m.flows[f];
    if let Some(i) = flow.credential {
        let args = [&m.elements[e].id[..], &m.identities[i].id, &flow.id];
        s.step(c, Asset::Identity(i), Some(Asset::Control(e)), &args);
    }
}

/// A controlled model (an agent, or a model that calls tools) runs the
/// agent tools it calls, unless a person approves their actions: an
/// instruction injected into its prompt or retrieved content is carried
/// out with the tool's rights.
pub(super) fn agent_tool(s: &mut Search<'_, '_>, e: ElementId, f: FlowId, c: &'static Capability) {
    let m = s.m();
    let (el, flow) = (&m.elements[e], &m.flows[f]);
    let tool = &m.elements[flow.target];
    let model = matches!(
        el.kind,
        ElementKind::Agent | ElementKind::Llm | ElementKind::ModelServer
    );
    if model && tool.kind == ElementKind::AgentTool && !tool.settings.flag(Key::HumanApproval) {
        let args = [&el.id[..], &tool.id, &el.id, &flow.id];
        s.step(
            c,
            Asset::Control(flow.target),
            Some(Asset::Control(e)),
            &args,
        );
    }
}

/// A controlled agent tool holds the identity it runs as: its calls carry
/// that identity's rights, token mounted or not.
pub(super) fn tool_identity(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    let m = s.m();
    let el = &m.elements[e];
    if let (ElementKind::AgentTool, Some(i)) = (el.kind, el.runs_as) {
        s.step(
            c,
            Asset::Identity(i),
            Some(Asset::Control(e)),
            &[&el.id, &m.identities[i].id],
        );
    }
}

/// A controlled workload reaches what its cluster's pod network reaches
/// ([`network`]): once per cluster, from the first workload controlled
/// there (every later one reaches the same set).
pub(super) fn flat_network(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    if !s.workload(e) {
        return;
    }
    let (m, cx) = (s.m(), s.cx);
    let Some(cluster) = network::pod_network(cx, e) else {
        return;
    };
    if !s.open_reach_done.insert(cluster) {
        return;
    }
    let open = s.open.get_or_insert_with(|| network::open_targets(cx));
    // needed once per cluster, so taken out
    let targets = open.remove(&cluster).unwrap_or_default();
    for (t, ns) in targets {
        if t != e {
            let args = [
                &m.boundaries[ns].id[..],
                &m.elements[e].id,
                &m.elements[t].id,
            ];
            s.step(c, Asset::Reach(t), Some(Asset::Control(e)), &args);
        }
    }
}

/// A controlled element reaches the isolated workloads whose NetworkPolicy
/// admits it ([`network::admitted`]).
pub(super) fn policy_admits(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    let cx = s.cx;
    let admitted = s.admitted.get_or_insert_with(|| network::admitted(cx));
    let Some(targets) = admitted.get(&e).cloned() else {
        return;
    };
    let m = s.m();
    for (t, _) in targets {
        s.step(
            c,
            Asset::Reach(t),
            Some(Asset::Control(e)),
            &[&m.elements[t].id, &m.elements[e].id],
        );
    }
}

/// A controlled workload holds its identity when the token is mounted.
pub(super) fn mounted_token(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    if !s.workload(e) {
        return;
    }
    let m = s.m();
    let el = &m.elements[e];
    if let Some(i) = el.runs_as
        && el.settings.flag(Key::Automount)
    {
        s.step(
            c,
            Asset::Identity(i),
            Some(Asset::Control(e)),
            &[&el.id, &m.identities[i].id],
        );
    }
}

/// A workload on a control-plane node (`control-plane-node`) that escapes
/// to its node holds the control plane: etcd's data, the administrators'
/// kubeconfig in `/etc/kubernetes` and the static pod manifests, so every
/// right cluster-wide, and the control-plane components the model draws
/// (etcd, API servers, schedulers, whatever lies in a `k8s-control-plane`
/// boundary of its cluster). A worker's escape holds only its node, and so
/// does the worker instance of a pod that tolerates the control-plane taint
/// when it was taken through a worker node.
pub(super) fn control_plane_node(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    if !s.workload(e) {
        return;
    }
    let (m, cx) = (s.m(), s.cx);
    let el = &m.elements[e];
    let escapes = escapes_to_node(s, e, el);
    if !escapes || !cx.on_control_plane(e) || s.via_node(e) {
        return;
    }
    let cluster = cx.nearest(e, BoundaryKind::K8sCluster);
    for t in m.elements.ids() {
        let component = matches!(
            m.elements[t].kind,
            ElementKind::K8sEtcd | ElementKind::K8sApiServer | ElementKind::K8sScheduler
        ) || cx.inside(t, BoundaryKind::K8sControlPlane);
        if t != e && component && cx.nearest(t, BoundaryKind::K8sCluster) == cluster {
            s.step(c, Asset::Control(t), Some(Asset::Control(e)), &[&el.id]);
        }
    }
    let what = catalogue::render(c.reason, &[&el.id]);
    s.cluster_admin(Asset::Control(e), &what);
}

/// A workload on the host network reaches the node-local services (unless
/// it escapes to the node, which gives more).
pub(super) fn host_network(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    if !s.workload(e) {
        return;
    }
    let m = s.m();
    let el = &m.elements[e];
    let escapes = escapes_to_node(s, e, el);
    if escapes || !el.settings.flag(Key::HostNetwork) {
        return;
    }
    for t in s.node_local(e) {
        s.step(
            c,
            Asset::Reach(t),
            Some(Asset::Control(e)),
            &[&el.id, &m.elements[t].id],
        );
    }
}

/// A workload on the host network sends from its node, which no
/// NetworkPolicy of a pod on that node can block; a model does not pin
/// pods to nodes, so it reaches the workloads and stores of its cluster
/// that policies isolate (the open ones it reaches anyway, `flat-network`).
pub(super) fn host_network_policy(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    if !s.workload(e) {
        return;
    }
    let (m, cx) = (s.m(), s.cx);
    let el = &m.elements[e];
    let escapes = escapes_to_node(s, e, el);
    let Some(cluster) = cx.nearest(e, BoundaryKind::K8sCluster) else {
        return;
    };
    if escapes || !el.settings.flag(Key::HostNetwork) {
        return;
    }
    for (t, target) in m.elements.iter_enumerated() {
        if t == e
            || target.ty == ElementType::Actor
            || (target.ty == ElementType::Store
                && network::NOT_ON_THE_NETWORK.contains(&target.kind))
            || cx.nearest(t, BoundaryKind::K8sCluster) != Some(cluster)
        {
            continue;
        }
        let Some(ns) = cx.nearest(t, BoundaryKind::K8sNamespace) else {
            continue;
        };
        if network::isolated(target) || !network::open_namespace(m, ns) {
            s.step(
                c,
                Asset::Reach(t),
                Some(Asset::Control(e)),
                &[&el.id, &target.id],
            );
        }
    }
}

/// A management UI that lets anonymous users in is driven by whoever
/// reaches it: control of it, so of what its identity may do.
pub(super) fn anonymous_ui(s: &mut Search<'_, '_>, t: ElementId, c: &'static Capability) {
    let el = &s.m().elements[t];
    if el.ty == ElementType::Process && el.settings.flag(Key::AnonymousAuth) {
        s.step(c, Asset::Control(t), Some(Asset::Reach(t)), &[&el.id]);
    }
}

/// Does a workload run an SSH server: `ssh-server`, or port 22 among its
/// container ports?
pub(super) fn runs_ssh(s: &Settings) -> bool {
    s.flag(Key::SshServer) || s.list(Key::Ports).contains(&"22")
}

/// A workload that runs an SSH server is a login for whoever reaches it
/// and has, guesses or finds a password or key (MS-TA9010): reaching it
/// is entering it, on port 22 or any other.
pub(super) fn ssh_server(s: &mut Search<'_, '_>, t: ElementId, c: &'static Capability) {
    let el = &s.m().elements[t];
    if s.workload(t) && runs_ssh(&el.settings) {
        s.step(c, Asset::Control(t), Some(Asset::Reach(t)), &[&el.id]);
    }
}

/// The UID a workload's processes run as, when the model says: its
/// `run-as-user`, else 0 when it may run as root (`run-as-root`, the
/// default, without `run-as-non-root`); a non-root workload without a UID
/// runs as the image's user, which a model does not hold.
fn uid(s: &Settings) -> Option<String> {
    if let Some(Val::Num(n)) = s.get(Key::RunAsUser) {
        return Some(format_num(*n));
    }
    (s.flag(Key::RunAsRoot) && !s.flag(Key::RunAsNonRoot)).then(|| "0".to_string())
}

/// A workload in the node's PID namespace reads the environment of the
/// processes of the other pods on its node (`/proc/PID/environ`) that run
/// as its own UID: reading another user's needs CAP_SYS_PTRACE or
/// privilege, which escape to the node (`host-pid-ptrace`, `privileged`)
/// and give more. So a root pod reads the root pods beside it, a pod
/// running as UID 1000 those running as 1000. It gains the Secrets they
/// take as environment variables; a model does not pin pods to worker
/// nodes, so every workload of its cluster but those that run on
/// control-plane nodes only may be beside it.
pub(super) fn host_pid_environ(s: &mut Search<'_, '_>, e: ElementId, c: &'static Capability) {
    if !s.workload(e) {
        return;
    }
    let (m, cx) = (s.m(), s.cx);
    let el = &m.elements[e];
    let escapes = escapes_to_node(s, e, el);
    if escapes || !el.settings.flag(Key::HostPid) {
        return;
    }
    let Some(mine) = uid(&el.settings) else {
        return;
    };
    let cluster = cx.nearest(e, BoundaryKind::K8sCluster);
    for (t, other) in m.elements.iter_enumerated() {
        if t == e
            || !s.workload(t)
            || cx.nearest(t, BoundaryKind::K8sCluster) != cluster
            || other.settings.word(Key::SecretsAs) != Some("env")
            || cx.control_plane_only(t)
            || uid(&other.settings).as_deref() != Some(mine.as_str())
        {
            continue;
        }
        for &f in cx.graph.inbound(t) {
            let flow = &m.flows[f];
            if m.elements[flow.source].kind != ElementKind::K8sSecret {
                continue;
            }
            for &d in &flow.carries {
                let args = [
                    el.id.as_str(),
                    mine.as_str(),
                    other.id.as_str(),
                    m.data[d].id.as_str(),
                ];
                s.step(c, Asset::Data(d), Some(Asset::Control(e)), &args);
            }
        }
    }
}
