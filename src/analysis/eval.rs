//! Evaluates `when` expressions on a subject: settings, derived facts and
//! graph predicates. Any test of an unset path is false. Alongside the
//! verdict it records the facts that made the expression true, so each
//! threat can say why it was raised.
//!
//! A rule's expression is compiled once ([`Compiled::new`]) into a tree whose
//! path steps, fields, facts and predicates are enums with their literal
//! arguments already read, and whose evidence texts that do not depend on
//! the subject are already written; it is then evaluated on every target.

use super::context::{Context, image_mutable, image_trusted};
use crate::model::*;
use crate::resolve::schema::{self, Ty};
use crate::resolve::vocab::{self, Vocab};
use crate::syntax::ast::{CmpOp, Expr, Path, Value, ValueKind};
use std::borrow::Cow;
use std::sync::OnceLock;

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
    /// that made it true, joined by `; `.
    ///
    /// The evidence is gathered as references while evaluating, and only
    /// written out for a match.
    pub fn holds(&mut self, subject: Subject) -> Option<String> {
        if !self.eval(subject) {
            return None;
        }
        let mut out = String::with_capacity(64);
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            item.write(&mut out);
        }
        Some(out)
    }
}

/// One fact of the evidence, written out only when the whole expression holds.
enum Item<'n, 'a> {
    /// Evidence that does not depend on the subject.
    Text(&'n str),
    Truthy(&'n CPath, V<'a>),
    /// The path, operator and value's text, and the value found.
    Compare(&'n CPath, CmpOp, &'n str, V<'a>),
    /// The path, the values' texts, and the value found.
    In(&'n CPath, &'n [String], V<'a>),
}

impl Item<'_, '_> {
    fn write(&self, out: &mut String) {
        match self {
            Item::Text(t) => out.push_str(t),
            Item::Truthy(p, V::Bool(true)) => out.push_str(&p.dotted),
            Item::Truthy(p, v) => {
                out.push_str(&p.dotted);
                out.push(' ');
                out.push_str(&v.shown());
            }
            Item::Compare(p, op, text, v) => {
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
            Item::In(p, vals, v) => {
                let matches = |x: &str| vals.iter().any(|v| v == x);
                out.push_str(&p.dotted);
                out.push(' ');
                match v {
                    V::List(l) => {
                        let hits = l.iter().map(entry).filter(|x| matches(x));
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
        }
    }
}

/// One node of a compiled expression; the texts are the evidence written
/// when the node holds, where it does not depend on the subject.
enum Node {
    Or(Vec<Node>),
    And(Vec<Node>),
    Not(Box<Node>, String),
    Truthy(CPath),
    /// The value and its text.
    Compare(CPath, CmpOp, Value, String),
    /// The texts of the values.
    In(CPath, Vec<String>),
    /// The value's text and the evidence.
    Has(CPath, String, String),
    Call(Pred, String),
}

impl Node {
    fn new(e: &Expr) -> Node {
        match e {
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
            Expr::Truthy(p) => Node::Truthy(CPath::new(p)),
            Expr::Compare(p, op, val) => Node::Compare(CPath::new(p), *op, val.clone(), val.text()),
            Expr::In(p, vals) => Node::In(CPath::new(p), vals.iter().map(Value::text).collect()),
            Expr::Has(p, val) => {
                let why = format!("{} has {}", p.dotted(), val.text());
                Node::Has(CPath::new(p), val.text(), why)
            }
            Expr::Call(name, args, _) => {
                let a: Vec<String> = args.iter().map(Value::text).collect();
                let why = format!("{}({})", name.name, a.join(", "));
                Node::Call(Pred::new(&name.name, args), why)
            }
        }
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
            Node::Not(x, text) => {
                let mark = why.len();
                let ok = !x.eval(cx, s, why);
                why.truncate(mark);
                if ok {
                    why.push(Item::Text(text));
                }
                ok
            }
            Node::Truthy(p) => match p.lookup(cx, s) {
                Some(v) if v.truthy() => {
                    why.push(Item::Truthy(p, v));
                    true
                }
                _ => false,
            },
            Node::Compare(p, op, val, text) => {
                let Some(v) = p.lookup(cx, s) else {
                    return false;
                };
                let ok = compare(&v, *op, val);
                if ok {
                    why.push(Item::Compare(p, *op, text, v));
                }
                ok
            }
            Node::In(p, vals) => {
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
                    why.push(Item::In(p, vals, v));
                }
                ok
            }
            Node::Has(p, val, text) => match p.lookup(cx, s) {
                Some(V::List(l)) if l.iter().any(|x| *val == entry(x)) => {
                    why.push(Item::Text(text));
                    true
                }
                _ => false,
            },
            Node::Call(pred, text) => {
                let ok = pred.call(cx, s);
                if ok {
                    why.push(Item::Text(text));
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

/// One step of a path (`source.`, `boundary.`, …); `Nowhere` for a name
/// that leads nowhere from any subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Source,
    Target,
    Credential,
    Boundary,
    Namespace,
    Cluster,
    Identity,
    Parent,
    Scope,
    Nowhere,
}

impl Step {
    fn new(name: &str) -> Step {
        match name {
            "source" => Step::Source,
            "target" => Step::Target,
            "credential" => Step::Credential,
            "boundary" => Step::Boundary,
            "namespace" => Step::Namespace,
            "cluster" => Step::Cluster,
            "identity" => Step::Identity,
            "parent" => Step::Parent,
            "scope" => Step::Scope,
            _ => Step::Nowhere,
        }
    }

    fn take(self, cx: &Context<'_>, s: Subject) -> Option<Subject> {
        let m = cx.model;
        match (s, self) {
            (Subject::Flow(f), Step::Source) => Some(Subject::Element(m.flows[f].source)),
            (Subject::Flow(f), Step::Target) => Some(Subject::Element(m.flows[f].target)),
            (Subject::Flow(f), Step::Credential) => m.flows[f].credential.map(Subject::Identity),
            (Subject::Element(e), Step::Boundary) => {
                cx.chain(e).first().copied().map(Subject::Boundary)
            }
            (Subject::Element(e), Step::Namespace) => {
                cx.nearest(e, "k8s-namespace").map(Subject::Boundary)
            }
            (Subject::Element(e), Step::Cluster) => {
                cx.nearest(e, "k8s-cluster").map(Subject::Boundary)
            }
            (Subject::Element(e), Step::Identity) => m.elements[e].runs_as.map(Subject::Identity),
            (Subject::Boundary(b), Step::Parent) => m.boundaries[b].parent.map(Subject::Boundary),
            (Subject::Identity(i), Step::Scope) => m.identities[i].scope.map(Subject::Boundary),
            _ => None,
        }
    }
}

/// Fields every subject answers before its settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Special {
    Id,
    Label,
    Kind,
    Trust,
    None,
}

/// Derived facts, read when no setting of the name is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fact {
    ClusterAuditLog,
    RegistriesDeclared,
    CrossesBoundary,
    Crossings,
    TrustChange,
    Sensitive,
    EntryPoint,
    Exposed,
    Workload,
    CallsApiServer,
    ImageTrusted,
    ImageMutable,
    ImagePinned,
    WildcardGrant,
    DefaultAccount,
    Used,
    Human,
    None,
}

impl Fact {
    fn new(name: &str) -> Fact {
        match name {
            "cluster-audit-log" => Fact::ClusterAuditLog,
            "registries-declared" => Fact::RegistriesDeclared,
            "crosses-boundary" => Fact::CrossesBoundary,
            "crossings" => Fact::Crossings,
            "trust-change" => Fact::TrustChange,
            "sensitive" => Fact::Sensitive,
            "entry-point" => Fact::EntryPoint,
            "exposed" => Fact::Exposed,
            "workload" => Fact::Workload,
            "calls-api-server" => Fact::CallsApiServer,
            "image-trusted" => Fact::ImageTrusted,
            "image-mutable" => Fact::ImageMutable,
            "image-pinned" => Fact::ImagePinned,
            "wildcard-grant" => Fact::WildcardGrant,
            "default-account" => Fact::DefaultAccount,
            "used" => Fact::Used,
            "human" => Fact::Human,
            _ => Fact::None,
        }
    }
}

/// The schema subjects a [`Subject`] can be, in [`subject_index`] order.
const SCHEMA_SUBJECTS: [schema::Subject; 6] = [
    schema::Subject::Actor,
    schema::Subject::Process,
    schema::Subject::Store,
    schema::Subject::Flow,
    schema::Subject::Boundary,
    schema::Subject::Identity,
];

/// The last name of a path, resolved.
struct Field {
    name: String,
    special: Special,
    /// The vocabulary of a word setting of this name, per schema subject
    /// ([`SCHEMA_SUBJECTS`]); only words need theirs (for ordered comparisons).
    vocab: [Option<&'static Vocab>; 6],
    fact: Fact,
}

impl Field {
    fn new(name: &str) -> Field {
        let special = match name {
            "id" => Special::Id,
            "label" => Special::Label,
            "kind" => Special::Kind,
            "trust" => Special::Trust,
            _ => Special::None,
        };
        let vocab = SCHEMA_SUBJECTS.map(|subj| match schema::setting(subj, name).map(|x| x.ty) {
            Some(Ty::Vocab(v)) => Some(v),
            _ => None,
        });
        Field {
            name: name.to_string(),
            special,
            vocab,
            fact: Fact::new(name),
        }
    }
}

/// A compiled path: its steps, its field and its dotted text.
struct CPath {
    steps: Vec<Step>,
    /// `None` for an empty path (never set).
    field: Option<Field>,
    dotted: String,
}

impl CPath {
    fn new(p: &Path) -> CPath {
        let n = p.parts.len();
        CPath {
            steps: p.parts[..n.saturating_sub(1)]
                .iter()
                .map(|part| Step::new(&part.name))
                .collect(),
            field: p.parts.last().map(|last| Field::new(&last.name)),
            dotted: p.dotted(),
        }
    }

    /// Follows the path from `s`; `None` when any step or the value is unset.
    fn lookup<'a>(&self, cx: &'a Context<'_>, s: Subject) -> Option<V<'a>> {
        let mut cur = s;
        for step in &self.steps {
            cur = step.take(cx, cur)?;
        }
        field(cx, cur, self.field.as_ref()?)
    }
}

/// Settings, schema subject index, ID, label and kind of a subject.
#[inline]
fn settings_of<'a>(
    cx: &'a Context<'_>,
    s: Subject,
) -> (&'a Settings, usize, &'a str, &'a str, &'a str) {
    let m = cx.model;
    match s {
        Subject::Element(e) => {
            let el = &m.elements[e];
            let subj = match el.ty {
                ElementType::Actor => 0,
                ElementType::Process => 1,
                ElementType::Store => 2,
            };
            (&el.settings, subj, &el.id, &el.label, &el.kind)
        }
        Subject::Flow(f) => (
            &m.flows[f].settings,
            3,
            &m.flows[f].id,
            &m.flows[f].label,
            "",
        ),
        Subject::Boundary(b) => {
            let x = &m.boundaries[b];
            (&x.settings, 4, &x.id, &x.label, &x.kind)
        }
        Subject::Identity(i) => {
            let x = &m.identities[i];
            (&x.settings, 5, &x.id, &x.label, &x.kind)
        }
    }
}

fn from_val<'a>(v: &'a Val, voc: Option<&'static Vocab>) -> V<'a> {
    match v {
        Val::Bool(b) => V::Bool(*b),
        Val::Num(n) => V::Num(*n),
        Val::Text(t) | Val::Word(t) => V::Word(Cow::Borrowed(t.as_str()), voc),
        Val::Date(d) => V::Word(Cow::Owned(d.to_string()), None),
        Val::List(l) => V::List(l),
    }
}

fn field<'a>(cx: &'a Context<'_>, s: Subject, f: &Field) -> Option<V<'a>> {
    let (settings, subj, id, label, kind) = settings_of(cx, s);
    match f.special {
        Special::Id => return Some(V::Word(Cow::Borrowed(id), None)),
        Special::Label => return Some(V::Word(Cow::Borrowed(label), None)),
        Special::Kind if !kind.is_empty() => return Some(V::Word(Cow::Borrowed(kind), None)),
        Special::Trust => {
            if let Subject::Boundary(b) = s {
                return Some(V::Word(
                    Cow::Borrowed(&cx.model.boundaries[b].trust),
                    Some(&vocab::TRUST),
                ));
            }
        }
        _ => {}
    }
    if let Some(v) = settings.get(f.name.as_str()) {
        return Some(from_val(v, f.vocab[subj]));
    }
    fact(cx, s, f.fact)
}

fn fact<'a>(cx: &'a Context<'_>, s: Subject, fact: Fact) -> Option<V<'a>> {
    let m = cx.model;
    let b = |x: bool| Some(V::Bool(x));
    match (fact, s) {
        (Fact::ClusterAuditLog, _) => b(cx.cluster_audit_log),
        (Fact::RegistriesDeclared, _) => b(!m.trusted_registries.is_empty()),
        (Fact::CrossesBoundary, Subject::Flow(f)) => b(cx.crossings[f].crosses()),
        (Fact::Crossings, Subject::Flow(f)) => Some(V::Num(cx.crossings[f].count() as f64)),
        (Fact::TrustChange, Subject::Flow(f)) => {
            let flow = &m.flows[f];
            let change = match (cx.trust_rank(flow.source), cx.trust_rank(flow.target)) {
                (Some(a), Some(t)) => t as f64 - a as f64,
                _ => 0.0,
            };
            Some(V::Num(change))
        }
        (Fact::Sensitive, Subject::Flow(f)) => b(cx
            .flow_classification(f, true, true)
            .is_some_and(|c| c >= 2)),
        (Fact::Sensitive, Subject::Element(e)) => {
            b(cx.element_classification(e, false).is_some_and(|c| c >= 2))
        }
        (Fact::EntryPoint, Subject::Element(e)) => b(cx.entry_point(e)),
        (Fact::Exposed, Subject::Element(e)) => b(cx.exposed(e)),
        (Fact::Workload, Subject::Element(e)) => {
            let el = &m.elements[e];
            b(el.ty == ElementType::Process && vocab::WORKLOAD_KINDS.contains(&el.kind.as_str()))
        }
        (Fact::CallsApiServer, Subject::Element(e)) => b(cx
            .graph
            .outbound(e)
            .iter()
            .any(|&f| m.elements[m.flows[f].target].kind == "k8s-api-server")),
        (Fact::ImageTrusted | Fact::ImageMutable | Fact::ImagePinned, Subject::Element(e)) => {
            let image = m.elements[e].settings.get("image").and_then(Val::as_str)?;
            b(match fact {
                Fact::ImageTrusted => image_trusted(image, &m.trusted_registries),
                Fact::ImageMutable => image_mutable(image),
                _ => image.contains("@sha256:"),
            })
        }
        (Fact::WildcardGrant, _) => {
            let i = identity_of(cx, s)?;
            b(m.identities[i]
                .grants
                .iter()
                .any(|g| g.verbs.iter().chain(&g.resources).any(|x| x == "*")))
        }
        (Fact::DefaultAccount, Subject::Identity(i)) => b(m.identities[i].implicit),
        (Fact::Used, Subject::Identity(i)) => b(cx.identity_used(i)),
        (Fact::Human, Subject::Identity(i)) => b(cx.human(i)),
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

/// An argument as text (empty when missing).
fn arg(args: &[Value], i: usize) -> String {
    args.get(i).map(Value::text).unwrap_or_default()
}

/// Where a `grants` predicate looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Cluster,
    Namespace,
    Any,
}

/// A graph predicate with its arguments read.
enum Pred {
    Crosses(String),
    /// The boundary kind, and the elements reached from it once asked.
    ReachableFrom(String, OnceLock<Vec<bool>>),
    /// Classification ranks.
    Carries(usize),
    Sends(usize),
    Returns(usize),
    Stores(usize),
    Grants(String, String, Scope),
    FlowsTo(String),
    InboundFrom(String),
    InboundFromOutside(String),
    Inside(String),
    /// The list setting and the prefixes.
    AnyStartsWith(String, Vec<String>),
    Unknown,
}

impl Pred {
    fn new(name: &str, args: &[Value]) -> Pred {
        let kind = arg(args, 0);
        let class_rank = || vocab::CLASSIFICATION.rank(&kind).unwrap_or(0);
        match name {
            "crosses" => Pred::Crosses(kind),
            "reachable-from" => Pred::ReachableFrom(kind, OnceLock::new()),
            "carries" => Pred::Carries(class_rank()),
            "sends" => Pred::Sends(class_rank()),
            "returns" => Pred::Returns(class_rank()),
            "stores" => Pred::Stores(class_rank()),
            "grants" => {
                let scope = match args.get(2).map(Value::text).as_deref() {
                    Some("cluster") => Scope::Cluster,
                    Some("namespace") => Scope::Namespace,
                    _ => Scope::Any,
                };
                Pred::Grants(kind, arg(args, 1), scope)
            }
            "flows-to" => Pred::FlowsTo(kind),
            "inbound-from" => Pred::InboundFrom(kind),
            "inbound-from-outside" => Pred::InboundFromOutside(kind),
            "inside" => Pred::Inside(kind),
            "any-starts-with" => {
                Pred::AnyStartsWith(kind, args.iter().skip(1).map(Value::text).collect())
            }
            _ => Pred::Unknown,
        }
    }

    fn call(&self, cx: &Context<'_>, s: Subject) -> bool {
        let m = cx.model;
        match (self, s) {
            (Pred::Crosses(kind), Subject::Flow(f)) => {
                let c = &cx.crossings[f];
                c.left
                    .iter()
                    .chain(&c.entered)
                    .any(|&b| m.boundaries[b].kind == *kind)
            }
            (Pred::ReachableFrom(kind, reach), Subject::Element(e)) => reached(cx, kind, reach, e),
            (Pred::ReachableFrom(kind, reach), Subject::Flow(f)) => {
                let src = m.flows[f].source;
                cx.inside(src, kind) || reached(cx, kind, reach, src)
            }
            (Pred::Carries(need), Subject::Flow(f)) => cx
                .flow_classification(f, true, true)
                .is_some_and(|c| c >= *need),
            (Pred::Sends(need), Subject::Flow(f)) => cx
                .flow_classification(f, true, false)
                .is_some_and(|c| c >= *need),
            (Pred::Returns(need), Subject::Flow(f)) => cx
                .flow_classification(f, false, true)
                .is_some_and(|c| c >= *need),
            (Pred::Carries(need), Subject::Element(e)) => cx
                .graph
                .inbound(e)
                .iter()
                .chain(cx.graph.outbound(e))
                .any(|f| {
                    cx.flow_classification(*f, true, true)
                        .is_some_and(|c| c >= *need)
                }),
            (Pred::Stores(need), Subject::Element(e)) => cx
                .element_classification(e, true)
                .is_some_and(|c| c >= *need),
            (Pred::Grants(verb, resource, scope), _) => {
                let Some(i) = identity_of(cx, s) else {
                    return false;
                };
                m.identities[i].grants.iter().any(|g| {
                    g.allows(verb, resource)
                        && match scope {
                            Scope::Cluster => g.scope == GrantScope::Cluster,
                            Scope::Namespace => matches!(g.scope, GrantScope::Namespace(_)),
                            Scope::Any => true,
                        }
                })
            }
            (Pred::FlowsTo(kind), Subject::Element(e)) => cx
                .graph
                .outbound(e)
                .iter()
                .any(|&f| m.elements[m.flows[f].target].kind == *kind),
            (Pred::InboundFrom(kind), Subject::Element(e)) => cx
                .graph
                .inbound(e)
                .iter()
                .any(|&f| cx.inside(m.flows[f].source, kind)),
            (Pred::InboundFromOutside(kind), Subject::Element(e)) => {
                let mine = cx.nearest(e, kind);
                cx.graph.inbound(e).iter().any(|&f| {
                    let src = m.flows[f].source;
                    match mine {
                        Some(b) => !cx.chain(src).contains(&b),
                        None => true,
                    }
                })
            }
            (Pred::Inside(kind), Subject::Element(e)) => cx.inside(e, kind),
            (Pred::Inside(kind), Subject::Flow(f)) => {
                cx.inside(m.flows[f].source, kind) && cx.inside(m.flows[f].target, kind)
            }
            (Pred::AnyStartsWith(setting, prefixes), _) => {
                let (settings, ..) = settings_of(cx, s);
                match settings.get(setting.as_str()) {
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
}

/// Element `e` is reached from inside a boundary of `kind` (asked of the
/// context once per predicate).
fn reached(cx: &Context<'_>, kind: &str, reach: &OnceLock<Vec<bool>>, e: ElementId) -> bool {
    reach
        .get_or_init(|| cx.reached_from_kind(kind))
        .get(e)
        .copied()
        .unwrap_or(false)
}
