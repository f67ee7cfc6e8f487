//! `vastc import k8s` on manifests written the way an attacker would use
//! them (`tests/fixtures/k8s/attacker/`): install manifests without a
//! namespace, pod security facts, ingress controllers and dashboards,
//! built-in roles, host mounts and namespaces, RBAC escalation and the
//! noise a real install manifest must not produce; findings and scenario
//! reach are asserted per behaviour.

#[path = "common/k8s.rs"]
mod support;

use support::*;
use vastc::import;
use vastc::model::Val;

#[test]
fn install_manifest_without_namespace() {
    // The bindings name `tools`: the service account lands there, so the
    // controller runs as the identity that holds `*` on `*`.
    let (m, threats) = threats_in(&format!("{ATTACKER}/install.yaml"), None);
    assert_eq!(text(&m, "operator", "runs-as"), "sa-operator");
    assert!(m.boundary("tools").is_some() && m.boundary("default").is_none());
    assert!(
        threats.contains(&"K8S-PRIV-02@sa-operator".to_string()),
        "{threats:?}"
    );
    assert!(
        !threats.iter().any(|t| t.starts_with("GEN-027")),
        "{threats:?}"
    );
    // --namespace chooses, as kubectl's -n does.
    let (m, _) = threats_in(&format!("{ATTACKER}/install.yaml"), Some("ops"));
    assert_eq!(text(&m, "operator", "runs-as"), "ops-operator");
    assert_eq!(identity(&m, "ops-operator").scope, m.boundary("ops"));
    assert!(identity(&m, "ops-operator").grants.is_empty());
}

#[test]
fn pod_security_facts_are_kept() {
    let (m, threats) = threats_in(&format!("{ATTACKER}/pod-security.yaml"), None);
    for (name, want) in [
        ("host-path", "/etc/kubernetes/manifests"),
        ("host-path-read-only", "/var/lib/kubelet/pods"),
        ("host-ports", "8080"),
        ("unsafe-sysctls", "kernel.msgmax"),
        ("ephemeral-containers", "debugger"),
    ] {
        assert_eq!(text(&m, "loose", name), want, "{name}");
    }
    for name in [
        "seccomp-unconfined",
        "apparmor-unconfined",
        "proc-mount-unmasked",
        "plaintext-secrets",
        "privileged",
    ] {
        assert_eq!(setting(&m, "loose", name), Val::Bool(true), "{name}");
    }
    for t in [
        "K8S-CMP-15@loose",
        "K8S-CRED-02@loose",
        "K8S-CMP-04@loose",
        "K8S-CMP-06@loose",
        "K8S-CMP-01@cache",
    ] {
        assert!(threats.contains(&t.to_string()), "{t}: {threats:?}");
    }
    // A privileged redis keeps its security context as a process.
    assert_eq!(element(&m, "cache").kind.as_str(), "k8s-deployment");
}

#[test]
fn ingress_controllers_and_dashboards() {
    let (m, threats) = threats_in(&format!("{ATTACKER}/kinds.yaml"), None);
    assert_eq!(
        element(&m, "ingress").kind.as_str(),
        "k8s-ingress-controller"
    );
    assert!(
        !threats.contains(&"K8S-EXT-10@ingress".to_string()),
        "{threats:?}"
    );
    // A dashboard is still a workload, and its skipped login is found.
    assert_eq!(element(&m, "console").kind.as_str(), "k8s-deployment");
    assert_eq!(setting(&m, "console", "management-ui"), Val::Bool(true));
    assert_eq!(setting(&m, "console", "anonymous-auth"), Val::Bool(true));
    assert!(
        threats.iter().any(|t| t.starts_with("K8S-EXT-08@")),
        "{threats:?}"
    );
    assert!(threats.contains(&"K8S-CMP-08@console".to_string()));
    // 0.0.0.0/0 is no restriction.
    assert!(
        threats.contains(&"K8S-EXT-10@api".to_string()),
        "{threats:?}"
    );
}

#[test]
fn built_in_roles_have_their_rules() {
    let (m, threats) = threats_in(&format!("{ATTACKER}/builtin-roles.yaml"), None);
    let deployer = identity(&m, "deployer");
    assert!(deployer.grants.iter().any(|g| g.allows("get", "secrets")));
    assert!(
        deployer
            .grants
            .iter()
            .any(|g| g.allows("create", "pods/exec"))
    );
    // A RoleBinding to cluster-admin grants only in its namespace.
    let admin = identity(&m, "ns-admin");
    assert!(!admin.settings.contains(vastc::model::Key::Role));
    assert!(
        admin
            .grants
            .iter()
            .all(|g| g.scope != vastc::model::GrantScope::Cluster)
    );
    assert!(!threats.contains(&"K8S-PRIV-01@ns-admin".to_string()));
    // The Secret no workload reads is kept: RBAC reads it.
    assert!(m.element("secret-registry-token").is_some());
    // No noise on system groups, the Secret store, or its mount.
    for t in &threats {
        assert!(
            !t.starts_with("GEN-026@system-nodes")
                && !t.starts_with("GEN-027@system-nodes")
                && !t.starts_with("GEN-019")
                && !t.starts_with("GEN-020")
                && !t.starts_with("GEN-022"),
            "{t}"
        );
    }
}

