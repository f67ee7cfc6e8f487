//! Trust boundaries of the operational diagram: nested dashed rectangles
//! tinted by trust level, each with its title, its kind and, at the right
//! end of the title line, a badge counting the open threats on the
//! boundary itself (coloured by the highest severity among them). The
//! layout reserves the badge's room in every title line, so routes that
//! keep off titles keep off badges too.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::xml;
use super::operational::{BOUNDARY_LABEL, BOUNDARY_LABEL_H, CLUSTER_PAD};
use super::shapes::{self, BADGE_R, Line, num};
use super::style;
use crate::analysis::Severity;
use crate::layout::text::{MAX_LABEL_CHARS, clip};
use crate::layout::{LayoutOutput, Point, Rect};
use crate::model::{BoundaryId, Model};

/// Room kept at the right of every title line for a badge (up to `99+`).
const BADGE_ROOM: f64 = 2.0 * BADGE_R + 16.0;

pub(super) trait LabelOrId {
    fn label_or_id(&self) -> &str;
}

impl LabelOrId for crate::model::Boundary {
    fn label_or_id(&self) -> &str {
        if self.label.is_empty() {
            &self.id
        } else {
            &self.label
        }
    }
}

pub(super) fn boundary_label_width(label: &str, kind: &str) -> f64 {
    (Line {
        text: clip(label, MAX_LABEL_CHARS).into_owned(),
        size: BOUNDARY_LABEL,
        bold: true,
        fill: style::TEXT,
    })
    .width()
        + 8.0
        + crate::layout::text::width(kind, 10.0)
        + BADGE_ROOM
}

/// Boundaries, outermost first so inner tints lie on top.
pub(super) fn boundaries(
    out: &mut String,
    model: &Model,
    lay: &LayoutOutput,
    badges: &BTreeMap<String, (usize, Severity)>,
    shift: &dyn Fn(&Rect) -> Rect,
) {
    let mut order: Vec<(usize, BoundaryId)> = (model.boundaries.ids())
        .map(|b| (model.boundary_chain(Some(b)).len(), b))
        .collect();
    order.sort_unstable();
    for (_, b) in order {
        let bd = &model.boundaries[b];
        // Layout cluster `i` is the model's boundary `i`.
        let r = shift(&lay.clusters[b.index()]);
        let tint = style::trust_tint(bd.trust.as_str());
        let parent = bd
            .parent
            .and_then(|p| model.boundaries.get(p))
            .map_or("", |p| p.id.as_str());
        let _ = writeln!(
            out,
            "<g class=\"boundary\" data-id=\"{}\" data-kind=\"{}\" data-parent=\"{}\" data-trust=\"{}\" data-bbox=\"{} {} {} {}\">",
            xml(&bd.id),
            xml(bd.kind.as_str()),
            xml(parent),
            xml(bd.trust.as_str()),
            num(r.x),
            num(r.y),
            num(r.width),
            num(r.height)
        );
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" ry=\"6\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"7 4\"/>",
            num(r.x),
            num(r.y),
            num(r.width),
            num(r.height),
            tint.fill,
            style::BOUNDARY_FILL_OPACITY,
            tint.stroke
        );
        let label = Line {
            text: clip(bd.label_or_id(), MAX_LABEL_CHARS).into_owned(),
            size: BOUNDARY_LABEL,
            bold: true,
            fill: tint.text,
        };
        let lw = label.width();
        let baseline = r.y + CLUSTER_PAD + BOUNDARY_LABEL_H * 0.5 + BOUNDARY_LABEL * 0.35;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{}\">{}</text>",
            num(r.x + CLUSTER_PAD),
            num(baseline),
            num(BOUNDARY_LABEL),
            tint.text,
            xml(&label.text)
        );
        if !bd.kind.as_str().is_empty() {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"{}\">{}</text>",
                num(r.x + CLUSTER_PAD + lw + 8.0),
                num(baseline),
                style::MUTED,
                xml(bd.kind.as_str())
            );
        }
        if let Some(&(count, severity)) = badges.get(&bd.id)
            && count > 0
        {
            // The right end of the title line the layout reserved.
            let right =
                r.x + CLUSTER_PAD + boundary_label_width(bd.label_or_id(), bd.kind.as_str());
            let c = Point {
                x: right - BADGE_R - 2.0,
                y: r.y + CLUSTER_PAD + BOUNDARY_LABEL_H * 0.5,
            };
            shapes::badge(out, c, count, severity);
        }
        out.push_str("</g>\n");
    }
}
