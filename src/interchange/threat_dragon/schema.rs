//! The typed structure of a Threat Dragon v2 file, as far as the importer
//! reads it; every field optional, scalars lenient.

use super::super::read::{Flag, Num, Text, nullable};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct File {
    pub(super) version: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) summary: Summary,
    #[serde(deserialize_with = "nullable")]
    pub(super) detail: Detail,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Summary {
    pub(super) title: Text,
    pub(super) owner: Text,
    pub(super) description: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Detail {
    #[serde(deserialize_with = "nullable")]
    pub(super) diagrams: Vec<Diagram>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Diagram {
    pub(super) title: Text,
    pub(super) diagram_type: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) cells: Vec<Cell>,
    /// Threat Dragon 1.x kept cells here.
    pub(super) diagram_json: Option<serde_json::Value>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Cell {
    pub(super) id: Text,
    pub(super) shape: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) position: Point,
    #[serde(deserialize_with = "nullable")]
    pub(super) size: Size,
    pub(super) z_index: Num,
    pub(super) source: Option<End>,
    pub(super) target: Option<End>,
    #[serde(deserialize_with = "nullable")]
    pub(super) data: Data,
    #[serde(deserialize_with = "nullable")]
    pub(super) attrs: serde_json::Value,
    #[serde(deserialize_with = "nullable")]
    pub(super) labels: Vec<serde_json::Value>,
}

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(default)]
pub(super) struct Point {
    pub(super) x: Num,
    pub(super) y: Num,
}

#[derive(Deserialize, Default, Clone, Copy)]
#[serde(default)]
pub(super) struct Size {
    pub(super) width: Num,
    pub(super) height: Num,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct End {
    pub(super) cell: Text,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Data {
    #[serde(rename = "type")]
    pub(super) ty: Text,
    pub(super) name: Text,
    pub(super) description: Text,
    pub(super) out_of_scope: Flag,
    pub(super) reason_out_of_scope: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) threats: Vec<TdThreat>,
    pub(super) protocol: Text,
    pub(super) is_encrypted: Flag,
    pub(super) is_public_network: Flag,
    pub(super) is_bidirectional: Flag,
    pub(super) is_web_application: Flag,
    pub(super) handles_card_payment: Flag,
    pub(super) handles_goods_or_services: Flag,
    pub(super) privilege_level: Text,
    pub(super) provides_authentication: Flag,
    #[serde(rename = "isALog")]
    pub(super) is_a_log: Flag,
    pub(super) is_signed: Flag,
    pub(super) stores_credentials: Flag,
    pub(super) stores_inventory: Flag,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct TdThreat {
    pub(super) id: Text,
    pub(super) title: Text,
    pub(super) status: Text,
    pub(super) severity: Text,
    #[serde(rename = "type")]
    pub(super) ty: Text,
    pub(super) model_type: Text,
    pub(super) description: Text,
    pub(super) mitigation: Text,
    pub(super) score: Text,
}
