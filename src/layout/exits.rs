//! Exits: where a flow from an element nested in a boundary leaves that
//! boundary on its way to another one.
//!
//! A boundary's content is laid out before its parent's, so at first it is
//! not known where the other end of an outside flow lies. The layout is
//! therefore done twice: the first placement tells, for every boundary an
//! outside flow leaves, whether the other end lies above or below it and how
//! far left or right ([`plan`]); the second lays every boundary out with one
//! [`Terminal`] per such flow in a rank above or below its members, ordered
//! by those positions, so crossing reduction places the members facing
//! their outside ends and the flow reaches the boundary's border through
//! dummies of its own instead of straight across the content. [`path`]
//! then gives the route from the element to the border of the outermost
//! boundary it leaves.

use crate::layout::compose::Placement;
use crate::layout::geom::center;
use crate::layout::hierarchy::{EdgePlan, Hierarchy, Member};
use crate::layout::{LayoutInput, Point, Rect};

/// Most terminals given to one container (beyond, flows keep the straight
/// exit of the first placement).
const MAX_TERMINALS: usize = 48;

/// Largest drawing (in elements) whose boundaries are laid out with exits:
/// on the generated models of 100 elements and more, whose levels of
/// many boxes are packed in rows, they brought more crossings and shared
/// stretches, not fewer, and the second placement doubles the layout time.
const MAX_NODES: usize = crate::layout::hierarchy::SMALL_DRAWING;

/// A flow leaving a container through its top (`below == false`) or bottom.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Terminal {
    /// The member (slot) the flow comes from or goes to.
    pub slot: usize,
    /// True if the flow's other end lies below the container.
    pub below: bool,
    /// Horizontal position of the other end (first placement), which orders
    /// the terminals of one rank.
    pub hint: f64,
}

/// Terminals of every container and the exits of every input edge.
#[derive(Clone, Debug, Default)]
pub(crate) struct Exits {
    /// Terminals of every container (root included, always empty there).
    pub terms: Vec<Vec<Terminal>>,
    /// For every input edge, its source's and its target's exits:
    /// `(container, terminal)` from the innermost container outwards, empty
    /// when that end needs none.
    pub sides: Vec<[Vec<(usize, usize)>; 2]>,
    /// How the containers are laid out with these exits; several are tried.
    pub variant: Variant,
}

/// A way of laying containers out with their exits (each is tried, and the
/// drawing with the fewest labels over boxes, then crossings, is kept).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Variant {
    /// Members below the terminals above keep their rank (see
    /// `layered::layout`).
    pub anchor: bool,
    /// Terminals of flows to one element outside may trade places to cross
    /// fewer flows inside (`order::layering`); else they keep the order of
    /// the flows.
    pub free_runs: bool,
    /// Crossing reduction in a small container sweeps again from other
    /// starting orders when crossings remain (`order::layering`).
    pub restarts: bool,
    /// Members no flow enters sit one rank above the nearest member their
    /// flows enter instead of in the top rank (`order::layering`), and
    /// keep that rank in layout-rs (`layered::layout`).
    pub sources_down: bool,
}

impl Exits {
    /// No terminal anywhere and no exit for any of `n_edges` flows, laid out
    /// with `variant`: a drawing without boundaries tried another way.
    pub(crate) fn none(n_containers: usize, n_edges: usize, variant: Variant) -> Exits {
        Exits {
            terms: vec![Vec::new(); n_containers],
            sides: vec![[Vec::new(), Vec::new()]; n_edges],
            variant,
        }
    }

    /// Whether some container has two terminals on one side with the same
    /// hint (flows to one element outside), which [`Variant::free_runs`]
    /// lets trade places.
    pub(crate) fn has_runs(&self) -> bool {
        self.terms.iter().any(|terms| has_run(terms))
    }

    /// Whether containers laid out with `other` would get the same layout
    /// as with these exits: terminals are used only through their slots,
    /// sides, the order of their hints and which hints are equal (see
    /// `order::layering`), so positions that moved without changing those
    /// change nothing.
    pub(crate) fn lays_out_as(&self, other: &Exits) -> bool {
        self.variant == other.variant
            && self.sides == other.sides
            && self.terms.len() == other.terms.len()
            && self
                .terms
                .iter()
                .zip(&other.terms)
                .all(|(a, b)| same_terms(a, b))
    }
}

