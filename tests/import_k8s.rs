//! `vastc import k8s`: every imported model resolves with no diagnostic, and
//! each mapping rule shows in the resolved model. The sample shop's output
//! is an insta snapshot in `snapshots/import/`; the real-world manifests in
//! `tests/fixtures/k8s/realworld/` (vendored, Apache-2.0) are imported too.

#[path = "common/k8s.rs"]
mod support;

use std::process::Command;
use support::*;
use vastc::import::{self, Input};
use vastc::model::{Key, Model, Val};

const SHOP: &str = "tests/fixtures/k8s/shop";
const BOUTIQUE: &str = "tests/fixtures/k8s/realworld/online-boutique.yaml";
const SOCK_SHOP: &str = "tests/fixtures/k8s/realworld/sock-shop.yaml";

#[test]
fn shop_resolves_clean_and_matches_snapshot() {
    let i = import_path(SHOP);
    resolve(&i.vast);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/import");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("shop", i.vast));
}

#[test]
fn shop_mapping() {
    let i = import_path(SHOP);
    let m = resolve(&i.vast);
    // Namespaces inside the cluster.
    for ns in ["shop", "payments"] {
        let b = m.boundary(ns).unwrap();
        assert_eq!(m.boundaries[b].kind.as_str(), "k8s-namespace");
        let parent = m.boundaries[b].parent.unwrap();
        assert_eq!(m.boundaries[parent].id, "cluster");
        assert_eq!(m.boundaries[parent].kind.as_str(), "k8s-cluster");
    }
    assert_eq!(
        boundary_setting(&m, "payments", "network-policy").as_deref(),
        Some("default-deny")
    );
    assert_eq!(
        boundary_setting(&m, "shop", "network-policy").as_deref(),
        Some("none")
    );
    assert_eq!(
        boundary_setting(&m, "payments", "pod-security").as_deref(),
        Some("restricted")
    );
    assert_eq!(
        boundary_setting(&m, "shop", "pod-security").as_deref(),
        Some("baseline")
    );
    // Workload kinds.
    for (id, kind) in [
        ("frontend", "k8s-deployment"),
        ("log-agent", "k8s-daemonset"),
        ("migrate", "k8s-job"),
        ("nightly-report", "k8s-cronjob"),
        ("debug", "k8s-pod"),
    ] {
        assert_eq!(element(&m, id).kind.as_str(), kind, "{id}");
    }
    // The privileged DaemonSet.
    assert_eq!(setting(&m, "log-agent", "privileged"), Val::Bool(true));
    assert_eq!(
        text(&m, "log-agent", "host-path"),
        "/var/log, /run/containerd/containerd.sock"
    );
    assert_eq!(text(&m, "log-agent", "host-path-read-only"), "/etc");
    // Databases as stores.
    assert_eq!(element(&m, "orders-db").kind.as_str(), "database");
    assert_eq!(text(&m, "orders-db", "engine"), "postgres");
    assert_eq!(element(&m, "redis-cart").kind.as_str(), "cache");
    // Ingress with TLS.
    let f = flow(&m, "internet-user", "frontend");
    assert_eq!(flow_setting(f, "protocol"), "https");
    assert_eq!(flow_setting(f, "port"), "443");
    // RBAC: cluster-admin through a ClusterRoleBinding.
    assert_eq!(
        identity(&m, "sa-log-agent").settings[Key::Role].display(),
        "cluster-admin"
    );
    assert_eq!(identity(&m, "ops").kind.as_str(), "k8s-group");
    let pods_exec = identity(&m, "sa-checkout")
        .grants
        .iter()
        .any(|g| g.allows("create", "pods/exec"));
    assert!(pods_exec);
    assert_eq!(
        element(&m, "log-agent")
            .runs_as
            .map(|i| m.identities[i].id.as_str()),
        Some("sa-log-agent")
    );
    // Inferred calls, each with its reason.
    for (src, dst, why) in [
        ("frontend", "catalog", "env CATALOG_ADDR=catalog:3550"),
        (
            "frontend",
            "cart",
            "env CART_URL=http://cart.shop.svc.cluster.local:7070/api",
        ),
        ("frontend", "checkout", "env CHECKOUT_HOST=checkout"),
        (
            "checkout",
            "payment",
            "env PAYMENT_SERVICE_ADDR=payment.payments.svc.cluster.local:50051",
        ),
        (
            "catalog",
            "orders-db",
            "args --db=postgres://orders-db.shop.svc.cluster.local:5432/catalog",
        ),
        ("cart", "redis-cart", "env REDIS_ADDR=redis-cart:6379"),
    ] {
        flow(&m, src, dst);
        assert!(
            commented(
                &i.vast,
                &format!("inferred: {why}"),
                &format!("{src} -> {dst}")
            ),
            "no `inferred: {why}` above {src} -> {dst}"
        );
    }
    // Skipped objects are notes, not failures.
    assert!(i.notes.iter().any(|n| n.starts_with(
        "note: skipped CustomResourceDefinition certificates.cert-manager.io (60-crd.yaml, document 1)"
    )));
    assert!(
        i.notes
            .iter()
            .any(|n| n.starts_with("note: skipped Certificate storefront"))
    );
}

