//! Uniform-grid spatial index of the legibility passes ([`crate::layout::tidy`],
//! [`crate::layout::labels`]): rectangles and segments are indexed by the
//! cells they cover, and a query visits each id near a box or along a
//! segment once. Queries allocate nothing: ids already visited in a query
//! are told apart by a [`Seen`] generation mark, so a pass asking
//! thousands of queries costs what the ids it meets cost.

use crate::layout::{Point, Rect};

/// Grid cell size of the spatial indices (of a drawing small enough).
const CELL: f64 = 96.0;
/// Cells a grid holds at most (24 bytes each, empty): a larger drawing
/// gets larger cells, doubled until they fit, so its queries meet about
/// as many ids as in a smaller one. (Its outer cells were folded into the
/// border ones instead: at 48 px cells the 10,000-element diagram's labels
/// took 54 s, where they take under 1 s.)
const MAX_CELLS: usize = 1 << 19;
/// Cells that large hold any finite extent within the cell count.
const MAX_DOUBLINGS: u32 = 64;

/// Rectangles and segments indexed by the grid cells they cover, in one
/// vector of cells over the drawing's extent (column by column). Cells
/// outside the extent fold into its border cells: a query folds the same
/// way, so it still meets every id it would, and callers test the
/// geometry of each id they meet. Ids are stored as `u32` (half the
/// memory of the largest drawings' indices; an id that does not fit is not
/// indexed, which a drawing of fewer than four billion boxes and segments
/// never meets).
pub(crate) struct Grid {
    frame: Frame,
    cells: Vec<Vec<u32>>,
}

/// Where a grid's cells lie: the cell coordinates of its first column and
/// row, and how many columns and rows it has (a copy of its own, so a walk
/// over the cells can fill them as it goes).
#[derive(Clone, Copy)]
struct Frame {
    origin: (i64, i64),
    cols: i64,
    rows: i64,
    /// The cells' size.
    size: f64,
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

fn cell(v: f64, size: f64) -> i64 {
    // Coordinates are finite and clamped by the layout; saturate anyway
    // (NaN falls in cell 0). The floor is taken by hand: `f64::floor` is a
    // library call on the baseline x86-64 target, and the walks along long
    // segments ask for millions of cells.
    let q = (v / size).clamp(-1.0e12, 1.0e12);
    let t = q as i64;
    if (t as f64) > q { t - 1 } else { t }
}

/// The smallest box (x0, y0, x1, y1) holding `rects` and `points` (the
/// extent a [`Grid`] is laid over); the unit box when both are empty.
pub(crate) fn extent<'a>(
    rects: impl IntoIterator<Item = &'a Rect>,
    points: impl IntoIterator<Item = &'a Point>,
) -> (f64, f64, f64, f64) {
    let mut b = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    let mut grow = |x0: f64, y0: f64, x1: f64, y1: f64| {
        b = (b.0.min(x0), b.1.min(y0), b.2.max(x1), b.3.max(y1));
    };
    for r in rects {
        grow(r.x, r.y, r.x + r.width, r.y + r.height);
    }
    for p in points {
        grow(p.x, p.y, p.x, p.y);
    }
    if b.0.is_finite() && b.1.is_finite() && b.2.is_finite() && b.3.is_finite() {
        b
    } else {
        (0.0, 0.0, 1.0, 1.0)
    }
}

/// The steps of the walk along segment `a`–`b` (points sampled at most
/// half a cell apart: between two such points the segment stays in their
/// two cells and the two cells at the other corners of that pair), or
/// `None` where the segment's bounding box has about as few cells (short
/// or axis-parallel segments).
fn walk_steps(a: Point, b: Point, size: f64) -> Option<usize> {
    let span = (b.x - a.x).abs().max((b.y - a.y).abs());
    let steps = if span.is_finite() {
        (span / (size / 2.0)).ceil().min(1.0e6) as usize
    } else {
        0
    };
    let (bx, by) = (
        (cell(a.x, size) - cell(b.x, size)).unsigned_abs() + 1,
        (cell(a.y, size) - cell(b.y, size)).unsigned_abs() + 1,
    );
    (bx.saturating_mul(by) > 3 * (steps as u64 + 1)).then_some(steps)
}

