//! Legibility passes over the finished routes, in order:
//!
//! 1. **Spread**: edges merged into one level edge (parallel flows between
//!    the same two members) share one route; each gets its own lane, shifted
//!    sideways by [`LANE`] px, so no two flows are drawn along one line.
//! 2. **Detour**: a segment passing through an element box that is not one
//!    of its ends is replaced by a walk around that box (the shorter way
//!    round its border, [`CLEARANCE`] px off it); repeated a few times per
//!    route for boxes met on the new walk.
//! 3. **Labels** (`labels`): every label is centred on a point of its own route — the
//!    middle first, then points ever farther from it — choosing the first
//!    point where it overlaps no element box and no label already placed and
//!    no other flow's line passes under it; failing that, the point with the
//!    fewest such conflicts. A label is therefore always on its own line.
//!
//! Boxes, labels and segments are found through uniform grids
//! ([`crate::layout::grid`]), so the passes stay near linear in the
//! drawing's size.

use crate::layout::grid::{Grid, Seen, extent};
use crate::layout::hierarchy::{EdgePlan, Hierarchy};
use crate::layout::{EdgeRoute, LayoutInput, Point, Rect};
use foldhash::HashMap;
use foldhash::HashMapExt;

/// Distance between the lanes of parallel flows.
const LANE: f64 = 7.0;
/// Gap between a detour and the box it walks around.
const CLEARANCE: f64 = 8.0;
/// Detours tried per route.
const MAX_DETOURS: usize = 24;
/// Boxes merged into one obstacle at most.
const MAX_MERGES: usize = 8;
/// Space kept between a label and a box or another label.
pub(crate) const LABEL_GAP: f64 = 2.0;
/// Run the three passes over `routes`; returns how many labels could only
/// be placed over a box or another label.
/// Element boxes and boundary titles are the obstacles; `clusters` are the
/// boundary boxes, whose titles sit in their top-left corner.
pub(crate) fn tidy(
    input: &LayoutInput,
    h: &Hierarchy,
    nodes: &[Rect],
    clusters: &[Rect],
    routes: &mut [EdgeRoute],
) -> usize {
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
    for (i, (e, route)) in input.edges.iter().zip(routes.iter_mut()).enumerate() {
        if !matches!(h.plans.get(i), Some(EdgePlan::SelfLoop { .. })) {
            let ends = (e.from, e.to);
            detour(&mut route.points, ends, i, &obstacles, &grid, &mut seen);
        }
    }
    crate::layout::labels::labels(input, h, &obstacles, &grid, routes)
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

/// Segment `a`-`b` against the box `(x0, y0, x1, y1)`: the parameters where
/// it enters and leaves, when it passes through the interior.
fn clip(a: Point, b: Point, x0: f64, y0: f64, x1: f64, y1: f64) -> Option<(f64, f64)> {
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.x - x0),
        (dx, x1 - a.x),
        (-dy, a.y - y0),
        (dy, y1 - a.y),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 >= t1 {
                return None;
            }
        }
    }
    Some((t0, t1))
}

/// `p` moved to the nearest side of the box when inside it.
fn onto_border(p: Point, r: (f64, f64, f64, f64)) -> Point {
    let d = [p.y - r.1, r.2 - p.x, r.3 - p.y, p.x - r.0];
    if d.iter().any(|&v| v < 0.0) {
        return p;
    }
    match (0..4).min_by(|&a, &b| d[a].total_cmp(&d[b])).unwrap_or(0) {
        0 => Point { x: p.x, y: r.1 },
        1 => Point { x: r.2, y: p.y },
        2 => Point { x: p.x, y: r.3 },
        _ => Point { x: r.0, y: p.y },
    }
}

/// Position of `p` (on the border of `r`) along the border, clockwise from
/// the top-left corner.
fn perimeter_pos(p: Point, r: (f64, f64, f64, f64)) -> f64 {
    let (x0, y0, x1, y1) = r;
    let (w, h) = (x1 - x0, y1 - y0);
    let d = [
        (p.y - y0).abs(),
        (p.x - x1).abs(),
        (p.y - y1).abs(),
        (p.x - x0).abs(),
    ];
    let side = (0..4).min_by(|&a, &b| d[a].total_cmp(&d[b])).unwrap_or(0);
    match side {
        0 => (p.x - x0).clamp(0.0, w),
        1 => w + (p.y - y0).clamp(0.0, h),
        2 => w + h + (x1 - p.x).clamp(0.0, w),
        _ => 2.0 * w + h + (y1 - p.y).clamp(0.0, h),
    }
}

/// The smallest id near segment `a`-`b` (as [`Grid::each_along`] finds
/// them) that `keep` accepts: the first box a search in id order meets.
fn first_along(
    grid: &Grid,
    seen: &mut Seen,
    a: Point,
    b: Point,
    mut keep: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let mut first: Option<usize> = None;
    grid.each_along(a, b, seen, |n| {
        if first.is_none_or(|f| n < f) && keep(n) {
            first = Some(n);
        }
    });
    first
}

/// The interior of box `r` (1 px in from its border) as (x0, y0, x1, y1).
fn interior(r: &Rect) -> (f64, f64, f64, f64) {
    (
        r.x + 1.0,
        r.y + 1.0,
        r.x + r.width - 1.0,
        r.y + r.height - 1.0,
    )
}

