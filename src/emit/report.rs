//! The report data every threat-table output is written from: the analysis
//! joined with the model (locations, labels, per-feature threats), in one
//! serialisable shape that `threats.json` is.

use crate::analysis::paths::Hop;
use crate::analysis::{Analysis, Severity, Status, Threat};
use crate::model::{BoundaryId, ElementId, Key, Model, TargetRef};
use serde::Serialize;

pub use super::scenario_out::{Finding, ScenarioOut};

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Report<'a> {
    pub model: ModelInfo<'a>,
    pub summary: Summary,
    pub threats: Vec<ThreatOut<'a>>,
    pub crossings: Vec<CrossingOut<'a>>,
    pub scenarios: Vec<ScenarioOut>,
    pub attack_paths: Vec<PathOut<'a>>,
    pub apps: Vec<AppOut>,
    /// Element IDs in model order, the order the operational diagram
    /// draws them (`report.html` marks a scenario's elements by position).
    #[serde(skip)]
    pub elements: Vec<&'a str>,
    /// Per element (same order as `elements`): the index in `boundaries`
    /// of its innermost boundary, if any (`report.html`'s overview).
    #[serde(skip)]
    pub element_boundary: Vec<Option<usize>>,
    /// Boundaries as `(id, label, parent index)`, in model order.
    #[serde(skip)]
    pub boundaries: Vec<(&'a str, &'a str, Option<usize>)>,
    /// The categories with the headings that fit this model
    /// ([`categories`]).
    #[serde(skip)]
    pub categories: &'static [(&'static str, &'static str); 5],
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct PathOut<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// Every untrusted actor that reaches `to`, `from` among them.
    pub reached_from: Vec<&'a str>,
    pub path: Vec<&'a str>,
    /// The declared flows among the hops, in path order.
    pub flows: Vec<&'a str>,
    /// One per step of `path`: the flow taken, or the namespace whose lack
    /// of a default-deny NetworkPolicy lets the step through.
    pub hops: Vec<HopOut<'a>>,
    pub weaknesses: usize,
    pub threats: Vec<&'a str>,
}

/// One step of an attack path: `{"flow": ID}` or `{"network": NAMESPACE}`.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum HopOut<'a> {
    Flow(&'a str),
    Network(&'a str),
}

impl HopOut<'_> {
    /// The arrow a table draws for the step: `→` along a flow, `⇢` over
    /// the pod network.
    pub fn arrow(self) -> &'static str {
        match self {
            HopOut::Flow(_) => " → ",
            HopOut::Network(_) => " ⇢ ",
        }
    }
}

/// What the `⇢` arrow of a path means, written under the tables that show one.
pub const NETWORK_HOP: &str = "⇢: no declared flow; the workload reaches the next element over the pod network, because that element's namespace has no default-deny NetworkPolicy.";

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ModelInfo<'a> {
    pub title: &'a str,
    pub version: String,
    pub files: Vec<&'a str>,
}

/// Counts by severity (all threats), by status, and open threats by severity.
#[derive(Serialize, Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub none: usize,
    pub total: usize,
    pub open: usize,
    #[serde(rename = "in-progress")]
    pub in_progress: usize,
    pub mitigated: usize,
    pub accepted: usize,
    #[serde(rename = "false-positive")]
    pub false_positive: usize,
    pub expired: usize,
    pub open_by_severity: SeverityCounts,
    pub by_category: Vec<CategoryCount>,
}

#[derive(Serialize, Debug, Clone, PartialEq, Default)]
pub struct SeverityCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub none: usize,
}

