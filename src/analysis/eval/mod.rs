//! Evaluates `when` expressions on a subject: settings, derived facts and
//! graph predicates. Any test of an unset path is false. Alongside the
//! verdict it records the facts that made the expression true, so each
//! threat can say why it was raised.
//!
//! A rule's expression is compiled once ([`Compiled::new`]) into a tree whose
//! path steps, fields, facts and predicates are enums with their literal
//! arguments already read, and whose evidence texts that do not depend on
//! the subject are already written; it is then evaluated on every target.

mod path;
mod phrases;
mod pred;
mod why;

use super::context::Context;
use crate::model::*;
use crate::resolve::vocab::Vocab;
use crate::syntax::ast::{CmpOp, Expr, Value, ValueKind};
use path::CPath;
use pred::Pred;
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

/// A `when` expression compiled for evaluation on many subjects.
pub struct Compiled {
    root: Node,
}

impl Compiled {
    pub fn new(expr: &Expr) -> Self {
        Compiled {
            root: Node::new(expr),
        }
    }
}

/// Evaluates one compiled expression on subjects one after another,
/// reusing its evidence buffer.
pub struct Evaluator<'n, 'a> {
    compiled: &'n Compiled,
    cx: &'a Context<'a>,
    items: Vec<Item<'n, 'a>>,
}

