//! `vastc import td|otm|threagile` on hostile and malformed input: names
//! that are keywords, control characters, duplicate IDs, cycles, huge
//! numbers, wrong JSON types, every prefix of the vendored examples, and
//! the command's exit statuses. Each is a note or a located diagnostic,
//! never a panic or a model that does not check.

#[path = "common/interchange.rs"]
mod support;

use support::{files, import_clean, root};
use vastc::interchange::{Format, import};

fn td_doc(cells: serde_json::Value) -> String {
    serde_json::json!({
        "version": "2.3.0",
        "summary": { "title": "T" },
        "detail": { "diagrams": [{ "title": "D", "diagramType": "STRIDE", "cells": cells }] }
    })
    .to_string()
}

#[test]
fn hostile_names_are_escaped_sanitised_and_unique() {
    let evil = "\u{1b}[31mred\u{7}\" } process x { \n// */ \\";
    let cells = serde_json::json!([
        { "id": "a", "shape": "process", "position": {"x": 0, "y": 0}, "size": {"width": 10, "height": 10},
          "data": { "type": "tm.Process", "name": evil, "threats": [
              { "title": evil, "type": "Spoofing", "status": "Open", "severity": "High", "mitigation": evil, "description": evil }
          ] } },
        { "id": "b", "shape": "process", "data": { "type": "tm.Process", "name": "flow" } },
        { "id": "c", "shape": "store", "data": { "type": "tm.Store", "name": "flow" } },
        { "id": "d", "shape": "actor", "data": { "type": "tm.Actor", "name": "true" } },
        { "id": "e", "shape": "actor", "data": { "type": "tm.Actor", "name": "" } },
        { "id": "f", "shape": "actor", "data": { "type": "tm.Actor", "name": "日本語" } },
        { "id": "a", "shape": "actor", "data": { "type": "tm.Actor", "name": "dup" } },
        { "id": "g", "shape": "flow", "source": {"cell": "a"}, "target": {"cell": "b"}, "data": { "type": "tm.Flow", "name": evil, "protocol": "HTTPS" } },
        { "id": "h", "shape": "flow", "source": {"cell": "a"}, "target": {"cell": "b"}, "data": { "type": "tm.Flow", "name": "again", "protocol": "pigeon" } },
        { "id": "i", "shape": "flow", "source": {"cell": "a"}, "data": { "type": "tm.Flow" } }
    ]);
    let (vast, notes, m, _) = import_clean(Format::ThreatDragon, "evil.json", &td_doc(cells));
    assert!(
        !vast.contains('\u{1b}') && !vast.contains('\u{7}'),
        "{vast}"
    );
    let p = m
        .elements
        .iter()
        .find(|e| e.id == "process")
        .or_else(|| m.elements.iter().next())
        .expect("an element");
    assert_eq!(p.label, evil);
    let ids: Vec<&str> = m.elements.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 7);
    assert!(
        ids.contains(&"process-flow") && ids.contains(&"store-flow"),
        "{ids:?}"
    );
    assert!(ids.contains(&"actor-true"), "{ids:?}");
    assert_eq!(m.flows.len(), 2);
    assert!(m.flows.iter().any(|f| f.label == evil));
    assert!(notes.iter().any(|n| n.contains("used twice")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("\"pigeon\"")), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.contains("attached to nothing")),
        "{notes:?}"
    );
    assert!(notes.iter().all(|n| !n.contains('\u{1b}')));
}

#[test]
fn huge_numbers_and_odd_geometry_do_not_break_nesting() {
    let cells = serde_json::json!([
        { "id": "b1", "shape": "trust-boundary-box", "position": {"x": -1e308, "y": -1e308}, "size": {"width": 1e308, "height": 1e308}, "data": {"type": "tm.BoundaryBox", "name": "huge"} },
        { "id": "b2", "shape": "trust-boundary-box", "position": {"x": 0, "y": 0}, "size": {"width": 100, "height": 100}, "data": {"type": "tm.BoundaryBox", "name": "same"} },
        { "id": "b3", "shape": "trust-boundary-box", "position": {"x": 0, "y": 0}, "size": {"width": 100, "height": 100}, "data": {"type": "tm.BoundaryBox", "name": "same too"} },
        { "id": "b4", "shape": "trust-boundary-box", "position": {"x": "12", "y": null}, "size": {"width": -5, "height": 99999999999999999999999.0}, "data": {"type": "tm.BoundaryBox"} },
        { "id": "p", "shape": "process", "position": {"x": 40, "y": 40}, "size": {"width": 10, "height": 10}, "data": {"type": "tm.Process", "name": "p"} }
    ]);
    let (_, _, m, _) = import_clean(Format::ThreatDragon, "geo.json", &td_doc(cells));
    assert_eq!(m.boundaries.len(), 4);
    let p = m.elements.iter().next().expect("one element");
    assert!(p.boundary.is_some());
    let e = import(
        Format::ThreatDragon,
        "big.json",
        r#"{"detail": {"diagrams": [{"cells": [{"id": "x", "zIndex": 1e999}]}]}}"#,
    );
    let d = e.err().unwrap().diags;
    assert!(d[0].message.contains("big.json:1:"), "{}", d[0].message);
}

