//! Layered (Sugiyama style) layout of one small level using layout-rs.
//!
//! Ranks, dummy vertices and the order within every rank are computed in
//! [`crate::layout::order`]; layout-rs (`VisualGraph::do_it` with its optimisation
//! passes disabled and DAG validation off) then assigns coordinates with its
//! Brandes–Köpf placer. Members and label carriers are tagged boxes whose
//! geometry is captured by [`Capture`]; plain dummies are layout-rs
//! connectors whose positions are the bend points of the routed edges.

use std::panic::{AssertUnwindSafe, catch_unwind};

use layout::adt::dag::NodeHandle;
use layout::core::base::Orientation;
use layout::core::geometry::{Point as LPoint, Position};
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Element, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::layout::capture::Capture;
use crate::layout::exits::{Ports, Terminal, Variant};
use crate::layout::geom::{clip_to_border, overlaps, polyline_midpoint, rect_finite};
use crate::layout::hierarchy::LevelEdge;
use crate::layout::local::{LABEL_OFFSET, LocalLayout};
use crate::layout::order::{Layering, layering};
use crate::layout::{Point, Rect};

/// Horizontal halo (total gap contributed by one member) around members.
pub(crate) const NODE_HALO_X: f64 = 30.0;
/// Vertical halo around members (controls the rank separation).
pub(crate) const NODE_HALO_Y: f64 = 50.0;
/// Halo around label carrying dummies.
const LABEL_HALO: f64 = 10.0;
/// Extra width of a label carrier; the edge passes at half of it.
const LABEL_PAD: f64 = 12.0;
/// Largest number of vertices (members + dummies) handed to layout-rs.
const MAX_VERTICES: usize = 600;
/// Largest number of members allowed in one rank before we prefer packing.
const MAX_RANK_MEMBERS: usize = 16;

/// Layered layout of `sizes` / `edges`, or `None` if the level is unsuitable
/// for layout-rs (too large, too wide, or layout-rs failed).
/// `title` is the width of the container's title, which terminals above the
/// members keep clear of. With `variant.anchor`, members below the top rank
/// that have no predecessor keep their rank ([`unanchored`]); without,
/// they move up to the top rank beside the terminals there. With
/// `variant.free_runs`, terminals may trade places (`order::layering`).
pub(crate) fn layout(
    sizes: &[(f64, f64)],
    edges: &[LevelEdge],
    terms: &[Terminal],
    ports: &Ports,
    title: f64,
    variant: Variant,
) -> Option<LocalLayout> {
    let n = sizes.len();
    let lay = layering(n, edges, terms, ports, variant);
    let nv = lay.len();
    if nv > MAX_VERTICES
        || lay
            .layers
            .iter()
            .any(|l| l.iter().filter(|&&v| v < n).count() > MAX_RANK_MEMBERS)
    {
        return None;
    }
    let mut label_size = vec![None; nv];
    for (e, d) in lay.label_dummy.iter().enumerate() {
        if let Some(d) = *d {
            label_size[d] = Some((edges[e].label_w + LABEL_PAD, edges[e].label_h.max(1.0)));
        }
    }
    if let Some(t) = lay.title {
        label_size[t] = Some((title.max(1.0), 1.0));
    }
    // The edges anchoring adds; without any, both anchorings lay the
    // level out alike.
    let anchors = unanchored(&lay);
    let added = if variant.anchor || variant.sources_down {
        &anchors[..]
    } else {
        &[]
    };
    let rects = catch_unwind(AssertUnwindSafe(|| {
        run_layout_rs(&lay, sizes, &label_size, added)
    }))
    .ok()??;
    let local = assemble(&lay, sizes, edges, &label_size, &rects)?;
    Some(LocalLayout {
        anchored: !anchors.is_empty(),
        ..local
    })
}

