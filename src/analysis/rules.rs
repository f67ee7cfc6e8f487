//! The rule engine: every rule (built-in catalogue and the model's own)
//! evaluated on every target of its `applies-to`, one threat per match with
//! ID `RULE@TARGET`; manual `threat` declarations join the same list.

use super::context::Context;
use super::eval::{Compiled, Evaluator, Evidence, Subject};
use super::score::{Requirements, score, unscored};
use super::threat::{Scores, Severity, Status, Threat};
use crate::model::*;
use crate::source::Span;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The boundary kind whose data a scope-changing threat reaches.
const CLUSTER: BoundaryKind = BoundaryKind::K8sCluster;

fn text(s: &Settings, key: Key) -> String {
    s.get(key).map(Val::display).unwrap_or_default()
}

fn list(s: &Settings, key: Key) -> Vec<String> {
    match s.get(key) {
        Some(Val::List(l)) => l.iter().map(Val::display).collect(),
        _ => Vec::new(),
    }
}

/// STRIDE letters, each once in first-written order: `stride E, E` is
/// accepted, and SARIF tags must be unique.
fn stride(s: &Settings) -> Vec<String> {
    let mut letters: Vec<String> = Vec::new();
    for letter in list(s, Key::Stride) {
        if !letters.contains(&letter) {
            letters.push(letter);
        }
    }
    letters
}

/// The targets a rule of `applies_to` looks at.
fn targets(m: &Model, applies_to: AppliesTo) -> Vec<Subject> {
    let elements = |ty: Option<ElementType>| {
        m.elements
            .ids()
            .filter(move |&e| ty.is_none_or(|t| m.elements[e].ty == t))
            .map(Subject::Element)
            .collect()
    };
    match applies_to {
        AppliesTo::Actor => elements(Some(ElementType::Actor)),
        AppliesTo::Process => elements(Some(ElementType::Process)),
        AppliesTo::Store => elements(Some(ElementType::Store)),
        AppliesTo::Element => elements(None),
        AppliesTo::Flow => m.flows.ids().map(Subject::Flow).collect(),
        AppliesTo::Boundary => m.boundaries.ids().map(Subject::Boundary).collect(),
        AppliesTo::Identity => m.identities.ids().map(Subject::Identity).collect(),
    }
}

/// What a subject is, for threat IDs and outputs.
pub fn describe(m: &Model, s: Subject) -> (TargetRef, &'static str, String, Span) {
    match s {
        Subject::Element(e) => (
            TargetRef::Element(e),
            m.elements[e].ty.as_str(),
            m.elements[e].id.clone(),
            m.elements[e].span,
        ),
        Subject::Flow(f) => (
            TargetRef::Flow(f),
            "flow",
            m.flows[f].id.clone(),
            m.flows[f].span,
        ),
        Subject::Boundary(b) => (
            TargetRef::Boundary(b),
            "boundary",
            m.boundaries[b].id.clone(),
            m.boundaries[b].span,
        ),
        Subject::Identity(i) => (
            TargetRef::Identity(i),
            "identity",
            m.identities[i].id.clone(),
            m.identities[i].span,
        ),
    }
}

/// Kind and ID of a manual threat's target.
fn target_of(m: &Model, t: &TargetRef) -> (&'static str, String) {
    match *t {
        TargetRef::Element(e) => (m.elements[e].ty.as_str(), m.elements[e].id.clone()),
        TargetRef::Flow(f) => ("flow", m.flows[f].id.clone()),
        TargetRef::Boundary(b) => ("boundary", m.boundaries[b].id.clone()),
        TargetRef::Identity(i) => ("identity", m.identities[i].id.clone()),
        TargetRef::Data(d) => ("data", m.data[d].id.clone()),
        TargetRef::Any => ("", "*".into()),
    }
}

fn requirements(cx: &Context<'_>, t: &TargetRef) -> Requirements {
    let data = cx.target_data(t);
    Requirements::from_data(data.iter().filter_map(|&d| cx.model.data.get(d)))
}

