//! ServiceAccounts, Roles, ClusterRoles and their bindings → `identity`.
//!
//! Every service account that is declared, bound or run as becomes an
//! identity; a `User` or `Group` subject of a binding becomes one of kind
//! `k8s-user` / `k8s-group`. A Role or ClusterRole is not an identity of its
//! own: its rules become `allow` lines on each subject it is bound to, `in`
//! the binding's namespace (RoleBinding) or `in cluster` (ClusterRoleBinding).

use super::emit::{self, Decl, word_or_string};
use super::names::{Names, ident};
use super::objects::{Manifests, name, namespace};
use crate::resolve::vocab::VERBS;
use k8s_openapi::api::rbac::v1::{PolicyRule, RoleRef, Subject};
use std::collections::{BTreeMap, BTreeSet};

/// An identity's key: service accounts by namespace and name, users and groups by name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    ServiceAccount(String, String),
    User(String),
    Group(String),
}

#[derive(Debug, Default)]
struct Ident {
    id: String,
    declared: bool,
    automount: Option<bool>,
    role: Option<String>,
    other_roles: Vec<String>,
    grants: Vec<emit::Item>,
}

/// Identities with their IDs; `decls` in output order.
pub struct Rbac {
    pub ids: BTreeMap<Key, String>,
    pub decls: Vec<Decl>,
    /// Namespaces whose Secrets some bound subject may read (`None`: every
    /// namespace, by a ClusterRoleBinding).
    pub secret_readers: BTreeSet<Option<String>>,
    /// Roles and ClusterRoles bound to no subject, with what they would
    /// allow: no identity holds them, but a binding added later would.
    pub unbound: Vec<String>,
}

impl Rbac {
    /// Can some subject read the Secrets of `ns` through RBAC?
    pub fn secrets_readable(&self, ns: &str) -> bool {
        self.secret_readers.contains(&None) || self.secret_readers.contains(&Some(ns.to_string()))
    }
}

/// Does a rule let its subject read Secrets?
fn reads_secrets(r: &PolicyRule) -> bool {
    let verb = r
        .verbs
        .iter()
        .any(|v| ["get", "list", "watch", "*"].contains(&v.as_str()));
    let resource = r
        .resources
        .iter()
        .flatten()
        .any(|x| x == "secrets" || x == "*");
    verb && resource
}

impl Rbac {
    /// The identity a pod of `ns` runs as: its service account, else the
    /// namespace's `default` service account when the model declares it.
    pub fn runs_as(&self, ns: &str, sa: Option<&str>) -> Option<String> {
        let sa = sa.unwrap_or("default");
        self.ids
            .get(&Key::ServiceAccount(ns.into(), sa.into()))
            .cloned()
    }
}

