//! Lowers a `when` expression into the model's [`Condition`]: steps,
//! fields, facts and predicates resolved through the registry, literals
//! read, predicate arguments read. It runs after [`super::expr`] checked
//! the expression; a name the check rejected lowers to something that
//! never holds (an unknown step or fact reads as unset, an unknown
//! predicate is false), and a model with errors is not analysed anyway.

use super::schema::{self, Ty};
use super::vocab;
use crate::model::condition::{
    Call, CmpOp, Condition, Field, GrantsIn, Literal, LiteralKind, Path, Predicate, Special, Step,
};
use crate::model::facts::{Fact, Pred};
use crate::model::{BoundaryKind, ElementKind, Key};
use crate::syntax::ast::{self, Expr, Value, ValueKind};

/// The schema subjects a field's vocabularies are listed for, in the
/// order of [`Field::vocab`].
const SUBJECTS: [schema::Subject; 6] = [
    schema::Subject::Actor,
    schema::Subject::Process,
    schema::Subject::Store,
    schema::Subject::Flow,
    schema::Subject::Boundary,
    schema::Subject::Identity,
];

/// The condition of a `when` expression.
pub fn condition(e: &Expr) -> Condition {
    match e {
        Expr::Or(xs) => Condition::Or(xs.iter().map(condition).collect()),
        Expr::And(xs) => Condition::And(xs.iter().map(condition).collect()),
        Expr::Not(x) => Condition::Not(Box::new(condition(x))),
        Expr::Truthy(p) => Condition::Truthy(path(p)),
        Expr::Compare(p, op, v) => Condition::Compare(path(p), cmp(*op), literal(v)),
        Expr::In(p, vs) => Condition::In(path(p), vs.iter().map(literal).collect()),
        Expr::Has(p, v) => Condition::Has(path(p), literal(v)),
        Expr::Call(name, args, _) => {
            let pred = Pred::named(&name.name);
            Condition::Call(Call {
                name: name.name.clone(),
                pred,
                args: args.iter().map(literal).collect(),
                predicate: pred.map(|p| predicate(p, args)),
            })
        }
    }
}

fn cmp(op: ast::CmpOp) -> CmpOp {
    match op {
        ast::CmpOp::Eq => CmpOp::Eq,
        ast::CmpOp::Ne => CmpOp::Ne,
        ast::CmpOp::Lt => CmpOp::Lt,
        ast::CmpOp::Le => CmpOp::Le,
        ast::CmpOp::Gt => CmpOp::Gt,
        ast::CmpOp::Ge => CmpOp::Ge,
    }
}

fn literal(v: &Value) -> Literal {
    let kind = match &v.kind {
        ValueKind::Ident(_) => LiteralKind::Word,
        ValueKind::Str(_) => LiteralKind::Str,
        ValueKind::Number(n, _) => LiteralKind::Number(*n),
        ValueKind::Date(d) => LiteralKind::Date(*d),
        ValueKind::Star => LiteralKind::Star,
    };
    Literal {
        kind,
        text: v.text(),
        written: v.to_string(),
    }
}

fn path(p: &ast::Path) -> Path {
    let n = p.parts.len();
    Path {
        steps: p.parts[..n.saturating_sub(1)]
            .iter()
            .map(|part| Step::named(&part.name))
            .collect(),
        field: p.parts.last().map(|last| field(&last.name)),
        dotted: p.dotted(),
    }
}

fn field(name: &str) -> Field {
    let special = match name {
        "id" => Special::Id,
        "label" => Special::Label,
        "kind" => Special::Kind,
        "trust" => Special::Trust,
        _ => Special::None,
    };
    let key = Key::from_name(name);
    let vocab =
        SUBJECTS.map(
            |subj| match key.and_then(|k| schema::setting(subj, k)).map(|x| x.ty) {
                Some(Ty::Vocab(v)) => Some(v),
                _ => None,
            },
        );
    Field {
        name: name.to_string(),
        special,
        key,
        vocab,
        fact: Fact::named(name),
    }
}

/// A predicate's arguments read (missing ones as empty text).
fn predicate(pred: Pred, args: &[Value]) -> Predicate {
    let arg = |i: usize| args.get(i).map(Value::text).unwrap_or_default();
    let kind = arg(0);
    let class_rank = || vocab::CLASSIFICATION.rank(&kind).unwrap_or(0);
    match pred {
        Pred::Crosses => Predicate::Crosses(BoundaryKind::from_word(&kind)),
        Pred::ReachableFrom => Predicate::ReachableFrom(BoundaryKind::from_word(&kind)),
        Pred::Carries => Predicate::Carries(class_rank()),
        Pred::Sends => Predicate::Sends(class_rank()),
        Pred::Returns => Predicate::Returns(class_rank()),
        Pred::Stores => Predicate::Stores(class_rank()),
        Pred::Grants => {
            let scope = match args.get(2).map(Value::text).as_deref() {
                Some("cluster") => GrantsIn::Cluster,
                Some("namespace") => GrantsIn::Namespace,
                _ => GrantsIn::Any,
            };
            Predicate::Grants(kind, arg(1), scope)
        }
        Pred::FlowsTo => Predicate::FlowsTo(ElementKind::from_word(&kind)),
        Pred::InboundFrom => Predicate::InboundFrom(BoundaryKind::from_word(&kind)),
        Pred::InboundFromOutside => Predicate::InboundFromOutside(BoundaryKind::from_word(&kind)),
        Pred::Inside => Predicate::Inside(BoundaryKind::from_word(&kind)),
        Pred::AnyStartsWith => {
            let setting = Key::from_name(&kind);
            Predicate::AnyStartsWith(setting, args.iter().skip(1).map(Value::text).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::{Decl, Item};

    fn whens<'a>(decls: impl Iterator<Item = &'a Decl>, out: &mut Vec<&'a Expr>) {
        for d in decls {
            for item in d.body.iter().flat_map(|b| &b.items) {
                match item {
                    Item::When(e, _) => out.push(e),
                    Item::Decl(inner) => whens(std::iter::once(&**inner), out),
                    _ => {}
                }
            }
        }
    }

    /// A lowered condition prints as its expression does (`vastc rules
    /// --json` and `explain` print it), for the whole catalogue and a few
    /// shapes it lacks.
    #[test]
    fn conditions_print_as_their_expressions() {
        let extra = r#"rule X "x" {
  applies-to flow
  when not (a or b) and (c or not d) and e in ["q\"", 2, x] and f has "t" and any-starts-with(host-path, "/etc") and g >= 2.50 and not not h
}"#;
        let texts = [
            include_str!("../../catalogue/k8s.vast"),
            include_str!("../../catalogue/generic.vast"),
            include_str!("../../catalogue/ai.vast"),
            extra,
        ];
        let mut count = 0;
        for text in texts {
            let (file, diags) = crate::syntax::parse(0, text);
            assert!(diags.is_empty(), "{diags:#?}");
            let mut found = Vec::new();
            whens(file.decls.iter(), &mut found);
            for e in found {
                assert_eq!(condition(e).to_string(), e.to_string());
                count += 1;
            }
        }
        assert!(count > 70, "{count} conditions");
    }
}
