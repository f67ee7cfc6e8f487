//! Paths of `when` expressions: the steps from a subject to another
//! (`source.`, `namespace.`, …), the field at the end, and the settings and
//! derived facts a field reads.

use super::{Subject, V};
use crate::analysis::context::{Context, image_mutable, image_trusted};
use crate::model::*;
use crate::resolve::schema::{self, Ty};
use crate::resolve::vocab::{self, Vocab};
use crate::syntax::ast::Path;
use std::borrow::Cow;

/// One step of a path (`source.`, `boundary.`, …); `Nowhere` for a name
/// that leads nowhere from any subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Step {
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

    /// The word a sentence names the step's subject by.
    pub(super) fn word(self) -> &'static str {
        match self {
            Step::Source => "source",
            Step::Target => "target",
            Step::Credential => "credential",
            Step::Boundary => "boundary",
            Step::Namespace => "namespace",
            Step::Cluster => "cluster",
            Step::Identity => "identity",
            Step::Parent => "parent",
            Step::Scope => "scope",
            Step::Nowhere => "it",
        }
    }

    pub(super) fn take(self, cx: &Context<'_>, s: Subject) -> Option<Subject> {
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
pub(super) struct Field {
    pub(super) name: String,
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
pub(super) struct CPath {
    pub(super) steps: Vec<Step>,
    /// `None` for an empty path (never set).
    pub(super) field: Option<Field>,
    pub(super) dotted: String,
}

impl CPath {
    pub(super) fn new(p: &Path) -> CPath {
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

    /// The subject at the end of the steps from `s`, if every step leads somewhere.
    pub(super) fn owner(&self, cx: &Context<'_>, s: Subject) -> Option<Subject> {
        let mut cur = s;
        for step in &self.steps {
            cur = step.take(cx, cur)?;
        }
        Some(cur)
    }

    /// Follows the path from `s`; `None` when any step or the value is unset.
    pub(super) fn lookup<'a>(&self, cx: &'a Context<'_>, s: Subject) -> Option<V<'a>> {
        field(cx, self.owner(cx, s)?, self.field.as_ref()?)
    }
}

/// Settings, schema subject index, ID, label and kind of a subject.
#[inline]
pub(super) fn settings_of<'a>(
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
            Some(V::Num(crate::analysis::crossings::trust_delta(m, f) as f64))
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
pub(super) fn identity_of(cx: &Context<'_>, s: Subject) -> Option<IdentityId> {
    match s {
        Subject::Identity(i) => Some(i),
        Subject::Element(e) => cx.model.elements[e].runs_as,
        _ => None,
    }
}
