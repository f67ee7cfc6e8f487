//! Prepares a rule's condition for evaluation on many subjects: each leaf
//! borrows its part of the model's condition and gets its evidence
//! sentences ([`why::Say`]) and the evidence texts that do not depend on
//! the subject.

use super::why;
use crate::model::condition::{Call, CmpOp, Condition, Literal, Path};
use crate::model::{ElementId, IdVec};
use std::sync::OnceLock;

/// A rule's condition compiled for evaluation on many subjects.
pub struct Compiled<'c> {
    pub(super) root: Node<'c>,
}

impl<'c> Compiled<'c> {
    pub fn new(condition: &'c Condition) -> Self {
        Compiled {
            root: Node::new(condition),
        }
    }
}

/// One node of a compiled condition; the texts are the evidence written
/// when the node holds, where it does not depend on the subject. Each leaf
/// carries its sentences ([`why::Say`]).
pub(super) enum Node<'c> {
    Or(Vec<Node<'c>>),
    And(Vec<Node<'c>>),
    Not(Box<Node<'c>>, String),
    Truthy(&'c Path, why::Say),
    Compare(&'c Path, CmpOp, &'c Literal, why::Say),
    In(&'c Path, &'c [Literal], why::Say),
    /// The value and the evidence.
    Has(&'c Path, &'c Literal, String, why::Say),
    /// The predicate, the elements a `reachable-from` reaches (once
    /// asked), and the evidence.
    Call(&'c Call, OnceLock<IdVec<ElementId, bool>>, String, why::Say),
}

impl<'c> Node<'c> {
    fn new(c: &'c Condition) -> Node<'c> {
        let mut node = match c {
            Condition::Or(xs) => Node::Or(xs.iter().map(Node::new).collect()),
            Condition::And(xs) => Node::And(xs.iter().map(Node::new).collect()),
            Condition::Not(x) => {
                let text = match &**x {
                    Condition::Not(y) => y.to_string(),
                    Condition::And(_) | Condition::Or(_) => format!("not ({x})"),
                    _ => format!("not {x}"),
                };
                Node::Not(Box::new(Node::new(x)), text)
            }
            Condition::Truthy(p) => Node::Truthy(p, why::Say::NONE),
            Condition::Compare(p, op, lit) => Node::Compare(p, *op, lit, why::Say::NONE),
            Condition::In(p, vals) => Node::In(p, vals, why::Say::NONE),
            Condition::Has(p, lit) => {
                let why = format!("{} has {}", p.dotted, lit.text);
                Node::Has(p, lit, why, why::Say::NONE)
            }
            Condition::Call(call) => {
                let args: Vec<&str> = call.args.iter().map(|a| a.text.as_str()).collect();
                let why = format!("{}({})", call.name, args.join(", "));
                Node::Call(call, OnceLock::new(), why, why::Say::NONE)
            }
        };
        why::attach(&mut node);
        node
    }
}
