//! Evaluates `when` expressions on a subject: settings, derived facts and
//! graph predicates. Any test of an unset path is false. Alongside the
//! verdict it records the facts that made the expression true, so each
//! threat can say why it was raised.

use super::context::{Context, image_mutable, image_trusted};
use crate::model::*;
use crate::resolve::schema::{self, Ty};
use crate::resolve::vocab::{self, Vocab};
use crate::syntax::ast::{CmpOp, Expr, Path, Value, ValueKind};
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

/// Evaluates `expr` on `subject`; `Some(evidence)` when it holds.
///
/// Most evaluations fail, so the first pass records nothing; only a match
/// is evaluated again to collect its evidence.
pub fn holds(cx: &Context<'_>, subject: Subject, expr: &Expr) -> Option<Vec<String>> {
    let mut quiet = Why {
        record: false,
        items: Vec::new(),
    };
    if !eval(cx, subject, expr, &mut quiet) {
        return None;
    }
    let mut why = Why {
        record: true,
        items: Vec::new(),
    };
    eval(cx, subject, expr, &mut why);
    Some(why.items)
}

/// Evidence being collected (or not, on the fast first pass).
struct Why {
    record: bool,
    items: Vec<String>,
}

impl Why {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn truncate(&mut self, n: usize) {
        self.items.truncate(n);
    }

    fn push(&mut self, item: impl FnOnce() -> String) {
        if self.record {
            self.items.push(item());
        }
    }
}

fn eval(cx: &Context<'_>, s: Subject, e: &Expr, why: &mut Why) -> bool {
    match e {
        Expr::Or(xs) => xs.iter().any(|x| eval(cx, s, x, why)),
        Expr::And(xs) => {
            let mark = why.len();
            let ok = xs.iter().all(|x| eval(cx, s, x, why));
            if !ok {
                why.truncate(mark);
            }
            ok
        }
        Expr::Not(x) => {
            let mut inner = Why {
                record: false,
                items: Vec::new(),
            };
            let ok = !eval(cx, s, x, &mut inner);
            if ok {
                why.push(|| match &**x {
                    Expr::Not(y) => y.to_string(),
                    Expr::And(_) | Expr::Or(_) => format!("not ({x})"),
                    _ => format!("not {x}"),
                });
            }
            ok
        }
        Expr::Truthy(p) => match lookup(cx, s, p) {
            Some(v) if v.truthy() => {
                why.push(|| match &v {
                    V::Bool(true) => p.dotted(),
                    _ => format!("{} {}", p.dotted(), v.show()),
                });
                true
            }
            _ => false,
        },
        Expr::Compare(p, op, val) => {
            let Some(v) = lookup(cx, s, p) else {
                return false;
            };
            let ok = compare(&v, *op, val);
            if ok {
                let shown = v.show();
                why.push(|| {
                    if shown == val.text() {
                        format!("{} {} {}", p.dotted(), op.as_str(), val.text())
                    } else {
                        format!(
                            "{} {} {} (it is {shown})",
                            p.dotted(),
                            op.as_str(),
                            val.text()
                        )
                    }
                });
            }
            ok
        }
        Expr::In(p, vals) => {
            let Some(v) = lookup(cx, s, p) else {
                return false;
            };
            let matches = |x: &str| vals.iter().any(|v| value_is(v, x));
            let hit: Vec<Cow<'_, str>> = match &v {
                V::List(l) => l.iter().map(entry).filter(|x| matches(x)).collect(),
                V::Word(w, _) if matches(w) => vec![w.clone()],
                V::Bool(_) | V::Num(_) if matches(&v.show()) => vec![Cow::Owned(v.show())],
                _ => Vec::new(),
            };
            if hit.is_empty() {
                return false;
            }
            why.push(|| format!("{} {}", p.dotted(), hit.join(", ")));
            true
        }
        Expr::Has(p, val) => match lookup(cx, s, p) {
            Some(V::List(l)) if l.iter().any(|x| value_is(val, &entry(x))) => {
                why.push(|| format!("{} has {}", p.dotted(), val.text()));
                true
            }
            _ => false,
        },
        Expr::Call(name, args, _) => {
            let ok = call(cx, s, &name.name, args);
            if ok {
                why.push(|| {
                    let a: Vec<String> = args.iter().map(Value::text).collect();
                    format!("{}({})", name.name, a.join(", "))
                });
            }
            ok
        }
    }
}

