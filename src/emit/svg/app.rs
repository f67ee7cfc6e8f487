//! An app's process-flow diagram: the user, one box per feature listing the
//! elements it runs on, its widgets and its open-threat count, and the
//! steps between them as labelled arrows.

use std::fmt::Write;

use super::AppOptions;
use super::escape::xml;
use super::legend;
use super::shapes::{self, Anchor, Line, block_height, block_width, num, text_block, wrapped};
use super::style;
use crate::analysis::Severity;
use crate::layout::text::{MAX_LABEL_CHARS, clip};
use crate::layout::{LayoutEdge, LayoutInput, LayoutNode, Point, Rect, layout};
use crate::model::{App, ElementType, Feature, Model, StepEnd};

const TEXT_MAX: f64 = 220.0;
const PAD: f64 = 10.0;
const MIN_W: f64 = 150.0;
const PILL_H: f64 = 16.0;
const TITLE_H: f64 = 34.0;
const MARGIN: f64 = 20.0;

/// Text of a feature box: header, "runs on" and widget lines.
struct FeatureText {
    header: Vec<Line>,
    pill: String,
    body: Vec<Line>,
}

impl FeatureText {
    fn pill_width(&self) -> f64 {
        crate::layout::text::width(&self.pill, 9.5) * 1.07 + 12.0
    }

    fn header_height(&self) -> f64 {
        block_height(&self.header).max(PILL_H) + 2.0 * PAD / 1.5
    }

    fn size(&self) -> (f64, f64) {
        let head_w = block_width(&self.header) + 8.0 + self.pill_width();
        let w = head_w.max(block_width(&self.body)) + 2.0 * PAD;
        let h = self.header_height() + block_height(&self.body) + 2.0 * PAD;
        (w.max(MIN_W).ceil(), h.ceil())
    }
}

fn feature_text(model: &Model, f: &Feature, threats: usize) -> FeatureText {
    let label = if f.label.is_empty() { &f.id } else { &f.label };
    let header = wrapped(label, 13.0, TEXT_MAX - 90.0, true, style::TEXT);
    let pill = match threats {
        1 => "1 open threat".to_string(),
        n => format!("{n} open threats"),
    };
    let mut body = Vec::new();
    if !f.on.is_empty() {
        let on: Vec<&str> =
            f.on.iter()
                .filter_map(|&e| model.elements.get(e))
                .map(|e| e.id.as_str())
                .collect();
        body.extend(wrapped(
            &format!("runs on: {}", on.join(", ")),
            10.0,
            TEXT_MAX,
            false,
            style::MUTED,
        ));
    }
    for w in &f.widgets {
        let label = if w.label.is_empty() { &w.id } else { &w.label };
        let text = if w.kind.as_str().is_empty() {
            format!("\u{25B8} {label}")
        } else {
            format!("\u{25B8} {label} \u{00B7} {}", w.kind)
        };
        body.extend(wrapped(&text, 10.5, TEXT_MAX, false, style::TEXT));
    }
    FeatureText { header, pill, body }
}

fn step_label(model: &Model, s: &crate::model::Step) -> String {
    let data: Vec<&str> = s
        .carries
        .iter()
        .filter_map(|&d| model.data.get(d))
        .map(|d| d.id.as_str())
        .collect();
    match (s.label.is_empty(), data.is_empty()) {
        (_, true) => s.label.clone(),
        (true, false) => format!("carries {}", data.join(", ")),
        (false, false) => format!("{} (carries {})", s.label, data.join(", ")),
    }
}

/// The process-flow diagram of `model.apps[app_index]` as an SVG document
/// (an empty diagram when there is no such app).
pub fn app(model: &Model, app_index: usize, opts: &AppOptions) -> String {
    let Some(a) = model.apps.get(app_index) else {
        return empty("no such app");
    };
    let user_label = a
        .user
        .and_then(|u| model.elements.get(u))
        .map(|u| if u.label.is_empty() { &u.id } else { &u.label })
        .cloned()
        .unwrap_or_else(|| "user".to_string());
    let user_lines = {
        let mut l = wrapped(&user_label, 12.0, 150.0, false, style::TEXT);
        l.push(Line {
            text: "user".into(),
            size: 9.5,
            bold: false,
            fill: style::MUTED,
        });
        l
    };
    let user_size = (
        (block_width(&user_lines) + 24.0).max(90.0).ceil(),
        (block_height(&user_lines) + 16.0).ceil(),
    );
    let texts: Vec<FeatureText> = a
        .features
        .iter()
        .map(|f| feature_text(model, f, opts.feature_threats.get(&f.id).map_or(0, |c| c.0)))
        .collect();
    let step_texts: Vec<Vec<Line>> = a
        .steps
        .iter()
        .map(|s| {
            let t = step_label(model, s);
            if t.is_empty() {
                Vec::new()
            } else {
                wrapped(&t, 10.0, 140.0, false, style::TEXT)
            }
        })
        .collect();
    let node = |e: StepEnd| match e {
        StepEnd::User => 0,
        StepEnd::Feature(i) => i + 1,
    };
    let mut nodes = vec![LayoutNode {
        width: user_size.0,
        height: user_size.1,
        cluster: None,
    }];
    nodes.extend(texts.iter().map(|t| {
        let (w, h) = t.size();
        LayoutNode {
            width: w,
            height: h,
            cluster: None,
        }
    }));
    let n = nodes.len();
    let edges: Vec<LayoutEdge> = a
        .steps
        .iter()
        .zip(&step_texts)
        .filter(|(s, _)| node(s.from) < n && node(s.to) < n)
        .map(|(s, lines)| LayoutEdge {
            from: node(s.from),
            to: node(s.to),
            label_width: if lines.is_empty() {
                0.0
            } else {
                block_width(lines) + 8.0
            },
            label_height: if lines.is_empty() {
                0.0
            } else {
                block_height(lines) + 2.0
            },
        })
        .collect();
    let input = LayoutInput {
        nodes,
        clusters: Vec::new(),
        edges,
    };
    let Ok(lay) = layout(&input) else {
        return empty(&a.label);
    };
    draw(
        model,
        a,
        opts,
        &lay,
        &texts,
        &user_lines,
        &step_texts,
        &node,
    )
}

