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

mod decls;
mod values;

use super::Lcg;
use super::expr;
use super::text::{self, ident, label, quoted};
use crate::resolve::schema::Subject;
use crate::resolve::vocab;
use values::block;

pub use super::entropy::{Bytes, Entropy};

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

/// The generator's state: what is declared so far, and the declarations
/// written out but not yet placed.
struct Gen<'e, E: Entropy> {
    e: &'e mut E,
    size: usize,
    counter: usize,
    boundaries: Vec<BoundaryPlan>,
    elements: Vec<(String, Ty3)>,
    data: Vec<String>,
    identities: Vec<String>,
    /// Flows: source and target element indices, and the explicit ID
    /// (None for the one flow of a pair whose ID is derived, `A->B`).
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
