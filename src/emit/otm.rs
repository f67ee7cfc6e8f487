//! `otm.json`: the model as an Open Threat Model (OTM 0.2.0) file. Each
//! boundary is a trust zone (its trust word as a 0-100 trust rating), each
//! element a component in its boundary's zone, each flow a data flow, each
//! data asset an asset with its CIA ratings, and each threat one entry of
//! the threat list with the instance on its component or data flow and its
//! mitigation. Strings are written by serde, so they are JSON-escaped.

mod entries;

use super::lazy_json::{self, Cat, Part, Shown};
use crate::analysis::{Analysis, Status, Threat};
use crate::model::{BoundaryId, DataId, ElementId, FlowId, IdVec, Idx, Key, Model, TargetRef};
use crate::resolve::vocab::{CLASSIFICATION, LEVEL, TRUST};
use entries::{
    Asset, AssetRisk, Component, ComponentAssets, Dataflow, Entry, FlowAttributes, Instance,
    Mitigation, MitigationRef, Optional, OtmThreat, Parent, Spaced, ThreatAttributes, ThreatRisk,
    Zone, ZoneRisk,
};
use serde::{Serialize, Serializer};
use serde_json::json;

/// An entry of one of the document's lists, as written.
type OtmEntry<'a> = Entry<'a, Instances<'a>, Shown<ImpactComment<'a>>>;

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
    Cat(MITIGATION, threat).to_string()
}

/// The prefix of a mitigation's ID.
const MITIGATION: &str = "mitigation-";

fn instance(t: &Threat) -> Instance<'_> {
    let mitigation = (!t.mitigation.is_empty()).then(|| MitigationRef {
        mitigation: Shown(Cat(MITIGATION, &t.id)),
        state: if t.status == Status::Mitigated {
            "implemented"
        } else {
            "required"
        },
    });
    Instance {
        mitigations: Optional(mitigation),
        state: state(t.status),
        threat: &t.id,
    }
}

/// A component's or data flow's threats, each written as a threat instance
/// as the list is written.
struct Instances<'a> {
    list: &'a [usize],
    all: &'a [Threat],
}

impl Serialize for Instances<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.list.iter().map(|&i| instance(&self.all[i])))
    }
}

fn stride_category(letter: &str) -> &'static str {
    super::threat_dragon::stride_name(letter)
}

/// A threat's CVSS vector, score and severity.
struct ImpactComment<'a>(&'a Threat);

impl std::fmt::Display for ImpactComment<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.0.scores;
        write!(
            f,
            "CVSS {} = {:.1} ({})",
            s.vector,
            s.base,
            s.severity.as_str()
        )
    }
}

fn threat(t: &Threat) -> OtmThreat<'_, Shown<ImpactComment<'_>>> {
    OtmThreat {
        attributes: ThreatAttributes {
            manual: t.manual,
            reason: t.reason.as_deref(),
            rule: &t.rule,
            severity: t.scores.severity.as_str(),
            status: t.status.as_str(),
            target: Shown(Spaced(t.target_kind, &t.target_id)),
        },
        categories: t.stride.iter().map(|s| stride_category(s)).collect(),
        cwes: &[],
        description: if t.description.is_empty() {
            &t.why
        } else {
            &t.description
        },
        id: &t.id,
        name: &t.title,
        risk: ThreatRisk {
            impact: (t.scores.base * 10.0).round(),
            impact_comment: Shown(ImpactComment(t)),
            likelihood: (),
        },
        tags: [&t.category],
    }
}

/// The OTM JSON of a model and its threats.
pub fn otm(model: &Model, analysis: &Analysis) -> String {
    super::write::text(|w| write_otm(model, analysis, w))
}

