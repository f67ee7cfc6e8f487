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

/// Orders threats worst first, then by ID, keeping the order of equals.
/// A threat is a few hundred bytes: a stable sort of tens of thousands
/// moved each one some twenty times (4% of the instructions of `vastc
/// check` of 10,000 elements), so their positions are sorted and the
/// threats then moved into place, each by a swap or two.
fn sort_threats(threats: &mut [Threat]) {
    let mut order: Vec<usize> = (0..threats.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&threats[a], &threats[b]);
        b.scores
            .severity
            .cmp(&a.scores.severity)
            .then_with(|| a.id.cmp(&b.id))
    });
    permute(threats, order);
}

/// Reorders `items` so that position k holds what was at `order[k]`
/// (`order` a permutation of the positions), in place: each cycle of the
/// permutation is walked once, its entries marked done as they are.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    if order.len() != items.len() {
        return;
    }
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at || from >= items.len() {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
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
        sort_threats(&mut threats);
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

/// The analysis warnings alone, as [`analyze`] gives them, for `check`.
/// They come only from risk decisions, and a decision only matches
/// threats of its own rule (IDs are `RULE@TARGET`), so only the rules
/// and manual threats some `risk` names are run: none for a model
/// without decisions.
pub fn warnings(model: &Model, today: Date) -> Vec<Diag> {
    if model.risks.is_empty() {
        return Vec::new();
    }
    let cx = context::Context::new(model);
    let named: std::collections::HashSet<&str> =
        model.risks.iter().map(|r| r.rule.as_str()).collect();
    let mut threats = rules::run_selected(&cx, |id| named.contains(id));
    risk::apply(model, &mut threats, today)
}

#[cfg(test)]
mod tests {
    use super::permute;

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        // Cycles of one, two and three positions, and a fixed point.
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        permute(&mut items, vec![1, 0, 2, 5, 3, 4]);
        assert_eq!(items, vec!['b', 'a', 'c', 'f', 'd', 'e']);
        // Sorting positions by key then permuting sorts the items.
        let mut words = vec!["pear", "fig", "apple", "kiwi", "date"];
        let mut order: Vec<usize> = (0..words.len()).collect();
        order.sort_by_key(|&i| words[i]);
        permute(&mut words, order);
        assert_eq!(words, vec!["apple", "date", "fig", "kiwi", "pear"]);
        // A list that is not a permutation of the positions changes nothing
        // it should not and never panics.
        let mut short = vec![1, 2, 3];
        permute(&mut short, vec![0, 1]);
        assert_eq!(short, vec![1, 2, 3]);
        permute(&mut short, vec![2, 9, 0]);
        assert_eq!(short.len(), 3);
    }
}
