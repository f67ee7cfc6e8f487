//! `vastc import k8s`: every imported model resolves with no diagnostic, and
//! each mapping rule shows in the resolved model. The sample shop's output
//! is an insta snapshot in `snapshots/import/`; the real-world manifests in
//! `tests/fixtures/k8s/realworld/` (vendored, Apache-2.0) are imported too.

use std::path::{Path, PathBuf};
use std::process::Command;
use vastc::diagnostic::{RenderOptions, render};
use vastc::import::{self, Imported, Input};
use vastc::model::{Element, Flow, Model, Val};
use vastc::resolve::resolve_str;

const SHOP: &str = "tests/fixtures/k8s/shop";
const RULES: &str = "tests/fixtures/k8s/rules";
const BOUTIQUE: &str = "tests/fixtures/k8s/realworld/online-boutique.yaml";
const SOCK_SHOP: &str = "tests/fixtures/k8s/realworld/sock-shop.yaml";

/// The files of a path (a directory's YAML files, sorted) named as the CLI names them.
fn inputs(path: &str) -> Vec<Input> {
    let p = Path::new(path);
    let files: Vec<PathBuf> = if p.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| f.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        v.sort();
        v
    } else {
        vec![p.to_path_buf()]
    };
    files
        .into_iter()
        .map(|f| Input {
            name: f.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&f)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display())),
        })
        .collect()
}

fn import_path(path: &str) -> Imported {
    match import::k8s(&inputs(path)) {
        Ok(i) => i,
        Err(f) => panic!(
            "import of {path} failed:\n{}",
            render(&f.diags, &f.sources, RenderOptions::default())
        ),
    }
}

/// Resolves imported text; any diagnostic fails the test.
fn resolve(text: &str) -> Model {
    let r = resolve_str("imported.vast", text);
    assert!(
        r.diags.is_empty(),
        "imported model has diagnostics:\n{}\n--- model ---\n{text}",
        render(&r.diags, r.sources(), RenderOptions::default())
    );
    r.model
}

fn rule(name: &str) -> (String, Model) {
    let i = import_path(&format!("{RULES}/{name}.yaml"));
    let m = resolve(&i.vast);
    (i.vast, m)
}

fn element<'a>(m: &'a Model, id: &str) -> &'a Element {
    let i = m.element(id).unwrap_or_else(|| panic!("no element `{id}`"));
    &m.elements[i]
}

fn setting(m: &Model, id: &str, name: &str) -> Val {
    element(m, id)
        .settings
        .get(name)
        .cloned()
        .unwrap_or_else(|| panic!("`{id}` has no setting `{name}`"))
}

fn text(m: &Model, id: &str, name: &str) -> String {
    setting(m, id, name).display()
}

fn flows<'a>(m: &'a Model, src: &str, dst: &str) -> Vec<&'a Flow> {
    m.flows
        .iter()
        .filter(|f| m.elements[f.source].id == src && m.elements[f.target].id == dst)
        .collect()
}

fn flow<'a>(m: &'a Model, src: &str, dst: &str) -> &'a Flow {
    let f = flows(m, src, dst);
    assert_eq!(
        f.len(),
        1,
        "expected one flow {src} -> {dst}, found {}",
        f.len()
    );
    f[0]
}

fn flow_setting(f: &Flow, name: &str) -> String {
    f.settings
        .get(name)
        .map(Val::display)
        .unwrap_or_else(|| panic!("flow {} has no `{name}`", f.id))
}

fn boundary_setting(m: &Model, id: &str, name: &str) -> Option<String> {
    let b = m
        .boundary(id)
        .unwrap_or_else(|| panic!("no boundary `{id}`"));
    m.boundaries[b].settings.get(name).map(Val::display)
}

fn identity<'a>(m: &'a Model, id: &str) -> &'a vastc::model::Identity {
    let i = m
        .identity(id)
        .unwrap_or_else(|| panic!("no identity `{id}`"));
    &m.identities[i]
}

/// The comment right above a flow's declaration.
fn commented(text: &str, comment: &str, head: &str) -> bool {
    text.contains(&format!("// {comment}\nflow {head}"))
}

