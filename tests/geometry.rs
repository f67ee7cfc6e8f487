//! The operational diagram's geometry on the project's models and generated
//! models; the checks themselves are in `common/geometry.rs`.

mod common;

use common::diagrams::{build_diagrams, example, generated};
use common::geometry::check_svg;
use vastc::emit::{DiagramOptions, operational};
use vastc::model::Model;

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

/// Scenario diagrams (the build's, with badges and highlights) pass the same checks.
#[test]
fn scenario_diagrams() {
    let (model, files) = build_diagrams("clinic");
    let mut n = 0;
    for (name, bytes) in files {
        if name.starts_with("scenario-") || name == "operational.svg" {
            check_svg(&name, &model, std::str::from_utf8(&bytes).unwrap());
            n += 1;
        }
    }
    assert_eq!(n, 3);
}
