//! The shapes of `otm.json`'s list entries as typed structs borrowing from
//! the model, written by serde field by field without a `serde_json::Value`
//! in between. Each struct's fields are declared in the bytewise order of
//! their JSON keys (the order a `serde_json::Map` writes them in), so the
//! output is the same as the `Value` it replaces.

use crate::emit::lazy_json::{Cat, Shown};
use serde::{Serialize, Serializer};

/// `{ "trustZone": … }`.
#[derive(Serialize)]
pub struct Parent<'a> {
    #[serde(rename = "trustZone")]
    pub trust_zone: &'a str,
}

/// A trust zone.
#[derive(Serialize)]
pub struct Zone<'a> {
    pub description: String,
    pub id: &'a str,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Parent<'a>>,
    pub risk: ZoneRisk,
    #[serde(rename = "type")]
    pub ty: &'a str,
}

/// `{ "trustRating": … }`.
#[derive(Serialize)]
pub struct ZoneRisk {
    #[serde(rename = "trustRating")]
    pub trust_rating: f64,
}

/// A component (an element).
#[derive(Serialize)]
pub struct Component<'a, T> {
    pub assets: ComponentAssets<'a>,
    pub description: &'a str,
    pub id: &'a str,
    pub name: &'a str,
    pub parent: Parent<'a>,
    pub tags: [&'a str; 1],
    pub threats: T,
    #[serde(rename = "type")]
    pub ty: &'a str,
}

/// The data a component processes (none named) and stores.
#[derive(Serialize)]
pub struct ComponentAssets<'a> {
    pub processed: &'a [&'a str],
    pub stored: Vec<&'a str>,
}

/// A threat instance on a component or data flow.
#[derive(Serialize)]
pub struct Instance<'a> {
    pub mitigations: Optional<MitigationRef<'a>>,
    pub state: &'static str,
    pub threat: &'a str,
}

/// A threat instance's mitigation.
#[derive(Serialize)]
pub struct MitigationRef<'a> {
    pub mitigation: Shown<Cat<'a>>,
    pub state: &'static str,
}

/// A list of none or one entry.
pub struct Optional<T>(pub Option<T>);

impl<T: Serialize> Serialize for Optional<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

/// A data flow.
#[derive(Serialize)]
pub struct Dataflow<'a, T> {
    pub assets: Vec<&'a str>,
    pub attributes: FlowAttributes<'a>,
    pub bidirectional: bool,
    pub destination: &'a str,
    pub id: &'a str,
    pub name: &'a str,
    pub source: &'a str,
    pub threats: T,
}

/// A data flow's vastc attributes.
#[derive(Serialize)]
pub struct FlowAttributes<'a> {
    pub authn: &'a str,
    pub encrypted: bool,
    pub protocol: &'a str,
}

/// A data asset.
#[derive(Serialize)]
pub struct Asset<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub risk: AssetRisk,
}

/// A data asset's CIA ratings (0-100).
#[derive(Serialize)]
pub struct AssetRisk {
    pub availability: f64,
    pub confidentiality: f64,
    pub integrity: f64,
}

/// A threat.
#[derive(Serialize)]
pub struct OtmThreat<'a, C> {
    pub attributes: ThreatAttributes<'a>,
    pub categories: Vec<&'static str>,
    pub cwes: &'a [&'a str],
    pub description: &'a str,
    pub id: &'a str,
    pub name: &'a str,
    pub risk: ThreatRisk<C>,
    pub tags: [&'a str; 1],
}

/// A threat's vastc attributes.
#[derive(Serialize)]
pub struct ThreatAttributes<'a> {
    pub manual: bool,
    pub reason: Option<&'a str>,
    pub rule: &'a str,
    pub severity: &'static str,
    pub status: &'static str,
    pub target: Shown<Spaced<'a>>,
}

/// Two words with a space between.
pub struct Spaced<'a>(pub &'a str, pub &'a str);

impl std::fmt::Display for Spaced<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.0, self.1)
    }
}

/// A threat's risk: no likelihood, the CVSS base score as its impact.
#[derive(Serialize)]
pub struct ThreatRisk<C> {
    pub impact: f64,
    #[serde(rename = "impactComment")]
    pub impact_comment: C,
    pub likelihood: (),
}

/// A mitigation.
#[derive(Serialize)]
pub struct Mitigation<'a> {
    pub description: &'a str,
    pub id: Shown<Cat<'a>>,
    pub name: &'a str,
    #[serde(rename = "riskReduction")]
    pub risk_reduction: f64,
}

/// One entry of one of the document's lists, written as the entry itself.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Entry<'a, T, C> {
    Asset(Asset<'a>),
    Zone(Zone<'a>),
    Component(Component<'a, T>),
    Dataflow(Dataflow<'a, T>),
    Threat(OtmThreat<'a, C>),
    Mitigation(Mitigation<'a>),
}
