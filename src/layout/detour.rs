//! Detours: a route passing through an element box or a boundary title
//! that is not one of its ends walks round it instead, the shorter way round
//! its border, [`CLEARANCE`] px off it (more for some flows, so that flows
//! walking round one box keep apart); boxes the walk runs into are merged
//! into the obstacle, and the search goes on along the new walk, up to
//! [`MAX_DETOURS`] times per route. Boxes are found through the grid of
//! [`crate::layout::grid`].

use crate::layout::cut::Cut;
use crate::layout::grid::{Grid, Seen};
use crate::layout::{EdgeRoute, Point, Rect};

/// Gap between a detour and the box it walks around.
pub(crate) const CLEARANCE: f64 = 8.0;
/// Detours tried per route.
const MAX_DETOURS: usize = 24;
/// Boxes merged into one obstacle at most.
const MAX_MERGES: usize = 8;
/// Gaps a detour keeps from its box: [`CLEARANCE`] and this many more, …
const LANES: usize = 5;
/// … each this much wider.
const LANE_STEP: f64 = 3.0;

/// Every gap a detour may keep, smallest first.
fn gaps() -> impl Iterator<Item = f64> {
    (0..LANES).map(|k| CLEARANCE + k as f64 * LANE_STEP)
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
    grid.each_along(a, b, seen, |n| first = smaller_kept(first, n, &mut keep));
    first
}

/// One step of a search for the smallest id that `keep` accepts: `n` when
/// it is smaller than `first` (or `first` is none) and kept, else `first`.
/// `keep` is asked only about ids that could win.
fn smaller_kept(
    first: Option<usize>,
    n: usize,
    keep: &mut impl FnMut(usize) -> bool,
) -> Option<usize> {
    if first.is_none_or(|f| n < f) && keep(n) {
        Some(n)
    } else {
        first
    }
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

/// What detours walk round, and the routes they keep clear of.
#[derive(Clone, Copy)]
pub(crate) struct Scene<'a> {
    /// The obstacles: element boxes and boundary titles.
    pub nodes: &'a [Rect],
    /// The obstacles' grid.
    pub grid: &'a Grid,
    /// The other routes as they stand, in small drawings: a walk round a
    /// box that crosses them is also tried at the other gaps, and the one
    /// crossing fewest without running along more of them is kept.
    pub others: Option<&'a [EdgeRoute]>,
}

/// Walk round every element box a route passes through; `ends` are the
/// boxes the route joins, which it may enter.
pub(crate) fn detour(
    pts: &mut Vec<Point>,
    ends: (usize, usize),
    lane: usize,
    scene: &Scene,
    seen: &mut Seen,
    met: &mut Met,
) {
    let Scene {
        nodes,
        grid,
        others,
    } = *scene;
    let (from, to) = ends;
    met.clear();
    // Flows walking round one box keep apart.
    let gap = CLEARANCE + (lane % LANES) as f64 * LANE_STEP;
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
    // The ids met along a segment walked through the grid are kept for
    // the parts of it a detour leaves (`Met`): a route across a row of
    // boxes would walk the rest of its segment again after each box.
    for _ in 0..MAX_DETOURS {
        let mut hit = None;
        for s in clear..pts.len().saturating_sub(1) {
            let (a, b) = (pts[s], pts[s + 1]);
            let part = met.along(grid, seen, a, b);
            let mut keep = |n: usize| {
                n != from && n != to && !stuck.contains(&n) && {
                    let r = interior(&nodes[n]);
                    clip(a, b, r.0, r.1, r.2, r.3).is_some()
                }
            };
            // The smallest id kept: a part's list is sorted, so its first.
            let ids = met.ids(part).iter().map(|&n| n as usize);
            let first = if part.is_some() {
                ids.clone().find(|&n| keep(n))
            } else {
                ids.fold(None, |first, n| smaller_kept(first, n, &mut keep))
            };
            if let Some(n) = first {
                hit = Some((s, n, met.keep(part)));
                break;
            }
        }
        let Some((s, n, ids)) = hit else {
            return;
        };
        clear = s;
        let (a, b) = (pts[s], pts[s + 1]);
        let r = &nodes[n];
        let first_box = (r.x, r.y, r.x + r.width, r.y + r.height);
        let round = |gap: f64, seen: &mut Seen| {
            let mut obstacle = first_box;
            let mut walk = None;
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
            walk
        };
        let mut walk = round(gap, seen);
        // A walk that crosses other flows is tried at the other gaps (the
        // smaller ones first): at its own, the walk round a box can take
        // a flow over a neighbour that passes the box closer.
        if let (Some(w), Some(others)) = (&walk, others) {
            let mut cut = Cut::of(a, w, b, others);
            for g in gaps().filter(|&g| g != gap) {
                if cut.crossed == 0 {
                    break;
                }
                let alt = round(g, seen);
                if let Some(c) = alt.as_ref().map(|w| Cut::of(a, w, b, others))
                    && c.shared <= cut.shared
                    && c.crossed < cut.crossed
                {
                    cut = c;
                    walk = alt;
                }
            }
        }
        // A walk that goes nowhere new would be found again: skip the box.
        let same = |p: &Point, q: Point| (p.x - q.x).abs() < 0.5 && (p.y - q.y).abs() < 0.5;
        let Some(walk) = walk.filter(|w| !w.iter().all(|p| same(p, a) || same(p, b))) else {
            stuck.push(n);
            continue;
        };
        // The parts of the segment before and after the walk lie on it.
        if let (Some(&enter), Some(&leave)) = (walk.first(), walk.last()) {
            met.part(a, enter, (a, b), ids);
            met.part(leave, b, (a, b), ids);
        }
        pts.splice(s + 1..s + 1, walk);
    }
}