/// Whether a written value names `text` (without allocating).
fn value_is(v: &Value, text: &str) -> bool {
    match &v.kind {
        ValueKind::Ident(s) | ValueKind::Str(s) => s == text,
        ValueKind::Number(_, raw) => raw == text,
        ValueKind::Star => text == "*",
        ValueKind::Date(d) => d.to_string() == text,
    }
}

fn compare(v: &V<'_>, op: CmpOp, val: &Value) -> bool {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (v, &val.kind) {
        (V::Num(n), ValueKind::Number(m, _)) => n.partial_cmp(m),
        (V::Bool(b), ValueKind::Ident(w)) => Some(if b.to_string() == *w {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
        (V::Word(w, Some(voc)), ValueKind::Ident(x) | ValueKind::Str(x)) if voc.ordered => {
            match (voc.rank(w), voc.rank(x)) {
                (Some(a), Some(b)) => Some(a.cmp(&b)),
                _ => Some(if w == x {
                    Ordering::Equal
                } else {
                    Ordering::Less
                }),
            }
        }
        (V::Word(w, _), ValueKind::Ident(x) | ValueKind::Str(x)) => Some(if w == x {
            Ordering::Equal
        } else {
            Ordering::Less
        }),
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

/// Follows a path from `s`; `None` when any step or the value is unset.
fn lookup<'a>(cx: &'a Context<'_>, s: Subject, p: &Path) -> Option<V<'a>> {
    let mut cur = s;
    let n = p.parts.len();
    for part in &p.parts[..n.saturating_sub(1)] {
        cur = step(cx, cur, &part.name)?;
    }
    field(cx, cur, &p.parts.last()?.name)
}

fn step(cx: &Context<'_>, s: Subject, name: &str) -> Option<Subject> {
    let m = cx.model;
    match (s, name) {
        (Subject::Flow(f), "source") => Some(Subject::Element(m.flows[f].source)),
        (Subject::Flow(f), "target") => Some(Subject::Element(m.flows[f].target)),
        (Subject::Flow(f), "credential") => m.flows[f].credential.map(Subject::Identity),
        (Subject::Element(e), "boundary") => cx.chain(e).first().copied().map(Subject::Boundary),
        (Subject::Element(e), "namespace") => cx.nearest(e, "k8s-namespace").map(Subject::Boundary),
        (Subject::Element(e), "cluster") => cx.nearest(e, "k8s-cluster").map(Subject::Boundary),
        (Subject::Element(e), "identity") => m.elements[e].runs_as.map(Subject::Identity),
        (Subject::Boundary(b), "parent") => m.boundaries[b].parent.map(Subject::Boundary),
        (Subject::Identity(i), "scope") => m.identities[i].scope.map(Subject::Boundary),
        _ => None,
    }
}

fn settings_of<'a>(
    cx: &'a Context<'_>,
    s: Subject,
) -> (&'a Settings, schema::Subject, &'a str, &'a str, &'a str) {
    let m = cx.model;
    match s {
        Subject::Element(e) => {
            let el = &m.elements[e];
            let subj = match el.ty {
                ElementType::Actor => schema::Subject::Actor,
                ElementType::Process => schema::Subject::Process,
                ElementType::Store => schema::Subject::Store,
            };
            (&el.settings, subj, &el.id, &el.label, &el.kind)
        }
        Subject::Flow(f) => (
            &m.flows[f].settings,
            schema::Subject::Flow,
            &m.flows[f].id,
            &m.flows[f].label,
            "",
        ),
        Subject::Boundary(b) => {
            let x = &m.boundaries[b];
            (
                &x.settings,
                schema::Subject::Boundary,
                &x.id,
                &x.label,
                &x.kind,
            )
        }
        Subject::Identity(i) => {
            let x = &m.identities[i];
            (
                &x.settings,
                schema::Subject::Identity,
                &x.id,
                &x.label,
                &x.kind,
            )
        }
    }
}

fn from_val(v: &Val, ty: Option<Ty>) -> V<'_> {
    let voc = match ty {
        Some(Ty::Vocab(v)) => Some(v),
        _ => None,
    };
    match v {
        Val::Bool(b) => V::Bool(*b),
        Val::Num(n) => V::Num(*n),
        Val::Text(t) | Val::Word(t) => V::Word(Cow::Borrowed(t.as_str()), voc),
        Val::Date(d) => V::Word(Cow::Owned(d.to_string()), None),
        Val::List(l) => V::List(l),
    }
}

fn field<'a>(cx: &'a Context<'_>, s: Subject, name: &str) -> Option<V<'a>> {
    let (settings, subj, id, label, kind) = settings_of(cx, s);
    match name {
        "id" => return Some(V::Word(Cow::Borrowed(id), None)),
        "label" => return Some(V::Word(Cow::Borrowed(label), None)),
        "kind" if !kind.is_empty() => return Some(V::Word(Cow::Borrowed(kind), None)),
        "trust" => {
            if let Subject::Boundary(b) = s {
                return Some(V::Word(
                    Cow::Borrowed(&cx.model.boundaries[b].trust),
                    Some(&vocab::TRUST),
                ));
            }
        }
        _ => {}
    }
    if let Some(v) = settings.get(name) {
        // Only words need their vocabulary (for ordered comparisons).
        let ty = match v {
            Val::Word(_) | Val::Text(_) => schema::setting(subj, name).map(|x| x.ty),
            _ => None,
        };
        return Some(from_val(v, ty));
    }
    fact(cx, s, name)
}

fn fact<'a>(cx: &'a Context<'_>, s: Subject, name: &str) -> Option<V<'a>> {
    let m = cx.model;
    let b = |x: bool| Some(V::Bool(x));
    match (name, s) {
        ("cluster-audit-log", _) => b(cx.cluster_audit_log),
        ("registries-declared", _) => b(!m.trusted_registries.is_empty()),
        ("crosses-boundary", Subject::Flow(f)) => b(cx.crossings[f].crosses()),
        ("crossings", Subject::Flow(f)) => Some(V::Num(cx.crossings[f].count() as f64)),
        ("trust-change", Subject::Flow(f)) => {
            let flow = &m.flows[f];
            let change = match (cx.trust_rank(flow.source), cx.trust_rank(flow.target)) {
                (Some(a), Some(t)) => t as f64 - a as f64,
                _ => 0.0,
            };
            Some(V::Num(change))
        }
        ("sensitive", Subject::Flow(f)) => b(cx
            .flow_classification(f, true, true)
            .is_some_and(|c| c >= 2)),
        ("sensitive", Subject::Element(e)) => {
            b(cx.element_classification(e, false).is_some_and(|c| c >= 2))
        }
        ("entry-point", Subject::Element(e)) => b(cx.entry_point(e)),
        ("exposed", Subject::Element(e)) => b(cx.exposed(e)),
        ("workload", Subject::Element(e)) => {
            let el = &m.elements[e];
            b(el.ty == ElementType::Process && vocab::WORKLOAD_KINDS.contains(&el.kind.as_str()))
        }
        ("calls-api-server", Subject::Element(e)) => b(cx
            .graph
            .outbound(e)
            .iter()
            .any(|&f| m.elements[m.flows[f].target].kind == "k8s-api-server")),
        ("image-trusted" | "image-mutable" | "image-pinned", Subject::Element(e)) => {
            let image = m.elements[e].settings.get("image").and_then(Val::as_str)?;
            b(match name {
                "image-trusted" => image_trusted(image, &m.trusted_registries),
                "image-mutable" => image_mutable(image),
                _ => image.contains("@sha256:"),
            })
        }
        ("wildcard-grant", _) => {
            let i = identity_of(cx, s)?;
            b(m.identities[i]
                .grants
                .iter()
                .any(|g| g.verbs.iter().chain(&g.resources).any(|x| x == "*")))
        }
        ("default-account", Subject::Identity(i)) => b(m.identities[i].implicit),
        ("used", Subject::Identity(i)) => {
            let (p, f) = cx.identity_users(i);
            b(!p.is_empty() || !f.is_empty())
        }
        ("human", Subject::Identity(i)) => b(cx.human(i)),
        _ => None,
    }
}

/// The identity a subject stands for: itself, or a process's `runs-as`.
fn identity_of(cx: &Context<'_>, s: Subject) -> Option<IdentityId> {
    match s {
        Subject::Identity(i) => Some(i),
        Subject::Element(e) => cx.model.elements[e].runs_as,
        _ => None,
    }
}

/// An argument as text, without allocating for words and strings.
fn arg(args: &[Value], i: usize) -> Cow<'_, str> {
    match args.get(i).map(|v| &v.kind) {
        Some(ValueKind::Ident(s) | ValueKind::Str(s)) => Cow::Borrowed(s.as_str()),
        Some(ValueKind::Star) => Cow::Borrowed("*"),
        Some(_) => Cow::Owned(args[i].text()),
        None => Cow::Borrowed(""),
    }
}