#[test]
fn output_is_deterministic_and_relative() {
    let a = import_path(SHOP).vast;
    let b = import_path(SHOP).vast;
    assert_eq!(a, b);
    assert!(!a.contains("/work/"), "absolute path in output");
    assert!(a.starts_with("// Imported by `vastc import k8s` from:\n//   00-namespaces.yaml, "));
}

// ---------------------------------------------------------------- one rule each

#[test]
fn security_context() {
    let (_, m) = rule("security-context");
    assert_eq!(setting(&m, "hardened", "run-as-root"), Val::Bool(false));
    assert_eq!(
        setting(&m, "hardened", "allow-privilege-escalation"),
        Val::Bool(false)
    );
    assert_eq!(
        setting(&m, "hardened", "read-only-root-fs"),
        Val::Bool(true)
    );
    assert_eq!(setting(&m, "hardened", "limits"), Val::Bool(true));
    assert_eq!(setting(&m, "hardened", "automount"), Val::Bool(false));
    assert_eq!(text(&m, "hardened", "capabilities"), "NET_BIND_SERVICE");
    assert_eq!(text(&m, "hardened", "drop-capabilities"), "ALL");
    assert_eq!(text(&m, "hardened", "ports"), "8080, 9090");
    assert_eq!(text(&m, "hardened", "replicas"), "2");
    // runAsUser 0 overrides the pod's runAsNonRoot; a cpu limit alone is not enough.
    assert_eq!(setting(&m, "root-app", "run-as-root"), Val::Bool(true));
    assert_eq!(setting(&m, "root-app", "limits"), Val::Bool(false));
}

#[test]
fn host_access() {
    let (vast, m) = rule("host-access");
    let id = "node-agent";
    assert_eq!(element(&m, id).kind.as_str(), "k8s-daemonset");
    for s in ["privileged", "host-network", "host-pid", "host-ipc"] {
        assert_eq!(setting(&m, id, s), Val::Bool(true), "{s}");
    }
    assert_eq!(text(&m, id, "host-path"), "/, /var/run/docker.sock");
    assert_eq!(text(&m, id, "host-path-read-only"), "/etc");
    assert_eq!(text(&m, id, "capabilities"), "SYS_ADMIN, SYS_PTRACE");
    assert!(vast.contains("left out: MADE_UP_CAP"), "{vast}");
    assert!(
        !vast.contains("/var/lib/unused"),
        "an unmounted hostPath is not access"
    );
}

