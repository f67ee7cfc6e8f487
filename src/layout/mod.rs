//! Compound (clustered) graph layout for the diagrams: nodes with sizes,
//! nested clusters (trust boundaries) and labelled edges in; rectangles,
//! edge polylines and label points out.
//!
//! Trust boundaries are nested clusters. [layout-rs](https://crates.io/crates/layout-rs)
//! lays out flat graphs only, so the compound layout is assembled here:
//!
//! 1. **Validation / tree** (`hierarchy`): indices are checked, cluster
//!    depths are computed iteratively (cycles are reported), and every
//!    cluster's *direct members* are collected — its own nodes plus its child
//!    clusters. A virtual root container holds top-level members.
//! 2. **Edge lifting**: an edge `u → v` is represented at the lowest common
//!    container of `u` and `v`, between the ancestors of `u` and `v` that are
//!    direct members there. Parallel / anti-parallel edges between the same
//!    two members are merged into one *level edge* (labels are stacked).
//! 3. **Bottom-up layout** (`compose`, `local`): containers are processed
//!    deepest first. Each child cluster is one box with its already computed
//!    size. A level with few members is laid out as a layered graph: ranks,
//!    dummy vertices and crossing reduction are computed in `order`
//!    (crossings counted in `count`), and layout-rs (`VisualGraph::do_it`
//!    with its super-linear optimisation passes disabled) assigns
//!    coordinates (`layered`); geometry is captured by a custom
//!    `RenderBackend` (`capture`). Large levels (e.g. hundreds of
//!    namespace boxes) use a linear-time BFS-ordered row packer (`pack`).
//!    A cluster box is its content plus padding and a label line on top.
//!    Flows from a nested element to another boundary are then planned
//!    (`exits`) and the containers laid out a second time, each with one
//!    terminal per such flow above or below its members.
//! 4. **Top-down placement**: absolute coordinates are assigned from the root
//!    down (origin top-left, y grows downwards, with a margin).
//! 5. **Routing** (`route`): every edge reuses its level edge's route (the
//!    bend points are the layout-rs positioned dummies) and is extended with
//!    the terminal chains of nested endpoints (or straight segments where a
//!    container has none); self loops are small loops.
//! 6. **Legibility** (`tidy`, `detour`, `labels`): parallel flows get lanes of their own, routes
//!    walk round element boxes and boundary titles they would cross, and
//!    every label is centred on its own route where it overlaps nothing.
//!
//! The result is deterministic (no hash-order dependence) and never panics on
//! malformed input; bad indices and cluster cycles are reported as
//! [`LayoutError`]. Sizes that are NaN / negative are treated as 0 and huge
//! sizes are clamped to 1e9.

mod capture;
mod compose;
mod count;
mod cut;
mod detour;
mod exits;
mod geom;
mod grid;
mod hierarchy;
mod labels;
mod layered;
mod local;
mod order;
mod pack;
mod route;
pub mod text;
mod tidy;

/// A node (element) to place.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutNode {
    pub width: f64,
    pub height: f64,
    /// Innermost cluster containing the node, if any.
    pub cluster: Option<usize>,
}

/// A cluster (trust boundary); clusters may be given in any order.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutCluster {
    pub parent: Option<usize>,
    pub label_width: f64,
    pub label_height: f64,
}

/// A directed edge between two nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutEdge {
    pub from: usize,
    pub to: usize,
    pub label_width: f64,
    pub label_height: f64,
}

/// The graph to lay out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayoutInput {
    pub nodes: Vec<LayoutNode>,
    pub clusters: Vec<LayoutCluster>,
    pub edges: Vec<LayoutEdge>,
}

/// Axis-aligned rectangle; `(x, y)` is the top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A point in absolute coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// The computed layout; vectors are indexed like the input.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOutput {
    pub nodes: Vec<Rect>,
    pub clusters: Vec<Rect>,
    pub edges: Vec<EdgeRoute>,
    /// Total drawing size including the margin.
    pub width: f64,
    pub height: f64,
}

/// Route of one edge.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeRoute {
    /// Polyline from the source node border to the target node border
    /// (at least two points).
    pub points: Vec<Point>,
    /// Centre of the edge label, near the middle of the route.
    pub label: Point,
}

