//! Small geometric helpers shared by the layout passes: box clipping,
//! polyline midpoints and size sanitising.

use crate::layout::{Point, Rect};

/// Largest accepted node/label dimension; larger (or infinite) values are
/// clamped so that sums over thousands of elements stay finite.
pub(crate) const MAX_DIM: f64 = 1.0e9;

/// Sanitise a user supplied dimension: NaN / negative become 0, huge values
/// are clamped to [`MAX_DIM`].
pub(crate) fn dim(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        0.0
    } else {
        v.min(MAX_DIM)
    }
}

/// Centre of a rectangle.
pub(crate) fn center(r: &Rect) -> Point {
    Point {
        x: r.x + r.width / 2.0,
        y: r.y + r.height / 2.0,
    }
}

/// Point on the border of `r` on the straight line from its centre towards
/// `toward`. If `toward` is the centre itself, the top-middle point is used.
pub(crate) fn clip_to_border(r: &Rect, toward: Point) -> Point {
    let c = center(r);
    let dx = toward.x - c.x;
    let dy = toward.y - c.y;
    let hw = r.width / 2.0;
    let hh = r.height / 2.0;
    if dx == 0.0 && dy == 0.0 {
        return Point { x: c.x, y: r.y };
    }
    // Scale factor so that the vector touches the border.
    let sx = if dx != 0.0 {
        hw / dx.abs()
    } else {
        f64::INFINITY
    };
    let sy = if dy != 0.0 {
        hh / dy.abs()
    } else {
        f64::INFINITY
    };
    let s = sx.min(sy);
    if !s.is_finite() {
        return c;
    }
    Point {
        x: c.x + dx * s,
        y: c.y + dy * s,
    }
}

/// Point halfway along a polyline (by arc length).
pub(crate) fn polyline_midpoint(pts: &[Point]) -> Point {
    let total: f64 = pts.windows(2).map(|w| dist(w[0], w[1])).sum();
    let Some(first) = pts.first() else {
        return Point { x: 0.0, y: 0.0 };
    };
    if total <= 0.0 || !total.is_finite() {
        return *first;
    }
    let mut left = total / 2.0;
    for w in pts.windows(2) {
        let d = dist(w[0], w[1]);
        if d >= left && d > 0.0 {
            let t = left / d;
            return Point {
                x: w[0].x + (w[1].x - w[0].x) * t,
                y: w[0].y + (w[1].y - w[0].y) * t,
            };
        }
        left -= d;
    }
    *first
}

/// Euclidean distance.
pub(crate) fn dist(a: Point, b: Point) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// True if the two rectangles overlap with positive area.
pub(crate) fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/// True if all coordinates are finite.
pub(crate) fn rect_finite(r: &Rect) -> bool {
    r.x.is_finite() && r.y.is_finite() && r.width.is_finite() && r.height.is_finite()
}

/// Whether segments `a`-`b` and `p`-`q` cross at a point inside both
/// (touching, or lying on one line, does not count).
pub(crate) fn segments_cross(a: Point, b: Point, p: Point, q: Point) -> bool {
    let orient =
        |a: Point, b: Point, c: Point| (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    orient(a, b, p) * orient(a, b, q) < 0.0 && orient(p, q, a) * orient(p, q, b) < 0.0
}

/// Pairs of segments of different routes that cross (touching ends do not
/// count), found by a sweep over the segments sorted by their left end.
pub(crate) fn crossings(routes: &[&[Point]]) -> usize {
    let mut segs: Vec<(usize, Point, Point, [f64; 4])> = Vec::new();
    for (i, r) in routes.iter().enumerate() {
        for w in r.windows(2) {
            let (p, q) = (w[0], w[1]);
            let bbox = [p.x.min(q.x), p.y.min(q.y), p.x.max(q.x), p.y.max(q.y)];
            segs.push((i, p, q, bbox));
        }
    }
    segs.sort_by(|a, b| a.3[0].total_cmp(&b.3[0]));
    let mut n = 0;
    for (k, a) in segs.iter().enumerate() {
        for b in &segs[k + 1..] {
            if b.3[0] > a.3[2] {
                break;
            }
            if a.0 == b.0 || b.3[1] > a.3[3] || b.3[3] < a.3[1] {
                continue;
            }
            n += usize::from(segments_cross(a.1, a.2, b.1, b.2));
        }
    }
    n
}
