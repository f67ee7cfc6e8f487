//! Legibility of the operational diagram on the project's models and on
//! generated models of 100, 300 and 1,000 elements, measured by
//! `common::legibility` (flows through boxes, detached labels, label
//! overlaps, aspect ratio, ...). Each goal in `GOALS` is enforced; the
//! figures of every model are printed (`cargo test --test legibility -- --nocapture`).

mod common;
#[path = "common/k8s.rs"]
mod k8s;

use common::legibility::{Metrics, measure};
use std::path::Path;
use vastc::model::Model;

/// A goal the diagrams must meet on every model measured.
struct Goal {
    name: &'static str,
    met: fn(&Metrics) -> bool,
}

const GOALS: &[Goal] = &[
    Goal {
        name: "no flow through a box",
        met: |m| m.through == 0,
    },
    Goal {
        name: "no detached label",
        met: |m| m.detached == 0,
    },
    Goal {
        name: "no label overlap",
        met: |m| m.overlaps == 0,
    },
    Goal {
        name: "no flow over a title",
        met: |m| m.titles == 0,
    },
    Goal {
        name: "aspect ratio at most 3:1",
        met: |m| m.aspect() <= 3.0,
    },
];

/// Most crossings allowed per model: Graphviz 16.1's count on the same
/// graph (`bench/legibility.sh`) where vastc reaches it, else the best vastc
/// reaches so far, so that any regression fails (clinic: 1, Graphviz 2).
const MAX_CROSSINGS: &[(&str, usize)] = &[
    ("clinic.vast", 1),
    ("payments.vast", 0),
    ("platform.vast", 0),
    ("starter.vast", 0),
    ("shop.vast", 2),
    // Written the way a new user would: vastc's best so far, above
    // Graphviz's 5 and 7 (sibling boundaries stacked, as below).
    ("web-tiers.vast", 8),
    ("saas-namespaces.vast", 9),
    // Without boundaries, sources lowered (91 crossings before; Graphviz 32).
    ("flat-random.vast", 35),
    // Imports of the interchange fixtures (`vastc import`): Graphviz's count
    // where vastc reaches it (cryptocurrency-wallet since crossing
    // reduction restarts, payment-online since exits are planned again
    // from the best placement); on the two above it, vastc's best so far
    // (Graphviz: 3 on Threagile's example, 0 on renting-car;
    // docs/diagrams.md).
    ("threagile example.yaml", 14),
    ("td payment-online.json", 0),
    ("td renting-car.json", 1),
    ("td cryptocurrency-wallet.json", 1),
    ("td online-game.json", 2),
    ("td iot-device.json", 0),
    ("td generic-cms.json", 0),
    ("td three-tier-web-app.json", 0),
    ("otm mobile-cloud.otm.json", 0),
    // Imports of Kubernetes manifests (`vastc import k8s`): Graphviz's
    // count, or below it (online-boutique: Graphviz 11).
    ("k8s inferred.yaml", 0),
    ("k8s online-boutique.yaml", 3),
    ("k8s sock-shop.yaml", 0),
    ("k8s shop", 3),
    ("generated 100", 741),
    ("generated 300", 5_126),
    ("generated 1000", 39_447),
];

fn operational(model: &Model) -> String {
    let date = vastc::syntax::ast::Date {
        year: 2026,
        month: 11,
        day: 26,
    };
    let analysis = vastc::analysis::analyze(model, date);
    let files = vastc::emit::diagrams::diagrams(model, &analysis);
    let svg = files
        .into_iter()
        .find(|(name, _)| name == "operational.svg")
        .map(|(_, bytes)| bytes)
        .unwrap_or_default();
    String::from_utf8(svg).expect("SVG is UTF-8")
}

/// Every model measured: the project's `models/*.vast`, the shop example,
/// two models written the way a new user would, a drawing without
/// boundaries, and generated ones.
fn models() -> Vec<(String, Model)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("models/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "vast"))
        .collect();
    paths.sort();
    // The language reference's shop example, which includes its own
    // platform model.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legibility");
    paths.push(fixtures.join("shop.vast"));
    // Two models written the way a new user would (tests/fixtures/legibility/README.md).
    paths.push(fixtures.join("web-tiers.vast"));
    paths.push(fixtures.join("saas-namespaces.vast"));
    // A drawing without boundaries, flows at random.
    paths.push(fixtures.join("flat-random.vast"));
    let mut out = Vec::new();
    for p in paths {
        let r = vastc::resolve::resolve_path(&p);
        assert!(!r.has_errors(), "{}: {:?}", p.display(), r.diags);
        let name = p.file_name().map(|f| f.to_string_lossy().into_owned());
        out.push((name.unwrap_or_default(), r.model));
    }
    out.extend(imported());
    for n in [100, 300, 1000] {
        out.push((format!("generated {n}"), common::diagrams::generated(n)));
    }
    out
}

