//! The typed structure of an OTM 0.2 file, as far as the importer reads
//! it; every field optional, scalars lenient.

use super::super::read::{Flag, Num, Text, nullable};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct File {
    pub(super) otm_version: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) project: Project,
    #[serde(deserialize_with = "nullable")]
    pub(super) representations: Vec<Value>,
    #[serde(deserialize_with = "nullable")]
    pub(super) assets: Vec<Asset>,
    #[serde(deserialize_with = "nullable")]
    pub(super) trust_zones: Vec<Zone>,
    #[serde(deserialize_with = "nullable")]
    pub(super) components: Vec<Component>,
    #[serde(deserialize_with = "nullable")]
    pub(super) dataflows: Vec<Dataflow>,
    #[serde(deserialize_with = "nullable")]
    pub(super) threats: Vec<OtmThreat>,
    #[serde(deserialize_with = "nullable")]
    pub(super) mitigations: Vec<Mitigation>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Project {
    pub(super) name: Text,
    pub(super) description: Text,
    pub(super) owner: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Asset {
    pub(super) id: Text,
    pub(super) name: Text,
    pub(super) description: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) risk: AssetRisk,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AssetRisk {
    pub(super) confidentiality: Num,
    pub(super) integrity: Num,
    pub(super) availability: Num,
    pub(super) comment: Text,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Zone {
    pub(super) id: Text,
    pub(super) name: Text,
    #[serde(rename = "type")]
    pub(super) ty: Text,
    pub(super) description: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) risk: ZoneRisk,
    pub(super) parent: Option<Parent>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct ZoneRisk {
    pub(super) trust_rating: Num,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Parent {
    pub(super) trust_zone: Text,
    pub(super) component: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Component {
    pub(super) id: Text,
    pub(super) name: Text,
    #[serde(rename = "type")]
    pub(super) ty: Text,
    pub(super) description: Text,
    pub(super) parent: Option<Parent>,
    #[serde(deserialize_with = "nullable")]
    pub(super) tags: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) assets: ComponentAssets,
    #[serde(deserialize_with = "nullable")]
    pub(super) threats: Vec<Instance>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ComponentAssets {
    #[serde(deserialize_with = "nullable")]
    pub(super) processed: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) stored: Vec<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Instance {
    pub(super) threat: Text,
    pub(super) state: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) mitigations: Vec<MitigationRef>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MitigationRef {
    pub(super) mitigation: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Dataflow {
    pub(super) id: Text,
    pub(super) name: Text,
    pub(super) description: Text,
    pub(super) bidirectional: Flag,
    pub(super) source: Text,
    pub(super) destination: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) assets: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) threats: Vec<Instance>,
    #[serde(deserialize_with = "nullable")]
    pub(super) attributes: BTreeMap<String, Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct OtmThreat {
    pub(super) id: Text,
    pub(super) name: Text,
    pub(super) description: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) categories: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) cwes: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) risk: ThreatRisk,
    #[serde(deserialize_with = "nullable")]
    pub(super) tags: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) attributes: BTreeMap<String, Value>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct ThreatRisk {
    pub(super) likelihood: Num,
    pub(super) impact: Num,
    pub(super) impact_comment: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Mitigation {
    pub(super) id: Text,
    pub(super) name: Text,
}
