//! The operational data-flow diagram: trust boundaries as nested dashed
//! rectangles tinted by trust level, elements as DFD shapes with threat
//! badges, flows as arrows (crossing flows stand out), and a legend. With
//! a highlight it becomes a scenario diagram.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::boundary::{self, LabelOrId, boundary_label_width};
use super::escape::xml;
use super::flow;
use super::identities;
use super::legend;
use super::shapes::{
    self, Anchor, BADGE_R, Line, STORE_CAP, block_height, block_width, num, text_block, wrapped,
};
use super::style;
use super::{DiagramOptions, Highlight};
use crate::analysis::crossings;
use crate::layout::text::{MAX_LABEL_CHARS, clip};
use crate::layout::{
    LayoutCluster, LayoutEdge, LayoutError, LayoutInput, LayoutNode, LayoutOutput, Point, Rect,
    layout,
};
use crate::model::{BoundaryId, Element, ElementType, Flow, Key, Model};

/// Widest element label before it wraps.
const NODE_TEXT_MAX: f64 = 150.0;
/// Widest flow label before it wraps.
const FLOW_TEXT_MAX: f64 = 130.0;
const NODE_PAD_X: f64 = 12.0;
const NODE_PAD_Y: f64 = 8.0;
const NODE_MIN_W: f64 = 90.0;
/// Boundary label: font size and line height.
pub(super) const BOUNDARY_LABEL: f64 = 12.0;
pub(super) const BOUNDARY_LABEL_H: f64 = 16.0;
/// Padding of a boundary rectangle around its content (the layout's).
pub(super) const CLUSTER_PAD: f64 = 12.0;
/// Room for the title line.
const TITLE_H: f64 = 34.0;
const MARGIN: f64 = 20.0;

/// The operational diagram of `model` as an SVG document.
pub fn operational(model: &Model, opts: &DiagramOptions) -> Result<String, LayoutError> {
    Ok(draw(
        model,
        &Prepared::captioned(model, &opts.captions)?,
        opts,
    ))
}

/// The text under an element's label: its caption if it has one, else its
/// kind.
fn caption<'a>(captions: &'a BTreeMap<String, String>, e: &'a Element) -> &'a str {
    captions.get(&e.id).map_or(e.kind.as_str(), String::as_str)
}

/// The operational diagram laid out, ready to be drawn with any options:
/// the plain diagram and every scenario's share one layout.
pub struct Prepared {
    texts: Vec<Vec<Line>>,
    flow_texts: Vec<Vec<Line>>,
    lay: LayoutOutput,
    crossing: Vec<bool>,
}

impl Prepared {
    /// The computed layout: nodes indexed like the elements, clusters like
    /// the boundaries, edges like the flows.
    pub fn layout(&self) -> &LayoutOutput {
        &self.lay
    }

    /// Lays out the operational diagram of `model`.
    pub fn new(model: &Model) -> Result<Prepared, LayoutError> {
        Prepared::captioned(model, &BTreeMap::new())
    }

    /// Lays out the operational diagram of `model`, with `captions` in
    /// place of the kinds of the elements they name.
    pub fn captioned(
        model: &Model,
        captions: &BTreeMap<String, String>,
    ) -> Result<Prepared, LayoutError> {
        let texts: Vec<Vec<Line>> = model
            .elements
            .iter()
            .map(|e| node_lines(model, e, caption(captions, e)))
            .collect();
        let flow_texts: Vec<Vec<Line>> = model.flows.iter().map(flow_lines).collect();
        let input = layout_input(model, &texts, &flow_texts);
        let lay = layout(&input)?;
        let crossing: Vec<bool> = crossings(model).iter().map(|c| c.crosses()).collect();
        Ok(Prepared {
            texts,
            flow_texts,
            lay,
            crossing,
        })
    }
}

