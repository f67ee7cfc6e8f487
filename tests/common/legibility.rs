//! Legibility metrics of a data-flow diagram, measured in the diagram's own
//! coordinates on a vastc operational SVG or a Graphviz `dot -Tsvg` SVG:
//!
//! - `through`: flows whose line passes through an element box (shrunk by
//!   3 px) that is not one of its ends;
//! - `detached`: flow labels farther than 20 px from their own line;
//! - `ambiguous`: flow labels that another flow's line passes as close as
//!   (within 3 px of) their own line;
//! - `shared`: pairs of flows drawn along a common stretch of 10 px or more;
//! - `overlaps`: flow labels overlapping another flow label or an element box;
//! - `titles`: flows whose line runs over a boundary's title text;
//! - `crossings`: pairs of line segments of different flows that cross;
//! - the drawing's width and height (its aspect ratio).
//!
//! Curves are approximated by 8 chords; text is estimated at 0.55 em per
//! character. Shared by `tests/legibility.rs` and `examples/legibility.rs`.

#![allow(dead_code)]

type Pt = (f64, f64);
/// `(x0, y0, x1, y1)`.
type Box4 = (f64, f64, f64, f64);

/// The measured figures of one diagram.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Metrics {
    pub through: usize,
    pub detached: usize,
    pub ambiguous: usize,
    pub shared: usize,
    pub overlaps: usize,
    pub titles: usize,
    pub crossings: usize,
    pub flows: usize,
    pub width: f64,
    pub height: f64,
}

impl Metrics {
    /// Longer side over shorter side (1 for an empty drawing).
    pub fn aspect(&self) -> f64 {
        let (a, b) = (self.width.max(self.height), self.width.min(self.height));
        if b > 0.0 { a / b } else { 1.0 }
    }
}

struct Flow {
    id: String,
    source: String,
    target: String,
    points: Vec<Pt>,
    label: Option<Box4>,
}

/// Every number in `s`, as the pattern `-?\d+(\.\d+)?(e-?\d+)?` finds them.
fn numbers(s: &str) -> Vec<f64> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let neg = b[i] == b'-' && i + 1 < b.len() && b[i + 1].is_ascii_digit();
        if !(b[i].is_ascii_digit() || neg) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let digits = |i: &mut usize| {
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
        };
        digits(&mut i);
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            digits(&mut i);
        }
        if i < b.len() && b[i] == b'e' {
            let mut j = i + 1;
            if j < b.len() && b[j] == b'-' {
                j += 1;
            }
            if j < b.len() && b[j].is_ascii_digit() {
                i = j;
                digits(&mut i);
            }
        }
        if let Ok(v) = s[start..i].parse() {
            out.push(v);
        }
    }
    out
}

/// Polyline of an absolute path with M, L and C commands.
fn path_points(d: &str) -> Vec<Pt> {
    let mut pts: Vec<Pt> = Vec::new();
    let cmds: Vec<(usize, char)> = d
        .char_indices()
        .filter(|(_, c)| "MLCZmlcz".contains(*c))
        .collect();
    for (k, &(at, cmd)) in cmds.iter().enumerate() {
        let end = cmds.get(k + 1).map_or(d.len(), |c| c.0);
        let n = numbers(&d[at + 1..end]);
        match cmd {
            'M' | 'L' => pts.extend(n.chunks_exact(2).map(|c| (c[0], c[1]))),
            'C' => {
                for c in n.chunks_exact(6) {
                    let p0 = pts.last().copied().unwrap_or((c[0], c[1]));
                    let (c1, c2, p3) = ((c[0], c[1]), (c[2], c[3]), (c[4], c[5]));
                    for s in 1..=8 {
                        let t = f64::from(s) / 8.0;
                        let u = 1.0 - t;
                        let f = |a: f64, b: f64, c: f64, d: f64| {
                            u * u * u * a
                                + 3.0 * u * u * t * b
                                + 3.0 * u * t * t * c
                                + t * t * t * d
                        };
                        pts.push((f(p0.0, c1.0, c2.0, p3.0), f(p0.1, c1.1, c2.1, p3.1)));
                    }
                }
            }
            _ => {}
        }
    }
    pts
}

