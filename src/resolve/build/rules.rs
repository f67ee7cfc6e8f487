//! Rules (user and catalogue), manual threats and risk decisions, with
//! the targets they name.

use super::{Builder, label};
use crate::diagnostic::Diag;
use crate::model::*;
use crate::resolve::defaults;
use crate::resolve::schema::Subject;
use crate::resolve::suggest::did_you_mean;
use crate::syntax::ast::{Decl, Target};

impl<'a> Builder<'_, 'a> {
    /// Builds a rule (user or catalogue) and checks its `when`.
    pub fn rule(&mut self, d: &'a Decl, builtin: bool) {
        let Some(id) = &d.id else { return };
        let mut parts = self.parts(d);
        defaults::apply(&mut parts.settings, Subject::Rule, "");
        let Some(applies_to) = parts
            .settings
            .word(Key::AppliesTo)
            .and_then(AppliesTo::from_word)
        else {
            self.diags.push(
                Diag::error(
                    "vast::resolve::missing_setting",
                    "a rule needs `applies-to`",
                    id.span,
                )
                .label("what does the rule look at?")
                .help("add `applies-to actor|process|store|element|flow|boundary|identity`"),
            );
            return;
        };
        if !parts.settings.contains(Key::Cvss) {
            self.diags.push(
                Diag::error(
                    "vast::resolve::missing_setting",
                    "a rule needs a `cvss` vector",
                    id.span,
                )
                .label("no score")
                .help("add `cvss \"CVSS:3.1/AV:…\"`"),
            );
        }
        let when = parts
            .when
            .map(|(e, _)| crate::resolve::expr::lower(e, applies_to, &mut self.diags));
        self.model.rules.push(RuleDef {
            id: id.name.clone(),
            title: label(d, &id.name),
            applies_to,
            when,
            settings: parts.settings,
            builtin,
            span: id.span,
        });
    }

    pub(super) fn target(&mut self, t: &Target) -> Option<(TargetRef, String)> {
        match t {
            Target::Any(_) => Some((TargetRef::Any, "*".into())),
            Target::Flow(a, b) => {
                let key = crate::syntax::ast::flow_id(&a.name, &b.name);
                match self.index.flows.get(&key) {
                    Some(&f) => Some((TargetRef::Flow(f), key)),
                    None => {
                        let explicit = self.model.flows.iter().find(|f| {
                            self.model.elements[f.source].id == a.name
                                && self.model.elements[f.target].id == b.name
                        });
                        if let Some(f) = explicit {
                            let i = self.index.flows[&f.id];
                            return Some((TargetRef::Flow(i), f.id.clone()));
                        }
                        self.diags.push(
                            Diag::error(
                                "vast::resolve::unknown_ref",
                                format!("no flow `{key}`"),
                                a.span.to(b.span),
                            )
                            .label("no such flow")
                            .maybe_help(did_you_mean(
                                &key,
                                self.index.flows.keys().map(String::as_str),
                            )),
                        );
                        None
                    }
                }
            }
            Target::Id(i) => {
                let key = i.name.clone();
                let r = if let Some(&e) = self.index.elements.get(&key) {
                    TargetRef::Element(e)
                } else if let Some(&f) = self.index.flows.get(&key) {
                    TargetRef::Flow(f)
                } else if let Some(&b) = self.index.boundaries.get(&key) {
                    TargetRef::Boundary(b)
                } else if let Some(&x) = self.index.identities.get(&key) {
                    TargetRef::Identity(x)
                } else if let Some(&x) = self.index.data.get(&key) {
                    TargetRef::Data(x)
                } else {
                    let all = self
                        .index
                        .elements
                        .keys()
                        .chain(self.index.flows.keys())
                        .chain(self.index.boundaries.keys())
                        .chain(self.index.identities.keys())
                        .chain(self.index.data.keys());
                    let wrong = self.names.get(&key).map(|s| s.keyword.as_str());
                    let d = match wrong {
                        Some(k) => Diag::error("vast::resolve::wrong_kind", format!("`{key}` is a {k}; threats are about elements, flows, boundaries, identities or data"), i.span)
                            .label("not a threat target"),
                        None => Diag::error("vast::resolve::unknown_ref", format!("`{key}` is not declared"), i.span)
                            .label("unknown target")
                            .maybe_help(did_you_mean(&key, all.map(String::as_str))),
                    };
                    self.diags.push(d);
                    return None;
                };
                Some((r, key))
            }
        }
    }

    pub(super) fn threat(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let mut parts = self.parts(d);
        defaults::apply(&mut parts.settings, Subject::Threat, "");
        parts
            .settings
            .insert_default(Key::Category, Val::Word("other".into()));
        let Some(t) = &d.target else { return };
        let Some((target, target_key)) = self.target(t) else {
            return;
        };
        if target == TargetRef::Any {
            self.diags.push(
                Diag::error(
                    "vast::resolve::threat_any",
                    "a threat is about one target, not `*`",
                    t.span(),
                )
                .label("name the element, flow, boundary, identity or data")
                .help("write a rule to find a threat on many targets"),
            );
            return;
        }
        if let Some(d) = crate::resolve::cvss::stated_score(d, &parts.spans, id.span) {
            self.diags.push(d);
        }
        self.model.threats.push(ManualThreat {
            id: id.name.clone(),
            title: label(d, &id.name),
            target,
            target_key,
            settings: parts.settings,
            span: id.span,
        });
    }

    pub(super) fn risk_later(&mut self, d: &'a Decl) {
        let Some(rule) = &d.id else { return };
        let mut parts = self.parts(d);
        defaults::apply(&mut parts.settings, Subject::Risk, "");
        let Some(t) = &d.target else { return };
        let Some((target, target_key)) = self.target(t) else {
            return;
        };
        if parts.settings.contains(Key::Until)
            && parts.settings.word(Key::Status).and_then(Status::from_word)
                != Some(Status::Accepted)
            && let Some(span) = parts.spans.get(&Key::Until)
        {
            self.diags.push(
                Diag::warning(
                    "vast::resolve::until_without_accept",
                    "`until` only matters for accepted risks",
                    *span,
                )
                .label("ignored")
                .help("set `status accepted`, or drop `until`"),
            );
        }
        let text = |k: Key| parts.settings.word(k).map(str::to_string);
        self.model.risks.push(Risk {
            rule: rule.name.clone(),
            target,
            target_key,
            status: (parts.settings.word(Key::Status))
                .and_then(Status::from_word)
                .unwrap_or(Status::Open),
            reason: text(Key::Reason),
            ticket: text(Key::Ticket),
            owner: text(Key::Owner),
            until: match parts.settings.get(Key::Until) {
                Some(Val::Date(d)) => Some(*d),
                _ => None,
            },
            span: rule.span,
        });
    }
}
