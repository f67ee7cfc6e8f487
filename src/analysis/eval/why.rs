//! Evidence as sentences: the facts that made a `when` expression hold,
//! written in the model's terms ("runs as root; namespace shop does not
//! enforce restricted Pod Security") from one phrase table.
//!
//! A phrase is looked up when a rule is compiled, by the expression's
//! shape: `field` for a test of truth (and `field == true/false`),
//! `field OP value` then `field OP` for a comparison, `field in`,
//! `field has`, and `name()` for a predicate. Each has a sentence for when
//! the fact holds and one for when its negation holds. In a phrase, `{v}` is
//! the value the model has, `{x}` the value the rule names, and `{0}`,
//! `{1}` the predicate's arguments. A path's steps name whose fact it is
//! (`namespace shop does not …`). A negated `kind` test, a negated
//! combination and the other exemptions whose negative sentence is empty
//! are left out. Facts
//! without a phrase (team rules' own settings) get a plain sentence built
//! from the field's name.

use super::compile::Node;
use super::path::{self, settings_of};
use super::{Item, Subject, V, write_hits};
use crate::analysis::context::Context;
use crate::model::condition::{CmpOp, Literal, LiteralKind, Path, Special, Step};
use crate::model::facts::Pred;

use super::phrases::{PHRASES, Phrase};

/// The phrase of `key`, if the table has one.
fn phrase(key: &str) -> Option<&'static Phrase> {
    PHRASES
        .binary_search_by(|p| p.0.cmp(key))
        .ok()
        .map(|i| &PHRASES[i])
}

/// The sentences of a leaf, chosen when its rule is compiled.
#[derive(Clone, Copy, Debug)]
pub(super) struct Say {
    phrase: Option<&'static Phrase>,
    /// `x == false` (or `x != true`): the leaf holds when `x` does not.
    flip: bool,
}

impl Say {
    pub(super) const NONE: Say = Say {
        phrase: None,
        flip: false,
    };
}

/// The name of a path's field (empty for an empty path).
fn field(p: &Path) -> &str {
    p.field_name()
}

/// The keys a leaf is looked up by, most precise first, and whether it
/// reads as the negation of its field.
fn keys(node: &Node) -> (Vec<String>, bool) {
    match node {
        Node::Truthy(p, _) => (vec![field(p).to_string()], false),
        Node::Compare(p, op, lit, _) => match (&lit.kind, op) {
            // `x == false` reads as "not x", `x == true` as "x".
            (LiteralKind::Word, CmpOp::Eq | CmpOp::Ne)
                if lit.text == "true" || lit.text == "false" =>
            {
                let flip = (lit.text == "false") == (*op == CmpOp::Eq);
                (vec![field(p).to_string()], flip)
            }
            _ => {
                let f = field(p);
                let op = op.as_str();
                let text = &lit.text;
                (vec![format!("{f} {op} {text}"), format!("{f} {op}")], false)
            }
        },
        Node::In(p, ..) => (vec![format!("{} in", field(p))], false),
        Node::Has(p, ..) => (vec![format!("{} has", field(p))], false),
        Node::Call(call, ..) => (vec![format!("{}()", call.name)], false),
        Node::And(_) | Node::Or(_) | Node::Not(..) => (Vec::new(), false),
    }
}

/// Chooses the sentences of a leaf; other nodes are left as they are.
pub(super) fn attach(node: &mut Node) {
    let (keys, flip) = keys(node);
    let say = Say {
        phrase: keys.iter().find_map(|k| phrase(k)),
        flip,
    };
    match node {
        Node::Truthy(_, s)
        | Node::Compare(.., s)
        | Node::In(.., s)
        | Node::Has(.., s)
        | Node::Call(.., s) => *s = say,
        Node::And(_) | Node::Or(_) | Node::Not(..) => {}
    }
}

/// The evidence of `items` as sentences joined by `; `.
pub(super) fn sentences(items: &[Item<'_, '_>], cx: &Context<'_>, s: Subject) -> String {
    let mut out = String::with_capacity(64);
    for item in items {
        let mark = out.len();
        if mark > 0 {
            out.push_str("; ");
        }
        let start = out.len();
        match item {
            Item::Found(node, v) => say(&mut out, cx, s, node, true, Some(v)),
            Item::Node(Node::Not(inner, _)) => say(&mut out, cx, s, inner, false, None),
            Item::Node(node) => say(&mut out, cx, s, node, true, None),
        }
        if out.len() == start {
            out.truncate(mark);
        }
    }
    out
}

/// What a sentence's placeholders stand for.
struct Words<'w> {
    /// `{v}`: the value the model has (the rule's value when unknown).
    found: String,
    /// `{x}`: the value the rule names.
    named: String,
    /// `{0}`, `{1}`, …: a predicate's arguments.
    args: &'w [Literal],
}