fn class_has(n: roxmltree::Node, c: &str) -> bool {
    n.attribute("class")
        .is_some_and(|v| v.split_whitespace().any(|w| w == c))
}

fn attr(n: roxmltree::Node, a: &str) -> f64 {
    n.attribute(a)
        .and_then(|v| numbers(v).first().copied())
        .unwrap_or(0.0)
}

fn text_of(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

fn text_rect(n: roxmltree::Node, default_size: f64) -> Box4 {
    let chars = text_of(n).chars().count() as f64;
    let (x, y) = (attr(n, "x"), attr(n, "y"));
    let fs = n
        .attribute("font-size")
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| *v != 0.0)
        .unwrap_or(default_size);
    let (w, h) = (0.55 * fs * chars, fs);
    let x0 = match n.attribute("text-anchor") {
        Some("middle") => x - w / 2.0,
        Some("end") => x - w,
        _ => x,
    };
    (x0, y - 0.8 * h, x0 + w, y + 0.2 * h)
}

fn bbox_of(n: roxmltree::Node) -> Option<Box4> {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for c in n.descendants().filter(|c| c.is_element()) {
        match c.tag_name().name() {
            "polygon" | "polyline" => {
                let v = numbers(c.attribute("points").unwrap_or(""));
                xs.extend(v.iter().step_by(2));
                ys.extend(v.iter().skip(1).step_by(2));
            }
            "ellipse" => {
                let (cx, cy, rx, ry) = (attr(c, "cx"), attr(c, "cy"), attr(c, "rx"), attr(c, "ry"));
                xs.extend([cx - rx, cx + rx]);
                ys.extend([cy - ry, cy + ry]);
            }
            "rect" => {
                let (x, y) = (attr(c, "x"), attr(c, "y"));
                xs.extend([x, x + attr(c, "width")]);
                ys.extend([y, y + attr(c, "height")]);
            }
            "path" => {
                for p in path_points(c.attribute("d").unwrap_or("")) {
                    xs.push(p.0);
                    ys.push(p.1);
                }
            }
            _ => {}
        }
    }
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (!xs.is_empty()).then(|| (min(&xs), min(&ys), max(&xs), max(&ys)))
}

type Parsed = (Vec<(String, Box4)>, Vec<Flow>, Vec<Box4>, (f64, f64));

fn child<'a, 'i>(
    g: roxmltree::Node<'a, 'i>,
    name: &str,
    ok: impl Fn(roxmltree::Node) -> bool,
) -> Option<roxmltree::Node<'a, 'i>> {
    g.children()
        .find(|c| c.is_element() && c.tag_name().name() == name && ok(*c))
}

fn size(root: roxmltree::Node) -> (f64, f64) {
    if let Some(vb) = root.attribute("viewBox") {
        let v = numbers(vb);
        if v.len() == 4 {
            return (v[2], v[3]);
        }
    }
    (attr(root, "width"), attr(root, "height"))
}

