//! The threat: one finding of a rule on one target, or one written by hand,
//! with its CVSS scores and the status the risk decisions give it.

use crate::model::Date;
use crate::model::TargetRef;
use crate::source::Span;
use std::sync::Arc;

/// Qualitative severity of a CVSS score (the standard scale).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::None,
    ];

    /// From a 0.0–10.0 score: 0 none, <4 low, <7 medium, <9 high, else critical.
    pub fn from_score(score: f64) -> Severity {
        match score {
            s if s <= 0.0 => Severity::None,
            s if s < 4.0 => Severity::Low,
            s if s < 7.0 => Severity::Medium,
            s if s < 9.0 => Severity::High,
            _ => Severity::Critical,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// CVSS scores of a threat.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    pub vector: String,
    pub base: f64,
    pub temporal: f64,
    pub environmental: f64,
    pub severity: Severity,
}

/// Where a threat stands (the model's word, which risk decisions give).
pub use crate::model::Status;

/// One threat.
#[derive(Clone, Debug, PartialEq)]
pub struct Threat {
    /// `RULE@TARGET`, or a manual threat's own ID.
    pub id: String,
    /// The rule, or the manual threat's ID. The rule's own texts are shared
    /// by all its threats (`Arc`): tens of thousands of threats of a large
    /// model hold each rule's description and mitigation once.
    pub rule: Arc<str>,
    pub title: Arc<str>,
    pub target: TargetRef,
    /// `process`, `store`, `actor`, `flow`, `boundary`, `identity` or `data`.
    pub target_kind: &'static str,
    pub target_id: String,
    pub category: Arc<str>,
    pub stride: Arc<[String]>,
    pub scores: Scores,
    pub status: Status,
    pub reason: Option<String>,
    pub ticket: Option<String>,
    pub owner: Option<String>,
    pub until: Option<Date>,
    /// An acceptance whose `until` has passed.
    pub expired: bool,
    /// For flows: IDs of the boundaries left, then entered.
    pub crossings: Vec<String>,
    pub references: Arc<[String]>,
    pub mitigation: Arc<str>,
    /// Why it fired: the facts of the model that support it, in the rule
    /// expression's terms.
    pub evidence: String,
    /// The same facts as sentences for people to read.
    pub why: String,
    pub description: Arc<str>,
    /// The declaration it is about (the target's; a manual threat's own).
    pub span: Span,
    pub manual: bool,
}
