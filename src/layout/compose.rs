//! Composition of the per-level layouts: containers are laid out bottom-up
//! (deepest first, each child cluster acting as one box of its computed
//! size), then absolute positions are assigned top-down. Both passes iterate
//! over containers sorted by depth, so nesting depth never affects the stack.

use std::cmp::Reverse;

use crate::layout::exits::{self, Exits};
use crate::layout::geom::dim;
use crate::layout::hierarchy::{Hierarchy, Member};
use crate::layout::local::{LocalLayout, layout_level};
use crate::layout::{LayoutInput, Point, Rect};

/// Padding between a cluster border and its content.
pub(crate) const CLUSTER_PAD: f64 = 12.0;
/// Gap between a cluster's label line and its content.
pub(crate) const LABEL_GAP: f64 = 4.0;
/// Margin around the whole drawing.
pub(crate) const MARGIN: f64 = 20.0;
/// Minimum inner width / height of an empty cluster.
const MIN_INNER: f64 = 20.0;

/// Absolute geometry of all nodes, clusters and level layouts.
#[derive(Debug)]
pub(crate) struct Placement {
    pub node_rects: Vec<Rect>,
    pub cluster_rects: Vec<Rect>,
    /// Local layout of every container (root last).
    pub locals: Vec<LocalLayout>,
    /// Absolute content origin of every container.
    pub origin: Vec<Point>,
    /// Size of the root content plus margins.
    pub width: f64,
    pub height: f64,
    /// The exits the containers were laid out with, if any.
    pub exits: Option<Exits>,
    /// The ports every container was laid out with (empty without exits).
    pub ports: Vec<exits::Ports>,
    /// How many containers kept the level layout of the placement given
    /// as `prev` to [`place`] (told to the tests).
    #[cfg(test)]
    pub kept: usize,
}

