//! Per-boundary focus views of a large model: `focus-<boundary>.svg`, one
//! for each boundary that is small enough to read on its own but sits in
//! one that is not (or at the top). Each view draws the boundary's
//! elements in full (badges, trust styling, `as IDENTITY`) inside the
//! boundaries that contain them, and each neighbour outside — an element
//! one flow away — as a dimmed stub, so the flows in and out of the zone
//! stay visible. A model of at most [`FOCUS_ABOVE`] elements gets no
//! views: its operational diagram reads whole.

use super::diagrams::file_name;
use super::scenario_region::{MAX_STUBS, reduce};
use super::svg::{self, DiagramOptions, Highlight};
use crate::model::Model;
use std::collections::BTreeMap;

/// Models with more elements than this get focus views.
pub const FOCUS_ABOVE: usize = 60;

/// Most elements a focus view draws from inside its boundary: a boundary
/// holding more is split into views of its nested boundaries.
pub const MAX_VIEW: usize = 150;

/// The kind shown under a stub's label.
pub const STUB_KIND: &str = "outside this view";

/// The boundaries that get a view, in model order: each holds between 1
/// and [`MAX_VIEW`] elements (at any depth) and is top-level or nested in
/// a boundary holding more. Empty when the model is small.
pub fn focused(model: &Model) -> Vec<usize> {
    if model.elements.len() <= FOCUS_ABOVE {
        return Vec::new();
    }
    let nb = model.boundaries.len();
    let mut held = vec![0usize; nb];
    for e in &model.elements {
        for b in model.boundary_chain(e.boundary) {
            if let Some(h) = held.get_mut(b) {
                *h += 1;
            }
        }
    }
    (0..nb)
        .filter(|&b| {
            let fits = (1..=MAX_VIEW).contains(&held[b]);
            let parent_too_big = model.boundaries[b]
                .parent
                .is_none_or(|p| held.get(p).is_some_and(|&h| h > MAX_VIEW));
            fits && parent_too_big
        })
        .collect()
}

/// The reduced model of one boundary's view and each element's highlight
/// (members `focus`, stubs `untouched`).
pub fn view(model: &Model, boundary: usize) -> (Model, BTreeMap<String, Highlight>) {
    let n = model.elements.len();
    let mut role: Vec<Option<Highlight>> = model
        .elements
        .iter()
        .map(|e| {
            model
                .boundary_chain(e.boundary)
                .contains(&boundary)
                .then_some(Highlight::Focus)
        })
        .collect();
    let drawn: Vec<bool> = role.iter().map(Option::is_some).collect();
    let is_drawn = |e: usize| drawn.get(e).copied().unwrap_or(false);
    // Neighbours outside, in flow order, each once; the first MAX_STUBS
    // are drawn as stubs.
    let mut seen = vec![false; n];
    let mut neighbours = 0usize;
    for f in &model.flows {
        let other = match (is_drawn(f.source), is_drawn(f.target)) {
            (true, false) => f.target,
            (false, true) => f.source,
            _ => continue,
        };
        if other < n && !seen[other] {
            seen[other] = true;
            if neighbours < MAX_STUBS {
                role[other] = Some(Highlight::Untouched);
            }
            neighbours += 1;
        }
    }
    let more_neighbours = neighbours.saturating_sub(MAX_STUBS);
    let reduced = reduce(model, &role, &drawn, (0, more_neighbours), STUB_KIND);
    let b = &model.boundaries[boundary];
    let name = if b.label.is_empty() { &b.id } else { &b.label };
    let title = format!("{} — {name}", model.title);
    let mut m = reduced.0;
    m.title = title;
    (m, reduced.1)
}

/// Every focus view as (file name, SVG bytes), in model order.
pub fn views(
    model: &Model,
    badges: &BTreeMap<String, (usize, crate::analysis::Severity)>,
    boundary_badges: &BTreeMap<String, (usize, crate::analysis::Severity)>,
) -> Vec<(String, Vec<u8>)> {
    let focused = focused(model);
    crate::parallel::map(&focused, |&b| {
        let (reduced, highlight) = view(model, b);
        let keep = |m: &BTreeMap<String, _>, ids: &mut dyn Iterator<Item = &String>| {
            ids.filter_map(|id| m.get(id).map(|v| (id.clone(), *v)))
                .collect::<BTreeMap<_, _>>()
        };
        let opts = DiagramOptions {
            badges: keep(
                badges,
                &mut highlight
                    .iter()
                    .filter(|(_, h)| **h == Highlight::Focus)
                    .map(|(id, _)| id),
            ),
            boundary_badges: keep(
                boundary_badges,
                &mut reduced.boundaries.iter().map(|b| &b.id),
            ),
            identity_badges: BTreeMap::new(),
            title: reduced.title.clone(),
            highlight,
        };
        let name = file_name("focus", &model.boundaries[b].id);
        match svg::operational(&reduced, &opts) {
            Ok(svg) => (name, svg.into_bytes()),
            Err(e) => (name, super::diagrams::failed("focus view", e)),
        }
    })
}