#[test]
fn host_mounts_and_namespaces_from_manifests() {
    let path = format!("{ATTACKER}/escapes.yaml");
    let (m, threats) = threats_in(&path, None);
    // Paths in normal form: trailing slashes and `//`, `.` segments go.
    assert_eq!(text(&m, "log-shipper", "host-path"), "/var/log");
    assert_eq!(text(&m, "config-sync", "host-path"), "/etc");
    assert_eq!(
        text(&m, "backup-agent", "host-path-read-only"),
        "/var/lib/kubelet/pods"
    );
    for t in [
        "K8S-CMP-02@log-shipper",
        "K8S-CMP-02@image-cache",
        "K8S-CMP-02@config-sync",
        "K8S-CMP-15@config-sync",
        "K8S-CMP-03@backup-agent",
        "K8S-CMP-05@node-top",
    ] {
        assert!(threats.contains(&t.to_string()), "{t}: {threats:?}");
    }
    assert!(!threats.contains(&"K8S-CMP-15@log-shipper".to_string()));
    // Scenario reach from each workload.
    for start in ["log-shipper", "image-cache", "config-sync"] {
        let r = reach_of(&path, start);
        assert!(has(&r, "nodes", "control"), "{start}: {r:?}");
        // The node holds the tokens of the workloads that may run on it.
        assert!(has(&r, "sa-checkout", "hold"), "{start}: {r:?}");
    }
    // Kubelet state read-only: every token on the node, not the node.
    let r = reach_of(&path, "backup-agent");
    assert!(!has(&r, "nodes", "control"), "{r:?}");
    assert!(has(&r, "sa-checkout", "hold"), "{r:?}");
    // hostPID without SYS_PTRACE or privilege sees processes, no more.
    let r = reach_of(&path, "node-top");
    assert!(!has(&r, "nodes", "control"), "{r:?}");
    assert!(!has(&r, "sa-checkout", "hold"), "{r:?}");
}

#[test]
fn rbac_escalation_from_manifests() {
    let path = format!("{ATTACKER}/escalation.yaml");
    let (_, threats) = threats_in(&path, None);
    for t in ["K8S-PRIV-05@binder", "K8S-PRIV-05@minter"] {
        assert!(threats.contains(&t.to_string()), "{t}: {threats:?}");
    }
    // create rolebindings + bind roles: binds any Role of team to itself.
    let r = reach_of(&path, "binder");
    assert!(has(&r, "sa-payments", "hold"), "{r:?}");
    assert!(has(&r, "payments", "control"), "{r:?}");
    // serviceaccounts/token: a token for every account of team, so also
    // node-debugger's, and what that one reaches.
    let r = reach_of(&path, "minter");
    assert!(has(&r, "sa-payments", "hold"), "{r:?}");
    assert!(has(&r, "node-debugger", "hold"), "{r:?}");
    // nodes/proxy: the kubelet API, so exec in every pod of the nodes.
    let r = reach_of(&path, "node-debugger");
    assert!(has(&r, "payments", "control"), "{r:?}");
    assert!(has(&r, "sa-payments", "hold"), "{r:?}");
    // The workload itself holds only its own account.
    let r = reach_of(&path, "payments");
    assert!(has(&r, "sa-payments", "hold"), "{r:?}");
    assert!(!has(&r, "binder", "hold"), "{r:?}");
}

#[test]
fn mounts_and_implicit_namespaces_raise_no_network_noise() {
    let path = format!("{ATTACKER}/noise.yaml");
    let (m, threats) = threats_in(&path, None);
    assert_eq!(
        boundary_setting(&m, "default", "implicit").as_deref(),
        Some("true")
    );
    // A Secret or ConfigMap handed to a pod is no network flow, and the
    // namespace nobody declared is not the manifest's to configure.
    for t in &threats {
        for noise in [
            "GEN-005@",
            "GEN-010@",
            "GEN-019@",
            "GEN-020@",
            "GEN-022@",
            "K8S-PRIV-09@default",
            "K8S-CMP-11@default",
        ] {
            assert!(!t.starts_with(noise), "{t}: {threats:?}");
        }
    }
    // Internet-facing is the web front the LoadBalancer publishes, not the
    // api one hop behind it.
    assert!(threats.contains(&"GEN-017@web".to_string()), "{threats:?}");
    assert!(
        threats.contains(&"K8S-EXT-10@web".to_string()),
        "{threats:?}"
    );
    assert!(!threats.contains(&"GEN-017@api".to_string()), "{threats:?}");
    // The web front reaches the api, not the Secret store: an API object
    // is not on the pod network.
    let r = reach_of(&path, "web");
    assert!(has(&r, "api", "reach"), "{r:?}");
    assert!(
        !r.iter().any(|(i, _)| i == "secret-db-credentials"),
        "{r:?}"
    );
    let r = reach_of(&path, "api");
    assert!(
        !r.iter().any(|(i, _)| i == "secret-db-credentials"),
        "{r:?}"
    );
}

