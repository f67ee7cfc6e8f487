//! App diagrams: threat pills are coloured by the highest severity of
//! the open threats they count, as the operational diagram's badges are:
//! a feature whose worst open threat is medium is not drawn red; step
//! labels stay on the canvas.

mod common;

use common::diagrams::{DATE, example};
use vastc::analysis::{Severity, Status};
use vastc::emit::report::feature_threats;

/// `(feature id, count, severity)` of every pill in an app diagram.
fn pills(svg: &str) -> Vec<(String, usize, String)> {
    let attr = |s: &str, name: &str| -> String {
        let key = format!("{name}=\"");
        let i = s.find(&key).map(|i| i + key.len()).unwrap_or(0);
        s[i..].split('"').next().unwrap_or("").to_string()
    };
    svg.split("<g class=\"feature\"")
        .skip(1)
        .map(|g| {
            let pill = &g[g.find("class=\"threat-count\"").expect("pill")..];
            (
                attr(g, "data-id"),
                attr(pill, "data-count").parse().expect("count"),
                attr(pill, "data-severity"),
            )
        })
        .collect()
}

#[test]
fn pills_take_the_worst_open_severity() {
    for name in ["clinic", "payments"] {
        let model = example(name);
        let analysis = vastc::analysis::analyze(&model, DATE);
        let files = vastc::emit::diagrams::diagrams(&model, &analysis);
        for app in &model.apps {
            let file = format!("app-{}.svg", app.id);
            let svg = files
                .iter()
                .find(|(n, _)| *n == file)
                .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
                .unwrap_or_else(|| panic!("{name}: no {file}"));
            let drawn = pills(&svg);
            assert_eq!(drawn.len(), app.features.len(), "{name}/{file}");
            for f in &app.features {
                let open: Vec<_> = feature_threats(&model, &f.on, &analysis.threats)
                    .into_iter()
                    .filter(|t| t.status == Status::Open || t.status == Status::InProgress)
                    .collect();
                let want = open
                    .iter()
                    .map(|t| t.scores.severity)
                    .max()
                    .map_or("none", Severity::as_str);
                let (_, count, severity) = drawn
                    .iter()
                    .find(|(id, _, _)| *id == f.id)
                    .unwrap_or_else(|| panic!("{name}: no pill for {}", f.id));
                assert_eq!(*count, open.len(), "{name}/{}", f.id);
                assert_eq!(severity, want, "{name}/{}", f.id);
            }
        }
    }
}

#[test]
fn a_medium_pill_is_not_red() {
    let model = example("clinic");
    let opts = vastc::emit::AppOptions {
        feature_threats: [
            ("find".to_string(), (2, Severity::Medium)),
            ("book".to_string(), (1, Severity::Critical)),
        ]
        .into_iter()
        .collect(),
    };
    let svg = vastc::emit::app(&model, 0, &opts);
    let fill = |id: &str| -> String {
        let g = &svg[svg.find(&format!("data-id=\"{id}\"")).expect(id)..];
        let pill = &g[g.find("class=\"threat-count\"").expect("pill")..];
        let f = &pill[pill.find("fill=\"").expect("fill") + 6..];
        f[..f.find('"').expect("end")].to_string()
    };
    let (medium, _) = vastc::emit::svg::style::severity_colours(Severity::Medium);
    let (critical, _) = vastc::emit::svg::style::severity_colours(Severity::Critical);
    assert_eq!(fill("find"), medium);
    assert_eq!(fill("book"), critical);
    assert_ne!(medium, critical);
    // No open threat: the neutral pill, whatever severity is passed.
    assert_ne!(fill("history"), medium);
    assert_ne!(fill("history"), critical);
}

/// Every step label of the project's app diagrams lies inside the canvas:
/// a label wider than the boxes beside it once ran off the left edge.
#[test]
fn step_labels_stay_on_the_canvas() {
    let num = |s: &str, name: &str| -> f64 {
        let key = format!(" {name}=\"");
        let i = s.find(&key).expect(name) + key.len();
        s[i..].split('"').next().unwrap().parse().unwrap()
    };
    let mut labels = 0;
    for name in ["clinic", "payments"] {
        let model = example(name);
        let analysis = vastc::analysis::analyze(&model, DATE);
        for (file, bytes) in vastc::emit::diagrams::diagrams(&model, &analysis) {
            if !file.starts_with("app-") {
                continue;
            }
            let svg = String::from_utf8(bytes).unwrap();
            let head = &svg[svg.find("<svg").unwrap()..];
            let (w, h) = (num(head, "width"), num(head, "height"));
            for r in svg.split("<rect class=\"label-bg\"").skip(1) {
                let (x, y) = (num(r, "x"), num(r, "y"));
                let (rw, rh) = (num(r, "width"), num(r, "height"));
                assert!(
                    x >= 0.0 && y >= 0.0 && x + rw <= w && y + rh <= h,
                    "{name}/{file}: label at {x},{y} {rw}x{rh} outside {w}x{h}"
                );
                labels += 1;
            }
        }
    }
    assert!(labels > 3, "{labels}");
}