/// The leftmost and rightmost x the step labels reach (with a small
/// margin), at least the layout's own `0..width`.
fn step_label_extent(
    a: &App,
    lay: &crate::layout::LayoutOutput,
    step_texts: &[Vec<Line>],
    node: &dyn Fn(StepEnd) -> usize,
) -> (f64, f64) {
    let n = lay.nodes.len();
    let (mut lo, mut hi) = (0.0_f64, lay.width);
    let drawn = a
        .steps
        .iter()
        .zip(step_texts)
        .filter(|(s, _)| node(s.from) < n && node(s.to) < n);
    for ((_, lines), route) in drawn.zip(&lay.edges) {
        if lines.is_empty() {
            continue;
        }
        let half = (block_width(lines) + 8.0) / 2.0 + 4.0;
        if route.label.x.is_finite() {
            lo = lo.min(route.label.x - half);
            hi = hi.max(route.label.x + half);
        }
    }
    (lo, hi)
}

#[allow(clippy::too_many_arguments)]
fn draw(
    model: &Model,
    a: &App,
    opts: &AppOptions,
    lay: &crate::layout::LayoutOutput,
    texts: &[FeatureText],
    user_lines: &[Line],
    step_texts: &[Vec<Line>],
    node: &dyn Fn(StepEnd) -> usize,
) -> String {
    let name = if a.label.is_empty() { &a.id } else { &a.label };
    let title = format!("App: {}", clip(name, MAX_LABEL_CHARS));
    let (legend_svg, lw, lh) = legend::app();
    // A step's label is centred on its route and may be wider than the
    // boxes beside it: the drawing is moved right and widened so no label
    // runs off the canvas.
    let (lo, hi) = step_label_extent(a, lay, step_texts, node);
    let dx = -lo;
    let width = (hi + dx)
        .max(lw + 2.0 * MARGIN)
        .max(crate::layout::text::width(&title, 16.0) * 1.07 + 2.0 * MARGIN);
    let height = TITLE_H + lay.height + lh + MARGIN;
    let mut out = String::with_capacity(8192);
    shapes::open_svg(&mut out, width, height, &title);
    let _ = writeln!(
        out,
        "<text class=\"title\" x=\"{}\" y=\"{}\" font-size=\"16\" font-weight=\"bold\" fill=\"{}\">{}</text>",
        num(MARGIN),
        num(MARGIN + 8.0),
        style::TEXT,
        xml(&title)
    );
    let shift = |r: &Rect| Rect {
        x: r.x + dx,
        y: r.y + TITLE_H,
        ..*r
    };

    // Steps first, so boxes lie on top of any line passing near them.
    let n = lay.nodes.len();
    let mut e = 0;
    for (s, lines) in a.steps.iter().zip(step_texts) {
        if node(s.from) >= n || node(s.to) >= n {
            continue;
        }
        let route = &lay.edges[e];
        e += 1;
        let end = |x: StepEnd| match x {
            StepEnd::User => a
                .user
                .and_then(|u| model.elements.get(u))
                .map_or("user".to_string(), |u| u.id.clone()),
            StepEnd::Feature(i) => a.features.get(i).map_or(String::new(), |f| f.id.clone()),
        };
        let _ = writeln!(
            out,
            "<g class=\"step\" data-from=\"{}\" data-to=\"{}\">",
            xml(&end(s.from)),
            xml(&end(s.to))
        );
        let pts: Vec<Point> = route
            .points
            .iter()
            .map(|p| Point {
                x: p.x + dx,
                y: p.y + TITLE_H,
            })
            .collect();
        shapes::arrow(&mut out, &pts, style::FLOW_STROKE, "1.6", false);
        if !lines.is_empty() {
            let (w, h) = (block_width(lines) + 8.0, block_height(lines) + 2.0);
            let c = Point {
                x: route.label.x + dx,
                y: route.label.y + TITLE_H,
            };
            let _ = writeln!(
                out,
                "<rect class=\"label-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" ry=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>",
                num(c.x - w / 2.0),
                num(c.y - h / 2.0),
                num(w),
                num(h)
            );
            text_block(&mut out, lines, c.x, c.y - h / 2.0 + 1.0, Anchor::Middle);
        }
        out.push_str("</g>\n");
    }

    // The user.
    let r = shift(&lay.nodes[0]);
    let uid = a
        .user
        .and_then(|u| model.elements.get(u))
        .map_or("", |u| u.id.as_str());
    let _ = writeln!(
        out,
        "<g class=\"user\" data-id=\"{}\" data-bbox=\"{} {} {} {}\">",
        xml(uid),
        num(r.x),
        num(r.y),
        num(r.width),
        num(r.height)
    );
    shapes::element_shape(
        &mut out,
        ElementType::Actor,
        &r,
        style::ACTOR_FILL,
        style::ELEMENT_STROKE,
        1.3,
    );
    text_block(
        &mut out,
        user_lines,
        r.x + r.width / 2.0,
        r.y + (r.height - block_height(user_lines)) / 2.0,
        Anchor::Middle,
    );
    out.push_str("</g>\n");

    for (i, (f, t)) in a.features.iter().zip(texts).enumerate() {
        let r = shift(&lay.nodes[i + 1]);
        feature(
            &mut out,
            f,
            t,
            &r,
            opts.feature_threats
                .get(&f.id)
                .copied()
                .unwrap_or((0, Severity::None)),
        );
    }
    let _ = writeln!(
        out,
        "<g class=\"legend\" transform=\"translate({} {})\">\n{legend_svg}</g>",
        num(MARGIN),
        num(TITLE_H + lay.height)
    );
    shapes::close_svg(&mut out);
    out
}

