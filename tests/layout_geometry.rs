//! Geometric property tests over generated clustered graphs.

mod common;

use vastc::layout::{LayoutInput, LayoutOutput, Rect, layout};

const EPS: f64 = 1e-6;

fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x - EPS
        && inner.y >= outer.y - EPS
        && inner.x + inner.width <= outer.x + outer.width + EPS
        && inner.y + inner.height <= outer.y + outer.height + EPS
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x + EPS < b.x + b.width
        && b.x + EPS < a.x + a.width
        && a.y + EPS < b.y + b.height
        && b.y + EPS < a.y + a.height
}

fn cluster_ancestors(input: &LayoutInput, mut c: Option<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    while let Some(k) = c {
        out.push(k);
        c = input.clusters[k].parent;
    }
    out
}

fn check(input: &LayoutInput, out: &LayoutOutput) {
    let nc = input.clusters.len();
    assert_eq!(out.nodes.len(), input.nodes.len());
    assert_eq!(out.clusters.len(), nc);
    assert_eq!(out.edges.len(), input.edges.len());
    let canvas = Rect {
        x: 0.0,
        y: 0.0,
        width: out.width,
        height: out.height,
    };
    // Ancestor matrix for clusters (cluster a is ancestor-or-self of b).
    let anc: Vec<Vec<usize>> = (0..nc).map(|c| cluster_ancestors(input, Some(c))).collect();
    let nested = |a: usize, b: usize| anc[a].contains(&b) || anc[b].contains(&a);
    for (c, r) in out.clusters.iter().enumerate() {
        assert!(inside(r, &canvas), "cluster {c} outside canvas");
        for &a in &anc[c][1..] {
            assert!(
                inside(r, &out.clusters[a]),
                "cluster {c} not inside ancestor {a}"
            );
        }
    }
    for a in 0..nc {
        for b in a + 1..nc {
            if !nested(a, b) {
                assert!(
                    !overlap(&out.clusters[a], &out.clusters[b]),
                    "clusters {a} and {b} overlap: {:?} {:?}",
                    out.clusters[a],
                    out.clusters[b]
                );
            }
        }
    }
    for (n, r) in out.nodes.iter().enumerate() {
        assert!(inside(r, &canvas), "node {n} outside canvas");
        let a = cluster_ancestors(input, input.nodes[n].cluster);
        for c in 0..nc {
            if a.contains(&c) {
                assert!(
                    inside(r, &out.clusters[c]),
                    "node {n} not inside ancestor {c}"
                );
            } else {
                assert!(
                    !overlap(r, &out.clusters[c]),
                    "node {n} overlaps foreign cluster {c}"
                );
            }
        }
    }
    for i in 0..out.nodes.len() {
        for j in i + 1..out.nodes.len() {
            assert!(
                !overlap(&out.nodes[i], &out.nodes[j]),
                "nodes {i} and {j} overlap"
            );
        }
    }
    for (e, r) in out.edges.iter().enumerate() {
        assert!(r.points.len() >= 2, "edge {e} has < 2 points");
        for p in &r.points {
            assert!(p.x.is_finite() && p.y.is_finite(), "edge {e} not finite");
        }
        assert!(r.label.x.is_finite() && r.label.y.is_finite());
    }
}

fn run(n: usize) {
    let input = common::generate(n, 42 + n as u64);
    let a = layout(&input).expect("layout");
    check(&input, &a);
    let b = layout(&input).expect("layout");
    assert_eq!(a, b, "layout not deterministic");
}

#[test]
fn geometry_100() {
    run(100);
}

#[test]
fn geometry_500() {
    run(500);
}

#[test]
fn geometry_2000() {
    run(2000);
}

#[test]
fn geometry_many_seeds_small() {
    for seed in 0..40 {
        let input = common::generate(30 + seed as usize * 7, seed);
        let out = layout(&input).expect("layout");
        check(&input, &out);
    }
}
