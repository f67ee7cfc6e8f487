//! Final edge routes in absolute coordinates. An input edge reuses the route
//! of its level edge (reversed if needed); where an endpoint is nested deeper
//! than the level, a straight segment from that node's border to the point
//! where the level route leaves the enclosing cluster box is added. Self
//! loops are drawn as small rectangular loops right of their node, inside
//! room reserved during layout.

use crate::layout::compose::Placement;
use crate::layout::geom::clip_to_border;
use crate::layout::hierarchy::{EdgePlan, Hierarchy, LOOP_BASE, LOOP_STEP};
use crate::layout::{EdgeRoute, LayoutInput, Point, Rect};

/// Build the route of every input edge.
pub(crate) fn routes(input: &LayoutInput, h: &Hierarchy, pl: &Placement) -> Vec<EdgeRoute> {
    input
        .edges
        .iter()
        .zip(&h.plans)
        .map(|(edge, plan)| {
            let (lw, lh) = (
                crate::layout::geom::dim(edge.label_width),
                crate::layout::geom::dim(edge.label_height),
            );
            match *plan {
                EdgePlan::SelfLoop { k, stack_y } => {
                    self_loop(&pl.node_rects[edge.from], h, edge.from, k, stack_y, lw, lh)
                }
                EdgePlan::Level {
                    container,
                    idx,
                    reversed,
                    stack_y,
                } => {
                    let local = &pl.locals[container];
                    let o = pl.origin[container];
                    let shift = |p: &Point| Point {
                        x: p.x + o.x,
                        y: p.y + o.y,
                    };
                    let mut pts: Vec<Point> = local
                        .routes
                        .get(idx)
                        .map(|r| r.iter().map(shift).collect())
                        .unwrap_or_default();
                    if reversed {
                        pts.reverse();
                    }
                    let src = &pl.node_rects[edge.from];
                    let dst = &pl.node_rects[edge.to];
                    attach(
                        &mut pts,
                        src,
                        dst,
                        [
                            h.node_parent[edge.from] == container,
                            h.node_parent[edge.to] == container,
                        ],
                    );
                    let (label_h, anchor) =
                        match (h.level_edges[container].get(idx), local.label_left.get(idx)) {
                            (Some(le), Some(a)) => (le.label_h, shift(a)),
                            _ => (0.0, crate::layout::geom::polyline_midpoint(&pts)),
                        };
                    let label = Point {
                        x: anchor.x + lw / 2.0,
                        y: anchor.y - label_h / 2.0 + stack_y + lh / 2.0,
                    };
                    EdgeRoute { points: pts, label }
                }
            }
        })
        .collect()
}

/// Connect a level route to the actual source and target node boxes.
/// `direct[i]` tells whether that endpoint is itself the level member (its
/// route end is then re-clipped to the real node box) or nested deeper (a
/// segment from the node to the route end is added).
fn attach(pts: &mut Vec<Point>, src: &Rect, dst: &Rect, direct: [bool; 2]) {
    if pts.len() < 2 {
        let a = crate::layout::geom::center(src);
        let b = crate::layout::geom::center(dst);
        *pts = vec![clip_to_border(src, b), clip_to_border(dst, a)];
        return;
    }
    if direct[0] {
        pts[0] = clip_to_border(src, pts[1]);
    } else {
        let p = clip_to_border(src, pts[0]);
        pts.insert(0, p);
    }
    let n = pts.len();
    if direct[1] {
        pts[n - 1] = clip_to_border(dst, pts[n - 2]);
    } else {
        let p = clip_to_border(dst, pts[n - 1]);
        pts.push(p);
    }
}

/// The `k`-th self loop of node `v` (box `r`).
fn self_loop(
    r: &Rect,
    h: &Hierarchy,
    v: usize,
    k: usize,
    stack_y: f64,
    lw: f64,
    lh: f64,
) -> EdgeRoute {
    let ext = LOOP_BASE + LOOP_STEP * k as f64;
    let max_ext = LOOP_BASE + LOOP_STEP * h.loop_count[v].saturating_sub(1) as f64;
    let right = r.x + r.width;
    let (y1, y2) = (r.y + r.height * 0.3, r.y + r.height * 0.7);
    let points = vec![
        Point { x: right, y: y1 },
        Point {
            x: right + ext,
            y: y1,
        },
        Point {
            x: right + ext,
            y: y2,
        },
        Point { x: right, y: y2 },
    ];
    let label = Point {
        x: right + max_ext + 4.0 + lw / 2.0,
        y: r.y + r.height / 2.0 - h.loop_label_h[v] / 2.0 + stack_y + lh / 2.0,
    };
    EdgeRoute { points, label }
}