impl SeverityCounts {
    fn add(&mut self, s: Severity) {
        match s {
            Severity::Critical => self.critical += 1,
            Severity::High => self.high += 1,
            Severity::Medium => self.medium += 1,
            Severity::Low => self.low += 1,
            Severity::None => self.none += 1,
        }
    }
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct CategoryCount {
    pub category: String,
    pub total: usize,
    pub open: usize,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct TargetOut<'a> {
    pub kind: &'static str,
    pub id: &'a str,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct CvssOut<'a> {
    pub vector: &'a str,
    pub base: f64,
    pub temporal: f64,
    pub environmental: f64,
    pub severity: Severity,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Location<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ThreatOut<'a> {
    pub id: &'a str,
    pub rule: &'a str,
    pub title: &'a str,
    pub target: TargetOut<'a>,
    pub category: &'a str,
    pub stride: &'a [String],
    pub cvss: CvssOut<'a>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub expired: bool,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub crossings: &'a [String],
    pub references: &'a [String],
    pub mitigation: &'a str,
    pub evidence: &'a str,
    pub why: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub description: &'a str,
    pub manual: bool,
    pub location: Location<'a>,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct CrossingOut<'a> {
    pub flow: &'a str,
    pub left: Vec<&'a str>,
    pub entered: Vec<&'a str>,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct AppOut {
    pub id: String,
    pub title: String,
    pub features: Vec<FeatureOut>,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct FeatureOut {
    pub id: String,
    pub title: String,
    pub on: Vec<String>,
    pub threats: Vec<String>,
}

/// The seed categories, in report order, with their headings.
pub const CATEGORIES: [(&str, &str); 5] = [
    ("external-attack", "External attack"),
    (
        "compromised-container-or-node",
        "Compromised container or node",
    ),
    ("compromised-credentials", "Compromised credentials"),
    ("misuse-of-privileges", "Misuse of privileges"),
    ("other", "Other"),
];

/// The same categories with headings for a model without Kubernetes:
/// there is no container or node to compromise, but a host or a component.
pub const GENERIC_CATEGORIES: [(&str, &str); 5] = [
    ("external-attack", "External attack"),
    (
        "compromised-container-or-node",
        "Compromised host or component",
    ),
    ("compromised-credentials", "Compromised credentials"),
    ("misuse-of-privileges", "Misuse of privileges"),
    ("other", "Other"),
];

/// The category headings for `model`: the Kubernetes ones ([`CATEGORIES`])
/// when it declares anything of Kubernetes (a `k8s-` boundary, element or
/// identity kind, or a kubelet), else [`GENERIC_CATEGORIES`]. The category
/// IDs in the outputs are the same either way.
pub fn categories(model: &Model) -> &'static [(&'static str, &'static str); 5] {
    let k8s = |kind: &str| kind.starts_with("k8s-") || kind == "kubelet";
    let kubernetes = model.boundaries.iter().any(|b| k8s(b.kind.as_str()))
        || model.elements.iter().any(|e| k8s(e.kind.as_str()))
        || model.identities.iter().any(|i| k8s(i.kind.as_str()));
    if kubernetes {
        &CATEGORIES
    } else {
        &GENERIC_CATEGORIES
    }
}

fn threat_out<'a>(model: &'a Model, t: &'a Threat) -> ThreatOut<'a> {
    let (file, line, column) = match model.sources.get(t.span.file) {
        Some(f) => {
            let (line, column) = f.line_col(t.span.start);
            (f.name.as_str(), line, column)
        }
        None => ("", 0, 0),
    };
    ThreatOut {
        id: &t.id,
        rule: &t.rule,
        title: &t.title,
        target: TargetOut {
            kind: t.target_kind,
            id: &t.target_id,
        },
        category: &t.category,
        stride: &t.stride,
        cvss: CvssOut {
            vector: &t.scores.vector,
            base: t.scores.base,
            temporal: t.scores.temporal,
            environmental: t.scores.environmental,
            severity: t.scores.severity,
        },
        status: t.status.as_str(),
        reason: t.reason.as_deref(),
        ticket: t.ticket.as_deref(),
        owner: t.owner.as_deref(),
        until: t.until.map(|d| d.to_string()),
        expired: t.expired,
        crossings: &t.crossings,
        references: &t.references,
        mitigation: &t.mitigation,
        evidence: &t.evidence,
        why: &t.why,
        description: &t.description,
        manual: t.manual,
        location: Location { file, line, column },
    }
}

/// Threats of one app feature: on its elements, or on flows between them.
pub fn feature_threats<'a>(
    model: &Model,
    on: &[ElementId],
    threats: &'a [Threat],
) -> Vec<&'a Threat> {
    threats
        .iter()
        .filter(|t| match t.target {
            TargetRef::Element(e) => on.contains(&e),
            TargetRef::Flow(f) => {
                on.contains(&model.flows[f].source) && on.contains(&model.flows[f].target)
            }
            _ => false,
        })
        .collect()
}

/// How many attack paths the Markdown and HTML tables show; `threats.json`
/// has all of them.
pub const PATHS_SHOWN: usize = 100;

/// The attack paths a table shows: at most [`PATHS_SHOWN`], the most weak
/// hops first, then the shortest, then by start and end.
pub fn ranked_paths<'r, 'a>(paths: &'r [PathOut<'a>]) -> Vec<&'r PathOut<'a>> {
    let mut ranked: Vec<&PathOut> = paths.iter().collect();
    ranked.sort_by(|a, b| {
        b.weaknesses
            .cmp(&a.weaknesses)
            .then(a.path.len().cmp(&b.path.len()))
            .then(a.from.cmp(b.from))
            .then(a.to.cmp(b.to))
    });
    ranked.truncate(PATHS_SHOWN);
    ranked
}

/// The untrusted actors that reach a path's end, other than its start.
pub fn others<'a>(p: &PathOut<'a>) -> Vec<&'a str> {
    p.reached_from
        .iter()
        .copied()
        .filter(|&a| a != p.from)
        .collect()
}