/// Walk round every element box a route passes through; `ends` are the
/// boxes the route joins, which it may enter.
fn detour(
    pts: &mut Vec<Point>,
    ends: (usize, usize),
    lane: usize,
    nodes: &[Rect],
    grid: &Grid,
    seen: &mut Seen,
) {
    let (from, to) = ends;
    // Flows walking round one box keep apart.
    let gap = CLEARANCE + (lane % 5) as f64 * 3.0;
    // Bend points inside another box are first moved out of it, in id
    // order (a point lies in one grid cell, whose ids are in that order).
    let n = pts.len();
    let mut near: Vec<usize> = Vec::new();
    for p in pts.iter_mut().take(n.saturating_sub(1)).skip(1) {
        near.clear();
        grid.each_in(p.x, p.y, p.x, p.y, seen, |m| near.push(m));
        near.sort_unstable();
        for &m in &near {
            let r = &nodes[m];
            let inside = p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height;
            if m != from && m != to && inside {
                let grown = (
                    r.x - gap,
                    r.y - gap,
                    r.x + r.width + gap,
                    r.y + r.height + gap,
                );
                *p = onto_border(*p, grown);
            }
        }
    }
    // Boxes no walk gets round (an end of the segment lies by them): left
    // so the boxes after them are still walked round.
    let mut stuck: Vec<usize> = Vec::new();
    // Segments before the last one hit stay clear (they do not change and
    // stuck boxes only leave the search), so each search resumes there.
    let mut clear = 0;
    for _ in 0..MAX_DETOURS {
        let hit = (clear..pts.len().saturating_sub(1)).find_map(|s| {
            let (a, b) = (pts[s], pts[s + 1]);
            first_along(grid, seen, a, b, |n| {
                n != from && n != to && !stuck.contains(&n) && {
                    let r = interior(&nodes[n]);
                    clip(a, b, r.0, r.1, r.2, r.3).is_some()
                }
            })
            .map(|n| (s, n))
        });
        let Some((s, n)) = hit else {
            return;
        };
        clear = s;
        let (a, b) = (pts[s], pts[s + 1]);
        let r = &nodes[n];
        let mut obstacle = (r.x, r.y, r.x + r.width, r.y + r.height);
        let mut walk = None;
        // Boxes the walk runs into are merged into the obstacle (a row of
        // boxes is walked round as one).
        for _ in 0..MAX_MERGES {
            let Some(w) = walk_round(a, b, obstacle, gap) else {
                break;
            };
            let blocker = w.windows(2).find_map(|seg| {
                let (p, q) = (seg[0], seg[1]);
                first_along(grid, seen, p, q, |m| {
                    m != from && m != to && crosses(p, q, interior(&nodes[m]))
                })
            });
            walk = Some(w);
            match blocker {
                Some(m) => {
                    let r = &nodes[m];
                    obstacle = (
                        obstacle.0.min(r.x),
                        obstacle.1.min(r.y),
                        obstacle.2.max(r.x + r.width),
                        obstacle.3.max(r.y + r.height),
                    );
                }
                None => break,
            }
        }
        // A walk that goes nowhere new would be found again: skip the box.
        let same = |p: &Point, q: Point| (p.x - q.x).abs() < 0.5 && (p.y - q.y).abs() < 0.5;
        let Some(walk) = walk.filter(|w| !w.iter().all(|p| same(p, a) || same(p, b))) else {
            stuck.push(n);
            continue;
        };
        pts.splice(s + 1..s + 1, walk);
    }
}

/// The walk from where segment `a`-`b` enters the obstacle grown by `gap`
/// to where it leaves it, the shorter way round the grown border.
fn walk_round(a: Point, b: Point, obstacle: (f64, f64, f64, f64), gap: f64) -> Option<Vec<Point>> {
    let bx = (
        obstacle.0 - gap,
        obstacle.1 - gap,
        obstacle.2 + gap,
        obstacle.3 + gap,
    );
    let (t0, t1) = clip(a, b, bx.0, bx.1, bx.2, bx.3)?;
    let at = |t: f64| Point {
        x: a.x + (b.x - a.x) * t,
        y: a.y + (b.y - a.y) * t,
    };
    // An end inside the grown box is taken straight out to its border.
    let (enter, leave) = (onto_border(at(t0), bx), onto_border(at(t1), bx));
    let (w, h) = (bx.2 - bx.0, bx.3 - bx.1);
    let per = 2.0 * (w + h);
    let (se, sl) = (perimeter_pos(enter, bx), perimeter_pos(leave, bx));
    let corners = [
        (0.0, Point { x: bx.0, y: bx.1 }),
        (w, Point { x: bx.2, y: bx.1 }),
        (w + h, Point { x: bx.2, y: bx.3 }),
        (2.0 * w + h, Point { x: bx.0, y: bx.3 }),
    ];
    let cw = (sl - se).rem_euclid(per);
    let clockwise = cw <= per - cw;
    let mut cs: Vec<(f64, Point)> = corners
        .iter()
        .map(|&(s, p)| {
            let d = if clockwise { s - se } else { se - s };
            (d.rem_euclid(per), p)
        })
        .filter(|&(d, _)| d > 0.0 && d < if clockwise { cw } else { per - cw })
        .collect();
    cs.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut walk = vec![enter];
    walk.extend(cs.into_iter().map(|c| c.1));
    walk.push(leave);
    Some(walk)
}

/// Does segment `a`-`b` pass through the box?
pub(crate) fn crosses(a: Point, b: Point, r: (f64, f64, f64, f64)) -> bool {
    clip(a, b, r.0, r.1, r.2, r.3).is_some()
}
