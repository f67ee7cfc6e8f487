//! Kubernetes lowering: what a Kubernetes cluster implies beyond what a
//! model declares, added after the generic declaration passes (boundaries,
//! identities, elements) and before the passes that reference them (flows,
//! scenarios, threats, risks), so those find what it adds:
//!
//! - `network-policy` and `pod-security` are settings of namespaces only;
//! - each identity's `allow` grants become RBAC [`Grant`]s: Kubernetes
//!   verbs, lower-case plural resources, and a scope that is a
//!   `k8s-namespace` (by default the identity's own, when it is one) or the
//!   whole cluster;
//! - a workload without `runs-as` runs as its namespace's `default` service
//!   account, created here (`implicit`) the first time a workload needs it;
//! - a workload inherits `automount` from its identity unless it sets it.
//!
//! The generic passes know nothing of Kubernetes; this is the one place
//! that does.

use super::build::{Index, Lowering};
use super::defaults;
use super::names::Names;
use super::schema::Subject;
use super::suggest::did_you_mean;
use super::vocab;
use crate::diagnostic::Diag;
use crate::model::*;
use crate::syntax::ast::{Allow, Ident, Keyword, ValueKind};

/// The kind of a namespace's implicit `default` account.
const SERVICE_ACCOUNT: IdentityKind = IdentityKind::K8sServiceAccount;

/// Runs the Kubernetes lowering on a model built by the declaration passes.
pub(super) fn lower(l: Lowering<'_, '_>) {
    namespace_settings(l.model, l.boundary_spans, l.diags);
    for &(i, a) in l.allows {
        let scope = l.model.identities[i].scope;
        if let Some(g) = grant(l.model, l.index, l.names, l.diags, a, scope) {
            l.model.identities[i].grants.push(g);
        }
    }
    default_service_accounts(l.model, l.index);
}

/// `network-policy` and `pod-security` set on a boundary that is not a
/// `k8s-namespace`.
fn namespace_settings(
    model: &Model,
    spans: &[std::collections::BTreeMap<Key, crate::source::Span>],
    diags: &mut Vec<Diag>,
) {
    for (b, spans) in model.boundaries.iter().zip(spans) {
        let kind = b.kind;
        for name in [Key::NetworkPolicy, Key::PodSecurity] {
            if kind != BoundaryKind::K8sNamespace
                && let Some(span) = spans.get(&name)
            {
                diags.push(
                    Diag::error(
                        "vast::resolve::setting_for_kind",
                        format!("`{name}` is a setting of k8s-namespace boundaries"),
                        *span,
                    )
                    .label(format!("this boundary is of kind {kind}"))
                    .help("set `kind k8s-namespace`, or move the setting to the namespace"),
                );
            }
        }
    }
}

/// One `allow` as an RBAC grant, or `None` (with its diagnostic) when a
/// verb or the scope is wrong; `scope` is the identity's own scope.
fn grant(
    model: &Model,
    index: &Index,
    names: &Names<'_>,
    diags: &mut Vec<Diag>,
    a: &Allow,
    scope: Option<BoundaryId>,
) -> Option<Grant> {
    let mut verbs = Vec::new();
    for v in &a.verbs {
        let text = v.text();
        if text != "*" && !vocab::VERBS.contains(&text.as_str()) {
            diags.push(
                Diag::error(
                    "vast::resolve::bad_verb",
                    format!("`{text}` is not a Kubernetes verb"),
                    v.span,
                )
                .label("unknown verb")
                .help(
                    did_you_mean(&text, vocab::VERBS.iter().copied())
                        .unwrap_or_else(|| format!("verbs: {}, *", vocab::VERBS.join(", "))),
                ),
            );
            return None;
        }
        verbs.push(text);
    }
    let resources: Vec<String> = a.resources.iter().map(|r| r.text()).collect();
    if let Some(r) = a.resources.iter().find(
        |r| matches!(&r.kind, ValueKind::Ident(s) if s.chars().any(|c| c.is_ascii_uppercase())),
    ) {
        diags.push(
            Diag::warning(
                "vast::resolve::resource_case",
                format!(
                    "Kubernetes resource names are lower-case plural: `{}`",
                    r.text()
                ),
                r.span,
            )
            .label("check this resource")
            .help(format!("did you mean `{}`?", r.text().to_lowercase())),
        );
    }
    let scope = match &a.scope {
        None => scope
            .filter(|&b| model.boundaries[b].kind == BoundaryKind::K8sNamespace)
            .map(GrantScope::Namespace)
            .unwrap_or(GrantScope::Cluster),
        Some(s) => grant_scope(model, index, names, diags, s)?,
    };
    Some(Grant {
        verbs,
        resources,
        names: a.names.iter().map(|n| n.text()).collect(),
        scope,
        span: a.span,
    })
}

