//! Pure graph passes for the layered path: cycle breaking (DFS), longest-path
//! layering, long-edge splitting with dummy vertices and barycentric crossing
//! reduction, crossings counted with an accumulator tree (`count`).
//! layout-rs is then only asked to assign coordinates, which keeps its
//! expensive optimisation passes switched off.
//!
//! Flows that leave the container are represented by *terminals*
//! ([`Terminal`]): vertices in an extra rank above or below every member,
//! in the fixed order of where the flows' other ends lie, each joined to
//! its member by a chain of dummies. Crossing reduction then orders the
//! members so that their outside flows cross neither each other nor the
//! container's own flows.
//!
//! Where a flow leaves a member box through an exit of its own
//! ([`Ports`]), barycentres and crossings count its neighbour at the
//! exit's place across the box rather than at the box's centre.

use crate::layout::count;
use crate::layout::exits::{Ports, Terminal, Variant};
use crate::layout::hierarchy::LevelEdge;

/// Most barycenter sweeps (alternating down / up).
const SWEEPS: usize = 24;
/// Sweeps without improvement after which the search stops.
const PATIENCE: usize = 6;

/// Result of layering the members of one container.
#[derive(Debug)]
pub(crate) struct Layering {
    /// Number of real vertices (members); dummies follow.
    pub n_real: usize,
    /// Vertices of every layer, in left-to-right order.
    pub layers: Vec<Vec<usize>>,
    /// Vertex chain of every level edge, in layering direction.
    pub chains: Vec<Vec<usize>>,
    /// True if the chain runs from the level edge's `b` to its `a`.
    pub reversed: Vec<bool>,
    /// Dummy vertex carrying the label of every labelled level edge.
    pub label_dummy: Vec<Option<usize>>,
    /// Vertex chain of every terminal, from its member to the terminal
    /// (the terminal last).
    pub exits: Vec<Vec<usize>>,
    /// Rank of every vertex.
    pub rank: Vec<usize>,
    /// Vertex keeping the terminals above the members clear of the
    /// container's title: first in their rank.
    pub title: Option<usize>,
    /// Crossings remain that restarting the crossing reduction from other
    /// orders (`Variant::restarts`) could remove: the container is small
    /// enough for restarts, and they were not tried.
    pub restartable: bool,
}

impl Layering {
    /// Total vertex count, dummies included.
    pub fn len(&self) -> usize {
        self.layers.iter().map(Vec::len).sum()
    }
}

/// A neighbour in the next or previous rank: `(vertex, port offset at
/// this end, port offset at the neighbour)`, offsets in rank positions.
type Adj = (usize, f64, f64);

