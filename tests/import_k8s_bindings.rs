//! `vastc import k8s` on manifests whose attack depends on Kubernetes'
//! exact rules (`tests/fixtures/k8s/attacker/`): which bindings a `bind`
//! right can create, rights a RoleBinding cannot grant, what a pod patch
//! gives, read-only SSH keys; workloads at older API versions and of the
//! kinds a Deployment manages; Jobs and helpers that are not ingress
//! controllers or dashboards; built-in namespaces the manifests do not
//! configure. Findings and scenario reach are asserted.

#[path = "common/k8s.rs"]
mod support;

use support::*;
use vastc::model::Val;

#[test]
fn bind_escalates_only_through_a_binding_that_can_name_the_role() {
    let path = format!("{ATTACKER}/bindings.yaml");
    let (_, threats) = threats_in(&path, None);
    // Each holds an escalation verb, so each is a finding.
    for t in [
        "K8S-PRIV-05@crb-roles",
        "K8S-PRIV-05@rb-crb",
        "K8S-PRIV-05@ns-admin",
    ] {
        assert!(threats.contains(&t.to_string()), "{t}: {threats:?}");
    }
    // A ClusterRoleBinding cannot name a Role; a RoleBinding grants no
    // ClusterRoleBindings: neither escalates.
    for start in ["crb-roles", "rb-crb"] {
        let r = reach_of(&path, start);
        assert!(!has(&r, "nodes", "control"), "{start}: {r:?}");
        assert!(!has(&r, "patcher", "hold"), "{start}: {r:?}");
        assert!(!has(&r, "worker", "control"), "{start}: {r:?}");
    }
    // A RoleBinding to cluster-admin in team: every right there, so every
    // account of team, its pods, and a privileged pod (team enforces no
    // Pod Security) on the node.
    let r = reach_of(&path, "ns-admin");
    assert_reaches(
        &r,
        &[
            ("patcher", "hold"),
            ("crb-roles", "hold"),
            ("worker", "control"),
            ("nodes", "control"),
        ],
    );
}

#[test]
fn a_pod_patch_takes_over_pods_and_no_more() {
    let path = format!("{ATTACKER}/bindings.yaml");
    let (_, threats) = threats_in(&path, None);
    // patch on pods is code execution in them: K8S-PRIV-04.
    assert!(
        threats.contains(&"K8S-PRIV-04@patcher".to_string()),
        "{threats:?}"
    );
    let r = reach_of(&path, "patcher");
    // A new image in worker runs as worker's account...
    assert!(has(&r, "worker", "control"), "{r:?}");
    assert!(has(&r, "crb-roles", "hold"), "{r:?}");
    // ...but a patch cannot make a pod privileged, and a Role cannot grant
    // the impersonation of users.
    assert!(!has(&r, "nodes", "control"), "{r:?}");
    assert!(!has(&r, "ns-admin", "hold"), "{r:?}");
}

#[test]
fn read_only_ssh_keys_give_the_node() {
    let path = format!("{ATTACKER}/bindings.yaml");
    let (m, threats) = threats_in(&path, None);
    assert_eq!(text(&m, "key-reader", "host-path-read-only"), "/root/.ssh");
    assert!(
        threats.contains(&"K8S-CMP-03@key-reader".to_string()),
        "{threats:?}"
    );
    let r = reach_of(&path, "key-reader");
    assert!(has(&r, "nodes", "control"), "{r:?}");
    // On the node, the tokens of the pods that may run there.
    assert!(has(&r, "crb-roles", "hold"), "{r:?}");
}

#[test]
fn older_api_versions_and_replica_sets_are_workloads() {
    let path = format!("{ATTACKER}/legacy-kinds.yaml");
    let (m, threats) = threats_in(&path, None);
    assert_eq!(element(&m, "nightly").kind.as_str(), "k8s-cronjob");
    assert_eq!(element(&m, "old-web").kind.as_str(), "k8s-deployment");
    assert_eq!(element(&m, "cache-rs").kind.as_str(), "k8s-deployment");
    assert_eq!(element(&m, "legacy-rc").kind.as_str(), "k8s-deployment");
    assert_eq!(setting(&m, "cache-rs", "replicas"), Val::Num(3.0));
    for t in [
        "K8S-CMP-01@nightly",
        "K8S-CMP-05@old-web",
        "K8S-CMP-02@cache-rs",
        "K8S-CMP-15@cache-rs",
        "K8S-CMP-04@legacy-rc",
        "K8S-PRIV-11@old-reader",
    ] {
        assert!(threats.contains(&t.to_string()), "{t}: {threats:?}");
    }
    for start in ["nightly", "cache-rs"] {
        let r = reach_of(&path, start);
        assert!(has(&r, "nodes", "control"), "{start}: {r:?}");
    }
    let r = reach_of(&path, "old-web");
    assert!(!has(&r, "nodes", "control"), "{r:?}");
}

