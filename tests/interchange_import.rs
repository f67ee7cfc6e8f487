//! `vastc import td|otm|threagile`: the public example models of Threat
//! Dragon, OTM and Threagile (vendored in `tests/fixtures/interchange/`)
//! import, check with no diagnostic, are fmt-clean and build; their models
//! and the threats `build` finds on them are snapshots in
//! `snapshots/interchange/`. `import(export(model))` keeps every element,
//! boundary, flow, data item and threat of the project's models with its
//! status. Hostile input is tested in `interchange_hostile.rs`.

#[path = "common/interchange.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;
use support::{TODAY, files, import_clean, root};
use vastc::analysis::Analysis;
use vastc::interchange::{Format, import};
use vastc::model::{Model, TargetRef};

/// Threats as a compact list: one line per threat.
fn threat_list(a: &Analysis) -> String {
    let mut lines: Vec<String> = a
        .threats
        .iter()
        .map(|t| {
            format!(
                "{} {} on {} {}: {} [{}]",
                if t.manual { "manual" } else { "rule" },
                t.rule,
                t.target_kind,
                t.target_id,
                t.status.as_str(),
                t.scores.severity.as_str()
            )
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

#[test]
fn vendored_examples_import_check_build_and_match_their_snapshots() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/interchange");
    settings.set_prepend_module_to_snapshot(false);
    let formats = [
        ("td", Format::ThreatDragon),
        ("otm", Format::Otm),
        ("threagile", Format::Threagile),
    ];
    let mut count = 0;
    for (dir, format) in formats {
        for f in files(dir) {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&f).unwrap();
            let (vast, notes, model, analysis) = import_clean(format, &name, &text);
            // A second import is byte-identical.
            let again = import(format, &name, &text).ok().unwrap();
            assert_eq!(again.vast, vast);
            assert_eq!(again.notes, notes);
            // Every example but Threat Dragon's empty new-model template has elements.
            assert!(
                !model.elements.is_empty() || name == "v2-new-model.json",
                "{name}"
            );
            let stem = name.replace('.', "-");
            let report = format!(
                "{} elements, {} boundaries, {} flows, {} data, {} manual threats\n\nnotes:\n{}\n\nthreats:\n{}\n",
                model.elements.len(),
                model.boundaries.len(),
                model.flows.len(),
                model.data.len(),
                model.threats.len(),
                notes.join("\n"),
                threat_list(&analysis)
            );
            settings.bind(|| {
                insta::assert_snapshot!(format!("{dir}-{stem}.vast"), vast);
                insta::assert_snapshot!(format!("{dir}-{stem}-build"), report);
            });
            count += 1;
        }
    }
    assert_eq!(count, 14);
}

#[test]
fn real_examples_keep_their_content() {
    // Threagile's example: 14 technical assets, 12 data assets, 5 trust
    // boundaries (and the internet one), 2 individual risks, the web DMZ
    // nested in the application network.
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/interchange/threagile/example.yaml"))
            .unwrap();
    let (_, notes, m, a) = import_clean(Format::Threagile, "example.yaml", &text);
    assert_eq!(m.elements.len(), 14);
    assert_eq!(m.data.len(), 12);
    assert_eq!(m.boundaries.len(), 6);
    let b = |id: &str| m.boundary(id).unwrap();
    assert_eq!(
        m.boundaries[b("web-dmz")].parent,
        Some(b("application-network"))
    );
    assert_eq!(m.threats.len(), 2);
    let manual: Vec<_> = a.threats.iter().filter(|t| t.manual).collect();
    assert!(manual.iter().all(|t| *t.stride == ["R"]), "{manual:?}");
    let contracts = m
        .data
        .iter()
        .find(|d| d.id == "customer-contracts")
        .unwrap();
    assert_eq!(contracts.classification, 2); // confidential
    assert_eq!(contracts.integrity, 3); // critical
    assert!(
        notes.iter().any(|n| n.contains("shared runtime")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("untrusted-deserialization@erp-system"))
    );

    // The OTM example: the threat on a component and on a data flow.
    let text = std::fs::read_to_string(root().join("tests/fixtures/interchange/otm/EXAMPLE.json"))
        .unwrap();
    let (_, _, m, a) = import_clean(Format::Otm, "EXAMPLE.json", &text);
    let on: BTreeSet<String> = a
        .threats
        .iter()
        .filter(|t| t.manual)
        .map(|t| t.target_id.clone())
        .collect();
    assert_eq!(on.len(), 2, "{on:?}");
    let t = a.threats.iter().find(|t| t.manual).unwrap();
    assert_eq!(*t.stride, ["S", "T"]);
    assert_eq!(*t.references, ["CWE-79", "CWE-787"]);
    let cc = m.data.iter().find(|d| d.id == "cc-data").unwrap();
    assert_eq!(cc.classification, 3); // restricted
    // The YAML form of the same example gives the same model.
    let yaml = std::fs::read_to_string(root().join("tests/fixtures/interchange/otm/EXAMPLE.yaml"))
        .unwrap();
    let (_, _, my, _) = import_clean(Format::Otm, "EXAMPLE.json", &yaml);
    assert_eq!(ids(&my), ids(&m));

    // Threat Dragon: boundary boxes nest elements by geometry.
    let text = std::fs::read_to_string(
        root().join("tests/fixtures/interchange/td/three-tier-web-app.json"),
    )
    .unwrap();
    let (_, _, m, _) = import_clean(Format::ThreatDragon, "three-tier-web-app.json", &text);
    let el = |label: &str| m.elements.iter().find(|e| e.label == label).unwrap();
    let bl = |e: &vastc::model::Element| m.boundaries[e.boundary.unwrap()].label.clone();
    assert_eq!(bl(el("Web UI")), "Internet");
    assert_eq!(bl(el("PostgresSQL")), "Public Cloud");
    assert_eq!(m.flows.len(), 3);
}

fn ids(m: &Model) -> Vec<String> {
    let mut v: Vec<String> = m.elements.iter().map(|e| e.id.clone()).collect();
    v.extend(m.boundaries.iter().map(|b| b.id.clone()));
    v.extend(m.flows.iter().map(|f| f.id.clone()));
    v.extend(m.data.iter().map(|d| d.id.clone()));
    v
}

/// What a round trip must keep, as comparable sets.
#[derive(Debug, PartialEq)]
struct Kept {
    elements: BTreeSet<(String, String, String, Option<String>)>,
    boundaries: BTreeSet<(String, String, String, Option<String>)>,
    flows: BTreeSet<(String, String, String)>,
    data: BTreeSet<(String, usize, usize, usize)>,
    threats: BTreeSet<(String, String, String, String)>,
}

fn kept(m: &Model, threats: &[&vastc::analysis::Threat], with_data: bool) -> Kept {
    let bid = |b: Option<vastc::model::BoundaryId>| b.map(|b| m.boundaries[b].id.clone());
    Kept {
        elements: m
            .elements
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    e.ty.as_str().to_string(),
                    e.kind.as_str().to_string(),
                    bid(e.boundary),
                )
            })
            .collect(),
        boundaries: m
            .boundaries
            .iter()
            .map(|b| {
                (
                    b.id.clone(),
                    b.kind.as_str().to_string(),
                    b.trust.as_str().to_string(),
                    bid(b.parent),
                )
            })
            .collect(),
        flows: m
            .flows
            .iter()
            .map(|f| {
                (
                    f.id.clone(),
                    m.elements[f.source].id.clone(),
                    m.elements[f.target].id.clone(),
                )
            })
            .collect(),
        data: if with_data {
            m.data
                .iter()
                .map(|d| (d.id.clone(), d.classification, d.integrity, d.availability))
                .collect()
        } else {
            BTreeSet::new()
        },
        threats: threats
            .iter()
            .map(|t| {
                (
                    t.title.to_string(),
                    t.target_kind.to_string(),
                    t.target_id.clone(),
                    t.status.as_str().to_string(),
                )
            })
            .collect(),
    }
}