#[test]
fn secrets_and_configmaps() {
    let (vast, m) = rule("secrets");
    assert_eq!(text(&m, "env-reader", "secrets-as"), "env");
    assert_eq!(text(&m, "volume-reader", "secrets-as"), "volume");
    let data = |id: &str| {
        let d = m.data.iter().find(|d| d.id == id).unwrap();
        d.settings[Key::Classification].display()
    };
    assert_eq!(data("db-password"), "restricted");
    assert_eq!(data("app-config"), "internal");
    assert_eq!(data("tls-cert"), "restricted");
    assert_eq!(
        element(&m, "secret-db-password").kind.as_str(),
        "k8s-secret"
    );
    assert_eq!(
        element(&m, "configmap-app-config").kind.as_str(),
        "k8s-configmap"
    );
    let f = flow(&m, "secret-db-password", "env-reader");
    assert_eq!(m.data[f.carries[0]].id, "db-password");
    assert!(commented(
        &vast,
        "env from secret",
        "secret-db-password -> env-reader"
    ));
    assert!(commented(
        &vast,
        "mounted as volume",
        "secret-db-password -> volume-reader"
    ));
    assert!(commented(
        &vast,
        "env from configmap",
        "configmap-app-config -> env-reader"
    ));
}

#[test]
fn namespaces() {
    let (_, m) = rule("namespaces");
    assert_eq!(
        boundary_setting(&m, "locked", "network-policy").as_deref(),
        Some("default-deny")
    );
    assert_eq!(
        boundary_setting(&m, "locked", "pod-security").as_deref(),
        Some("restricted")
    );
    // Allow rules, a selector, or egress only: not default-deny.
    for ns in ["partial", "egress-only"] {
        assert_eq!(
            boundary_setting(&m, ns, "network-policy").as_deref(),
            Some("none"),
            "{ns}"
        );
    }
}

#[test]
fn exposure() {
    let (vast, m) = rule("exposure");
    let f = flow(&m, "internet-user", "web");
    assert_eq!(flow_setting(f, "protocol"), "https");
    assert!(f.encrypted());
    let f = flow(&m, "internet-user", "blog");
    assert_eq!(flow_setting(f, "protocol"), "http");
    assert!(!f.encrypted());
    let f = flow(&m, "internet-user", "api");
    assert_eq!(flow_setting(f, "port"), "443");
    assert_eq!(text(&m, "api", "service-type"), "load-balancer");
    assert_eq!(text(&m, "api", "source-ranges"), "203.0.113.0/24");
    let f = flow(&m, "internet-user", "admin");
    assert_eq!(flow_setting(f, "port"), "30443");
    assert_eq!(text(&m, "admin", "service-type"), "node-port");
    let internet = m.boundary("internet").unwrap();
    assert_eq!(m.boundaries[internet].kind.as_str(), "internet");
    assert_eq!(
        element(&m, "internet-user").boundary,
        Some(internet),
        "{vast}"
    );
    assert_eq!(text(&m, "web", "service-type"), "none");
}

#[test]
fn inferred_flows() {
    let (vast, m) = rule("inferred");
    for (src, dst, port, protocol, why) in [
        (
            "client",
            "orders",
            "5050",
            "http",
            "args --orders=http://orders.back.svc.cluster.local:5050/v1",
        ),
        (
            "client",
            "inventory",
            "7000",
            "grpc",
            "env INVENTORY_SERVICE_ADDR=inventory.back:7000",
        ),
        ("client", "search", "9200", "http", "env SEARCH_HOST=search"),
        (
            "client",
            "cache",
            "6379",
            "redis",
            "env CACHE_URL=redis://cache:6379/0",
        ),
    ] {
        let f = flow(&m, src, dst);
        assert_eq!(flow_setting(f, "port"), port, "{src} -> {dst}");
        assert_eq!(flow_setting(f, "protocol"), protocol, "{src} -> {dst}");
        assert!(
            commented(
                &vast,
                &format!("inferred: {why}"),
                &format!("{src} -> {dst}")
            ),
            "{vast}"
        );
    }
    // A port the Service does not have, and a bare name in a variable that
    // is not an address: no flow.
    assert!(flows(&m, "client", "billing").is_empty());
    assert!(!vast.contains("GREETING"));
}