#[test]
fn jobs_and_helpers_are_not_controllers_or_dashboards() {
    let path = format!("{ATTACKER}/legacy-kinds.yaml");
    let (m, _) = threats_in(&path, None);
    // A certificate Job from an ingress controller's registry path is a Job.
    assert_eq!(element(&m, "certgen").kind.as_str(), "k8s-job");
    // A dashboard's metrics scraper is not the dashboard.
    assert!(
        !element(&m, "dashboard-metrics-scraper")
            .settings
            .flag(key("management-ui")),
        "the scraper is no management UI"
    );
}

#[test]
fn built_in_namespaces_are_not_the_manifests_to_configure() {
    let path = format!("{ATTACKER}/kube-system.yaml");
    let (m, threats) = threats_in(&path, None);
    assert_eq!(
        boundary_setting(&m, "kube-system", "implicit").as_deref(),
        Some("true")
    );
    assert!(
        threats.contains(&"K8S-PRIV-01@installer".to_string()),
        "{threats:?}"
    );
    for t in ["K8S-PRIV-09@kube-system", "K8S-CMP-11@kube-system"] {
        assert!(!threats.contains(&t.to_string()), "{t}: {threats:?}");
    }
    // A namespace the manifest declares is its to configure.
    for t in ["K8S-PRIV-09@tools", "K8S-CMP-11@tools"] {
        assert!(threats.contains(&t.to_string()), "{t}: {threats:?}");
    }
}

#[test]
fn a_host_network_pod_passes_network_policies() {
    let path = format!("{ATTACKER}/host-network.yaml");
    let (_, threats) = threats_in(&path, None);
    assert!(
        threats.contains(&"K8S-CMP-04@sniffer".to_string()),
        "{threats:?}"
    );
    // vault denies all ingress: a pod on the pod network does not reach
    // keeper, a pod on the host network does.
    let r = reach_of(&path, "plain");
    assert!(!has(&r, "keeper", "reach"), "{r:?}");
    let r = reach_of(&path, "sniffer");
    assert!(has(&r, "keeper", "reach"), "{r:?}");
    assert!(!has(&r, "nodes", "control"), "{r:?}");
}

#[test]
fn the_cluster_ca_key_is_every_right() {
    let path = format!("{ATTACKER}/cluster-ca.yaml");
    let (_, threats) = threats_in(&path, None);
    assert!(
        threats.contains(&"K8S-CMP-03@cert-checker".to_string()),
        "{threats:?}"
    );
    // The CA key signs a system:masters certificate: every account, every
    // workload, the node.
    let r = reach_of(&path, "cert-checker");
    assert_reaches(
        &r,
        &[
            ("deployer", "hold"),
            ("deployment-app", "control"),
            ("nodes", "control"),
        ],
    );
}

#[test]
fn an_anonymous_dashboard_is_driven_by_whoever_reaches_it() {
    let path = format!("{ATTACKER}/anonymous-dashboard.yaml");
    let (_, threats) = threats_in(&path, None);
    // Published without a login: found on the way in, not on the Secret
    // the dashboard mounts.
    assert!(
        threats.contains(&"K8S-EXT-08@internet-user->dashboard".to_string()),
        "{threats:?}"
    );
    assert!(
        !threats.contains(&"K8S-EXT-08@secret-console-certs->dashboard".to_string()),
        "{threats:?}"
    );
    // Any pod that reaches it drives it as cluster-admin.
    let r = reach_of(&path, "storefront");
    assert_reaches(
        &r,
        &[
            ("dashboard", "control"),
            ("console-admin", "hold"),
            ("nodes", "control"),
        ],
    );
}

#[test]
fn host_pid_reads_the_environment_of_the_pods_beside_it() {
    let path = format!("{ATTACKER}/host-pid.yaml");
    let (_, threats) = threats_in(&path, None);
    assert!(
        threats.contains(&"K8S-CMP-05@top".to_string()),
        "{threats:?}"
    );
    let r = reach_of(&path, "top");
    // The Secret billing takes as environment variables, not the one
    // ledger mounts as files, and not the node.
    assert!(has(&r, "billing-db", "expose"), "{r:?}");
    assert!(!has(&r, "ledger-tls", "expose"), "{r:?}");
    assert!(!has(&r, "nodes", "control"), "{r:?}");
}

#[test]
fn older_ingresses_publish_their_services() {
    let path = format!("{ATTACKER}/legacy-ingress.yaml");
    let (m, threats) = threats_in(&path, None);
    // Rules and the default backend, by port number and by port name.
    for target in ["shop", "admin"] {
        assert_eq!(flows(&m, "internet-user", target).len(), 1, "{target}");
    }
    assert!(
        threats.contains(&"K8S-EXT-09@internet-user->shop".to_string()),
        "{threats:?}"
    );
}
