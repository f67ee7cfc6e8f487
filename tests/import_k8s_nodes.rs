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
    // port's name; never by a port number other than 22 alone.
    for id in ["jumpbox", "bastion", "builder", "git"] {
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
    for (id, access) in [
        ("jumpbox", "control"),
        ("sa-jumpbox", "hold"),
        ("nodes", "control"),
    ] {
        assert!(has(&r, id, access), "{id}: {r:?}");
    }
    // From a pod of the namespace: git's Service port named ssh is a way in.
    let r = reach_of(&path, "web");
    assert!(has(&r, "git", "control"), "{r:?}");
}
