//! Uniform-grid spatial index of the legibility passes ([`crate::layout::tidy`],
//! [`crate::layout::labels`]): rectangles and segments are indexed by the
//! cells they cover, and a query visits each id near a box or along a
//! segment once. Queries allocate nothing: ids already visited in a query
//! are told apart by a [`Seen`] generation mark, so a pass asking
//! thousands of queries costs what the ids it meets cost.

use crate::layout::Point;
use foldhash::HashMap;
use foldhash::HashMapExt;

/// Grid cell size of the spatial indices.
const CELL: f64 = 96.0;

/// Rectangles and segments indexed by the grid cells they cover. Ids are
/// stored as `u32` (half the memory of the largest drawings' indices; an
/// id that does not fit is not indexed, which a drawing of fewer than four
/// billion boxes and segments never meets).
pub(crate) struct Grid {
    cells: HashMap<(i64, i64), Vec<u32>>,
}

/// Which ids a query has visited already: one mark per id, cleared for
/// the next query by moving to a new generation.
pub(crate) struct Seen {
    marks: Vec<u32>,
    generation: u32,
}

impl Seen {
    pub(crate) fn new() -> Self {
        Seen {
            marks: Vec::new(),
            generation: 0,
        }
    }

    /// Starts a query: every id is unvisited again.
    fn next(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.marks.fill(0);
            self.generation = 1;
        }
    }

    /// Whether this query meets `id` for the first time (marking it).
    fn first(&mut self, id: usize) -> bool {
        if id >= self.marks.len() {
            self.marks.resize(id + 1, 0);
        }
        let mark = &mut self.marks[id];
        let new = *mark != self.generation;
        *mark = self.generation;
        new
    }
}

fn cell(v: f64) -> i64 {
    // Coordinates are finite and clamped by the layout; saturate anyway.
    (v / CELL).floor().clamp(-1.0e12, 1.0e12) as i64
}

/// The cells segment `a`–`b` passes through, sorted and unique, from
/// points sampled along it at most half a cell apart (between two such
/// points the segment stays in their two cells and the two cells at the
/// other corners of that pair); `None` where the segment's bounding box
/// has about as few cells (short or axis-parallel segments).
fn segment_cells(a: Point, b: Point) -> Option<Vec<(i64, i64)>> {
    let span = (b.x - a.x).abs().max((b.y - a.y).abs());
    let steps = if span.is_finite() {
        (span / (CELL / 2.0)).ceil().min(1.0e6) as usize
    } else {
        0
    };
    let (bx, by) = (
        (cell(a.x) - cell(b.x)).unsigned_abs() + 1,
        (cell(a.y) - cell(b.y)).unsigned_abs() + 1,
    );
    if bx.saturating_mul(by) <= 3 * (steps as u64 + 1) {
        return None;
    }
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let at = |i: usize| {
        let t = if steps == 0 {
            0.0
        } else {
            i as f64 / steps as f64
        };
        (cell(a.x + dx * t), cell(a.y + dy * t))
    };
    let mut prev = at(0);
    let mut cells: Vec<(i64, i64)> = Vec::with_capacity(3 * steps + 1);
    cells.push(prev);
    for i in 1..=steps {
        let c = at(i);
        cells.extend([c, (prev.0, c.1), (c.0, prev.1)]);
        prev = c;
    }
    cells.sort_unstable();
    cells.dedup();
    Some(cells)
}

impl Grid {
    pub(crate) fn new() -> Self {
        Grid {
            cells: HashMap::new(),
        }
    }

    pub(crate) fn insert(&mut self, id: usize, x0: f64, y0: f64, x1: f64, y1: f64) {
        let Ok(id) = u32::try_from(id) else {
            return;
        };
        let (cx0, cy0, cx1, cy1) = (cell(x0), cell(y0), cell(x1), cell(y1));
        // A huge box would touch too many cells: index it in its corners'
        // rows only (it is still found by queries near those).
        let (cx1, cy1) = (cx1.min(cx0 + 4096), cy1.min(cy0 + 4096));
        for cx in cx0..=cx1 {
            for cy in cy0..=cy1 {
                self.cells.entry((cx, cy)).or_default().push(id);
            }
        }
    }

    /// Index segment `a`–`b` under `id` in every cell it passes through
    /// (rather than every cell of its bounding box, which grows with the
    /// square of a diagonal's length): between two points sampled every
    /// half cell along it, the segment stays in their two cells and the two
    /// cells at the other corners of that pair.
    pub(crate) fn insert_segment(&mut self, id: usize, a: Point, b: Point) {
        let Some(cells) = segment_cells(a, b) else {
            self.insert(id, a.x.min(b.x), a.y.min(b.y), a.x.max(b.x), a.y.max(b.y));
            return;
        };
        let Ok(id) = u32::try_from(id) else {
            return;
        };
        for c in cells {
            self.cells.entry(c).or_default().push(id);
        }
    }

