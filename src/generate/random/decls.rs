//! The declarations of a random model that refer to its architecture:
//! user rules, apps with features, widgets and steps, scenarios, threats
//! and risk decisions.

use super::{Entropy, Gen, Item, Ty3, block, expr};
use crate::resolve::schema::{RefKind, Subject};
use crate::resolve::vocab;

impl<E: Entropy> Gen<'_, E> {
    pub(super) fn plan_rules(&mut self) {
        for _ in 0..self.e.below(4) {
            let id = self.id("R");
            let applies = self.pick(expr::APPLIES_TO);
            let l = self.lbl("rule");
            let mut body = vec![format!("  applies-to {applies}")];
            body.extend(self.settings(Subject::Rule, "", "  "));
            let c = expr::cvss(self.e);
            body.push(format!("  cvss \"{c}\""));
            if !self.e.one_in(6) {
                let w = if self.e.one_in(8) {
                    let levels = 1 + self.e.below(90);
                    expr::parenthesised(self.e, applies, levels)
                } else {
                    let depth = self.e.below(5);
                    expr::when(self.e, applies, depth)
                };
                body.push(format!("  when {w}"));
            }
            self.items.push(Item {
                text: format!("rule {id} {l}{}", block(&body, "")),
                inside: None,
            });
            self.rules.push(id);
        }
    }

    pub(super) fn plan_apps(&mut self) {
        let actors: Vec<usize> = (0..self.elements.len())
            .filter(|&i| self.elements[i].1 == Ty3::Actor)
            .collect();
        for _ in 0..self.e.below(3) {
            let id = self.id("app");
            let l = self.opt_label("app");
            let mut body = Vec::new();
            let user = if !actors.is_empty() && !self.e.one_in(5) {
                let u = self.elements[actors[self.e.below(actors.len())]].0.clone();
                body.push(format!("  user {u}"));
                Some(u)
            } else {
                None
            };
            let mut features = Vec::new();
            for _ in 0..self.e.below(5) {
                let f = self.id("feat");
                let fl = self.opt_label("feature");
                let mut fb = Vec::new();
                if !self.e.one_in(4) {
                    let on = self.refs(RefKind::Element);
                    if !on.is_empty() {
                        fb.push(format!("    on {on}"));
                    }
                }
                for _ in 0..self.e.below(3) {
                    let w = self.id("w");
                    let wl = self.opt_label("widget");
                    let mut wb = Vec::new();
                    if !self.e.one_in(4) {
                        let k = self.pick(vocab::WIDGET_KIND.words);
                        wb.push(format!("      kind {k}"));
                    }
                    wb.extend(self.settings(Subject::Widget, "", "      "));
                    fb.push(format!("    widget {w}{wl}{}", block(&wb, "    ")));
                }
                body.push(format!("  feature {f}{fl}{}", block(&fb, "  ")));
                features.push(f);
            }
            let mut ends = features.clone();
            ends.extend(user);
            if !ends.is_empty() {
                for _ in 0..self.e.below(2 * ends.len() + 1) {
                    let a = ends[self.e.below(ends.len())].clone();
                    let b = ends[self.e.below(ends.len())].clone();
                    let sl = self.opt_label("step");
                    let sb = self.settings(Subject::Step, "", "    ");
                    body.push(format!("  step {a} -> {b}{sl}{}", block(&sb, "  ")));
                }
            }
            self.items.push(Item {
                text: format!("app {id}{l}{}", block(&body, "")),
                inside: None,
            });
        }
    }

    pub(super) fn plan_scenarios(&mut self) {
        for _ in 0..self.e.below(4) {
            let targets = self.refs(RefKind::Compromisable);
            if targets.is_empty() {
                return;
            }
            let id = self.id("sc");
            let l = self.opt_label("scenario");
            let mut body = vec![format!("  compromise {targets}")];
            body.extend(self.settings(Subject::Scenario, "", "  "));
            self.items.push(Item {
                text: format!("scenario {id}{l}{}", block(&body, "")),
                inside: None,
            });
        }
    }

    /// A threat or risk target: an ID of any target kind, or a flow `A -> B`.
    fn target(&mut self, star: bool) -> Option<String> {
        if star && self.e.one_in(4) {
            return Some("*".into());
        }
        let mut all: Vec<String> = Vec::new();
        all.extend(self.elements.iter().map(|(id, _)| id.clone()));
        all.extend(self.boundaries.iter().map(|b| b.id.clone()));
        all.extend(self.identities.iter().cloned());
        all.extend(self.data.iter().cloned());
        all.extend(self.flows.iter().filter_map(|(_, _, f)| f.clone()));
        if !self.flows.is_empty() && self.e.one_in(3) {
            let (a, b, _) = self.flows[self.e.below(self.flows.len())];
            return Some(format!("{} -> {}", self.elements[a].0, self.elements[b].0));
        }
        if all.is_empty() {
            return None;
        }
        Some(all[self.e.below(all.len())].clone())
    }

    pub(super) fn plan_threats_and_risks(&mut self) {
        for _ in 0..self.e.below(4) {
            let Some(t) = self.target(false) else { break };
            let id = self.id("t");
            let l = self.opt_label("threat");
            let mut body = self.settings(Subject::Threat, "", "  ");
            if self.e.one_in(3) {
                let s = self.pick(vocab::SEVERITY.words);
                body.push(format!("  severity {s}"));
            } else {
                let c = expr::cvss(self.e);
                body.push(format!("  cvss \"{c}\""));
            }
            self.items.push(Item {
                text: format!("threat {id}{l} on {t}{}", block(&body, "")),
                inside: None,
            });
        }
        let builtin: Vec<&str> = crate::resolve::catalogue()
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        for _ in 0..self.e.below(5) {
            let Some(t) = self.target(true) else { break };
            let rule = if !self.rules.is_empty() && self.e.one_in(3) {
                self.rules[self.e.below(self.rules.len())].clone()
            } else if builtin.is_empty() {
                break;
            } else {
                builtin[self.e.below(builtin.len())].to_string()
            };
            let body = self.settings(Subject::Risk, "", "  ");
            self.items.push(Item {
                text: format!("risk {rule} on {t}{}", block(&body, "")),
                inside: None,
            });
        }
    }
}
