//! What-if scenarios and attack paths: the clinic model's two scenarios, and
//! one focused model per capability rule (each with the case that blocks it).

#[path = "common/scenarios.rs"]
mod support;

use support::*;
use vastc::analysis::analyze;
use vastc::emit::report::{HopOut, report};
use vastc::resolve::resolve_str;

#[test]
fn clinic_portal_rce() {
    let rep = clinic();
    let s = rep.scenarios.iter().find(|s| s.id == "portal-rce").unwrap();
    assert_eq!(access(s, "portal"), Some("control"));
    assert!(
        s.data.contains(&"cluster-secrets".to_string()),
        "{:?}",
        s.data
    );
    assert!(s.data.contains(&"records".to_string()), "{:?}", s.data);
    let chain = via(s, "cluster-secrets");
    assert!(
        chain.iter().any(|c| c.contains("token is mounted")),
        "{chain:?}"
    );
    assert!(
        chain.iter().any(|c| c.contains("secrets cluster-wide")),
        "{chain:?}"
    );
    for t in ["slots", "scheduler", "records-db"] {
        assert!(matches!(access(s, t), Some("reach" | "control")), "{t}");
        assert!(!via(s, t).is_empty());
    }
    assert_eq!(access(s, "booking-sa"), Some("hold"));
    // Reading Secrets cluster-wide hands over the release token.
    assert_eq!(access(s, "release-token"), Some("hold"));
}

#[test]
fn clinic_leaked_release_token() {
    let rep = clinic();
    let s = rep
        .scenarios
        .iter()
        .find(|s| s.id == "leaked-release-token")
        .unwrap();
    // Workloads in every namespace, through the wildcard on deployments.
    for w in ["portal", "scheduler", "gateway"] {
        assert_eq!(access(s, w), Some("control"), "{w}");
        assert!(
            via(s, w).iter().any(|c| c.contains("release-token may *")),
            "{:?}",
            via(s, w)
        );
    }
}

#[test]
fn clinic_scenario_sections_snapshot() {
    let rep = clinic();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/scenarios");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!(
            "clinic.scenarios.json",
            serde_json::to_string_pretty(&rep.scenarios).unwrap()
        );
        insta::assert_snapshot!(
            "clinic.attack_paths.json",
            serde_json::to_string_pretty(&rep.attack_paths).unwrap()
        );
        let md = vastc::emit::markdown::markdown(&rep);
        let start = md.find("## Scenario:").unwrap();
        let end = md.find("## Boundary crossings").unwrap();
        insta::assert_snapshot!("clinic.scenarios.md", &md[start..end]);
    });
}

#[test]
fn clinic_attack_paths_reach_medical_records() {
    let rep = clinic();
    let p = rep
        .attack_paths
        .iter()
        .find(|p| p.to == "scheduler")
        .expect("a path to scheduler");
    assert_eq!(p.from, "patient");
    // The booking namespace declares no default-deny NetworkPolicy, but the
    // team recorded K8S-CMP-11 on it as mitigated (the CNI enforces one), so
    // the path follows declared flows, not the pod network.
    assert_eq!(p.path, ["patient", "gateway", "portal", "scheduler"]);
    assert!(
        p.hops.iter().all(|h| matches!(h, HopOut::Flow(_))),
        "{:?}",
        p.hops
    );
    let portal = rep
        .attack_paths
        .iter()
        .find(|p| p.to == "portal")
        .expect("a path to portal");
    assert_eq!(portal.path, ["patient", "gateway", "portal"]);
    assert!(
        portal
            .threats
            .iter()
            .any(|t| t.starts_with("GEN-004@gateway->portal")),
        "{:?}",
        portal.threats
    );
    // Only actors of the internet boundary start paths; each jewel has one
    // path, from the nearest of them, and lists every one that reaches it.
    let untrusted = ["patient", "operator", "pipeline"];
    assert!(rep.attack_paths.iter().all(|p| untrusted.contains(&p.from)
        && p.reached_from.contains(&p.from)
        && p.reached_from.iter().all(|a| untrusted.contains(a))));
    let mut ends: Vec<&str> = rep.attack_paths.iter().map(|p| p.to).collect();
    let n = ends.len();
    ends.sort_unstable();
    ends.dedup();
    assert_eq!(ends.len(), n, "one path per jewel");
    let etcd = rep
        .attack_paths
        .iter()
        .find(|p| p.to == "etcd")
        .expect("a path to etcd");
    assert_eq!(etcd.path, ["operator", "apiserver", "etcd"]);
    assert_eq!(p.reached_from, ["patient"]);
    assert_eq!(etcd.reached_from, ["operator", "pipeline"]);
    // The records database too, along declared flows.
    let db = rep
        .attack_paths
        .iter()
        .find(|p| p.to == "records-db")
        .expect("a path to records-db");
    assert_eq!(
        db.path,
        ["patient", "gateway", "portal", "scheduler", "records-db"]
    );
}

#[test]
fn reach_without_network_policy() {
    let open = scenario_of(&model("", "", "", "", "w"));
    assert_eq!(access(&open, "db"), Some("reach"));
    assert!(
        via(&open, "db")
            .iter()
            .any(|c| c.contains("no default-deny NetworkPolicy"))
    );
    let closed = scenario_of(&model("network-policy default-deny", "", "", "", "w"));
    assert_eq!(access(&closed, "db"), None);
}

#[test]
fn mounted_token_and_automount_off() {
    let on = scenario_of(&model("", "", "", "", "w"));
    assert_eq!(access(&on, "sa-w"), Some("hold"));
    let off = scenario_of(&model("", "", "automount false", "", "w"));
    assert_eq!(access(&off, "sa-w"), None);
}