#[test]
fn rbac() {
    let (vast, m) = rule("rbac");
    let d = identity(&m, "deployer");
    assert_eq!(d.kind.as_str(), "k8s-service-account");
    assert_eq!(m.boundaries[d.scope.unwrap()].id, "ci");
    assert_eq!(d.settings[Key::Automount], Val::Bool(false));
    assert_eq!(d.settings[Key::Role].display(), "cluster-admin");
    assert!(
        d.grants
            .iter()
            .any(|g| g.allows("patch", "deployments/scale"))
    );
    assert!(d.grants.iter().any(|g| g.allows("delete", "pods")));
    assert!(vast.contains("left out: frobnicate"));
    assert!(vast.contains("// also bound to edit"));
    let bob = identity(&m, "bob");
    assert_eq!(bob.kind.as_str(), "k8s-user");
    assert_eq!(bob.settings[Key::Subject].display(), "bob");
    let masters = identity(&m, "system-masters");
    assert_eq!(masters.kind.as_str(), "k8s-group");
    assert_eq!(masters.settings[Key::Subject].display(), "system:masters");
    // A namespace named only by a RoleBinding still gets its boundary.
    assert!(m.boundary("prod").is_some());
    assert_eq!(identity(&m, "unbound").grants.len(), 0);
}

#[test]
fn names() {
    let (_, m) = rule("names");
    // Two `frontend` Deployments in different namespaces.
    assert_eq!(element(&m, "shop-frontend").label, "frontend");
    assert_eq!(element(&m, "web-frontend").label, "frontend");
    // Not a valid or free identifier: the kind goes in front.
    assert_eq!(element(&m, "statefulset-2fa-service").label, "2fa.Service");
    assert_eq!(element(&m, "job-flow").label, "flow");
    assert_eq!(
        element(&m, "shop-frontend")
            .runs_as
            .map(|i| m.identities[i].id.as_str()),
        Some("frontend")
    );
}

#[test]
fn skipped_kinds_are_notes() {
    let i = import_path(&format!("{RULES}/skipped.yaml"));
    let m = resolve(&i.vast);
    assert!(m.element("survivor").is_some());
    let expected = [
        "note: skipped CustomResourceDefinition widgets.example.com (skipped.yaml, document 1)",
        "note: skipped Widget blue (skipped.yaml, document 2)",
        "note: skipped Deployment ancient (skipped.yaml, document 3)",
        "note: skipped Deployment broken (skipped.yaml, document 4)",
        "note: skipped a document without apiVersion and kind (skipped.yaml, document 5)",
    ];
    for e in expected {
        assert!(
            i.notes.iter().any(|n| n.starts_with(e)),
            "missing `{e}` in {:#?}",
            i.notes
        );
    }
}

#[test]
fn lists_expand() {
    let (vast, m) = rule("lists");
    assert!(m.element("one").is_some());
    assert!(m.element("two").is_some());
    let f = flow(&m, "one", "two");
    assert_eq!(flow_setting(f, "port"), "80");
    assert!(commented(
        &vast,
        "inferred: env TWO_ADDR=two:80",
        "one -> two"
    ));
}

#[test]
fn databases_are_stores() {
    let (vast, m) = rule("databases");
    assert_eq!(element(&m, "users-db").kind.as_str(), "database");
    assert_eq!(text(&m, "users-db", "engine"), "mongodb");
    // Recognised by its only port.
    assert_eq!(text(&m, "legacy-db", "engine"), "mysql");
    let f = flow(&m, "users", "users-db");
    assert_eq!(flow_setting(f, "protocol"), "mongodb");
    // `legacy-db` belongs to `legacy` by its name.
    let f = flow(&m, "legacy", "legacy-db");
    assert_eq!(flow_setting(f, "protocol"), "mysql");
    assert!(commented(
        &vast,
        "inferred: name legacy-db suggests the database of legacy",
        "legacy -> legacy-db"
    ));
}

// ---------------------------------------------------------------- real world