/// layout-rs ranks a vertex one below its lowest predecessor, and a vertex
/// without one at the top; a member our layering put lower (below the
/// rank of terminals above the members) would move up and take its exit
/// chain with it, out of the order crossing reduction chose. Such a vertex
/// gets an edge from the vertex of the nearest rank above at the same
/// relative place, which layout-rs only uses for ranking and alignment.
/// Returns those edges, as (vertex above, vertex).
fn unanchored(lay: &Layering) -> Vec<(usize, usize)> {
    let mut has_pred = vec![false; lay.len()];
    let chains = lay.chains.iter().chain(&lay.exits);
    for chain in chains {
        for w in chain.windows(2) {
            let lower = if lay.rank[w[0]] < lay.rank[w[1]] {
                w[1]
            } else {
                w[0]
            };
            has_pred[lower] = true;
        }
    }
    let mut out = Vec::new();
    for (l, layer) in lay.layers.iter().enumerate().skip(1) {
        let Some(above) = lay.layers[..l].iter().rev().find(|a| !a.is_empty()) else {
            continue;
        };
        for (i, &v) in layer.iter().enumerate() {
            if has_pred[v] {
                continue;
            }
            let k = (i * above.len() / layer.len().max(1)).min(above.len() - 1);
            out.push((above[k], v));
        }
    }
    out
}

/// A layout-rs box of `size` tagged with `tag`, with the given halo.
fn tagged_box(tag: usize, size: (f64, f64), halo: LPoint, look: &StyleAttr) -> Element {
    let size = LPoint::new(size.0.max(1.0), size.1.max(1.0));
    let mut e = Element::create_with_properties(
        ShapeKind::Box(String::new()),
        look.clone(),
        Orientation::TopToBottom,
        size,
        tag.to_string(),
    );
    e.pos = Position::new(LPoint::zero(), size, LPoint::zero(), halo);
    e
}

/// Build the VisualGraph, run layout-rs and return the box of every vertex
/// (zero-sized at the centre for plain dummies), in layout-rs coordinates.
fn run_layout_rs(
    lay: &Layering,
    sizes: &[(f64, f64)],
    label_size: &[Option<(f64, f64)>],
    anchors: &[(usize, usize)],
) -> Option<Vec<Rect>> {
    let nv = lay.len();
    let look = StyleAttr::simple();
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    vg.dag.set_validate(false);
    let mut handle: Vec<Option<NodeHandle>> = vec![None; nv];
    // Adding vertices rank by rank makes layout-rs keep our in-rank order.
    for layer in &lay.layers {
        for &v in layer {
            let elem = if v < lay.n_real {
                tagged_box(v, sizes[v], LPoint::new(NODE_HALO_X, NODE_HALO_Y), &look)
            } else if let Some(sz) = label_size[v] {
                tagged_box(v, sz, LPoint::splat(LABEL_HALO), &look)
            } else {
                Element::empty_connector(Orientation::TopToBottom)
            };
            handle[v] = Some(vg.add_node(elem));
        }
    }
    let handle: Vec<NodeHandle> = handle.into_iter().collect::<Option<_>>()?;
    // Edges go straight into the DAG: every segment spans exactly one rank,
    // so layout-rs' own ranking reproduces ours and no arrows are needed.
    for chain in &lay.chains {
        for w in chain.windows(2) {
            vg.dag.add_edge(handle[w[0]], handle[w[1]]);
        }
    }
    for chain in &lay.exits {
        for w in chain.windows(2) {
            let (a, b) = if lay.rank[w[0]] < lay.rank[w[1]] {
                (w[0], w[1])
            } else {
                (w[1], w[0])
            };
            vg.dag.add_edge(handle[a], handle[b]);
        }
    }
    for &(above, v) in anchors {
        vg.dag.add_edge(handle[above], handle[v]);
    }
    let mut cap = Capture::default();
    vg.do_it(false, true, false, &mut cap);
    let mut rects: Vec<Option<Rect>> = vec![None; nv];
    for (t, xy, size) in cap.rects {
        if let Some(slot) = rects.get_mut(t) {
            *slot = Some(Rect {
                x: xy.x,
                y: xy.y,
                width: size.x,
                height: size.y,
            });
        }
    }
    for (v, r) in rects.iter_mut().enumerate() {
        if r.is_none() && v >= lay.n_real && label_size[v].is_none() {
            let c = vg.pos(handle[v]).center();
            *r = Some(Rect {
                x: c.x,
                y: c.y,
                width: 0.0,
                height: 0.0,
            });
        }
    }
    rects.into_iter().collect()
}