/// Reasons why an input cannot be laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// A node's cluster index (or a cluster's parent index) is out of range;
    /// carries the index of the offending node or cluster respectively.
    BadCluster { node_or_cluster: usize },
    /// An edge endpoint is out of range.
    BadEdge { edge: usize },
    /// The cluster parent relation contains a cycle through `cluster`.
    ClusterCycle { cluster: usize },
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LayoutError::BadCluster { node_or_cluster } => {
                write!(
                    f,
                    "cluster index out of range at node/cluster {node_or_cluster}"
                )
            }
            LayoutError::BadEdge { edge } => write!(f, "edge {edge} has an endpoint out of range"),
            LayoutError::ClusterCycle { cluster } => {
                write!(f, "cluster {cluster} is part of a parent cycle")
            }
        }
    }
}

impl std::error::Error for LayoutError {}

/// How a layout is judged: labels over a box or another label, then
/// crossings; the lower the better.
type Score = (usize, usize);

/// No label over a box or another label and no crossing: nothing beats it.
const CLEAN: Score = (0, 0);

/// The score of a layout that cannot beat its rival (its labels were not
/// placed): above every score of a placed layout.
const LOST: usize = usize::MAX;

/// Routes of every input edge over placement `pl`, tidied, with their
/// labels placed; the routes alone when `judge` is `None` (the layout is
/// the only one). Else they are scored, and a layout that cannot beat the
/// `Some` rival of `judge` (an earlier one, which wins ties) is not given
/// its labels: with no label over a box the rival loses only to fewer
/// crossings, and labels do not move routes. Such a layout scores
/// [`LOST`] and is never the one drawn.
fn finish(
    input: &LayoutInput,
    h: &hierarchy::Hierarchy,
    pl: &compose::Placement,
    judge: Option<Option<Score>>,
) -> (Vec<EdgeRoute>, Score) {
    let mut edges = route::routes(input, h, pl);
    let obstacles = tidy::lines(input, h, &pl.node_rects, &pl.cluster_rects, &mut edges);
    let Some(rival) = judge else {
        tidy::labels(input, h, &obstacles, &mut edges);
        return (edges, CLEAN);
    };
    let lines: Vec<&[Point]> = edges.iter().map(|r| r.points.as_slice()).collect();
    let crossings = geom::crossings(&lines);
    if let Some((0, fewest)) = rival
        && crossings >= fewest
    {
        return (edges, (LOST, crossings));
    }
    let overlapping = tidy::labels(input, h, &obstacles, &mut edges);
    (edges, (overlapping, crossings))
}

