//! `threat-dragon.json`: the model as an OWASP Threat Dragon v2 threat
//! model. One STRIDE diagram holds the operational view: every element is
//! an `actor`, `process` or `store` cell and every boundary a
//! `trust-boundary-box`, placed where vastc's layout puts them in
//! `operational.svg`; every flow is a `flow` cell between them. Each threat
//! is attached to the cell of its element, flow or boundary; threats on
//! anything else (identities, data, the whole model) go on one text cell so
//! none is lost. Strings are written by serde, so they are JSON-escaped.

mod cells;

use super::lazy_json::{self, Cat, Part, Shown};
use crate::analysis::{Analysis, Severity, Status, Threat};
use crate::layout::{LayoutOutput, Rect};
use crate::model::{BoundaryId, ElementId, ElementType, FlowId, Idx, Key, Model, TargetRef};
use cells::{
    Body, BoundaryCell, BoundaryData, Cell, CellRef, ElementAttrs, ElementCell, ElementData,
    FlowAttrs, FlowCell, FlowData, LabelAttrs, Line, Marker, OtherAttrs, OtherCell, OtherData,
    Score, Size, TdThreat, Text, Xy,
};
use serde::{Serialize, Serializer};
use serde_json::{Value, json};

/// The Threat Dragon file format version written.
pub const VERSION: &str = "2.3.0";

/// Cell IDs: the vastc ID behind a prefix naming its kind, so element,
/// flow and boundary IDs cannot collide (Threat Dragon wants them unique).
pub fn element_cell(id: &str) -> String {
    Cat(ELEMENT, id).to_string()
}

/// The prefixes of element, flow and boundary cell IDs.
const ELEMENT: &str = "element-";
const FLOW: &str = "flow-";
const BOUNDARY: &str = "boundary-";

/// The cell ID of a flow.
pub fn flow_cell(id: &str) -> String {
    Cat(FLOW, id).to_string()
}

/// The cell ID of a boundary.
pub fn boundary_cell(id: &str) -> String {
    Cat(BOUNDARY, id).to_string()
}

/// Threat Dragon's name of a STRIDE letter.
pub fn stride_name(letter: &str) -> &'static str {
    match letter {
        "S" => "Spoofing",
        "T" => "Tampering",
        "R" => "Repudiation",
        "I" => "Information disclosure",
        "D" => "Denial of service",
        _ => "Elevation of privilege",
    }
}

/// Threat Dragon's severity (its choices: TBD, Low, Medium, High, Critical).
pub fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::None => "TBD",
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    }
}

/// Threat Dragon's status (its choices: NotApplicable, Open, Mitigated).
/// In progress stays open; an accepted risk is not mitigated, so it stays
/// open too; the exact vastc status is in the description.
pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::Open | Status::InProgress | Status::Accepted => "Open",
        Status::Mitigated => "Mitigated",
        Status::FalsePositive => "NotApplicable",
    }
}

/// The description of a Threat Dragon threat: the vastc threat's own, then
/// what Threat Dragon has no field for.
struct Description<'a>(&'a Threat);

impl std::fmt::Display for Description<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = self.0;
        if !t.description.is_empty() {
            write!(f, "{}\n\n", t.description)?;
        }
        write!(
            f,
            "vastc threat: {}\nvastc status: {}\nCVSS: {} ({})",
            t.id,
            t.status.as_str(),
            t.scores.vector,
            t.scores.severity.as_str()
        )?;
        if matches!(t.target, TargetRef::Identity(_) | TargetRef::Data(_)) {
            // No cell of its own: name the target, so an import can keep it.
            write!(f, "\nvastc target: {} {}", t.target_kind, t.target_id)?;
        }
        if let Some(reason) = &t.reason {
            write!(f, "\nreason: {reason}")?;
        }
        if !t.why.is_empty() {
            write!(f, "\nwhy: {}", t.why)?;
        }
        Ok(())
    }
}

/// The Threat Dragon threat of a vastc threat, numbered `number`.
fn threat(t: &Threat, number: usize) -> TdThreat<'_, Shown<Description<'_>>> {
    TdThreat {
        description: Shown(Description(t)),
        id: &t.id,
        mitigation: &t.mitigation,
        model_type: "STRIDE",
        new: false,
        number,
        score: Shown(Score(t.scores.base)),
        severity: severity_name(t.scores.severity),
        status: status_name(t.status),
        threat_id: Shown(Cat("threat-", &t.id)),
        title: &t.title,
        ty: t.stride.first().map_or("Tampering", |s| stride_name(s)),
    }
}

