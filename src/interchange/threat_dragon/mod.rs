//! OWASP Threat Dragon v2 JSON → a [`Draft`]. Actors, processes and stores
//! become elements; trust boundary boxes become boundaries, nested by
//! geometry (an element belongs to the smallest box holding its centre, a
//! box to the smallest box holding it whole); flows join the elements their
//! ends are attached to; each threat of a cell becomes a `threat` on it.
//! Boundary curves, text blocks and the flags vastc has no setting for are
//! notes. A file `vastc build --format td` wrote gives back its IDs, kinds,
//! statuses and CVSS vectors (from the cell IDs and the descriptions).

mod schema;
mod threats;

use super::draft::{self, Boundary, Draft, Element, Flow, Shape, Target, shown};
use super::read::Num;
use schema::{Cell, Diagram, End, File};
use std::collections::{BTreeMap, BTreeSet};

/// A rectangle in diagram coordinates.
#[derive(Clone, Copy, Debug)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn of(c: &Cell) -> Rect {
        let v = |n: Num| n.0.unwrap_or(0.0);
        Rect {
            x: v(c.position.x),
            y: v(c.position.y),
            w: v(c.size.width).max(0.0),
            h: v(c.size.height).max(0.0),
        }
    }

    fn holds_point(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }

    fn holds(&self, o: &Rect) -> bool {
        self.holds_point(o.x, o.y) && self.holds_point(o.x + o.w, o.y + o.h)
    }

    fn area(&self) -> f64 {
        self.w * self.h
    }
}

/// Reads a Threat Dragon v2 file.
pub fn read(
    file: crate::source::FileId,
    name: &str,
    text: &str,
) -> Result<Draft, crate::diagnostic::Diag> {
    let f: File = super::read::json(file, name, text)?;
    let mut d = Draft {
        format: "td",
        tool: "OWASP Threat Dragon",
        file: name.to_string(),
        title: f.summary.title.0.clone(),
        description: f.summary.description.0.clone(),
        owner: f.summary.owner.0.clone(),
        ..Draft::default()
    };
    if !f.version.is_empty() && !f.version.trimmed().starts_with('2') {
        d.note(format!(
            "the file says Threat Dragon version {}; read as version 2",
            shown(f.version.trimmed())
        ));
    }
    if f.detail.diagrams.len() > 1 {
        d.note(format!(
            "the {} diagrams are merged into one model (vastc has one operational view)",
            f.detail.diagrams.len()
        ));
    }
    let mut scores = 0usize;
    for diagram in &f.detail.diagrams {
        if diagram.cells.is_empty() && diagram.diagram_json.is_some() {
            d.note(format!(
                "diagram {} is in the Threat Dragon 1 layout (diagramJson) and is not read: open and save the model in Threat Dragon 2 first",
                shown(diagram.title.trimmed())
            ));
            continue;
        }
        scores += read_diagram(&mut d, diagram);
    }
    if scores > 0 {
        d.note(format!(
            "{scores} threat score(s) are not kept: vastc scores a threat from a CVSS vector; the severity is kept"
        ));
    }
    Ok(d)
}

/// The visible name of a cell: `data.name`, else its label text.
fn cell_name(c: &Cell) -> String {
    if !c.data.name.is_empty() {
        return c.data.name.0.clone();
    }
    for path in [["label", "text"], ["text", "text"]] {
        if let Some(s) = c
            .attrs
            .get(path[0])
            .and_then(|v| v.get(path[1]))
            .and_then(|v| v.as_str())
            && !s.trim().is_empty()
        {
            return s.to_string();
        }
    }
    for l in &c.labels {
        let s = l.as_str().or_else(|| {
            l.get("attrs")
                .and_then(|a| a.get("labelText").or_else(|| a.get("text")))
                .and_then(|t| t.get("text"))
                .and_then(|t| t.as_str())
        });
        if let Some(s) = s.filter(|s| !s.trim().is_empty()) {
            return s.to_string();
        }
    }
    String::new()
}