/// Compute a compound layout of `input`. See the crate docs for the algorithm.
pub fn layout(input: &LayoutInput) -> Result<LayoutOutput, LayoutError> {
    let h = hierarchy::build(input)?;
    let first = compose::place(input, &h, None, None);
    // Without exits to plan (drawings of more than 60 elements, or without
    // a flow across a boundary's top or bottom), the first placement is
    // kept, or for a small drawing without boundaries the better of it and
    // the one with sources lowered. Otherwise the containers are laid out
    // again with the exits planned from it, with and without members
    // anchored below the terminals above them, then, as the better of
    // those, with runs of terminals trading places (`exits::Variant`);
    // the placement with the fewest labels over a box or another label,
    // then the fewest crossings, is kept (on a tie, the earliest with
    // exits; the first placement only when it is strictly better). Nothing
    // beats no label over a box and no crossing, so the tries stop at the
    // first placement with exits that scores so, and the first placement
    // is then not routed at all: the result is the same, at a third of the
    // cost (most focus views stop there). A best placement that is not
    // clean is tried once more with exits planned from itself.
    let Some(planned) = exits::plan(input, &h, &first) else {
        // A small drawing without boundaries is also laid out with its
        // sources lowered (`exits::Variant::sources_down`), kept when
        // strictly better: random drawings of 12 to 25 elements went from
        // 15, 11 and 91 crossings to 11, 9 and 35 (Graphviz 5, 12, 32).
        // Scored only then: counting the crossings of a large drawing's
        // routes was a quarter of the build of 10,000 elements.
        let flat = input.clusters.is_empty() && input.nodes.len() <= hierarchy::SMALL_DRAWING;
        let (routes, first_score) = finish(input, &h, &first, flat.then_some(None));
        if flat && first_score != CLEAN {
            let variant = exits::Variant {
                sources_down: true,
                ..exits::Variant::default()
            };
            let ex = exits::Exits::none(h.n_clusters + 1, input.edges.len(), variant);
            let pl = compose::place(input, &h, Some(ex), None);
            let (lowered, score) = finish(input, &h, &pl, Some(Some(first_score)));
            if score < first_score {
                return Ok(output(input, pl, lowered));
            }
        }
        return Ok(output(input, first, routes));
    };
    type Candidate = (compose::Placement, Vec<EdgeRoute>, Score);
    let mut cands: Vec<Candidate> = Vec::with_capacity(3);
    // The best candidate: the lowest score, the earliest on a tie.
    let best_of = |cands: &[Candidate]| {
        (0..cands.len())
            .min_by_key(|&k| (cands[k].2, k))
            .unwrap_or(0)
    };
    // A placement with `variant`, keeping the level layouts of candidate
    // `base` that the variant cannot change; judged against the best so far.
    let place = |variant: exits::Variant, base: Option<usize>, cands: &mut Vec<Candidate>| {
        let mut ex = planned.clone();
        ex.variant = variant;
        let prev = base.and_then(|k| cands.get(k)).map(|c| &c.0);
        let pl = compose::place(input, &h, Some(ex), prev);
        let rival = cands.get(best_of(cands)).map(|c| c.2);
        let (routes, sc) = finish(input, &h, &pl, Some(rival));
        cands.push((pl, routes, sc));
    };
    let clean = |cands: &[Candidate]| cands.iter().any(|c| c.2 == CLEAN);
    // Anchored, the containers anchoring adds no edge to keep the level
    // layouts of the first placement with exits.
    for anchor in [false, true] {
        if !clean(&cands) {
            place(
                exits::Variant {
                    anchor,
                    ..exits::Variant::default()
                },
                anchor.then_some(0),
                &mut cands,
            );
        }
    }
    // Without two terminals to trade places, free runs lay out the same.
    if !clean(&cands) && planned.has_runs() {
        let anchor = cands[1].2 < cands[0].2;
        place(
            exits::Variant {
                anchor,
                free_runs: true,
                ..exits::Variant::default()
            },
            Some(usize::from(anchor)),
            &mut cands,
        );
    }
    // The best so far again, its small containers' crossing reduction
    // restarted from other orders, where some container could gain from it
    // (kept only when the whole drawing is better for it: a container's
    // own crossings can fall while the drawing's rise).
    if !clean(&cands) {
        let base = best_of(&cands);
        let variant = cands
            .get(base)
            .filter(|c| c.0.locals.iter().any(|l| l.restartable))
            .and_then(|c| c.0.exits.as_ref())
            .map(|e| e.variant);
        if let Some(variant) = variant {
            place(
                exits::Variant {
                    restarts: true,
                    ..variant
                },
                Some(base),
                &mut cands,
            );
        }
    }
    let mut best = best_of(&cands);
    // Exits were planned from the first placement, where the other ends of
    // a boundary's flows may lie in another order than in the best
    // placement with exits (payment-online: Merchant / Web moved from the
    // left of Stripe / Web to its right, and the flow to it kept its exit
    // on the left, crossing two). Planned again from the best, with its
    // variant, they are kept when the whole drawing is strictly better.
    if let Some(again) = cands.get(best).filter(|c| c.2 != CLEAN).and_then(|c| {
        let now = c.0.exits.as_ref()?;
        let mut ex = exits::plan(input, &h, &c.0)?;
        ex.variant = now.variant;
        // The same order of terminals lays the containers out the same.
        (!ex.lays_out_as(now)).then_some(ex)
    }) {
        let pl = compose::place(input, &h, Some(again), cands.get(best).map(|c| &c.0));
        let rival = cands.get(best).map(|c| c.2);
        let (routes, sc) = finish(input, &h, &pl, Some(rival));
        cands.push((pl, routes, sc));
        best = best_of(&cands);
    }
    if cands.get(best).is_none_or(|c| c.2 != CLEAN) {
        // The first placement wins only when strictly better, so a tie
        // loses as to an earlier rival.
        let rival = cands.get(best).map(|c| c.2);
        let (routes, sc) = finish(input, &h, &first, Some(rival));
        if rival.is_none_or(|r| sc < r) {
            return Ok(output(input, first, routes));
        }
    }
    let (pl, edges, _) = cands.swap_remove(best);
    Ok(output(input, pl, edges))
}

