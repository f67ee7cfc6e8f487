//! A resolved model compared without positions: what `fmt` must keep.

use vastc::model::Model;
use vastc::source::Span;

/// The resolved model without spans or sources, user rules' `when` as text.
pub fn projection(m: &Model) -> String {
    let mut m = m.clone();
    let none = Span::default();
    m.sources = Default::default();
    m.rules.retain(|r| !r.builtin);
    let whens: Vec<String> = m
        .rules
        .iter()
        .map(|r| r.when.as_ref().map(|e| e.to_string()).unwrap_or_default())
        .collect();
    for r in &mut m.rules {
        r.when = None;
        r.span = none;
    }
    m.data.iter_mut().for_each(|x| x.span = none);
    m.boundaries.iter_mut().for_each(|x| x.span = none);
    m.elements.iter_mut().for_each(|x| x.span = none);
    m.flows.iter_mut().for_each(|x| x.span = none);
    for i in &mut m.identities {
        i.span = none;
        i.grants.iter_mut().for_each(|g| g.span = none);
    }
    for a in &mut m.apps {
        a.span = none;
        a.steps.iter_mut().for_each(|s| s.span = none);
        for f in &mut a.features {
            f.span = none;
            f.widgets.iter_mut().for_each(|w| w.span = none);
        }
    }
    m.risks.iter_mut().for_each(|x| x.span = none);
    m.threats.iter_mut().for_each(|x| x.span = none);
    m.scenarios.iter_mut().for_each(|x| x.span = none);
    format!("{m:#?}\n{whens:#?}")
}
