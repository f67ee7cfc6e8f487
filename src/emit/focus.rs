//! Per-boundary focus views of a large model: `focus-<boundary>.svg`, one
//! for each boundary that is small enough to read on its own but sits in
//! one that is not (or at the top). Each view draws the boundary's
//! elements in full (badges, trust styling, `as IDENTITY`) inside the
//! boundaries that contain them, and each neighbour outside — an element
//! one flow away — as a dimmed stub, so the flows in and out of the zone
//! stay visible. A model of at most [`FOCUS_ABOVE`] elements gets no
//! views: its operational diagram reads whole.

use super::diagrams::file_name;
use super::scenario_region::{MAX_FLOWS, MAX_STUBS, MORE_ID, captions, more_box, region_element};
use super::svg::{self, DiagramOptions, Highlight};
use crate::model::{BoundaryId, Element, ElementId, Flow, FlowId, IdVec, Idx, Model};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Models with more elements than this get focus views.
pub const FOCUS_ABOVE: usize = 60;

/// Most elements a focus view draws from inside its boundary: a boundary
/// holding more is split into views of its nested boundaries.
pub const MAX_VIEW: usize = 150;

/// The words shown under a stub's label in place of its kind.
pub const STUB_KIND: &str = "outside this view";

/// The boundaries that get a view, in model order: each holds between 1
/// and [`MAX_VIEW`] elements (at any depth) and is top-level or nested in
/// a boundary holding more. Empty when the model is small.
pub fn focused(model: &Model) -> Vec<BoundaryId> {
    if model.elements.len() <= FOCUS_ABOVE {
        return Vec::new();
    }
    let nb = model.boundaries.len();
    let mut held: IdVec<BoundaryId, usize> = IdVec::filled(0, nb);
    for e in &model.elements {
        for b in model.boundary_chain(e.boundary) {
            if let Some(h) = held.get_mut(b) {
                *h += 1;
            }
        }
    }
    held.ids()
        .filter(|&b| {
            let fits = (1..=MAX_VIEW).contains(&held[b]);
            let parent_too_big = model.boundaries[b]
                .parent
                .is_none_or(|p| held.get(p).is_some_and(|&h| h > MAX_VIEW));
            fits && parent_too_big
        })
        .collect()
}

/// What every view needs, computed once for the whole model: the
/// elements of each focused boundary and the flows at each element.
struct Index {
    focused: Vec<BoundaryId>,
    /// Per focused boundary (same order), its elements in model order.
    members: Vec<Vec<ElementId>>,
    /// Per element, the focused boundary (position in `focused`) holding it.
    view_of: IdVec<ElementId, Option<usize>>,
    /// Per element, the flows at it (either end), in flow order.
    flows_at: IdVec<ElementId, Vec<FlowId>>,
}

impl Index {
    fn new(model: &Model) -> Index {
        let focused = focused(model);
        let mut view_at_boundary = IdVec::filled(None, model.boundaries.len());
        for (k, &b) in focused.iter().enumerate() {
            view_at_boundary[b] = Some(k);
        }
        let mut members = vec![Vec::new(); focused.len()];
        let mut view_of = IdVec::filled(None, model.elements.len());
        for (e, el) in model.elements.iter_enumerated() {
            // Focused boundaries do not nest, so at most one holds `e`.
            let k = model
                .boundary_chain(el.boundary)
                .into_iter()
                .find_map(|b| view_at_boundary.get(b).copied().flatten());
            if let Some(k) = k {
                members[k].push(e);
                view_of[e] = Some(k);
            }
        }
        let mut flows_at = IdVec::filled(Vec::new(), model.elements.len());
        for (i, f) in model.flows.iter_enumerated() {
            if let Some(at) = flows_at.get_mut(f.source) {
                at.push(i);
            }
            if f.target != f.source
                && let Some(at) = flows_at.get_mut(f.target)
            {
                at.push(i);
            }
        }
        Index {
            focused,
            members,
            view_of,
            flows_at,
        }
    }