/// A cell's threats, each written as a Threat Dragon threat (numbered from
/// 1 in the analysis's order) as the list is written.
struct Threats<'a> {
    list: &'a [usize],
    all: &'a [Threat],
}

impl Serialize for Threats<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.list.iter().map(|&i| threat(&self.all[i], i + 1)))
    }
}

/// Where a threat goes: the index of its cell in the cell list.
#[derive(Clone, Copy)]
enum Home {
    Boundary(BoundaryId),
    Element(ElementId),
    Flow(FlowId),
    Other,
}

fn home(target: &TargetRef) -> Home {
    match *target {
        TargetRef::Boundary(b) => Home::Boundary(b),
        TargetRef::Element(e) => Home::Element(e),
        TargetRef::Flow(f) => Home::Flow(f),
        _ => Home::Other,
    }
}

fn body(stroke: &'static str, dashed: bool) -> Body {
    Body {
        stroke,
        stroke_dasharray: if dashed { "10 5" } else { "" },
        stroke_width: if dashed { 3.0 } else { 1.5 },
    }
}

fn position(r: &Rect) -> (Xy, Size) {
    (
        Xy {
            x: r.x.round(),
            y: r.y.round(),
        },
        Size {
            height: r.height.round().max(10.0),
            width: r.width.round().max(10.0),
        },
    )
}

/// A rectangle for every element and boundary: the layout's, or a grid
/// when the model could not be laid out.
fn rects(model: &Model, lay: Option<&LayoutOutput>) -> (Vec<Rect>, Vec<Rect>) {
    if let Some(l) = lay.filter(|l| {
        l.nodes.len() == model.elements.len() && l.clusters.len() == model.boundaries.len()
    }) {
        return (l.nodes.clone(), l.clusters.clone());
    }
    let grid = |i: usize, w: f64, h: f64| Rect {
        x: 40.0 + (i % 6) as f64 * (w + 40.0),
        y: 40.0 + (i / 6) as f64 * (h + 40.0),
        width: w,
        height: h,
    };
    let nodes = (0..model.elements.len())
        .map(|i| grid(i, 160.0, 80.0))
        .collect();
    let clusters = Vec::new();
    (nodes, clusters)
}

/// The Threat Dragon v2 JSON of a model and its threats, laid out like
/// `operational.svg` (on a plain grid if the layout fails).
pub fn export(model: &Model, analysis: &Analysis) -> String {
    let prepared = super::svg::Prepared::new(model).ok();
    threat_dragon(model, analysis, prepared.as_ref().map(|p| p.layout()))
}

/// The Threat Dragon v2 JSON of a model, its threats and (when the model
/// could be laid out) the operational diagram's layout.
pub fn threat_dragon(model: &Model, analysis: &Analysis, lay: Option<&LayoutOutput>) -> String {
    super::write::text(|w| write_threat_dragon(model, analysis, lay, w))
}

