//! What-if scenarios and attack paths: the clinic model's two scenarios, and
//! one focused model per capability rule (each with the case that blocks it).

use std::path::Path;
use vastc::analysis::analyze;
use vastc::emit::report::{HopOut, Report, ScenarioOut, report};
use vastc::resolve::{resolve_path, resolve_str};
use vastc::syntax::ast::Date;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

/// The clinic model's report. It borrows the model and analysis, which live for
/// the rest of the test process.
fn clinic() -> Report<'static> {
    let r = resolve_path(Path::new("models/clinic.vast"));
    assert!(!r.has_errors());
    let model = Box::leak(Box::new(r.model));
    let analysis = Box::leak(Box::new(analyze(model, TODAY)));
    report(model, analysis)
}

fn scenario_of(text: &str) -> ScenarioOut {
    let r = resolve_str("s.vast", text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let analysis = analyze(&r.model, TODAY);
    let rep = report(&r.model, &analysis);
    rep.scenarios.into_iter().next().expect("one scenario")
}

/// How the scenario holds `id`: control over reach for an element.
fn access<'a>(s: &'a ScenarioOut, id: &str) -> Option<&'a str> {
    s.rows().find(|(_, r)| r.id == id).map(|(_, r)| r.access)
}

/// The chain of steps to `id`, recovered from the findings' `from`.
fn via<'a>(s: &'a ScenarioOut, id: &str) -> Vec<&'a str> {
    let (i, _) = s
        .rows()
        .find(|(_, r)| r.id == id)
        .unwrap_or_else(|| panic!("{id} not reached: {:?}", s.findings));
    s.chain(i)
}

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

const CLUSTER: &str = r#"
boundary cloud { kind cloud-account
  process imds { kind cloud-metadata }
  boundary cluster { kind k8s-cluster
    boundary nodes { kind k8s-node; process kubelet { kind kubelet } }
    boundary a { kind k8s-namespace; POLICY_A
      process w { kind k8s-deployment; runs-as sa-w; SETTINGS }
    }
    boundary b { kind k8s-namespace; POLICY_B
      store db { kind database; stores secret }
      process other { kind k8s-deployment; runs-as sa-b }
    }
  }
}
data secret { classification restricted }
identity sa-w { scope a; AUTOMOUNT GRANTS }
identity sa-b { scope b }
identity node-role { kind cloud-role }
scenario s { compromise START }
"#;

fn model(policy_b: &str, settings: &str, automount: &str, grants: &str, start: &str) -> String {
    CLUSTER
        .replace("POLICY_A", "pod-security privileged")
        .replace("POLICY_B", policy_b)
        .replace("SETTINGS", settings)
        .replace("AUTOMOUNT", automount)
        .replace("GRANTS", grants)
        .replace("START", start)
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
