//! Input validation and the cluster tree: which members every cluster owns,
//! cluster depths (computed iteratively, so arbitrarily deep nesting is fine)
//! and the mapping of every input edge onto one deduplicated "level edge"
//! between two direct members of the lowest common cluster.

use std::collections::BTreeMap;

use crate::layout::geom::dim;
use crate::layout::local::{MAX_LAYERED_EDGES, MAX_LAYERED_MEMBERS};
use crate::layout::{LayoutError, LayoutInput};

/// Largest drawing (in elements) laid out with the refinements for small
/// drawings: flows of their own, weighted cycle breaking, exits.
pub(crate) const SMALL_DRAWING: usize = 60;

/// Vertical gap between stacked labels of parallel edges.
pub(crate) const LABEL_STACK_GAP: f64 = 2.0;
/// Horizontal extent of the first self loop drawn to the right of a node.
pub(crate) const LOOP_BASE: f64 = 16.0;
/// Extra horizontal extent of every further self loop on the same node.
pub(crate) const LOOP_STEP: f64 = 8.0;

/// A direct member of a cluster (or of the virtual root).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Member {
    Node(usize),
    Cluster(usize),
}

/// An edge between two direct members (slots) of one container, standing for
/// one or more input edges.
#[derive(Clone, Debug)]
pub(crate) struct LevelEdge {
    pub a: usize,
    pub b: usize,
    /// Widest label among the represented edges.
    pub label_w: f64,
    /// Total height of the stacked labels.
    pub label_h: f64,
    /// Input edges represented from `a` to `b` and from `b` to `a`: cycle
    /// breaking keeps the direction most flows take. `None` in drawings of
    /// more than [`SMALL_DRAWING`] elements, whose cycles are broken by a
    /// depth-first search from `a` to `b`.
    pub flows: Option<[usize; 2]>,
}

/// How one input edge is realised.
#[derive(Clone, Copy, Debug)]
pub(crate) enum EdgePlan {
    /// `from == to`: the `k`-th loop on that node, label stacked at `stack_y`.
    SelfLoop { k: usize, stack_y: f64 },
    /// Routed through level edge `idx` of `container`; `reversed` if the input
    /// edge runs from the level edge's `b` to its `a`. `stack_y` is the offset
    /// of this edge's label inside the stacked label block.
    Level {
        container: usize,
        idx: usize,
        reversed: bool,
        stack_y: f64,
    },
}

/// Validated cluster tree. Containers are the clusters `0..n_clusters` plus
/// the virtual root with id `n_clusters`.
#[derive(Debug)]
pub(crate) struct Hierarchy {
    pub n_clusters: usize,
    /// Container of every cluster (root id for top-level clusters).
    pub cluster_parent: Vec<usize>,
    /// Container of every node.
    pub node_parent: Vec<usize>,
    /// Depth of every container; the root has depth 0.
    pub depth: Vec<usize>,
    /// Direct members of every container.
    pub members: Vec<Vec<Member>>,
    /// Slot (index into the parent's `members`) of every node.
    pub node_slot: Vec<usize>,
    /// Slot of every cluster.
    pub cluster_slot: Vec<usize>,
    /// Level edges of every container.
    pub level_edges: Vec<Vec<LevelEdge>>,
    /// Plan for every input edge.
    pub plans: Vec<EdgePlan>,
    /// Horizontal room needed right of every node for its self loops.
    pub loop_room: Vec<f64>,
    /// Number of self loops of every node.
    pub loop_count: Vec<usize>,
    /// Height of the stacked self-loop labels of every node.
    pub loop_label_h: Vec<f64>,
}

impl Hierarchy {
    /// Id of the virtual root container.
    pub fn root(&self) -> usize {
        self.n_clusters
    }
}

/// Validate `input` and build the [`Hierarchy`].
pub(crate) fn build(input: &LayoutInput) -> Result<Hierarchy, LayoutError> {
    let nc = input.clusters.len();
    let root = nc;
    let mut cluster_parent = Vec::with_capacity(nc);
    for (c, cl) in input.clusters.iter().enumerate() {
        match cl.parent {
            None => cluster_parent.push(root),
            Some(p) if p >= nc => return Err(LayoutError::BadCluster { node_or_cluster: c }),
            Some(p) if p == c => return Err(LayoutError::ClusterCycle { cluster: c }),
            Some(p) => cluster_parent.push(p),
        }
    }
    let mut node_parent = Vec::with_capacity(input.nodes.len());
    for (n, node) in input.nodes.iter().enumerate() {
        match node.cluster {
            None => node_parent.push(root),
            Some(c) if c >= nc => return Err(LayoutError::BadCluster { node_or_cluster: n }),
            Some(c) => node_parent.push(c),
        }
    }
    let depth = depths(&cluster_parent, root)?;

    let mut members: Vec<Vec<Member>> = vec![Vec::new(); nc + 1];
    let mut node_slot = vec![0; input.nodes.len()];
    let mut cluster_slot = vec![0; nc];
    for (n, &p) in node_parent.iter().enumerate() {
        node_slot[n] = members[p].len();
        members[p].push(Member::Node(n));
    }
    for (c, &p) in cluster_parent.iter().enumerate() {
        cluster_slot[c] = members[p].len();
        members[p].push(Member::Cluster(c));
    }

    let mut h = Hierarchy {
        n_clusters: nc,
        cluster_parent,
        node_parent,
        depth,
        members,
        node_slot,
        cluster_slot,
        level_edges: vec![Vec::new(); nc + 1],
        plans: Vec::with_capacity(input.edges.len()),
        loop_room: vec![0.0; input.nodes.len()],
        loop_count: vec![0; input.nodes.len()],
        loop_label_h: vec![0.0; input.nodes.len()],
    };
    map_edges(&mut h, input)?;
    Ok(h)
}

