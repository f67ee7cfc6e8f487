//! The typed structure of the JSON `python tm.py --json FILE` writes (pytm
//! 1.4), as far as the importer reads it. Every field is optional and
//! scalars are lenient; an element's controls and the attributes the
//! importer does not name are kept as raw JSON, so each one that is set can
//! be mapped or noted.

use super::super::read::{Flag, Num, Text, nullable};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct File {
    pub(super) name: Text,
    pub(super) description: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) assumptions: Vec<Value>,
    #[serde(deserialize_with = "nullable")]
    pub(super) elements: Vec<Element>,
    #[serde(deserialize_with = "nullable")]
    pub(super) boundaries: Vec<Boundary>,
    #[serde(deserialize_with = "nullable")]
    pub(super) flows: Vec<Flow>,
    #[serde(deserialize_with = "nullable")]
    pub(super) data: Vec<DataItem>,
    #[serde(deserialize_with = "nullable")]
    pub(super) findings: Vec<Value>,
    #[serde(deserialize_with = "nullable")]
    pub(super) excluded_findings: Vec<Finding>,
    #[serde(rename = "threatsExcluded", deserialize_with = "nullable")]
    pub(super) threats_excluded: Vec<Text>,
    #[serde(rename = "threatsFile")]
    pub(super) threats_file: Text,
}

/// An actor or asset (`Server`, `Process`, `Datastore`, `LLM`, …).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Element {
    #[serde(rename = "__class__")]
    pub(super) class: Text,
    pub(super) name: Text,
    pub(super) description: Text,
    #[serde(rename = "inBoundary")]
    pub(super) in_boundary: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) controls: BTreeMap<String, Value>,
    #[serde(deserialize_with = "nullable")]
    pub(super) overrides: Vec<Finding>,
    /// Every other attribute, by its pytm name.
    #[serde(flatten)]
    pub(super) rest: BTreeMap<String, Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Boundary {
    pub(super) name: Text,
    pub(super) description: Text,
    #[serde(rename = "inBoundary")]
    pub(super) in_boundary: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) overrides: Vec<Finding>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Flow {
    pub(super) name: Text,
    pub(super) description: Text,
    pub(super) note: Text,
    pub(super) source: Text,
    pub(super) sink: Text,
    pub(super) protocol: Text,
    #[serde(rename = "dstPort")]
    pub(super) dst_port: Num,
    #[serde(deserialize_with = "nullable")]
    pub(super) data: Vec<Text>,
    #[serde(rename = "isResponse")]
    pub(super) is_response: Flag,
    #[serde(rename = "responseTo")]
    pub(super) response_to: Text,
    #[serde(rename = "tlsVersion")]
    pub(super) tls_version: Text,
    #[serde(rename = "usesVPN")]
    pub(super) uses_vpn: Flag,
    #[serde(deserialize_with = "nullable")]
    pub(super) controls: BTreeMap<String, Value>,
    #[serde(deserialize_with = "nullable")]
    pub(super) overrides: Vec<Finding>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DataItem {
    pub(super) name: Text,
    pub(super) description: Text,
    pub(super) format: Text,
    pub(super) classification: Text,
    #[serde(rename = "isPII")]
    pub(super) is_pii: Flag,
    #[serde(rename = "isCredentials")]
    pub(super) is_credentials: Flag,
    #[serde(rename = "credentialsLife")]
    pub(super) credentials_life: Text,
    #[serde(rename = "processedBy", deserialize_with = "nullable")]
    pub(super) processed_by: Vec<Text>,
}

/// A finding: in `excluded_findings` (an assumption of the model excludes
/// it) or in an element's `overrides` (the author's response to it).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Finding {
    pub(super) threat_id: Text,
    pub(super) target: Text,
    pub(super) description: Text,
    pub(super) response: Text,
    pub(super) cvss: Text,
    #[serde(deserialize_with = "nullable")]
    pub(super) assumption: Option<Value>,
}

/// Whether a raw attribute or control is set: `true`, a non-empty string
/// other than pytm's "nothing" values, a non-empty list, a non-zero number.
pub(super) fn is_set(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => {
            let s = s.trim();
            !s.is_empty()
                && !s.eq_ignore_ascii_case("false")
                && !s.ends_with(".NONE")
                && !s.ends_with(".UNKNOWN")
        }
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0 && x != -1.0),
        Value::Null => false,
    }
}

/// A raw value as text for a note or a setting (`true`, the string itself).
pub(super) fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
