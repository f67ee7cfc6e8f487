//! `vastc import k8s` on manifests about what lives on a node
//! (`tests/fixtures/k8s/attacker/`): SSH servers on any port, etcd's data
//! directory, pods pinned to control-plane nodes, the stores a node holds,
//! Helm templates among the manifests and the user a hostPID pod runs as;
//! findings and scenario reach are asserted per behaviour.

#[path = "common/k8s.rs"]
mod support;

use support::*;
use vastc::model::Val;

#[test]
fn ssh_servers_on_any_port() {
    let path = format!("{ATTACKER}/ssh.yaml");
    let (m, threats) = threats_in(&path, None);
    // By image, by command, by a container port's name, by a Service
    // port's name or number 22; never by a port number other than 22 alone.
    for id in ["jumpbox", "bastion", "builder", "git", "sftp"] {
        assert_eq!(setting(&m, id, "ssh-server"), Val::Bool(true), "{id}");
        assert!(
            threats.contains(&format!("K8S-CMP-13@{id}")),
            "{id}: {threats:?}"
        );
    }
    assert!(!element(&m, "web").settings.flag(key("ssh-server")));
    assert!(
        !threats.contains(&"K8S-CMP-13@web".to_string()),
        "{threats:?}"
    );
    // Published on node port 32001: the internet enters through it, and
    // the pod's account is cluster-admin.
    let r = reach_of(&path, "internet-user");
    assert_reaches(
        &r,
        &[
            ("jumpbox", "control"),
            ("sa-jumpbox", "hold"),
            ("nodes", "control"),
        ],
    );
    // From a pod of the namespace: git's Service port named ssh is a way in.
    let r = reach_of(&path, "web");
    assert!(has(&r, "git", "control"), "{r:?}");
}

#[test]
fn etcd_data_and_control_plane_nodes() {
    let path = format!("{ATTACKER}/control-plane.yaml");
    let (m, threats) = threats_in(&path, None);
    for id in ["etcd-backup", "disk-usage", "config-check", "node-agent"] {
        assert_eq!(
            setting(&m, id, "control-plane-node"),
            Val::Bool(true),
            "{id}"
        );
    }
    for id in ["worker-disk-usage", "worker-config-check", "worker-agent"] {
        assert!(
            !element(&m, id).settings.flag(key("control-plane-node")),
            "{id}"
        );
    }
    for t in [
        "K8S-CMP-03@etcd-backup",
        "K8S-CMP-03@disk-usage",
        "K8S-CMP-03@config-check",
        "K8S-CMP-01@node-agent",
    ] {
        assert!(threats.contains(&t.to_string()), "{t}: {threats:?}");
    }
    // Host access on a control-plane node is a finding of its own; the
    // same pods on workers are not.
    for id in ["etcd-backup", "disk-usage", "config-check", "node-agent"] {
        let t = format!("K8S-CMP-17@{id}");
        assert!(threats.contains(&t), "{t}: {threats:?}");
    }
    for id in ["worker-disk-usage", "worker-config-check", "worker-agent"] {
        let t = format!("K8S-CMP-17@{id}");
        assert!(!threats.contains(&t), "{t}: {threats:?}");
    }
    // On a control-plane node: etcd's data (read-only, the directory or a
    // parent), admin.conf in /etc/kubernetes, or any escape to the node is
    // every right: the account no pod runs as is held too.
    for start in ["etcd-backup", "disk-usage", "config-check", "node-agent"] {
        let r = reach_of(&path, start);
        assert!(has(&r, "auditor", "hold"), "{start}: {r:?}");
    }
    // On a worker: the node and the tokens on it, not the control plane.
    for start in ["worker-disk-usage", "worker-config-check", "worker-agent"] {
        let r = reach_of(&path, start);
        assert!(!has(&r, "auditor", "hold"), "{start}: {r:?}");
    }
    // A worker node runs the agent that tolerates every taint, not the
    // pods pinned to control-plane nodes; its instance of the agent does
    // not climb to the control plane.
    let r = reach_of(&path, "worker-agent");
    assert!(has(&r, "nodes", "control"), "{r:?}");
    assert!(has(&r, "node-agent", "control"), "{r:?}");
    for id in ["etcd-backup", "disk-usage", "config-check"] {
        assert!(!has(&r, id, "control"), "{id}: {r:?}");
    }
    // Pinned or tolerating: only a pinned pod never runs on a worker.
    for id in ["etcd-backup", "disk-usage", "config-check"] {
        assert_eq!(
            setting(&m, id, "control-plane-only"),
            Val::Bool(true),
            "{id}"
        );
    }
    assert!(
        !element(&m, "node-agent")
            .settings
            .flag(key("control-plane-only"))
    );
}