/// Reads one diagram's cells into `d`; returns how many threat scores were dropped.
fn read_diagram(d: &mut Draft, diagram: &Diagram) -> usize {
    let dtype = diagram.diagram_type.trimmed().to_string();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    // Cell ID → what it became, for flows and threats.
    let mut cells: BTreeMap<String, Target> = BTreeMap::new();
    let mut boxes: Vec<(usize, Rect, f64)> = Vec::new();
    let mut placed: Vec<(usize, Rect)> = Vec::new();
    for c in &diagram.cells {
        let id = c.id.0.clone();
        if !seen.insert(id.clone()) {
            d.note(format!(
                "cell ID {} is used twice; flows and threats use its first cell",
                shown(&id)
            ));
        }
        let name = cell_name(c);
        let shape = c.shape.trimmed();
        let ty = c.data.ty.trimmed();
        let element = match (shape, ty) {
            ("actor", _) | (_, "tm.Actor") => Some(Shape::Actor),
            ("process", _) | (_, "tm.Process") => Some(Shape::Process),
            ("store", _) | (_, "tm.Store") => Some(Shape::Store),
            _ => None,
        };
        if let Some(s) = element {
            let i = element_of(d, c, s, &id, &name);
            cells.entry(id).or_insert(Target::Element(i));
            placed.push((i, Rect::of(c)));
        } else if shape == "trust-boundary-box" || ty == "tm.BoundaryBox" {
            let hint = draft::vastc_hint(c.data.description.trimmed(), "boundary");
            let mut names = Vec::new();
            if let Some(rest) = id.strip_prefix("boundary-") {
                names.push(rest.to_string());
            }
            names.push(name.clone());
            let lower = name.to_lowercase();
            let kind = hint
                .as_ref()
                .and_then(|(_, k)| draft::word(&crate::resolve::vocab::BOUNDARY_KIND, k))
                .unwrap_or(if lower.contains("internet") {
                    "internet"
                } else {
                    "generic"
                });
            let trust = c
                .data
                .description
                .trimmed()
                .rsplit_once("trust ")
                .and_then(|(_, t)| {
                    draft::word(&crate::resolve::vocab::TRUST, t.trim_end_matches(')'))
                });
            let b = d.boundaries.len();
            d.boundaries.push(Boundary {
                names,
                label: name,
                description: if hint.is_some() {
                    String::new()
                } else {
                    c.data.description.0.clone()
                },
                kind,
                trust: if hint.is_some() { trust } else { None },
                parent: None,
            });
            cells.entry(id).or_insert(Target::Boundary(b));
            boxes.push((b, Rect::of(c), c.z_index.0.unwrap_or(0.0)));
        } else if shape == "trust-boundary-curve" || ty == "tm.Boundary" {
            d.note(format!(
                "trust boundary curve {} is a line with no inside: not imported as a boundary (draw it as a box to keep it)",
                shown(&name)
            ));
        } else if shape == "flow" || ty == "tm.Flow" {
            // Flows after every element is known.
        } else if shape == "td-text-block" || ty == "tm.Text" {
            if !name.trim().is_empty() && c.data.threats.is_empty() {
                d.note(format!("text block {} is not imported", shown(&name)));
            }
        } else {
            d.note(format!(
                "cell {} of shape {} is not imported",
                shown(&id),
                shown(shape)
            ));
        }
    }
    nest(d, &boxes, &placed);
    for c in &diagram.cells {
        let shape = c.shape.trimmed();
        if (shape == "flow" || c.data.ty.trimmed() == "tm.Flow")
            && let Some(i) = flow_of(d, c, &cells)
        {
            cells.entry(c.id.0.clone()).or_insert(Target::Flow(i));
        }
    }
    let mut scores = 0;
    let mut other = Vec::new();
    for c in &diagram.cells {
        if c.data.threats.is_empty() {
            continue;
        }
        let target = cells.get(&c.id.0).copied();
        for t in &c.data.threats {
            if !t.score.is_empty() {
                scores += 1;
            }
            match threats::threat_of(d, t, target, &dtype) {
                Some(x) => d.threats.push(x),
                None => other.push(t.title.0.clone()),
            }
        }
    }
    for title in other {
        d.note(format!(
            "threat {} is on a cell that is not an element, flow or boundary (a text block, a curve, a dangling flow): not imported",
            shown(&title)
        ));
    }
    scores
}

