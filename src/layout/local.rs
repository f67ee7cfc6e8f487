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
    /// Anchoring sources (`Variant::anchor`) could change this layout:
    /// laid out with the other anchoring, the level may differ.
    pub anchored: bool,
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
        if let ([size], [], []) = (sizes, edges, terms) {
            return lone(*size);
        }
        if !terms.is_empty()
            && let Some(l) = layered::layout(sizes, edges, terms, ports, title, variant)
        {
            return l;
        }
        // A layered layout that failed might not have with the other
        // anchoring, so what is laid out instead counts as anchored.
        let failed = !terms.is_empty();
        if let Some(l) = layered::layout(sizes, edges, &[], ports, 0.0, variant) {
            return LocalLayout {
                anchored: l.anchored || failed,
                ..l
            };
        }
        return LocalLayout {
            anchored: true,
            ..pack::layout(sizes, edges)
        };
    }
    pack::layout(sizes, edges)
}

/// A lone member with no flow and no terminal (most boundaries of a focus
/// view hold one element or one boundary), laid out as layout-rs lays it
/// out — at the origin, at least 1 px each way — without building a graph
/// for it.
fn lone((w, h): (f64, f64)) -> LocalLayout {
    // layout-rs centres the box in its halo and reports its corner, and
    // the level's extent is measured from that corner: the same sums give
    // the same bits.
    let extent = |size: f64, halo: f64| {
        let size = size.max(1.0);
        let corner = (size + halo) / 2.0 - size / 2.0;
        (corner + size) - corner
    };
    LocalLayout {
        pos: vec![Point { x: 0.0, y: 0.0 }],
        width: extent(w, layered::NODE_HALO_X),
        height: extent(h, layered::NODE_HALO_Y),
        layered: true,
        ..LocalLayout::default()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_member_is_laid_out_as_layout_rs_lays_it_out() {
        // Sizes at the edges, then many like the boxes' (widths of text).
        let mut sizes = vec![
            (0.0, 0.0),
            (0.4, 0.7),
            (1.0, 1.0),
            (120.7, 48.3),
            (96.0, 64.0),
            (333.33, 17.1),
            (1.0e4 + 0.1, 3.9),
        ];
        let mut seed = 0x2545_f491_u64;
        for _ in 0..400 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let (a, b) = ((seed >> 20) % 40_000, (seed >> 44) % 20_000);
            sizes.push((a as f64 / 97.0, b as f64 / 13.0));
        }
        for size in sizes {
            for variant in [
                Variant::default(),
                Variant {
                    anchor: true,
                    ..Variant::default()
                },
            ] {
                let slow = layered::layout(&[size], &[], &[], &Ports::default(), 0.0, variant)
                    .expect("one member is laid out");
                let fast = lone(size);
                assert_eq!(fast.pos.len(), 1);
                assert_eq!(
                    (fast.pos[0].x.to_bits(), fast.pos[0].y.to_bits()),
                    (slow.pos[0].x.to_bits(), slow.pos[0].y.to_bits()),
                    "{size:?}"
                );
                assert_eq!(
                    (fast.width.to_bits(), fast.height.to_bits()),
                    (slow.width.to_bits(), slow.height.to_bits()),
                    "{size:?}: {} x {} against {} x {}",
                    fast.width,
                    fast.height,
                    slow.width,
                    slow.height
                );
                assert!(slow.routes.is_empty() && slow.exits.is_empty());
                assert_eq!(
                    (fast.layered, fast.restartable, fast.anchored),
                    (slow.layered, slow.restartable, slow.anchored)
                );
            }
        }
    }
}
