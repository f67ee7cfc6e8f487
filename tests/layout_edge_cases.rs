//! Edge cases: degenerate inputs, deep nesting and invalid indices.

use vastc::layout::{LayoutCluster, LayoutEdge, LayoutError, LayoutInput, LayoutNode, layout};

fn node(cluster: Option<usize>) -> LayoutNode {
    LayoutNode {
        width: 100.0,
        height: 40.0,
        cluster,
    }
}

fn cluster(parent: Option<usize>) -> LayoutCluster {
    LayoutCluster {
        parent,
        label_width: 50.0,
        label_height: 14.0,
    }
}

fn edge(from: usize, to: usize) -> LayoutEdge {
    LayoutEdge {
        from,
        to,
        label_width: 30.0,
        label_height: 12.0,
    }
}

#[test]
fn empty_input() {
    let out = layout(&LayoutInput::default()).expect("empty");
    assert!(out.nodes.is_empty() && out.clusters.is_empty() && out.edges.is_empty());
    assert!(out.width >= 0.0 && out.height >= 0.0);
}

#[test]
fn one_node() {
    let input = LayoutInput {
        nodes: vec![node(None)],
        ..Default::default()
    };
    let out = layout(&input).expect("one node");
    let r = out.nodes[0];
    assert_eq!((r.width, r.height), (100.0, 40.0));
    assert!(r.x > 0.0 && r.y > 0.0 && r.x + r.width < out.width && r.y + r.height < out.height);
}

#[test]
fn self_loops_and_duplicates() {
    let input = LayoutInput {
        nodes: vec![node(Some(0)), node(Some(0)), node(None)],
        clusters: vec![cluster(None)],
        edges: vec![
            edge(0, 0),
            edge(0, 0),
            edge(0, 1),
            edge(0, 1),
            edge(1, 0),
            edge(2, 0),
            edge(1, 2),
        ],
    };
    let out = layout(&input).expect("loops");
    for e in &out.edges {
        assert!(e.points.len() >= 2);
    }
    // Self loops start and end on the node's right border.
    let r = out.nodes[0];
    let pts = &out.edges[0].points;
    assert!(pts.len() >= 4);
    assert_eq!(pts[0].x, r.x + r.width);
    assert_eq!(pts[pts.len() - 1].x, r.x + r.width);
    // Loop stays inside the cluster.
    let c = out.clusters[0];
    for p in pts {
        assert!(p.x <= c.x + c.width && p.y >= c.y && p.y <= c.y + c.height);
    }
}

#[test]
fn empty_clusters_and_cluster_only_clusters() {
    let input = LayoutInput {
        nodes: vec![node(Some(2))],
        clusters: vec![
            cluster(None),
            cluster(Some(0)),
            cluster(Some(1)),
            cluster(Some(0)),
            cluster(None),
        ],
        edges: vec![],
    };
    let out = layout(&input).expect("empty clusters");
    for c in &out.clusters {
        assert!(c.width > 0.0 && c.height > 0.0);
    }
    let (a, b) = (out.clusters[1], out.clusters[3]);
    assert!(
        a.x + a.width <= b.x
            || b.x + b.width <= a.x
            || a.y + a.height <= b.y
            || b.y + b.height <= a.y
    );
}

#[test]
fn deep_nesting_200() {
    // Cluster i has parent i + 1 (parents listed after children).
    let depth = 200;
    let clusters: Vec<_> = (0..depth)
        .map(|i| cluster(if i + 1 < depth { Some(i + 1) } else { None }))
        .collect();
    let input = LayoutInput {
        nodes: vec![
            node(Some(0)),
            node(Some(0)),
            node(Some(depth - 1)),
            node(None),
        ],
        clusters,
        edges: vec![edge(0, 1), edge(0, 2), edge(3, 0), edge(2, 3)],
    };
    let out = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || layout(&input).map(|o| (o.clusters.len(), o.edges.len())))
        .expect("spawn")
        .join()
        .expect("no stack overflow")
        .expect("layout");
    assert_eq!(out, (depth, 4));
}

#[test]
fn zero_huge_and_nan_sizes() {
    let input = LayoutInput {
        nodes: vec![
            LayoutNode {
                width: 0.0,
                height: 0.0,
                cluster: Some(0),
            },
            LayoutNode {
                width: 1e12,
                height: 1e12,
                cluster: Some(0),
            },
            LayoutNode {
                width: f64::NAN,
                height: -5.0,
                cluster: None,
            },
            LayoutNode {
                width: f64::INFINITY,
                height: 3.0,
                cluster: None,
            },
        ],
        clusters: vec![cluster(None)],
        edges: vec![edge(0, 1), edge(1, 2), edge(2, 3), edge(3, 0)],
    };
    let out = layout(&input).expect("sizes");
    assert!(out.width.is_finite() && out.height.is_finite());
    for e in &out.edges {
        assert!(e.points.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
    }
}

#[test]
fn invalid_indices_are_errors() {
    let bad_node = LayoutInput {
        nodes: vec![node(Some(3))],
        ..Default::default()
    };
    assert!(matches!(
        layout(&bad_node),
        Err(LayoutError::BadCluster { node_or_cluster: 0 })
    ));
    let bad_parent = LayoutInput {
        clusters: vec![cluster(None), cluster(Some(7))],
        ..Default::default()
    };
    assert!(matches!(
        layout(&bad_parent),
        Err(LayoutError::BadCluster { node_or_cluster: 1 })
    ));
    let bad_edge = LayoutInput {
        nodes: vec![node(None)],
        edges: vec![edge(0, 0), edge(0, 1)],
        ..Default::default()
    };
    assert!(matches!(
        layout(&bad_edge),
        Err(LayoutError::BadEdge { edge: 1 })
    ));
    let cycle = LayoutInput {
        clusters: vec![cluster(Some(1)), cluster(Some(2)), cluster(Some(0))],
        ..Default::default()
    };
    assert!(matches!(
        layout(&cycle),
        Err(LayoutError::ClusterCycle { .. })
    ));
    let self_parent = LayoutInput {
        clusters: vec![cluster(Some(0))],
        ..Default::default()
    };
    assert!(matches!(
        layout(&self_parent),
        Err(LayoutError::ClusterCycle { cluster: 0 })
    ));
}

#[test]
fn dense_small_graph_with_cycles() {
    // Complete digraph on 12 nodes in one cluster: cycles everywhere.
    let n = 12;
    let mut edges = Vec::new();
    for a in 0..n {
        for b in 0..n {
            edges.push(edge(a, b));
        }
    }
    let input = LayoutInput {
        nodes: (0..n).map(|_| node(Some(0))).collect(),
        clusters: vec![cluster(None)],
        edges,
    };
    let a = layout(&input).expect("dense");
    let b = layout(&input).expect("dense");
    assert_eq!(a, b);
}

#[test]
fn flat_large_level_uses_fast_path() {
    // 3000 top-level nodes in a chain: must be quick and valid.
    let n = 3000;
    let input = LayoutInput {
        nodes: (0..n).map(|_| node(None)).collect(),
        clusters: vec![],
        edges: (1..n).map(|i| edge(i - 1, i)).collect(),
    };
    let t = std::time::Instant::now();
    let out = layout(&input).expect("flat");
    assert_eq!(out.edges.len(), n - 1);
    assert!(t.elapsed().as_secs_f64() < 5.0);
}