#[test]
fn stores_are_taken_with_their_node() {
    let path = format!("{ATTACKER}/node-stores.yaml");
    let (m, _) = threats_in(&path, None);
    for id in ["orders-db", "sessions"] {
        assert_eq!(element(&m, id).ty, vastc::model::ElementType::Store, "{id}");
    }
    // A privileged agent holds its node, so the pods of the databases and
    // caches the node may run, but not the Secret in etcd.
    let r = reach_of(&path, "log-agent");
    assert!(has(&r, "nodes", "control"), "{r:?}");
    for id in ["orders-db", "sessions"] {
        assert!(has(&r, id, "control"), "{id}: {r:?}");
    }
    assert!(!has(&r, "secret-orders-db", "control"), "{r:?}");
    // A pod that does not escape reaches them, no more.
    let r = reach_of(&path, "log-viewer");
    assert!(!has(&r, "nodes", "control"), "{r:?}");
    assert!(has(&r, "sessions", "reach"), "{r:?}");
    assert!(!has(&r, "sessions", "control"), "{r:?}");
}

fn vastc(args: &[&str]) -> std::process::Output {
    match std::process::Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run vastc: {e}"),
    }
}

#[test]
fn helm_templates_are_skipped_document_by_document() {
    let out = vastc(&["import", "k8s", "tests/fixtures/k8s/helm/chart"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // One warning per template document, at its first `{{`.
    for at in [
        "templates/deployment.yaml:14:5",
        "templates/worker.yaml:18:1",
    ] {
        assert!(
            stderr.contains(&format!(
                "skipped {at}: Helm template: render it first with `helm template`"
            )),
            "{at}: {stderr}"
        );
    }
    assert!(stderr.contains("vast::import::helm_template"), "{stderr}");
    // The documents that parse are imported, in the same files.
    assert!(stdout.contains("boundary shop"), "{stdout}");
    assert!(stdout.contains("process worker"), "{stdout}");
    assert!(!stdout.contains("process web"), "{stdout}");
    resolve(&stdout);
    // Nothing but templates: nothing imported, exit 2.
    let out = vastc(&["import", "k8s", "tests/fixtures/k8s/helm/only-templates"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("deployment.yaml:1:1"), "{stderr}");
    assert!(stderr.contains("nothing imported"), "{stderr}");
}

#[test]
fn host_pid_reads_the_environment_of_its_own_user() {
    let path = format!("{ATTACKER}/host-pid-users.yaml");
    let (m, threats) = threats_in(&path, None);
    // The container's runAsUser wins over the pod's.
    assert_eq!(text(&m, "monitor", "run-as-user"), "0");
    assert_eq!(text(&m, "viewer", "run-as-user"), "65534");
    assert_eq!(setting(&m, "viewer", "run-as-non-root"), Val::Bool(true));
    assert_eq!(setting(&m, "viewer", "run-as-root"), Val::Bool(false));
    assert_eq!(text(&m, "batch", "run-as-user"), "65534");
    assert!(
        element(&m, "billing")
            .settings
            .get(key("run-as-user"))
            .is_none()
    );
    for t in ["K8S-CMP-05@monitor", "K8S-CMP-05@viewer"] {
        assert!(threats.contains(&t.to_string()), "{t}: {threats:?}");
    }
    // Root reads the environment of the root pods beside it, not of a pod
    // running as another user; neither escapes.
    let r = reach_of(&path, "monitor");
    assert!(has(&r, "billing-db", "expose"), "{r:?}");
    assert!(!has(&r, "batch-token", "expose"), "{r:?}");
    assert!(!has(&r, "nodes", "control"), "{r:?}");
    let r = reach_of(&path, "viewer");
    assert!(has(&r, "batch-token", "expose"), "{r:?}");
    assert!(!has(&r, "billing-db", "expose"), "{r:?}");
}
