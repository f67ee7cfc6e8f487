//! The region a scenario reaches, as a model of its own: the elements the
//! attacker controls or reaches, the boundaries that contain them, and a
//! stub for each direct neighbour (an element one flow away), with the
//! flows among them. A scenario diagram draws this reduced model, capped
//! at the first [`MAX_DRAWN`] elements reached and [`MAX_STUBS`] stubs,
//! with one box counting what is left out: its size is bounded by a
//! constant, not by the model or the scenario's reach.
//!
//! Stubs keep their ID, label, shape and boundary (so a flow to one crosses
//! the same boundaries as in the whole model) but are drawn untouched, with
//! the words [`STUB_KIND`] in place of their kind ([`captions`]). Flows between
//! two stubs are left out. Order follows the whole model's, so the region
//! is deterministic.

use super::svg::Highlight;
use crate::analysis::attack::{Asset, Reach};
use crate::model::{
    BoundaryId, Element, ElementId, ElementKind, ElementType, Flow, FlowId, IdVec, Idx, Model,
};
use std::collections::BTreeMap;

/// The words shown under a stub's label in place of its kind.
pub const STUB_KIND: &str = "neighbour (not reached)";

/// Most reached (or controlled) elements a scenario diagram draws: the
/// first found, which are the closest to the compromise.
pub const MAX_DRAWN: usize = 40;

/// Most neighbour stubs a scenario diagram draws.
pub const MAX_STUBS: usize = 40;

/// Most flows a scenario diagram draws (parallel flows between drawn
/// elements are not bounded by the element caps).
pub const MAX_FLOWS: usize = 200;

/// The ID of the box that counts what is not drawn. It cannot be a model
/// ID (`+` is not allowed in one).
pub const MORE_ID: &str = "+more";

/// The text shown under the label of the box that counts what is not drawn.
pub const MORE_CAPTION: &str = "not drawn: threats.json lists every finding";

/// The captions of a region's drawing ([`super::svg::DiagramOptions`]):
/// `stub` under each stub's label (untouched in `highlight`) and
/// [`MORE_CAPTION`] under the box counting what is not drawn.
pub fn captions(highlight: &BTreeMap<String, Highlight>, stub: &str) -> BTreeMap<String, String> {
    highlight
        .iter()
        .filter_map(|(id, h)| {
            let caption = if id == MORE_ID {
                MORE_CAPTION
            } else if *h == Highlight::Untouched {
                stub
            } else {
                return None;
            };
            Some((id.clone(), caption.to_string()))
        })
        .collect()
}

/// A scenario's region: the reduced model and the highlight of each of its
/// elements (controlled, reachable, or untouched for a stub).
pub struct Region {
    pub model: Model,
    pub highlight: BTreeMap<String, Highlight>,
    /// Reached elements not drawn (beyond [`MAX_DRAWN`]).
    pub more_reached: usize,
    /// Neighbours not drawn as stubs (beyond [`MAX_STUBS`]).
    pub more_neighbours: usize,
    /// Flows among drawn elements not drawn (beyond [`MAX_FLOWS`]).
    pub more_flows: usize,
}

/// The region of `model` that `reach` covers, capped: the first
/// [`MAX_DRAWN`] elements reached, at most [`MAX_STUBS`] stubs for their
/// unreached neighbours, and, when anything is left out, one box (ID
/// [`MORE_ID`]) saying how many reached elements, neighbours and flows are
/// not drawn. A drawing is thus at most 81 elements and [`MAX_FLOWS`]
/// flows, whatever the model and the reach.
pub fn region(model: &Model, reach: &Reach) -> Region {
    let n = model.elements.len();
    // What each element is to the scenario.
    let mut role: IdVec<ElementId, Option<Highlight>> = IdVec::filled(None, n);
    // Reached elements in the order found (the first is the compromise).
    let mut found = Vec::new();
    for a in reach.in_order() {
        match a {
            Asset::Control(e) if role.get(e).is_some() => {
                if role[e].is_none() {
                    found.push(e);
                }
                role[e] = Some(Highlight::Controlled);
            }
            Asset::Reach(e) if role.get(e).is_some_and(Option::is_none) => {
                found.push(e);
                role[e] = Some(Highlight::Reachable);
            }
            _ => {}
        }
    }
    let reached: IdVec<ElementId, bool> = role.iter().map(Option::is_some).collect();
    let more_reached = found.len().saturating_sub(MAX_DRAWN);
    // Reached elements beyond the cap are not drawn.
    for &e in found.iter().skip(MAX_DRAWN) {
        role[e] = None;
    }
    let drawn: IdVec<ElementId, bool> = role.iter().map(Option::is_some).collect();
    let is_drawn = |e: ElementId| drawn.get(e).copied().unwrap_or(false);
    let is_reached = |e: ElementId| reached.get(e).copied().unwrap_or(false);
    // Unreached neighbours of drawn elements, in flow order, each once.
    let mut neighbours = Vec::new();
    let mut seen = IdVec::filled(false, n);
    for f in &model.flows {
        let other = if is_drawn(f.source) {
            f.target
        } else if is_drawn(f.target) {
            f.source
        } else {
            continue;
        };
        if !is_reached(other) && seen.get(other) == Some(&false) {
            seen[other] = true;
            neighbours.push(other);
        }
    }
    let more_neighbours = neighbours.len().saturating_sub(MAX_STUBS);
    for &e in neighbours.iter().take(MAX_STUBS) {
        role[e] = Some(Highlight::Untouched);
    }
    let (reduced, highlight, more_flows) =
        reduce(model, &role, &drawn, (more_reached, more_neighbours));
    Region {
        model: reduced,
        highlight,
        more_reached,
        more_neighbours,
        more_flows,
    }
}

