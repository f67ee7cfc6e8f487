//! The region a scenario reaches, as a model of its own: the elements the
//! attacker controls or reaches, the boundaries that contain them, and a
//! stub for each direct neighbour (an element one flow away), with the
//! flows among them. A scenario diagram draws this reduced model, so its
//! size is bounded by the scenario's reach, not by the whole model.
//!
//! Stubs keep their ID, label, shape and boundary (so a flow to one crosses
//! the same boundaries as in the whole model) but lose their kind, which
//! becomes the word [`STUB_KIND`], and are drawn untouched. Flows between
//! two stubs are left out. Order follows the whole model's, so the region
//! is deterministic.

use super::svg::Highlight;
use crate::analysis::attack::{Asset, Reach};
use crate::model::{Element, Flow, Model};
use std::collections::BTreeMap;

/// The kind shown under a stub's label.
pub const STUB_KIND: &str = "neighbour (not reached)";

/// A scenario's region: the reduced model and the highlight of each of its
/// elements (controlled, reachable, or untouched for a stub).
pub struct Region {
    pub model: Model,
    pub highlight: BTreeMap<String, Highlight>,
}

/// The region of `model` that `reach` covers.
pub fn region(model: &Model, reach: &Reach) -> Region {
    let n = model.elements.len();
    // What each element is to the scenario, indexed like model.elements.
    let mut role: Vec<Option<Highlight>> = vec![None; n];
    for a in reach.in_order() {
        match a {
            Asset::Control(e) if e < n => role[e] = Some(Highlight::Controlled),
            Asset::Reach(e) if e < n && role[e].is_none() => role[e] = Some(Highlight::Reachable),
            _ => {}
        }
    }
    let hit: Vec<bool> = role.iter().map(Option::is_some).collect();
    let reached = |e: usize| hit.get(e).copied().unwrap_or(false);
    for f in &model.flows {
        if reached(f.source) && role[f.target].is_none() {
            role[f.target] = Some(Highlight::Untouched);
        } else if reached(f.target) && role[f.source].is_none() {
            role[f.source] = Some(Highlight::Untouched);
        }
    }
    let mut keep_boundary = vec![false; model.boundaries.len()];
    for (e, r) in model.elements.iter().zip(&role) {
        if r.is_some() {
            for b in model.boundary_chain(e.boundary) {
                if let Some(k) = keep_boundary.get_mut(b) {
                    *k = true;
                }
            }
        }
    }
    // Old index → new index, for boundaries and elements.
    let boundary_map = renumber(&keep_boundary);
    let boundaries = model
        .boundaries
        .iter()
        .zip(&keep_boundary)
        .filter(|(_, k)| **k)
        .map(|(b, _)| {
            let mut b = b.clone();
            b.parent = b
                .parent
                .and_then(|p| boundary_map.get(p).copied().flatten());
            b
        })
        .collect();
    let kept: Vec<bool> = role.iter().map(Option::is_some).collect();
    let element_map = renumber(&kept);
    let mut highlight = BTreeMap::new();
    let elements = model
        .elements
        .iter()
        .zip(&role)
        .filter_map(|(e, r)| r.map(|h| (e, h)))
        .map(|(e, h)| {
            highlight.insert(e.id.clone(), h);
            region_element(e, h, &boundary_map)
        })
        .collect();
    let flows = model
        .flows
        .iter()
        .filter(|f| reached(f.source) || reached(f.target))
        .filter_map(|f| {
            Some(Flow {
                source: element_map.get(f.source).copied().flatten()?,
                target: element_map.get(f.target).copied().flatten()?,
                carries: Vec::new(),
                returns: Vec::new(),
                credential: None,
                ..f.clone()
            })
        })
        .collect();
    Region {
        model: Model {
            title: model.title.clone(),
            boundaries,
            elements,
            flows,
            ..Model::default()
        },
        highlight,
    }
}

/// An element of the region: references to parts of the model the region
/// does not carry are dropped; a stub loses its kind.
fn region_element(e: &Element, h: Highlight, boundary_map: &[Option<usize>]) -> Element {
    Element {
        kind: if h == Highlight::Untouched {
            STUB_KIND.to_string()
        } else {
            e.kind.clone()
        },
        boundary: e
            .boundary
            .and_then(|b| boundary_map.get(b).copied().flatten()),
        runs_as: None,
        stores: Vec::new(),
        ..e.clone()
    }
}

/// The new index of each kept item, in order.
fn renumber(keep: &[bool]) -> Vec<Option<usize>> {
    let mut next = 0;
    keep.iter()
        .map(|&k| {
            k.then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario that reaches no element gets an empty region, which is
    /// still drawn (title and legend) rather than failing.
    #[test]
    fn empty_reach_gives_an_empty_region() {
        let text =
            "model \"m\" { version \"1\" }\nprocess a \"A\"\nprocess b \"B\"\nflow a -> b \"x\"\n";
        let r = crate::resolve::resolve_str("m.vast", text);
        assert!(!r.has_errors(), "{:?}", r.diags);
        let region = region(&r.model, &Reach::default());
        assert!(region.model.elements.is_empty() && region.model.flows.is_empty());
        let svg = crate::emit::svg::operational(&region.model, &Default::default());
        assert!(svg.is_ok_and(|s| !s.contains("class=\"element")));
    }
}