impl Grid {
    /// An empty grid over the extent (x0, y0, x1, y1) (see [`extent`]).
    pub(crate) fn new((x0, y0, x1, y1): (f64, f64, f64, f64)) -> Self {
        let span = |lo: i64, hi: i64| (hi.saturating_sub(lo)).clamp(0, 1 << 16) + 1;
        let frame = |size: f64| {
            let origin = (cell(x0, size), cell(y0, size));
            let cols = span(origin.0, cell(x1, size));
            let rows = span(origin.1, cell(y1, size));
            Frame {
                origin,
                cols,
                rows,
                size,
            }
        };
        let mut f = frame(CELL);
        for _ in 0..MAX_DOUBLINGS {
            if f.cols * f.rows <= MAX_CELLS as i64 {
                break;
            }
            f = frame(f.size * 2.0);
        }
        // Beyond that (non-finite extents), the outer cells fold into the
        // border ones, keeping the proportions.
        while f.cols * f.rows > MAX_CELLS as i64 {
            f.cols = (f.cols + 1) / 2;
            f.rows = (f.rows + 1) / 2;
        }
        Grid {
            frame: f,
            cells: vec![Vec::new(); (f.cols * f.rows) as usize],
        }
    }

    pub(crate) fn insert(&mut self, id: usize, x0: f64, y0: f64, x1: f64, y1: f64) {
        let Ok(id) = u32::try_from(id) else {
            return;
        };
        let (c0, r0) = self.frame.cell_at(x0, y0);
        let (c1, r1) = self.frame.cell_at(x1, y1);
        for col in c0..=c1 {
            for row in r0..=r1 {
                let slot = self.frame.slot((col, row));
                self.cells[slot].push(id);
            }
        }
    }

    /// Index segment `a`–`b` under `id` in every cell it passes through
    /// (rather than every cell of its bounding box, which grows with the
    /// square of a diagonal's length).
    pub(crate) fn insert_segment(&mut self, id: usize, a: Point, b: Point) {
        let Some(steps) = walk_steps(a, b, self.frame.size) else {
            self.insert(id, a.x.min(b.x), a.y.min(b.y), a.x.max(b.x), a.y.max(b.y));
            return;
        };
        let Ok(id) = u32::try_from(id) else {
            return;
        };
        let frame = self.frame;
        frame.walk(a, b, steps, |s| self.cells[s].push(id));
    }

    /// Calls `f` once for each id indexed near the segment `a`–`b`: in the
    /// cells it passes through (a box the segment crosses is indexed in one
    /// of those). Cost grows with the segment's length, where the cells of
    /// its bounding box grow with its square: a long diagonal route across
    /// a large diagram made the detour pass quadratic in the model.
    pub(crate) fn each_along(&self, a: Point, b: Point, seen: &mut Seen, mut f: impl FnMut(usize)) {
        // A short or axis-parallel segment: its bounding box is as cheap.
        // Either way every box the segment crosses is visited, and callers
        // keep only those.
        let Some(steps) = walk_steps(a, b, self.frame.size) else {
            return self.each_in(
                a.x.min(b.x),
                a.y.min(b.y),
                a.x.max(b.x),
                a.y.max(b.y),
                seen,
                f,
            );
        };
        seen.next();
        self.frame
            .walk(a, b, steps, |s| self.visit(s, seen, &mut f));
    }

    /// Calls `f` once for each id indexed in cells the box touches.
    pub(crate) fn each_in(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        seen: &mut Seen,
        mut f: impl FnMut(usize),
    ) {
        self.each_in_while(x0, y0, x1, y1, seen, |id| {
            f(id);
            true
        });
    }