// ---------------------------------------------------------------- the shop

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
        assert_eq!(m.boundaries[b].kind, "k8s-namespace");
        let parent = m.boundaries[b].parent.unwrap();
        assert_eq!(m.boundaries[parent].id, "cluster");
        assert_eq!(m.boundaries[parent].kind, "k8s-cluster");
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
        assert_eq!(element(&m, id).kind, kind, "{id}");
    }
    // The privileged DaemonSet.
    assert_eq!(setting(&m, "log-agent", "privileged"), Val::Bool(true));
    assert_eq!(
        text(&m, "log-agent", "host-path"),
        "/var/log, /run/containerd/containerd.sock"
    );
    assert_eq!(text(&m, "log-agent", "host-path-read-only"), "/etc");
    // Databases as stores.
    assert_eq!(element(&m, "orders-db").kind, "database");
    assert_eq!(text(&m, "orders-db", "engine"), "postgres");
    assert_eq!(element(&m, "redis-cart").kind, "cache");
    // Ingress with TLS.
    let f = flow(&m, "internet-user", "frontend");
    assert_eq!(flow_setting(f, "protocol"), "https");
    assert_eq!(flow_setting(f, "port"), "443");
    // RBAC: cluster-admin through a ClusterRoleBinding.
    assert_eq!(
        identity(&m, "sa-log-agent").settings["role"].display(),
        "cluster-admin"
    );
    assert_eq!(identity(&m, "ops").kind, "k8s-group");
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
    assert_eq!(element(&m, id).kind, "k8s-daemonset");
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
        d.settings["classification"].display()
    };
    assert_eq!(data("db-password"), "restricted");
    assert_eq!(data("app-config"), "internal");
    assert_eq!(data("tls-cert"), "restricted");
    assert_eq!(element(&m, "secret-db-password").kind, "k8s-secret");
    assert_eq!(element(&m, "configmap-app-config").kind, "k8s-configmap");
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
    assert_eq!(m.boundaries[internet].kind, "internet");
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
    assert_eq!(d.kind, "k8s-service-account");
    assert_eq!(m.boundaries[d.scope.unwrap()].id, "ci");
    assert_eq!(d.settings["automount"], Val::Bool(false));
    assert_eq!(d.settings["role"].display(), "cluster-admin");
    assert!(
        d.grants
            .iter()
            .any(|g| g.allows("patch", "deployments/scale"))
    );
    assert!(d.grants.iter().any(|g| g.allows("delete", "pods")));
    assert!(vast.contains("left out: frobnicate"));
    assert!(vast.contains("// also bound to edit"));
    let bob = identity(&m, "bob");
    assert_eq!(bob.kind, "k8s-user");
    assert_eq!(bob.settings["subject"].display(), "bob");
    let masters = identity(&m, "system-masters");
    assert_eq!(masters.kind, "k8s-group");
    assert_eq!(masters.settings["subject"].display(), "system:masters");
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
    assert_eq!(element(&m, "users-db").kind, "database");
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

/// The threat IDs an imported fixture raises.
fn threats_of(path: &str, namespace: Option<&str>) -> (Model, Vec<String>) {
    let i = match import::k8s_in(&inputs(path), namespace) {
        Ok(i) => i,
        Err(_) => panic!("import of {path} failed"),
    };
    let m = resolve(&i.vast);
    let today = vastc::syntax::ast::Date {
        year: 2026,
        month: 11,
        day: 26,
    };
    let a = vastc::analysis::analyze(&m, today);
    let ids = a.threats.iter().map(|t| t.id.clone()).collect();
    (m, ids)
}

const ATTACKER: &str = "tests/fixtures/k8s/attacker";

#[test]
fn install_manifest_without_namespace() {
    // The bindings name `tools`: the service account lands there, so the
    // controller runs as the identity that holds `*` on `*`.
    let (m, threats) = threats_of(&format!("{ATTACKER}/install.yaml"), None);
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
    let (m, _) = threats_of(&format!("{ATTACKER}/install.yaml"), Some("ops"));
    assert_eq!(text(&m, "operator", "runs-as"), "ops-operator");
    assert_eq!(identity(&m, "ops-operator").scope, m.boundary("ops"));
    assert!(identity(&m, "ops-operator").grants.is_empty());
}

#[test]
fn pod_security_facts_are_kept() {
    let (m, threats) = threats_of(&format!("{ATTACKER}/pod-security.yaml"), None);
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
    assert_eq!(element(&m, "cache").kind, "k8s-deployment");
}

#[test]
fn ingress_controllers_and_dashboards() {
    let (m, threats) = threats_of(&format!("{ATTACKER}/kinds.yaml"), None);
    assert_eq!(element(&m, "ingress").kind, "k8s-ingress-controller");
    assert!(
        !threats.contains(&"K8S-EXT-10@ingress".to_string()),
        "{threats:?}"
    );
    // A dashboard is still a workload, and its skipped login is found.
    assert_eq!(element(&m, "console").kind, "k8s-deployment");
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
    let (m, threats) = threats_of(&format!("{ATTACKER}/builtin-roles.yaml"), None);
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
    assert!(!admin.settings.contains_key("role"));
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

/// What a scenario that compromises `start` reaches in the model imported
/// from `path`: (id, access) pairs, in the order they were gained.
fn reach_of(path: &str, start: &str) -> Vec<(String, String)> {
    let i = import_path(path);
    let m = resolve(&format!(
        "{}\nscenario s {{ compromise {start} }}\n",
        i.vast
    ));
    let today = vastc::syntax::ast::Date {
        year: 2026,
        month: 11,
        day: 26,
    };
    let a = vastc::analysis::analyze(&m, today);
    let rep = vastc::emit::report::report(&m, &a);
    rep.scenarios[0]
        .findings
        .iter()
        .map(|f| (f.id.clone(), f.access.to_string()))
        .collect()
}

fn has(reach: &[(String, String)], id: &str, access: &str) -> bool {
    reach.iter().any(|(i, a)| i == id && a == access)
}

#[test]
fn host_mounts_and_namespaces_from_manifests() {
    let path = format!("{ATTACKER}/escapes.yaml");
    let (m, threats) = threats_of(&path, None);
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
    let (_, threats) = threats_of(&path, None);
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
    let (m, threats) = threats_of(&path, None);
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