/// Builds the identities. `referenced` are the service accounts workloads run
/// as; `ns_ids` maps namespaces to boundary IDs (every namespace of a
/// RoleBinding or service account is in it).
pub fn build(
    m: &Manifests,
    referenced: &BTreeSet<(String, String)>,
    ns_ids: &BTreeMap<String, String>,
    names: &mut Names,
    notes: &mut Vec<String>,
) -> Rbac {
    let mut found: BTreeMap<Key, Ident> = BTreeMap::new();
    for sa in &m.service_accounts {
        let key = Key::ServiceAccount(namespace(&sa.obj.metadata), name(&sa.obj.metadata).into());
        let e = found.entry(key).or_default();
        e.declared = true;
        e.automount = sa.obj.automount_service_account_token;
    }
    for (ns, sa) in referenced {
        found
            .entry(Key::ServiceAccount(ns.clone(), sa.clone()))
            .or_default();
    }
    let bindings = bindings(m);
    for b in &bindings {
        for s in &b.subjects {
            if let Some(k) = subject_key(s, b.namespace.as_deref()) {
                found.entry(k).or_default();
            }
        }
    }

    // IDs: a service-account name used in several namespaces gets the
    // namespace in front; a clash with a workload puts the kind in front.
    let mut sa_names: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for k in found.keys() {
        if let Key::ServiceAccount(ns, n) = k {
            sa_names.entry(n).or_default().insert(ns);
        }
    }
    let mut ids = BTreeMap::new();
    for k in found.keys() {
        let candidates = match k {
            Key::ServiceAccount(ns, n) => {
                let base = ident(n, "sa");
                let nsb = ident(ns, "ns");
                let with_ns = format!("{nsb}-{base}");
                let with_kind = format!("{nsb}-sa-{base}");
                if sa_names.get(n.as_str()).is_some_and(|s| s.len() > 1) {
                    vec![with_ns, with_kind]
                } else {
                    vec![base.clone(), format!("sa-{base}"), with_kind]
                }
            }
            Key::User(n) => vec![ident(n, "user"), format!("user-{}", ident(n, "user"))],
            Key::Group(n) => vec![ident(n, "group"), format!("group-{}", ident(n, "group"))],
        };
        ids.insert(k.clone(), names.alloc(&candidates));
    }
    for (k, e) in found.iter_mut() {
        e.id = ids[k].clone();
    }

    let mut bound_roles = BTreeSet::new();
    let mut unbound = Vec::new();
    let mut secret_readers = BTreeSet::new();
    for b in &bindings {
        bound_roles.insert((
            b.role_ref.kind.clone(),
            b.role_namespace(),
            b.role_ref.name.clone(),
        ));
        let role = lookup(m, b);
        let known = role.clone().or_else(|| {
            (b.role_ref.kind == "ClusterRole")
                .then(|| super::builtin::rules(&b.role_ref.name))
                .flatten()
        });
        let admin = b.role_ref.kind == "ClusterRole" && b.role_ref.name == "cluster-admin";
        if !b.subjects.is_empty() && (admin || known.iter().flatten().any(reads_secrets)) {
            secret_readers.insert(b.namespace.clone());
        }
        for s in &b.subjects {
            let Some(k) = subject_key(s, b.namespace.as_deref()) else {
                notes.push(format!(
                    "note: skipped subject {} {} of {} ({}): unknown subject kind",
                    s.kind, s.name, b.what, b.origin
                ));
                continue;
            };
            let Some(e) = found.get_mut(&k) else { continue };
            let scope = match &b.namespace {
                Some(ns) => ns_ids.get(ns).cloned().unwrap_or_else(|| "cluster".into()),
                None => "cluster".into(),
            };
            e.grants.push(emit::Item::Comment(emit::one_line(&format!(
                "{} → {} {}",
                b.what, b.role_ref.kind, b.role_ref.name
            ))));
            let cluster_admin =
                b.role_ref.name == "cluster-admin" && b.role_ref.kind == "ClusterRole";
            if cluster_admin && b.namespace.is_none() {
                set_role(e, "cluster-admin");
            } else if cluster_admin && role.is_none() {
                // A RoleBinding grants a ClusterRole only in its namespace.
                e.grants
                    .push(emit::Item::Line(format!("allow * on * in {scope}")));
                continue;
            }
            let builtin = if role.is_none() && b.role_ref.kind == "ClusterRole" {
                super::builtin::rules(&b.role_ref.name).map(|mut r| {
                    r.extend(aggregated(m, &b.role_ref.name));
                    r
                })
            } else {
                None
            };
            if let Some(rules) = builtin {
                e.grants.push(emit::Item::Comment(format!(
                    "built-in ClusterRole {}: its rules as Kubernetes defines them",
                    b.role_ref.name
                )));
                for r in &rules {
                    grant(r, &scope, &mut e.grants);
                }
                set_role(e, &b.role_ref.name);
                continue;
            }
            match &role {
                Some(rules) => {
                    for r in rules {
                        grant(r, &scope, &mut e.grants);
                    }
                }
                None => {
                    e.grants.push(emit::Item::Comment(format!(
                        "{} {} is not in the manifests (built in?): its rules are not known",
                        b.role_ref.kind, b.role_ref.name
                    )));
                    if b.role_ref.name != "cluster-admin" {
                        set_role(e, &b.role_ref.name);
                    }
                }
            }
        }
    }
    for r in &m.roles {
        let key = (
            "Role".to_string(),
            Some(namespace(&r.obj.metadata)),
            name(&r.obj.metadata).to_string(),
        );
        if !bound_roles.contains(&key) {
            notes.push(format!(
                "note: skipped Role {} ({}): bound to no subject",
                name(&r.obj.metadata),
                r.origin
            ));
            unbound.push(emit::one_line(&format!(
                "Role {}/{}: {}",
                namespace(&r.obj.metadata),
                name(&r.obj.metadata),
                summary(r.obj.rules.as_deref().unwrap_or_default())
            )));
        }
    }
    for r in &m.cluster_roles {
        let key = (
            "ClusterRole".to_string(),
            None::<String>,
            name(&r.obj.metadata).to_string(),
        );
        let via_rb = bindings
            .iter()
            .any(|b| b.role_ref.kind == "ClusterRole" && b.role_ref.name == key.2);
        let aggregates = ["admin", "edit", "view"]
            .iter()
            .any(|t| aggregates_to(&r.obj, t) && bindings.iter().any(|b| b.role_ref.name == *t));
        if !via_rb && !aggregates {
            notes.push(format!(
                "note: skipped ClusterRole {} ({}): bound to no subject",
                key.2, r.origin
            ));
            unbound.push(emit::one_line(&format!(
                "ClusterRole {}: {}",
                key.2,
                summary(r.obj.rules.as_deref().unwrap_or_default())
            )));
        }
    }

    let decls = found
        .iter()
        .map(|(k, e)| decl(k, e, ns_ids, &bindings))
        .collect();
    Rbac {
        ids,
        decls,
        secret_readers,
        unbound,
    }
}