/// [`threat_dragon`] written to `w` one cell at a time.
pub fn write_threat_dragon(
    model: &Model,
    analysis: &Analysis,
    lay: Option<&LayoutOutput>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let n_b = model.boundaries.len();
    let n_e = model.elements.len();
    let n_f = model.flows.len();
    // Each cell's threats by index; their JSON is built with the cell.
    let mut threats_of: Vec<Vec<usize>> = vec![Vec::new(); n_b + n_e + n_f + 1];
    for (i, t) in analysis.threats.iter().enumerate() {
        let slot = match home(&t.target) {
            Home::Boundary(b) if b.index() < n_b => b.index(),
            Home::Element(e) if e.index() < n_e => n_b + e.index(),
            Home::Flow(f) if f.index() < n_f => n_b + n_e + f.index(),
            _ => n_b + n_e + n_f,
        };
        threats_of[slot].push(i);
    }
    let (nodes, clusters) = rects(model, lay);
    let cx = Cells {
        model,
        analysis,
        lay,
        threats_of,
        nodes,
        clusters,
    };
    let build = |i: usize| cx.cell(i);
    // Boundaries below everything (nested ones above their parents), then
    // elements, flows and the text cell of the other threats.
    let cells = Part::Lazy(n_b + n_e + n_f + 1, &build);
    let value = |v: Value| Part::<CellOut>::Value(v);
    let diagram = Part::object([
        ("id", value(json!(0))),
        ("title", value(json!("Operational"))),
        ("diagramType", value(json!("STRIDE"))),
        ("placeholder", value(json!(""))),
        (
            "thumbnail",
            value(json!("./public/content/images/thumbnail.stride.jpg")),
        ),
        ("version", value(json!(VERSION))),
        ("description", value(json!(""))),
        ("cells", cells),
    ]);
    let doc = Part::object([
        ("version", value(json!(VERSION))),
        (
            "summary",
            value(json!({
                "title": model.title,
                "owner": "",
                "description": format!("Exported by vastc {}", env!("CARGO_PKG_VERSION")),
                "id": 0,
            })),
        ),
        (
            "detail",
            Part::object([
                ("contributors", value(json!([]))),
                ("diagrams", Part::Array(vec![diagram])),
                ("diagramTop", value(json!(1))),
                ("reviewer", value(json!(""))),
                ("threatTop", value(json!(analysis.threats.len()))),
            ]),
        ),
    ]);
    lazy_json::write_pretty(&doc, w)
}

/// What the cells are built from, one at a time.
struct Cells<'a> {
    model: &'a Model,
    analysis: &'a Analysis,
    lay: Option<&'a LayoutOutput>,
    threats_of: Vec<Vec<usize>>,
    nodes: Vec<Rect>,
    clusters: Vec<Rect>,
}

/// A cell as written, its threats written with it.
type CellOut<'a> = Cell<'a, Threats<'a>>;