/// Appends the sentence of `node` when it holds (`holds`) or when its
/// negation holds; nothing for a combination or an exemption.
fn say(out: &mut String, cx: &Context<'_>, s: Subject, node: &Node, holds: bool, v: Option<&V>) {
    let (path, say, named, args): (Option<&Path>, Say, String, &[Literal]) = match node {
        Node::Truthy(p, say) => (Some(*p), *say, String::new(), &[]),
        Node::Compare(p, _, lit, say) => (Some(*p), *say, lit.text.clone(), &[]),
        Node::In(p, vals, say) => {
            let texts: Vec<&str> = vals.iter().map(|v| v.text.as_str()).collect();
            (Some(*p), *say, texts.join(", "), &[])
        }
        Node::Has(p, lit, _, say) => (Some(*p), *say, lit.text.clone(), &[]),
        Node::Call(call, _, _, say) => (None, *say, String::new(), &call.args[..]),
        Node::And(_) | Node::Or(_) | Node::Not(..) => return,
    };
    let found = match (node, v) {
        (Node::In(_, vals, _), Some(v)) => {
            let mut hits = String::new();
            write_hits(&mut hits, vals, v);
            hits
        }
        (_, Some(v)) => v.shown().into_owned(),
        (_, None) => named.clone(),
    };
    let words = Words { found, named, args };
    let positive = holds != say.flip;
    let template = match say.phrase {
        Some(p) if positive => p.1,
        Some(p) => p.2,
        None => {
            // `target.engine is redis` reads `target cart engine is redis`.
            let name = match path.filter(|p| !p.steps.is_empty()) {
                Some(p) => {
                    owner(out, cx, s, p);
                    field(p)
                }
                None => path.map_or("", |p| p.dotted.as_str()),
            };
            return plain(out, node, name, positive, &words);
        }
    };
    if template.is_empty() {
        return;
    }
    // A namespace or cluster step finds its boundary by kind already.
    if let Some(p) = path
        && p.field.as_ref().is_some_and(|f| f.special == Special::Kind)
        && matches!(p.steps.last(), Some(Step::Namespace | Step::Cluster))
    {
        return;
    }
    if let Some(p) = path.filter(|p| !p.steps.is_empty()) {
        owner(out, cx, s, p);
    }
    if let Node::Call(call, ..) = node
        && call.pred == Some(Pred::Grants)
    {
        // `*` in a query matches any verb or resource (a grant of `get
        // pods` satisfies `grants(*, *)`): it reads "some", not "every".
        let arg = |i: usize| call.args.get(i).map(|a| a.text.as_str());
        match (arg(0), arg(1)) {
            (Some("*"), Some("*")) => out.push_str(if positive {
                "holds a permission"
            } else {
                "holds no permission"
            }),
            (Some(verb), Some(resource)) if verb == "*" || resource == "*" => {
                out.push_str(if positive { "may " } else { "may not " });
                out.push_str(if verb == "*" { "act on" } else { verb });
                out.push(' ');
                out.push_str(match (resource, positive) {
                    ("*", true) => "some resource",
                    ("*", false) => "any resource",
                    (r, _) => r,
                });
            }
            _ => fill(out, template, &words),
        }
        match arg(2) {
            Some("cluster") => out.push_str(" cluster-wide"),
            Some("namespace") => out.push_str(" in a namespace"),
            _ => {}
        }
    } else {
        fill(out, template, &words);
    }
    // A counting fact names what it counted: `(from app, worker)`.
    if positive
        && let Some(p) = path
        && let Some(fact) = p.field.as_ref().and_then(|f| f.fact)
        && let Some(owner) = path::owner(cx, p, s)
        && let Some(detail) = super::facts::detail(cx, owner, fact)
    {
        out.push_str(" (");
        out.push_str(&detail);
        out.push(')');
    }
}

/// Names whose fact a path's field is: `namespace shop `, or `its
/// namespace ` when the path's steps lead nowhere.
fn owner(out: &mut String, cx: &Context<'_>, s: Subject, p: &Path) {
    let step = p.steps.last().map(|s| s.word()).unwrap_or("it");
    match path::owner(cx, p, s) {
        // `scope.id == x` names the owner itself.
        Some(_) if matches!(field(p), "id" | "label") => {
            out.push_str(step);
            out.push(' ');
        }
        Some(o) => {
            out.push_str(step);
            out.push(' ');
            out.push_str(settings_of(cx, o).2);
            out.push(' ');
        }
        None => {
            out.push_str("its ");
            out.push_str(step);
            out.push(' ');
        }
    }
}