/// The model reduced to the elements with a role (`role`, indexed like the
/// model's elements), the boundaries that contain them and the flows with
/// at least one end among `drawn` and both ends kept (at most
/// [`MAX_FLOWS`]); stubs are untouched. When
/// anything is left out (`more`: elements reached and neighbours not
/// drawn, and flows beyond the cap) one more box counts it. Returns the
/// model, each element's highlight and the flows not drawn.
pub(super) fn reduce(
    model: &Model,
    role: &IdVec<ElementId, Option<Highlight>>,
    drawn: &IdVec<ElementId, bool>,
    more: (usize, usize),
) -> (Model, BTreeMap<String, Highlight>, usize) {
    let (more_reached, more_neighbours) = more;
    let is_drawn = |e: ElementId| drawn.get(e).copied().unwrap_or(false);
    let mut keep_boundary = IdVec::filled(false, model.boundaries.len());
    for (e, r) in model.elements.iter().zip(role) {
        if r.is_some() {
            for b in model.boundary_chain(e.boundary) {
                if let Some(k) = keep_boundary.get_mut(b) {
                    *k = true;
                }
            }
        }
    }
    // Old index → new index, for boundaries and elements.
    let boundary_map: IdVec<BoundaryId, Option<BoundaryId>> = renumber(&keep_boundary);
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
    let kept: IdVec<ElementId, bool> = role.iter().map(Option::is_some).collect();
    let element_map: IdVec<ElementId, Option<ElementId>> = renumber(&kept);
    let mut highlight = BTreeMap::new();
    let mut elements: IdVec<ElementId, Element> = model
        .elements
        .iter()
        .zip(role)
        .filter_map(|(e, r)| r.map(|h| (e, h)))
        .map(|(e, h)| {
            highlight.insert(e.id.clone(), h);
            region_element(e, &boundary_map)
        })
        .collect();
    // Flows with both ends drawn, at least one of them reached.
    let mut flows: IdVec<FlowId, Flow> = model
        .flows
        .iter()
        .filter(|f| is_drawn(f.source) || is_drawn(f.target))
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
    let more_flows = flows.len().saturating_sub(MAX_FLOWS);
    flows.truncate(MAX_FLOWS);
    if more_reached > 0 || more_neighbours > 0 || more_flows > 0 {
        highlight.insert(MORE_ID.to_string(), Highlight::Reachable);
        elements.push(more_box(more_reached, more_neighbours, more_flows));
    }
    let reduced = Model {
        title: model.title.clone(),
        boundaries,
        elements,
        flows,
        ..Model::default()
    };
    (reduced, highlight, more_flows)
}

/// The box that says how much of the region is not drawn.
pub(super) fn more_box(reached: usize, neighbours: usize, flows: usize) -> Element {
    let mut parts = Vec::new();
    if reached > 0 {
        parts.push(format!("+ {reached} more reached"));
    }
    if neighbours > 0 {
        parts.push(format!("+ {neighbours} more neighbours"));
    }
    if flows > 0 {
        parts.push(format!("+ {flows} more flows"));
    }
    Element {
        id: MORE_ID.to_string(),
        label: parts.join(", "),
        ty: ElementType::Process,
        // Drawn with [`MORE_CAPTION`] in its place.
        kind: ElementKind::Service,
        boundary: None,
        runs_as: None,
        stores: Vec::new(),
        settings: Default::default(),
        span: Default::default(),
    }
}

/// An element of the region: references to parts of the model the region
/// does not carry are dropped.
pub(super) fn region_element(
    e: &Element,
    boundary_map: &IdVec<BoundaryId, Option<BoundaryId>>,
) -> Element {
    Element {
        boundary: e
            .boundary
            .and_then(|b| boundary_map.get(b).copied().flatten()),
        runs_as: None,
        stores: Vec::new(),
        ..e.clone()
    }
}

/// The new ID of each kept item, in order: the kept items of one model
/// become the items of another, so `I` and `J` are IDs of different models.
fn renumber<I: Idx, J: Idx>(keep: &IdVec<I, bool>) -> IdVec<I, Option<J>> {
    let mut next = 0;
    keep.iter()
        .map(|&k| {
            k.then(|| {
                next += 1;
                J::new(next - 1)
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