fn crossing_names(cx: &Context<'_>, t: &TargetRef) -> Vec<String> {
    match *t {
        TargetRef::Flow(f) => {
            let c = &cx.crossings[f];
            c.left
                .iter()
                .chain(&c.entered)
                .map(|&b| cx.model.boundaries[b].id.clone())
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The CVSS requirements of every rule target, each computed on first use
/// (rules run in parallel and many share a target).
struct TargetRequirements {
    elements: IdVec<ElementId, OnceLock<Requirements>>,
    flows: IdVec<FlowId, OnceLock<Requirements>>,
    boundaries: IdVec<BoundaryId, OnceLock<Requirements>>,
    identities: IdVec<IdentityId, OnceLock<Requirements>>,
    /// Of each `k8s-cluster` boundary: the data of every element inside it.
    clusters: std::collections::BTreeMap<BoundaryId, Requirements>,
}

impl TargetRequirements {
    fn new(m: &Model) -> Self {
        fn cells<C: FromIterator<OnceLock<Requirements>>>(n: usize) -> C {
            (0..n).map(|_| OnceLock::new()).collect()
        }
        TargetRequirements {
            elements: cells(m.elements.len()),
            flows: cells(m.flows.len()),
            boundaries: cells(m.boundaries.len()),
            identities: cells(m.identities.len()),
            clusters: BTreeMap::new(),
        }
    }

    /// With the requirements of every cluster computed: one pass over the
    /// elements.
    fn with_clusters(mut self, cx: &Context<'_>) -> Self {
        let m = cx.model;
        let mut data: BTreeMap<BoundaryId, Vec<DataId>> = BTreeMap::new();
        for e in m.elements.ids() {
            if let Some(c) = cx.nearest(e, CLUSTER) {
                data.entry(c).or_default().extend(cx.element_data(e));
            }
        }
        self.clusters = data
            .into_iter()
            .map(|(c, d)| {
                let r = Requirements::from_data(d.iter().filter_map(|&d| m.data.get(d)));
                (c, r)
            })
            .collect();
        self
    }

    /// For a vector whose scope changes (`S:C`: the impact lands beyond the
    /// target, on the node or the cluster a container escapes to, or the
    /// whole scope an RBAC grant reaches), the confidentiality and integrity
    /// requirements of the cluster the target sits in, when they are higher
    /// than the target's own. Availability stays the target's: a missing
    /// limit starves a node's neighbours, it does not hand over their data,
    /// and ranking it with an escape would be noise.
    fn get_for(&self, cx: &Context<'_>, t: &TargetRef, scope_changed: bool) -> Requirements {
        let own = self.get(cx, t);
        if !scope_changed {
            return own;
        }
        let m = cx.model;
        let cluster = match *t {
            TargetRef::Element(e) => cx.nearest(e, CLUSTER),
            TargetRef::Identity(i) => m
                .boundary_chain(m.identities[i].scope)
                .into_iter()
                .find(|&b| m.boundaries[b].kind == CLUSTER),
            TargetRef::Boundary(b) => m
                .boundary_chain(Some(b))
                .into_iter()
                .find(|&b| m.boundaries[b].kind == CLUSTER),
            _ => None,
        };
        match cluster.and_then(|c| self.clusters.get(&c)) {
            Some(c) => own.max(Requirements { ar: 'L', ..*c }),
            None => own,
        }
    }

    fn get(&self, cx: &Context<'_>, t: &TargetRef) -> Requirements {
        let cell = match *t {
            TargetRef::Element(e) => self.elements.get(e),
            TargetRef::Flow(f) => self.flows.get(f),
            TargetRef::Boundary(b) => self.boundaries.get(b),
            TargetRef::Identity(i) => self.identities.get(i),
            TargetRef::Data(_) | TargetRef::Any => None,
        };
        match cell {
            Some(c) => *c.get_or_init(|| requirements(cx, t)),
            None => requirements(cx, t),
        }
    }
}

/// Scores of one rule's vector by requirements: most threats share a handful.
struct ScoreCache<'v> {
    vector: &'v str,
    /// By [`ScoreCache::slot`]: three letters of three values each.
    scores: [Option<Scores>; 27],
}

impl<'v> ScoreCache<'v> {
    fn new(vector: &'v str) -> Self {
        ScoreCache {
            vector,
            scores: std::array::from_fn(|_| None),
        }
    }

    fn slot(req: Requirements) -> Option<usize> {
        let rank = |c: char| match c {
            'L' => Some(0),
            'M' => Some(1),
            'H' => Some(2),
            _ => None,
        };
        Some(rank(req.cr)? * 9 + rank(req.ir)? * 3 + rank(req.ar)?)
    }

    fn get(&mut self, req: Requirements) -> Scores {
        if self.vector.is_empty() {
            return unscored();
        }
        let vector = self.vector;
        match Self::slot(req) {
            Some(i) => self.scores[i]
                .get_or_insert_with(|| score(vector, req).unwrap_or_else(unscored))
                .clone(),
            None => score(vector, req).unwrap_or_else(unscored),
        }
    }
}

/// The threats one rule generates, in target order.
fn run_rule(cx: &Context<'_>, reqs: &TargetRequirements, rule: &RuleDef) -> Vec<Threat> {
    let m = cx.model;
    let vector = text(&rule.settings, Key::Cvss);
    let mut scores = ScoreCache::new(&vector);
    let scope_changed = vector.split('/').any(|part| part == "S:C");
    // Shared by every threat of the rule.
    let rule_id: Arc<str> = Arc::from(rule.id.as_str());
    let title: Arc<str> = Arc::from(rule.title.as_str());
    let category: Arc<str> = text(&rule.settings, Key::Category).into();
    let stride: Arc<[String]> = stride(&rule.settings).into();
    let references: Arc<[String]> = list(&rule.settings, Key::References).into();
    let mitigation: Arc<str> = text(&rule.settings, Key::Mitigation).into();
    let description: Arc<str> = text(&rule.settings, Key::Description).into();
    let when = rule.when.as_ref().map(Compiled::new);
    let mut eval = when.as_ref().map(|w| Evaluator::new(w, cx));
    // Matches first, so the threats (large) are moved once into a vector of the right size.
    let mut hits: Vec<(Subject, Evidence)> = Vec::new();
    for subject in targets(m, rule.applies_to) {
        match &mut eval {
            Some(e) => {
                if let Some(w) = e.holds(subject) {
                    hits.push((subject, w));
                }
            }
            None => hits.push((subject, Evidence::default())),
        }
    }
    let mut out = Vec::with_capacity(hits.len());
    for (subject, evidence) in hits {
        let (target, target_kind, target_id, span) = describe(m, subject);
        let req = reqs.get_for(cx, &target, scope_changed);
        let mut id = String::with_capacity(rule.id.len() + 1 + target_id.len());
        id.push_str(&rule.id);
        id.push('@');
        id.push_str(&target_id);
        out.push(Threat {
            id,
            rule: rule_id.clone(),
            title: title.clone(),
            crossings: crossing_names(cx, &target),
            target,
            target_kind,
            target_id,
            category: category.clone(),
            stride: stride.clone(),
            scores: scores.get(req),
            status: Status::Open,
            reason: None,
            ticket: None,
            owner: None,
            until: None,
            expired: false,
            references: references.clone(),
            mitigation: mitigation.clone(),
            evidence: evidence.expr,
            why: evidence.why,
            description: description.clone(),
            span,
            manual: false,
        });
    }
    out
}

/// Every generated and manual threat, status open (risk decisions come next).
/// Rules are evaluated in parallel; the threats come in rule order.
pub fn run(cx: &Context<'_>) -> Vec<Threat> {
    run_selected(cx, |_| true)
}

/// [`run`] limited to the rules and manual threats whose ID `keep`
/// accepts, in the same relative order. A threat's ID is `RULE@TARGET`
/// whatever else is run, so the threats kept are exactly those [`run`]
/// gives for these rules.
pub fn run_selected(cx: &Context<'_>, keep: impl Fn(&str) -> bool) -> Vec<Threat> {
    let m = cx.model;
    let reqs = TargetRequirements::new(m).with_clusters(cx);
    let rules: Vec<&RuleDef> = m.rules.iter().filter(|r| keep(&r.id)).collect();
    let per_rule = crate::parallel::map(&rules, |rule| run_rule(cx, &reqs, rule));
    let mut out: Vec<Threat> =
        Vec::with_capacity(per_rule.iter().map(Vec::len).sum::<usize>() + m.threats.len());
    for threats in per_rule {
        out.extend(threats);
    }
    for t in m.threats.iter().filter(|t| keep(&t.id)) {
        let (target_kind, target_id) = target_of(m, &t.target);
        let vector = text(&t.settings, Key::Cvss);
        let req = requirements(cx, &t.target);
        let opt = |k: Key| t.settings.get(k).map(Val::display);
        let why = opt(Key::Card)
            .map(|c| format!("Security Card: {c}"))
            .unwrap_or_else(|| "written by hand".into());
        out.push(Threat {
            id: t.id.clone(),
            rule: t.id.as_str().into(),
            title: t.title.as_str().into(),
            crossings: crossing_names(cx, &t.target),
            target: t.target.clone(),
            target_kind,
            target_id,
            category: text(&t.settings, Key::Category).into(),
            stride: stride(&t.settings).into(),
            scores: match Severity::parse(&text(&t.settings, Key::Severity)) {
                Some(stated) if vector.is_empty() => super::score::stated(stated),
                _ if vector.is_empty() => unscored(),
                _ => score(&vector, req).unwrap_or_else(unscored),
            },
            status: Status::parse(&text(&t.settings, Key::Status)),
            reason: opt(Key::Reason),
            ticket: opt(Key::Ticket),
            owner: opt(Key::Owner),
            until: None,
            expired: false,
            references: list(&t.settings, Key::References).into(),
            mitigation: text(&t.settings, Key::Mitigation).into(),
            evidence: why.clone(),
            why,
            description: text(&t.settings, Key::Description).into(),
            span: t.span,
            manual: true,
        });
    }
    out
}