fn project_models() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("models"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "vast"))
        .collect();
    v.sort();
    assert!(v.len() >= 4);
    v
}

#[test]
fn round_trip_keeps_every_element_boundary_flow_data_item_and_threat() {
    for path in project_models() {
        let r = vastc::resolve::resolve_path(&path);
        assert!(!r.has_errors(), "{}", path.display());
        let m = &r.model;
        let a = vastc::analysis::analyze(m, TODAY);
        let all: Vec<&vastc::analysis::Threat> = a.threats.iter().collect();
        for (format, text, with_data) in [
            (
                Format::ThreatDragon,
                vastc::emit::threat_dragon::export(m, &a),
                false,
            ),
            (Format::Otm, vastc::emit::otm::otm(m, &a), true),
        ] {
            let name = format!("{} {format:?}", path.display());
            let (_, _, m2, a2) = import_clean(format, "export.json", &text);
            let manual: Vec<&vastc::analysis::Threat> =
                a2.threats.iter().filter(|t| t.manual).collect();
            let want = kept(m, &all, with_data);
            let mut got = kept(&m2, &manual, with_data);
            // Identities and data assets Threat Dragon has no place for are
            // declared only when a threat is about them; they are not elements.
            if !with_data {
                got.data.clear();
            }
            assert_eq!(got.elements, want.elements, "{name}");
            assert_eq!(got.boundaries, want.boundaries, "{name}");
            assert_eq!(got.flows, want.flows, "{name}");
            assert_eq!(got.data, want.data, "{name}");
            let missing: Vec<_> = want.threats.difference(&got.threats).collect();
            let extra: Vec<_> = got.threats.difference(&want.threats).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{name}: missing {missing:?}, extra {extra:?}"
            );
            assert_eq!(manual.len(), a.threats.len(), "{name}");
            // Threats on a target with no place in the format are declared too.
            for t in &manual {
                assert!(!matches!(t.target, TargetRef::Any), "{name}");
            }
        }
    }
}
