//! Random valid models for property tests and fuzzing: every kind of
//! declaration, most settings of the settings table with values of their
//! type, boundaries nested by writing them inside each other and by `in
//! PARENT` (deep chains and empty ones included), self-flows, cycles and
//! parallel flows, labels in many scripts and hostile text, long names.
//!
//! The result always resolves without errors: the generator only writes
//! what the resolver accepts (warnings, such as a `risk` that matches no
//! threat, may occur).

use std::fmt::Write;

use super::Lcg;
use super::expr;
use super::text::{self, ident, label, quoted};
use crate::resolve::schema::{self, RefKind, Subject, Ty};
use crate::resolve::vocab;

/// A source of choices: a seeded generator, or the bytes of a fuzz input.
pub trait Entropy {
    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize;

    /// True one time in `n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

impl Entropy for Lcg {
    fn below(&mut self, n: usize) -> usize {
        Lcg::below(self, n)
    }
}

/// Choices read from a byte string (a fuzz input): one byte per choice
/// (two for choices among more than 256), 0 once the bytes run out, so
/// small mutations of the input make small changes to the model.
pub struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data, at: 0 }
    }

    fn byte(&mut self) -> usize {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b as usize
    }
}

impl Entropy for Bytes<'_> {
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let mut v = self.byte();
        if n > 256 {
            v = v << 8 | self.byte();
        }
        v % n
    }
}

/// A valid model of about `size` elements, the same for the same seed.
pub fn random_model(seed: u64, size: usize) -> String {
    random_model_with(&mut Lcg::new(seed), size)
}

/// A valid model shaped by `data` (a fuzz input): its first byte sets the
/// size, the rest every choice.
pub fn random_model_from_bytes(data: &[u8]) -> String {
    let mut bytes = Bytes::new(data);
    let size = bytes.below(48);
    random_model_with(&mut bytes, size)
}

/// A valid model of about `size` elements from any source of choices.
pub fn random_model_with<E: Entropy>(e: &mut E, size: usize) -> String {
    Gen::new(e, size).run()
}

/// One boundary to write.
struct BoundaryPlan {
    id: String,
    kind: &'static str,
    /// `kind` is written (else it is the default, generic).
    kind_written: bool,
    parent: Option<usize>,
    /// Written inside its parent's block (else at top level with `in`).
    inline: bool,
    /// Blocks around its own block.
    depth: usize,
}

/// One element, flow or other declaration, already written out, and where.
struct Item {
    text: String,
    /// Inside this boundary's block; None at top level.
    inside: Option<usize>,
}

/// Element keywords.
#[derive(Clone, Copy, PartialEq)]
enum Ty3 {
    Actor,
    Process,
    Store,
}

struct Gen<'e, E: Entropy> {
    e: &'e mut E,
    size: usize,
    counter: usize,
    boundaries: Vec<BoundaryPlan>,
    elements: Vec<(String, Ty3)>,
    data: Vec<String>,
    identities: Vec<String>,
    /// Flows as (source, target) element indices, the first of each pair
    /// with a derived ID.
    flows: Vec<(usize, usize, Option<String>)>,
    rules: Vec<String>,
    items: Vec<Item>,
    /// How likely a setting is written: one in `sparsity`.
    sparsity: usize,
}

/// Blocks a boundary may be written inside of, at most (the syntax allows 128).
const MAX_INLINE_DEPTH: usize = 30;

impl<'e, E: Entropy> Gen<'e, E> {
    fn new(e: &'e mut E, size: usize) -> Self {
        let sparsity = 2 + e.below(6);
        Gen {
            e,
            size,
            counter: 0,
            boundaries: Vec::new(),
            elements: Vec::new(),
            data: Vec::new(),
            identities: Vec::new(),
            flows: Vec::new(),
            rules: Vec::new(),
            items: Vec::new(),
            sparsity,
        }
    }

