//! Fast deterministic placement for large levels: members are ordered by a
//! breadth-first traversal of the (undirected) level edges, starting from
//! sources, so connected members end up near each other; they are then packed
//! into centred rows whose width approximates a target aspect ratio; then each
//! row is reordered by the barycentre of its members' neighbours while that
//! shortens its flows, which removes most crossings between rows. Edges are
//! straight segments between member borders. Runs in O(n log n + e log e).

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
/// Barycentric passes over the packed rows.
const ROW_PASSES: usize = 12;

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
    let rows: Vec<Vec<usize>> = rows.iter().map(|r| order[r.0..r.1].to_vec()).collect();
    reorder_rows(&rows, sizes, edges, &mut pos);
    let (routes, label_left) = straight_routes(&pos, sizes, edges);
    LocalLayout {
        pos,
        width,
        height: y,
        routes,
        label_left,
        exits: Vec::new(),
        layered: false,
        restartable: false,
        anchored: false,
    }
}

/// Barycentric passes over the rows: each row is reordered by the mean
/// centre of its members' neighbours in the whole block, and the new order is
/// kept if it shortens the row's flows horizontally. Rows keep their members
/// and width, so only the order within a row changes. O(passes · (n log n + e)).
fn reorder_rows(rows: &[Vec<usize>], sizes: &[(f64, f64)], edges: &[LevelEdge], pos: &mut [Point]) {
    let n = sizes.len();
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        if e.a != e.b {
            adj[e.a].push(e.b);
            adj[e.b].push(e.a);
        }
    }
    let cx = |pos: &[Point], v: usize| pos[v].x + sizes[v].0 / 2.0;
    let span = |pos: &[Point], row: &[usize]| -> f64 {
        row.iter()
            .map(|&v| {
                adj[v]
                    .iter()
                    .map(|&w| (cx(pos, v) - cx(pos, w)).abs())
                    .sum::<f64>()
            })
            .sum()
    };
    for pass in 0..ROW_PASSES {
        let ids: Vec<usize> = if pass % 2 == 0 {
            (0..rows.len()).collect()
        } else {
            (0..rows.len()).rev().collect()
        };
        for r in ids {
            let row = &rows[r];
            let (Some(&first), true) = (row.first(), row.len() > 1) else {
                continue;
            };
            let before = span(pos, row);
            let old: Vec<Point> = row.iter().map(|&v| pos[v]).collect();
            let mut keyed: Vec<(f64, usize)> = row
                .iter()
                .map(|&v| {
                    let k = if adj[v].is_empty() {
                        cx(pos, v)
                    } else {
                        adj[v].iter().map(|&w| cx(pos, w)).sum::<f64>() / adj[v].len() as f64
                    };
                    (k, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            let left = row.iter().map(|&v| pos[v].x).fold(pos[first].x, f64::min);
            let mut x = left;
            for &(_, v) in &keyed {
                pos[v].x = x;
                x += sizes[v].0 + GAP_X;
            }
            if span(pos, row) >= before {
                for (&v, p) in row.iter().zip(old) {
                    pos[v] = p;
                }
            }
        }
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