/// Draws a laid-out operational diagram of `model` with `opts`.
pub fn draw(model: &Model, prepared: &Prepared, opts: &DiagramOptions) -> String {
    let Prepared {
        texts,
        flow_texts,
        lay,
        crossing,
    } = prepared;

    let top = if opts.title.is_empty() { 0.0 } else { TITLE_H };
    let scenario = opts
        .highlight
        .values()
        .any(|h| matches!(h, Highlight::Controlled | Highlight::Reachable));
    let (legend_svg, lw, lh) = legend::operational(scenario);
    let width = lay.width.max(lw + 2.0 * MARGIN);
    // Identities are drawn on the plain diagram, not on a scenario's or a
    // focus view's.
    let panel = if !opts.highlight.is_empty() {
        None
    } else {
        identities::panel(model, &opts.identity_badges, width - 2.0 * MARGIN)
    };
    let panel_h = panel.as_ref().map_or(0.0, |p| p.1 + MARGIN / 2.0);
    let height = top + lay.height + lh + panel_h + MARGIN;

    // About 870 bytes an element or flow on the generated models: reserved
    // once, so that a large diagram is never copied into a buffer twice its
    // size (pages of the reserve never written take no memory).
    let mut out = String::with_capacity(1024 * (model.elements.len() + model.flows.len()) + 4096);
    let title = if opts.title.is_empty() {
        &model.title
    } else {
        &opts.title
    };
    shapes::open_svg(&mut out, width, height, title);
    if !opts.title.is_empty() {
        let _ = writeln!(
            out,
            "<text class=\"title\" x=\"{}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\" fill=\"{}\">{}</text>",
            num(MARGIN),
            num(MARGIN + 8.0),
            style::TEXT,
            xml(&clip(&opts.title, MAX_LABEL_CHARS))
        );
    }
    let shift = |r: &Rect| Rect {
        x: r.x,
        y: r.y + top,
        width: r.width,
        height: r.height,
    };
    boundary::boundaries(&mut out, model, lay, &opts.boundary_badges, &shift);
    flow::flows(&mut out, model, opts, lay, flow_texts, crossing, top);
    for (i, e) in model.elements.iter().enumerate() {
        element(&mut out, model, e, &shift(&lay.nodes[i]), &texts[i], opts);
    }
    let _ = writeln!(
        out,
        "<g class=\"legend\" transform=\"translate({} {})\">\n{legend_svg}</g>",
        num(MARGIN),
        num(top + lay.height)
    );
    if let Some((panel_svg, _)) = panel {
        let _ = writeln!(
            out,
            "<g class=\"identities\" transform=\"translate({} {})\">\n{panel_svg}</g>",
            num(MARGIN),
            num(top + lay.height + lh + MARGIN / 2.0)
        );
    }
    shapes::close_svg(&mut out);
    out
}

/// Models of at most this many elements name, in each workload's box, the
/// declared identity it runs as; larger ones keep boxes compact (the
/// identities panel lists who runs as what).
pub const NAME_IDENTITIES_UP_TO: usize = 60;

/// Label (wrapped), kind and, for a workload of a small model, the
/// declared identity it runs as.
fn node_lines(model: &Model, e: &Element, caption: &str) -> Vec<Line> {
    let label = if e.label.is_empty() { &e.id } else { &e.label };
    let mut lines = wrapped(label, 12.0, NODE_TEXT_MAX, false, style::TEXT);
    if !caption.is_empty() {
        lines.extend(wrapped(caption, 9.5, NODE_TEXT_MAX, false, style::MUTED));
    }
    // A namespace's implicit default account is named in the identities
    // panel (with the workloads that run as it), not in every box.
    let identity = e
        .runs_as
        .and_then(|i| model.identities.get(i))
        .filter(|i| !i.implicit && model.elements.len() <= NAME_IDENTITIES_UP_TO);
    if let Some(i) = identity {
        let name = if i.label.is_empty() { &i.id } else { &i.label };
        let text = format!("as {}", clip(name, MAX_LABEL_CHARS));
        lines.extend(wrapped(
            &text,
            9.5,
            NODE_TEXT_MAX,
            false,
            style::IDENTITY_TEXT,
        ));
    }
    lines
}

/// `label (protocol:port)` of a flow, wrapped.
fn flow_lines(f: &Flow) -> Vec<Line> {
    let text = flow_label(f);
    if text.is_empty() {
        return Vec::new();
    }
    wrapped(&text, 10.0, FLOW_TEXT_MAX, false, style::TEXT)
}

/// The text a flow is labelled with: its label plus protocol and port.
pub(crate) fn flow_label(f: &Flow) -> String {
    let proto = f.settings.get(Key::Protocol).map(|v| v.display());
    let port = f.settings.get(Key::Port).map(|v| v.display());
    let tech = match (proto, port) {
        (Some(p), Some(n)) => format!("{p}:{n}"),
        (Some(p), None) => p,
        (None, Some(n)) => format!("port {n}"),
        (None, None) => String::new(),
    };
    match (f.label.is_empty(), tech.is_empty()) {
        (true, true) => String::new(),
        (true, false) => tech,
        (false, true) => f.label.clone(),
        (false, false) => format!("{} ({tech})", f.label),
    }
}

/// Size of an element's shape (without the badge room).
fn shape_size(ty: ElementType, lines: &[Line]) -> (f64, f64) {
    let w = (block_width(lines) + 2.0 * NODE_PAD_X).max(NODE_MIN_W);
    let mut h = block_height(lines) + 2.0 * NODE_PAD_Y;
    if ty == ElementType::Store {
        h += 3.0 * STORE_CAP;
    }
    (w.ceil(), h.ceil())
}