/// Turn captured boxes into a normalised [`LocalLayout`]; `None` if the
/// geometry is not usable (non-finite or overlapping members).
fn assemble(
    lay: &Layering,
    sizes: &[(f64, f64)],
    edges: &[LevelEdge],
    label_size: &[Option<(f64, f64)>],
    rects: &[Rect],
) -> Option<LocalLayout> {
    let n = lay.n_real;
    if !rects.iter().all(rect_finite) {
        return None;
    }
    // Member boxes with the real (possibly zero) sizes.
    let members: Vec<Rect> = (0..n)
        .map(|v| Rect {
            x: rects[v].x,
            y: rects[v].y,
            width: sizes[v].0,
            height: sizes[v].1,
        })
        .collect();
    for i in 0..n {
        for j in i + 1..n {
            if overlaps(&members[i], &members[j]) {
                return None;
            }
        }
    }
    let min_x = rects.iter().map(|r| r.x).fold(f64::INFINITY, f64::min);
    let min_y = rects.iter().map(|r| r.y).fold(f64::INFINITY, f64::min);
    let max_x = rects
        .iter()
        .map(|r| r.x + r.width)
        .fold(f64::NEG_INFINITY, f64::max);
    let max_y = rects
        .iter()
        .map(|r| r.y + r.height)
        .fold(f64::NEG_INFINITY, f64::max);
    let sh = |p: Point| Point {
        x: p.x - min_x,
        y: p.y - min_y,
    };
    let bend = |v: usize| {
        let r = &rects[v];
        let cy = r.y + r.height / 2.0;
        if label_size[v].is_some() {
            Point {
                x: r.x + LABEL_PAD / 2.0,
                y: cy,
            }
        } else {
            Point {
                x: r.x + r.width / 2.0,
                y: cy,
            }
        }
    };
    let mut routes = Vec::with_capacity(edges.len());
    let mut label_left = Vec::with_capacity(edges.len());
    for (e, chain) in lay.chains.iter().enumerate() {
        let (Some(&s), Some(&t)) = (chain.first(), chain.last()) else {
            return None;
        };
        let inner: Vec<Point> = chain[1..chain.len() - 1].iter().map(|&v| bend(v)).collect();
        let c = |v: usize| crate::layout::geom::center(&members[v]);
        let first = clip_to_border(&members[s], inner.first().copied().unwrap_or(c(t)));
        let last = clip_to_border(&members[t], inner.last().copied().unwrap_or(c(s)));
        let mut route: Vec<Point> = Vec::with_capacity(inner.len() + 2);
        route.push(sh(first));
        route.extend(inner.into_iter().map(sh));
        route.push(sh(last));
        if lay.reversed[e] {
            route.reverse();
        }
        let anchor = match lay.label_dummy[e] {
            Some(d) => {
                let r = &rects[d];
                sh(Point {
                    x: r.x + LABEL_PAD,
                    y: r.y + r.height / 2.0,
                })
            }
            None => {
                let m = polyline_midpoint(&route);
                Point {
                    x: m.x + LABEL_OFFSET,
                    y: m.y,
                }
            }
        };
        label_left.push(anchor);
        routes.push(route);
    }
    let exits = lay
        .exits
        .iter()
        .map(|chain| chain.iter().skip(1).map(|&v| sh(bend(v))).collect())
        .collect();
    Some(LocalLayout {
        exits,
        layered: true,
        restartable: lay.restartable,
        anchored: false,
        pos: members
            .iter()
            .map(|r| sh(Point { x: r.x, y: r.y }))
            .collect(),
        width: (max_x - min_x).max(0.0),
        height: (max_y - min_y).max(0.0),
        routes,
        label_left,
    })
}
