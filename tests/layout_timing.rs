//! Timing print (not an assertion): `cargo test --release -- --ignored --nocapture`.

mod common;

use std::time::Instant;

#[test]
#[ignore]
fn timing() {
    for &n in &[100usize, 500, 2000, 10000] {
        let input = common::generate(n, 7);
        let _ = vastc::layout::layout(&input);
        let reps = if n >= 10000 { 3 } else { 10 };
        let t = Instant::now();
        for _ in 0..reps {
            let out = vastc::layout::layout(&input).expect("layout");
            std::hint::black_box(out);
        }
        let dt = t.elapsed().as_secs_f64() / reps as f64;
        println!(
            "n={n:>6} clusters={:>5} edges={:>6}: {:.2} ms",
            input.clusters.len(),
            input.edges.len(),
            dt * 1000.0
        );
    }
}

/// Worst case for the layout-rs path: one level at the member / edge limits.
#[test]
#[ignore]
fn timing_worst_layered_level() {
    for &(n, m) in &[(30usize, 90usize), (60, 180)] {
        let mut rng = common::Lcg::new(5);
        let input = vastc::layout::LayoutInput {
            nodes: (0..n)
                .map(|_| vastc::layout::LayoutNode {
                    width: 100.0,
                    height: 40.0,
                    cluster: None,
                })
                .collect(),
            clusters: vec![],
            edges: (0..m)
                .map(|_| vastc::layout::LayoutEdge {
                    from: rng.below(n),
                    to: rng.below(n),
                    label_width: 40.0,
                    label_height: 14.0,
                })
                .collect(),
        };
        let t = Instant::now();
        let out = vastc::layout::layout(&input).expect("layout");
        println!(
            "single level n={n} m={m}: {:.2} ms ({}x{})",
            t.elapsed().as_secs_f64() * 1000.0,
            out.width,
            out.height
        );
    }
}
