//! Per-boundary focus views (`focus-<boundary>.svg`): a large model gets
//! one view per boundary small enough to read that sits in one that is
//! not; each draws every element inside it, its neighbours outside as
//! dimmed stubs, and every flow in, out and within; views are as legible
//! as the operational diagram (no flow through a box, no detached or
//! overlapping label). A small model gets none.

mod common;

use common::diagrams::{DATE, example, generated};
use common::legibility::measure;
use std::collections::BTreeSet;
use vastc::emit::focus::{self, MAX_VIEW};
use vastc::emit::scenario_region::MAX_STUBS;
use vastc::model::Model;

fn drawn_ids(svg: &str, highlight: &str) -> BTreeSet<String> {
    let key = format!("data-highlight=\"{highlight}\"");
    svg.split("<g class=\"element")
        .skip(1)
        .map(|g| &g[..g.find('>').unwrap_or(0)])
        .filter(|tag| tag.contains(&key))
        .filter_map(|tag| {
            let i = tag.find("data-id=\"")? + 9;
            Some(tag[i..i + tag[i..].find('"')?].to_string())
        })
        .collect()
}

fn inside(model: &Model, boundary: vastc::model::BoundaryId) -> BTreeSet<String> {
    model
        .elements
        .iter()
        .filter(|e| model.boundary_chain(e.boundary).contains(&boundary))
        .map(|e| e.id.clone())
        .collect()
}

#[test]
fn a_small_model_gets_no_focus_view() {
    let model = example("payments");
    assert!(focus::focused(&model).is_empty());
    let files = vastc::emit::diagrams::diagrams(&model, &vastc::analysis::analyze(&model, DATE));
    assert!(files.iter().all(|(name, _)| !name.starts_with("focus-")));
}

#[test]
fn views_cover_each_zone_with_its_neighbours_as_stubs() {
    let model = generated(300);
    let analysis = vastc::analysis::analyze(&model, DATE);
    let focused = focus::focused(&model);
    assert!(focused.len() > 1, "a 300-element model is split into views");
    let files = vastc::emit::diagrams::diagrams(&model, &analysis);
    let mut covered = BTreeSet::new();
    for &b in &focused {
        let id = &model.boundaries[b].id;
        let members = inside(&model, b);
        assert!(!members.is_empty() && members.len() <= MAX_VIEW, "{id}");
        // A view's boundary is nested in one too large for a view, or top-level.
        if let Some(p) = model.boundaries[b].parent {
            assert!(inside(&model, p).len() > MAX_VIEW, "{id}");
        }
        let name = format!("focus-{id}.svg");
        let (_, svg) = files
            .iter()
            .find(|(n, _)| *n == name)
            .expect("view written");
        let svg = String::from_utf8(svg.clone()).expect("UTF-8");
        assert_eq!(
            drawn_ids(&svg, "focus"),
            members,
            "{id}: every member, only members"
        );
        // Stubs: the neighbours one flow away, at most MAX_STUBS.
        let neighbours: BTreeSet<String> = model
            .flows
            .iter()
            .filter_map(|f| {
                let (s, t) = (&model.elements[f.source].id, &model.elements[f.target].id);
                match (members.contains(s), members.contains(t)) {
                    (true, false) => Some(t.clone()),
                    (false, true) => Some(s.clone()),
                    _ => None,
                }
            })
            .collect();
        let stubs = drawn_ids(&svg, "untouched");
        assert!(stubs.is_subset(&neighbours), "{id}: stubs are neighbours");
        assert_eq!(stubs.len(), neighbours.len().min(MAX_STUBS), "{id}");
        // Every flow within the zone is drawn.
        let within = model
            .flows
            .iter()
            .filter(|f| {
                members.contains(&model.elements[f.source].id)
                    && members.contains(&model.elements[f.target].id)
            })
            .count();
        let flows = svg.matches("<g class=\"flow").count();
        assert!(
            flows >= within,
            "{id}: {flows} flows drawn, {within} within"
        );
        let m = measure(&svg).expect("measurable");
        assert_eq!(
            (m.through, m.detached, m.overlaps),
            (0, 0, 0),
            "{id}: {m:?}"
        );
        covered.extend(members);
    }
    // Every element in some boundary is in a view.
    for e in model.elements.iter().filter(|e| e.boundary.is_some()) {
        assert!(covered.contains(&e.id), "{} is in no view", e.id);
    }
}