/// Whether a container has two terminals on one side with the same hint.
pub(crate) fn has_run(terms: &[Terminal]) -> bool {
    terms.iter().enumerate().any(|(i, a)| {
        terms[..i]
            .iter()
            .any(|b| b.below == a.below && b.hint == a.hint)
    })
}

/// The order of a container's terminals in their ranks: those above, then
/// those below, each by hint (then as listed).
pub(crate) fn term_order(terms: &[Terminal]) -> Vec<usize> {
    let mut sorted: Vec<usize> = (0..terms.len()).collect();
    sorted.sort_by(|&x, &y| {
        let (a, b) = (&terms[x], &terms[y]);
        (a.below, a.hint, x)
            .partial_cmp(&(b.below, b.hint, y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    sorted
}

/// Whether one container's terminals `a` and `b` lay it out the same:
/// layering uses them only through their slots, sides, the order of their
/// hints and which hints are equal (see `order::layering`).
pub(crate) fn same_terms(a: &[Terminal], b: &[Terminal]) -> bool {
    /// The terminals in the order layering puts them, with whether each
    /// has the hint of the one before it.
    fn shape(terms: &[Terminal]) -> Vec<(usize, bool, bool)> {
        let mut prev: Option<&Terminal> = None;
        term_order(terms)
            .into_iter()
            .map(|t| {
                let term = &terms[t];
                let same = prev.is_some_and(|p| p.below == term.below && p.hint == term.hint);
                prev = Some(term);
                (t, term.below, same)
            })
            .collect()
    }
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.slot == y.slot && x.below == y.below)
        && shape(a) == shape(b)
}

/// Plan the exits from the first placement `first`; `None` if no flow
/// leaves a boundary above or below it.
pub(crate) fn plan(input: &LayoutInput, h: &Hierarchy, first: &Placement) -> Option<Exits> {
    if input.nodes.len() > MAX_NODES {
        return None;
    }
    let nc = h.n_clusters;
    let mut ex = Exits {
        terms: vec![Vec::new(); nc + 1],
        sides: Vec::with_capacity(h.plans.len()),
        variant: Variant::default(),
    };
    // Nodes inside every cluster, nested ones included.
    let mut size = vec![0usize; nc + 1];
    for &p in &h.node_parent {
        let mut c = p;
        while c < nc {
            size[c] += 1;
            c = h.cluster_parent[c];
        }
    }
    let mut any = false;
    for (edge, plan) in input.edges.iter().zip(&h.plans) {
        let mut sides: [Vec<(usize, usize)>; 2] = [Vec::new(), Vec::new()];
        // Flows between rows of packed boxes keep their straight exits.
        let layered = |c: usize| first.locals.get(c).is_some_and(|l| l.layered);
        if let EdgePlan::Level { container, .. } = *plan
            && layered(container)
        {
            let ends = [(edge.from, edge.to), (edge.to, edge.from)];
            let planned = ends.map(|(u, other)| leave(h, first, &ex.terms, u, other, container));
            // Only the end in the smaller box faces the other end; the other
            // keeps its place (both facing each other's first places would
            // swap them both).
            let outer = |p: &Vec<(usize, usize, bool)>| p.last().map_or(0, |&(c, _, _)| size[c]);
            let adapt = if outer(&planned[0]) <= outer(&planned[1]) {
                0
            } else {
                1
            };
            for (side, list) in planned.into_iter().enumerate() {
                let (u, other) = ends[side];
                let at = if side == adapt || ends_direct(h, other, container) {
                    other
                } else {
                    u
                };
                let hint = first.node_rects.get(at).map_or(0.0, |r| center(r).x);
                any |= !list.is_empty();
                sides[side] = list
                    .into_iter()
                    .map(|(c, slot, below)| {
                        ex.terms[c].push(Terminal { slot, below, hint });
                        (c, ex.terms[c].len() - 1)
                    })
                    .collect();
            }
        }
        ex.sides.push(sides);
    }
    any.then_some(ex)
}

/// Is node `v` a direct member of `container`?
fn ends_direct(h: &Hierarchy, v: usize, container: usize) -> bool {
    h.node_parent.get(v) == Some(&container)
}

/// Terminals for node `u`'s end of a flow to `other` whose level edge lies
/// in `lca`: `(cluster, slot, below)` for every cluster round `u` below
/// `lca`, all on the side facing `other`; none if `other` lies beside one of
/// them.
fn leave(
    h: &Hierarchy,
    first: &Placement,
    terms: &[Vec<Terminal>],
    u: usize,
    other: usize,
    lca: usize,
) -> Vec<(usize, usize, bool)> {
    let Some(o) = first.node_rects.get(other).map(center) else {
        return Vec::new();
    };
    let mut planned = Vec::new();
    let (mut c, mut slot) = (h.node_parent[u], h.node_slot[u]);
    while c != lca && c < h.n_clusters {
        let r = &first.cluster_rects[c];
        let below = if o.y > r.y + r.height {
            true
        } else if o.y < r.y {
            false
        } else {
            return Vec::new();
        };
        if terms[c].len() >= MAX_TERMINALS {
            return Vec::new();
        }
        planned.push((c, slot, below));
        slot = h.cluster_slot[c];
        c = h.cluster_parent[c];
    }
    planned
}

/// Route from inside the innermost container of `exits` to the border of
/// the outermost one, through every container's terminal chain; `None` if
/// one of the containers was not laid out with its terminals. Where a flow
/// has left a nested box upwards, it goes on straight up to the next border
/// when nothing (a member, the title, one of the container's own flows) is
/// in the way (downwards, on the clinic model, the straight exit sent the
/// kubelet's flow round a box along another flow's chain).
pub(crate) fn path(
    input: &LayoutInput,
    h: &Hierarchy,
    pl: &Placement,
    ex: &Exits,
    exits: &[(usize, usize)],
) -> Option<Vec<Point>> {
    if exits.is_empty() {
        return None;
    }
    let mut out: Vec<Point> = Vec::new();
    for &(c, t) in exits {
        let r = pl.cluster_rects.get(c)?;
        let below = ex.terms.get(c)?.get(t)?.below;
        let y = if below { r.y + r.height } else { r.y };
        if let Some(&from) = out.last()
            && !below
            && clear(input, h, pl, c, from, y)
        {
            out.push(Point { x: from.x, y });
            continue;
        }
        let chain = pl.locals.get(c)?.exits.get(t)?;
        let o = *pl.origin.get(c)?;
        out.extend(chain.iter().map(|p| Point {
            x: p.x + o.x,
            y: p.y + o.y,
        }));
        let last = *out.last()?;
        out.push(Point { x: last.x, y });
    }
    Some(out)
}

/// Is the vertical segment from `from` to height `y` inside container `c`
/// free of its members' boxes (but the one `from` lies on), its title and
/// its own flows?
fn clear(
    input: &LayoutInput,
    h: &Hierarchy,
    pl: &Placement,
    c: usize,
    from: Point,
    y: f64,
) -> bool {
    let (y0, y1) = (from.y.min(y), from.y.max(y));
    let x = from.x;
    let hits =
        |r: &Rect| x > r.x && x < r.x + r.width && y0 < r.y + r.height - 1.0 && y1 > r.y + 1.0;
    let boxes = h.members[c].iter().map(|m| match *m {
        Member::Node(n) => pl.node_rects.get(n),
        Member::Cluster(k) => pl.cluster_rects.get(k),
    });
    for r in boxes.flatten() {
        if hits(r) {
            return false;
        }
    }
    if let (Some(r), Some(cl)) = (pl.cluster_rects.get(c), input.clusters.get(c)) {
        let pad = crate::layout::compose::CLUSTER_PAD;
        let title = Rect {
            x: r.x + pad,
            y: r.y + pad,
            width: crate::layout::geom::dim(cl.label_width),
            height: crate::layout::geom::dim(cl.label_height),
        };
        if hits(&title) {
            return false;
        }
    }
    let (Some(local), Some(o)) = (pl.locals.get(c), pl.origin.get(c)) else {
        return false;
    };
    for route in &local.routes {
        for w in route.windows(2) {
            let (a, b) = (
                Point {
                    x: w[0].x + o.x,
                    y: w[0].y + o.y,
                },
                Point {
                    x: w[1].x + o.x,
                    y: w[1].y + o.y,
                },
            );
            if (a.x - x) * (b.x - x) < 0.0 {
                let yy = a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x);
                if yy > y0 && yy < y1 {
                    return false;
                }
            }
        }
    }
    true
}

/// Port offsets of one container's level edge ends and terminals: where,
/// across a member box, the flow leaves it through an exit of its own, in
/// rank positions (a box spans one: from -0.45 at its left to 0.45 at its
/// right); 0 (the centre) where unknown.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Ports {
    edges: Vec<[f64; 2]>,
    terms: Vec<f64>,
}

impl Ports {
    /// Offsets of level edge `e`'s ends `a` and `b`.
    pub fn edge(&self, e: usize) -> [f64; 2] {
        self.edges.get(e).copied().unwrap_or([0.0; 2])
    }

    /// Offset of terminal `t`'s member end.
    pub fn term(&self, t: usize) -> f64 {
        self.terms.get(t).copied().unwrap_or(0.0)
    }
}

/// What a port belongs to: an end (0: `a`, 1: `b`) of a level edge, or a
/// terminal's chain.
#[derive(Clone, Copy, Debug)]
pub(crate) enum PortOf {
    Edge(usize, usize),
    Term(usize),
}

/// For every container, the ports its members' exits make: `(what, k, t)`
/// where the flow leaves member box `k` through `k`'s terminal `t`.
pub(crate) fn port_plan(h: &Hierarchy, ex: &Exits) -> Vec<Vec<(PortOf, usize, usize)>> {
    let mut plan = vec![Vec::new(); h.n_clusters + 1];
    for (plan_e, sides) in h.plans.iter().zip(&ex.sides) {
        let EdgePlan::Level { container, idx, .. } = *plan_e else {
            continue;
        };
        for list in sides {
            for w in list.windows(2) {
                let ((k, t_in), (c, t)) = (w[0], w[1]);
                plan[c].push((PortOf::Term(t), k, t_in));
            }
            let (Some(&(k, t)), Some(le)) = (list.last(), h.level_edges[container].get(idx)) else {
                continue;
            };
            let end = usize::from(le.a != h.cluster_slot[k]);
            plan[container].push((PortOf::Edge(idx, end), k, t));
        }
    }
    plan
}

/// The [`Ports`] of a container with `n_edges` level edges and `n_terms`
/// terminals from its `plan`, given its member boxes' layouts so far
/// (`locals`), sizes (`csize`) and content offsets (`content_off`).
pub(crate) fn ports(
    plan: &[(PortOf, usize, usize)],
    n_edges: usize,
    n_terms: usize,
    locals: &[crate::layout::local::LocalLayout],
    csize: &[(f64, f64)],
    content_off: &[Point],
) -> Ports {
    let mut sum = vec![[(0.0, 0usize); 2]; n_edges];
    let mut terms = vec![0.0; n_terms];
    for &(what, k, t) in plan {
        let Some(last) = locals
            .get(k)
            .and_then(|l| l.exits.get(t))
            .and_then(|c| c.last())
        else {
            continue;
        };
        let (Some(&(w, _)), Some(off)) = (csize.get(k), content_off.get(k)) else {
            continue;
        };
        if w <= 0.0 {
            continue;
        }
        let o = ((last.x + off.x) / w - 0.5).clamp(-0.5, 0.5) * 0.9;
        match what {
            PortOf::Edge(e, end) => {
                if let Some(s) = sum.get_mut(e).and_then(|s| s.get_mut(end)) {
                    s.0 += o;
                    s.1 += 1;
                }
            }
            PortOf::Term(t) => {
                if let Some(s) = terms.get_mut(t) {
                    *s = o;
                }
            }
        }
    }
    let avg = |(s, n): (f64, usize)| if n > 0 { s / n as f64 } else { 0.0 };
    Ports {
        edges: sum.into_iter().map(|[a, b]| [avg(a), avg(b)]).collect(),
        terms,
    }
}
