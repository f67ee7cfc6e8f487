//! The shapes of `threat-dragon.json`'s cells and threats as typed structs
//! borrowing from the model, written by serde field by field without a
//! `serde_json::Value` in between. Each struct's fields are declared in the
//! bytewise order of their JSON keys (the order a `serde_json::Map` writes
//! them in), so the output is the same as the `Value` it replaces.

use crate::emit::lazy_json::{Cat, Shown};
use serde::Serialize;

/// A point (numbers written as floats).
#[derive(Serialize)]
pub struct Xy {
    pub x: f64,
    pub y: f64,
}

/// A size (numbers written as floats).
#[derive(Serialize)]
pub struct Size {
    pub height: f64,
    pub width: f64,
}

/// `{ "text": … }`.
#[derive(Serialize)]
pub struct Text<'a> {
    pub text: &'a str,
}

/// A reference to a cell: `{ "cell": … }`.
#[derive(Serialize)]
pub struct CellRef<'a> {
    pub cell: Shown<Cat<'a>>,
}

/// An arrow head: `{ "name": … }`.
#[derive(Serialize)]
pub struct Marker {
    pub name: &'static str,
}

/// A box: a trust boundary's (`A` its label, `D` its data, `Z` its
/// depth) or an element's; the two differ only in those.
#[derive(Serialize)]
pub struct ShapeCell<'a, A, D, Z> {
    pub attrs: A,
    pub data: D,
    pub id: Shown<Cat<'a>>,
    pub position: Xy,
    pub shape: &'static str,
    pub size: Size,
    pub visible: bool,
    #[serde(rename = "zIndex")]
    pub z_index: Z,
}

/// A trust boundary's box.
pub type BoundaryCell<'a, T> = ShapeCell<'a, LabelAttrs<'a>, BoundaryData<'a, T>, i64>;

/// `{ "label": { "text": … } }`.
#[derive(Serialize)]
pub struct LabelAttrs<'a> {
    pub label: Text<'a>,
}

/// A boundary's Threat Dragon data.
#[derive(Serialize)]
pub struct BoundaryData<'a, T> {
    pub description: String,
    #[serde(rename = "hasOpenThreats")]
    pub has_open_threats: bool,
    #[serde(rename = "isTrustBoundary")]
    pub is_trust_boundary: bool,
    pub name: &'a str,
    pub threats: T,
    #[serde(rename = "type")]
    pub ty: &'static str,
}

/// An actor, process or store.
pub type ElementCell<'a, T> = ShapeCell<'a, ElementAttrs<'a>, ElementData<'a, T>, usize>;

/// An element's look: its outline and its label.
#[derive(Serialize)]
pub struct ElementAttrs<'a> {
    pub body: Body,
    pub text: Text<'a>,
}

/// An outline.
#[derive(Serialize)]
pub struct Body {
    pub stroke: &'static str,
    #[serde(rename = "strokeDasharray")]
    pub stroke_dasharray: &'static str,
    #[serde(rename = "strokeWidth")]
    pub stroke_width: f64,
}

/// An element's Threat Dragon data.
#[derive(Serialize)]
pub struct ElementData<'a, T> {
    pub description: String,
    #[serde(rename = "hasOpenThreats")]
    pub has_open_threats: bool,
    pub name: &'a str,
    #[serde(rename = "outOfScope")]
    pub out_of_scope: bool,
    #[serde(rename = "reasonOutOfScope")]
    pub reason_out_of_scope: &'static str,
    pub threats: T,
    #[serde(rename = "type")]
    pub ty: &'static str,
}

/// A data flow between two element cells.
#[derive(Serialize)]
pub struct FlowCell<'a, T> {
    pub attrs: FlowAttrs,
    pub connector: &'static str,
    pub data: FlowData<'a, T>,
    pub id: Shown<Cat<'a>>,
    pub labels: [&'a str; 1],
    pub shape: &'static str,
    pub source: CellRef<'a>,
    pub target: CellRef<'a>,
    pub vertices: Vec<Xy>,
    pub visible: bool,
    #[serde(rename = "zIndex")]
    pub z_index: usize,
}

/// `{ "line": … }`.
#[derive(Serialize)]
pub struct FlowAttrs {
    pub line: Line,
}

/// A flow's line.
#[derive(Serialize)]
pub struct Line {
    #[serde(rename = "sourceMarker")]
    pub source_marker: Marker,
    pub stroke: &'static str,
    #[serde(rename = "strokeDasharray")]
    pub stroke_dasharray: &'static str,
    #[serde(rename = "strokeWidth")]
    pub stroke_width: f64,
    #[serde(rename = "targetMarker")]
    pub target_marker: Marker,
}

/// A flow's Threat Dragon data.
#[derive(Serialize)]
pub struct FlowData<'a, T> {
    pub description: Shown<Cat<'a>>,
    #[serde(rename = "hasOpenThreats")]
    pub has_open_threats: bool,
    #[serde(rename = "isBidirectional")]
    pub is_bidirectional: bool,
    #[serde(rename = "isEncrypted")]
    pub is_encrypted: bool,
    #[serde(rename = "isPublicNetwork")]
    pub is_public_network: bool,
    pub name: &'a str,
    #[serde(rename = "outOfScope")]
    pub out_of_scope: bool,
    pub protocol: &'a str,
    #[serde(rename = "reasonOutOfScope")]
    pub reason_out_of_scope: &'static str,
    pub threats: T,
    #[serde(rename = "type")]
    pub ty: &'static str,
}

/// The text cell holding the threats on no cell of their own.
#[derive(Serialize)]
pub struct OtherCell<T> {
    pub attrs: OtherAttrs,
    pub data: OtherData<T>,
    pub id: &'static str,
    pub position: Xy,
    pub shape: &'static str,
    pub size: Size,
    pub visible: bool,
    #[serde(rename = "zIndex")]
    pub z_index: usize,
}

/// `{ "text": { "text": … } }`.
#[derive(Serialize)]
pub struct OtherAttrs {
    pub text: Text<'static>,
}

/// The text cell's Threat Dragon data.
#[derive(Serialize)]
pub struct OtherData<T> {
    #[serde(rename = "hasOpenThreats")]
    pub has_open_threats: bool,
    pub name: &'static str,
    pub threats: T,
    #[serde(rename = "type")]
    pub ty: &'static str,
}

/// One cell of the diagram, written as the cell itself.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Cell<'a, T> {
    Boundary(BoundaryCell<'a, T>),
    Element(ElementCell<'a, T>),
    Flow(FlowCell<'a, T>),
    Other(OtherCell<T>),
}

/// One Threat Dragon threat.
#[derive(Serialize)]
pub struct TdThreat<'a, D> {
    pub description: D,
    pub id: &'a str,
    pub mitigation: &'a str,
    #[serde(rename = "modelType")]
    pub model_type: &'static str,
    pub new: bool,
    pub number: usize,
    pub score: Shown<Score>,
    pub severity: &'static str,
    pub status: &'static str,
    #[serde(rename = "threatId")]
    pub threat_id: Shown<Cat<'a>>,
    pub title: &'a str,
    #[serde(rename = "type")]
    pub ty: &'static str,
}

/// A CVSS score with one decimal.
pub struct Score(pub f64);

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1}", self.0)
    }
}
