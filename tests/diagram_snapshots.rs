//! Snapshots of the examples' diagrams (SVG and DOT), so any change to the
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
fn quickstart_operational_svg() {
    let m = example("quickstart");
    let opts = DiagramOptions {
        title: m.title.clone(),
        ..Default::default()
    };
    let svg = operational(&m, &opts).unwrap();
    settings().bind(|| insta::assert_snapshot!("quickstart_operational_svg", svg));
}

#[test]
fn shop_operational_svg() {
    let m = example("shop");
    let badges: BTreeMap<String, (usize, Severity)> = [
        ("checkout".to_string(), (3, Severity::High)),
        ("debug-tools".to_string(), (2, Severity::Critical)),
    ]
    .into_iter()
    .collect();
    let opts = DiagramOptions {
        badges,
        title: m.title.clone(),
        ..Default::default()
    };
    let svg = operational(&m, &opts).unwrap();
    settings().bind(|| insta::assert_snapshot!("shop_operational_svg", svg));
}

#[test]
fn shop_app_svg() {
    let m = example("shop");
    let opts = AppOptions {
        feature_threats: [("pay".to_string(), 2)].into_iter().collect(),
    };
    let svg = app(&m, 0, &opts);
    settings().bind(|| insta::assert_snapshot!("shop_app_svg", svg));
}

#[test]
fn shop_dot() {
    let dot = operational_dot(&example("shop"));
    settings().bind(|| insta::assert_snapshot!("shop_dot", dot));
}
