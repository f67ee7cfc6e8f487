//! Apps with their features, widgets and steps, and scenarios.

use super::{Builder, indices, label, word, words};
use crate::diagnostic::Diag;
use crate::model::*;
use crate::resolve::suggest::did_you_mean;
use crate::syntax::ast::{Decl, Ident, Item, Keyword};

impl<'a> Builder<'_, 'a> {
    pub(super) fn app(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let parts = self.parts(d);
        let user_name = word(&parts.settings, Key::User);
        let user = user_name
            .as_ref()
            .and_then(|u| self.index.elements.get(u).copied());
        let mut app = App {
            id: id.name.clone(),
            label: label(d, &id.name),
            user,
            features: Vec::new(),
            steps: Vec::new(),
            span: id.span,
        };
        let items: Vec<&'a Item> = d.body.iter().flat_map(|b| b.items.iter()).collect();
        for item in &items {
            if let Item::Decl(f) = item
                && f.keyword == Keyword::Feature
            {
                app.features.push(self.feature(f));
            }
        }
        for item in &items {
            if let Item::Decl(s) = item
                && s.keyword == Keyword::Step
                && let Some(step) = self.step(s, &app, user_name.as_deref())
            {
                app.steps.push(step);
            }
        }
        self.model.apps.push(app);
    }

    pub(super) fn feature(&mut self, f: &'a Decl) -> Feature {
        let id = f.id.as_ref().map(|i| i.name.clone()).unwrap_or_default();
        let parts = self.parts(f);
        let on = indices(&parts.settings, Key::On, &self.index.elements);
        let mut widgets = Vec::new();
        for item in f.body.iter().flat_map(|b| b.items.iter()) {
            if let Item::Decl(w) = item {
                let wid = w.id.as_ref().map(|i| i.name.clone()).unwrap_or_default();
                let wp = self.parts(w);
                widgets.push(Widget {
                    label: label(w, &wid),
                    kind: (wp.settings.word(Key::Kind))
                        .and_then(WidgetKind::from_word)
                        .unwrap_or_else(crate::resolve::defaults::widget_kind),
                    carries: indices(&wp.settings, Key::Carries, &self.index.data),
                    id: wid,
                    span: w.span,
                });
            }
        }
        Feature {
            label: label(f, &id),
            id,
            on,
            widgets,
            span: f.id.as_ref().map(|i| i.span).unwrap_or(f.span),
        }
    }

    pub(super) fn step(&mut self, s: &'a Decl, app: &App, user: Option<&str>) -> Option<Step> {
        let (a, b) = s.ends.as_ref()?;
        let parts = self.parts(s);
        let mut end = |i: &Ident| -> Option<StepEnd> {
            if Some(i.name.as_str()) == user {
                return Some(StepEnd::User);
            }
            if let Some(pos) = app.features.iter().position(|f| f.id == i.name) {
                return Some(StepEnd::Feature(pos));
            }
            let mut candidates: Vec<&str> = app.features.iter().map(|f| f.id.as_str()).collect();
            candidates.extend(user);
            self.diags.push(
                Diag::error(
                    "vast::resolve::bad_step",
                    format!("`{}` is not a feature of this app or its user", i.name),
                    i.span,
                )
                .label("unknown step end")
                .help(
                    did_you_mean(&i.name, candidates.iter().copied()).unwrap_or_else(|| {
                        "steps go between the app's `user` and its features".into()
                    }),
                ),
            );
            None
        };
        let (from, to) = (end(a), end(b));
        Some(Step {
            from: from?,
            to: to?,
            label: s
                .label
                .as_ref()
                .map(|l| l.value.clone())
                .unwrap_or_default(),
            carries: indices(&parts.settings, Key::Carries, &self.index.data),
            span: s.span,
        })
    }

    pub(super) fn scenario(&mut self, d: &'a Decl) {
        let Some(id) = &d.id else { return };
        let parts = self.parts(d);
        let compromise = words(&parts.settings, Key::Compromise)
            .iter()
            .filter_map(|c| {
                self.index
                    .elements
                    .get(c)
                    .map(|&e| Compromised::Element(e))
                    .or_else(|| {
                        self.index
                            .identities
                            .get(c)
                            .map(|&i| Compromised::Identity(i))
                    })
            })
            .collect::<Vec<_>>();
        if !parts.settings.contains(Key::Compromise) {
            self.diags.push(
                Diag::error(
                    "vast::resolve::missing_setting",
                    "a scenario needs `compromise`",
                    id.span,
                )
                .label("what does the attacker control?")
                .help("add `compromise ELEMENT_OR_IDENTITY, …`"),
            );
        }
        self.model.scenarios.push(Scenario {
            id: id.name.clone(),
            label: label(d, &id.name),
            compromise,
            span: id.span,
        });
    }
}
