//! Identities and their grants (verbs, resources, namespace or cluster
//! scope), and the implicit `default` service account of each namespace.

use super::{Builder, label, word};
use crate::diagnostic::Diag;
use crate::model::*;
use crate::resolve::defaults;
use crate::resolve::schema::Subject;
use crate::resolve::suggest::did_you_mean;
use crate::resolve::vocab;
use crate::syntax::ast::{Decl, Ident, Keyword, ValueKind};

impl<'a> Builder<'_, 'a> {
    pub(super) fn identity(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let mut parts = self.parts(d);
        let kind = word(&parts.settings, "kind").unwrap_or_else(|| "k8s-service-account".into());
        defaults::apply(&mut parts.settings, Subject::Identity, &kind);
        let scope =
            word(&parts.settings, "scope").and_then(|s| self.index.boundaries.get(&s).copied());
        let mut grants = Vec::new();
        for a in &parts.allows {
            grants.extend(self.grant(a, scope));
        }
        self.index
            .identities
            .insert(id.name.clone(), self.model.identities.len());
        self.model.identities.push(Identity {
            id: id.name.clone(),
            label: label(d, &id.name),
            kind,
            scope,
            grants,
            settings: parts.settings,
            implicit: false,
            span: id.span,
        });
    }

    pub(super) fn grant(
        &mut self,
        a: &crate::syntax::ast::Allow,
        scope: Option<BoundaryId>,
    ) -> Option<Grant> {
        let mut verbs = Vec::new();
        for v in &a.verbs {
            let text = v.text();
            if text != "*" && !vocab::VERBS.contains(&text.as_str()) {
                self.diags.push(
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
            self.diags.push(
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
                .filter(|&b| self.model.boundaries[b].kind == "k8s-namespace")
                .map(GrantScope::Namespace)
                .unwrap_or(GrantScope::Cluster),
            Some(s) => self.grant_scope(s)?,
        };
        Some(Grant {
            verbs,
            resources,
            scope,
            span: a.span,
        })
    }

    pub(super) fn grant_scope(&mut self, s: &Ident) -> Option<GrantScope> {
        match self.index.boundaries.get(&s.name) {
            Some(&b) => match self.model.boundaries[b].kind.as_str() {
                "k8s-namespace" => Some(GrantScope::Namespace(b)),
                "k8s-cluster" => Some(GrantScope::Cluster),
                other => {
                    self.diags.push(
                        Diag::error("vast::resolve::bad_grant_scope", format!("grants apply in a k8s-namespace or k8s-cluster; `{}` is of kind {other}", s.name), s.span)
                            .label("not a namespace or cluster")
                            .help("write `in NAMESPACE`, `in CLUSTER` or `in cluster`"),
                    );
                    None
                }
            },
            None if s.name == "cluster" => Some(GrantScope::Cluster),
            None => {
                self.diags.push(
                    Diag::error(
                        "vast::resolve::unknown_ref",
                        format!("`{}` is not declared", s.name),
                        s.span,
                    )
                    .label("expected a k8s-namespace or k8s-cluster boundary")
                    .help(
                        did_you_mean(&s.name, self.names.ids_of(&[Keyword::Boundary]))
                            .unwrap_or_else(|| {
                                "write `in cluster` for a cluster-wide grant".into()
                            }),
                    ),
                );
                None
            }
        }
    }
    /// Workloads without `runs-as` run as their namespace's `default` account.
    pub(super) fn default_service_accounts(&mut self) {
        for e in 0..self.model.elements.len() {
            let el = &self.model.elements[e];
            if el.ty != ElementType::Process || !vocab::WORKLOAD_KINDS.contains(&el.kind.as_str()) {
                continue;
            }
            let identity = match el.runs_as {
                Some(i) => i,
                None => {
                    let Some(ns) = self.model.enclosing(e, "k8s-namespace") else {
                        continue;
                    };
                    let id = format!("{}/default", self.model.boundaries[ns].id);
                    let i = match self.index.identities.get(&id) {
                        Some(&i) => i,
                        None => {
                            let mut settings = Settings::new();
                            settings.insert("kind", Val::Word("k8s-service-account".into()));
                            settings
                                .insert("scope", Val::Word(self.model.boundaries[ns].id.clone()));
                            defaults::apply(
                                &mut settings,
                                Subject::Identity,
                                "k8s-service-account",
                            );
                            let span = self.model.boundaries[ns].span;
                            self.index
                                .identities
                                .insert(id.clone(), self.model.identities.len());
                            self.model.identities.push(Identity {
                                id: id.clone(),
                                label: format!(
                                    "default service account of {}",
                                    self.model.boundaries[ns].id
                                ),
                                kind: "k8s-service-account".into(),
                                scope: Some(ns),
                                grants: Vec::new(),
                                settings,
                                implicit: true,
                                span,
                            });
                            self.model.identities.len() - 1
                        }
                    };
                    self.model.elements[e].runs_as = Some(i);
                    i
                }
            };
            let automount = self.model.identities[identity]
                .settings
                .get("automount")
                .cloned()
                .unwrap_or(Val::Bool(true));
            self.model.elements[e]
                .settings
                .entry("automount")
                .or_insert(automount);
        }
    }
}