    fn id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        ident(self.e, prefix, self.counter)
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.e.below(xs.len())]
    }

    fn lbl(&mut self, base: &str) -> String {
        let l = label(self.e, base);
        quoted(self.e, &l)
    }

    /// ` "Label"`, or nothing (the ID is the label).
    fn opt_label(&mut self, base: &str) -> String {
        if self.e.one_in(5) {
            String::new()
        } else {
            format!(" {}", self.lbl(base))
        }
    }

    fn run(mut self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "// Random model, about {} elements.", self.size);
        self.plan_data();
        self.plan_boundaries();
        self.plan_identities();
        self.plan_elements();
        self.plan_flows();
        self.plan_rules();
        self.plan_apps();
        self.plan_scenarios();
        self.plan_threats_and_risks();
        if !self.e.one_in(4) {
            let m = self.model_block();
            self.items.insert(
                0,
                Item {
                    text: m,
                    inside: None,
                },
            );
        }
        // Top-level items in a random order now and then: references may
        // point forward.
        let mut top: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].inside.is_none())
            .collect();
        if self.e.one_in(3) {
            for i in (1..top.len()).rev() {
                let j = self.e.below(i + 1);
                top.swap(i, j);
            }
        }
        let mut top_boundaries: Vec<usize> = (0..self.boundaries.len())
            .filter(|&b| !self.boundaries[b].inline)
            .collect();
        if self.e.one_in(2) {
            top_boundaries.reverse();
        }
        for b in top_boundaries {
            let text = self.boundary_text(b, "");
            out.push_str(&self.comment(""));
            out.push_str(&text);
            out.push('\n');
        }
        for i in top {
            out.push_str(&self.comment(""));
            out.push_str(&self.items[i].text);
            out.push('\n');
        }
        out
    }

    /// Sometimes a comment: line, nested block, or a `///` doc line.
    fn comment(&mut self, indent: &str) -> String {
        match self.e.below(10) {
            0 => {
                let t = label(self.e, "note").replace(['\n', '\r'], " ");
                format!("{indent}// {t}\n")
            }
            1 => {
                let t = label(self.e, "note").replace(['*', '/'], " ");
                format!("{indent}/* {t} /* nested */ */\n")
            }
            2 => {
                let t = label(self.e, "doc").replace(['\n', '\r'], " ");
                format!("{indent}/// {t}\n")
            }
            _ => String::new(),
        }
    }

    fn model_block(&mut self) -> String {
        let title = self.lbl("Random model");
        let mut s = format!("model {title} {{\n");
        if self.e.one_in(2) {
            let v = self.lbl("1.0");
            let _ = writeln!(s, "  version {v}");
        }
        if self.e.one_in(2) {
            let o = self.lbl("owner@example.com");
            let _ = writeln!(s, "  owner {o}");
        }
        if self.e.one_in(2) {
            let regs = self.text_list("trusted-registries");
            let _ = writeln!(s, "  trusted-registries {regs}");
        }
        if self.e.one_in(3) {
            let t = text::text_block(self.e, "  ");
            let _ = writeln!(s, "  description {t}");
        }
        s.push('}');
        s
    }

    fn plan_data(&mut self) {
        let n = self.e.below(6);
        for _ in 0..n {
            let id = self.id("d");
            let l = self.opt_label("data");
            let settings = self.settings(Subject::Data, "", "  ");
            self.items.push(Item {
                text: format!("data {id}{l}{}", block(&settings, "")),
                inside: None,
            });
            self.data.push(id);
        }
    }

    fn plan_boundaries(&mut self) {
        let chain = self.e.one_in(12);
        let n = if chain {
            20 + self.e.below(140)
        } else {
            self.e.below(self.size / 2 + 3)
        };
        for i in 0..n {
            let id = self.id("b");
            let kind_written = !self.e.one_in(6);
            let kind = if kind_written {
                self.pick(vocab::BOUNDARY_KIND.words)
            } else {
                "generic"
            };
            let parent = if i == 0 || (!chain && self.e.one_in(3)) {
                None
            } else if chain || self.e.one_in(3) {
                Some(i - 1)
            } else {
                Some(self.e.below(i))
            };
            let depth = parent.map_or(0, |p| self.boundaries[p].depth + 1);
            let inline = parent.is_some() && depth <= MAX_INLINE_DEPTH && self.e.below(3) > 0;
            // A boundary written at top level is its own outermost block.
            let depth = if inline { depth } else { 0 };
            self.boundaries.push(BoundaryPlan {
                id,
                kind,
                kind_written,
                parent,
                inline,
                depth,
            });
        }
    }

    /// A boundary's declaration with its settings and everything written inside it.
    fn boundary_text(&mut self, b: usize, indent: &str) -> String {
        let plan = &self.boundaries[b];
        let (id, kind, parent, inline) = (plan.id.clone(), plan.kind, plan.parent, plan.inline);
        let kind_written = plan.kind_written;
        let l = self.opt_label("boundary");
        let placement = match (parent, inline) {
            (Some(p), false) => format!(" in {}", self.boundaries[p].id),
            _ => String::new(),
        };
        let inner = format!("{indent}  ");
        let mut body: Vec<String> = Vec::new();
        if kind_written {
            body.push(format!("{inner}kind {kind}"));
        }
        body.extend(self.settings(Subject::Boundary, kind, &inner));
        let children: Vec<usize> = (0..self.boundaries.len())
            .filter(|&c| self.boundaries[c].inline && self.boundaries[c].parent == Some(b))
            .collect();
        for c in children {
            let comment = self.comment(&inner);
            let text = self.boundary_text(c, &inner);
            body.push(format!("{comment}{text}"));
        }
        for item in &self.items {
            if item.inside == Some(b) {
                body.push(item.text.clone());
            }
        }
        let head = format!("{indent}boundary {id}{l}{placement}");
        if body.is_empty() {
            match self.e.below(3) {
                0 => head,
                1 => format!("{head} {{}}"),
                _ => format!("{head} {{\n{indent}}}"),
            }
        } else {
            format!("{head} {{\n{}\n{indent}}}", body.join("\n"))
        }
    }

    fn plan_identities(&mut self) {
        let n = self.e.below(self.size / 3 + 2);
        for _ in 0..n {
            let id = self.id("i");
            self.identities.push(id);
        }
        for i in 0..n {
            let id = self.identities[i].clone();
            let kind = self.pick(vocab::IDENTITY_KIND.words);
            let l = self.opt_label("identity");
            let mut body = Vec::new();
            if !self.e.one_in(5) {
                body.push(format!("  kind {kind}"));
            }
            body.extend(self.settings(Subject::Identity, kind, "  "));
            for _ in 0..self.e.below(4) {
                let g = self.grant();
                body.push(format!("  {g}"));
            }
            self.items.push(Item {
                text: format!("identity {id}{l}{}", block(&body, "")),
                inside: None,
            });
        }
    }

    /// `allow VERBS on RESOURCES [in SCOPE]`.
    fn grant(&mut self) -> String {
        let mut verbs = Vec::new();
        for _ in 0..1 + self.e.below(3) {
            if self.e.one_in(6) {
                verbs.push("*".to_string());
            } else {
                verbs.push(self.pick(vocab::VERBS).to_string());
            }
        }
        const RESOURCES: &[&str] = &[
            "pods",
            "secrets",
            "configmaps",
            "deployments",
            "roles",
            "clusterroles",
            "serviceaccounts",
            "nodes",
            "*",
            "\"pods/exec\"",
            "\"serviceaccounts/token\"",
            "\"widgets.example.com\"",
            "Pods",
        ];
        let mut resources = Vec::new();
        for _ in 0..1 + self.e.below(3) {
            resources.push(self.pick(RESOURCES));
        }
        let scopes: Vec<usize> = (0..self.boundaries.len())
            .filter(|&b| matches!(self.boundaries[b].kind, "k8s-namespace" | "k8s-cluster"))
            .collect();
        let scope = match self.e.below(3) {
            0 => String::new(),
            1 if !scopes.is_empty() => {
                let b = scopes[self.e.below(scopes.len())];
                format!(" in {}", self.boundaries[b].id)
            }
            _ => " in cluster".to_string(),
        };
        format!(
            "allow {} on {}{scope}",
            verbs.join(", "),
            resources.join(", ")
        )
    }

    fn plan_elements(&mut self) {
        let n = 1 + self.e.below(self.size + 1);
        for _ in 0..n {
            let (keyword, ty, prefix, vocab_words, subject) = match self.e.below(3) {
                0 => (
                    "actor",
                    Ty3::Actor,
                    "a",
                    vocab::ACTOR_KIND.words,
                    Subject::Actor,
                ),
                1 => (
                    "process",
                    Ty3::Process,
                    "p",
                    vocab::PROCESS_KIND.words,
                    Subject::Process,
                ),
                _ => (
                    "store",
                    Ty3::Store,
                    "s",
                    vocab::STORE_KIND.words,
                    Subject::Store,
                ),
            };
            let id = self.id(prefix);
            let kind = self.pick(vocab_words);
            let l = self.opt_label(keyword);
            let boundary = if self.boundaries.is_empty() || self.e.one_in(5) {
                None
            } else {
                Some(self.e.below(self.boundaries.len()))
            };
            // Inside the boundary's block, or at top level with `in`.
            let inside = boundary
                .filter(|&b| self.boundaries[b].depth < MAX_INLINE_DEPTH && !self.e.one_in(3));
            let placement = match (boundary, inside) {
                (Some(b), None) => format!(" in {}", self.boundaries[b].id),
                _ => String::new(),
            };
            let mut body = Vec::new();
            if !self.e.one_in(6) {
                body.push(format!("  kind {kind}"));
            }
            body.extend(self.settings(subject, kind, "  "));
            let doc = self.comment("");
            self.items.push(Item {
                text: format!("{doc}{keyword} {id}{l}{placement}{}", block(&body, "")),
                inside,
            });
            self.elements.push((id, ty));
        }
    }

    fn plan_flows(&mut self) {
        let n_el = self.elements.len();
        let n = self.e.below(2 * n_el + 3);
        let mut derived = std::collections::BTreeSet::new();
        for i in 0..n {
            let (a, b) = match self.e.below(6) {
                // A self-flow.
                0 => {
                    let a = self.e.below(n_el);
                    (a, a)
                }
                // Back along the previous flow: a cycle.
                1 if i > 0 => {
                    let (s, t, _) = self.flows[self.e.below(self.flows.len())];
                    (t, s)
                }
                // Parallel to an earlier flow.
                2 if i > 0 => {
                    let (s, t, _) = self.flows[self.e.below(self.flows.len())];
                    (s, t)
                }
                _ => (self.e.below(n_el), self.e.below(n_el)),
            };
            let explicit = if derived.insert((a, b)) && !self.e.one_in(5) {
                None
            } else {
                Some(self.id("f"))
            };
            let (src, dst) = (self.elements[a].0.clone(), self.elements[b].0.clone());
            let l = self.opt_label("flow");
            let body = self.settings(Subject::Flow, "", "  ");
            let head = match &explicit {
                Some(f) => format!("flow {f}: {src} -> {dst}"),
                None => format!("flow {src} -> {dst}"),
            };
            let inside = if !self.boundaries.is_empty() && self.e.one_in(4) {
                let b = self.e.below(self.boundaries.len());
                Some(b).filter(|&b| self.boundaries[b].depth < MAX_INLINE_DEPTH)
            } else {
                None
            };
            self.items.push(Item {
                text: format!("{head}{l}{}", block(&body, "")),
                inside,
            });
            self.flows.push((a, b, explicit));
        }
    }

    fn plan_rules(&mut self) {
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

    fn plan_apps(&mut self) {
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

    fn plan_scenarios(&mut self) {
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

    fn plan_threats_and_risks(&mut self) {
        for _ in 0..self.e.below(4) {
            let Some(t) = self.target(false) else { break };
            let id = self.id("t");
            let l = self.opt_label("threat");
            let body = self.settings(Subject::Threat, "", "  ");
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

    /// A random selection of `subject`'s settings (not `kind` and not those
    /// the caller writes itself), one line each.
    fn settings(&mut self, subject: Subject, kind: &str, indent: &str) -> Vec<String> {
        let mut out = Vec::new();
        for spec in schema::SETTINGS {
            if !spec.subjects.contains(&subject)
                || matches!(
                    spec.name,
                    "kind" | "applies-to" | "compromise" | "user" | "on"
                )
                || !self.e.one_in(self.sparsity)
            {
                continue;
            }
            if matches!(spec.name, "network-policy" | "pod-security") && kind != "k8s-namespace" {
                continue;
            }
            // A rule's vector is required: the caller writes it.
            if subject == Subject::Rule && spec.name == "cvss" {
                continue;
            }
            if spec.name == "description" && self.e.one_in(3) {
                let t = text::text_block(self.e, indent);
                out.push(format!("{indent}description {t}"));
                continue;
            }
            if let Some(v) = self.value(spec.name, spec.ty) {
                out.push(format!("{indent}{} {v}", spec.name));
            }
        }
        // One line, `;`-separated, now and then.
        if out.len() > 1 && self.e.one_in(4) {
            let joined: Vec<&str> = out.iter().map(|s| s.trim_start()).collect();
            return vec![format!("{indent}{}", joined.join("; "))];
        }
        out
    }

    /// A value of type `ty` for the setting `name`, or None when nothing of
    /// the kind exists to refer to.
    fn value(&mut self, name: &str, ty: Ty) -> Option<String> {
        Some(match ty {
            Ty::Bool => self.pick(&["true", "false"]).to_string(),
            Ty::Number => match self.e.below(4) {
                0 => format!("{}.{}", self.e.below(10), self.e.below(100)),
                1 => "0".to_string(),
                _ => self.e.below(1000).to_string(),
            },
            Ty::Port => self
                .pick(&[0usize, 22, 80, 443, 5432, 8080, 10255, 65535])
                .to_string(),
            Ty::Text => self.text_value(name),
            Ty::TextList => self.text_list(name),
            Ty::Word => self.word(name),
            Ty::Date => format!(
                "{}-{:02}-{:02}",
                2020 + self.e.below(15),
                1 + self.e.below(12),
                1 + self.e.below(28)
            ),
            Ty::Cvss => format!("\"{}\"", expr::cvss(self.e)),
            Ty::Vocab(v) => {
                let w = self.pick(v.words);
                if self.e.one_in(8) {
                    format!("\"{w}\"")
                } else {
                    w.to_string()
                }
            }
            Ty::VocabList(v) => {
                let n = 1 + self.e.below(4);
                let words: Vec<&str> = (0..n).map(|_| self.pick(v.words)).collect();
                words.join(", ")
            }
            Ty::Ref(k) => {
                let all = self.candidates(k);
                if all.is_empty() {
                    return None;
                }
                all[self.e.below(all.len())].clone()
            }
            Ty::RefList(k) => {
                let r = self.refs(k);
                if r.is_empty() {
                    return None;
                }
                r
            }
        })
    }

    fn candidates(&self, k: RefKind) -> Vec<String> {
        let els = |f: &dyn Fn(Ty3) -> bool| -> Vec<String> {
            self.elements
                .iter()
                .filter(|(_, t)| f(*t))
                .map(|(id, _)| id.clone())
                .collect()
        };
        match k {
            RefKind::Data => self.data.clone(),
            RefKind::Boundary => self.boundaries.iter().map(|b| b.id.clone()).collect(),
            RefKind::Element => els(&|_| true),
            RefKind::Actor => els(&|t| t == Ty3::Actor),
            RefKind::Identity => self.identities.clone(),
            RefKind::Compromisable => {
                let mut v = els(&|_| true);
                v.extend(self.identities.iter().cloned());
                v
            }
        }
    }

    /// A comma-separated list of 1–4 references (repeats allowed), or "".
    fn refs(&mut self, k: RefKind) -> String {
        let all = self.candidates(k);
        if all.is_empty() {
            return String::new();
        }
        let n = 1 + self.e.below(4);
        let picked: Vec<String> = (0..n)
            .map(|_| all[self.e.below(all.len())].clone())
            .collect();
        picked.join(", ")
    }

    fn text_value(&mut self, name: &str) -> String {
        const IMAGES: &[&str] = &[
            "registry.example.com/team/app:1.2.3",
            "docker.io/library/busybox:latest",
            "nginx",
            "ghcr.io/org/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "localhost:5000/x:",
            ":::",
            "",
        ];
        if name == "image" && !self.e.one_in(4) {
            let i = self.pick(IMAGES);
            return format!("\"{i}\"");
        }
        self.lbl(name)
    }

    fn text_list(&mut self, name: &str) -> String {
        const PATHS: &[&str] = &[
            "/",
            "/etc",
            "/etc/kubernetes/manifests",
            "/var/run/docker.sock",
            "/root/.aws",
            "/var/log",
        ];
        const NETS: &[&str] = &["0.0.0.0/0", "10.0.0.0/8", "::/0"];
        const REFS: &[&str] = &["CWE-79", "MS-TA9018", "CIS 5.2.2"];
        const REGISTRIES: &[&str] = &["registry.example.com", "docker.io", "ghcr.io/org"];
        let n = 1 + self.e.below(3);
        let mut vals = Vec::new();
        for _ in 0..n {
            let v = match (name, self.e.below(4)) {
                (_, 0) => self.lbl(name),
                ("host-path" | "host-path-read-only", _) => format!("\"{}\"", self.pick(PATHS)),
                ("source-ranges" | "authorized-networks", _) => {
                    format!("\"{}\"", self.pick(NETS))
                }
                ("ports", 1) => self.pick(&["22", "8080", "443"]).to_string(),
                ("ports", _) => format!("\"{}\"", self.pick(&["22", "8080", "10250"])),
                ("references", _) => format!("\"{}\"", self.pick(REFS)),
                ("trusted-registries", _) => format!("\"{}\"", self.pick(REGISTRIES)),
                _ => self.lbl(name),
            };
            vals.push(v);
        }
        vals.join(", ")
    }

    fn word(&mut self, name: &str) -> String {
        let words: &[&str] = match name {
            "engine" => &[
                "postgres",
                "redis",
                "mongodb",
                "elasticsearch",
                "\"mongo db\"",
            ],
            "role" => &[
                "cluster-admin",
                "\"system:masters\"",
                "view",
                "\"system:discovery\"",
            ],
            _ => &["something", "\"some thing\""],
        };
        if self.e.one_in(6) {
            return self.lbl(name);
        }
        self.pick(words).to_string()
    }
}

/// ` { … }` around lines, or nothing when there are none (sometimes `{}`).
fn block(lines: &[String], indent: &str) -> String {
    if lines.is_empty() {
        return String::new();
    }
    let inner: Vec<String> = lines
        .iter()
        .map(|l| format!("{indent}  {}", l.trim_start_matches(' ')))
        .collect();
    format!(" {{\n{}\n{indent}}}", inner.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_models_check_clean() {
        for seed in 0..40 {
            let text = random_model(seed, 12);
            let r = crate::resolve::resolve_str("random.vast", &text);
            assert!(
                !r.has_errors(),
                "seed {seed}:\n{}",
                crate::diagnostic::render(&r.diags, r.sources(), Default::default())
            );
        }
    }

    #[test]
    fn bytes_make_valid_models_too() {
        for data in [
            &b""[..],
            b"\x00",
            b"\xff\xff\xff",
            b"abcdefghijklmnopqrstuvwxyz",
        ] {
            let text = random_model_from_bytes(data);
            let r = crate::resolve::resolve_str("random.vast", &text);
            assert!(!r.has_errors(), "{data:?}: {:?}", r.diags);
        }
    }

    #[test]
    fn deterministic() {
        assert_eq!(random_model(7, 20), random_model(7, 20));
    }
}
