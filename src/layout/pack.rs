//! Fast deterministic placement for large levels: members are ordered by a
//! breadth-first traversal of the (undirected) level edges, starting from
//! sources, so connected members end up near each other; they are then packed
//! into centred rows whose width approximates a target aspect ratio. Edges
//! are straight segments between member borders. Runs in O(n + e log e).

use std::collections::VecDeque;

use crate::layout::Point;
use crate::layout::hierarchy::LevelEdge;
use crate::layout::local::{LocalLayout, straight_routes};

/// Horizontal gap between members in a row.
const GAP_X: f64 = 40.0;
/// Base vertical gap between rows (the tallest edge label is added).
const GAP_Y: f64 = 50.0;
/// Target width / height ratio of the packed block.
const ASPECT: f64 = 1.6;

/// Pack members with slot `sizes` into rows.
pub(crate) fn layout(sizes: &[(f64, f64)], edges: &[LevelEdge]) -> LocalLayout {
    let n = sizes.len();
    let order = bfs_order(n, edges);
    let max_lh = edges.iter().map(|e| e.label_h).fold(0.0, f64::max);
    let gy = GAP_Y + max_lh;
    let area: f64 = sizes.iter().map(|&(w, h)| (w + GAP_X) * (h + gy)).sum();
    let widest = sizes.iter().map(|&(w, _)| w).fold(0.0, f64::max);
    let target = (area * ASPECT).sqrt().max(widest);

    // Greedy row assignment: (start index in `order`, end, width, height).
    let mut rows: Vec<(usize, usize, f64, f64)> = Vec::new();
    let (mut start, mut rw, mut rh) = (0usize, 0.0f64, 0.0f64);
    for (i, &v) in order.iter().enumerate() {
        let (w, h) = sizes[v];
        let add = if i > start { GAP_X + w } else { w };
        if i > start && rw + add > target {
            rows.push((start, i, rw, rh));
            start = i;
            rw = w;
            rh = h;
        } else {
            rw += add;
            rh = rh.max(h);
        }
    }
    if start < order.len() {
        rows.push((start, order.len(), rw, rh));
    }
    let width = rows.iter().map(|r| r.2).fold(0.0, f64::max);
    let mut pos = vec![Point { x: 0.0, y: 0.0 }; n];
    let mut y = 0.0;
    for (ri, &(s, e, rw, rh)) in rows.iter().enumerate() {
        if ri > 0 {
            y += gy;
        }
        let mut x = (width - rw) / 2.0;
        for &v in &order[s..e] {
            let (w, h) = sizes[v];
            pos[v] = Point {
                x,
                y: y + (rh - h) / 2.0,
            };
            x += w + GAP_X;
        }
        y += rh;
    }
    let (routes, label_left) = straight_routes(&pos, sizes, edges);
    LocalLayout {
        pos,
        width,
        height: y,
        routes,
        label_left,
    }
}

/// Breadth-first order over the undirected level edges, seeded with sources
/// (no incoming edge) in index order, then any remaining vertex.
fn bfs_order(n: usize, edges: &[LevelEdge]) -> Vec<usize> {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for e in edges {
        adj[e.a].push(e.b);
        adj[e.b].push(e.a);
        indeg[e.b] += 1;
    }
    for a in &mut adj {
        a.sort_unstable();
        a.dedup();
    }
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut queue = VecDeque::new();
    let seeds = (0..n).filter(|&v| indeg[v] == 0).chain(0..n);
    for s in seeds {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &w in &adj[v] {
                if !seen[w] {
                    seen[w] = true;
                    queue.push_back(w);
                }
            }
        }
    }
    order
}
