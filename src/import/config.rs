//! Secrets and ConfigMaps that workloads read → `data`, a `store` in the
//! namespace that keeps it, and a flow from the store to each workload that
//! `carries` it (`// env from secret` or `// mounted as volume`).
//!
//! A controller that reads its configuration through the API names it in
//! its arguments instead (`--configmap=$(POD_NAMESPACE)/NAME`): a declared
//! ConfigMap or Secret named so, in a flag or variable whose name says
//! configmap or secret, is read by that workload (`kubernetes-api`).
//!
//! The language has no "uses data" setting for processes, so the flow says
//! it. Secrets are `restricted`, ConfigMaps `internal`. A Secret or ConfigMap
//! that no workload reads is left out with a note.

use super::emit::{self, Decl};
use super::names::{Names, ident};
use super::network::FlowPlan;
use super::objects::{Manifests, name, namespace};
use super::workloads::{Element, Via};
use std::collections::{BTreeMap, BTreeSet};

/// Data assets (top level) and stores (by namespace) for the Secrets and
/// ConfigMaps in use, with their flows.
pub struct Config {
    pub data: Vec<Decl>,
    pub stores: BTreeMap<String, Vec<Decl>>,
    pub flows: Vec<FlowPlan>,
}

/// Key of a Secret or ConfigMap: namespace, is a secret, name.
type Key = (String, bool, String);

pub fn build(
    m: &Manifests,
    elements: &[Element],
    readable: &dyn Fn(&str) -> bool,
    names: &mut Names,
    notes: &mut Vec<String>,
) -> Config {
    // Who reads what, and how.
    let mut readers: BTreeMap<Key, BTreeMap<usize, BTreeSet<Via>>> = BTreeMap::new();
    for (i, e) in elements.iter().enumerate() {
        for u in &e.uses {
            readers
                .entry((e.ns.clone(), u.secret, u.name.clone()))
                .or_default()
                .entry(i)
                .or_default()
                .insert(u.via);
        }
    }
    named_in_args(elements, &mut readers, m);
    let declared: BTreeSet<Key> = m
        .secrets
        .iter()
        .map(|s| {
            (
                namespace(&s.obj.metadata),
                true,
                name(&s.obj.metadata).into(),
            )
        })
        .chain(m.config_maps.iter().map(|c| {
            (
                namespace(&c.obj.metadata),
                false,
                name(&c.obj.metadata).into(),
            )
        }))
        .collect();
    for s in &m.secrets {
        let k = (
            namespace(&s.obj.metadata),
            true,
            name(&s.obj.metadata).to_string(),
        );
        if !readers.contains_key(&k) && readable(&k.0) {
            // No workload reads it, but a subject may through RBAC.
            readers.entry(k).or_default();
        } else if !readers.contains_key(&k) {
            notes.push(format!(
                "note: skipped Secret {}/{} ({}): no workload reads it",
                k.0, k.2, s.origin
            ));
        }
    }
    for c in &m.config_maps {
        let k = (
            namespace(&c.obj.metadata),
            false,
            name(&c.obj.metadata).to_string(),
        );
        if !readers.contains_key(&k) {
            notes.push(format!(
                "note: skipped ConfigMap {}/{} ({}): no workload reads it",
                k.0, k.2, c.origin
            ));
        }
    }

    // Names used in several namespaces get the namespace in front.
    let mut spread: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (ns, _, n) in readers.keys() {
        spread.entry(n).or_default().insert(ns);
    }
    let mut ids: BTreeMap<&Key, (String, String)> = BTreeMap::new();
    for k in readers.keys() {
        let (ns, secret, n) = k;
        let base = ident(n, if *secret { "secret" } else { "configmap" });
        let nsb = ident(ns, "ns");
        let shared = spread.get(n.as_str()).is_some_and(|s| s.len() > 1);
        let kind = if *secret { "secret" } else { "configmap" };
        let data = if shared {
            names.alloc(&[format!("{nsb}-{base}"), format!("{nsb}-{kind}-{base}")])
        } else {
            names.alloc(&[
                base.clone(),
                format!("{nsb}-{base}"),
                format!("{kind}-data-{base}"),
            ])
        };
        let store = if shared {
            names.alloc(&[format!("{nsb}-{kind}-{base}")])
        } else {
            names.alloc(&[format!("{kind}-{base}"), format!("{nsb}-{kind}-{base}")])
        };
        ids.insert(k, (data, store));
    }

    let mut out = Config {
        data: Vec::new(),
        stores: BTreeMap::new(),
        flows: Vec::new(),
    };
    for (k, users) in &readers {
        let (ns, secret, n) = k;
        let (data_id, store_id) = &ids[k];
        let what = if *secret { "Secret" } else { "ConfigMap" };
        let mut d = Decl::named("data", data_id, &format!("{what} {ns}/{n}"));
        d.set(
            "classification",
            if *secret { "restricted" } else { "internal" },
        );
        out.data.push(d);
        let mut s = Decl::named("store", store_id, n);
        s.comment(format!("{what} {ns}/{n}"));
        if !declared.contains(k) {
            s.comment("not declared in the manifests (created some other way)");
        }
        if users.is_empty() {
            s.comment("no workload reads it; readable through RBAC");
        }
        s.set(
            "kind",
            if *secret {
                "k8s-secret"
            } else {
                "k8s-configmap"
            },
        );
        s.set("stores", data_id.as_str());
        out.stores.entry(ns.clone()).or_default().push(s);
        for (&i, vias) in users {
            let comments = vias
                .iter()
                .map(|v| match (v, secret) {
                    (Via::Env, true) => "env from secret".to_string(),
                    (Via::Env, false) => "env from configmap".to_string(),
                    (Via::Volume, _) => "mounted as volume".to_string(),
                    (Via::Api, _) => "named in the container's arguments or environment; read through the Kubernetes API".to_string(),
                })
                .collect();
            // A mount or environment injection is no network connection; a
            // controller reading the object does so through the API.
            let protocol = if vias.iter().all(|v| *v == Via::Api) {
                "kubernetes-api"
            } else {
                "file"
            };
            out.flows.push(FlowPlan {
                order: 2,
                src: store_id.clone(),
                dst: elements[i].id.clone(),
                port: None,
                protocol: Some(protocol.into()),
                label: Some(emit::one_line(&format!("{what} {n}"))),
                comments,
                carries: vec![data_id.clone()],
            });
        }
    }
    out
}

