//! The interchange exports of `vastc build --format td,otm`:
//! `threat-dragon.json` (OWASP Threat Dragon v2) and `otm.json` (Open
//! Threat Model 0.2.0). Each validates against the schema its project
//! publishes (vendored in tests/fixtures/schemas/), is byte-identical from
//! run to run, carries every model string escaped by serde, and holds every
//! element, boundary, flow and threat of the model with its status.

use serde_json::Value;
use std::path::Path;
use vastc::analysis::Analysis;
use vastc::model::{Model, TargetRef};
use vastc::syntax::ast::Date;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

fn validator(file: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schemas")
        .join(file);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // The OTM schema declares draft-07; Threat Dragon's declares none and
    // uses only draft-07 keywords (`nullable` is an annotation it ignores).
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap()
}

fn resolve(name: &str, text: &str) -> (Model, Analysis) {
    // The project's models may include each other: read those from disk.
    let r = if Path::new(name).is_file() {
        vastc::resolve::resolve_path(Path::new(name))
    } else {
        vastc::resolve::resolve_str(name, text)
    };
    assert!(!r.has_errors(), "{name}: {:?}", r.diags);
    let analysis = vastc::analysis::analyze(&r.model, TODAY);
    (r.model, analysis)
}

/// The project's models, a generated one and a few random ones.
fn models() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "vast"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        out.push((
            f.display().to_string(),
            std::fs::read_to_string(&f).unwrap(),
        ));
    }
    out.push((
        "generated-40.vast".into(),
        vastc::generate::model(vastc::generate::Shape::new(40)),
    ));
    for seed in 1..4 {
        out.push((
            format!("random-{seed}.vast"),
            vastc::generate::random_model(seed, 24),
        ));
    }
    out
}

fn exports(model: &Model, analysis: &Analysis) -> (String, String) {
    (
        vastc::emit::threat_dragon::export(model, analysis),
        vastc::emit::otm::otm(model, analysis),
    )
}

fn assert_valid(what: &str, v: &jsonschema::Validator, text: &str) -> Value {
    let doc: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
    doc
}

#[test]
fn exports_validate_against_the_published_schemas() {
    let td = validator("threat-dragon-v2.schema.json");
    let otm = validator("otm_schema.json");
    for (name, text) in models() {
        let (model, analysis) = resolve(&name, &text);
        let (t, o) = exports(&model, &analysis);
        assert_valid(&format!("{name} threat-dragon.json"), &td, &t);
        assert_valid(&format!("{name} otm.json"), &otm, &o);
    }
}

#[test]
fn the_schemas_reject_a_broken_export() {
    // The validators are live: a required field removed is an error.
    let (name, text) = &models()[0];
    let (model, analysis) = resolve(name, text);
    let (t, o) = exports(&model, &analysis);
    let mut t: Value = serde_json::from_str(&t).unwrap();
    t["detail"]["diagrams"][0]["cells"][0]
        .as_object_mut()
        .unwrap()
        .remove("shape");
    assert!(!validator("threat-dragon-v2.schema.json").is_valid(&t));
    let mut o: Value = serde_json::from_str(&o).unwrap();
    o["components"][0].as_object_mut().unwrap().remove("parent");
    assert!(!validator("otm_schema.json").is_valid(&o));
}

#[test]
fn exports_are_deterministic() {
    for (name, text) in models() {
        let (m1, a1) = resolve(&name, &text);
        let (m2, a2) = resolve(&name, &text);
        assert_eq!(exports(&m1, &a1), exports(&m2, &a2), "{name}");
    }
}

/// Every threat of a TD export, by vastc threat ID: (cell ID, status, text).
fn td_threats(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for cell in doc["detail"]["diagrams"][0]["cells"].as_array().unwrap() {
        for t in cell["data"]["threats"].as_array().into_iter().flatten() {
            out.push((
                cell["id"].as_str().unwrap().to_string(),
                t["id"].as_str().unwrap().to_string(),
                t.clone(),
            ));
        }
    }
    out
}

