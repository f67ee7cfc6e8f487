//! Documented defaults: Kubernetes' own for workloads and namespaces,
//! kubeadm's for the control plane, and the language's for everything else.
//! Filled in after a declaration's own settings, never over them.

use super::schema::Subject;
use super::vocab::{ENCRYPTED_PROTOCOLS, WORKLOAD_KINDS};
use crate::model::{Settings, Val};
use foldhash::HashMap;
use std::cell::RefCell;

fn b(v: bool) -> Val {
    Val::Bool(v)
}

fn w(s: &str) -> Val {
    Val::Word(s.to_string())
}

fn list(words: &[&str]) -> Val {
    Val::List(words.iter().map(|s| w(s)).collect())
}

/// The defaults of a declaration of `subject` whose kind is `kind`.
pub fn defaults(subject: Subject, kind: &str) -> Vec<(&'static str, Val)> {
    let mut d: Vec<(&'static str, Val)> = Vec::new();
    match subject {
        Subject::Data => {
            d.push(("classification", w("internal")));
            d.push(("integrity", w("medium")));
            d.push(("availability", w("medium")));
        }
        Subject::Boundary => match kind {
            "k8s-namespace" => {
                d.push(("network-policy", w("none")));
                d.push(("pod-security", w("privileged")));
            }
            "k8s-cluster" => {
                d.push(("cni", w("unknown")));
                d.push(("metadata-blocked", b(false)));
            }
            _ => {}
        },
        Subject::Process => {
            d.push(("exposure", w("private")));
            d.push(("input-validated", b(false)));
            d.push(("audit-logging", b(false)));
            d.push(("rate-limited", b(false)));
            if WORKLOAD_KINDS.contains(&kind) {
                for name in [
                    "privileged",
                    "host-network",
                    "host-pid",
                    "host-ipc",
                    "read-only-root-fs",
                    "limits",
                    "plaintext-secrets",
                ] {
                    d.push((name, b(false)));
                }
                d.push(("run-as-root", b(true)));
                d.push(("allow-privilege-escalation", b(true)));
                for name in [
                    "host-path",
                    "host-path-read-only",
                    "capabilities",
                    "drop-capabilities",
                    "ports",
                    "source-ranges",
                ] {
                    d.push((name, Val::List(Vec::new())));
                }
                d.push(("secrets-as", w("none")));
                d.push(("service-type", w("none")));
                d.push(("known-vulnerabilities", w("none")));
            }
            match kind {
                "k8s-api-server" => {
                    d.push(("anonymous-auth", b(true)));
                    d.push(("authorization", list(&["node", "rbac"])));
                    d.push(("admission", list(&["node-restriction"])));
                    d.push(("audit-log", b(false)));
                    d.push(("insecure-port", Val::Num(0.0)));
                    d.push(("authorized-networks", Val::List(Vec::new())));
                }
                "kubelet" => {
                    d.push(("anonymous-auth", b(false)));
                    d.push(("authorization", list(&["webhook"])));
                    d.push(("read-only-port", Val::Num(0.0)));
                }
                _ => {}
            }
        }
        Subject::Store => {
            d.push(("exposure", w("private")));
            d.push(("encrypted-at-rest", b(false)));
            d.push(("backup", b(false)));
            d.push(("input-validated", b(false)));
            d.push(("audit-logging", b(false)));
            if kind == "k8s-etcd" {
                d.push(("client-cert-auth", b(true)));
            }
        }
        Subject::Identity => {
            d.push(("automount", b(kind == "k8s-service-account")));
            d.push(("mfa", b(false)));
            d.push(("long-lived", b(false)));
        }
        Subject::Risk | Subject::Threat => d.push(("status", w("open"))),
        Subject::Rule => d.push(("category", w("other"))),
        _ => {}
    }
    d
}

/// Fills the defaults of `subject`/`kind` into `settings` where unset.
///
/// A declaration has many more defaults than settings of its own: the
/// defaults of each subject and kind are built into a map once per thread,
/// and each declaration's map is a clone of it with its own settings put
/// over it (the same map as inserting each default where unset).
pub fn apply(settings: &mut Settings, subject: Subject, kind: &str) {
    type Filled = HashMap<Subject, HashMap<String, Settings>>;
    thread_local! {
        static FILLED: RefCell<Filled> = RefCell::new(HashMap::default());
    }
    FILLED.with(|cache| {
        let mut cache = cache.borrow_mut();
        let by_kind = cache.entry(subject).or_default();
        if !by_kind.contains_key(kind) {
            let mut map = Settings::new();
            for (name, val) in defaults(subject, kind) {
                map.entry(name).or_insert(val);
            }
            by_kind.insert(kind.to_string(), map);
        }
        let Some(defaults) = by_kind.get(kind).filter(|d| !d.is_empty()) else {
            return;
        };
        let mut filled = defaults.clone();
        for (name, val) in std::mem::take(settings) {
            filled.insert(name, val);
        }
        *settings = filled;
    });
}

/// The kind of a declaration of `subject` that gives none.
pub fn kind(subject: Subject) -> &'static str {
    match subject {
        Subject::Boundary => "generic",
        Subject::Actor => "user",
        Subject::Store => "database",
        Subject::Identity => "k8s-service-account",
        _ => "service",
    }
}

/// Default trust of a boundary kind.
pub fn trust(kind: &str) -> &'static str {
    match kind {
        "internet" => "untrusted",
        "third-party" => "medium",
        _ => "high",
    }
}

/// Flow defaults: `authn none`; encrypted from the protocol, or by mTLS.
pub fn flow(settings: &mut Settings) {
    settings.entry("authn").or_insert(w("none"));
    if !settings.contains_key("encrypted") {
        let by_protocol = settings
            .get("protocol")
            .and_then(Val::as_str)
            .is_some_and(|p| ENCRYPTED_PROTOCOLS.contains(&p));
        let by_authn = settings.get("authn").and_then(Val::as_str) == Some("mtls");
        settings.insert("encrypted", b(by_protocol || by_authn));
    }
}