/// Compute the layering of `n` members connected by `edges`, with the
/// container's outside flows as `terms` and the exits of nested flows as
/// `ports`. With `free_runs`, terminals of flows to one element outside
/// (same hint) may trade places; else every terminal keeps its place.
pub(crate) fn layering(
    n: usize,
    edges: &[LevelEdge],
    terms: &[Terminal],
    ports: &Ports,
    variant: Variant,
) -> Layering {
    let free_runs = variant.free_runs;
    // Weighted cycle breaking where the level edges count their flows
    // (small drawings), else a depth-first search from `a` to `b`; the
    // depth-first order of the edges so directed is the initial order.
    let weighted = edges.iter().all(|e| e.flows.is_some());
    let acyclic = weighted.then(|| acyclic_order(n, edges));
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        if acyclic.as_ref().is_none_or(|p| p[e.a] < p[e.b]) {
            out[e.a].push(e.b);
        } else {
            out[e.b].push(e.a);
        }
    }
    let dfs = dfs_order(&out);
    let pos = acyclic.unwrap_or_else(|| dfs.clone());
    let mut reversed = Vec::with_capacity(edges.len());
    let mut fwd: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        let rev = pos[e.a] > pos[e.b];
        reversed.push(rev);
        let (s, t) = if rev { (e.b, e.a) } else { (e.a, e.b) };
        fwd[s].push(t);
    }
    // Longest path layering in topological order.
    let mut topo: Vec<usize> = (0..n).collect();
    topo.sort_by_key(|&v| pos[v]);
    let mut lp = vec![0usize; n];
    for &s in &topo {
        for &t in &fwd[s] {
            lp[t] = lp[t].max(lp[s] + 1);
        }
    }
    // With `sources_down`, a member no flow enters sits one rank above the
    // nearest member its flows enter, not in the top rank: its flows get
    // no longer than they need (on random drawings without boundaries,
    // most of the crossings were long flows from sources at the top).
    if variant.sources_down {
        let mut entered = vec![false; n];
        for &t in fwd.iter().flatten() {
            entered[t] = true;
        }
        for (v, targets) in fwd.iter().enumerate() {
            if let Some(m) = targets.iter().map(|&t| lp[t]).min().filter(|_| !entered[v]) {
                lp[v] = m.saturating_sub(1);
            }
        }
    }
    let labelled = edges.iter().any(|e| e.label_w > 0.0 || e.label_h > 0.0);
    let scale = if labelled { 2 } else { 1 };
    let above = usize::from(terms.iter().any(|t| !t.below));
    let mut level: Vec<usize> = lp.iter().map(|l| l * scale + above).collect();
    let bottom = level.iter().copied().max().map_or(0, |m| m + 1);

    // Split long edges.
    let mut chains = Vec::with_capacity(edges.len());
    let mut label_dummy = Vec::with_capacity(edges.len());
    for (e, &rev) in edges.iter().zip(&reversed) {
        let (s, t) = if rev { (e.b, e.a) } else { (e.a, e.b) };
        let mut chain = vec![s];
        for l in level[s] + 1..level[t] {
            chain.push(level.len());
            level.push(l);
        }
        chain.push(t);
        let k = chain.len() - 2;
        let has_label = e.label_w > 0.0 || e.label_h > 0.0;
        label_dummy.push(if has_label && k > 0 {
            Some(chain[1 + (k - 1) / 2])
        } else {
            None
        });
        chains.push(chain);
    }

    // Terminals, above then below, each rank in the order of the hints.
    let sorted = crate::layout::exits::term_order(terms);
    let mut exits = vec![Vec::new(); terms.len()];
    // Fixed vertices (the title, terminals) with their run: terminals of
    // one run have the same hint (flows to one element outside) and may
    // trade places; runs keep their order.
    let mut fixed: Vec<(usize, usize)> = Vec::new();
    let title = (above > 0).then(|| {
        level.push(0);
        fixed.push((level.len() - 1, 0));
        level.len() - 1
    });
    let mut run = 0;
    let mut last: Option<(bool, f64)> = None;
    for t in sorted {
        let term = &terms[t];
        if !free_runs || last != Some((term.below, term.hint)) {
            run += 1;
            last = Some((term.below, term.hint));
        }
        let s = term.slot.min(n.saturating_sub(1));
        let tv = level.len();
        level.push(if term.below { bottom } else { 0 });
        fixed.push((tv, run));
        let mut chain = vec![s];
        let (lo, hi) = if term.below {
            (level[s] + 1, bottom)
        } else {
            (1, level[s])
        };
        let mut mid: Vec<usize> = Vec::new();
        for l in lo..hi {
            mid.push(level.len());
            level.push(l);
        }
        if !term.below {
            mid.reverse();
        }
        chain.extend(mid);
        chain.push(tv);
        exits[t] = chain;
    }

    let nv = level.len();
    let mut preds: Vec<Vec<Adj>> = vec![Vec::new(); nv];
    let mut succs: Vec<Vec<Adj>> = vec![Vec::new(); nv];
    // Segment (x, y) of a chain whose first vertex has port offset `o0`
    // and whose last has `o1`.
    let mut link = |chain: &[usize], o0: f64, o1: f64| {
        let k = chain.len().saturating_sub(1);
        for (i, w) in chain.windows(2).enumerate() {
            let ox = if i == 0 { o0 } else { 0.0 };
            let oy = if i + 1 == k { o1 } else { 0.0 };
            // Exit chains run from the member outwards: up for terminals
            // above, against the layering direction.
            let (s, t, os, ot) = if level[w[0]] < level[w[1]] {
                (w[0], w[1], ox, oy)
            } else {
                (w[1], w[0], oy, ox)
            };
            succs[s].push((t, os, ot));
            preds[t].push((s, ot, os));
        }
    };
    for (e, chain) in chains.iter().enumerate() {
        let [pa, pb] = ports.edge(e);
        let (o0, o1) = if reversed[e] { (pb, pa) } else { (pa, pb) };
        link(chain, o0, o1);
    }
    for (t, chain) in exits.iter().enumerate() {
        link(chain, ports.term(t), 0.0);
    }
    let nl = level.iter().copied().max().map_or(0, |m| m + 1);
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); nl];
    // Initial order: DFS order for real vertices, creation order for dummies.
    let mut init: Vec<usize> = (0..nv).collect();
    init.sort_by_key(|&v| (v >= n, if v < n { dfs[v] } else { v }));
    for v in init {
        layers[level[v]].push(v);
    }
    // Terminal ranks hold terminals only and keep the order of their runs.
    let mut runs: Vec<Option<usize>> = vec![None; nv];
    for &(v, r) in &fixed {
        runs[v] = Some(r);
    }
    let restartable = reduce_crossings(&mut layers, &preds, &succs, &runs, variant.restarts);
    Layering {
        n_real: n,
        layers,
        chains,
        reversed,
        label_dummy,
        exits,
        rank: level,
        title,
        restartable,
    }
}

