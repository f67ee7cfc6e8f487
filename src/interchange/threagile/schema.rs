//! The typed structure of a Threagile model, as far as the importer reads
//! it; mappings keep their file order, every field is optional and
//! scalars are lenient.

use super::super::read::{Flag, Text, nullable};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::fmt;

/// A YAML mapping in file order (duplicate keys kept, so they can be noted).
#[derive(Debug)]
pub(super) struct Ordered<T>(pub(super) Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Ordered::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<Text, T>()? {
                    out.push((k.0, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct File {
    pub(super) title: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) business_overview: Overview,
    pub(super) business_criticality: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) questions: Ordered<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) abuse_cases: Ordered<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) security_requirements: Ordered<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) data_assets: Ordered<DataAsset>,
    #[serde(deserialize_with = "nullable")]
    pub(super) technical_assets: Ordered<Asset>,
    #[serde(deserialize_with = "nullable")]
    pub(super) trust_boundaries: Ordered<TrustBoundary>,
    #[serde(deserialize_with = "nullable")]
    pub(super) shared_runtimes: Ordered<Runtime>,
    #[serde(deserialize_with = "nullable")]
    pub(super) individual_risk_categories: Ordered<Category>,
    #[serde(deserialize_with = "nullable")]
    pub(super) risk_tracking: Ordered<Tracking>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Overview {
    pub(super) description: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DataAsset {
    pub(super) id: Text,
    pub(super) description: Text,
    pub(super) confidentiality: Text,
    pub(super) integrity: Text,
    pub(super) availability: Text,
    pub(super) justification_cia_rating: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Asset {
    pub(super) id: Text,
    pub(super) description: Text,
    #[serde(rename = "type")]
    pub(super) ty: Text,
    pub(super) used_as_client_by_human: Flag,
    pub(super) out_of_scope: Flag,
    pub(super) justification_out_of_scope: Text,
    pub(super) technology: Text,
    pub(super) internet: Flag,
    pub(super) encryption: Text,
    pub(super) confidentiality: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) data_assets_processed: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) data_assets_stored: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) communication_links: Ordered<Link>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Link {
    pub(super) target: Text,
    pub(super) description: Text,
    pub(super) protocol: Text,
    pub(super) authentication: Text,
    pub(super) authorization: Text,
    pub(super) vpn: Flag,
    pub(super) ip_filtered: Flag,
    pub(super) readonly: Flag,
    #[serde(deserialize_with = "nullable")]
    pub(super) data_assets_sent: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) data_assets_received: Vec<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct TrustBoundary {
    pub(super) id: Text,
    pub(super) description: Text,
    #[serde(rename = "type")]
    pub(super) ty: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) technical_assets_inside: Vec<Text>,
    #[serde(deserialize_with = "nullable")]
    pub(super) trust_boundaries_nested: Vec<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Runtime {
    #[serde(deserialize_with = "nullable")]
    pub(super) technical_assets_running: Vec<Text>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Category {
    pub(super) id: Text,
    pub(super) description: Text,
    pub(super) impact: Text,
    pub(super) asvs: Text,
    pub(super) cheat_sheet: Text,
    pub(super) mitigation: Text,
    pub(super) stride: Text,
    pub(super) cwe: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) risks_identified: Ordered<Risk>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Risk {
    pub(super) severity: Text,
    pub(super) exploitation_likelihood: Text,
    pub(super) exploitation_impact: Text,
    pub(super) most_relevant_data_asset: Text,
    pub(super) most_relevant_technical_asset: Text,
    pub(super) most_relevant_communication_link: Text,
    pub(super) most_relevant_trust_boundary: Text,
    pub(super) most_relevant_shared_runtime: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Tracking {
    pub(super) status: Text,
    pub(super) justification: Text,
    pub(super) ticket: Text,
    pub(super) date: Text,
    pub(super) checked_by: Text,
}