#[test]
fn create_pods_escapes_unless_pod_security_blocks() {
    let privileged = scenario_of(&model("", "", "", "\n allow create on pods in a", "sa-w"));
    assert_eq!(access(&privileged, "nodes"), Some("control"));
    assert!(
        via(&privileged, "nodes")
            .iter()
            .any(|c| c.contains("allows privileged pods"))
    );
    assert_eq!(access(&privileged, "kubelet"), Some("control"));
    let text = model("", "", "", "\n allow create on pods in a", "sa-w")
        .replace("pod-security privileged", "pod-security restricted");
    let restricted = scenario_of(&text);
    assert_eq!(access(&restricted, "nodes"), None);
}

#[test]
fn host_path_escape_to_node_and_metadata() {
    let s = scenario_of(&model(
        "network-policy default-deny",
        "host-path \"/var/log\"",
        "",
        "",
        "w",
    ));
    assert_eq!(access(&s, "nodes"), Some("control"));
    assert!(
        via(&s, "nodes")
            .iter()
            .any(|c| c.contains("host path /var/log"))
    );
    assert_eq!(access(&s, "imds"), Some("reach"));
    assert_eq!(access(&s, "node-role"), Some("hold"));
    assert_eq!(
        access(&s, "other"),
        Some("control"),
        "every workload of the node pool"
    );
    let contained = scenario_of(&model(
        "network-policy default-deny",
        "host-path-read-only \"/var/log\"",
        "",
        "",
        "w",
    ));
    assert_eq!(access(&contained, "nodes"), None);
}

#[test]
fn host_network_reaches_node_services() {
    let s = scenario_of(&model(
        "network-policy default-deny",
        "host-network true",
        "",
        "",
        "w",
    ));
    assert_eq!(access(&s, "kubelet"), Some("reach"));
    assert_eq!(access(&s, "imds"), Some("reach"));
    assert_eq!(access(&s, "nodes"), None);
}

#[test]
fn secret_listing_leads_to_another_identity() {
    let s = scenario_of(&model("", "", "", "\n allow list on secrets in b", "sa-w"));
    assert_eq!(access(&s, "sa-b"), Some("hold"));
    assert!(
        via(&s, "sa-b")
            .iter()
            .any(|c| c.contains("reads the token of sa-b"))
    );
    let none = scenario_of(&model(
        "",
        "",
        "",
        "\n allow list on configmaps in b",
        "sa-w",
    ));
    assert_eq!(access(&none, "sa-b"), None);
}

#[test]
fn impersonation() {
    let s = scenario_of(&model(
        "",
        "",
        "",
        "\n allow impersonate on serviceaccounts in b",
        "sa-w",
    ));
    assert_eq!(access(&s, "sa-b"), Some("hold"));
    assert!(
        via(&s, "sa-b")
            .iter()
            .any(|c| c.contains("impersonates sa-b"))
    );
}

#[test]
fn pods_exec_controls_running_pods() {
    let s = scenario_of(&model(
        "",
        "",
        "",
        "\n allow create on \"pods/exec\" in b",
        "sa-w",
    ));
    assert_eq!(access(&s, "other"), Some("control"));
    assert!(
        via(&s, "other")
            .iter()
            .any(|c| c.contains("execs into other"))
    );
    let elsewhere = scenario_of(&model(
        "",
        "",
        "",
        "\n allow create on \"pods/exec\" in a",
        "sa-w",
    ));
    assert_ne!(access(&elsewhere, "other"), Some("control"));
}

#[test]
fn rewriting_a_deployment_takes_it_over() {
    let s = scenario_of(&model(
        "",
        "",
        "",
        "\n allow patch on deployments in b",
        "sa-w",
    ));
    assert_eq!(access(&s, "other"), Some("control"));
    // Namespace b enforces restricted Pod Security, so no privileged pod escapes to the node.
    let create_only = scenario_of(&model(
        "pod-security restricted",
        "",
        "",
        "\n allow create on deployments in b",
        "sa-w",
    ));
    assert_eq!(
        access(&create_only, "other"),
        None,
        "create makes new workloads; it does not take over existing ones"
    );
    assert_eq!(
        access(&create_only, "sa-b"),
        Some("hold"),
        "but a new one can run as any account of the namespace"
    );
}

/// One path per jewel from all untrusted actors at once: the fewest steps
/// win, then the weakest controls, then the actor declared first; every
/// actor that reaches the jewel is listed.
#[test]
fn one_attack_path_per_jewel_from_the_nearest_actor() {
    let text = r#"
data cards { classification restricted }
boundary internet { kind internet
  actor a
  actor b
  actor c
  actor d
}
boundary dc { kind network
  store near { stores cards }
  process mid
  process far
  store vault { stores cards }
}
flow a -> mid { protocol https authn token }
flow b -> mid { protocol http }
flow mid -> vault { protocol https authn token }
flow c -> far { protocol https authn token }
flow far -> mid { protocol https authn token }
flow d -> near { protocol https authn token }
flow a -> near { protocol https authn token }
"#;
    let r = resolve_str("p.vast", text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let analysis = analyze(&r.model, TODAY);
    let rep = report(&r.model, &analysis);
    let summary: Vec<(&str, &str, Vec<&str>, usize)> = rep
        .attack_paths
        .iter()
        .map(|p| (p.from, p.to, p.reached_from.clone(), p.weaknesses))
        .collect();
    assert_eq!(
        summary,
        [
            // a and d are one step from `near`: equal controls, a comes first.
            ("a", "near", vec!["a", "d"], 0),
            // a and b are two steps from the vault; b's hop is plain http
            // without authentication, the weaker route; c is three steps away.
            ("b", "vault", vec!["a", "b", "c"], 2),
        ]
    );
    assert_eq!(rep.attack_paths[1].path, ["b", "mid", "vault"]);
}