#[test]
fn every_element_boundary_flow_and_threat_is_exported_with_its_status() {
    use vastc::emit::otm::{OUTSIDE, state};
    use vastc::emit::threat_dragon::{boundary_cell, element_cell, flow_cell, status_name};
    for (name, text) in models() {
        let (model, analysis) = resolve(&name, &text);
        let (t, o) = exports(&model, &analysis);
        let td: Value = serde_json::from_str(&t).unwrap();
        let otm: Value = serde_json::from_str(&o).unwrap();
        let cells = td["detail"]["diagrams"][0]["cells"].as_array().unwrap();
        let cell = |id: &str| cells.iter().find(|c| c["id"] == id);
        let by_id = |list: &Value, id: &str| {
            list.as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == id)
                .cloned()
        };
        for e in &model.elements {
            let c = cell(&element_cell(&e.id)).unwrap_or_else(|| panic!("{name}: {}", e.id));
            assert_eq!(c["shape"], e.ty.as_str(), "{name}: {}", e.id);
            let comp = by_id(&otm["components"], &e.id).unwrap();
            let zone = e
                .boundary
                .map_or(OUTSIDE, |b| model.boundaries[b].id.as_str());
            assert_eq!(comp["parent"]["trustZone"], zone, "{name}: {}", e.id);
        }
        for b in &model.boundaries {
            let c = cell(&boundary_cell(&b.id)).unwrap_or_else(|| panic!("{name}: {}", b.id));
            assert_eq!(c["shape"], "trust-boundary-box");
            let z = by_id(&otm["trustZones"], &b.id).unwrap();
            let rating = z["risk"]["trustRating"].as_f64().unwrap();
            assert_eq!(rating, vastc::emit::otm::trust_rating(b.trust.as_str()));
        }
        for f in &model.flows {
            let c = cell(&flow_cell(&f.id)).unwrap_or_else(|| panic!("{name}: {}", f.id));
            assert_eq!(
                c["source"]["cell"],
                element_cell(&model.elements[f.source].id)
            );
            assert_eq!(
                c["target"]["cell"],
                element_cell(&model.elements[f.target].id)
            );
            let d = by_id(&otm["dataflows"], &f.id).unwrap();
            assert_eq!(d["source"], model.elements[f.source].id);
            assert_eq!(d["destination"], model.elements[f.target].id);
        }
        let tdt = td_threats(&td);
        assert_eq!(tdt.len(), analysis.threats.len(), "{name}");
        assert_eq!(
            td["detail"]["threatTop"].as_u64(),
            Some(analysis.threats.len() as u64)
        );
        for th in &analysis.threats {
            let (cell_id, _, x) = tdt
                .iter()
                .find(|(_, id, _)| *id == th.id)
                .unwrap_or_else(|| panic!("{name}: {} not in threat-dragon.json", th.id));
            let want_cell = match th.target {
                TargetRef::Element(e) => element_cell(&model.elements[e].id),
                TargetRef::Flow(f) => flow_cell(&model.flows[f].id),
                TargetRef::Boundary(b) => boundary_cell(&model.boundaries[b].id),
                _ => "vastc-other-threats".to_string(),
            };
            assert_eq!(*cell_id, want_cell, "{name}: {}", th.id);
            assert_eq!(x["status"], status_name(th.status));
            assert_eq!(x["title"], &*th.title);
            assert_eq!(x["mitigation"], &*th.mitigation);
            let status_line = format!("vastc status: {}", th.status.as_str());
            assert!(x["description"].as_str().unwrap().contains(&status_line));
            let o = by_id(&otm["threats"], &th.id)
                .unwrap_or_else(|| panic!("{name}: {} not in otm.json", th.id));
            assert_eq!(o["attributes"]["status"], th.status.as_str());
            assert_eq!(o["name"], &*th.title);
            // The instance on its component or data flow.
            let holder = match th.target {
                TargetRef::Element(e) => by_id(&otm["components"], &model.elements[e].id),
                TargetRef::Flow(f) => by_id(&otm["dataflows"], &model.flows[f].id),
                _ => None,
            };
            if let Some(h) = holder {
                let inst = h["threats"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["threat"] == th.id.as_str())
                    .unwrap_or_else(|| panic!("{name}: no instance of {}", th.id));
                assert_eq!(inst["state"], state(th.status));
                if !th.mitigation.is_empty() {
                    let m = &inst["mitigations"][0]["mitigation"];
                    assert!(by_id(&otm["mitigations"], m.as_str().unwrap()).is_some());
                }
            }
        }
    }
}

