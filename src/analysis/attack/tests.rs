//! One unit test per capability of [`super::catalogue`], named
//! `cap_<name>` (dashes as underscores): each runs a scenario on a small
//! cluster model and checks the step the capability adds, with its reason
//! word for word. `every_capability_has_a_test_and_a_reason` checks that
//! no entry is left without one.

#[path = "tests_rbac.rs"]
mod rbac;

use super::catalogue::{CAPABILITIES, render};
use super::{Asset, explore};
use crate::analysis::context::Context;
use crate::model::Model;

const CLUSTER: &str = r#"
boundary cloud { kind cloud-account
  process imds { kind cloud-metadata }
  boundary cluster { kind k8s-cluster
    boundary nodes { kind k8s-node; process kubelet { kind kubelet } }
    boundary a { kind k8s-namespace; pod-security privileged
      process w { kind k8s-deployment; runs-as sa-w; SETTINGS }
      process x { kind k8s-deployment; runs-as sa-x }
      process y { kind k8s-deployment; runs-as sa-x; ingress-isolated true }
      store vault { kind k8s-secret; stores token }
    }
    boundary b { kind k8s-namespace; network-policy default-deny
      store db { kind database; stores secret }
      process api { kind k8s-deployment; runs-as sa-x; ingress-from w }
    }
  }
}
data secret { classification restricted }
data token "Secret token" {}
data order {}
identity sa-w { scope a GRANTS }
identity sa-x { scope a }
identity alice { kind k8s-user }
identity node-role { kind cloud-role }
flow w -> db "query" { carries order; credential alice }
"#;

/// Every reason of the scenario that compromises `start` in the cluster
/// model with `settings` on workload `w` and `grants` on identity `sa-w`.
fn reasons(settings: &str, grants: &str, start: &str) -> Vec<String> {
    let text = CLUSTER
        .replace("SETTINGS", settings)
        .replace("GRANTS", grants);
    reasons_in(&text, start)
}

