//! Every diagram renders with resvg, as a viewer would draw it. The
//! project models' diagrams are also written as PNGs to
//! `target/diagram-previews/` so a person can look at them.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use common::diagrams::{build_diagrams, example, generated};
use resvg::{tiny_skia, usvg};
use vastc::analysis::Severity;
use vastc::emit::{AppOptions, DiagramOptions, Highlight, app, operational};

fn options() -> usvg::Options<'static> {
    let mut opt = usvg::Options::default();
    let mut db = usvg::fontdb::Database::new();
    db.load_system_fonts();
    opt.fontdb = Arc::new(db);
    opt
}

/// Renders `svg`; writes a PNG under `target/diagram-previews/` when `png` is given.
fn render(svg: &str, png: Option<&str>) {
    let opt = options();
    let tree = usvg::Tree::from_str(svg, &opt).expect("usvg parses the diagram");
    let size = tree.size().to_int_size();
    // Keep big diagrams' previews to a sane pixel count.
    let scale = (4000.0 / size.width().max(size.height()) as f32).min(1.5);
    let (w, h) = (
        ((size.width() as f32) * scale).ceil() as u32,
        ((size.height() as f32) * scale).ceil() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1)).expect("pixmap");
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // Something was drawn: not every pixel is the white background.
    assert!(
        pixmap.pixels().iter().any(|p| p.red() < 200),
        "diagram rendered blank"
    );
    if let Some(name) = png {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/diagram-previews");
        std::fs::create_dir_all(&dir).expect("preview dir");
        pixmap.save_png(dir.join(name)).expect("write png");
    }
}

fn clinic_badges() -> BTreeMap<String, (usize, Severity)> {
    [
        ("backup-agent", 4, Severity::Critical),
        ("scheduler", 3, Severity::High),
        ("portal", 2, Severity::Medium),
        ("slots", 1, Severity::Low),
        ("etcd", 12, Severity::High),
    ]
    .into_iter()
    .map(|(k, n, s)| (k.to_string(), (n, s)))
    .collect()
}

#[test]
fn examples_render() {
    for name in ["starter", "platform", "clinic"] {
        let m = example(name);
        let opts = DiagramOptions {
            badges: if name == "clinic" {
                clinic_badges()
            } else {
                BTreeMap::new()
            },
            title: m.title.clone(),
            ..Default::default()
        };
        let svg = operational(&m, &opts).expect("layout");
        render(&svg, Some(&format!("{name}-operational.png")));
    }
}

#[test]
fn app_renders() {
    let m = example("clinic");
    let opts = AppOptions {
        feature_threats: [
            ("book".to_string(), (3, Severity::High)),
            ("find".to_string(), (1, Severity::Medium)),
        ]
        .into_iter()
        .collect(),
    };
    for i in 0..m.apps.len() {
        let svg = app(&m, i, &opts);
        render(&svg, Some(&format!("clinic-app-{}.png", m.apps[i].id)));
    }
}

#[test]
fn scenario_renders() {
    let m = example("clinic");
    let mut highlight = BTreeMap::new();
    highlight.insert("portal".to_string(), Highlight::Controlled);
    for id in ["slots", "scheduler", "records-db", "claims"] {
        highlight.insert(id.to_string(), Highlight::Reachable);
    }
    for e in &m.elements {
        highlight
            .entry(e.id.clone())
            .or_insert(Highlight::Untouched);
    }
    let opts = DiagramOptions {
        badges: clinic_badges(),
        highlight,
        title: "Scenario: Patient portal compromised".into(),
        ..Default::default()
    };
    let svg = operational(&m, &opts).expect("layout");
    assert!(svg.contains("class=\"element controlled\""));
    assert!(svg.contains("data-highlight=\"reachable\""));
    render(&svg, Some("clinic-scenario.png"));
}

#[test]
fn generated_renders() {
    let m = generated(100);
    let svg = operational(&m, &DiagramOptions::default()).expect("layout");
    render(&svg, Some("generated-100.png"));
}

/// The diagrams `vastc build` writes for the clinic model (badges from the
/// analysis, scenario highlights from the attack graph) all render.
#[test]
fn build_diagrams_render() {
    let (_, files) = build_diagrams("clinic");
    assert_eq!(files.len(), 4, "operational, one app, two scenarios");
    for (name, bytes) in files {
        let png = name.replace(".svg", ".build.png");
        render(std::str::from_utf8(&bytes).unwrap(), Some(&png));
    }
}