/// Depth of every container, detecting parent cycles without recursion.
fn depths(parent: &[usize], root: usize) -> Result<Vec<usize>, LayoutError> {
    const UNKNOWN: usize = usize::MAX;
    const ON_PATH: usize = usize::MAX - 1;
    let mut depth = vec![UNKNOWN; parent.len() + 1];
    depth[root] = 0;
    let mut path = Vec::new();
    for start in 0..parent.len() {
        let mut c = start;
        while depth[c] == UNKNOWN {
            depth[c] = ON_PATH;
            path.push(c);
            c = parent[c];
        }
        if depth[c] == ON_PATH {
            return Err(LayoutError::ClusterCycle { cluster: c });
        }
        let mut d = depth[c];
        while let Some(p) = path.pop() {
            d += 1;
            depth[p] = d;
        }
    }
    Ok(depth)
}

/// Map every input edge onto a level edge (or a self loop).
fn map_edges(h: &mut Hierarchy, input: &LayoutInput) -> Result<(), LayoutError> {
    let n = input.nodes.len();
    // (container, min slot, max slot, edge or MAX) -> level edge index.
    let mut index: BTreeMap<(usize, usize, usize, usize), usize> = BTreeMap::new();
    let mut loop_label_w = vec![0.0f64; n];
    let mut loop_stack = vec![0.0f64; n];
    // In a small drawing, a level small enough to be laid out in layers
    // gives every flow a level edge of its own (its own dummies and its own
    // label carrier); larger levels merge the flows between two members
    // into one. On the generated models of 100 elements and more, flows of
    // their own and weighted cycle breaking brought more shared stretches
    // (300 elements: 51 to 84), so their drawings keep the merged edges.
    let small = n <= SMALL_DRAWING;
    // Lowest common container and slots of every edge between two nodes.
    let lcas: Vec<Option<(usize, usize, usize)>> = input
        .edges
        .iter()
        .map(|e| (e.from < n && e.to < n && e.from != e.to).then(|| lowest_common(h, e.from, e.to)))
        .collect();
    let mut per_level = vec![0usize; h.members.len()];
    for &(c, _, _) in lcas.iter().flatten() {
        per_level[c] += 1;
    }
    let separate: Vec<bool> = (0..h.members.len())
        .map(|c| {
            small && h.members[c].len() <= MAX_LAYERED_MEMBERS && per_level[c] <= MAX_LAYERED_EDGES
        })
        .collect();
    for (e, edge) in input.edges.iter().enumerate() {
        if edge.from >= n || edge.to >= n {
            return Err(LayoutError::BadEdge { edge: e });
        }
        let (lw, lh) = (dim(edge.label_width), dim(edge.label_height));
        if edge.from == edge.to {
            let v = edge.from;
            let k = h.loop_count[v];
            h.loop_count[v] += 1;
            h.plans.push(EdgePlan::SelfLoop {
                k,
                stack_y: loop_stack[v],
            });
            loop_stack[v] += lh + LABEL_STACK_GAP;
            loop_label_w[v] = loop_label_w[v].max(lw);
            continue;
        }
        let Some((container, sa, sb)) = lcas[e] else {
            continue;
        };
        let own = if separate[container] { e } else { usize::MAX };
        let key = (container, sa.min(sb), sa.max(sb), own);
        let idx = *index.entry(key).or_insert_with(|| {
            h.level_edges[container].push(LevelEdge {
                a: sa,
                b: sb,
                label_w: 0.0,
                label_h: 0.0,
                flows: small.then_some([0, 0]),
            });
            h.level_edges[container].len() - 1
        });
        let le = &mut h.level_edges[container][idx];
        let stack_y = if le.label_h > 0.0 {
            le.label_h + LABEL_STACK_GAP
        } else {
            0.0
        };
        if lh > 0.0 || lw > 0.0 {
            le.label_h = stack_y + lh;
        }
        le.label_w = le.label_w.max(lw);
        let reversed = le.a != sa;
        if let Some(f) = le.flows.as_mut() {
            f[usize::from(reversed)] += 1;
        }
        h.plans.push(EdgePlan::Level {
            container,
            idx,
            reversed,
            stack_y,
        });
    }
    for v in 0..n {
        let c = h.loop_count[v];
        if c > 0 {
            h.loop_room[v] = LOOP_BASE + LOOP_STEP * (c - 1) as f64 + 6.0 + loop_label_w[v];
            h.loop_label_h[v] = (loop_stack[v] - LABEL_STACK_GAP).max(0.0);
        }
    }
    Ok(())
}

/// Lowest common container of nodes `u != v` and the slots of their
/// ancestors that are direct members of it.
fn lowest_common(h: &Hierarchy, u: usize, v: usize) -> (usize, usize, usize) {
    let (mut cu, mut cv) = (h.node_parent[u], h.node_parent[v]);
    let (mut su, mut sv) = (h.node_slot[u], h.node_slot[v]);
    while cu != cv {
        if h.depth[cu] >= h.depth[cv] {
            su = h.cluster_slot[cu];
            cu = h.cluster_parent[cu];
        } else {
            sv = h.cluster_slot[cv];
            cv = h.cluster_parent[cv];
        }
    }
    (cu, su, sv)
}
