//! Final edge routes in absolute coordinates. An input edge reuses the route
//! of its level edge (reversed if needed); where an endpoint is nested deeper
//! than the level, a straight segment from that node's border to the point
//! where the level route leaves the enclosing cluster box is added. Self
//! loops are drawn as small rectangular loops right of their node, inside
//! room reserved during layout.

use crate::layout::compose::Placement;
use crate::layout::geom::clip_to_border;
use crate::layout::hierarchy::{EdgePlan, Hierarchy, LOOP_BASE, LOOP_STEP, Member};
use crate::layout::{EdgeRoute, LayoutInput, Point, Rect};

/// Build the route of every input edge.
pub(crate) fn routes(input: &LayoutInput, h: &Hierarchy, pl: &Placement) -> Vec<EdgeRoute> {
    let subtree = subtree_nodes(h);
    input
        .edges
        .iter()
        .zip(&h.plans)
        .enumerate()
        .map(|(e, (edge, plan))| {
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
                    let direct = [
                        h.node_parent[edge.from] == container,
                        h.node_parent[edge.to] == container,
                    ];
                    let (out, inn) = exit_paths(input, h, pl, e);
                    let (out, inn) = (out.filter(|_| !direct[0]), inn.filter(|_| !direct[1]));
                    // A bundle's one bend (its label's place) would draw the
                    // flows leaving their own exits together into one point,
                    // and a single flow's bend would zigzag between its
                    // exits. But flows of their own between the same two
                    // members of this level, one of them an element, keep
                    // their bends: they fan out from that element to their
                    // labels, each on its own line, instead of leaving it in
                    // lanes too close for their labels.
                    let level = &h.level_edges[container];
                    let fans = |le: &crate::layout::hierarchy::LevelEdge| {
                        let alone = le.flows.is_some_and(|f| f[0] + f[1] == 1);
                        let parallel = level
                            .iter()
                            .filter(|o| {
                                (o.a.min(o.b), o.a.max(o.b)) == (le.a.min(le.b), le.a.max(le.b))
                            })
                            .count();
                        alone && parallel > 1 && (direct[0] || direct[1])
                    };
                    let exits = out.is_some() || inn.is_some();
                    if pts.len() == 3 && exits && !level.get(idx).is_some_and(fans) {
                        pts.remove(1);
                    }
                    if pts.len() >= 2 {
                        if let Some(out) = &out {
                            pts.splice(0..1, out.iter().copied());
                        } else if !direct[0] {
                            pts[0] = port(&subtree, h, pl, edge.from, container, pts[0], pts[1]);
                        }
                        if let Some(inn) = &inn {
                            let n = pts.len();
                            pts.splice(n - 1..n, inn.iter().rev().copied());
                        } else if !direct[1] {
                            let n = pts.len();
                            pts[n - 1] =
                                port(&subtree, h, pl, edge.to, container, pts[n - 1], pts[n - 2]);
                        }
                    }
                    attach(&mut pts, src, dst, direct);
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

/// The exit paths of input edge `e`'s source and target (from the node's
/// side outwards), where its containers were laid out with terminals.
fn exit_paths(
    input: &LayoutInput,
    h: &Hierarchy,
    pl: &Placement,
    e: usize,
) -> (Option<Vec<Point>>, Option<Vec<Point>>) {
    let Some(ex) = &pl.exits else {
        return (None, None);
    };
    let Some([from, to]) = ex.sides.get(e) else {
        return (None, None);
    };
    (
        crate::layout::exits::path(input, h, pl, ex, from),
        crate::layout::exits::path(input, h, pl, ex, to),
    )
}

/// Largest number of nodes inside a cluster box for which exit ports are
/// searched; bigger boxes keep the level route's own port (speed).
const PORT_SEARCH_MAX_NODES: usize = 120;
/// Candidate ports per side of a cluster box.
const PORT_CANDIDATES: usize = 9;

/// Where the edge of nested node `v` leaves the box of its ancestor that is
/// a direct member of `container`. The level route leaves that box at
/// `current`, heading for `next`; a port on the same side is chosen so that
/// the straight segments node → port → `next` cross as few node boxes as
/// possible, then are short. Different nodes of one box thus get different
/// ports instead of all meeting at one point.
fn port(
    subtree: &[Vec<usize>],
    h: &Hierarchy,
    pl: &Placement,
    v: usize,
    container: usize,
    current: Point,
    next: Point,
) -> Point {
    // The ancestor cluster of `v` that is a member of `container`.
    let mut c = h.node_parent[v];
    while c < h.n_clusters && h.cluster_parent[c] != container {
        c = h.cluster_parent[c];
    }
    if c >= h.n_clusters {
        return current;
    }
    let bx = pl.cluster_rects[c];
    // Nodes inside the box, and the container's own nodes outside it.
    let inside = &subtree[c];
    let direct = h.members[container].iter().filter_map(|m| match *m {
        Member::Node(n) => Some(n),
        Member::Cluster(_) => None,
    });
    if inside.len() > PORT_SEARCH_MAX_NODES {
        return current;
    }
    let obstacles: Vec<usize> = inside
        .iter()
        .copied()
        .chain(direct.take(PORT_SEARCH_MAX_NODES))
        .filter(|&n| n != v)
        .collect();
    let node = &pl.node_rects[v];
    let centre = crate::layout::geom::center(node);
    // Side of the box the route leaves through.
    let d = [
        (current.y - bx.y).abs(),
        (current.y - (bx.y + bx.height)).abs(),
        (current.x - bx.x).abs(),
        (current.x - (bx.x + bx.width)).abs(),
    ];
    let side = (0..4).min_by(|&a, &b| d[a].total_cmp(&d[b])).unwrap_or(0);
    let inset = 10.0f64;
    let mut candidates = vec![current];
    for k in 0..PORT_CANDIDATES {
        let t = k as f64 / (PORT_CANDIDATES - 1) as f64;
        let p = match side {
            0 | 1 => {
                let span = (bx.width - 2.0 * inset).max(0.0);
                Point {
                    x: bx.x + inset + span * t,
                    y: if side == 0 { bx.y } else { bx.y + bx.height },
                }
            }
            _ => {
                let span = (bx.height - 2.0 * inset).max(0.0);
                Point {
                    x: if side == 2 { bx.x } else { bx.x + bx.width },
                    y: bx.y + inset + span * t,
                }
            }
        };
        candidates.push(p);
    }
    // The port straight "below" the node (projected onto the side) is a
    // natural choice when nothing is in the way.
    candidates.push(match side {
        0 | 1 => Point {
            x: centre
                .x
                .clamp(bx.x + inset, (bx.x + bx.width - inset).max(bx.x + inset)),
            y: current.y,
        },
        _ => Point {
            x: current.x,
            y: centre
                .y
                .clamp(bx.y + inset, (bx.y + bx.height - inset).max(bx.y + inset)),
        },
    });
    let dist = crate::layout::geom::dist;
    let cost = |p: Point| {
        let start = clip_to_border(node, p);
        let hits = obstacles
            .iter()
            .filter(|&&o| {
                let r = &pl.node_rects[o];
                segment_hits(start, p, r) || segment_hits(p, next, r)
            })
            .count();
        hits as f64 * 1.0e6 + dist(centre, p) + dist(p, next)
    };
    let mut best = current;
    let mut best_cost = f64::INFINITY;
    for p in candidates {
        let c = cost(p);
        if c < best_cost {
            best = p;
            best_cost = c;
        }
    }
    best
}

/// Nodes inside every cluster, nested ones included, in node order.
fn subtree_nodes(h: &Hierarchy) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); h.n_clusters];
    for (n, &p) in h.node_parent.iter().enumerate() {
        let mut c = p;
        while c < h.n_clusters {
            out[c].push(n);
            c = h.cluster_parent[c];
        }
    }
    out
}

/// Does segment `a`–`b` pass through the interior of `r` (shrunk by 1)?
fn segment_hits(a: Point, b: Point, r: &Rect) -> bool {
    let (x0, y0, x1, y1) = (
        r.x + 1.0,
        r.y + 1.0,
        r.x + r.width - 1.0,
        r.y + r.height - 1.0,
    );
    if x1 <= x0 || y1 <= y0 {
        return false;
    }
    // Liang–Barsky clipping.
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.x - x0),
        (dx, x1 - a.x),
        (-dy, a.y - y0),
        (dy, y1 - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
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
