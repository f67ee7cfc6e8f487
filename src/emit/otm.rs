//! `otm.json`: the model as an Open Threat Model (OTM 0.2.0) file. Each
//! boundary is a trust zone (its trust word as a 0-100 trust rating), each
//! element a component in its boundary's zone, each flow a data flow, each
//! data asset an asset with its CIA ratings, and each threat one entry of
//! the threat list with the instance on its component or data flow and its
//! mitigation. Strings are written by serde, so they are JSON-escaped.

use super::lazy_json::{self, Part};
use crate::analysis::{Analysis, Status, Threat};
use crate::model::{BoundaryId, ElementId, FlowId, IdVec, Idx, Key, Model, TargetRef};
use crate::resolve::vocab::{CLASSIFICATION, LEVEL, TRUST};
use serde_json::{Value, json};

/// The OTM version written.
pub const OTM_VERSION: &str = "0.2.0";

/// The trust zone of elements outside every boundary. Not a vastc ID (a
/// colon is not allowed in one), so it cannot collide.
pub const OUTSIDE: &str = "vastc:outside";

/// A rank in a vocabulary of `len` words as 0-100.
fn percent(rank: usize, len: usize) -> f64 {
    if len < 2 {
        return 100.0;
    }
    (rank.min(len - 1) as f64 * 100.0 / (len - 1) as f64).round()
}

/// The trust rating (0 = untrusted, 100 = high) of a trust word.
pub fn trust_rating(trust: &str) -> f64 {
    let rank = TRUST.words.iter().position(|w| *w == trust).unwrap_or(0);
    percent(rank, TRUST.words.len())
}

/// The OTM state of a threat instance: `exposed` while open or in
/// progress; `mitigated`, `accepted`, `not-applicable` otherwise. The exact
/// vastc status is also in the threat's attributes.
pub fn state(s: Status) -> &'static str {
    match s {
        Status::Open | Status::InProgress => "exposed",
        Status::Mitigated => "mitigated",
        Status::Accepted => "accepted",
        Status::FalsePositive => "not-applicable",
    }
}

/// The ID of a threat's mitigation.
pub fn mitigation_id(threat: &str) -> String {
    format!("mitigation-{threat}")
}

fn instance(t: &Threat) -> Value {
    let mut mitigations = Vec::new();
    if !t.mitigation.is_empty() {
        let state = if t.status == Status::Mitigated {
            "implemented"
        } else {
            "required"
        };
        mitigations.push(json!({ "mitigation": mitigation_id(&t.id), "state": state }));
    }
    json!({ "threat": t.id, "state": state(t.status), "mitigations": mitigations })
}

fn stride_category(letter: &str) -> &'static str {
    super::threat_dragon::stride_name(letter)
}

fn threat(t: &Threat) -> Value {
    json!({
        "id": t.id,
        "name": t.title,
        "description": if t.description.is_empty() { t.why.as_str() } else { &*t.description },
        "categories": t.stride.iter().map(|s| stride_category(s)).collect::<Vec<_>>(),
        "cwes": [],
        "risk": {
            "likelihood": null,
            "impact": (t.scores.base * 10.0).round(),
            "impactComment": format!("CVSS {} = {:.1} ({})", t.scores.vector, t.scores.base, t.scores.severity.as_str()),
        },
        "tags": [&*t.category],
        "attributes": {
            "status": t.status.as_str(),
            "severity": t.scores.severity.as_str(),
            "rule": t.rule,
            "target": format!("{} {}", t.target_kind, t.target_id),
            "reason": t.reason,
            "manual": t.manual,
        },
    })
}

/// The OTM JSON of a model and its threats.
pub fn otm(model: &Model, analysis: &Analysis) -> String {
    super::write::text(|w| write_otm(model, analysis, w))
}

