//! How a route's path meets the other routes of a drawing: the segments
//! it crosses and the routes it runs along, as the legibility measures
//! count them. A detour compares the walks round a box by it (`detour`).

use crate::layout::geom::segments_cross;
use crate::layout::{EdgeRoute, Point};

/// A stretch two flows share: this long or more, within [`ON_LINE`] px.
const SHARED_RUN: f64 = 10.0;
/// How far off a line a point still lies on it.
const ON_LINE: f64 = 1.0;

/// What a path meets among other routes; compared by `shared` first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Cut {
    /// Routes the path runs along for [`SHARED_RUN`] px or more.
    pub shared: usize,
    /// Segments of the routes the path crosses (touching does not count).
    pub crossed: usize,
}

impl Cut {
    /// What the path `a`, `walk`…, `b` meets among `others`.
    pub(crate) fn of(a: Point, walk: &[Point], b: Point, others: &[EdgeRoute]) -> Cut {
        let mut path = Vec::with_capacity(walk.len() + 2);
        path.push(a);
        path.extend_from_slice(walk);
        path.push(b);
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in &path {
            (x0, y0) = (x0.min(p.x), y0.min(p.y));
            (x1, y1) = (x1.max(p.x), y1.max(p.y));
        }
        let mut cut = Cut::default();
        for r in others {
            let mut along = false;
            for s in r.points.windows(2) {
                let (p, q) = (s[0], s[1]);
                let apart = p.x.max(q.x) < x0 - ON_LINE
                    || p.x.min(q.x) > x1 + ON_LINE
                    || p.y.max(q.y) < y0 - ON_LINE
                    || p.y.min(q.y) > y1 + ON_LINE;
                if apart {
                    continue;
                }
                for t in path.windows(2) {
                    cut.crossed += usize::from(segments_cross(t[0], t[1], p, q));
                    along = along || run_along(t[0], t[1], p, q) >= SHARED_RUN;
                }
            }
            cut.shared += usize::from(along);
        }
        cut
    }
}

/// Length along which `p`-`q` runs on segment `a`-`b`: both ends within
/// [`ON_LINE`] px of its line, measured over the part of it they span.
fn run_along(a: Point, b: Point, p: Point, q: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let l = dx.hypot(dy);
    if l < 1e-9 {
        return 0.0;
    }
    let (ux, uy) = (dx / l, dy / l);
    let off = |r: Point| ((r.x - a.x) * uy - (r.y - a.y) * ux).abs();
    if off(p) > ON_LINE || off(q) > ON_LINE {
        return 0.0;
    }
    let at = |r: Point| (r.x - a.x) * ux + (r.y - a.y) * uy;
    let (s, e) = (at(p).min(at(q)), at(p).max(at(q)));
    (e.min(l) - s.max(0.0)).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    fn route(points: &[(f64, f64)]) -> EdgeRoute {
        EdgeRoute {
            points: points.iter().map(|&(x, y)| p(x, y)).collect(),
            label: p(0.0, 0.0),
        }
    }

    #[test]
    fn counts_crossed_segments_and_routes_run_along() {
        // A path down and then right: (0,0) -> (0,100) -> (100,100).
        let walk = [p(0.0, 100.0)];
        let others = [
            // Crosses the first leg.
            route(&[(-50.0, 50.0), (50.0, 50.0)]),
            // Crosses both legs: two segments of one route, two crossings.
            route(&[(-20.0, 20.0), (60.0, 20.0), (60.0, 140.0)]),
            // Runs along the second leg for 30 px, half a pixel off it.
            route(&[(40.0, 100.5), (70.0, 100.5), (70.0, 200.0)]),
            // Runs along for 5 px only, and touches an end: neither counts.
            route(&[(95.0, 100.0), (100.0, 100.0)]),
            // Far away.
            route(&[(500.0, 500.0), (600.0, 600.0)]),
        ];
        let cut = Cut::of(p(0.0, 0.0), &walk, p(100.0, 100.0), &others);
        assert_eq!(
            cut,
            Cut {
                shared: 1,
                crossed: 3
            }
        );
        // Sharing weighs more than crossing.
        assert!(
            Cut {
                shared: 0,
                crossed: 9
            } < Cut {
                shared: 1,
                crossed: 0
            }
        );
    }
}