    /// Calls `f` once for each id indexed near the segment `a`–`b`: in the
    /// cells within one of the cells of points sampled every half cell
    /// along it (a box the segment crosses holds a point within a quarter
    /// cell of a sample, so it is indexed in one of those cells). Cost
    /// grows with the segment's length, where the cells of its bounding
    /// box grow with its square: a long diagonal route across a large
    /// diagram made the detour pass quadratic in the model.
    pub(crate) fn each_along(&self, a: Point, b: Point, seen: &mut Seen, f: impl FnMut(usize)) {
        // A short or axis-parallel segment: its bounding box is as cheap.
        // Either way every box the segment crosses is visited, and callers
        // keep only those.
        let Some(cells) = segment_cells(a, b) else {
            return self.each_in(
                a.x.min(b.x),
                a.y.min(b.y),
                a.x.max(b.x),
                a.y.max(b.y),
                seen,
                f,
            );
        };
        self.visit(cells.into_iter(), seen, f);
    }

    /// Calls `f` once for each id indexed in cells the box touches.
    pub(crate) fn each_in(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        seen: &mut Seen,
        f: impl FnMut(usize),
    ) {
        let (cx0, cy0) = (cell(x0), cell(y0));
        let (cx1, cy1) = (cell(x1).min(cx0 + 4096), cell(y1).min(cy0 + 4096));
        let cells = (cx0..=cx1).flat_map(|cx| (cy0..=cy1).map(move |cy| (cx, cy)));
        self.visit(cells, seen, f);
    }

    fn visit(
        &self,
        cells: impl Iterator<Item = (i64, i64)>,
        seen: &mut Seen,
        mut f: impl FnMut(usize),
    ) {
        seen.next();
        for c in cells {
            if let Some(ids) = self.cells.get(&c) {
                for &id in ids {
                    let id = id as usize;
                    if seen.first(id) {
                        f(id);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    fn collect_in(g: &Grid, seen: &mut Seen, r: (f64, f64, f64, f64)) -> Vec<usize> {
        let mut v = Vec::new();
        g.each_in(r.0, r.1, r.2, r.3, seen, |id| v.push(id));
        v.sort_unstable();
        v
    }

    #[test]
    fn each_id_is_visited_once_per_query() {
        let mut g = Grid::new();
        // Box 0 covers many cells; box 1 one cell far away.
        g.insert(0, 0.0, 0.0, 500.0, 500.0);
        g.insert(1, 1000.0, 1000.0, 1010.0, 1010.0);
        let mut seen = Seen::new();
        assert_eq!(
            collect_in(&g, &mut seen, (0.0, 0.0, 1100.0, 1100.0)),
            vec![0, 1]
        );
        // The next query starts afresh.
        assert_eq!(
            collect_in(&g, &mut seen, (400.0, 400.0, 410.0, 410.0)),
            vec![0]
        );
        assert_eq!(
            collect_in(&g, &mut seen, (2000.0, 0.0, 2010.0, 10.0)),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn a_long_diagonal_meets_the_boxes_it_crosses_and_not_far_ones() {
        let mut g = Grid::new();
        g.insert(0, 990.0, 990.0, 1010.0, 1010.0); // on the diagonal
        g.insert(1, 1900.0, 0.0, 1910.0, 10.0); // far off it
        let mut seen = Seen::new();
        let mut met = Vec::new();
        g.each_along(p(0.0, 0.0), p(2000.0, 2000.0), &mut seen, |id| met.push(id));
        assert_eq!(met, vec![0]);
    }

    #[test]
    fn indexed_segments_are_found_by_boxes_they_pass() {
        let mut g = Grid::new();
        g.insert_segment(7, p(0.0, 0.0), p(3000.0, 1500.0));
        let mut seen = Seen::new();
        assert_eq!(
            collect_in(&g, &mut seen, (1995.0, 995.0, 2005.0, 1005.0)),
            vec![7]
        );
        assert!(collect_in(&g, &mut seen, (0.0, 1400.0, 10.0, 1410.0)).is_empty());
    }

    #[test]
    fn generations_wrap_without_losing_marks() {
        let mut g = Grid::new();
        g.insert(3, 0.0, 0.0, 10.0, 10.0);
        let mut seen = Seen::new();
        seen.generation = u32::MAX - 1;
        for _ in 0..4 {
            assert_eq!(collect_in(&g, &mut seen, (0.0, 0.0, 10.0, 10.0)), vec![3]);
        }
    }
}