/// What a role's rules allow, on one line: `get, list secrets; * pods/exec`.
fn summary(rules: &[PolicyRule]) -> String {
    let parts: Vec<String> = rules
        .iter()
        .filter_map(|r| {
            let resources = r.resources.as_ref().filter(|x| !x.is_empty())?;
            let mut s = format!("{} {}", r.verbs.join(", "), resources.join(", "));
            if let Some(names) = r.resource_names.as_ref().filter(|n| !n.is_empty()) {
                s.push_str(&format!(" named {}", names.join(", ")));
            }
            Some(s)
        })
        .collect();
    if parts.is_empty() {
        "no resource rules".into()
    } else {
        emit::one_line(&parts.join("; "))
    }
}

fn set_role(e: &mut Ident, role: &str) {
    match &e.role {
        None => e.role = Some(role.into()),
        Some(r) if r == role => {}
        Some(_) if role == "cluster-admin" => {
            let old = e.role.replace(role.into()).unwrap_or_default();
            e.other_roles.push(old);
        }
        Some(_) => {
            if !e.other_roles.iter().any(|r| r == role) {
                e.other_roles.push(role.into());
            }
        }
    }
}

fn decl(k: &Key, e: &Ident, ns_ids: &BTreeMap<String, String>, bindings: &[Binding]) -> Decl {
    let (label, kind) = match k {
        Key::ServiceAccount(_, n) => (n.as_str(), "k8s-service-account"),
        Key::User(n) => (n.as_str(), "k8s-user"),
        Key::Group(n) => (n.as_str(), "k8s-group"),
    };
    let mut d = Decl::named("identity", &e.id, label);
    match k {
        Key::ServiceAccount(ns, n) => {
            d.comment(format!("ServiceAccount {ns}/{n}"));
            if !e.declared {
                d.comment("not declared in the manifests; referenced by a workload or binding");
            }
        }
        Key::User(n) | Key::Group(n) => {
            let whom: Vec<&str> = bindings
                .iter()
                .filter(|b| {
                    b.subjects
                        .iter()
                        .any(|s| subject_key(s, b.namespace.as_deref()).as_ref() == Some(k))
                })
                .map(|b| b.what.as_str())
                .collect();
            let what = if matches!(k, Key::User(_)) {
                "User"
            } else {
                "Group"
            };
            d.comment(emit::one_line(&format!(
                "{what} {n}, subject of {}",
                whom.join(", ")
            )));
        }
    }
    d.set("kind", kind);
    match k {
        Key::ServiceAccount(ns, _) => {
            if let Some(id) = ns_ids.get(ns) {
                d.set("scope", id.as_str());
            }
        }
        Key::User(n) | Key::Group(n) => d.set("subject", emit::string(n)),
    }
    if let Some(role) = &e.role {
        d.set("role", word_or_string(role));
    }
    for r in &e.other_roles {
        d.note(format!("also bound to {}", emit::one_line(r)));
    }
    if e.automount == Some(false) {
        d.set("automount", "false");
    }
    d.items.extend(e.grants.iter().cloned());
    d
}