fn parse(svg: &str) -> Result<Parsed, String> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, opts).map_err(|e| e.to_string())?;
    let (mut nodes, mut flows, mut titles) = (Vec::new(), Vec::new(), Vec::new());
    let groups: Vec<_> = doc
        .descendants()
        .filter(|g| g.is_element() && g.tag_name().name() == "g")
        .filter(|g| g.attribute("class").is_some_and(|c| !c.trim().is_empty()))
        .collect();
    let gv = groups.iter().any(|g| g.attribute("class") == Some("node"));
    let any = |_: roxmltree::Node| true;
    for g in groups {
        if gv {
            let title = child(g, "title", any).map(text_of).unwrap_or_default();
            if class_has(g, "node") {
                if let Some(b) = bbox_of(g) {
                    nodes.push((title, b));
                }
            } else if class_has(g, "edge") {
                let (src, dst) = title.split_once("->").unwrap_or((&title, ""));
                flows.push(Flow {
                    id: title.clone(),
                    source: src.to_string(),
                    target: dst.to_string(),
                    points: child(g, "path", any)
                        .map(|p| path_points(p.attribute("d").unwrap_or("")))
                        .unwrap_or_default(),
                    label: child(g, "text", any).map(|t| text_rect(t, 9.0)),
                });
            } else if class_has(g, "cluster") {
                titles.extend(child(g, "text", any).map(|t| text_rect(t, 14.0)));
            }
        } else if class_has(g, "element") && g.attribute("data-bbox").is_some() {
            let v = numbers(g.attribute("data-bbox").unwrap_or(""));
            if v.len() == 4 {
                let id = g.attribute("data-id").unwrap_or("").to_string();
                nodes.push((id, (v[0], v[1], v[0] + v[2], v[1] + v[3])));
            }
        } else if class_has(g, "flow") {
            let line = child(g, "path", |p| !class_has(p, "arrow-head"));
            let bg = child(g, "rect", |r| class_has(r, "label-bg"));
            let s = |a: &str| g.attribute(a).unwrap_or("").to_string();
            flows.push(Flow {
                id: s("data-id"),
                source: s("data-source"),
                target: s("data-target"),
                points: line
                    .map(|p| path_points(p.attribute("d").unwrap_or("")))
                    .unwrap_or_default(),
                label: bg.map(|r| {
                    let (x, y) = (attr(r, "x"), attr(r, "y"));
                    (x, y, x + attr(r, "width"), y + attr(r, "height"))
                }),
            });
        } else if class_has(g, "boundary") {
            titles.extend(child(g, "text", any).map(|t| text_rect(t, 12.0)));
        }
    }
    // Graphviz names a node once per title; a later group replaces it.
    Ok((nodes, flows, titles, size(doc.root_element())))
}