/// Models nobody wrote for this test: the interchange fixtures (Threagile's
/// example, Threat Dragon's and OTM's) and Kubernetes manifests, imported
/// as `vastc import` does.
fn imported() -> Vec<(String, Model)> {
    use vastc::interchange::{Format, import};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interchange");
    let mut files = vec![
        ("threagile", Format::Threagile, "example.yaml"),
        ("otm", Format::Otm, "mobile-cloud.otm.json"),
    ];
    for name in [
        "payment-online.json",
        "renting-car.json",
        "cryptocurrency-wallet.json",
        "online-game.json",
        "iot-device.json",
        "generic-cms.json",
        "three-tier-web-app.json",
    ] {
        files.push(("td", Format::ThreatDragon, name));
    }
    let mut out = Vec::new();
    for (sub, format, name) in files {
        let text = std::fs::read_to_string(dir.join(sub).join(name)).expect("fixture is readable");
        let Ok(imported) = import(format, name, &text) else {
            panic!("{sub}/{name} does not import");
        };
        let r = vastc::resolve::resolve_str(name, &imported.vast);
        assert!(!r.has_errors(), "{sub}/{name}: {:?}", r.diags);
        out.push((format!("{sub} {name}"), r.model));
    }
    out.extend(kubernetes());
    out
}

/// Kubernetes manifests imported as `vastc import k8s` does: a client with
/// two inferred flows into another namespace, the real-world applications
/// and the shop's manifests (a directory).
fn kubernetes() -> Vec<(String, Model)> {
    let mut out = Vec::new();
    for path in [
        "rules/inferred.yaml",
        "realworld/online-boutique.yaml",
        "realworld/sock-shop.yaml",
        "shop",
    ] {
        let imported = k8s::import_path(&format!("{}/{path}", k8s::FIXTURES));
        let r = vastc::resolve::resolve_str(path, &imported.vast);
        assert!(!r.has_errors(), "{path}: {:?}", r.diags);
        let name = Path::new(path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned());
        out.push((format!("k8s {}", name.unwrap_or_default()), r.model));
    }
    out
}

fn row(name: &str, m: &Metrics) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0}x{:.0} ({:.2}) |",
        m.flows,
        m.through,
        m.detached,
        m.ambiguous,
        m.shared,
        m.overlaps,
        m.titles,
        m.crossings,
        m.width,
        m.height,
        m.aspect()
    )
}

#[test]
fn diagrams_meet_the_legibility_goals() {
    let mut failures = Vec::new();
    println!(
        "| model | flows | through | detached | ambiguous | shared | overlaps | titles | crossings | size (aspect) |"
    );
    for (name, model) in models() {
        let m = measure(&operational(&model)).expect("the diagram parses");
        println!("{}", row(&name, &m));
        assert!(m.flows > 0, "{name}: no flow measured");
        for g in GOALS.iter().filter(|g| !(g.met)(&m)) {
            failures.push(format!("{name}: {} ({m:?})", g.name));
        }
        match MAX_CROSSINGS.iter().find(|(n, _)| *n == name) {
            Some(&(_, max)) if m.crossings > max => {
                failures.push(format!("{name}: {} crossings, at most {max}", m.crossings));
            }
            Some(_) => {}
            None => failures.push(format!("{name}: no crossings goal")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The metrics see what they claim to: a hand-drawn diagram with one flow
/// through a box, one detached label, two overlapping labels, a shared
/// stretch, a crossing, a line over a title and a 4:1 drawing; curves are
/// measured as chords.
#[test]
fn the_metrics_count_each_defect() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="200" viewBox="0 0 800 200">
<g class="boundary"><rect x="0" y="0" width="800" height="200"/><text x="300" y="20" font-size="12.0">Zone title</text></g>
<g class="element" data-id="a" data-bbox="0 50 40 40"></g>
<g class="element" data-id="b" data-bbox="200 50 40 40"></g>
<g class="element" data-id="c" data-bbox="100 50 40 40"></g>
<g class="flow" data-id="a->b" data-source="a" data-target="b"><path d="M 40 70 C 100 70 150 70 200 70"/><path class="arrow-head" d="M 0 0 L 1 1 Z"/><rect class="label-bg" x="150" y="100" width="30" height="10"/></g>
<g class="flow" data-id="a->c" data-source="a" data-target="c"><path d="M 40 70.5 L 100 70.5"/><rect class="label-bg" x="160" y="105" width="30" height="10"/></g>
<g class="flow" data-id="x->y" data-source="x" data-target="y"><path d="M 320 0 L 320 100 L 400 100"/></g>
<g class="flow" data-id="u->v" data-source="u" data-target="v"><path d="M 300 50 L 360 50 L 360 150"/></g>
<g class="flow" data-id="p->q" data-source="p" data-target="q"><path d="M 500 50 L 500 80"/><rect class="label-bg" x="495" y="60" width="10" height="10"/></g>
<g class="flow" data-id="r->s" data-source="r" data-target="s"><path d="M 500 60 L 500 90"/></g>
</svg>"#;
    let m = measure(svg).expect("parses");
    assert_eq!(m.flows, 6);
    assert_eq!(m.through, 1, "a->b passes through c");
    assert_eq!(m.detached, 2, "both labels of a->b and a->c are far");
    assert_eq!(m.overlaps, 2, "the two labels overlap each other");
    assert_eq!(m.shared, 2, "a->b with a->c, p->q with r->s");
    assert_eq!(m.crossings, 2, "x->y and u->v cross twice");
    assert_eq!(m.titles, 1, "x->y runs over the title");
    assert_eq!(
        m.ambiguous, 2,
        "r->s passes p->q's label as close, a->b passes a->c's closer"
    );
    assert!((m.aspect() - 4.0).abs() < 1e-9);
}
