//! Layout of the direct members of one container ("level"): chooses between
//! the layout-rs based layered layout (small levels) and the fast row packer
//! (large levels, or whenever layout-rs cannot be used safely).

use crate::layout::exits::{Ports, Terminal, Variant};
use crate::layout::geom::{center, clip_to_border, polyline_midpoint};
use crate::layout::hierarchy::LevelEdge;
use crate::layout::{Point, Rect, layered, pack};

/// Largest number of members handed to layout-rs at one level.
pub(crate) const MAX_LAYERED_MEMBERS: usize = 60;
/// Largest number of edges handed to layout-rs at one level.
pub(crate) const MAX_LAYERED_EDGES: usize = 180;
/// Largest member dimension handed to layout-rs (numerical safety).
pub(crate) const MAX_LAYERED_DIM: f64 = 1.0e5;
/// Horizontal offset of an edge label block from its anchor on the route.
pub(crate) const LABEL_OFFSET: f64 = 6.0;

/// Positions of the members of one container relative to its content origin.
#[derive(Debug, Clone, Default)]
pub(crate) struct LocalLayout {
    /// Top-left corner of every member slot.
    pub pos: Vec<Point>,
    /// Content width.
    pub width: f64,
    /// Content height.
    pub height: f64,
    /// Route of every level edge from slot `a` to slot `b` (≥ 2 points).
    pub routes: Vec<Vec<Point>>,
    /// Left-middle anchor of every level edge's label block.
    pub label_left: Vec<Point>,
    /// Route of every terminal's chain, from its member (excluded) to the
    /// terminal on the content's top or bottom edge; empty when the level
    /// was laid out without terminals.
    pub exits: Vec<Vec<Point>>,
    /// True if laid out in layers (false: packed in rows).
    pub layered: bool,
    /// Crossing reduction restarted from other orders could cross fewer
    /// flows here (`order::Layering::restartable`).
    pub restartable: bool,
}

/// Lay out members with the given slot `sizes` connected by `edges`.
/// `terms` are the container's outside flows ([`Terminal`]); a level that
/// cannot be laid out with them is laid out without. `ports` tell where
/// flows leave member boxes; `title` is the width of the container's title;
/// `variant`: see [`layered::layout`].
pub(crate) fn layout_level(
    sizes: &[(f64, f64)],
    edges: &[LevelEdge],
    terms: &[Terminal],
    ports: &Ports,
    title: f64,
    variant: Variant,
) -> LocalLayout {
    let small = sizes.len() <= MAX_LAYERED_MEMBERS && edges.len() <= MAX_LAYERED_EDGES;
    let sane = sizes
        .iter()
        .all(|&(w, h)| w <= MAX_LAYERED_DIM && h <= MAX_LAYERED_DIM)
        && edges
            .iter()
            .all(|e| e.label_w <= MAX_LAYERED_DIM && e.label_h <= MAX_LAYERED_DIM);
    if small && sane && !sizes.is_empty() {
        if !terms.is_empty()
            && let Some(l) = layered::layout(sizes, edges, terms, ports, title, variant)
        {
            return l;
        }
        if let Some(l) = layered::layout(sizes, edges, &[], ports, 0.0, variant) {
            return l;
        }
    }
    pack::layout(sizes, edges)
}

/// Straight routes between slot borders plus midpoint label anchors.
pub(crate) fn straight_routes(
    pos: &[Point],
    sizes: &[(f64, f64)],
    edges: &[LevelEdge],
) -> (Vec<Vec<Point>>, Vec<Point>) {
    let rect = |i: usize| Rect {
        x: pos[i].x,
        y: pos[i].y,
        width: sizes[i].0,
        height: sizes[i].1,
    };
    let mut routes = Vec::with_capacity(edges.len());
    let mut labels = Vec::with_capacity(edges.len());
    for e in edges {
        let (ra, rb) = (rect(e.a), rect(e.b));
        let route = vec![
            clip_to_border(&ra, center(&rb)),
            clip_to_border(&rb, center(&ra)),
        ];
        let m = polyline_midpoint(&route);
        labels.push(Point {
            x: m.x + LABEL_OFFSET,
            y: m.y,
        });
        routes.push(route);
    }
    (routes, labels)
}
