//! The legends: what each shape, tint, line and badge means. Drawn at the
//! origin; the caller places them with a `translate`.

use std::fmt::Write;

use super::escape::xml;
use super::shapes::{self, num};
use super::style;
use crate::analysis::Severity;
use crate::layout::text;
use crate::layout::{Point, Rect};
use crate::model::ElementType;

const ROW_H: f64 = 30.0;
const PAD: f64 = 12.0;
const HEAD_W: f64 = 96.0;
const SWATCH_W: f64 = 34.0;
const SWATCH_H: f64 = 18.0;
const GAP: f64 = 6.0;
const ITEM_GAP: f64 = 20.0;
const FONT: f64 = 11.0;

/// One legend row being written.
struct Row<'a> {
    out: &'a mut String,
    x: f64,
    y: f64,
}

impl Row<'_> {
    fn head(out: &mut String, y: f64, title: &str) -> f64 {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{}\">{}</text>",
            num(PAD),
            num(y + ROW_H / 2.0 + FONT * 0.35),
            num(FONT),
            style::TEXT,
            xml(title)
        );
        PAD + HEAD_W
    }

    /// Writes the caption after a swatch and advances.
    fn caption(&mut self, caption: &str) {
        let x = self.x + SWATCH_W + GAP;
        let _ = writeln!(
            self.out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>",
            num(x),
            num(self.y + ROW_H / 2.0 + FONT * 0.35),
            num(FONT),
            style::TEXT,
            xml(caption)
        );
        self.x = x + text::width(caption, FONT) + ITEM_GAP;
    }

    fn swatch(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.y + (ROW_H - SWATCH_H) / 2.0,
            width: SWATCH_W,
            height: SWATCH_H,
        }
    }
}

/// The operational diagram's legend: `(svg, width, height)`.
pub fn operational(scenario: bool) -> (String, f64, f64) {
    let mut out = String::new();
    let mut width: f64 = 0.0;
    let mut y = PAD / 2.0;

    // Elements and flows.
    let x = Row::head(&mut out, y, "Elements");
    let mut row = Row {
        out: &mut out,
        x,
        y,
    };
    for (ty, fill, caption) in [
        (ElementType::Actor, style::ACTOR_FILL, "actor"),
        (ElementType::Process, style::PROCESS_FILL, "process"),
        (ElementType::Store, style::STORE_FILL, "store"),
    ] {
        let r = row.swatch();
        shapes::element_shape(row.out, ty, &r, fill, style::ELEMENT_STROKE, 1.2);
        row.caption(caption);
    }
    width = width.max(row.x);
    y += ROW_H;

    // Flows, by the trust change they make.
    let x = Row::head(&mut out, y, "Flows");
    let mut row = Row {
        out: &mut out,
        x,
        y,
    };
    for (stroke, w, caption) in [
        (style::FLOW_STROKE, style::FLOW_WIDTH, "within one boundary"),
        (
            style::FLOW_STROKE,
            style::SAME_CROSSING_WIDTH,
            "across boundaries of equal trust",
        ),
        (style::UP_STROKE, style::UP_WIDTH, "into higher trust"),
        (style::DOWN_STROKE, style::DOWN_WIDTH, "out to lower trust"),
    ] {
        let r = row.swatch();
        let mid = r.y + r.height / 2.0;
        shapes::arrow(
            row.out,
            &[
                Point { x: r.x, y: mid },
                Point {
                    x: r.x + r.width,
                    y: mid,
                },
            ],
            stroke,
            w,
            false,
        );
        row.caption(caption);
    }
    width = width.max(row.x);
    y += ROW_H;

    // Boundaries.
    let x = Row::head(&mut out, y, "Boundaries");
    let mut row = Row {
        out: &mut out,
        x,
        y,
    };
    for trust in style::TRUST_LEVELS {
        let r = row.swatch();
        let tint = style::trust_tint(trust);
        let _ = writeln!(
            row.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" ry=\"4\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"7 4\"/>",
            num(r.x),
            num(r.y),
            num(r.width),
            num(r.height),
            tint.fill,
            tint.stroke
        );
        row.caption(&format!("{trust} trust").replace("untrusted trust", "untrusted"));
    }
    width = width.max(row.x);
    y += ROW_H;

    // Threat badges.
    let x = Row::head(&mut out, y, "Open threats");
    let mut row = Row {
        out: &mut out,
        x,
        y,
    };
    for sev in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ] {
        let r = row.swatch();
        shapes::badge(
            row.out,
            Point {
                x: r.x + r.width / 2.0,
                y: r.y + r.height / 2.0,
            },
            1,
            sev,
        );
        row.caption(&format!("highest {}", sev.as_str()));
    }
    width = width.max(row.x);
    y += ROW_H;

    if scenario {
        let x = Row::head(&mut out, y, "Scenario");
        let mut row = Row {
            out: &mut out,
            x,
            y,
        };
        for (fill, stroke, sw, caption) in [
            (
                style::CONTROLLED_FILL,
                style::CONTROLLED_STROKE,
                3.0,
                "attacker controls",
            ),
            (
                style::REACHABLE_FILL,
                style::REACHABLE_STROKE,
                2.5,
                "attacker reaches",
            ),
            (
                style::PROCESS_FILL,
                style::ELEMENT_STROKE,
                1.2,
                "not reached",
            ),
        ] {
            let r = row.swatch();
            if caption == "not reached" {
                let _ = writeln!(row.out, "<g opacity=\"{}\">", style::UNTOUCHED_OPACITY);
                shapes::element_shape(row.out, ElementType::Process, &r, fill, stroke, sw);
                row.out.push_str("</g>\n");
            } else {
                shapes::element_shape(row.out, ElementType::Process, &r, fill, stroke, sw);
            }
            row.caption(caption);
        }
        width = width.max(row.x);
        y += ROW_H;
    }
    finish(out, width, y)
}

/// The app diagram's legend.
pub fn app() -> (String, f64, f64) {
    let mut out = String::new();
    let y = PAD / 2.0;
    let x = Row::head(&mut out, y, "Legend");
    let mut row = Row {
        out: &mut out,
        x,
        y,
    };
    let r = row.swatch();
    shapes::element_shape(
        row.out,
        ElementType::Actor,
        &r,
        style::ACTOR_FILL,
        style::ELEMENT_STROKE,
        1.2,
    );
    row.caption("user");
    let r = row.swatch();
    shapes::element_shape(
        row.out,
        ElementType::Process,
        &r,
        style::PROCESS_FILL,
        style::ELEMENT_STROKE,
        1.2,
    );
    row.caption("feature (runs on elements, lists its widgets)");
    let r = row.swatch();
    let mid = r.y + r.height / 2.0;
    shapes::arrow(
        row.out,
        &[
            Point { x: r.x, y: mid },
            Point {
                x: r.x + r.width,
                y: mid,
            },
        ],
        style::FLOW_STROKE,
        style::FLOW_WIDTH,
        false,
    );
    row.caption("step");
    let x = row.x;
    finish(out, x, y + ROW_H)
}

/// Frames the legend content.
fn finish(content: String, width: f64, height: f64) -> (String, f64, f64) {
    let (w, h) = (width.ceil(), (height + PAD / 2.0).ceil());
    let mut out = String::with_capacity(content.len() + 200);
    let _ = writeln!(
        out,
        "<rect x=\"0.0\" y=\"0.0\" width=\"{}\" height=\"{}\" rx=\"4\" ry=\"4\" fill=\"#fafafa\" stroke=\"#cfd8dc\"/>",
        num(w),
        num(h)
    );
    out.push_str(&content);
    (out, w, h)
}