fn class_rank(args: &[Value]) -> usize {
    vocab::CLASSIFICATION.rank(&arg(args, 0)).unwrap_or(0)
}

fn call(cx: &Context<'_>, s: Subject, name: &str, args: &[Value]) -> bool {
    let m = cx.model;
    let kind = arg(args, 0);
    match (name, s) {
        ("crosses", Subject::Flow(f)) => {
            let c = &cx.crossings[f];
            c.left
                .iter()
                .chain(&c.entered)
                .any(|&b| m.boundaries[b].kind == kind)
        }
        ("reachable-from", Subject::Element(e)) => cx.reachable_from(e, &kind),
        ("reachable-from", Subject::Flow(f)) => {
            let src = m.flows[f].source;
            cx.inside(src, &kind) || cx.reachable_from(src, &kind)
        }
        ("carries", Subject::Flow(f)) => cx
            .flow_classification(f, true, true)
            .is_some_and(|c| c >= class_rank(args)),
        ("sends", Subject::Flow(f)) => cx
            .flow_classification(f, true, false)
            .is_some_and(|c| c >= class_rank(args)),
        ("returns", Subject::Flow(f)) => cx
            .flow_classification(f, false, true)
            .is_some_and(|c| c >= class_rank(args)),
        ("carries", Subject::Element(e)) => {
            let need = class_rank(args);
            cx.graph
                .inbound(e)
                .iter()
                .chain(cx.graph.outbound(e))
                .any(|f| {
                    cx.flow_classification(*f, true, true)
                        .is_some_and(|c| c >= need)
                })
        }
        ("stores", Subject::Element(e)) => cx
            .element_classification(e, true)
            .is_some_and(|c| c >= class_rank(args)),
        ("grants", _) => {
            let Some(i) = identity_of(cx, s) else {
                return false;
            };
            let (verb, resource, scope) =
                (arg(args, 0), arg(args, 1), args.get(2).map(Value::text));
            m.identities[i].grants.iter().any(|g| {
                g.allows(&verb, &resource)
                    && match scope.as_deref() {
                        Some("cluster") => g.scope == GrantScope::Cluster,
                        Some("namespace") => matches!(g.scope, GrantScope::Namespace(_)),
                        _ => true,
                    }
            })
        }
        ("flows-to", Subject::Element(e)) => cx
            .graph
            .outbound(e)
            .iter()
            .any(|&f| m.elements[m.flows[f].target].kind == kind),
        ("inbound-from", Subject::Element(e)) => cx
            .graph
            .inbound(e)
            .iter()
            .any(|&f| cx.inside(m.flows[f].source, &kind)),
        ("inbound-from-outside", Subject::Element(e)) => {
            let mine = cx.nearest(e, &kind);
            cx.graph.inbound(e).iter().any(|&f| {
                let src = m.flows[f].source;
                match mine {
                    Some(b) => !cx.chain(src).contains(&b),
                    None => true,
                }
            })
        }
        ("inside", Subject::Element(e)) => cx.inside(e, &kind),
        ("inside", Subject::Flow(f)) => {
            cx.inside(m.flows[f].source, &kind) && cx.inside(m.flows[f].target, &kind)
        }
        ("any-starts-with", _) => {
            let (settings, ..) = settings_of(cx, s);
            let prefixes: Vec<String> = args.iter().skip(1).map(Value::text).collect();
            match settings.get(kind.as_ref()) {
                Some(Val::List(l)) => l
                    .iter()
                    .filter_map(Val::as_str)
                    .any(|x| prefixes.iter().any(|p| x.starts_with(p.as_str()))),
                _ => false,
            }
        }
        _ => false,
    }
}