#[test]
fn wrong_types_and_syntax_errors_are_located_diagnostics() {
    let cases: [(Format, &str, &str); 8] = [
        (
            Format::ThreatDragon,
            "{\n  \"detail\": {\n    \"diagrams\": 5\n  }\n}",
            "x.json:3:",
        ),
        (Format::ThreatDragon, "[1, 2]", "x.json:1:"),
        (
            Format::ThreatDragon,
            "{\"summary\": {\"title\": [1]}}",
            "x.json:1:",
        ),
        (
            Format::ThreatDragon,
            "{\"detail\": {\"diagrams\": [{\"cells\": [{\"data\": {\"threats\": \"none\"}}]}]}}",
            "x.json:1:",
        ),
        (Format::Otm, "{\"components\": {\"a\": 1}}", "x.json:1:"),
        (
            Format::Otm,
            "{\"trustZones\": [ {\"id\": \"a\" ",
            "x.json:1:",
        ),
        (
            Format::Threagile,
            "title: x\ntechnical_assets:\n  a: [1, 2\n",
            "x.json:",
        ),
        (Format::Threagile, "data_assets: 7\n", "x.json:1:"),
    ];
    for (format, text, at) in cases {
        let f = import(format, "x.json", text)
            .err()
            .unwrap_or_else(|| panic!("{text}"));
        let msg = &f.diags[0].message;
        assert!(
            msg.starts_with("malformed ") && msg.contains(at),
            "{text}: {msg}"
        );
        let rendered = vastc::diagnostic::render(&f.diags, &f.sources, Default::default());
        assert!(rendered.contains("x.json"), "{rendered}");
    }
}

#[test]
fn cycles_duplicates_and_deep_nesting_are_notes() {
    // OTM: zones in a cycle, a 200-deep chain, components nested in a cycle,
    // a duplicate component ID, a flow to nowhere.
    let mut zones = vec![
        serde_json::json!({"id": "z1", "name": "one", "parent": {"trustZone": "z2"}}),
        serde_json::json!({"id": "z2", "name": "two", "parent": {"trustZone": "z1"}}),
    ];
    for i in 0..200 {
        let mut z = serde_json::json!({"id": format!("d{i}"), "name": format!("deep {i}"), "risk": {"trustRating": i}});
        if i > 0 {
            z["parent"] = serde_json::json!({"trustZone": format!("d{}", i - 1)});
        }
        zones.push(z);
    }
    let doc = serde_json::json!({
        "otmVersion": "0.2.0",
        "project": {"name": "cycles", "id": "c"},
        "trustZones": zones,
        "components": [
            {"id": "c1", "name": "model", "type": "process", "parent": {"component": "c2"}},
            {"id": "c2", "name": "c2", "type": "process", "parent": {"component": "c1"}},
            {"id": "c1", "name": "dup", "type": "database", "parent": {"trustZone": "d199"}},
            {"id": "c3", "name": "deep", "type": "x", "parent": {"trustZone": "d199"}}
        ],
        "dataflows": [
            {"id": "f1", "name": "f", "source": "c1", "destination": "nowhere"},
            {"id": "f2", "name": "g", "source": "c3", "destination": "c1", "threats": [{"threat": "t1", "state": "weird"}]}
        ],
        "threats": [{"id": "t1", "name": "T", "categories": ["Linkability"], "risk": {"impact": 95}}]
    });
    let (_, notes, m, a) = import_clean(Format::Otm, "cycles.json", &doc.to_string());
    assert_eq!(m.boundaries.len(), 202);
    assert!(
        notes.iter().any(|n| n.contains("cycle of parent zones")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("cycle of parent components")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("used twice")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("\"weird\"")), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.contains("\"Linkability\"")),
        "{notes:?}"
    );
    let t = a.threats.iter().find(|t| t.manual).unwrap();
    assert_eq!(t.scores.severity.as_str(), "critical");
    // The deepest zone is 200 boundaries down.
    let deep = m.boundaries.position(|b| b.label == "deep 199").unwrap();
    let mut depth = 0;
    let mut p = m.boundaries[deep].parent;
    while let Some(x) = p {
        depth += 1;
        p = m.boundaries[x].parent;
    }
    assert_eq!(depth, 199);

    // Threagile: nested boundaries in a cycle, an asset in two boundaries.
    let yaml = "title: t\ntechnical_assets:\n  A:\n    id: a\n    type: process\n  B:\n    id: a\n    type: datastore\ntrust_boundaries:\n  X:\n    id: x\n    technical_assets_inside: [a]\n    trust_boundaries_nested: [y]\n  Y:\n    id: y\n    technical_assets_inside: [a]\n    trust_boundaries_nested: [x]\n";
    let (_, notes, m, _) = import_clean(Format::Threagile, "t.yaml", yaml);
    assert_eq!(m.elements.len(), 2);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("cycle of nested boundaries")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("inside both")), "{notes:?}");
}