/// Joins the analysis with the model.
pub fn report<'a>(model: &'a Model, analysis: &'a Analysis) -> Report<'a> {
    let mut summary = Summary::default();
    for t in &analysis.threats {
        summary.total += 1;
        match t.scores.severity {
            Severity::Critical => summary.critical += 1,
            Severity::High => summary.high += 1,
            Severity::Medium => summary.medium += 1,
            Severity::Low => summary.low += 1,
            Severity::None => summary.none += 1,
        }
        match t.status {
            Status::Open => summary.open += 1,
            Status::InProgress => summary.in_progress += 1,
            Status::Mitigated => summary.mitigated += 1,
            Status::Accepted => summary.accepted += 1,
            Status::FalsePositive => summary.false_positive += 1,
        }
        if t.expired {
            summary.expired += 1;
        }
        if t.status.is_open() {
            summary.open_by_severity.add(t.scores.severity);
        }
    }
    summary.by_category = CATEGORIES
        .iter()
        .map(|(c, _)| CategoryCount {
            category: c.to_string(),
            total: analysis
                .threats
                .iter()
                .filter(|t| &*t.category == *c)
                .count(),
            open: analysis
                .threats
                .iter()
                .filter(|t| &*t.category == *c && t.status.is_open())
                .count(),
        })
        .collect();
    let crossings = analysis
        .crossings
        .iter()
        .filter(|c| c.crosses())
        .map(|c| CrossingOut {
            flow: &model.flows[c.flow].id,
            left: c
                .left
                .iter()
                .map(|&b| model.boundaries[b].id.as_str())
                .collect(),
            entered: c
                .entered
                .iter()
                .map(|&b| model.boundaries[b].id.as_str())
                .collect(),
        })
        .collect();
    let scenarios = model
        .scenarios
        .iter()
        .zip(&analysis.scenarios)
        .map(|(s, r)| super::scenario_out::scenario_out(model, s, r))
        .collect();
    let attack_paths = analysis
        .attack_paths
        .iter()
        .map(|p| PathOut {
            from: &model.elements[p.from].id,
            to: &model.elements[p.to].id,
            reached_from: p
                .reached_from
                .iter()
                .map(|&e| model.elements[e].id.as_str())
                .collect(),
            path: p
                .elements
                .iter()
                .map(|&e| model.elements[e].id.as_str())
                .collect(),
            flows: p
                .hops
                .iter()
                .filter_map(|h| match *h {
                    Hop::Flow(f) => Some(model.flows[f].id.as_str()),
                    Hop::Network { .. } => None,
                })
                .collect(),
            hops: p
                .hops
                .iter()
                .map(|h| match *h {
                    Hop::Flow(f) => HopOut::Flow(&model.flows[f].id),
                    Hop::Network { namespace, .. } => {
                        HopOut::Network(&model.boundaries[namespace].id)
                    }
                })
                .collect(),
            weaknesses: p.weaknesses,
            threats: p
                .threats
                .iter()
                .map(|&i| analysis.threats[i].id.as_str())
                .collect(),
        })
        .collect();
    let apps = model
        .apps
        .iter()
        .map(|a| AppOut {
            id: a.id.clone(),
            title: a.label.clone(),
            features: a
                .features
                .iter()
                .map(|f| FeatureOut {
                    id: f.id.clone(),
                    title: f.label.clone(),
                    on: f.on.iter().map(|&e| model.elements[e].id.clone()).collect(),
                    threats: feature_threats(model, &f.on, &analysis.threats)
                        .iter()
                        .map(|t| t.id.clone())
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Report {
        model: ModelInfo {
            title: &model.title,
            version: model
                .settings
                .get(Key::Version)
                .map(|v| v.display())
                .unwrap_or_default(),
            files: model
                .sources
                .files
                .iter()
                .map(|f| f.name.as_str())
                .collect(),
        },
        summary,
        threats: analysis
            .threats
            .iter()
            .map(|t| threat_out(model, t))
            .collect(),
        crossings,
        scenarios,
        attack_paths,
        apps,
        elements: model.elements.iter().map(|e| e.id.as_str()).collect(),
        element_boundary: (model.elements.iter())
            .map(|e| e.boundary.map(BoundaryId::index))
            .collect(),
        boundaries: model
            .boundaries
            .iter()
            .map(|b| {
                (
                    b.id.as_str(),
                    b.label.as_str(),
                    b.parent.map(BoundaryId::index),
                )
            })
            .collect(),
        categories: categories(model),
    }
}

impl CvssOut<'_> {
    pub fn severity_str(&self) -> &'static str {
        self.severity.as_str()
    }
}