/// One `allow` line for a policy rule, or comments saying why not.
fn grant(r: &PolicyRule, scope: &str, out: &mut Vec<emit::Item>) {
    let (verbs, unknown): (Vec<&String>, Vec<&String>) = r
        .verbs
        .iter()
        .partition(|v| v.as_str() == "*" || VERBS.contains(&v.as_str()));
    if !unknown.is_empty() {
        out.push(emit::Item::Comment(emit::one_line(&format!(
            "verbs the language does not know, left out: {}",
            unknown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))));
    }
    let resources: Vec<&String> = r.resources.iter().flatten().collect();
    if let Some(urls) = r.non_resource_urls.as_ref().filter(|u| !u.is_empty()) {
        out.push(emit::Item::Comment(emit::one_line(&format!(
            "non-resource URLs not modelled: {} ({})",
            urls.join(", "),
            r.verbs.join(", ")
        ))));
    }
    if verbs.is_empty() || resources.is_empty() {
        return;
    }
    let named = match r.resource_names.as_ref().filter(|n| !n.is_empty()) {
        Some(names) => {
            let mut seen = BTreeSet::new();
            let names: Vec<String> = names
                .iter()
                .filter(|n| seen.insert(n.as_str()))
                .map(|n| emit::string(n))
                .collect();
            format!(" named {}", names.join(", "))
        }
        None => String::new(),
    };
    let verbs: Vec<String> = verbs.iter().map(|v| v.to_string()).collect();
    let mut seen = BTreeSet::new();
    let resources: Vec<String> = resources
        .iter()
        .filter(|r| seen.insert(r.as_str()))
        .map(|r| resource(r))
        .collect();
    out.push(emit::Item::Line(format!(
        "allow {} on {}{named} in {scope}",
        verbs.join(", "),
        resources.join(", ")
    )));
}

/// A resource bare when it is a lower-case identifier, `*` as is, else a string.
fn resource(r: &str) -> String {
    if r == "*" || (super::names::is_bare(r) && !r.chars().any(|c| c.is_ascii_uppercase())) {
        r.to_string()
    } else {
        emit::string(r)
    }
}

/// A RoleBinding or ClusterRoleBinding, reduced to what the mapping needs.
struct Binding {
    /// `RoleBinding shop/readers` or `ClusterRoleBinding admins`.
    what: String,
    origin: super::yaml::Origin,
    namespace: Option<String>,
    role_ref: RoleRef,
    subjects: Vec<Subject>,
}

impl Binding {
    fn role_namespace(&self) -> Option<String> {
        if self.role_ref.kind == "Role" {
            self.namespace.clone()
        } else {
            None
        }
    }
}