fn ids(m: &Model) -> Vec<&str> {
    m.elements.iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn online_boutique() {
    let i = import_path(BOUTIQUE);
    let m = resolve(&i.vast);
    for svc in [
        "frontend",
        "cartservice",
        "productcatalogservice",
        "currencyservice",
        "paymentservice",
        "shippingservice",
        "emailservice",
        "checkoutservice",
        "recommendationservice",
        "adservice",
        "loadgenerator",
        "redis-cart",
    ] {
        assert!(m.element(svc).is_some(), "{svc} missing: {:?}", ids(&m));
    }
    for (src, dst, protocol) in [
        ("frontend", "cartservice", "grpc"),
        ("frontend", "productcatalogservice", "grpc"),
        ("frontend", "checkoutservice", "grpc"),
        ("checkoutservice", "paymentservice", "grpc"),
        ("checkoutservice", "emailservice", "grpc"),
        ("cartservice", "redis-cart", "redis"),
        ("loadgenerator", "frontend", "http"),
    ] {
        assert_eq!(flow_setting(flow(&m, src, dst), "protocol"), protocol);
    }
    let f = flow(&m, "internet-user", "frontend");
    assert_eq!(flow_setting(f, "port"), "80");
    assert_eq!(text(&m, "frontend", "service-type"), "load-balancer");
    assert_eq!(setting(&m, "frontend", "run-as-root"), Val::Bool(false));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/import");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("online-boutique", i.vast));
}

#[test]
fn sock_shop() {
    let i = import_path(SOCK_SHOP);
    let m = resolve(&i.vast);
    for svc in [
        "front-end",
        "carts",
        "catalogue",
        "orders",
        "payment",
        "shipping",
        "user",
        "queue-master",
        "carts-db",
        "user-db",
        "rabbitmq",
    ] {
        assert!(m.element(svc).is_some(), "{svc} missing: {:?}", ids(&m));
    }
    assert!(m.boundary("sock-shop").is_some());
    // The only address in the manifests' env and args: user → user-db.
    let f = flow(&m, "user", "user-db");
    assert_eq!(flow_setting(f, "protocol"), "mongodb");
    // The rest of the databases belong to their services by name.
    for (src, dst) in [
        ("carts", "carts-db"),
        ("catalogue", "catalogue-db"),
        ("orders", "orders-db"),
    ] {
        flow(&m, src, dst);
    }
    let f = flow(&m, "internet-user", "front-end");
    assert_eq!(flow_setting(f, "port"), "30001");
    assert_eq!(text(&m, "front-end", "service-type"), "node-port");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/import");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("sock-shop", i.vast));
}

// ---------------------------------------------------------------- the binary

fn vastc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn cli_prints_the_model_and_notes() {
    let out = vastc(&["import", "k8s", SHOP]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout, import_path(SHOP).vast);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("note: skipped CustomResourceDefinition"),
        "{stderr}"
    );
}

#[test]
fn cli_malformed_yaml_exits_2_with_location() {
    let out = vastc(&["import", "k8s", "tests/fixtures/k8s/malformed/bad.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("bad.yaml:10:12"), "{stderr}");
    assert!(stderr.contains("vast::import::yaml"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn cli_unreadable_file_exits_2() {
    let out = vastc(&["import", "k8s", "tests/fixtures/k8s/no-such-file.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("cannot read"), "{stderr}");
}

// ---------------------------------------------------------------- robustness

/// Every line prefix of every shop file imports without a panic, and
/// whatever imports resolves clean (a truncated file is often still YAML).
#[test]
fn truncated_manifests_never_panic() {
    for input in inputs(SHOP)
        .into_iter()
        .chain(inputs(&format!("{RULES}/rbac.yaml")))
    {
        let lines: Vec<&str> = input.text.lines().collect();
        for n in 0..=lines.len() {
            let text = lines[..n].join("\n");
            let one = [Input {
                name: input.name.clone(),
                text,
            }];
            if let Ok(i) = import::k8s(&one) {
                resolve(&i.vast);
            }
        }
    }
}