/// A fact without a phrase, in the field's own words (`name`: the field,
/// its owner already written).
fn plain(out: &mut String, node: &Node, name: &str, positive: bool, w: &Words) {
    let text = match (node, positive) {
        (Node::Truthy(..), true) if w.found == "true" => format!("{} is set", name),
        (Node::Truthy(..), true) => format!("{} is {}", name, w.found),
        (Node::Truthy(..), false) => format!("{} is not set", name),
        (Node::Compare(_, op, ..), _) => {
            let word = match (op, positive) {
                (CmpOp::Eq, true) | (CmpOp::Ne, false) => "is",
                (CmpOp::Ne, true) | (CmpOp::Eq, false) => "is not",
                (CmpOp::Lt, true) | (CmpOp::Ge, false) => "is below",
                (CmpOp::Le, true) | (CmpOp::Gt, false) => "is at most",
                (CmpOp::Gt, true) | (CmpOp::Le, false) => "is above",
                (CmpOp::Ge, true) | (CmpOp::Lt, false) => "is at least",
            };
            let mut t = format!("{} {word} {}", name, w.named);
            if positive && w.found != w.named {
                t.push_str(&format!(" (it is {})", w.found));
            }
            t
        }
        (Node::In(..), true) => format!("{} is {}", name, w.found),
        (Node::In(..), false) => format!("{} is none of {}", name, w.named),
        (Node::Has(..), true) => format!("{} includes {}", name, w.named),
        (Node::Has(..), false) => format!("{} does not include {}", name, w.named),
        (Node::Call(_, _, text, _), true) => text.clone(),
        (Node::Call(_, _, text, _), false) => format!("not {text}"),
        (Node::And(_) | Node::Or(_) | Node::Not(..), _) => return,
    };
    out.push_str(&text);
}

/// Appends `template` with its placeholders filled; `a` before a value
/// that starts with a vowel becomes `an`.
fn fill(out: &mut String, template: &str, w: &Words) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let token = &rest[open + 1..open + close];
        let value: String = match token {
            "v" => w.found.clone(),
            "x" => w.named.clone(),
            n => n
                .parse::<usize>()
                .ok()
                .and_then(|i| w.args.get(i))
                .map(|a| argument(&a.text))
                .unwrap_or_default(),
        };
        if out.ends_with(" a ") && value.starts_with("the ") {
            // "crosses a the internet boundary" reads "crosses the internet boundary".
            out.truncate(out.len() - 2);
        } else if out.ends_with(" a ") && value.starts_with(['a', 'e', 'i', 'o', 'u']) {
            out.insert(out.len() - 1, 'n');
        }
        out.push_str(&value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
}

/// A predicate's argument in words: `internet` is "the internet".
fn argument(a: &str) -> String {
    match a {
        "internet" => "the internet".into(),
        _ => a.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_every_phrase_is_complete() {
        for pair in PHRASES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        for (key, yes, no) in PHRASES {
            assert!(!yes.is_empty(), "{key} has no sentence for when it holds");
            for t in [yes, no] {
                assert_eq!(t.matches('{').count(), t.matches('}').count(), "{key}");
            }
            let _ = no;
        }
    }

    /// Collects the leaves of a compiled expression.
    fn leaves<'n>(node: &'n Node<'n>, out: &mut Vec<&'n Node<'n>>) {
        match node {
            Node::And(xs) | Node::Or(xs) => xs.iter().for_each(|x| leaves(x, out)),
            Node::Not(x, _) => leaves(x, out),
            leaf => out.push(leaf),
        }
    }

    /// Every fact a built-in rule tests reads as a sentence of the table,
    /// never as the plain fallback.
    #[test]
    fn every_builtin_fact_has_a_phrase() {
        let mut missing = Vec::new();
        for rule in &crate::resolve::catalogue().rules {
            let Some(when) = &rule.when else { continue };
            let compiled = super::super::Compiled::new(when);
            let mut found = Vec::new();
            leaves(&compiled.root, &mut found);
            for leaf in found {
                let say = match leaf {
                    Node::Truthy(_, s)
                    | Node::Compare(.., s)
                    | Node::In(.., s)
                    | Node::Has(.., s)
                    | Node::Call(.., s) => s,
                    Node::And(_) | Node::Or(_) | Node::Not(..) => continue,
                };
                if say.phrase.is_none() {
                    missing.push(format!("{}: {:?}", rule.id, keys(leaf).0));
                }
            }
        }
        assert!(missing.is_empty(), "no phrase for:\n{}", missing.join("\n"));
    }

    #[test]
    fn fill_places_values_and_articles() {
        let word = |t: &str| Literal {
            kind: LiteralKind::Word,
            text: t.to_string(),
            written: t.to_string(),
        };
        let args = [word("create"), word("pods")];
        let w = Words {
            found: "external-system".into(),
            named: "x".into(),
            args: &args,
        };
        let mut out = String::new();
        fill(&mut out, "is a {v}; may {0} {1}", &w);
        assert_eq!(out, "is an external-system; may create pods");
        // `internet` is "the internet": no article before it.
        let args = [word("internet")];
        let w = Words { args: &args, ..w };
        let mut out = String::new();
        fill(&mut out, "crosses a {0} boundary", &w);
        assert_eq!(out, "crosses the internet boundary");
    }
}