#[test]
fn every_prefix_of_every_example_is_a_model_or_a_diagnostic() {
    for (dir, format) in [
        ("td", Format::ThreatDragon),
        ("otm", Format::Otm),
        ("threagile", Format::Threagile),
    ] {
        for f in files(dir) {
            let text = std::fs::read_to_string(&f).unwrap();
            let step = (text.len() / 150).max(1);
            let mut cut = 0;
            while cut < text.len() {
                if text.is_char_boundary(cut) {
                    match import(format, "p", &text[..cut]) {
                        Ok(i) => {
                            let r = vastc::resolve::resolve_str("p.vast", &i.vast);
                            assert!(!r.has_errors(), "{} at {cut}: {:?}", f.display(), r.diags);
                        }
                        Err(e) => assert!(!e.diags.is_empty()),
                    }
                }
                cut += step;
            }
        }
    }
}

#[test]
fn the_command_writes_stdout_or_a_file_and_fails_with_status_2() {
    let bin = env!("CARGO_BIN_EXE_vastc");
    let example = root().join("tests/fixtures/interchange/otm/EXAMPLE.json");
    let out = std::process::Command::new(bin)
        .args(["import", "otm"])
        .arg(&example)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("model \"Test project\""), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.lines().all(|l| l.starts_with("note: ")), "{stderr}");
    let dir = std::env::temp_dir().join(format!("vastc-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("m.vast");
    let out = std::process::Command::new(bin)
        .args(["import", "otm"])
        .arg(&example)
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
    let check = std::process::Command::new(bin)
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let fmt = std::process::Command::new(bin)
        .args(["fmt", "--check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(fmt.status.code(), Some(0));
    // Malformed, missing and non-UTF-8 input: status 2 with a diagnostic.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\n  \"detail\": [\n").unwrap();
    let out = std::process::Command::new(bin)
        .args(["import", "td"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("bad.json:"), "{stderr}");
    std::fs::write(&bad, [0xff, 0xfe, b'{']).unwrap();
    let out = std::process::Command::new(bin)
        .args(["import", "threagile"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = std::process::Command::new(bin)
        .args(["import", "td"])
        .arg(dir.join("none.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_byte_order_mark_is_skipped() {
    for (format, dir) in [
        (Format::ThreatDragon, "td"),
        (Format::Otm, "otm"),
        (Format::Threagile, "threagile"),
    ] {
        let path = &files(dir)[0];
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let plain = import(format, name, &text).unwrap_or_else(|f| panic!("{name}: {:?}", f.diags));
        let marked = import(format, name, &format!("\u{feff}{text}"))
            .unwrap_or_else(|f| panic!("{name} with a BOM: {:?}", f.diags));
        assert_eq!(plain.vast, marked.vast, "{name}");
    }
}

/// A file that is valid JSON but for one byte that is not UTF-8 is refused
/// with exit status 2, not imported with `U+FFFD` in its names.
#[test]
fn bytes_that_are_not_utf8_are_refused() {
    let bin = env!("CARGO_BIN_EXE_vastc");
    let dir = std::env::temp_dir().join(format!("vastc-import-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = td_doc(serde_json::json!([{
        "id": "a", "shape": "actor",
        "position": { "x": 0, "y": 0 }, "size": { "width": 10, "height": 10 },
        "data": { "type": "tm.Actor", "name": "Caf\u{e9}", "threats": [] }
    }]));
    let path = dir.join("model.json");
    std::fs::write(&path, good.as_bytes()).unwrap();
    let ok = std::process::Command::new(bin)
        .args(["import", "td"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // é as Latin-1: one byte 0xE9, not UTF-8.
    let latin1: Vec<u8> = good
        .replace('\u{e9}', "\u{1}")
        .into_bytes()
        .into_iter()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect();
    std::fs::write(&path, latin1).unwrap();
    let out = std::process::Command::new(bin)
        .args(["import", "td"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not UTF-8"), "{stderr}");
    assert!(out.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
