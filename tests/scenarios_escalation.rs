//! Scenarios and attack paths on focused models: host mounts that do and do
//! not give the node, `hostPID` alone, RBAC rights that escalate (and
//! `bind` alone, which does not), reach over a flat network in attack paths,
//! and host paths in any spelling.

#[path = "common/scenarios.rs"]
mod support;

use std::path::Path;
use support::*;
use vastc::analysis::analyze;
use vastc::emit::report::{HopOut, ScenarioOut, report};
use vastc::resolve::{resolve_path, resolve_str};

/// Does starting from `w` with these workload settings control the nodes?
fn escapes(settings: &str) -> bool {
    let s = scenario_of(&model("network-policy default-deny", settings, "", "", "w"));
    access(&s, "nodes") == Some("control")
}

#[test]
fn writable_host_paths_that_give_the_node() {
    for p in [
        "/etc/kubernetes/manifests",
        "/var/lib/kubelet/pods",
        "/root",
        "/home",
        "/dev",
        "/sys",
        "/proc/sys/kernel",
        "/usr/bin",
        "/boot",
        "/var/log",
        "/etc/",
        "//",
        "/var",
    ] {
        assert!(escapes(&format!("host-path \"{p}\"")), "{p}");
    }
    assert!(!escapes("host-path \"/data/cache\""));
}

#[test]
fn read_only_mounts_that_still_give_something() {
    // The runtime socket: read-only applies to the file, not to the API.
    assert!(escapes("host-path-read-only \"/var/run/docker.sock\""));
    assert!(escapes(
        "host-path-read-only \"/run/containerd/containerd.sock\""
    ));
    // Kubelet state: every pod's token on the node, not the node.
    let s = scenario_of(&model(
        "network-policy default-deny",
        "host-path-read-only \"/var/lib/kubelet/pods\"",
        "automount false",
        "",
        "w",
    ));
    assert_eq!(access(&s, "nodes"), None);
    assert_eq!(access(&s, "sa-b"), Some("hold"));
    assert!(
        via(&s, "sa-b")
            .iter()
            .any(|c| c.contains("/var/lib/kubelet/pods"))
    );
    assert!(!escapes("host-path-read-only \"/etc/ssl\""));
}

#[test]
fn host_pid_alone_is_not_the_node() {
    assert!(!escapes("host-pid true"));
    assert!(escapes("host-pid true; capabilities SYS_PTRACE"));
    assert!(escapes("host-pid true; privileged true"));
}

/// What holding `sa-w` with `grants` gives.
fn holding(grants: &str) -> ScenarioOut {
    scenario_of(
        &model("", "", "", grants, "sa-w")
            .replace("pod-security privileged", "pod-security restricted"),
    )
}

#[test]
fn bind_alone_is_not_every_identity() {
    let bind = holding("\n allow bind on clusterroles in cluster");
    assert_eq!(access(&bind, "sa-b"), None);
    let both = holding(
        "\n allow bind on clusterroles in cluster\n allow create on clusterrolebindings in cluster",
    );
    assert_eq!(access(&both, "sa-b"), Some("hold"));
    assert_eq!(access(&both, "other"), Some("control"));
    assert!(
        via(&both, "sa-b")
            .iter()
            .any(|c| c.contains("creates a binding to any role"))
    );
    let escalate = holding("\n allow escalate, update on roles in b");
    assert_eq!(access(&escalate, "sa-b"), Some("hold"));
    assert_eq!(
        access(&holding("\n allow escalate on roles in b"), "sa-b"),
        None
    );
}

#[test]
fn single_rights_that_escalate_in_scenarios() {
    let cases = [
        ("\n allow patch on deployments in b", "other", "control"),
        ("\n allow update on pods in b", "sa-b", "hold"),
        ("\n allow get on secrets in b", "sa-b", "hold"),
        (
            "\n allow get on \"nodes/proxy\" in cluster",
            "other",
            "control",
        ),
        (
            "\n allow patch on \"pods/ephemeralcontainers\" in b",
            "other",
            "control",
        ),
        (
            "\n allow create on \"serviceaccounts/token\" in b",
            "sa-b",
            "hold",
        ),
        (
            "\n allow create on persistentvolumes in cluster",
            "nodes",
            "control",
        ),
        (
            "\n allow create on certificatesigningrequests in cluster\n allow update on \"certificatesigningrequests/approval\" in cluster\n allow approve on signers in cluster",
            "sa-b",
            "hold",
        ),
    ];
    for (grants, target, want) in cases {
        let s = holding(grants);
        assert_eq!(access(&s, target), Some(want), "{grants}");
    }
    // Rights in another namespace give nothing here.
    assert_eq!(
        access(&holding("\n allow get on secrets in a"), "sa-b"),
        None
    );
}