fn layout_input(model: &Model, texts: &[Vec<Line>], flow_texts: &[Vec<Line>]) -> LayoutInput {
    let nodes = model
        .elements
        .iter()
        .zip(texts)
        .map(|(e, lines)| {
            let (w, h) = shape_size(e.ty, lines);
            LayoutNode {
                width: w + BADGE_R,
                height: h + BADGE_R,
                // Layout cluster `i` is the model's boundary `i`.
                cluster: e.boundary.map(BoundaryId::index),
            }
        })
        .collect();
    let clusters = model
        .boundaries
        .iter()
        .map(|b| LayoutCluster {
            parent: b.parent.map(BoundaryId::index),
            label_width: boundary_label_width(b.label_or_id(), b.kind.as_str()),
            label_height: BOUNDARY_LABEL_H,
        })
        .collect();
    let edges = model
        .flows
        .iter()
        .zip(flow_texts)
        .map(|(f, lines)| {
            let (w, h) = if lines.is_empty() {
                (0.0, 0.0)
            } else {
                (block_width(lines) + 8.0, block_height(lines) + 2.0)
            };
            LayoutEdge {
                // Layout node `i` is the model's element `i`.
                from: f.source.index(),
                to: f.target.index(),
                label_width: w,
                label_height: h,
            }
        })
        .collect();
    LayoutInput {
        nodes,
        clusters,
        edges,
    }
}

fn element(
    out: &mut String,
    model: &Model,
    e: &Element,
    slot: &Rect,
    lines: &[Line],
    opts: &DiagramOptions,
) {
    let shape = Rect {
        x: slot.x,
        y: slot.y + BADGE_R,
        width: slot.width - BADGE_R,
        height: slot.height - BADGE_R,
    };
    let boundary = e
        .boundary
        .and_then(|b| model.boundaries.get(b))
        .map_or("", |b| b.id.as_str());
    let runs_as = e
        .runs_as
        .and_then(|i| model.identities.get(i))
        .map_or("", |i| i.id.as_str());
    let highlight = if opts.highlight.is_empty() {
        None
    } else {
        Some(
            opts.highlight
                .get(&e.id)
                .copied()
                .unwrap_or(Highlight::Untouched),
        )
    };
    let mut class = String::from("element");
    let mut extra = String::new();
    if let Some(h) = highlight {
        class.push(' ');
        class.push_str(h.as_str());
        let _ = write!(extra, " data-highlight=\"{}\"", h.as_str());
        if h == Highlight::Untouched {
            let _ = write!(extra, " opacity=\"{}\"", style::UNTOUCHED_OPACITY);
        }
    }
    let _ = writeln!(
        out,
        "<g class=\"{class}\" data-id=\"{}\" data-kind=\"{}\" data-boundary=\"{}\" data-runs-as=\"{}\" data-bbox=\"{} {} {} {}\"{extra}>",
        xml(&e.id),
        e.ty.as_str(),
        xml(boundary),
        xml(runs_as),
        num(shape.x),
        num(shape.y),
        num(shape.width),
        num(shape.height)
    );
    let base_fill = match e.ty {
        ElementType::Actor => style::ACTOR_FILL,
        ElementType::Process => style::PROCESS_FILL,
        ElementType::Store => style::STORE_FILL,
    };
    let (fill, stroke, sw) = match highlight {
        Some(Highlight::Controlled) => (style::CONTROLLED_FILL, style::CONTROLLED_STROKE, 3.0),
        Some(Highlight::Reachable) => (style::REACHABLE_FILL, style::REACHABLE_STROKE, 2.5),
        Some(Highlight::Added) => (style::ADDED_FILL, style::ADDED_STROKE, 2.5),
        _ => (base_fill, style::ELEMENT_STROKE, 1.3),
    };
    shapes::element_shape(out, e.ty, &shape, fill, stroke, sw);
    let text_top = shape.y
        + if e.ty == ElementType::Store {
            2.0 * STORE_CAP
        } else {
            0.0
        };
    let inner_h = shape.height
        - if e.ty == ElementType::Store {
            3.0 * STORE_CAP
        } else {
            0.0
        };
    let top = text_top + (inner_h - block_height(lines)) / 2.0;
    text_block(out, lines, shape.x + shape.width / 2.0, top, Anchor::Middle);
    if let Some(&(count, sev)) = opts.badges.get(&e.id)
        && count > 0
    {
        shapes::badge(
            out,
            Point {
                x: shape.x + shape.width,
                y: shape.y,
            },
            count,
            sev,
        );
    }
    if runs_as.is_empty() {
        let _ = writeln!(
            out,
            "<title>{} ({})</title>",
            xml(&e.id),
            xml(caption(&opts.captions, e))
        );
    } else {
        let _ = writeln!(
            out,
            "<title>{} ({}), runs as {}</title>",
            xml(&e.id),
            xml(caption(&opts.captions, e)),
            xml(runs_as)
        );
    }
    out.push_str("</g>\n");
}
