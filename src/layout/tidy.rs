//! Legibility passes over the finished routes, in order:
//!
//! 1. **Spread**: edges merged into one level edge (parallel flows between
//!    the same two members) share one route; each gets its own lane, shifted
//!    sideways by [`LANE`] px, so no two flows are drawn along one line.
//! 2. **Detour**: a segment passing through an element box that is not one
//!    of its ends is replaced by a walk around that box (the shorter way
//!    round its border, [`CLEARANCE`](crate::layout::detour::CLEARANCE) px
//!    off it); repeated a few times per route for boxes met on the new
//!    walk (`detour`). In small drawings a walk that crosses other routes
//!    tries the other gaps (`cut`).
//! 3. **Labels** (`labels`): every label is centred on a point of its own
//!    route — the middle first, then points ever farther from it —
//!    choosing the first point where it overlaps no element box and no
//!    label already placed and no other flow's line passes under it;
//!    failing that, the point with the fewest such conflicts. A label is
//!    therefore always on its own line.
//!
//! Boxes, labels and segments are found through uniform grids
//! ([`crate::layout::grid`]), so the passes stay near linear in the
//! drawing's size.

use crate::layout::detour::{Met, Scene, detour};
use crate::layout::grid::{Grid, Seen, extent};
use crate::layout::hierarchy::{EdgePlan, Hierarchy};
use crate::layout::{EdgeRoute, LayoutInput, Point, Rect};
use foldhash::HashMap;
use foldhash::HashMapExt;

/// Distance between the lanes of parallel flows.
const LANE: f64 = 7.0;
/// Space kept between a label and a box or another label.
pub(crate) const LABEL_GAP: f64 = 2.0;
/// The obstacles routes keep clear of, and their grid, for [`labels`].
pub(crate) struct Obstacles {
    rects: Vec<Rect>,
    grid: Grid,
}

/// Run the first two passes over `routes` (the third, [`labels`], only
/// places labels, so a layout that cannot win is scored without it).
/// Element boxes and boundary titles are the obstacles; `clusters` are the
/// boundary boxes, whose titles sit in their top-left corner.
pub(crate) fn lines(
    input: &LayoutInput,
    h: &Hierarchy,
    nodes: &[Rect],
    clusters: &[Rect],
    routes: &mut [EdgeRoute],
) -> Obstacles {
    spread(input, h, nodes, routes);
    let pad = crate::layout::compose::CLUSTER_PAD;
    let titles = clusters.iter().zip(&input.clusters).map(|(r, c)| Rect {
        x: r.x + pad,
        y: r.y + pad,
        width: crate::layout::geom::dim(c.label_width).min((r.width - 2.0 * pad).max(0.0)),
        height: crate::layout::geom::dim(c.label_height),
    });
    let obstacles: Vec<Rect> = nodes.iter().copied().chain(titles).collect();
    let points = routes.iter().flat_map(|r| &r.points);
    let mut grid = Grid::new(extent(&obstacles, points));
    for (i, r) in obstacles.iter().enumerate() {
        grid.insert(i, r.x, r.y, r.x + r.width, r.y + r.height);
    }
    let mut seen = Seen::new();
    let mut met = Met::new(true);
    let small = input.nodes.len() <= crate::layout::hierarchy::SMALL_DRAWING;
    for (i, e) in input.edges.iter().enumerate() {
        if !matches!(h.plans.get(i), Some(EdgePlan::SelfLoop { .. })) {
            let ends = (e.from, e.to);
            // Taken out while detoured, so the others are the rest.
            let mut pts = std::mem::take(&mut routes[i].points);
            let scene = Scene {
                nodes: &obstacles,
                grid: &grid,
                others: small.then_some(&*routes),
            };
            detour(&mut pts, ends, i, &scene, &mut seen, &mut met);
            routes[i].points = pts;
        }
    }
    Obstacles {
        rects: obstacles,
        grid,
    }
}

/// The third pass: places every label on its own route; returns how many
/// could only be placed over a box or another label.
pub(crate) fn labels(
    input: &LayoutInput,
    h: &Hierarchy,
    obstacles: &Obstacles,
    routes: &mut [EdgeRoute],
) -> usize {
    crate::layout::labels::labels(input, h, &obstacles.rects, &obstacles.grid, routes)
}

/// Give every edge of a merged level edge its own lane.
fn spread(input: &LayoutInput, h: &Hierarchy, nodes: &[Rect], routes: &mut [EdgeRoute]) {
    let mut groups: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, plan) in h.plans.iter().enumerate() {
        if let EdgePlan::Level { container, idx, .. } = *plan {
            groups.entry((container, idx)).or_default().push(i);
        }
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let n = members.len() as f64;
        let members = lane_order(h, members, routes);
        for (k, &i) in members.iter().enumerate() {
            let reversed = matches!(h.plans[i], EdgePlan::Level { reversed: true, .. });
            let pts = &mut routes[i].points;
            let (Some(&a), Some(&b)) = (pts.first(), pts.last()) else {
                continue;
            };
            let (a, b) = if reversed { (b, a) } else { (a, b) };
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let len = dx.hypot(dy);
            if len < 1e-9 {
                continue;
            }
            let off = (k as f64 - (n - 1.0) / 2.0) * LANE;
            let (ox, oy) = (-dy / len * off, dx / len * off);
            for p in pts.iter_mut() {
                p.x += ox;
                p.y += oy;
            }
            let e = &input.edges[i];
            let last = pts.len() - 1;
            pts[0] = clamp_into(pts[0], &nodes[e.from]);
            pts[last] = clamp_into(pts[last], &nodes[e.to]);
        }
    }
}

/// The edges of one merged level edge in lane order: sorted by where their
/// two ends lie across the shared direction, so the lanes keep the order of
/// the ends and flows fanning in and out of the bundle do not cross.
fn lane_order(h: &Hierarchy, members: &[usize], routes: &[EdgeRoute]) -> Vec<usize> {
    let ends = |i: usize| {
        let pts = &routes[i].points;
        let (a, b) = (pts.first().copied(), pts.last().copied());
        let reversed = matches!(h.plans[i], EdgePlan::Level { reversed: true, .. });
        if reversed { (b, a) } else { (a, b) }
    };
    let (mut dx, mut dy) = (0.0, 0.0);
    for &i in members {
        if let (Some(a), Some(b)) = ends(i) {
            dx += b.x - a.x;
            dy += b.y - a.y;
        }
    }
    let mut keyed: Vec<(f64, usize)> = members
        .iter()
        .map(|&i| match ends(i) {
            (Some(a), Some(b)) => (-dy * (a.x + b.x) + dx * (a.y + b.y), i),
            _ => (0.0, i),
        })
        .collect();
    keyed.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// `p` moved into `r` (onto its border when it was outside).
fn clamp_into(p: Point, r: &Rect) -> Point {
    Point {
        x: p.x.clamp(r.x, r.x + r.width.max(0.0)),
        y: p.y.clamp(r.y, r.y + r.height.max(0.0)),
    }
}