fn feature(
    out: &mut String,
    f: &Feature,
    t: &FeatureText,
    r: &Rect,
    (threats, worst): (usize, Severity),
) {
    let _ = writeln!(
        out,
        "<g class=\"feature\" data-id=\"{}\" data-threats=\"{threats}\" data-bbox=\"{} {} {} {}\">",
        xml(&f.id),
        num(r.x),
        num(r.y),
        num(r.width),
        num(r.height)
    );
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" ry=\"8\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"1.3\"/>",
        num(r.x),
        num(r.y),
        num(r.width),
        num(r.height),
        style::ELEMENT_STROKE
    );
    let hh = t.header_height();
    // Header band: rounded on top, square where it meets the body.
    let _ = writeln!(
        out,
        "<path d=\"M {x0} {yb} L {x0} {y8} A 8 8 0 0 1 {x8} {y0} L {x9} {y0} A 8 8 0 0 1 {x1} {y8} L {x1} {yb} Z\" fill=\"#e3eaf5\" stroke=\"{s}\" stroke-width=\"1.3\"/>",
        x0 = num(r.x),
        x1 = num(r.x + r.width),
        x8 = num(r.x + 8.0),
        x9 = num(r.x + r.width - 8.0),
        y0 = num(r.y),
        y8 = num(r.y + 8.0),
        yb = num(r.y + hh),
        s = style::ELEMENT_STROKE
    );
    text_block(
        out,
        &t.header,
        r.x + PAD,
        r.y + (hh - block_height(&t.header)) / 2.0,
        Anchor::Start,
    );
    let pw = t.pill_width();
    // The pill says how bad the worst open threat is, as the operational
    // diagram's badges do: red only for high.
    let (fill, fg) = if threats > 0 {
        style::severity_colours(worst)
    } else {
        ("#cfd8dc", style::TEXT)
    };
    let severity = if threats > 0 { worst.as_str() } else { "none" };
    let px = r.x + r.width - PAD - pw;
    let py = r.y + (hh - PILL_H) / 2.0;
    let _ = writeln!(
        out,
        "<g class=\"threat-count\" data-count=\"{threats}\" data-severity=\"{severity}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" ry=\"8\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\" font-size=\"9.5\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{fg}\">{}</text></g>",
        num(px),
        num(py),
        num(pw),
        num(PILL_H),
        num(px + pw / 2.0),
        num(py + PILL_H / 2.0 + 9.5 * 0.35),
        xml(&t.pill)
    );
    text_block(out, &t.body, r.x + PAD, r.y + hh + PAD, Anchor::Start);
    out.push_str("</g>\n");
}

/// A diagram with only a note, for an app that cannot be drawn.
fn empty(note: &str) -> String {
    let mut out = String::new();
    shapes::open_svg(&mut out, 300.0, 60.0, note);
    let _ = writeln!(
        out,
        "<text x=\"20.0\" y=\"35.0\" font-size=\"12\" fill=\"{}\">{}</text>",
        style::TEXT,
        xml(note)
    );
    shapes::close_svg(&mut out);
    out
}