fn bindings(m: &Manifests) -> Vec<Binding> {
    let mut out: Vec<Binding> = Vec::new();
    let mut rbs: Vec<_> = m.role_bindings.iter().collect();
    rbs.sort_by_key(|b| {
        (
            namespace(&b.obj.metadata),
            name(&b.obj.metadata).to_string(),
        )
    });
    for b in rbs {
        let ns = namespace(&b.obj.metadata);
        out.push(Binding {
            what: format!("RoleBinding {ns}/{}", name(&b.obj.metadata)),
            origin: b.origin.clone(),
            namespace: Some(ns),
            role_ref: b.obj.role_ref.clone(),
            subjects: b.obj.subjects.clone().unwrap_or_default(),
        });
    }
    let mut crbs: Vec<_> = m.cluster_role_bindings.iter().collect();
    crbs.sort_by_key(|b| name(&b.obj.metadata).to_string());
    for b in crbs {
        out.push(Binding {
            what: format!("ClusterRoleBinding {}", name(&b.obj.metadata)),
            origin: b.origin.clone(),
            namespace: None,
            role_ref: b.obj.role_ref.clone(),
            subjects: b.obj.subjects.clone().unwrap_or_default(),
        });
    }
    out
}

/// Namespaces of RoleBindings and of service-account subjects: each needs a boundary.
pub fn namespaces(m: &Manifests) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for b in bindings(m) {
        if let Some(ns) = &b.namespace {
            out.insert(ns.clone());
        }
        for s in &b.subjects {
            if let Some(Key::ServiceAccount(ns, _)) = subject_key(s, b.namespace.as_deref()) {
                out.insert(ns);
            }
        }
    }
    out
}

fn subject_key(s: &Subject, binding_ns: Option<&str>) -> Option<Key> {
    match s.kind.as_str() {
        "ServiceAccount" => {
            let ns = s
                .namespace
                .clone()
                .filter(|n| !n.is_empty())
                .or_else(|| binding_ns.map(str::to_string))
                .unwrap_or_else(|| "default".into());
            Some(Key::ServiceAccount(ns, s.name.clone()))
        }
        "User" => Some(Key::User(s.name.clone())),
        "Group" => Some(Key::Group(s.name.clone())),
        _ => None,
    }
}

/// Does a ClusterRole add its rules to the built-in role `target`
/// (`rbac.authorization.k8s.io/aggregate-to-TARGET: "true"`)?
fn aggregates_to(r: &k8s_openapi::api::rbac::v1::ClusterRole, target: &str) -> bool {
    r.metadata.labels.as_ref().is_some_and(|l| {
        l.get(&format!("rbac.authorization.k8s.io/aggregate-to-{target}"))
            .is_some_and(|v| v == "true")
    })
}

/// Rules the manifests aggregate into a built-in role: `admin` takes those
/// of `edit` and `view` too, `edit` those of `view`.
fn aggregated(m: &Manifests, target: &str) -> Vec<PolicyRule> {
    let targets: &[&str] = match target {
        "admin" => &["admin", "edit", "view"],
        "edit" => &["edit", "view"],
        "view" => &["view"],
        _ => &[],
    };
    m.cluster_roles
        .iter()
        .filter(|r| targets.iter().any(|t| aggregates_to(&r.obj, t)))
        .flat_map(|r| r.obj.rules.clone().unwrap_or_default())
        .collect()
}

/// The rules of the role a binding refers to, if the manifests hold it.
fn lookup(m: &Manifests, b: &Binding) -> Option<Vec<PolicyRule>> {
    match b.role_ref.kind.as_str() {
        "Role" => m
            .roles
            .iter()
            .find(|r| {
                Some(namespace(&r.obj.metadata)) == b.namespace
                    && name(&r.obj.metadata) == b.role_ref.name
            })
            .map(|r| r.obj.rules.clone().unwrap_or_default()),
        "ClusterRole" => m
            .cluster_roles
            .iter()
            .find(|r| name(&r.obj.metadata) == b.role_ref.name)
            .map(|r| r.obj.rules.clone().unwrap_or_default()),
        _ => None,
    }
}
