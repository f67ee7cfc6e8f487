//! The operational diagram's geometry on the project's models and generated
//! models; the checks themselves are in `common/geometry.rs`.

mod common;

use common::diagrams::{build_diagrams, example, generated};
use common::geometry::check_svg;
use std::collections::{BTreeMap, BTreeSet};
use vastc::analysis::attack::Asset;
use vastc::emit::diagrams::file_name;
use vastc::emit::scenario_region::region;
use vastc::emit::{DiagramOptions, operational};
use vastc::model::{ElementId, Model};

fn check(name: &str, model: &Model) {
    let svg = operational(model, &DiagramOptions::default()).expect("layout");
    check_svg(name, model, &svg);
}

#[test]
fn starter() {
    check("starter", &example("starter"));
}

#[test]
fn platform() {
    check("platform", &example("platform"));
}

#[test]
fn clinic() {
    check("clinic", &example("clinic"));
}

#[test]
fn generated_100() {
    check("generated 100", &generated(100));
}

#[test]
fn generated_500() {
    check("generated 500", &generated(500));
}

#[test]
fn deterministic() {
    let m = example("clinic");
    let opts = DiagramOptions::default();
    assert_eq!(
        operational(&m, &opts).unwrap(),
        operational(&m, &opts).unwrap()
    );
    let g = generated(300);
    assert_eq!(
        operational(&g, &opts).unwrap(),
        operational(&g, &opts).unwrap()
    );
    assert_eq!(
        vastc::emit::operational_dot(&g),
        vastc::emit::operational_dot(&g)
    );
}

/// Scenario diagrams (the build's, with badges and highlights) pass the same
/// checks against the region each draws.
#[test]
fn scenario_diagrams() {
    let (model, files) = build_diagrams("clinic");
    let analysis = vastc::analysis::analyze(&model, common::diagrams::DATE);
    let mut n = 0;
    for (name, bytes) in files {
        let svg = std::str::from_utf8(&bytes).unwrap();
        if name == "operational.svg" {
            check_svg(&name, &model, svg);
            n += 1;
        } else if name.starts_with("scenario-") {
            // A scenario diagram draws the region its scenario reaches.
            let i = model
                .scenarios
                .iter()
                .position(|s| file_name("scenario", &s.id) == name)
                .expect("scenario of the file");
            let region = region(&model, &analysis.scenarios[i]);
            check_svg(&name, &region.model, svg);
            n += 1;
        }
    }
    assert_eq!(n, 3);
}