#[test]
fn statuses_map_to_each_format() {
    // payments.vast accepts one risk and declares a manual threat.
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/payments.vast"))
            .unwrap();
    let (model, analysis) = resolve("payments", &text);
    let accepted = analysis
        .threats
        .iter()
        .find(|t| t.id.starts_with("K8S-EXT-12@"))
        .unwrap();
    assert_eq!(accepted.status.as_str(), "accepted");
    let (t, o) = exports(&model, &analysis);
    let td: Value = serde_json::from_str(&t).unwrap();
    let x = td_threats(&td)
        .into_iter()
        .find(|(_, id, _)| *id == accepted.id)
        .unwrap()
        .2;
    assert_eq!(x["status"], "Open");
    assert!(
        x["description"]
            .as_str()
            .unwrap()
            .contains("vastc status: accepted")
    );
    let otm: Value = serde_json::from_str(&o).unwrap();
    let comp = otm["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "tokenizer")
        .unwrap();
    assert!(
        comp["threats"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["threat"] == accepted.id.as_str() && i["state"] == "accepted")
    );
}

#[test]
fn layout_positions_follow_the_svg_layout() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/payments.vast"))
            .unwrap();
    let (model, analysis) = resolve("payments", &text);
    let prepared = vastc::emit::svg::Prepared::new(&model).unwrap();
    let lay = prepared.layout();
    let td: Value =
        serde_json::from_str(&vastc::emit::threat_dragon::export(&model, &analysis)).unwrap();
    let cells = td["detail"]["diagrams"][0]["cells"].as_array().unwrap();
    for (i, e) in model.elements.iter().enumerate() {
        let id = vastc::emit::threat_dragon::element_cell(&e.id);
        let c = cells.iter().find(|c| c["id"] == id.as_str()).unwrap();
        assert_eq!(c["position"]["x"].as_f64(), Some(lay.nodes[i].x.round()));
        assert_eq!(c["position"]["y"].as_f64(), Some(lay.nodes[i].y.round()));
    }
    for (i, b) in model.boundaries.iter().enumerate() {
        let id = vastc::emit::threat_dragon::boundary_cell(&b.id);
        let c = cells.iter().find(|c| c["id"] == id.as_str()).unwrap();
        // Each element inside its boundary's box, as in the SVG.
        assert_eq!(
            c["size"]["width"].as_f64(),
            Some(lay.clusters[i].width.round())
        );
        for (j, e) in model.elements.iter().enumerate() {
            if e.boundary.map(|b| b.index()) == Some(i) {
                let (n, r) = (&lay.nodes[j], &lay.clusters[i]);
                assert!(
                    n.x >= r.x && n.x + n.width <= r.x + r.width + 0.5,
                    "{}",
                    e.id
                );
            }
        }
    }
}

#[test]
fn model_strings_are_json_escaped() {
    let nasty = r#"quote \" back \\ tab	</script><b>&amp;"#;
    let expected = "quote \" back \\ tab\t</script><b>&amp;";
    let text = format!(
        r#"model "M {nasty}" {{ version "1" }}
boundary net "Net {nasty}" {{
  kind internet
  actor user "User {nasty}" {{ kind user }}
}}
boundary dc "DC" {{
  kind corporate-network
  process app "App {nasty}" {{ kind service }}
}}
flow user -> app "Flow {nasty}" {{ protocol http }}
threat t1 "Threat {nasty}" on app {{
  stride S
  category other
  cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
  mitigation "Fix {nasty}"
}}
"#
    );
    let (model, analysis) = resolve("nasty.vast", &text);
    let (t, o) = exports(&model, &analysis);
    assert!(!t.contains('\t') && !o.contains('\t'), "a raw tab");
    let td: Value = serde_json::from_str(&t).unwrap();
    let otm: Value = serde_json::from_str(&o).unwrap();
    assert_eq!(td["summary"]["title"], format!("M {expected}"));
    assert_eq!(otm["project"]["name"], format!("M {expected}"));
    let cells = td["detail"]["diagrams"][0]["cells"].as_array().unwrap();
    let names: Vec<&str> = cells
        .iter()
        .map(|c| c["data"]["name"].as_str().unwrap())
        .collect();
    for want in ["Net", "User", "App", "Flow"] {
        assert!(
            names.contains(&format!("{want} {expected}").as_str()),
            "{want}: {names:?}"
        );
    }
    let (_, _, th) = td_threats(&td).into_iter().find(|x| x.1 == "t1").unwrap();
    assert_eq!(th["title"], format!("Threat {expected}"));
    assert_eq!(th["mitigation"], format!("Fix {expected}"));
    assert_eq!(otm["threats"][0]["name"], format!("Threat {expected}"));
    assert_eq!(otm["mitigations"][0]["name"], format!("Fix {expected}"));
}

#[test]
fn build_writes_the_requested_interchange_files() {
    let out = std::env::temp_dir().join(format!("vastc-interchange-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(["build", "models/payments.vast", "--format", "td,otm", "-o"])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut files: Vec<String> = std::fs::read_dir(out.join("payments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["otm.json", "threat-dragon.json"]);
    let _ = std::fs::remove_dir_all(&out);
}