/// Lay out all containers and assign absolute coordinates, with the
/// terminals of `exits` if given (see [`crate::layout::exits`]). A
/// container whose level layout would be the same as in `prev` keeps
/// `prev`'s: the result is the same, without laying it out again. That is
/// a container with the same variant (or one that only adds restarts or
/// free runs, or changes the anchoring, where they change nothing), its
/// terminals in the same order,
/// the same ports, and every nested container kept too.
pub(crate) fn place(
    input: &LayoutInput,
    h: &Hierarchy,
    exits: Option<Exits>,
    prev: Option<&Placement>,
) -> Placement {
    let nc = h.n_clusters;
    let root = h.root();
    let mut csize = vec![(0.0, 0.0); nc];
    let mut content_off = vec![Point { x: 0.0, y: 0.0 }; nc + 1];
    let mut locals: Vec<LocalLayout> = vec![LocalLayout::default(); nc + 1];
    let mut order: Vec<usize> = (0..=nc).collect();
    order.sort_by_key(|&c| (Reverse(h.depth[c]), c));

    let port_plan = exits.as_ref().map(|ex| exits::port_plan(h, ex));
    let mut all_ports = vec![exits::Ports::default(); nc + 1];
    // Whether each container kept `prev`'s level layout.
    let mut kept = vec![false; nc + 1];
    // Bottom-up: sizes.
    for &c in &order {
        let sizes: Vec<(f64, f64)> = h.members[c]
            .iter()
            .map(|m| match *m {
                Member::Node(n) => {
                    let node = &input.nodes[n];
                    (dim(node.width) + h.loop_room[n], dim(node.height))
                }
                Member::Cluster(k) => csize[k],
            })
            .collect();
        let terms = exits
            .as_ref()
            .and_then(|ex| ex.terms.get(c))
            .map_or(&[][..], Vec::as_slice);
        let title = input.clusters.get(c).map_or(0.0, |cl| dim(cl.label_width));
        let ports = port_plan
            .as_ref()
            .and_then(|p| p.get(c))
            .map(|p| {
                let n_edges = h.level_edges[c].len();
                exits::ports(p, n_edges, terms.len(), &locals, &csize, &content_off)
            })
            .unwrap_or_default();
        let variant = exits.as_ref().map(|ex| ex.variant).unwrap_or_default();
        let same = prev.and_then(|p| {
            let before = p.exits.as_ref()?;
            let nested_kept = h.members[c].iter().all(|m| match *m {
                Member::Node(_) => true,
                Member::Cluster(k) => kept[k],
            });
            let terms_before = before.terms.get(c).map_or(&[][..], Vec::as_slice);
            // Restarts change only the containers they could help, free
            // runs only those with a run of terminals.
            let without = |restarts: bool, free_runs: bool| exits::Variant {
                restarts,
                free_runs,
                ..variant
            };
            let local = p.locals.get(c)?;
            // The anchoring changes only the containers it adds edges to:
            // elsewhere `before`'s variant is like another that differs
            // from it in anchoring only.
            let like = |want: exits::Variant| {
                before.variant == want
                    || (!local.anchored
                        && exits::Variant {
                            anchor: want.anchor,
                            ..before.variant
                        } == want)
            };
            let same_variant = like(variant)
                || (variant.restarts
                    && like(without(false, variant.free_runs))
                    && !local.restartable)
                || (variant.free_runs
                    && like(without(variant.restarts, false))
                    && !exits::has_run(terms));
            let unchanged = same_variant
                && nested_kept
                && exits::same_terms(terms_before, terms)
                && p.ports.get(c) == Some(&ports);
            unchanged.then(|| local.clone())
        });
        kept[c] = same.is_some();
        let local = same.unwrap_or_else(|| {
            layout_level(&sizes, &h.level_edges[c], terms, &ports, title, variant)
        });
        all_ports[c] = ports;
        if c < nc {
            let cl = &input.clusters[c];
            let (lw, lh) = (dim(cl.label_width), dim(cl.label_height));
            let head = if lh > 0.0 { lh + LABEL_GAP } else { 0.0 };
            let inner_w = local.width.max(lw).max(MIN_INNER);
            let inner_h = local
                .height
                .max(if sizes.is_empty() { MIN_INNER } else { 0.0 });
            csize[c] = (
                inner_w + 2.0 * CLUSTER_PAD,
                inner_h + head + 2.0 * CLUSTER_PAD,
            );
            content_off[c] = Point {
                x: CLUSTER_PAD + (inner_w - local.width) / 2.0,
                y: CLUSTER_PAD + head,
            };
        }
        locals[c] = local;
    }

    // Top-down: absolute positions.
    let mut origin = vec![Point { x: 0.0, y: 0.0 }; nc + 1];
    origin[root] = Point {
        x: MARGIN,
        y: MARGIN,
    };
    let mut node_rects = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0
        };
        input.nodes.len()
    ];
    let mut cluster_rects = vec![
        Rect {
            x: 0.0,
            y: 0.0,
            width: 0.0,
            height: 0.0
        };
        nc
    ];
    for &c in order.iter().rev() {
        let o = origin[c];
        for (slot, m) in h.members[c].iter().enumerate() {
            let Some(p) = locals[c].pos.get(slot) else {
                continue;
            };
            let (x, y) = (o.x + p.x, o.y + p.y);
            match *m {
                Member::Node(n) => {
                    let node = &input.nodes[n];
                    node_rects[n] = Rect {
                        x,
                        y,
                        width: dim(node.width),
                        height: dim(node.height),
                    };
                }
                Member::Cluster(k) => {
                    cluster_rects[k] = Rect {
                        x,
                        y,
                        width: csize[k].0,
                        height: csize[k].1,
                    };
                    origin[k] = Point {
                        x: x + content_off[k].x,
                        y: y + content_off[k].y,
                    };
                }
            }
        }
    }
    Placement {
        node_rects,
        cluster_rects,
        width: locals[root].width + 2.0 * MARGIN,
        height: locals[root].height + 2.0 * MARGIN,
        locals,
        origin,
        exits,
        ports: all_ports,
        #[cfg(test)]
        kept: kept.iter().filter(|&&k| k).count(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::layout::{LayoutCluster, LayoutEdge, LayoutNode, hierarchy};

    /// A drawing like a focus view: boundaries, some nested, of a few
    /// elements each, and flows within and between them.
    pub(crate) fn drawing(seed: u64) -> LayoutInput {
        let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut next = |m: usize| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % m as u64) as usize
        };
        let nc = 3 + next(5);
        let mut clusters = Vec::new();
        for c in 0..nc {
            let parent = if c > 1 && next(3) == 0 {
                Some(next(c))
            } else {
                None
            };
            clusters.push(LayoutCluster {
                parent,
                label_width: 40.0 + next(80) as f64,
                label_height: 16.0,
            });
        }
        let nn = 8 + next(14);
        let mut nodes = Vec::new();
        for _ in 0..nn {
            let cluster = if next(6) > 0 { Some(next(nc)) } else { None };
            nodes.push(LayoutNode {
                width: 60.0 + next(90) as f64,
                height: 40.0,
                cluster,
            });
        }
        let mut edges = Vec::new();
        for _ in 0..nn + next(nn) {
            let (from, to) = (next(nn), next(nn));
            if from != to {
                edges.push(LayoutEdge {
                    from,
                    to,
                    label_width: 30.0 + next(40) as f64,
                    label_height: 14.0,
                });
            }
        }
        LayoutInput {
            nodes,
            clusters,
            edges,
        }
    }

    #[test]
    fn a_kept_level_layout_places_as_one_laid_out_again() {
        let v = |anchor, free_runs, restarts| exits::Variant {
            anchor,
            free_runs,
            restarts,
            sources_down: false,
        };
        // (variant of the placement kept from, variant placed), as the
        // layout derives them.
        let pairs = [
            (v(false, false, false), v(true, false, false)),
            (v(false, false, false), v(false, true, false)),
            (v(true, false, false), v(true, true, false)),
            (v(false, false, false), v(false, false, true)),
            (v(true, true, false), v(true, true, true)),
        ];
        let mut kept = 0;
        for seed in 0..40 {
            let input = drawing(seed);
            let h = hierarchy::build(&input).expect("a valid drawing");
            let first = place(&input, &h, None, None);
            let Some(planned) = exits::plan(&input, &h, &first) else {
                continue;
            };
            for (from, to) in pairs {
                let with = |variant| {
                    Some(Exits {
                        variant,
                        ..planned.clone()
                    })
                };
                let base = place(&input, &h, with(from), None);
                let again = place(&input, &h, with(to), None);
                let reused = place(&input, &h, with(to), Some(&base));
                assert_eq!(again.kept, 0);
                kept += reused.kept;
                assert_eq!(
                    reused.node_rects, again.node_rects,
                    "seed {seed}, {from:?} -> {to:?}"
                );
                assert_eq!(reused.cluster_rects, again.cluster_rects, "seed {seed}");
                for (a, b) in reused.locals.iter().zip(&again.locals) {
                    assert_eq!((&a.routes, &a.exits), (&b.routes, &b.exits), "seed {seed}");
                }
            }
        }
        // The drawings exercise keeping (else the test shows nothing).
        assert!(kept > 100, "{kept} level layouts kept");
    }
}