fn element_of(d: &mut Draft, c: &Cell, shape: Shape, id: &str, name: &str) -> usize {
    let data = &c.data;
    let hint = draft::vastc_hint(data.description.trimmed(), shape.keyword());
    let mut names = Vec::new();
    if let Some(rest) = id.strip_prefix("element-") {
        names.push(rest.to_string());
    }
    names.push(name.to_string());
    let guess = match shape {
        Shape::Actor => draft::actor_kind(name),
        Shape::Process if data.is_web_application.0 => "web-app",
        Shape::Process => draft::process_kind(name),
        Shape::Store if data.is_a_log.0 => "log-store",
        Shape::Store => draft::store_kind(name),
    };
    let kind = hint
        .as_ref()
        .and_then(|(_, k)| draft::word(shape.kinds(), k))
        .unwrap_or(guess);
    let mut settings = Vec::new();
    if shape == Shape::Store && data.is_encrypted.0 {
        settings.push(("encrypted-at-rest", "true".to_string()));
    }
    let label = shown(name);
    if data.out_of_scope.0 {
        let why = data.reason_out_of_scope.trimmed();
        d.note(format!(
            "{label} is out of scope in Threat Dragon{}: imported in scope (vastc has no out-of-scope flag)",
            if why.is_empty() { String::new() } else { format!(" ({})", shown(why)) }
        ));
    }
    let flags = [
        (data.handles_card_payment.0, "handles card payments"),
        (
            data.handles_goods_or_services.0,
            "handles goods or services",
        ),
        (data.provides_authentication.0, "provides authentication"),
        (data.is_signed.0, "is signed"),
        (data.stores_credentials.0, "stores credentials"),
        (data.stores_inventory.0, "stores inventory"),
        (!data.privilege_level.is_empty(), "has a privilege level"),
    ];
    for (on, what) in flags {
        if on {
            d.note(format!("{label} {what}: vastc has no setting for it"));
        }
    }
    d.elements.push(Element {
        names,
        label: name.to_string(),
        description: if hint.is_some() {
            String::new()
        } else {
            data.description.0.clone()
        },
        shape,
        kind,
        boundary: None,
        stores: Vec::new(),
        settings,
    });
    d.elements.len() - 1
}

/// Parents of boxes and boundaries of elements, by geometry. Boxes are
/// ordered by area, then drawing order, so nesting cannot loop; two boxes
/// that overlap without one holding the other stay side by side.
fn nest(d: &mut Draft, boxes: &[(usize, Rect, f64)], placed: &[(usize, Rect)]) {
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| {
        boxes[a]
            .1
            .area()
            .total_cmp(&boxes[b].1.area())
            .then(boxes[b].2.total_cmp(&boxes[a].2))
            .then(a.cmp(&b))
    });
    for (k, &i) in order.iter().enumerate() {
        let (b, r, _) = boxes[i];
        let parent = order[k + 1..]
            .iter()
            .find(|&&j| boxes[j].1.holds(&r))
            .map(|&j| boxes[j].0);
        d.boundaries[b].parent = parent;
    }
    for &(e, r) in placed {
        let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
        d.elements[e].boundary = order
            .iter()
            .find(|&&j| boxes[j].1.holds_point(cx, cy))
            .map(|&j| boxes[j].0);
    }
}

fn flow_of(d: &mut Draft, c: &Cell, cells: &BTreeMap<String, Target>) -> Option<usize> {
    let name = cell_name(c);
    let end = |e: &Option<End>| match e.as_ref().map(|e| cells.get(&e.cell.0)) {
        Some(Some(Target::Element(i))) => Ok(*i),
        Some(Some(_)) => Err("a boundary"),
        _ => Err("nothing"),
    };
    let (source, target) = match (end(&c.source), end(&c.target)) {
        (Ok(s), Ok(t)) => (s, t),
        (Err(w), _) | (_, Err(w)) => {
            d.note(format!(
                "flow {} has an end attached to {w}: not imported (attach both ends to elements)",
                shown(if name.is_empty() { &c.id.0 } else { &name })
            ));
            return None;
        }
    };
    let data = &c.data;
    let label = shown(if name.is_empty() { &c.id.0 } else { &name });
    let mut description = if data.description.trimmed().starts_with("vastc flow ") {
        String::new()
    } else {
        data.description.0.clone()
    };
    let protocol = match data.protocol.trimmed() {
        "" => None,
        p => {
            let w = draft::protocol(p);
            if w.is_none() {
                d.note(format!(
                    "protocol {} of flow {label} is not in vastc's vocabulary: written into its description",
                    shown(p)
                ));
                if !description.is_empty() {
                    description.push('\n');
                }
                description.push_str(&format!("protocol: {p}"));
            }
            w
        }
    };
    let encrypted_by_protocol =
        protocol.is_some_and(|p| crate::resolve::vocab::ENCRYPTED_PROTOCOLS.contains(&p));
    if data.is_public_network.0 {
        d.note(format!(
            "flow {label} crosses a public network: vastc finds crossings from boundaries; put one end in an `internet` boundary"
        ));
    }
    if data.is_bidirectional.0 {
        d.note(format!(
            "flow {label} is bidirectional: imported one way, source to target (data sent back goes in `returns`)"
        ));
    }
    if data.out_of_scope.0 {
        d.note(format!(
            "flow {label} is out of scope in Threat Dragon: imported in scope"
        ));
    }
    let id =
        c.id.0
            .strip_prefix("flow-")
            .filter(|rest| !rest.contains("->"))
            .map(str::to_string);
    d.flows.push(Flow {
        id,
        label: name,
        description,
        source,
        target,
        protocol,
        encrypted: (data.is_encrypted.0 && !encrypted_by_protocol).then_some(true),
        ..Flow::default()
    });
    Some(d.flows.len() - 1)
}
