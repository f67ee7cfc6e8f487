//! Paths of conditions: the steps from a subject to another (`source.`,
//! `namespace.`, …), and the field at the end: a special field, a setting
//! or a derived fact.

use super::{Subject, V, facts};
use crate::analysis::context::Context;
use crate::model::condition::{Field, Path, Special, Step};
use crate::model::*;
use crate::resolve::vocab::{self, Vocab};
use std::borrow::Cow;

/// Where `step` leads from `s`, if anywhere.
pub(super) fn take(cx: &Context<'_>, step: Step, s: Subject) -> Option<Subject> {
    let m = cx.model;
    match (s, step) {
        (Subject::Flow(f), Step::Source) => Some(Subject::Element(m.flows[f].source)),
        (Subject::Flow(f), Step::Target) => Some(Subject::Element(m.flows[f].target)),
        (Subject::Flow(f), Step::Credential) => m.flows[f].credential.map(Subject::Identity),
        (Subject::Element(e), Step::Boundary) => {
            cx.chain(e).first().copied().map(Subject::Boundary)
        }
        (Subject::Element(e), Step::Namespace) => cx
            .nearest(e, BoundaryKind::K8sNamespace)
            .map(Subject::Boundary),
        (Subject::Element(e), Step::Cluster) => cx
            .nearest(e, BoundaryKind::K8sCluster)
            .map(Subject::Boundary),
        (Subject::Element(e), Step::Identity) => m.elements[e].runs_as.map(Subject::Identity),
        (Subject::Boundary(b), Step::Parent) => m.boundaries[b].parent.map(Subject::Boundary),
        (Subject::Identity(i), Step::Scope) => m.identities[i].scope.map(Subject::Boundary),
        _ => None,
    }
}

/// The subject at the end of the steps of `p` from `s`, if every step
/// leads somewhere.
pub(super) fn owner(cx: &Context<'_>, p: &Path, s: Subject) -> Option<Subject> {
    let mut cur = s;
    for &step in &p.steps {
        cur = take(cx, step, cur)?;
    }
    Some(cur)
}

/// Follows `p` from `s`; `None` when any step or the value is unset.
pub(super) fn lookup<'a>(cx: &'a Context<'_>, p: &Path, s: Subject) -> Option<V<'a>> {
    field(cx, owner(cx, p, s)?, p.field.as_ref()?)
}

/// Settings, subject type index (the order of [`Field::vocab`]), ID, label
/// and kind of a subject.
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
            (&el.settings, subj, &el.id, &el.label, el.kind.as_str())
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
            (&x.settings, 4, &x.id, &x.label, x.kind.as_str())
        }
        Subject::Identity(i) => {
            let x = &m.identities[i];
            (&x.settings, 5, &x.id, &x.label, x.kind.as_str())
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

/// The field's value on `s`: a special field, else the setting of its
/// name, else the derived fact of its name.
fn field<'a>(cx: &'a Context<'_>, s: Subject, f: &Field) -> Option<V<'a>> {
    let (settings, subj, id, label, kind) = settings_of(cx, s);
    match f.special {
        Special::Id => return Some(V::Word(Cow::Borrowed(id), None)),
        Special::Label => return Some(V::Word(Cow::Borrowed(label), None)),
        Special::Kind if !kind.is_empty() => return Some(V::Word(Cow::Borrowed(kind), None)),
        Special::Trust => {
            if let Subject::Boundary(b) = s {
                return Some(V::Word(
                    Cow::Borrowed(cx.model.boundaries[b].trust.as_str()),
                    Some(&vocab::TRUST),
                ));
            }
        }
        _ => {}
    }
    if let Some(v) = f.key.and_then(|k| settings.get(k)) {
        return Some(from_val(v, f.vocab[subj]));
    }
    facts::value(cx, s, f.fact?)
}

/// The identity a subject stands for: itself, or a process's `runs-as`.
pub(super) fn identity_of(cx: &Context<'_>, s: Subject) -> Option<IdentityId> {
    match s {
        Subject::Identity(i) => Some(i),
        Subject::Element(e) => cx.model.elements[e].runs_as,
        _ => None,
    }
}