/// Position of every vertex in a linear order that few flows run against
/// (Eades, Lin and Smyth's greedy heuristic for a minimum feedback arc set,
/// weighted by the flows each level edge stands for): sinks go last,
/// sources first, and otherwise the vertex whose flows leave it most. A
/// level edge whose flows run both ways points the way most of them go,
/// whichever of its flows the model lists first. Quadratic in the members,
/// which layered levels keep small; ties go to the lower index.
fn acyclic_order(n: usize, edges: &[LevelEdge]) -> Vec<usize> {
    // (neighbour, weight of flows towards it, weight of flows from it)
    let mut adj: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); n];
    for e in edges {
        if e.a >= n || e.b >= n || e.a == e.b {
            continue;
        }
        let [ab, ba] = e.flows.unwrap_or([1, 0]);
        let (ab, ba) = if ab + ba == 0 { (1, 0) } else { (ab, ba) };
        adj[e.a].push((e.b, ab, ba));
        adj[e.b].push((e.a, ba, ab));
    }
    let mut out_w = vec![0usize; n];
    let mut in_w = vec![0usize; n];
    for v in 0..n {
        for &(_, o, i) in &adj[v] {
            out_w[v] += o;
            in_w[v] += i;
        }
    }
    let mut gone = vec![false; n];
    let (mut head, mut tail) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let remove = |v: usize, gone: &mut [bool], out_w: &mut [usize], in_w: &mut [usize]| {
        gone[v] = true;
        for &(w, o, i) in &adj[v] {
            if !gone[w] {
                in_w[w] -= o;
                out_w[w] -= i;
            }
        }
    };
    let mut left = n;
    while left > 0 {
        if let Some(v) = (0..n).find(|&v| !gone[v] && out_w[v] == 0) {
            tail.push(v);
            remove(v, &mut gone, &mut out_w, &mut in_w);
        } else if let Some(v) = (0..n).find(|&v| !gone[v] && in_w[v] == 0) {
            head.push(v);
            remove(v, &mut gone, &mut out_w, &mut in_w);
        } else {
            let best = (0..n)
                .filter(|&v| !gone[v])
                .max_by_key(|&v| (out_w[v] as isize - in_w[v] as isize, std::cmp::Reverse(v)));
            let Some(v) = best else { break };
            head.push(v);
            remove(v, &mut gone, &mut out_w, &mut in_w);
        }
        left -= 1;
    }
    let mut pos = vec![0; n];
    for (i, &v) in head.iter().chain(tail.iter().rev()).enumerate() {
        pos[v] = i;
    }
    pos
}