/// Declared ConfigMaps and Secrets that no container mounts or injects but
/// that a container of their namespace names in a flag or variable about
/// them (`--configmap=NS/NAME`, `--tcp-services-configmap=NAME`,
/// `CONFIG_MAP_NAME=NAME`): the workload reads them through the API.
fn named_in_args(
    elements: &[Element],
    readers: &mut BTreeMap<Key, BTreeMap<usize, BTreeSet<Via>>>,
    m: &Manifests,
) {
    let objects = m
        .secrets
        .iter()
        .map(|s| (true, &s.obj.metadata))
        .chain(m.config_maps.iter().map(|c| (false, &c.obj.metadata)));
    for (secret, meta) in objects {
        let k: Key = (namespace(meta), secret, name(meta).to_string());
        if readers.contains_key(&k) {
            continue;
        }
        for (i, e) in elements.iter().enumerate().filter(|(_, e)| e.ns == k.0) {
            if e.texts.iter().any(|t| names_object(t, secret, &k.2)) {
                readers
                    .entry(k.clone())
                    .or_default()
                    .entry(i)
                    .or_default()
                    .insert(Via::Api);
            }
        }
    }
}

/// Does this argument or variable name the ConfigMap (or Secret) `name`?
/// The flag or variable must say which kind of object it names, and the
/// value (after `=`, or the variable's value) must be `NAME` or `NS/NAME`.
fn names_object(t: &super::workloads::Text, secret: bool, name: &str) -> bool {
    let (key, value) = match &t.env {
        Some(env) => (env.as_str(), t.value.as_str()),
        None => match t.value.split_once('=') {
            Some((flag, value)) if flag.starts_with('-') => (flag, value),
            _ => return false,
        },
    };
    let key = key.to_ascii_lowercase().replace(['_', '-'], "");
    let about = if secret {
        key.contains("secret")
    } else {
        key.contains("configmap")
    };
    let object = value.rsplit('/').next().unwrap_or(value).trim();
    about && !name.is_empty() && object == name
}
