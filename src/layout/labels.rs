//! Label placement, the last legibility pass (see [`crate::layout::tidy`]):
//! every label is centred on a point of its own route — the middle first,
//! then points ever farther from it — choosing the first point where it
//! overlaps no element box and no label already placed and no other flow's
//! line passes under it; failing that, the point with the fewest such
//! conflicts.

use crate::layout::detour::crosses;
use crate::layout::grid::{Grid, Seen, extent};
use crate::layout::hierarchy::{EdgePlan, Hierarchy};
use crate::layout::tidy::LABEL_GAP;
use crate::layout::{EdgeRoute, LayoutInput, Point, Rect};

/// Fractions of a route tried for its label, best first.
const FRACTIONS: [f64; 17] = [
    0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.46, 0.54, 0.38, 0.62, 0.3, 0.7, 0.22,
    0.78,
];

/// Place every label on its own route; returns how many labels could only
/// be placed over a box or another label.
pub(crate) fn labels(
    input: &LayoutInput,
    h: &Hierarchy,
    nodes: &[Rect],
    boxes: &Grid,
    routes: &mut [EdgeRoute],
) -> usize {
    let mut overlapping = 0;
    // Segments of every route, indexed: (route, index of its first point),
    // read from the routes, whose points this pass does not move.
    let n_segs = routes
        .iter()
        .map(|r| r.points.len().saturating_sub(1))
        .sum();
    let mut segs: Vec<(u32, u32)> = Vec::with_capacity(n_segs);
    // Labels sit on the routes, so the routes and boxes span every grid.
    let span = extent(nodes, routes.iter().flat_map(|r| &r.points));
    let mut seg_grid = Grid::new(span);
    for (i, r) in routes.iter().enumerate() {
        for (k, w) in r.points.windows(2).enumerate() {
            if let (Ok(i), Ok(k)) = (u32::try_from(i), u32::try_from(k)) {
                seg_grid.insert_segment(segs.len(), w[0], w[1]);
                segs.push((i, k));
            }
        }
    }
    let seg = |s: usize| {
        let (i, k) = segs[s];
        let pts = &routes[i as usize].points[k as usize..];
        (i as usize, pts[0], pts[1])
    };
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let mut seen = Seen::new();
    let mut label_grid = Grid::new(span);
    let size = |i: usize| {
        let e = &input.edges[i];
        (
            crate::layout::geom::dim(e.label_width),
            crate::layout::geom::dim(e.label_height),
        )
    };
    // Self-loop labels stay beside their loops; they are obstacles.
    for (i, r) in routes.iter().enumerate() {
        let (w, hh) = size(i);
        if w > 0.0 && matches!(h.plans.get(i), Some(EdgePlan::SelfLoop { .. })) {
            let b = (
                r.label.x - w / 2.0,
                r.label.y - hh / 2.0,
                r.label.x + w / 2.0,
                r.label.y + hh / 2.0,
            );
            label_grid.insert(placed.len(), b.0, b.1, b.2, b.3);
            placed.push(b);
        }
    }
    let mut centres = Vec::with_capacity(routes.len());
    for (i, route) in routes.iter().enumerate() {
        let (w, hh) = size(i);
        if w <= 0.0 || hh <= 0.0 || matches!(h.plans.get(i), Some(EdgePlan::SelfLoop { .. })) {
            continue;
        }
        let pts = &route.points;
        if pts.len() < 2 {
            continue;
        }
        let along = Along::new(pts);
        let mut best = (usize::MAX, route.label);
        for &t in &FRACTIONS {
            let c = along.at(pts, t);
            let b = (c.x - w / 2.0, c.y - hh / 2.0, c.x + w / 2.0, c.y + hh / 2.0);
            let g = (
                b.0 - LABEL_GAP,
                b.1 - LABEL_GAP,
                b.2 + LABEL_GAP,
                b.3 + LABEL_GAP,
            );
            // A point no better than the best so far is not looked at
            // further (each query below stops as soon as the point's cost
            // reaches the best's): the choice is the same, at a fraction of
            // the cost.
            let mut on = 0;
            let worse = |on: usize| on.saturating_mul(1000) >= best.0;
            boxes.each_in_while(g.0, g.1, g.2, g.3, &mut seen, |n| {
                let r = &nodes[n];
                if g.0 < r.x + r.width && r.x < g.2 && g.1 < r.y + r.height && r.y < g.3 {
                    on += 1;
                }
                !worse(on)
            });
            if !worse(on) {
                label_grid.each_in_while(g.0, g.1, g.2, g.3, &mut seen, |l| {
                    let o = placed[l];
                    if g.0 < o.2 && o.0 < g.2 && g.1 < o.3 && o.1 < g.3 {
                        on += 1;
                    }
                    !worse(on)
                });
            }
            let mut cost = on * 1000;
            if cost >= best.0 {
                continue;
            }
            // Other flows' lines under (or within 4 px of) the label.
            let near = (b.0 - 4.0, b.1 - 4.0, b.2 + 4.0, b.3 + 4.0);
            seg_grid.each_in_while(near.0, near.1, near.2, near.3, &mut seen, |s| {
                let (j, a, b) = seg(s);
                if j != i && crosses(a, b, near) {
                    cost += 1;
                }
                cost < best.0
            });
            if cost < best.0 {
                best = (cost, c);
            }
            if cost == 0 {
                break;
            }
        }
        if best.0 >= 1000 {
            overlapping += 1;
        }
        let c = best.1;
        let b = (c.x - w / 2.0, c.y - hh / 2.0, c.x + w / 2.0, c.y + hh / 2.0);
        label_grid.insert(placed.len(), b.0, b.1, b.2, b.3);
        placed.push(b);
        centres.push((i, c));
    }
    for (i, c) in centres {
        routes[i].label = c;
    }
    overlapping
}

/// The lengths of a route's segments, measured once for all the points
/// its label tries.
struct Along {
    lens: Vec<f64>,
    total: f64,
}

impl Along {
    fn new(pts: &[Point]) -> Along {
        let lens: Vec<f64> = pts
            .windows(2)
            .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
            .collect();
        let total = lens.iter().sum();
        Along { lens, total }
    }

    /// The point at arc-length fraction `t` of `pts` (the route measured).
    fn at(&self, pts: &[Point], t: f64) -> Point {
        let mut left = self.total * t;
        for (w, &l) in pts.windows(2).zip(&self.lens) {
            if left <= l && l > 0.0 {
                let f = left / l;
                return Point {
                    x: w[0].x + (w[1].x - w[0].x) * f,
                    y: w[0].y + (w[1].y - w[0].y) * f,
                };
            }
            left -= l;
        }
        pts.last().copied().unwrap_or(Point { x: 0.0, y: 0.0 })
    }
}