/// Reverse DFS post-order position of every vertex (iterative).
fn dfs_order(out: &[Vec<usize>]) -> Vec<usize> {
    let n = out.len();
    let mut visited = vec![false; n];
    let mut post = Vec::with_capacity(n);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        stack.push((start, 0));
        while let Some(top) = stack.last_mut() {
            let (v, i) = *top;
            if let Some(&w) = out[v].get(i) {
                top.1 += 1;
                if !visited[w] {
                    visited[w] = true;
                    stack.push((w, 0));
                }
            } else {
                post.push(v);
                stack.pop();
            }
        }
    }
    let mut pos = vec![0; n];
    for (i, &v) in post.iter().rev().enumerate() {
        pos[v] = i;
    }
    pos
}

/// Barycentric sweeps, keeping the ordering with the fewest crossings.
/// A rank of fixed vertices only (`runs`: the terminals and the title)
/// keeps the order of its runs and orders each run by barycentre.
///
/// Sweeps find a local optimum of their starting order: two members each
/// pulled the wrong way (a source on the left feeding a member whose flow
/// leaves to the right) stay crossed, since no single move helps. With
/// `restarts`, a small container whose sweeps leave crossings is swept
/// again from other starting orders of its free ranks (reversed, then
/// shuffled with a fixed seed), keeping the best, as Graphviz's mincross
/// restarts; deterministic. Returns whether restarts could have helped
/// where they were not tried.
fn reduce_crossings(
    layers: &mut [Vec<usize>],
    preds: &[Vec<Adj>],
    succs: &[Vec<Adj>],
    runs: &[Option<usize>],
    restarts: bool,
) -> bool {
    let fixed: Vec<bool> = layers
        .iter()
        .map(|l| !l.is_empty() && l.iter().all(|&v| runs[v].is_some()))
        .collect();
    // A fixed rank where no two vertices share a run cannot change.
    let frozen: Vec<bool> = layers
        .iter()
        .zip(&fixed)
        .map(|(l, &f)| f && l.windows(2).all(|w| runs[w[0]] != runs[w[1]]))
        .collect();
    let ranks = Ranks {
        preds,
        succs,
        runs,
        fixed: &fixed,
        frozen: &frozen,
    };
    let (mut best, mut best_cross) = ranks.sweep(layers.to_vec());
    let small_crossed = best_cross > 0 && preds.len() <= RESTART_MAX_VERTICES;
    if restarts && small_crossed {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for restart in 0..RESTARTS {
            let mut start = layers.to_vec();
            for (l, layer) in start.iter_mut().enumerate() {
                if fixed[l] {
                    continue;
                }
                if restart == 0 {
                    layer.reverse();
                } else {
                    // Fisher–Yates with xorshift64: the same order every run.
                    for i in (1..layer.len()).rev() {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        let j = (seed % (i as u64 + 1)) as usize;
                        layer.swap(i, j);
                    }
                }
            }
            let (cand, c) = ranks.sweep(start);
            if c < best_cross {
                best = cand;
                best_cross = c;
                if c == 0 {
                    break;
                }
            }
        }
    }
    layers.clone_from_slice(&best);
    small_crossed && !restarts
}

/// Containers of at most this many vertices (dummies included) are swept
/// again from other starting orders when crossings remain.
const RESTART_MAX_VERTICES: usize = 40;
/// Other starting orders tried.
const RESTARTS: usize = 5;

/// What the sweeps of one container need.
struct Ranks<'a> {
    preds: &'a [Vec<Adj>],
    succs: &'a [Vec<Adj>],
    runs: &'a [Option<usize>],
    fixed: &'a [bool],
    frozen: &'a [bool],
}