/// On a large generated model, a scenario that reaches a few elements gets
/// a diagram of only those, their boundaries and stubs for their direct
/// neighbours: its size is bounded by the reach, not by the model.
#[test]
fn scenario_diagram_draws_only_its_region() {
    let mut text = vastc::generate::model(vastc::generate::Shape::new(1000));
    text.push_str("scenario small { compromise user-0 }\n");
    let r = vastc::resolve::resolve_str("gen.vast", &text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let model = r.model;
    let analysis = vastc::analysis::analyze(&model, common::diagrams::DATE);
    let reach = &analysis.scenarios[0];
    let files = vastc::emit::diagrams::diagrams(&model, &analysis);
    let svg = files
        .iter()
        .find(|(n, _)| n == "scenario-small.svg")
        .map(|(_, b)| std::str::from_utf8(b).unwrap())
        .expect("scenario diagram");
    let operational = files
        .iter()
        .find(|(n, _)| n == "operational.svg")
        .map(|(_, b)| b.len())
        .expect("operational diagram");

    // The elements the scenario controls or reaches, and their neighbours.
    let reached: BTreeSet<ElementId> = reach
        .in_order()
        .into_iter()
        .filter_map(|a| match a {
            Asset::Control(e) | Asset::Reach(e) => Some(e),
            _ => None,
        })
        .collect();
    let neighbours: BTreeSet<ElementId> = model
        .flows
        .iter()
        .flat_map(|f| {
            if reached.contains(&f.source) {
                Some(f.target)
            } else if reached.contains(&f.target) {
                Some(f.source)
            } else {
                None
            }
        })
        .filter(|e| !reached.contains(e))
        .collect();
    assert!(!reached.is_empty() && reached.len() < 20, "{reached:?}");

    // Exactly those are drawn: reached ones highlighted, neighbours as stubs.
    let mut drawn = BTreeMap::new();
    for g in svg.split("<g class=\"element").skip(1) {
        let attr = |name: &str| {
            let start = g.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
            g[start..start + g[start..].find('"').unwrap()].to_string()
        };
        drawn.insert(attr("data-id"), attr("data-highlight"));
    }
    let mut expected = BTreeMap::new();
    for &e in &reached {
        let h = if reach.has(Asset::Control(e)) {
            "controlled"
        } else {
            "reachable"
        };
        expected.insert(model.elements[e].id.clone(), h.to_string());
    }
    for &e in &neighbours {
        expected.insert(model.elements[e].id.clone(), "untouched".to_string());
    }
    assert_eq!(drawn, expected);
    assert!(svg.contains(vastc::emit::scenario_region::STUB_KIND));
    assert!(
        svg.len() * 10 < operational,
        "scenario {} bytes, operational {operational}",
        svg.len()
    );
    // And it passes the geometry checks against the region it draws.
    check_svg("small", &region(&model, reach).model, svg);
}

/// A scenario that reaches most of a large model gets a capped diagram: the
/// first `MAX_DRAWN` elements it reaches (in the order found), at most
/// `MAX_STUBS` neighbour stubs, and one box naming how many reached
/// elements are left out. It passes the geometry checks.
#[test]
fn scenario_diagram_is_capped() {
    use vastc::emit::scenario_region::{MAX_DRAWN, MAX_FLOWS, MAX_STUBS, MORE_ID};
    let mut text = vastc::generate::model(vastc::generate::Shape::new(1000));
    text.push_str("scenario wide { compromise ns0-e0 }\n");
    let r = vastc::resolve::resolve_str("gen.vast", &text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let model = r.model;
    let analysis = vastc::analysis::analyze(&model, common::diagrams::DATE);
    let reach = &analysis.scenarios[0];
    // Reached elements in the order found, each once.
    let mut found: Vec<ElementId> = Vec::new();
    for a in reach.in_order() {
        if let Asset::Control(e) | Asset::Reach(e) = a
            && !found.contains(&e)
        {
            found.push(e);
        }
    }
    assert!(found.len() > 4 * MAX_DRAWN, "{} reached", found.len());

    let files = vastc::emit::diagrams::diagrams(&model, &analysis);
    let svg = files
        .iter()
        .find(|(n, _)| n == "scenario-wide.svg")
        .map(|(_, b)| std::str::from_utf8(b).unwrap())
        .expect("scenario diagram");
    let mut drawn: BTreeMap<String, String> = BTreeMap::new();
    for g in svg.split("<g class=\"element").skip(1) {
        let attr = |name: &str| {
            let start = g.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
            g[start..start + g[start..].find('"').unwrap()].to_string()
        };
        drawn.insert(attr("data-id"), attr("data-highlight"));
    }
    let reached_drawn: BTreeSet<&str> = drawn
        .iter()
        .filter(|(id, h)| *id != MORE_ID && *h != "untouched")
        .map(|(id, _)| id.as_str())
        .collect();
    let first: BTreeSet<&str> = found[..MAX_DRAWN]
        .iter()
        .map(|&e| model.elements[e].id.as_str())
        .collect();
    assert_eq!(reached_drawn, first);
    let stubs = drawn.values().filter(|h| *h == "untouched").count();
    assert!(stubs <= MAX_STUBS, "{stubs} stubs");
    assert_eq!(drawn.get(MORE_ID).map(String::as_str), Some("reachable"));
    let more = format!("+ {} more reached", found.len() - MAX_DRAWN);
    assert!(svg.contains(&more), "{more}");
    assert!(svg.matches("<g class=\"flow").count() <= MAX_FLOWS);
    // Far below the operational diagram, and drawn as the region says.
    let operational = files
        .iter()
        .find(|(n, _)| n == "operational.svg")
        .map(|(_, b)| b.len())
        .expect("operational diagram");
    assert!(
        svg.len() * 10 < operational,
        "{} vs {operational}",
        svg.len()
    );
    check_svg("wide", &region(&model, reach).model, svg);
}