/// Every reason of the scenario that compromises `start` in model `text`.
fn reasons_in(text: &str, start: &str) -> Vec<String> {
    let r = crate::resolve::resolve_str("t.vast", text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let m: &Model = &r.model;
    let cx = Context::new(m);
    let compromise = if let Some(e) = m.element(start) {
        crate::model::Compromised::Element(e)
    } else {
        let i = m.identity(start);
        crate::model::Compromised::Identity(i.expect("a declared start"))
    };
    let reach = explore(&cx, &[compromise]);
    let steps: Vec<Asset> = reach.in_order();
    steps.into_iter().flat_map(|a| reach.chain(a)).collect()
}

/// The reason of capability `name` with `args`.
fn reason(name: &str, args: &[&str]) -> String {
    let c = CAPABILITIES.iter().find(|c| c.name == name);
    render(c.expect("a capability").reason, args)
}

#[track_caller]
fn has(reasons: &[String], want: &str) {
    assert!(
        reasons.iter().any(|r| r == want),
        "{want:?} not in {reasons:#?}"
    );
}

#[track_caller]
fn starts(reasons: &[String], want: &str) {
    assert!(
        reasons.iter().any(|r| r.starts_with(want)),
        "{want:?} starts none of {reasons:#?}"
    );
}

const FLOW: &str = "w->db";

#[test]
fn cap_data_exposure() {
    has(&reasons("", "", "db"), "db stores secret");
}

#[test]
fn cap_data_in_transit() {
    has(
        &reasons("", "", "w"),
        &format!("w handles order on flow {FLOW}"),
    );
}

#[test]
fn cap_flow_reach() {
    has(
        &reasons("", "", "w"),
        &format!("w can send to db (flow {FLOW})"),
    );
}

#[test]
fn cap_flow_credential() {
    let want = format!("w presents the credential of alice on flow {FLOW}");
    has(&reasons("", "", "w"), &want);
}

#[test]
fn cap_flat_network() {
    let r = reasons("", "", "w");
    has(
        &r,
        "namespace a has no default-deny NetworkPolicy, so w can reach x",
    );
    assert!(!r.iter().any(|r| r.ends_with("can reach db")), "{r:#?}");
    // y's own NetworkPolicy keeps it off the flat network.
    assert!(!r.iter().any(|r| r.ends_with("can reach y")), "{r:#?}");
}

#[test]
fn cap_policy_admits() {
    // api sits in a default-deny namespace; its policy admits w alone.
    let r = reasons("", "", "w");
    has(&r, "a NetworkPolicy of api admits w over the pod network");
    let from_x = reasons("", "", "x");
    assert!(
        !from_x.iter().any(|r| r.contains("of api admits")),
        "{from_x:#?}"
    );
    assert!(
        !from_x.iter().any(|r| r.ends_with("can reach y")),
        "{from_x:#?}"
    );
}

/// An agent with a mail tool (SETTINGS on the tool) that runs as an
/// identity allowed to read the shop's Secrets.
const AGENT: &str = r#"
boundary shop { kind k8s-namespace
  process agent { kind agent }
  process mailer { kind agent-tool; tool-actions send; runs-as mail-sa SETTINGS }
}
identity mail-sa { scope shop; allow get on secrets }
flow agent -> mailer "send mail" {}
"#;

#[test]
fn cap_agent_tool() {
    let r = reasons_in(&AGENT.replace("SETTINGS", ""), "agent");
    has(
        &r,
        "agent calls the tool mailer without a person's approval: an instruction injected into agent runs it (flow agent->mailer)",
    );
    // A person approves the tool's actions: the agent only reaches it.
    let r = reasons_in(&AGENT.replace("SETTINGS", "; human-approval true"), "agent");
    assert!(!r.iter().any(|r| r.contains("calls the tool")), "{r:#?}");
    assert!(!r.iter().any(|r| r.contains("acts as mail-sa")), "{r:#?}");
}

#[test]
fn cap_anonymous_ui() {
    // x, a dashboard that lets anonymous users in, is on w's pod network.
    let text = CLUSTER.replace("SETTINGS", "").replace("GRANTS", "").replace(
        "process x { kind k8s-deployment; runs-as sa-x }",
        "process x { kind k8s-deployment; runs-as sa-x; management-ui true; anonymous-auth true }",
    );
    let r = reasons_in(&text, "w");
    has(&r, &reason("anonymous-ui", &["x"]));
    has(&r, "x runs as sa-x and its token is mounted");
    // With a login, reaching it is no more than reaching it.
    let r = reasons_in(&text.replace("; anonymous-auth true", ""), "w");
    assert!(!r.iter().any(|x| x.contains("anonymous")), "{r:#?}");
}

#[test]
fn cap_ssh_server() {
    // x, on w's pod network, runs an SSH server on port 2222.
    let ssh = |settings: &str| {
        let text = CLUSTER
            .replace("SETTINGS", "")
            .replace("GRANTS", "")
            .replace(
                "process x { kind k8s-deployment; runs-as sa-x }",
                &format!("process x {{ kind k8s-deployment; runs-as sa-x; {settings} }}"),
            );
        reasons_in(&text, "w")
    };
    let r = ssh("ports \"2222\"; ssh-server true");
    has(&r, &reason("ssh-server", &["x"]));
    has(&r, "x runs as sa-x and its token is mounted");
    // Port 22 is an SSH server too; another port alone is not.
    has(&ssh("ports \"22\""), &reason("ssh-server", &["x"]));
    let r = ssh("ports \"2222\"");
    assert!(!r.iter().any(|x| x.contains("[ssh-server]")), "{r:#?}");
}

#[test]
fn cap_tool_identity() {
    let r = reasons_in(&AGENT.replace("SETTINGS", ""), "agent");
    has(&r, "the tool mailer acts as mail-sa");
}

#[test]
fn cap_mounted_token() {
    has(
        &reasons("", "", "w"),
        "w runs as sa-w and its token is mounted",
    );
    let off = reasons("automount false", "", "w");
    assert!(!off.iter().any(|r| r.contains("token is mounted")));
}

#[test]
fn cap_privileged() {
    let r = reasons("privileged true", "", "w");
    has(&r, "w is privileged [privileged]: escape to the node");
}

#[test]
fn cap_host_pid_ptrace() {
    let r = reasons("host-pid true; capabilities SYS_PTRACE", "", "w");
    has(
        &r,
        "w shares the host PID namespace with CAP_SYS_PTRACE [host-pid-ptrace]: escape to the node",
    );
}

#[test]
fn cap_escape_capability() {
    let r = reasons("capabilities SYS_ADMIN", "", "w");
    has(
        &r,
        "w has capability SYS_ADMIN [escape-capability]: escape to the node",
    );
}

#[test]
fn cap_writable_host_path() {
    let r = reasons("host-path \"/var/log\"", "", "w");
    has(
        &r,
        "w mounts host path /var/log writable [writable-host-path]: escape to the node",
    );
}

#[test]
fn cap_runtime_socket() {
    let r = reasons("host-path-read-only \"/var/run/docker.sock\"", "", "w");
    has(
        &r,
        "w mounts the container runtime socket (/var/run/docker.sock) read-only, which still gives the whole runtime API [runtime-socket]: escape to the node",
    );
}

#[test]
fn cap_read_only_credentials() {
    let r = reasons("host-path-read-only \"/var/lib/kubelet/pods\"", "", "w");
    has(
        &r,
        "w reads host path /var/lib/kubelet/pods, which holds the node's tokens and credentials [read-only-credentials]: the token of sa-x (x)",
    );
}

#[test]
fn cap_cluster_ca() {
    let r = reasons("host-path \"/etc/kubernetes/pki\"", "", "w");
    let head = reason("cluster-ca", &["w", "/etc/kubernetes/pki"]);
    assert!(
        head.ends_with(
            "signs a system:masters client certificate, so holds every right cluster-wide"
        ),
        "{head}"
    );
    // Every account of the cluster, every workload, and the node through a
    // privileged pod.
    has(
        &r,
        &format!("{head}: holds every right, so also those of sa-x"),
    );
    has(&r, &format!("{head}: rewrites api and runs code in it"));
    starts(&r, &format!("{head}: namespace a allows privileged pods"));
}

#[test]
fn cap_etcd_data() {
    let r = reasons("host-path-read-only \"/var/lib/etcd\"", "", "w");
    let head = reason("etcd-data", &["w", "/var/lib/etcd"]);
    has(
        &r,
        &format!("{head}: holds every right, so also those of sa-x"),
    );
    // A parent of it on a worker holds kubelet state, not etcd's data.
    let r = reasons("host-path-read-only \"/var/lib\"", "", "w");
    assert!(!r.iter().any(|x| x.contains("[etcd-data]")), "{r:#?}");
    let r = reasons(
        "host-path-read-only \"/var/lib\"; control-plane-node true",
        "",
        "w",
    );
    starts(&r, &reason("etcd-data", &["w", "/var/lib"]));
}

#[test]
fn cap_control_plane_node() {
    let r = reasons("privileged true; control-plane-node true", "", "w");
    let head = reason("control-plane-node", &["w"]);
    has(
        &r,
        &format!("{head}: holds every right, so also those of sa-x"),
    );
    has(&r, &format!("{head}: rewrites api and runs code in it"));
    // A worker's escape holds its node, not the control plane.
    let r = reasons("privileged true", "", "w");
    assert!(
        !r.iter().any(|x| x.contains("[control-plane-node]")),
        "{r:#?}"
    );
    // Taken through a worker node (x escapes), a pod that tolerates the
    // control-plane taint is its worker instance: no climb. A pod that runs
    // on control-plane nodes only is not on the worker at all.
    let through = |w: &str| {
        let text = CLUSTER
            .replace("SETTINGS", &format!("privileged true; {w}"))
            .replace("GRANTS", "")
            .replace(
                "process x { kind k8s-deployment; runs-as sa-x }",
                "process x { kind k8s-deployment; runs-as sa-x; privileged true }",
            );
        reasons_in(&text, "x")
    };
    let r = through("control-plane-node true");
    has(&r, "w may run on the compromised node");
    assert!(
        !r.iter().any(|x| x.contains("[control-plane-node]")),
        "{r:#?}"
    );
    let r = through("control-plane-node true; control-plane-only true");
    assert!(
        !r.iter().any(|x| x == "w may run on the compromised node"),
        "{r:#?}"
    );
    // A hand-written model says it by drawing the pod in the control plane.
    let drawn = r#"
boundary cluster { kind k8s-cluster
  boundary cp { kind k8s-control-plane
    process w { kind k8s-pod; privileged true }
    store etcd { kind k8s-etcd; stores state }
  }
  boundary a { kind k8s-namespace
    process x { kind k8s-deployment; runs-as sa-x }
  }
}
identity sa-x { scope a }
data state { classification restricted }
"#;
    let r = reasons_in(drawn, "w");
    has(
        &r,
        &format!("{head}: holds every right, so also those of sa-x"),
    );
    // etcd, drawn there, is held, and so its data.
    has(&r, &head);
    has(&r, "etcd stores state");
    // Without an escape, the placement alone gives nothing.
    let r = reasons("control-plane-node true", "", "w");
    assert!(
        !r.iter().any(|x| x.contains("[control-plane-node]")),
        "{r:#?}"
    );
}

#[test]
fn cap_ssh_keys() {
    let r = reasons("host-path-read-only \"/root/.ssh\"", "", "w");
    has(
        &r,
        "w reads host path /root/.ssh, which holds the node's SSH login keys [ssh-keys]: logs in to the node",
    );
    has(&r, "x may run on the compromised node");
}

#[test]
fn cap_host_network() {
    let r = reasons("host-network true", "", "w");
    has(
        &r,
        "w uses the host network and reaches kubelet on the node",
    );
    has(&r, "w uses the host network and reaches imds on the node");
    // An escape to the node gives more, so this step is not taken then.
    let r = reasons("host-network true; privileged true", "", "w");
    assert!(!r.iter().any(|r| r.contains("host network")), "{r:#?}");
}

#[test]
fn cap_host_network_policy() {
    // api (namespace b, default-deny, admits only w) and y (isolated)
    // cannot block the node x runs on.
    let text = CLUSTER
        .replace("SETTINGS", "")
        .replace("GRANTS", "")
        .replace(
            "process x { kind k8s-deployment; runs-as sa-x }",
            "process x { kind k8s-deployment; runs-as sa-x; host-network true }",
        );
    let r = reasons_in(&text, "x");
    has(&r, &reason("host-network-policy", &["x", "api"]));
    has(
        &r,
        "x uses the host network, which the NetworkPolicies of the pods on its node cannot block, so reaches y",
    );
    // Without the host network, only what admits it.
    let r = reasons("", "", "x");
    assert!(!r.iter().any(|x| x.contains("reaches api")), "{r:#?}");
}

#[test]
fn cap_host_pid_environ() {
    // x takes the Secret token as environment variables; both run as root
    // (the default).
    let text = CLUSTER
        .replace("SETTINGS", "host-pid true")
        .replace("GRANTS", "")
        .replace(
            "process x { kind k8s-deployment; runs-as sa-x }",
            "process x { kind k8s-deployment; runs-as sa-x; secrets-as env }",
        )
        + "flow vault -> x \"env\" { protocol file; carries token }\n";
    let r = reasons_in(&text, "w");
    has(&r, &reason("host-pid-environ", &["w", "0", "x", "token"]));
    // As files, the Secret is not in the environment.
    let r = reasons_in(&text.replace("secrets-as env", "secrets-as volume"), "w");
    assert!(!r.iter().any(|x| x.contains("host-pid-environ")), "{r:#?}");
    // Another user's environment needs CAP_SYS_PTRACE: a reader that is
    // not root does not read root's, root does not read UID 1000's.
    for (reader, target) in [
        ("run-as-user 1000", ""),
        ("run-as-root false", ""),
        ("run-as-non-root true", ""),
        ("", "; run-as-user 1000"),
    ] {
        let t = text
            .replace("host-pid true", &format!("host-pid true; {reader}"))
            .replace("secrets-as env", &format!("secrets-as env{target}"));
        let r = reasons_in(&t, "w");
        assert!(
            !r.iter().any(|x| x.contains("host-pid-environ")),
            "{reader} {target}: {r:#?}"
        );
    }
    // The same UID reads it.
    let t = text
        .replace("host-pid true", "host-pid true; run-as-user 1000")
        .replace("secrets-as env", "secrets-as env; run-as-user 1000");
    has(
        &reasons_in(&t, "w"),
        &reason("host-pid-environ", &["w", "1000", "x", "token"]),
    );
}

#[test]
fn cap_node_metadata() {
    has(
        &reasons("privileged true", "", "w"),
        "the node reaches the metadata service imds",
    );
}

#[test]
fn cap_node_cloud_credentials() {
    has(
        &reasons("privileged true", "", "w"),
        "the metadata service hands out the node's cloud credentials (node-role)",
    );
}

#[test]
fn cap_node_local_control() {
    has(
        &reasons("privileged true", "", "w"),
        "control of the node controls kubelet",
    );
}

#[test]
fn cap_node_workloads() {
    has(
        &reasons("privileged true", "", "w"),
        "x may run on the compromised node",
    );
}

#[test]
fn cap_node_stores() {
    let r = reasons("privileged true", "", "w");
    has(
        &r,
        "db runs as pods that may run on the compromised node: its data is on the node",
    );
    has(&r, "db stores secret");
    // A Secret is an API object in etcd, not a pod on the node.
    assert!(
        !r.iter().any(|x| x.starts_with("vault runs as pods")),
        "{r:#?}"
    );
}

/// Every entry has a reason with text besides its placeholders, a unique
/// name, and a test named after it in this file.
#[test]
fn every_capability_has_a_test_and_a_reason() {
    let source = [include_str!("tests.rs"), include_str!("tests_rbac.rs")].concat();
    let mut seen = std::collections::BTreeSet::new();
    for c in CAPABILITIES {
        assert!(seen.insert(c.name), "{} twice", c.name);
        let text = render(c.reason, &[]);
        assert!(!text.trim().is_empty(), "{}: {:?}", c.name, c.reason);
        let test = format!("#[test]\nfn cap_{}() {{", c.name.replace('-', "_"));
        assert!(
            source.contains(&test),
            "capability {} has no test `{test}`",
            c.name
        );
    }
}
