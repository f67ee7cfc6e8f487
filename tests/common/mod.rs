//! Deterministic generator of clustered test graphs (simple LCG).

#![allow(dead_code)]

use vastc::layout::{LayoutCluster, LayoutEdge, LayoutInput, LayoutNode};

pub use vastc::generate::Lcg;

/// `n` nodes in namespaces of ~10 nodes, nested 1-3 deep under 3 outer
/// clusters, ~2n edges mostly inside a namespace. Parents are given with
/// larger indices than children to exercise arbitrary cluster order.
pub fn generate(n: usize, seed: u64) -> LayoutInput {
    let mut rng = Lcg::new(seed);
    let n_ns = n.div_ceil(10).max(1);
    // Cluster ids: namespaces 0..n_ns, middles n_ns..n_ns+6, outers after.
    let mid0 = n_ns;
    let out0 = n_ns + 6;
    let mut clusters = Vec::new();
    for _ in 0..n_ns {
        let r = rng.below(9);
        // Depth 2 (outer), 3 (middle) or 1 (top-level namespace).
        let parent = match r {
            0 => None,
            1..=3 => Some(out0 + rng.below(3)),
            _ => Some(mid0 + rng.below(6)),
        };
        clusters.push(LayoutCluster {
            parent,
            label_width: 60.0 + rng.below(60) as f64,
            label_height: 14.0,
        });
    }
    for i in 0..6 {
        clusters.push(LayoutCluster {
            parent: Some(out0 + i / 2),
            label_width: 90.0,
            label_height: 16.0,
        });
    }
    for _ in 0..3 {
        clusters.push(LayoutCluster {
            parent: None,
            label_width: 120.0,
            label_height: 18.0,
        });
    }
    let mut nodes = Vec::with_capacity(n);
    for i in 0..n {
        let cluster = if rng.below(50) == 0 {
            None
        } else {
            Some(i / 10)
        };
        nodes.push(LayoutNode {
            width: 80.0 + rng.below(80) as f64,
            height: 30.0 + rng.below(30) as f64,
            cluster,
        });
    }
    let mut edges = Vec::with_capacity(2 * n);
    for i in 0..2 * n {
        if n == 0 {
            break;
        }
        let from = rng.below(n);
        let to = if rng.below(5) == 0 {
            rng.below(n)
        } else {
            let base = (from / 10) * 10;
            (base + rng.below(10)).min(n - 1)
        };
        let labelled = i % 3 == 0;
        edges.push(LayoutEdge {
            from,
            to,
            label_width: if labelled {
                40.0 + rng.below(30) as f64
            } else {
                0.0
            },
            label_height: if labelled { 14.0 } else { 0.0 },
        });
    }
    LayoutInput {
        nodes,
        clusters,
        edges,
    }
}

pub mod diagrams;
pub mod geometry;
pub mod legibility;
pub mod markdown;
pub mod projection;

/// Every file under `dir` whose name ends in `.ext`, recursively, sorted
/// (none when `dir` is not a directory).
pub fn files_with_extension(dir: &std::path::Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            out.extend(files_with_extension(&p, ext));
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
    out
}