impl Cells<'_> {
    /// The threats of slot `slot`, and whether one of them is open.
    fn threats(&self, slot: usize) -> (Threats<'_>, bool) {
        let list = &self.threats_of[slot];
        let all = &self.analysis.threats;
        let open = list
            .iter()
            .any(|&i| status_name(all[i].status) == status_name(Status::Open));
        (Threats { list, all }, open)
    }

    /// Cell `i`: boundaries, elements, flows, then the other threats' text
    /// cell; `None` where there is nothing to draw.
    fn cell(&self, i: usize) -> Option<CellOut<'_>> {
        let model = self.model;
        let n_b = model.boundaries.len();
        let n_e = model.elements.len();
        let n_f = model.flows.len();
        if i < n_b {
            self.boundary(BoundaryId::new(i)).map(Cell::Boundary)
        } else if i < n_b + n_e {
            Some(Cell::Element(self.element(ElementId::new(i - n_b))))
        } else if i < n_b + n_e + n_f {
            self.flow(FlowId::new(i - n_b - n_e)).map(Cell::Flow)
        } else {
            self.other().map(Cell::Other)
        }
    }

    fn boundary(&self, b: BoundaryId) -> Option<BoundaryCell<'_, Threats<'_>>> {
        let model = self.model;
        let n_b = model.boundaries.len();
        let boundary = &model.boundaries[b];
        let r = self.clusters.get(b.index())?;
        let mut depth = 0;
        let mut p = boundary.parent;
        while let Some(x) = p.filter(|_| depth < n_b) {
            depth += 1;
            p = model.boundaries.get(x).and_then(|b| b.parent);
        }
        let (position, size) = position(r);
        let (threats, open) = self.threats(b.index());
        let name = if boundary.label.is_empty() {
            &boundary.id
        } else {
            &boundary.label
        };
        Some(BoundaryCell {
            attrs: LabelAttrs {
                label: Text { text: name },
            },
            data: BoundaryData {
                description: format!(
                    "vastc boundary {} ({}, trust {})",
                    boundary.id, boundary.kind, boundary.trust
                ),
                has_open_threats: open,
                is_trust_boundary: true,
                name,
                threats,
                ty: "tm.BoundaryBox",
            },
            id: Shown(Cat(BOUNDARY, &boundary.id)),
            position,
            shape: "trust-boundary-box",
            size,
            visible: true,
            z_index: depth as i64 - 100,
        })
    }

    fn element(&self, e: ElementId) -> ElementCell<'_, Threats<'_>> {
        let model = self.model;
        let n_b = model.boundaries.len();
        let el = &model.elements[e];
        let (position, size) = position(&self.nodes[e.index()]);
        let (threats, open) = self.threats(n_b + e.index());
        let (shape, ty) = match el.ty {
            ElementType::Actor => ("actor", "tm.Actor"),
            ElementType::Process => ("process", "tm.Process"),
            ElementType::Store => ("store", "tm.Store"),
        };
        let name = if el.label.is_empty() {
            &el.id
        } else {
            &el.label
        };
        ElementCell {
            attrs: ElementAttrs {
                body: body("#333333", false),
                text: Text { text: name },
            },
            data: ElementData {
                description: format!("vastc {} {} ({})", el.ty.as_str(), el.id, el.kind),
                has_open_threats: open,
                name,
                out_of_scope: false,
                reason_out_of_scope: "",
                threats,
                ty,
            },
            id: Shown(Cat(ELEMENT, &el.id)),
            position,
            shape,
            size,
            visible: true,
            z_index: 10 + e.index(),
        }
    }

    fn flow(&self, f: FlowId) -> Option<FlowCell<'_, Threats<'_>>> {
        let (model, lay) = (self.model, self.lay);
        let n_b = model.boundaries.len();
        let n_e = model.elements.len();
        let flow = &model.flows[f];
        let (Some(src), Some(dst)) = (
            model.elements.get(flow.source),
            model.elements.get(flow.target),
        ) else {
            return None;
        };
        let (threats, open) = self.threats(n_b + n_e + f.index());
        let name = if flow.label.is_empty() {
            &flow.id
        } else {
            &flow.label
        };
        let vertices: Vec<Xy> = lay
            .and_then(|l| l.edges.get(f.index()))
            .filter(|_| lay.is_some_and(|l| l.edges.len() == model.flows.len()))
            .map(|r| {
                let inner = r.points.len().saturating_sub(1);
                r.points
                    .iter()
                    .take(inner)
                    .skip(1)
                    .map(|p| Xy {
                        x: p.x.round(),
                        y: p.y.round(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let protocol = flow
            .settings
            .get(Key::Protocol)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        Some(FlowCell {
            attrs: FlowAttrs {
                line: Line {
                    source_marker: Marker { name: "" },
                    stroke: "#333333",
                    stroke_dasharray: "",
                    stroke_width: 1.5,
                    target_marker: Marker { name: "block" },
                },
            },
            connector: "smooth",
            data: FlowData {
                description: Shown(Cat("vastc flow ", &flow.id)),
                has_open_threats: open,
                is_bidirectional: false,
                is_encrypted: flow.encrypted(),
                is_public_network: false,
                name,
                out_of_scope: false,
                protocol,
                reason_out_of_scope: "",
                threats,
                ty: "tm.Flow",
            },
            id: Shown(Cat(FLOW, &flow.id)),
            labels: [name],
            shape: "flow",
            source: CellRef {
                cell: Shown(Cat(ELEMENT, &src.id)),
            },
            target: CellRef {
                cell: Shown(Cat(ELEMENT, &dst.id)),
            },
            vertices,
            visible: true,
            z_index: 10 + n_e + f.index(),
        })
    }

    fn other(&self) -> Option<OtherCell<Threats<'_>>> {
        let (model, lay) = (self.model, self.lay);
        let n_b = model.boundaries.len();
        let n_e = model.elements.len();
        let n_f = model.flows.len();
        if self.threats_of[n_b + n_e + n_f].is_empty() {
            return None;
        }
        let (threats, open) = self.threats(n_b + n_e + n_f);
        let text = "Threats on identities, data or the whole model";
        let y = lay.map_or(0.0, |l| l.height.round()) + 20.0;
        Some(OtherCell {
            attrs: OtherAttrs {
                text: Text { text },
            },
            data: OtherData {
                has_open_threats: open,
                name: text,
                threats,
                ty: "tm.Text",
            },
            id: "vastc-other-threats",
            position: Xy { x: 20.0, y },
            shape: "td-text-block",
            size: Size {
                height: 40.0,
                width: 320.0,
            },
            visible: true,
            z_index: 10 + n_e + model.flows.len(),
        })
    }
}