    /// The reduced model of view `k` and each element's highlight
    /// (members `focus`, stubs `untouched`). Its cost is that of the view's
    /// members and their flows, not the model's.
    fn view(&self, model: &Model, k: usize) -> (Model, BTreeMap<String, Highlight>) {
        let members = &self.members[k];
        let is_member = |e: ElementId| self.view_of.get(e).copied().flatten() == Some(k);
        let mut at: Vec<FlowId> = members
            .iter()
            .flat_map(|&e| self.flows_at[e].iter().copied())
            .collect();
        at.sort_unstable();
        at.dedup();
        // Neighbours outside, in flow order, each once.
        let mut neighbours: Vec<ElementId> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for &i in &at {
            let f = &model.flows[i];
            for other in [f.source, f.target] {
                if !is_member(other) && seen.insert(other) {
                    neighbours.push(other);
                }
            }
        }
        let more_neighbours = neighbours.len().saturating_sub(MAX_STUBS);
        neighbours.truncate(MAX_STUBS);
        let mut kept: Vec<(ElementId, Highlight)> = members
            .iter()
            .map(|&e| (e, Highlight::Focus))
            .chain(neighbours.iter().map(|&e| (e, Highlight::Untouched)))
            .collect();
        kept.sort_unstable();
        let mut boundaries: Vec<BoundaryId> = kept
            .iter()
            .flat_map(|&(e, _)| model.boundary_chain(model.elements[e].boundary))
            .collect();
        boundaries.sort_unstable();
        boundaries.dedup();
        // The reduced model's boundaries are `boundaries`, in order.
        let new_boundary = |b: BoundaryId| boundaries.binary_search(&b).ok().map(BoundaryId::new);
        // The reduced model's elements are `kept`, in order.
        let new_element = |e: ElementId| {
            kept.binary_search_by_key(&e, |&(x, _)| x)
                .ok()
                .map(ElementId::new)
        };
        let mut highlight = BTreeMap::new();
        let mut elements: IdVec<ElementId, Element> = IdVec::new();
        let boundary_map: IdVec<BoundaryId, Option<BoundaryId>> =
            model.boundaries.ids().map(new_boundary).collect();
        for &(e, h) in &kept {
            let el = &model.elements[e];
            highlight.insert(el.id.clone(), h);
            let mut element = region_element(el, &boundary_map);
            // Focus views keep the identity a member runs as out of the
            // reduced model (it has no identities); the tooltip loses it.
            element.runs_as = None;
            elements.push(element);
        }
        let mut flows: IdVec<FlowId, Flow> = at
            .iter()
            .filter_map(|&i| {
                let f = &model.flows[i];
                Some(Flow {
                    source: new_element(f.source)?,
                    target: new_element(f.target)?,
                    carries: Vec::new(),
                    returns: Vec::new(),
                    credential: None,
                    ..f.clone()
                })
            })
            .collect();
        let more_flows = flows.len().saturating_sub(MAX_FLOWS);
        flows.truncate(MAX_FLOWS);
        if more_neighbours > 0 || more_flows > 0 {
            highlight.insert(MORE_ID.to_string(), Highlight::Focus);
            elements.push(more_box(0, more_neighbours, more_flows));
        }
        let reduced_boundaries = boundaries
            .iter()
            .map(|&b| {
                let mut bd = model.boundaries[b].clone();
                bd.parent = bd.parent.and_then(new_boundary);
                bd
            })
            .collect();
        let b = &model.boundaries[self.focused[k]];
        let name = if b.label.is_empty() { &b.id } else { &b.label };
        let reduced = Model {
            title: format!("{} — {name}", model.title),
            boundaries: reduced_boundaries,
            elements,
            flows,
            ..Model::default()
        };
        (reduced, highlight)
    }
}

/// The reduced model of the view of `boundary` (one of [`focused`]) and
/// each element's highlight (members `focus`, stubs `untouched`); `None`
/// when the boundary gets no view.
pub fn view(model: &Model, boundary: BoundaryId) -> Option<(Model, BTreeMap<String, Highlight>)> {
    let index = Index::new(model);
    let k = index.focused.iter().position(|&b| b == boundary)?;
    Some(index.view(model, k))
}

/// Every focus view as (file name, SVG bytes), in model order, each passed
/// through `store` as soon as it is drawn (see [`super::diagrams::Store`]).
pub fn views(
    model: &Model,
    badges: &BTreeMap<String, (usize, crate::analysis::Severity)>,
    boundary_badges: &BTreeMap<String, (usize, crate::analysis::Severity)>,
    store: &super::diagrams::Store<'_>,
) -> Result<Vec<(String, Vec<u8>)>, super::WriteError> {
    let index = Index::new(model);
    let ks: Vec<usize> = (0..index.focused.len()).collect();
    let draw = |&k: &usize| {
        let (reduced, highlight) = index.view(model, k);
        let opts = DiagramOptions {
            badges: highlight
                .iter()
                .filter(|(_, h)| **h == Highlight::Focus)
                .filter_map(|(id, _)| badges.get(id).map(|v| (id.clone(), *v)))
                .collect(),
            boundary_badges: reduced
                .boundaries
                .iter()
                .filter_map(|b| boundary_badges.get(&b.id).map(|v| (b.id.clone(), *v)))
                .collect(),
            identity_badges: BTreeMap::new(),
            title: reduced.title.clone(),
            captions: captions(&highlight, STUB_KIND),
            highlight,
        };
        let name = file_name("focus", &model.boundaries[index.focused[k]].id);
        let bytes = match svg::operational(&reduced, &opts) {
            Ok(svg) => svg.into_bytes(),
            Err(e) => super::diagrams::failed("focus view", e),
        };
        let kept = store(&name, bytes).map_err(|e| (name.clone(), e))?;
        Ok((name, kept))
    };
    ks.par_iter().map(draw).collect()
}