/// The scope `in SCOPE` names: a namespace, or the cluster.
fn grant_scope(
    model: &Model,
    index: &Index,
    names: &Names<'_>,
    diags: &mut Vec<Diag>,
    s: &Ident,
) -> Option<GrantScope> {
    match index.boundaries.get(&s.name) {
        Some(&b) => match model.boundaries[b].kind {
            BoundaryKind::K8sNamespace => Some(GrantScope::Namespace(b)),
            BoundaryKind::K8sCluster => Some(GrantScope::Cluster),
            other => {
                diags.push(
                    Diag::error("vast::resolve::bad_grant_scope", format!("grants apply in a k8s-namespace or k8s-cluster; `{}` is of kind {other}", s.name), s.span)
                        .label("not a namespace or cluster")
                        .help("write `in NAMESPACE`, `in CLUSTER` or `in cluster`"),
                );
                None
            }
        },
        None if s.name == "cluster" => Some(GrantScope::Cluster),
        None => {
            diags.push(
                Diag::error(
                    "vast::resolve::unknown_ref",
                    format!("`{}` is not declared", s.name),
                    s.span,
                )
                .label("expected a k8s-namespace or k8s-cluster boundary")
                .help(
                    did_you_mean(&s.name, names.ids_of(&[Keyword::Boundary]))
                        .unwrap_or_else(|| "write `in cluster` for a cluster-wide grant".into()),
                ),
            );
            None
        }
    }
}

/// Workloads without `runs-as` run as their namespace's `default` account;
/// every workload inherits `automount` from its identity unless it sets it.
fn default_service_accounts(model: &mut Model, index: &mut Index) {
    for e in model.elements.ids() {
        let el = &model.elements[e];
        if el.ty != ElementType::Process || !el.kind.is_workload() {
            continue;
        }
        let identity = match el.runs_as {
            Some(i) => i,
            None => {
                let Some(ns) = model.enclosing(e, BoundaryKind::K8sNamespace) else {
                    continue;
                };
                let i = default_account(model, index, ns);
                model.elements[e].runs_as = Some(i);
                i
            }
        };
        let automount = model.identities[identity]
            .settings
            .get(Key::Automount)
            .cloned()
            .unwrap_or(Val::Bool(true));
        model.elements[e]
            .settings
            .insert_default(Key::Automount, automount);
    }
}

/// The `default` service account of namespace `ns`, created on first use.
fn default_account(model: &mut Model, index: &mut Index, ns: BoundaryId) -> IdentityId {
    let namespace = &model.boundaries[ns];
    let id = format!("{}/default", namespace.id);
    if let Some(&i) = index.identities.get(&id) {
        return i;
    }
    let mut settings = Settings::new();
    settings.insert(Key::Kind, Val::Word(SERVICE_ACCOUNT.as_str().into()));
    settings.insert(Key::Scope, Val::Word(namespace.id.clone()));
    defaults::apply(&mut settings, Subject::Identity, SERVICE_ACCOUNT.as_str());
    let identity = Identity {
        id: id.clone(),
        label: format!("default service account of {}", namespace.id),
        kind: SERVICE_ACCOUNT,
        scope: Some(ns),
        grants: Vec::new(),
        settings,
        implicit: true,
        span: namespace.span,
    };
    let i = model.identities.push(identity);
    index.identities.insert(id, i);
    i
}
