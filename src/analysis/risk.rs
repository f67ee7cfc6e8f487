//! Risk decisions: each `risk RULE on TARGET` sets the status of the threats
//! it matches; an exact target wins over `*`; an acceptance past its `until`
//! date counts as open again; a decision that matches nothing is a warning.

use super::threat::{Status, Threat};
use crate::diagnostic::Diag;
use crate::model::Date;
use crate::model::{Model, Risk, TargetRef};

/// Applies the model's risk decisions; returns warnings.
pub fn apply(model: &Model, threats: &mut [Threat], today: Date) -> Vec<Diag> {
    let mut used = vec![false; model.risks.len()];
    let mut diags = Vec::new();
    for t in threats.iter_mut() {
        let exact = model.risks.iter().position(|r| {
            *r.rule == *t.rule && r.target != TargetRef::Any && r.target_key == t.target_id
        });
        let any = model
            .risks
            .iter()
            .position(|r| *r.rule == *t.rule && r.target == TargetRef::Any);
        let Some(i) = exact.or(any) else { continue };
        used[i] = true;
        decide(&model.risks[i], t, today, &mut diags);
    }
    for (i, r) in model.risks.iter().enumerate() {
        if !used[i] {
            diags.push(
                Diag::warning(
                    "vast::analysis::unused_risk",
                    format!("`risk {} on {}` matches no threat", r.rule, r.target_key),
                    r.span,
                )
                .label("no generated threat has this rule and target")
                .help("the threat may be gone (good), or the target may be misspelled; remove the decision or fix its target"),
            );
        }
    }
    diags
}

fn decide(r: &Risk, t: &mut Threat, today: Date, diags: &mut Vec<Diag>) {
    t.status = r.status;
    t.reason = r.reason.clone().or(t.reason.take());
    t.ticket = r.ticket.clone().or(t.ticket.take());
    t.owner = r.owner.clone().or(t.owner.take());
    t.until = r.until;
    if t.status == Status::Accepted && r.until.is_some_and(|u| u < today) {
        t.status = Status::Open;
        t.expired = true;
        diags.push(
            Diag::warning(
                "vast::analysis::expired_acceptance",
                format!(
                    "the acceptance of {} expired on {}",
                    t.id,
                    r.until.map(|u| u.to_string()).unwrap_or_default()
                ),
                r.span,
            )
            .label("accepted until a date that has passed")
            .help("review the risk: extend `until`, mitigate it, or let it count as open"),
        );
    }
}