/// Attack paths take the flat pod network as scenarios do: a workload
/// reaches every element of a namespace without a default-deny
/// NetworkPolicy, flow or not (`tests/fixtures/paths/flat-network.vast`).
#[test]
fn attack_paths_cross_a_flat_network() {
    let r = resolve_path(Path::new("tests/fixtures/paths/flat-network.vast"));
    assert!(!r.has_errors(), "{:?}", r.diags);
    let analysis = analyze(&r.model, TODAY);
    let rep = report(&r.model, &analysis);
    let summary: Vec<(&str, Vec<&str>, Vec<HopOut>, usize)> = rep
        .attack_paths
        .iter()
        .map(|p| (p.to, p.path.clone(), p.hops.clone(), p.weaknesses))
        .collect();
    let browse = HopOut::Flow("shopper->storefront");
    let billing = HopOut::Network("billing");
    assert_eq!(
        summary,
        [
            // No flow reaches billing: the storefront reaches it over the
            // pod network (one weak hop, plus the unauthenticated browse).
            (
                "invoicer",
                vec!["shopper", "storefront", "invoicer"],
                vec![browse, billing],
                2
            ),
            (
                "ledger",
                vec!["shopper", "storefront", "ledger"],
                vec![browse, billing],
                2
            ),
            // The vault denies ingress: only the invoicer's flow enters.
            (
                "archive",
                vec!["shopper", "storefront", "invoicer", "archive"],
                vec![browse, billing, HopOut::Flow("invoicer->archive")],
                // postgres is not encrypted: one more weak hop
                3
            ),
        ]
    );
    // Declared flows only in `flows`.
    assert_eq!(
        rep.attack_paths[2].flows,
        ["shopper->storefront", "invoicer->archive"]
    );
    // The hop shows in every output.
    let json = vastc::emit::json::json(&rep);
    assert!(json.contains("\"network\": \"billing\""), "{json}");
    let md = vastc::emit::markdown::markdown(&rep);
    assert!(md.contains("`shopper` → `storefront` ⇢ `ledger`"), "{md}");
    assert!(md.contains("no default-deny NetworkPolicy"), "{md}");
    let html = vastc::emit::html::html(&rep, &[]);
    assert!(html.contains("storefront ⇢ ledger"));
    // With a default-deny policy on billing, nothing is reached.
    let text = std::fs::read_to_string("tests/fixtures/paths/flat-network.vast")
        .unwrap()
        .replace(
            "    kind k8s-namespace\n    pod-security restricted\n\n    process invoicer",
            "    kind k8s-namespace\n    pod-security restricted\n    network-policy default-deny\n\n    process invoicer",
        );
    let r = resolve_str("closed.vast", &text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let analysis = analyze(&r.model, TODAY);
    assert!(analysis.attack_paths.is_empty());
    // So with the team's record that the missing policy is mitigated (a
    // default-deny enforced outside the model); accepting it leaves the
    // network open.
    let original = std::fs::read_to_string("tests/fixtures/paths/flat-network.vast").unwrap();
    for (status, open) in [("mitigated", false), ("accepted", true)] {
        let text = format!(
            "{original}\nrisk K8S-CMP-11 on billing {{\n  status {status}\n  reason \"CNI policy\"\n  owner \"net@example.com\"\n  until 2099-01-01\n}}\n"
        );
        let r = resolve_str("decided.vast", &text);
        assert!(!r.has_errors(), "{status}: {:?}", r.diags);
        let analysis = analyze(&r.model, TODAY);
        let network = analysis.attack_paths.iter().any(|p| {
            p.hops
                .iter()
                .any(|h| matches!(h, vastc::analysis::paths::Hop::Network { .. }))
        });
        assert_eq!(network, open, "{status}");
    }
}

/// A hand-written host path is read in normal form: `/etc/` fires what
/// `/etc` fires, in rules and scenarios alike.
#[test]
fn host_paths_in_any_spelling_fire_the_same_rules() {
    let threats = |settings: &str| -> Vec<String> {
        let text = model("network-policy default-deny", settings, "", "", "w");
        let r = resolve_str("s.vast", &text);
        assert!(!r.has_errors(), "{:?}", r.diags);
        let a = analyze(&r.model, TODAY);
        a.threats.iter().map(|t| t.id.clone()).collect()
    };
    for p in ["/etc/", "//etc/./", "/etc/kubernetes/manifests/", "/"] {
        let t = threats(&format!("host-path \"{p}\""));
        assert!(t.contains(&"K8S-CMP-15@w".to_string()), "{p}: {t:?}");
    }
    for p in ["/var/lib/", "/root/", "/etc/kubernetes/"] {
        let t = threats(&format!("host-path-read-only \"{p}\""));
        assert!(t.contains(&"K8S-CMP-03@w".to_string()), "{p}: {t:?}");
    }
    let t = threats("host-path \"/etc/ssl/\"");
    assert!(!t.contains(&"K8S-CMP-15@w".to_string()), "{t:?}");
}

/// A store whose own NetworkPolicy admits one workload (`ingress-from`) is
/// off the flat network: the storefront reaches the ledger only through the
/// invoicer, the one workload admitted, even with no flow between them.
#[test]
fn attack_paths_follow_ingress_from() {
    let text = std::fs::read_to_string("tests/fixtures/paths/flat-network.vast")
        .unwrap()
        .replace(
            "      engine postgres\n      stores orders\n    }\n  }\n\n  boundary vault",
            "      engine postgres\n      stores orders\n      ingress-from invoicer\n    }\n  }\n\n  boundary vault",
        )
        .replace("flow invoicer -> ledger", "flow books: invoicer -> archive");
    assert!(text.contains("ingress-from invoicer"));
    let paths = |text: &str| {
        let r = resolve_str("admitted.vast", text);
        assert!(!r.has_errors(), "{:?}", r.diags);
        let analysis = analyze(&r.model, TODAY);
        let rep = report(&r.model, &analysis);
        rep.attack_paths.iter().find(|p| p.to == "ledger").map(|p| {
            let hops: Vec<String> = p.hops.iter().map(|h| format!("{h:?}")).collect();
            (p.path.join(" "), hops)
        })
    };
    let (path, hops) = paths(&text).unwrap();
    assert_eq!(path, "shopper storefront invoicer ledger");
    assert_eq!(hops[1..], ["Network(\"billing\")", "Network(\"billing\")"]);
    // Isolated and admitting nothing, the ledger is out of reach.
    let closed = text.replace("ingress-from invoicer", "ingress-isolated true");
    assert_eq!(paths(&closed), None);
}