/// [`otm`] written to `w` one entry at a time.
pub fn write_otm(
    model: &Model,
    analysis: &Analysis,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Each element's and flow's threats by index; their JSON is built
    // with the component or data flow, while it is written.
    let mut on_element: IdVec<ElementId, Vec<usize>> =
        IdVec::filled(Vec::new(), model.elements.len());
    let mut on_flow: IdVec<FlowId, Vec<usize>> = IdVec::filled(Vec::new(), model.flows.len());
    for (i, t) in analysis.threats.iter().enumerate() {
        match t.target {
            TargetRef::Element(e) => {
                if let Some(on) = on_element.get_mut(e) {
                    on.push(i);
                }
            }
            TargetRef::Flow(f) => {
                if let Some(on) = on_flow.get_mut(f) {
                    on.push(i);
                }
            }
            _ => {}
        }
    }
    let instances = |list: &[usize]| -> Vec<Value> {
        list.iter()
            .map(|&i| instance(&analysis.threats[i]))
            .collect()
    };
    let name = |id: &str, label: &str| {
        if label.is_empty() {
            id.to_string()
        } else {
            label.to_string()
        }
    };
    let n_zones = model.boundaries.len();
    let outside = model.elements.iter().any(|e| e.boundary.is_none());
    let zone = |i: usize| -> Option<Value> {
        let Some(b) = model.boundaries.get(BoundaryId::new(i)) else {
            return outside.then(|| {
                json!({
                    "id": OUTSIDE,
                    "name": "Outside every boundary",
                    "type": "outside",
                    "description": "Elements the model places in no boundary",
                    "risk": { "trustRating": 0.0 },
                })
            });
        };
        let mut z = json!({
            "id": b.id,
            "name": name(&b.id, &b.label),
            "type": b.kind.as_str(),
            "description": format!("trust {}", b.trust),
            "risk": { "trustRating": trust_rating(b.trust.as_str()) },
        });
        if let Some(p) = b.parent.and_then(|p| model.boundaries.get(p)) {
            z["parent"] = json!({ "trustZone": p.id });
        }
        Some(z)
    };
    let component = |i: usize| -> Option<Value> {
        let i = ElementId::new(i);
        let e = model.elements.get(i)?;
        let zone = e
            .boundary
            .and_then(|b| model.boundaries.get(b))
            .map_or(OUTSIDE, |b| b.id.as_str());
        let stored: Vec<&str> = e
            .stores
            .iter()
            .filter_map(|&d| model.data.get(d).map(|d| d.id.as_str()))
            .collect();
        Some(json!({
            "id": e.id,
            "name": name(&e.id, &e.label),
            "type": e.ty.as_str(),
            "description": e.kind.as_str(),
            "parent": { "trustZone": zone },
            "assets": { "processed": [], "stored": stored },
            "threats": instances(&on_element[i]),
            "tags": [e.kind.as_str()],
        }))
    };
    let data_ids = |list: &[usize]| -> Vec<String> {
        list.iter()
            .filter_map(|&d| model.data.get(d).map(|d| d.id.clone()))
            .collect()
    };
    let dataflow = |i: usize| -> Option<Value> {
        let i = FlowId::new(i);
        let f = model.flows.get(i)?;
        let src = model.elements.get(f.source)?;
        let dst = model.elements.get(f.target)?;
        let mut assets = data_ids(&f.carries);
        assets.extend(data_ids(&f.returns));
        Some(json!({
            "id": f.id,
            "name": name(&f.id, &f.label),
            "source": src.id,
            "destination": dst.id,
            "bidirectional": !f.returns.is_empty(),
            "assets": assets,
            "threats": instances(&on_flow[i]),
            "attributes": {
                "encrypted": f.encrypted(),
                "authn": f.authn(),
                "protocol": f.settings.get(Key::Protocol).and_then(|v| v.as_str()).unwrap_or(""),
            },
        }))
    };
    let asset = |i: usize| -> Option<Value> {
        let d = model.data.get(i)?;
        Some(json!({
            "id": d.id,
            "name": name(&d.id, &d.label),
            "risk": {
                "confidentiality": percent(d.classification, CLASSIFICATION.words.len()),
                "integrity": percent(d.integrity, LEVEL.words.len()),
                "availability": percent(d.availability, LEVEL.words.len()),
            },
        }))
    };
    let one_threat = |i: usize| analysis.threats.get(i).map(threat);
    let mitigation = |i: usize| -> Option<Value> {
        let t = analysis
            .threats
            .get(i)
            .filter(|t| !t.mitigation.is_empty())?;
        Some(json!({
            "id": mitigation_id(&t.id),
            "name": t.mitigation,
            "description": t.mitigation,
            "riskReduction": if t.status == Status::Mitigated { 100.0 } else { 0.0 },
        }))
    };
    let n_threats = analysis.threats.len();
    let doc = Part::object([
        ("otmVersion", json!(OTM_VERSION).into()),
        (
            "project",
            json!({
                "name": model.title,
                "id": "vastc-model",
                "description": format!("Exported by vastc {}", env!("CARGO_PKG_VERSION")),
            })
            .into(),
        ),
        ("representations", json!([]).into()),
        ("assets", Part::Lazy(model.data.len(), &asset)),
        ("trustZones", Part::Lazy(n_zones + 1, &zone)),
        ("components", Part::Lazy(model.elements.len(), &component)),
        ("dataflows", Part::Lazy(model.flows.len(), &dataflow)),
        ("threats", Part::Lazy(n_threats, &one_threat)),
        ("mitigations", Part::Lazy(n_threats, &mitigation)),
    ]);
    lazy_json::write_pretty(&doc, w)
}
