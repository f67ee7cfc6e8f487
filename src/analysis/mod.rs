//! Analysis: trust-boundary crossings, the rule engine over the built-in
//! catalogue and the model's own rules, CVSS scoring and risk decisions.
//! [`analyze`] is the stage's one entry.

pub mod attack;
pub mod content;
pub mod context;
pub mod crossings;
pub mod eval;
pub mod explain;
pub mod network;
pub mod paths;
pub mod risk;
pub mod rules;
pub mod score;
pub mod threat;

pub use crossings::{Crossing, crossing, crossings};
pub use threat::{Scores, Severity, Status, Threat};

use crate::diagnostic::Diag;
use crate::model::Date;
use crate::model::{FlowId, IdVec, Model};
use crate::timings::{Observer, Unobserved, observe};

/// What the analysis found.
pub struct Analysis {
    /// Sorted by severity (highest first), then ID.
    pub threats: Vec<Threat>,
    pub crossings: IdVec<FlowId, Crossing>,
    /// One result per `scenario`, in declaration order.
    pub scenarios: Vec<attack::Reach>,
    pub attack_paths: Vec<paths::AttackPath>,
    pub warnings: Vec<Diag>,
}

/// Runs every rule, scores every threat and applies the risk decisions as of `today`.
pub fn analyze(model: &Model, today: Date) -> Analysis {
    analyze_observed(model, today, &Unobserved)
}

/// [`analyze`], reporting each step to `observer` as it finishes.
pub fn analyze_observed(model: &Model, today: Date, observer: &dyn Observer) -> Analysis {
    let cx = observe(observer, "analysis: context and crossings", || {
        context::Context::new(model)
    });
    let mut threats = observe(observer, "analysis: rules and scores", || rules::run(&cx));
    let warnings = observe(observer, "analysis: risk decisions", || {
        let warnings = risk::apply(model, &mut threats, today);
        threats.sort_by(|a, b| {
            b.scores
                .severity
                .cmp(&a.scores.severity)
                .then_with(|| a.id.cmp(&b.id))
        });
        warnings
    });
    let scenarios = observe(observer, "analysis: scenarios", || {
        model
            .scenarios
            .iter()
            .map(|s| attack::explore(&cx, &s.compromise))
            .collect()
    });
    let attack_paths = observe(observer, "analysis: attack paths", || {
        paths::attack_paths(&cx, &threats)
    });
    Analysis {
        threats,
        crossings: cx.crossings,
        scenarios,
        attack_paths,
        warnings,
    }
}