/// [`otm`] written to `w` one entry at a time.
pub fn write_otm<'a>(
    model: &'a Model,
    analysis: &'a Analysis,
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
    let all = analysis.threats.as_slice();
    let instances = |list| Instances { list, all };
    let name = |id: &'a str, label: &'a str| if label.is_empty() { id } else { label };
    let n_zones = model.boundaries.len();
    let outside = model.elements.iter().any(|e| e.boundary.is_none());
    let zone = |i: usize| -> Option<OtmEntry> {
        let Some(b) = model.boundaries.get(BoundaryId::new(i)) else {
            return outside.then(|| {
                Entry::Zone(Zone {
                    description: "Elements the model places in no boundary".to_string(),
                    id: OUTSIDE,
                    name: "Outside every boundary",
                    parent: None,
                    risk: ZoneRisk { trust_rating: 0.0 },
                    ty: "outside",
                })
            });
        };
        Some(Entry::Zone(Zone {
            description: format!("trust {}", b.trust),
            id: &b.id,
            name: name(&b.id, &b.label),
            parent: b
                .parent
                .and_then(|p| model.boundaries.get(p))
                .map(|p| Parent { trust_zone: &p.id }),
            risk: ZoneRisk {
                trust_rating: trust_rating(b.trust.as_str()),
            },
            ty: b.kind.as_str(),
        }))
    };
    let component = |i: usize| -> Option<OtmEntry> {
        let i = ElementId::new(i);
        let e = model.elements.get(i)?;
        let zone = e
            .boundary
            .and_then(|b| model.boundaries.get(b))
            .map_or(OUTSIDE, |b| b.id.as_str());
        let stored = e
            .stores
            .iter()
            .filter_map(|&d| model.data.get(d).map(|d| d.id.as_str()))
            .collect();
        Some(Entry::Component(Component {
            assets: ComponentAssets {
                processed: &[],
                stored,
            },
            description: e.kind.as_str(),
            id: &e.id,
            name: name(&e.id, &e.label),
            parent: Parent { trust_zone: zone },
            tags: [e.kind.as_str()],
            threats: instances(&on_element[i]),
            ty: e.ty.as_str(),
        }))
    };
    let data_ids = |list: &'a [DataId]| {
        list.iter()
            .filter_map(|&d| model.data.get(d).map(|d| d.id.as_str()))
    };
    let dataflow = |i: usize| -> Option<OtmEntry> {
        let i = FlowId::new(i);
        let f = model.flows.get(i)?;
        let src = model.elements.get(f.source)?;
        let dst = model.elements.get(f.target)?;
        Some(Entry::Dataflow(Dataflow {
            assets: data_ids(&f.carries).chain(data_ids(&f.returns)).collect(),
            attributes: FlowAttributes {
                authn: f.authn(),
                encrypted: f.encrypted(),
                protocol: f
                    .settings
                    .get(Key::Protocol)
                    .and_then(|v| v.as_str())
                    .unwrap_or(""),
            },
            bidirectional: !f.returns.is_empty(),
            destination: &dst.id,
            id: &f.id,
            name: name(&f.id, &f.label),
            source: &src.id,
            threats: instances(&on_flow[i]),
        }))
    };
    let asset = |i: usize| -> Option<OtmEntry> {
        let d = model.data.get(DataId::new(i))?;
        Some(Entry::Asset(Asset {
            id: &d.id,
            name: name(&d.id, &d.label),
            risk: AssetRisk {
                availability: percent(d.availability, LEVEL.words.len()),
                confidentiality: percent(d.classification, CLASSIFICATION.words.len()),
                integrity: percent(d.integrity, LEVEL.words.len()),
            },
        }))
    };
    let one_threat = |i: usize| all.get(i).map(|t| Entry::Threat(threat(t)));
    let mitigation = |i: usize| -> Option<OtmEntry> {
        let t = all.get(i).filter(|t| !t.mitigation.is_empty())?;
        Some(Entry::Mitigation(Mitigation {
            description: &t.mitigation,
            id: Shown(Cat(MITIGATION, &t.id)),
            name: &t.mitigation,
            risk_reduction: if t.status == Status::Mitigated {
                100.0
            } else {
                0.0
            },
        }))
    };
    let n_threats = analysis.threats.len();
    let doc: Part<OtmEntry> = Part::object([
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
