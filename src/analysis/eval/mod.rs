//! Evaluates rule conditions on a subject: settings, derived facts and
//! graph predicates. Any test of an unset path is false. Alongside the
//! verdict it records the facts that made the condition true, so each
//! threat can say why it was raised.
//!
//! The resolver lowers a rule's `when` into the model's
//! [`Condition`](crate::model::condition::Condition), with its names
//! resolved and its literals read. A rule's condition is prepared once
//! ([`Compiled::new`], in `compile`): each leaf gets its evidence
//! sentences and the texts that do not depend on the subject; it is then
//! evaluated on every target (`evaluate`). Paths are followed in `path`,
//! derived facts computed in `facts`, predicates in `pred`.

mod compile;
mod evaluate;
mod facts;
mod path;
mod phrases;
mod pred;
mod why;

use super::context::Context;
use crate::model::condition::Literal;
use crate::model::*;
use crate::resolve::vocab::Vocab;
pub use compile::Compiled;
use compile::Node;
use std::borrow::Cow;

/// What a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Element(ElementId),
    Flow(FlowId),
    Boundary(BoundaryId),
    Identity(IdentityId),
}

/// A value found at the end of a path, borrowed from the model.
#[derive(Clone, Debug, PartialEq)]
enum V<'a> {
    Bool(bool),
    Num(f64),
    /// A word and, for ordered vocabularies, the vocabulary to rank it in.
    Word(Cow<'a, str>, Option<&'static Vocab>),
    List(&'a [Val]),
}

impl V<'_> {
    fn truthy(&self) -> bool {
        match self {
            V::Bool(b) => *b,
            V::Num(n) => *n != 0.0,
            V::Word(w, _) => !w.is_empty() && w != "none" && w != "false",
            V::List(l) => !l.is_empty(),
        }
    }

    /// The value as evidence shows it, borrowed when it is a word.
    fn shown(&self) -> Cow<'_, str> {
        match self {
            V::Word(w, _) => Cow::Borrowed(w),
            _ => Cow::Owned(self.show()),
        }
    }

    fn show(&self) -> String {
        match self {
            V::Bool(b) => b.to_string(),
            V::Num(n) => format_num(*n),
            V::Word(w, _) => w.to_string(),
            V::List(l) => l.iter().map(Val::display).collect::<Vec<_>>().join(", "),
        }
    }
}

/// The text of a list entry (entries are words or strings).
fn entry(v: &Val) -> Cow<'_, str> {
    match v {
        Val::Text(s) | Val::Word(s) => Cow::Borrowed(s.as_str()),
        other => Cow::Owned(other.display()),
    }
}

/// Evaluates one compiled condition on subjects one after another,
/// reusing its evidence buffer.
pub struct Evaluator<'n, 'a> {
    compiled: &'n Compiled<'n>,
    cx: &'a Context<'a>,
    items: Vec<Item<'n, 'a>>,
}

impl<'n, 'a> Evaluator<'n, 'a> {
    pub fn new(compiled: &'n Compiled<'n>, cx: &'a Context<'a>) -> Self {
        Evaluator {
            compiled,
            cx,
            items: Vec::new(),
        }
    }

    fn eval(&mut self, subject: Subject) -> bool {
        self.items.clear();
        self.compiled.root.eval(self.cx, subject, &mut self.items)
    }

    /// `Some(evidence)` when the condition holds on `subject`: the facts
    /// that made it true, as the expression states them and as sentences.
    ///
    /// The evidence is gathered as references while evaluating, and only
    /// written out for a match.
    pub fn holds(&mut self, subject: Subject) -> Option<Evidence> {
        if !self.eval(subject) {
            return None;
        }
        let mut expr = String::with_capacity(64);
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                expr.push_str("; ");
            }
            item.write(&mut expr);
        }
        let why = why::sentences(&self.items, self.cx, subject);
        Some(Evidence { expr, why })
    }
}

/// Why a rule matched a subject.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    /// The facts in the expression's own terms (`run-as-root; not
    /// namespace.pod-security == restricted`), for machines.
    pub expr: String,
    /// The same facts as sentences of the model (`runs as root; namespace
    /// shop does not enforce restricted Pod Security`), for people.
    pub why: String,
}

/// One fact of the evidence, written out only when the whole condition holds.
enum Item<'n, 'a> {
    /// A truth test, comparison or `in` that holds, and the value found.
    Found(&'n Node<'n>, V<'a>),
    /// A negation, `has` or predicate that holds: its evidence does not
    /// depend on the subject.
    Node(&'n Node<'n>),
}

impl Item<'_, '_> {
    fn write(&self, out: &mut String) {
        match self {
            Item::Node(Node::Not(_, t) | Node::Has(_, _, t, _) | Node::Call(_, _, t, _)) => {
                out.push_str(t)
            }
            Item::Found(Node::Truthy(p, _), V::Bool(true)) => out.push_str(&p.dotted),
            Item::Found(Node::Truthy(p, _), v) => {
                out.push_str(&p.dotted);
                out.push(' ');
                out.push_str(&v.shown());
            }
            Item::Found(Node::Compare(p, op, lit, _), v) => {
                let shown = v.shown();
                out.push_str(&p.dotted);
                out.push(' ');
                out.push_str(op.as_str());
                out.push(' ');
                out.push_str(&lit.text);
                if shown != lit.text.as_str() {
                    out.push_str(" (it is ");
                    out.push_str(&shown);
                    out.push(')');
                }
            }
            Item::Found(Node::In(p, vals, _), v) => {
                out.push_str(&p.dotted);
                out.push(' ');
                write_hits(out, vals, v);
            }
            Item::Found(..) | Item::Node(_) => {}
        }
    }
}

/// The entries of `v` among `vals` (all of `v` when it is not a list).
fn write_hits(out: &mut String, vals: &[Literal], v: &V<'_>) {
    match v {
        V::List(l) => {
            let hits = l
                .iter()
                .map(entry)
                .filter(|x| vals.iter().any(|v| v.text == *x));
            for (i, hit) in hits.enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&hit);
            }
        }
        _ => out.push_str(&v.shown()),
    }
}