impl<'n, 'a> Evaluator<'n, 'a> {
    pub fn new(compiled: &'n Compiled, cx: &'a Context<'a>) -> Self {
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

    /// `Some(evidence)` when the expression holds on `subject`: the facts
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

/// One fact of the evidence, written out only when the whole expression holds.
enum Item<'n, 'a> {
    /// A truth test, comparison or `in` that holds, and the value found.
    Found(&'n Node, V<'a>),
    /// A negation, `has` or predicate that holds: its evidence does not
    /// depend on the subject.
    Node(&'n Node),
}

impl Item<'_, '_> {
    fn write(&self, out: &mut String) {
        match self {
            Item::Node(Node::Not(_, t) | Node::Has(_, _, t, _) | Node::Call(_, t, _, _)) => {
                out.push_str(t)
            }
            Item::Found(Node::Truthy(p, _), V::Bool(true)) => out.push_str(&p.dotted),
            Item::Found(Node::Truthy(p, _), v) => {
                out.push_str(&p.dotted);
                out.push(' ');
                out.push_str(&v.shown());
            }
            Item::Found(Node::Compare(p, op, _, text, _), v) => {
                let shown = v.shown();
                out.push_str(&p.dotted);
                out.push(' ');
                out.push_str(op.as_str());
                out.push(' ');
                out.push_str(text);
                if shown != *text {
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
fn write_hits(out: &mut String, vals: &[String], v: &V<'_>) {
    match v {
        V::List(l) => {
            let hits = l.iter().map(entry).filter(|x| vals.iter().any(|v| v == x));
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

/// One node of a compiled expression; the texts are the evidence written
/// when the node holds, where it does not depend on the subject. Each leaf
/// carries its sentences ([`why::Say`]).
enum Node {
    Or(Vec<Node>),
    And(Vec<Node>),
    Not(Box<Node>, String),
    Truthy(CPath, why::Say),
    /// The value and its text.
    Compare(CPath, CmpOp, Value, String, why::Say),
    /// The texts of the values.
    In(CPath, Vec<String>, why::Say),
    /// The value's text and the evidence.
    Has(CPath, String, String, why::Say),
    /// The predicate, its evidence, and its name and arguments as written.
    Call(Pred, String, Vec<String>, why::Say),
}

impl Node {
    fn new(e: &Expr) -> Node {
        let mut node = match e {
            Expr::Or(xs) => Node::Or(xs.iter().map(Node::new).collect()),
            Expr::And(xs) => Node::And(xs.iter().map(Node::new).collect()),
            Expr::Not(x) => {
                let text = match &**x {
                    Expr::Not(y) => y.to_string(),
                    Expr::And(_) | Expr::Or(_) => format!("not ({x})"),
                    _ => format!("not {x}"),
                };
                Node::Not(Box::new(Node::new(x)), text)
            }
            Expr::Truthy(p) => Node::Truthy(CPath::new(p), why::Say::NONE),
            Expr::Compare(p, op, val) => {
                Node::Compare(CPath::new(p), *op, val.clone(), val.text(), why::Say::NONE)
            }
            Expr::In(p, vals) => Node::In(
                CPath::new(p),
                vals.iter().map(Value::text).collect(),
                why::Say::NONE,
            ),
            Expr::Has(p, val) => {
                let why = format!("{} has {}", p.dotted(), val.text());
                Node::Has(CPath::new(p), val.text(), why, why::Say::NONE)
            }
            Expr::Call(name, args, _) => {
                let mut a: Vec<String> = vec![name.name.clone()];
                a.extend(args.iter().map(Value::text));
                let why = format!("{}({})", name.name, a[1..].join(", "));
                Node::Call(Pred::new(&name.name, args), why, a, why::Say::NONE)
            }
        };
        why::attach(&mut node);
        node
    }

    /// Whether the node holds on `s`. Evidence of the parts that hold is
    /// pushed on `why`; a node that does not hold leaves `why` as it was.
    fn eval<'n, 'a>(
        &'n self,
        cx: &'a Context<'_>,
        s: Subject,
        why: &mut Vec<Item<'n, 'a>>,
    ) -> bool {
        match self {
            Node::Or(xs) => xs.iter().any(|x| x.eval(cx, s, why)),
            Node::And(xs) => {
                let mark = why.len();
                let ok = xs.iter().all(|x| x.eval(cx, s, why));
                if !ok {
                    why.truncate(mark);
                }
                ok
            }
            Node::Not(x, _) => {
                let mark = why.len();
                let ok = !x.eval(cx, s, why);
                why.truncate(mark);
                if ok {
                    why.push(Item::Node(self));
                }
                ok
            }
            Node::Truthy(p, _) => match p.lookup(cx, s) {
                Some(v) if v.truthy() => {
                    why.push(Item::Found(self, v));
                    true
                }
                _ => false,
            },
            Node::Compare(p, op, val, ..) => {
                let Some(v) = p.lookup(cx, s) else {
                    return false;
                };
                let ok = compare(&v, *op, val);
                if ok {
                    why.push(Item::Found(self, v));
                }
                ok
            }
            Node::In(p, vals, _) => {
                let Some(v) = p.lookup(cx, s) else {
                    return false;
                };
                let matches = |x: &str| vals.iter().any(|v| v == x);
                let ok = match &v {
                    V::List(l) => l.iter().any(|x| matches(&entry(x))),
                    V::Word(w, _) => matches(w),
                    V::Bool(_) | V::Num(_) => matches(&v.show()),
                };
                if ok {
                    why.push(Item::Found(self, v));
                }
                ok
            }
            Node::Has(p, val, ..) => match p.lookup(cx, s) {
                Some(V::List(l)) if l.iter().any(|x| *val == entry(x)) => {
                    why.push(Item::Node(self));
                    true
                }
                _ => false,
            },
            Node::Call(pred, ..) => {
                let ok = pred.call(cx, s);
                if ok {
                    why.push(Item::Node(self));
                }
                ok
            }
        }
    }
}

fn compare(v: &V<'_>, op: CmpOp, val: &Value) -> bool {
    use std::cmp::Ordering;
    // Words without an order are only equal or not: unequal counts as Less.
    let unordered = |a: &str, b: &str| {
        if a == b {
            Ordering::Equal
        } else {
            Ordering::Less
        }
    };
    let ord: Option<Ordering> = match (v, &val.kind) {
        (V::Num(n), ValueKind::Number(m, _)) => n.partial_cmp(m),
        (V::Bool(b), ValueKind::Ident(w)) => Some(unordered(if *b { "true" } else { "false" }, w)),
        (V::Word(w, Some(voc)), ValueKind::Ident(x) | ValueKind::Str(x)) if voc.ordered => {
            match (voc.rank(w), voc.rank(x)) {
                (Some(a), Some(b)) => Some(a.cmp(&b)),
                _ => Some(unordered(w, x)),
            }
        }
        (V::Word(w, _), ValueKind::Ident(x) | ValueKind::Str(x)) => Some(unordered(w, x)),
        _ => None,
    };
    let Some(ord) = ord else { return false };
    match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    }
}