/// The layout output of placement `pl` with its tidied `edges`, shifted
/// right or down where tidying moved routes or labels past the left or top
/// margin, and sized to hold them.
fn output(
    input: &LayoutInput,
    mut pl: compose::Placement,
    mut edges: Vec<EdgeRoute>,
) -> LayoutOutput {
    let (mut min_x, mut min_y) = (compose::MARGIN, compose::MARGIN);
    for (r, e) in edges.iter().zip(&input.edges) {
        for p in &r.points {
            min_x = min_x.min(p.x);
            min_y = min_y.min(p.y);
        }
        let (lw, lh) = (geom::dim(e.label_width), geom::dim(e.label_height));
        if lw > 0.0 || lh > 0.0 {
            min_x = min_x.min(r.label.x - lw / 2.0);
            min_y = min_y.min(r.label.y - lh / 2.0);
        }
    }
    let (dx, dy) = (compose::MARGIN - min_x, compose::MARGIN - min_y);
    if dx > 0.0 || dy > 0.0 {
        let moved = |r: &mut Rect| {
            r.x += dx;
            r.y += dy;
        };
        pl.node_rects.iter_mut().for_each(moved);
        pl.cluster_rects.iter_mut().for_each(moved);
        for r in &mut edges {
            for p in r.points.iter_mut().chain(std::iter::once(&mut r.label)) {
                p.x += dx;
                p.y += dy;
            }
        }
        pl.width += dx;
        pl.height += dy;
    }
    // Make sure routes and labels are inside the reported drawing size.
    let (mut width, mut height) = (pl.width, pl.height);
    for (r, e) in edges.iter().zip(&input.edges) {
        for p in &r.points {
            width = width.max(p.x + compose::MARGIN);
            height = height.max(p.y + compose::MARGIN);
        }
        let (lw, lh) = (geom::dim(e.label_width), geom::dim(e.label_height));
        width = width.max(r.label.x + lw / 2.0 + compose::MARGIN);
        height = height.max(r.label.y + lh / 2.0 + compose::MARGIN);
    }
    LayoutOutput {
        nodes: pl.node_rects,
        clusters: pl.cluster_rects,
        edges,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_that_cannot_win_is_scored_on_the_same_routes() {
        let points = |r: &[EdgeRoute]| r.iter().map(|e| e.points.clone()).collect::<Vec<_>>();
        let labels = |r: &[EdgeRoute]| r.iter().map(|e| e.label).collect::<Vec<_>>();
        let mut crossed = 0;
        for seed in 0..30 {
            let input = compose::tests::drawing(seed);
            let h = hierarchy::build(&input).expect("a valid drawing");
            let pl = compose::place(&input, &h, None, None);
            let (full, score) = finish(&input, &h, &pl, Some(None));
            // A rival with no label over a box and as few crossings wins:
            // the labels are not placed, and the routes are the same.
            let (bare, lost) = finish(&input, &h, &pl, Some(Some((0, score.1))));
            assert_eq!(lost, (LOST, score.1), "seed {seed}");
            assert_eq!(points(&bare), points(&full), "seed {seed}");
            // A rival it may beat, or one with a label over a box, lets it
            // place its labels as without a rival.
            for rival in [(0, score.1 + 1), (1, 0)] {
                let (placed, again) = finish(&input, &h, &pl, Some(Some(rival)));
                assert_eq!(again, score, "seed {seed}");
                assert_eq!(labels(&placed), labels(&full), "seed {seed}");
            }
            crossed += usize::from(score.1 > 0);
        }
        // The drawings cross (else the crossings compared show nothing).
        assert!(crossed > 10, "{crossed} drawings with crossings");
    }
}
