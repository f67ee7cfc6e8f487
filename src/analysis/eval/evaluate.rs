//! Evaluates a compiled condition on one subject, gathering the evidence
//! of the parts that hold.

use super::compile::Node;
use super::path::lookup;
use super::{Item, Subject, V, entry, pred};
use crate::analysis::context::Context;
use crate::model::condition::{CmpOp, Literal, LiteralKind};

impl<'n> Node<'n> {
    /// Whether the node holds on `s`. Evidence of the parts that hold is
    /// pushed on `why`; a node that does not hold leaves `why` as it was.
    pub(super) fn eval<'a>(
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
            Node::Truthy(p, _) => match lookup(cx, p, s) {
                Some(v) if v.truthy() => {
                    why.push(Item::Found(self, v));
                    true
                }
                _ => false,
            },
            Node::Compare(p, op, lit, _) => {
                let Some(v) = lookup(cx, p, s) else {
                    return false;
                };
                let ok = compare(&v, *op, lit);
                if ok {
                    why.push(Item::Found(self, v));
                }
                ok
            }
            Node::In(p, vals, _) => {
                let Some(v) = lookup(cx, p, s) else {
                    return false;
                };
                let matches = |x: &str| vals.iter().any(|v| v.text == x);
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
            Node::Has(p, lit, ..) => match lookup(cx, p, s) {
                Some(V::List(l)) if l.iter().any(|x| entry(x) == lit.text.as_str()) => {
                    why.push(Item::Node(self));
                    true
                }
                _ => false,
            },
            Node::Call(call, reach, ..) => {
                let ok = call
                    .predicate
                    .as_ref()
                    .is_some_and(|p| pred::holds(p, reach, cx, s));
                if ok {
                    why.push(Item::Node(self));
                }
                ok
            }
        }
    }
}

fn compare(v: &V<'_>, op: CmpOp, lit: &Literal) -> bool {
    use std::cmp::Ordering;
    // Words without an order are only equal or not: unequal counts as Less.
    let unordered = |a: &str, b: &str| {
        if a == b {
            Ordering::Equal
        } else {
            Ordering::Less
        }
    };
    let x = lit.text.as_str();
    let ord: Option<Ordering> = match (v, &lit.kind) {
        (V::Num(n), LiteralKind::Number(m)) => n.partial_cmp(m),
        (V::Bool(b), LiteralKind::Word) => Some(unordered(if *b { "true" } else { "false" }, x)),
        (V::Word(w, Some(voc)), LiteralKind::Word | LiteralKind::Str) if voc.ordered => {
            match (voc.rank(w), voc.rank(x)) {
                (Some(a), Some(b)) => Some(a.cmp(&b)),
                _ => Some(unordered(w, x)),
            }
        }
        (V::Word(w, _), LiteralKind::Word | LiteralKind::Str) => Some(unordered(w, x)),
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