/// The ids a detour's searches met along segments walked through the grid
/// (the grid's every id near the segment, in the order met), and the
/// parts of those segments that later searches look along instead.
///
/// A part lies on its segment to within [`ON_SEGMENT`] px (a part of a
/// part, within that once per detour of the route, at most 24), far less
/// than the 1 px between a box and the interior a route may not cross. So
/// every box whose interior a part crosses holds points of the whole
/// segment (within 1 px of the crossing), whose grid cells the walk met:
/// the ids met hold every box the part crosses, as the grid would give
/// them, and the search keeps the same box.
pub(crate) struct Met {
    /// Whether parts are recorded (always, but in a test).
    record: bool,
    /// The ids met along segments with parts, sorted.
    lists: Vec<Vec<u32>>,
    /// Parts of those segments: ends, and the segment's list.
    parts: Vec<(Point, Point, usize)>,
    /// The ids met along the segment searched last, when it is no part.
    scratch: Vec<u32>,
}

/// How far a part may lie from its segment.
const ON_SEGMENT: f64 = 1.0e-6;

impl Met {
    pub(crate) fn new(record: bool) -> Met {
        Met {
            record,
            lists: Vec::new(),
            parts: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Forgets the segments of the route before.
    fn clear(&mut self) {
        self.lists.clear();
        self.parts.clear();
    }

    /// The ids met along `a`-`b`: `Some` list of the segment it is a part
    /// of, or `None` for the scratch list, walked through the grid now.
    fn along(&mut self, grid: &Grid, seen: &mut Seen, a: Point, b: Point) -> Option<usize> {
        let same =
            |p: Point, q: Point| p.x.to_bits() == q.x.to_bits() && p.y.to_bits() == q.y.to_bits();
        if let Some(&(_, _, k)) = self.parts.iter().find(|p| same(p.0, a) && same(p.1, b)) {
            return Some(k);
        }
        let ids = &mut self.scratch;
        ids.clear();
        grid.each_along(a, b, seen, |n| {
            if let Ok(n) = u32::try_from(n) {
                ids.push(n);
            }
        });
        None
    }

    /// The ids of what [`Met::along`] returned.
    fn ids(&self, part: Option<usize>) -> &[u32] {
        match part {
            Some(k) => &self.lists[k],
            None => &self.scratch,
        }
    }

    /// The list of what [`Met::along`] returned, kept for its parts.
    fn keep(&mut self, part: Option<usize>) -> usize {
        part.unwrap_or_else(|| {
            let mut ids = std::mem::take(&mut self.scratch);
            ids.sort_unstable();
            self.lists.push(ids);
            self.lists.len() - 1
        })
    }

    /// Records `p`-`q` as a part of `segment`, whose ids are list `ids`,
    /// when both ends lie on it.
    fn part(&mut self, p: Point, q: Point, segment: (Point, Point), ids: usize) {
        let on = |p: Point| off_segment(p, segment) <= ON_SEGMENT;
        if self.record && on(p) && on(q) {
            self.parts.push((p, q, ids));
        }
    }
}

/// Distance from `p` to the segment.
fn off_segment(p: Point, (a, b): (Point, Point)) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.x - (a.x + dx * t)).hypot(p.y - (a.y + dy * t))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::grid::extent;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// A long diagonal route across rows of boxes, detoured with and
    /// without parts of segments searched through the ids met along them.
    fn route_across(record: bool) -> (Vec<Point>, Vec<Rect>, usize) {
        let mut nodes = vec![
            Rect {
                x: 0.0,
                y: 0.0,
                width: 60.0,
                height: 40.0,
            },
            Rect {
                x: 4000.0,
                y: 1500.0,
                width: 60.0,
                height: 40.0,
            },
        ];
        for row in 0..6 {
            for col in 0..40 {
                let (x, y) = (
                    100.0 + col as f64 * 97.5,
                    40.0 + row as f64 * 250.0 + col as f64 * 3.0,
                );
                nodes.push(Rect {
                    x,
                    y,
                    width: 70.0,
                    height: 36.0,
                });
            }
        }
        let mut pts = vec![p(30.0, 40.0), p(4030.0, 1500.0)];
        let mut grid = Grid::new(extent(&nodes, &pts));
        for (i, r) in nodes.iter().enumerate() {
            grid.insert(i, r.x, r.y, r.x + r.width, r.y + r.height);
        }
        let mut met = Met::new(record);
        let scene = Scene {
            nodes: &nodes,
            grid: &grid,
            others: None,
        };
        detour(&mut pts, (0, 1), 0, &scene, &mut Seen::new(), &mut met);
        (pts, nodes, met.parts.len())
    }

    #[test]
    fn parts_of_a_segment_find_the_boxes_the_grid_finds() {
        let (with, nodes, parts) = route_across(true);
        let (without, _, none) = route_across(false);
        assert!(parts >= 5, "{parts} parts");
        assert_eq!(none, 0);
        assert_eq!(with, without);
        // The route walks round every box it met (as many as it may).
        let through = with
            .windows(2)
            .filter(|w| nodes[2..].iter().any(|r| crosses(w[0], w[1], interior(r))))
            .count();
        assert!(
            with.len() > 10 && through <= 1,
            "{} points, {through} through",
            with.len()
        );
    }

    #[test]
    fn a_point_is_on_a_segment_within_its_extent_only() {
        let s = (p(0.0, 0.0), p(100.0, 50.0));
        assert!(off_segment(p(50.0, 25.0), s) < 1e-12);
        assert!((off_segment(p(-3.0, -4.0), s) - 5.0).abs() < 1e-12);
        assert!(off_segment(p(50.0, 26.0), s) > 0.5);
    }
}