/// Does segment `p`-`q` pass through rectangle `r` (Liang-Barsky)?
fn seg_rect(p: Pt, q: Pt, r: Box4) -> bool {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (pp, qq) in [
        (-dx, p.0 - r.0),
        (dx, r.2 - p.0),
        (-dy, p.1 - r.1),
        (dy, r.3 - p.1),
    ] {
        if pp == 0.0 {
            if qq < 0.0 {
                return false;
            }
        } else {
            let t = qq / pp;
            if pp < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

fn shrink(r: Box4, d: f64) -> Box4 {
    (r.0 + d, r.1 + d, r.2 - d, r.3 - d)
}

fn rect_dist(r: Box4, pts: &[Pt]) -> f64 {
    let mut best = f64::INFINITY;
    for w in pts.windows(2) {
        let (p, q) = (w[0], w[1]);
        if seg_rect(p, q, r) {
            return 0.0;
        }
        for k in 0..=10 {
            let t = f64::from(k) / 10.0;
            let (x, y) = (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1));
            let dx = (r.0 - x).max(0.0).max(x - r.2);
            let dy = (r.1 - y).max(0.0).max(y - r.3);
            best = best.min(dx.hypot(dy));
        }
    }
    best
}

fn overlap(a: Box4, b: Box4) -> bool {
    let tol = 1.0;
    a.0 < b.2 - tol && b.0 < a.2 - tol && a.1 < b.3 - tol && b.1 < a.3 - tol
}

fn orient(a: Pt, b: Pt, c: Pt) -> i32 {
    let v = (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
    if v.abs() < 1e-9 {
        0
    } else if v > 0.0 {
        1
    } else {
        -1
    }
}

fn cross(p1: Pt, p2: Pt, p3: Pt, p4: Pt) -> bool {
    orient(p1, p2, p3) * orient(p1, p2, p4) < 0 && orient(p3, p4, p1) * orient(p3, p4, p2) < 0
}

/// Length along which segment `p3`-`p4` lies on segment `p1`-`p2` (within 1 px).
fn collinear_overlap(p1: Pt, p2: Pt, p3: Pt, p4: Pt) -> f64 {
    let (dx, dy) = (p2.0 - p1.0, p2.1 - p1.1);
    let l = dx.hypot(dy);
    if l < 1e-9 {
        return 0.0;
    }
    let (ux, uy) = (dx / l, dy / l);
    let off = |p: Pt| ((p.0 - p1.0) * uy - (p.1 - p1.1) * ux).abs();
    if off(p3) > 1.0 || off(p4) > 1.0 {
        return 0.0;
    }
    let along = |p: Pt| (p.0 - p1.0) * ux + (p.1 - p1.1) * uy;
    let (a, b) = (along(p3).min(along(p4)), along(p3).max(along(p4)));
    (b.min(l) - a.max(0.0)).max(0.0)
}

/// The metrics of one SVG document.
pub fn measure(svg: &str) -> Result<Metrics, String> {
    let (nodes, flows, titles, (width, height)) = parse(svg)?;
    let mut m = Metrics {
        flows: flows.len(),
        width,
        height,
        ..Metrics::default()
    };
    for (i, f) in flows.iter().enumerate() {
        let segs: Vec<(Pt, Pt)> = f.points.windows(2).map(|w| (w[0], w[1])).collect();
        let hits = |r: Box4| segs.iter().any(|&(p, q)| seg_rect(p, q, r));
        if nodes
            .iter()
            .any(|(n, b)| *n != f.source && *n != f.target && hits(shrink(*b, 3.0)))
        {
            m.through += 1;
        }
        if titles.iter().any(|r| hits(shrink(*r, 1.0))) {
            m.titles += 1;
        }
        if let Some(lab) = f.label {
            let own = rect_dist(lab, &f.points);
            if own > 20.0 {
                m.detached += 1;
            }
            if flows.iter().any(|g| {
                g.id != f.id && !g.points.is_empty() && rect_dist(lab, &g.points) <= own + 3.0
            }) {
                m.ambiguous += 1;
            }
            let on_box = nodes.iter().any(|(_, b)| overlap(lab, *b));
            let on_label = flows
                .iter()
                .enumerate()
                .any(|(j, g)| j != i && g.label.is_some_and(|l| overlap(lab, l)));
            if on_box || on_label {
                m.overlaps += 1;
            }
        }
    }
    let segs: Vec<(usize, Pt, Pt)> = flows
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.points.windows(2).map(move |w| (i, w[0], w[1])))
        .collect();
    let boxes: Vec<Box4> = segs
        .iter()
        .map(|&(_, p, q)| (p.0.min(q.0), p.1.min(q.1), p.0.max(q.0), p.1.max(q.1)))
        .collect();
    let mut order: Vec<usize> = (0..segs.len()).collect();
    order.sort_by(|&a, &b| boxes[a].0.total_cmp(&boxes[b].0));
    let mut shared = std::collections::BTreeSet::new();
    for (k, &a) in order.iter().enumerate() {
        let ba = boxes[a];
        for &b in &order[k + 1..] {
            let bb = boxes[b];
            if bb.0 > ba.2 + 1.0 {
                break;
            }
            if segs[a].0 == segs[b].0 || bb.1 > ba.3 + 1.0 || bb.3 < ba.1 - 1.0 {
                continue;
            }
            let (sa, sb) = (segs[a], segs[b]);
            let strict = bb.0 <= ba.2 && bb.1 <= ba.3 && bb.3 >= ba.1;
            if strict && cross(sa.1, sa.2, sb.1, sb.2) {
                m.crossings += 1;
            }
            if collinear_overlap(sa.1, sa.2, sb.1, sb.2) >= 10.0 {
                shared.insert((sa.0.min(sb.0), sa.0.max(sb.0)));
            }
        }
    }
    m.shared = shared.len();
    Ok(m)
}