    /// As [`Grid::each_in`], stopping at the first id for which `f`
    /// returns false (a caller that has seen enough asks no further).
    pub(crate) fn each_in_while(
        &self,
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        seen: &mut Seen,
        mut f: impl FnMut(usize) -> bool,
    ) {
        let (c0, r0) = self.frame.cell_at(x0, y0);
        let (c1, r1) = self.frame.cell_at(x1, y1);
        seen.next();
        for col in c0..=c1 {
            for row in r0..=r1 {
                if !self.visit_while(self.frame.slot((col, row)), seen, &mut f) {
                    return;
                }
            }
        }
    }

    /// The ids of one cell this query has not met yet.
    fn visit(&self, slot: usize, seen: &mut Seen, f: &mut impl FnMut(usize)) {
        self.visit_while(slot, seen, &mut |id| {
            f(id);
            true
        });
    }

    /// The ids of one cell this query has not met yet, until `f` returns
    /// false; returns whether it never did.
    fn visit_while(&self, slot: usize, seen: &mut Seen, f: &mut impl FnMut(usize) -> bool) -> bool {
        for &id in &self.cells[slot] {
            let id = id as usize;
            if seen.first(id) && !f(id) {
                return false;
            }
        }
        true
    }
}

impl Frame {
    /// The column and row holding point (x, y), folded into the grid.
    fn cell_at(&self, x: f64, y: f64) -> (i64, i64) {
        self.fold((cell(x, self.size), cell(y, self.size)))
    }

    /// The column and row holding cell (cx, cy), folded into the grid.
    fn fold(&self, (cx, cy): (i64, i64)) -> (i64, i64) {
        (
            cx.saturating_sub(self.origin.0).clamp(0, self.cols - 1),
            cy.saturating_sub(self.origin.1).clamp(0, self.rows - 1),
        )
    }

    fn slot(&self, (col, row): (i64, i64)) -> usize {
        (col * self.rows + row) as usize
    }