#[test]
fn a_store_keeps_its_service_account() {
    let (m, threats) = threats_in(&format!("{ATTACKER}/store-identity.yaml"), None);
    let cache = element(&m, "cache");
    assert_eq!(cache.ty, vastc::model::ElementType::Store);
    assert_eq!(text(&m, "cache", "runs-as"), "sa-cache");
    // The account is in use: no "unused identity".
    assert!(
        !threats.iter().any(|t| t.starts_with("GEN-027")),
        "{threats:?}"
    );
}

#[test]
fn named_secrets_are_not_every_secret() {
    let path = format!("{ATTACKER}/secret-readers.yaml");
    let i = match import::k8s_in(&inputs(&path), None) {
        Ok(i) => i,
        Err(_) => panic!("import of {path} failed"),
    };
    // resourceNames survive the import, escaped, as `named`.
    assert!(
        i.vast
            .contains(r#"allow get, watch on secrets named "vault-token", "vault \"ca\"" in shop"#),
        "{}",
        i.vast
    );
    let (m, threats) = threats_in(&path, None);
    assert_eq!(identity(&m, "vault-agent").grants[0].names.len(), 2);
    // Reading every Secret of the namespace is a finding; reading two named
    // ones is not.
    assert!(
        threats.contains(&"K8S-PRIV-11@debugger".to_string()),
        "{threats:?}"
    );
    assert!(
        !threats.iter().any(|t| t.ends_with("@vault-agent")
            && (t.starts_with("K8S-PRIV-11") || t.starts_with("K8S-PRIV-03"))),
        "{threats:?}"
    );
    // Every Secret of shop holds billing's token; two named ones do not.
    let r = reach_of(&path, "debugger");
    assert!(has(&r, "billing", "hold"), "{r:?}");
    let r = reach_of(&path, "vault-agent");
    assert!(!has(&r, "billing", "hold"), "{r:?}");
}

#[test]
fn configuration_named_in_arguments_is_read() {
    let path = format!("{ATTACKER}/controller-config.yaml");
    let i = match import::k8s_in(&inputs(&path), None) {
        Ok(i) => i,
        Err(_) => panic!("import of {path} failed"),
    };
    for (store, via) in [
        ("configmap-ingress-controller", "configmap"),
        ("configmap-tcp-services", "configmap"),
        ("secret-default-cert", "secret"),
    ] {
        assert!(
            i.vast.contains(&format!("flow {store} -> controller")),
            "{via} {store}:\n{}",
            i.vast
        );
    }
    let flow = i
        .vast
        .lines()
        .skip_while(|l| !l.starts_with("flow configmap-tcp-services -> controller"))
        .take_while(|l| !l.starts_with('}'))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(flow.contains("protocol kubernetes-api"), "{flow}");
    // `--election-id=leftover` is not about a ConfigMap.
    assert!(!i.vast.contains("configmap-leftover"), "{}", i.vast);
    assert!(
        i.notes
            .iter()
            .any(|n| n.contains("ConfigMap ingress/leftover") && n.contains("no workload reads it")),
        "{:?}",
        i.notes
    );
}

#[test]
fn roles_bound_to_nobody_are_listed() {
    let path = format!("{ATTACKER}/unbound.yaml");
    let i = match import::k8s_in(&inputs(&path), None) {
        Ok(i) => i,
        Err(_) => panic!("import of {path} failed"),
    };
    let header: Vec<&str> = i.vast.lines().take_while(|l| l.starts_with("//")).collect();
    assert!(
        header.contains(
            &"// - Role tools/break-glass flow x -> y: create, get pods, pods/exec; get secrets named db"
        ),
        "{header:?}"
    );
    assert!(
        header.contains(&"// - ClusterRole metrics-reader: no resource rules"),
        "{header:?}"
    );
    // No identity holds them, and the name's line break made no flow.
    let (m, _) = threats_in(&path, None);
    assert!(m.identities.is_empty() && m.flows.is_empty());
}