impl Ranks<'_> {
    /// Barycentric sweeps from `layers`: the ordering with the fewest
    /// crossings met and their number.
    fn sweep(&self, mut layers: Vec<Vec<usize>>) -> (Vec<Vec<usize>>, usize) {
        let (preds, succs, runs) = (self.preds, self.succs, self.runs);
        let mut idx = vec![0usize; preds.len()];
        for layer in &layers {
            for (i, &v) in layer.iter().enumerate() {
                idx[v] = i;
            }
        }
        let mut best = layers.clone();
        let mut best_cross = crossings(&layers, succs, &idx);
        let mut stale = 0;
        for sweep in 0..SWEEPS {
            if best_cross == 0 || stale >= PATIENCE {
                break;
            }
            let down = sweep % 2 == 0;
            let order: Vec<usize> = if down {
                (1..layers.len()).collect()
            } else {
                (0..layers.len().saturating_sub(1)).rev().collect()
            };
            for l in order.into_iter().filter(|&l| !self.frozen[l]) {
                let nbrs = if down { preds } else { succs };
                let mut keyed: Vec<(f64, usize)> = layers[l]
                    .iter()
                    .map(|&v| {
                        let ns = &nbrs[v];
                        let b = if ns.is_empty() {
                            idx[v] as f64
                        } else {
                            ns.iter()
                                .map(|&(w, own, at)| idx[w] as f64 + at - own)
                                .sum::<f64>()
                                / ns.len() as f64
                        };
                        (b, v)
                    })
                    .collect();
                if self.fixed[l] {
                    keyed.sort_by(|x, y| runs[x.1].cmp(&runs[y.1]).then(x.0.total_cmp(&y.0)));
                } else {
                    keyed.sort_by(|x, y| x.0.total_cmp(&y.0));
                }
                layers[l] = keyed.into_iter().map(|(_, v)| v).collect();
                for (i, &v) in layers[l].iter().enumerate() {
                    idx[v] = i;
                }
            }
            let c = crossings(&layers, succs, &idx);
            if c < best_cross {
                best_cross = c;
                best = layers.clone();
                stale = 0;
            } else {
                stale += 1;
            }
        }
        (best, best_cross)
    }
}

/// Number of edge crossings between consecutive layers, counted with the
/// accumulator tree of Barth, Jünger and Mutzel in O(E log V) per layer
/// pair, or pair by pair where a layer has few edges (most of a small
/// level's), which counts the same at a fraction of the cost.
fn crossings(layers: &[Vec<usize>], succs: &[Vec<Adj>], idx: &[usize]) -> usize {
    let mut total = 0;
    let mut pairs: Vec<(f64, f64)> = Vec::new();
    let mut keys: Vec<f64> = Vec::new();
    let mut tree: Vec<usize> = Vec::new();
    for layer in layers {
        pairs.clear();
        for &v in layer {
            for &(w, ov, ow) in &succs[v] {
                pairs.push((idx[v] as f64 + ov, idx[w] as f64 + ow));
            }
        }
        total += count::crossed(&mut pairs, &mut keys, &mut tree);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowered_sources_sit_above_their_nearest_target() {
        // 0 -> 1 -> 2 -> 3 and 4 -> 3, 5 -> 1 and 5 -> 3: 4 and 5 enter
        // nothing.
        let edge = |a, b| LevelEdge {
            a,
            b,
            label_w: 0.0,
            label_h: 0.0,
            flows: Some([1, 0]),
        };
        let edges = [
            edge(0, 1),
            edge(1, 2),
            edge(2, 3),
            edge(4, 3),
            edge(5, 1),
            edge(5, 3),
        ];
        let ports = Ports::default();
        let top = layering(6, &edges, &[], &ports, Variant::default());
        assert_eq!(top.rank[..6], [0, 1, 2, 3, 0, 0]);
        let variant = Variant {
            sources_down: true,
            ..Variant::default()
        };
        let lowered = layering(6, &edges, &[], &ports, variant);
        assert_eq!(lowered.rank[..6], [0, 1, 2, 3, 2, 0]);
        // 4's flow spans one rank: no dummy on its chain.
        assert_eq!(lowered.chains[3], vec![4, 3]);
    }
}
