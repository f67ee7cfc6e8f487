//! Snapshots of the project models' diagrams (SVG and DOT), so any change to the
//! drawing shows up in review.

mod common;

use std::collections::BTreeMap;

use common::diagrams::example;
use vastc::analysis::Severity;
use vastc::emit::{AppOptions, DiagramOptions, app, operational, operational_dot};

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("../snapshots/diagrams");
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn starter_operational_svg() {
    let m = example("starter");
    let opts = DiagramOptions {
        title: m.title.clone(),
        ..Default::default()
    };
    let svg = operational(&m, &opts).unwrap();
    settings().bind(|| insta::assert_snapshot!("starter_operational_svg", svg));
}

#[test]
fn clinic_operational_svg() {
    let m = example("clinic");
    let badges: BTreeMap<String, (usize, Severity)> = [
        ("scheduler".to_string(), (3, Severity::High)),
        ("backup-agent".to_string(), (2, Severity::Critical)),
    ]
    .into_iter()
    .collect();
    let opts = DiagramOptions {
        badges,
        title: m.title.clone(),
        ..Default::default()
    };
    let svg = operational(&m, &opts).unwrap();
    settings().bind(|| insta::assert_snapshot!("clinic_operational_svg", svg));
}

#[test]
fn clinic_app_svg() {
    let m = example("clinic");
    let opts = AppOptions {
        feature_threats: [("book".to_string(), (2, Severity::Medium))]
            .into_iter()
            .collect(),
    };
    let svg = app(&m, 0, &opts);
    settings().bind(|| insta::assert_snapshot!("clinic_app_svg", svg));
}

#[test]
fn clinic_dot() {
    let dot = operational_dot(&example("clinic"));
    settings().bind(|| insta::assert_snapshot!("clinic_dot", dot));
}