    /// The slots of the cells segment `a`–`b` passes through (see
    /// [`walk_steps`]), each once, in walk order: the walk is monotone in
    /// both coordinates, so a cell it leaves is never met again.
    fn walk(&self, a: Point, b: Point, steps: usize, mut f: impl FnMut(usize)) {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let at = |i: usize| {
            let t = if steps == 0 {
                0.0
            } else {
                i as f64 / steps as f64
            };
            self.cell_at(a.x + dx * t, a.y + dy * t)
        };
        let mut prev = at(0);
        f(self.slot(prev));
        for i in 1..=steps {
            let c = at(i);
            if c == prev {
                continue;
            }
            if c.0 != prev.0 && c.1 != prev.1 {
                f(self.slot((prev.0, c.1)));
                f(self.slot((c.0, prev.1)));
            }
            f(self.slot(c));
            prev = c;
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
    fn a_query_stops_when_asked_to() {
        let mut g = Grid::new((0.0, 0.0, 4000.0, 4000.0));
        for id in 0..5 {
            g.insert(id, 0.0, 0.0, 500.0, 500.0);
        }
        let mut seen = Seen::new();
        let mut met = Vec::new();
        g.each_in_while(0.0, 0.0, 500.0, 500.0, &mut seen, |id| {
            met.push(id);
            met.len() < 2
        });
        assert_eq!(met.len(), 2, "{met:?}");
        // The next query meets every id again, each once.
        assert_eq!(
            collect_in(&g, &mut seen, (0.0, 0.0, 500.0, 500.0)),
            vec![0, 1, 2, 3, 4]
        );
    }

    #[test]
    fn each_id_is_visited_once_per_query() {
        let mut g = Grid::new((0.0, 0.0, 4000.0, 4000.0));
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
        let mut g = Grid::new((0.0, 0.0, 4000.0, 4000.0));
        g.insert(0, 990.0, 990.0, 1010.0, 1010.0); // on the diagonal
        g.insert(1, 1900.0, 0.0, 1910.0, 10.0); // far off it
        let mut seen = Seen::new();
        let mut met = Vec::new();
        g.each_along(p(0.0, 0.0), p(2000.0, 2000.0), &mut seen, |id| met.push(id));
        assert_eq!(met, vec![0]);
    }

    #[test]
    fn indexed_segments_are_found_by_boxes_they_pass() {
        let mut g = Grid::new((0.0, 0.0, 4000.0, 4000.0));
        g.insert_segment(7, p(0.0, 0.0), p(3000.0, 1500.0));
        let mut seen = Seen::new();
        assert_eq!(
            collect_in(&g, &mut seen, (1995.0, 995.0, 2005.0, 1005.0)),
            vec![7]
        );
        assert!(collect_in(&g, &mut seen, (0.0, 1400.0, 10.0, 1410.0)).is_empty());
    }

    #[test]
    fn ids_outside_the_extent_are_found_by_queries_outside_it() {
        // The extent covers (0,0)-(1000,1000); a box and a segment far
        // outside fold into the border cells and are still met.
        let mut g = Grid::new((0.0, 0.0, 1000.0, 1000.0));
        g.insert(0, 5000.0, 5000.0, 5010.0, 5010.0);
        g.insert_segment(1, p(-3000.0, -100.0), p(-100.0, -2000.0));
        let mut seen = Seen::new();
        assert_eq!(
            collect_in(&g, &mut seen, (5002.0, 5002.0, 5003.0, 5003.0)),
            vec![0]
        );
        assert_eq!(
            collect_in(&g, &mut seen, (-1600.0, -1100.0, -1500.0, -1000.0)),
            vec![1]
        );
        // Inside the extent, far from both: neither.
        assert!(collect_in(&g, &mut seen, (500.0, 500.0, 510.0, 510.0)).is_empty());
    }

    #[test]
    fn a_huge_extent_is_folded_into_a_bounded_grid() {
        let g = Grid::new((-1.0e9, -1.0e9, 1.0e9, 1.0e9));
        assert!(g.cells.len() <= MAX_CELLS);
        let g = Grid::new((f64::NAN, 0.0, f64::INFINITY, 10.0));
        assert!(!g.cells.is_empty() && g.cells.len() <= MAX_CELLS);
    }

    #[test]
    fn a_large_drawing_gets_larger_cells_not_folded_ones() {
        // 160,000 px square: at 96 px it would need 2.8 million cells.
        let mut g = Grid::new((0.0, 0.0, 160_000.0, 160_000.0));
        assert!(g.cells.len() <= MAX_CELLS);
        assert!(g.frame.size > CELL);
        // A box every 2,000 px along both edges of the drawing.
        let mut id = 0;
        for k in 0..80 {
            let at = k as f64 * 2_000.0;
            for (x, y) in [(at, 0.0), (0.0, at), (at, 159_000.0), (159_000.0, at)] {
                g.insert(id, x, y, x + 100.0, y + 40.0);
                id += 1;
            }
        }
        // A query by a far corner meets the boxes near it only (folded,
        // it met every box of the last column and row).
        let mut seen = Seen::new();
        let near = collect_in(&g, &mut seen, (159_000.0, 158_000.0, 159_050.0, 158_020.0));
        assert!(!near.is_empty() && near.len() <= 4, "{near:?}");
    }

    #[test]
    fn cells_are_the_floor_of_the_coordinate_over_the_cell_size() {
        for v in [
            0.0, 95.9, 96.0, -0.0, -0.5, -96.0, -96.5, 1.0e300, -1.0e300, 4.0e15,
        ] {
            let want = (v / CELL).floor().clamp(-1.0e12, 1.0e12) as i64;
            assert_eq!(cell(v, CELL), want, "{v}");
        }
        assert_eq!(cell(f64::NAN, CELL), 0);
        assert_eq!(cell(f64::INFINITY, CELL), 1_000_000_000_000);
        assert_eq!(cell(f64::NEG_INFINITY, CELL), -1_000_000_000_000);
    }

    #[test]
    fn generations_wrap_without_losing_marks() {
        let mut g = Grid::new((0.0, 0.0, 4000.0, 4000.0));
        g.insert(3, 0.0, 0.0, 10.0, 10.0);
        let mut seen = Seen::new();
        seen.generation = u32::MAX - 1;
        for _ in 0..4 {
            assert_eq!(collect_in(&g, &mut seen, (0.0, 0.0, 10.0, 10.0)), vec![3]);
        }
    }
}
