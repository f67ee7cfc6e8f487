//! Flows of the operational diagram: each arrow styled by the change of
//! trust it makes (into higher trust, out to lower trust, or between
//! equal trust, thicker when it still crosses a boundary), or, in a
//! scenario, by whether it joins two elements the scenario touches; its
//! label on a white ground at the point the layout chose on its own route.

use std::fmt::Write;

use super::escape::xml;
use super::shapes::{self, Anchor, Line, block_height, block_width, num, text_block};
use super::style;
use super::{DiagramOptions, Highlight};
use crate::analysis::crossings::{TrustChange, trust_change};
use crate::layout::{LayoutOutput, Point};
use crate::model::{ElementId, Flow, Model};

/// Stroke, width and label colour of a flow outside scenarios.
pub(super) fn look(
    change: TrustChange,
    crosses: bool,
) -> (&'static str, &'static str, &'static str) {
    match (change, crosses) {
        (TrustChange::Up, _) => (style::UP_STROKE, style::UP_WIDTH, style::UP_TEXT),
        (TrustChange::Down, _) => (style::DOWN_STROKE, style::DOWN_WIDTH, style::DOWN_TEXT),
        (TrustChange::Same, true) => (style::FLOW_STROKE, style::SAME_CROSSING_WIDTH, style::TEXT),
        (TrustChange::Same, false) => (style::FLOW_STROKE, style::FLOW_WIDTH, style::TEXT),
    }
}

/// How a flow is drawn with a highlight: `Some(false)` (dimmed) when an
/// end is untouched, `Some(true)` (the attacker's colour) when both ends
/// are controlled or reached, `None` (by trust change) otherwise and
/// without a highlight.
fn emphasis(model: &Model, f: &Flow, opts: &DiagramOptions) -> Option<bool> {
    if opts.highlight.is_empty() {
        return None;
    }
    let h = |e: ElementId| {
        model
            .elements
            .get(e)
            .and_then(|e| opts.highlight.get(&e.id))
            .copied()
            .unwrap_or(Highlight::Untouched)
    };
    let (a, b) = (h(f.source), h(f.target));
    if a == Highlight::Untouched || b == Highlight::Untouched {
        Some(false)
    } else if [a, b]
        .iter()
        .any(|h| matches!(h, Highlight::Focus | Highlight::Added))
    {
        None
    } else {
        Some(true)
    }
}

/// Every flow of `model`, routed as `lay` says, `top` pixels down.
pub(super) fn flows(
    out: &mut String,
    model: &Model,
    opts: &DiagramOptions,
    lay: &LayoutOutput,
    texts: &[Vec<Line>],
    crossing: &[bool],
    top: f64,
) {
    for (id, f) in model.flows.iter_enumerated() {
        // Layout edge `i` (and text and crossing flag `i`) is flow `i`.
        let i = id.index();
        let route = &lay.edges[i];
        let crosses = crossing.get(i).copied().unwrap_or(false);
        let change = trust_change(model, id);
        let id = |e: ElementId| model.elements.get(e).map_or("", |x| x.id.as_str());
        let emphasis = emphasis(model, f, opts);
        let added = opts.highlight.get(&f.id) == Some(&Highlight::Added);
        let dim = emphasis == Some(false) && !added;
        let _ = writeln!(
            out,
            "<g class=\"flow{}{}{}\" data-id=\"{}\" data-source=\"{}\" data-target=\"{}\" data-crossing=\"{crosses}\" data-trust-change=\"{}\"{}>",
            if crosses { " crossing" } else { "" },
            if added { " added" } else { "" },
            match change {
                TrustChange::Up => " trust-up",
                TrustChange::Down => " trust-down",
                TrustChange::Same => "",
            },
            xml(&f.id),
            xml(id(f.source)),
            xml(id(f.target)),
            change.as_str(),
            if dim {
                format!(" opacity=\"{}\"", style::UNTOUCHED_OPACITY)
            } else if added {
                " data-highlight=\"added\"".to_string()
            } else {
                String::new()
            }
        );
        let pts: Vec<Point> = route
            .points
            .iter()
            .map(|p| Point {
                x: p.x,
                y: p.y + top,
            })
            .collect();
        let (stroke, width, text) = match emphasis {
            _ if added => (style::ADDED_STROKE, style::ADDED_WIDTH, style::ADDED_STROKE),
            Some(true) => (style::REACHABLE_STROKE, style::UP_WIDTH, style::TEXT),
            _ => look(change, crosses),
        };
        shapes::arrow(out, &pts, stroke, width, false);
        let lines = &texts[i];
        if !lines.is_empty() {
            let (w, h) = (block_width(lines) + 8.0, block_height(lines) + 2.0);
            let c = Point {
                x: route.label.x,
                y: route.label.y + top,
            };
            let _ = writeln!(
                out,
                "<rect class=\"label-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" ry=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>",
                num(c.x - w / 2.0),
                num(c.y - h / 2.0),
                num(w),
                num(h)
            );
            let coloured: Vec<Line> = lines
                .iter()
                .map(|l| Line {
                    fill: text,
                    ..l.clone()
                })
                .collect();
            text_block(out, &coloured, c.x, c.y - h / 2.0 + 1.0, Anchor::Middle);
        }
        out.push_str("</g>\n");
    }
}
