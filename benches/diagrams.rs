//! Diagram stage benchmarks: layout + SVG emission and DOT emission of
//! generated models of 100, 500 and 2,000 elements, and the bare compound
//! layout on synthetic clustered graphs.

/// The binary's allocator, so the timings are the ones `vastc` gives.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use vastc::emit::{DiagramOptions, operational, operational_dot};
use vastc::generate::{Shape, model};
use vastc::resolve::resolve_str;

#[path = "../tests/common/mod.rs"]
mod common;

fn diagrams(c: &mut Criterion) {
    let mut group = c.benchmark_group("diagrams");
    group.sample_size(10);
    for &n in &[100usize, 500, 2000] {
        let resolved = resolve_str("gen.vast", &model(Shape::new(n)));
        let m = resolved.model;
        let opts = DiagramOptions::default();
        group.bench_with_input(BenchmarkId::new("svg", n), &m, |b, m| {
            b.iter(|| operational(std::hint::black_box(m), &opts).expect("layout"))
        });
        group.bench_with_input(BenchmarkId::new("dot", n), &m, |b, m| {
            b.iter(|| operational_dot(std::hint::black_box(m)))
        });
    }
    // Every diagram file of a build with ten scenarios: the operational
    // diagram is laid out once and drawn eleven times, so this costs about
    // one layout plus eleven drawings, not eleven layouts.
    let n = 2000;
    let mut text = model(Shape::new(n));
    text.push_str(&vastc::generate::scenarios(10));
    let resolved = resolve_str("gen.vast", &text);
    let m = resolved.model;
    let analysis = vastc::analysis::analyze(
        &m,
        vastc::syntax::ast::Date {
            year: 2026,
            month: 11,
            day: 27,
        },
    );
    group.bench_function(BenchmarkId::new("files_with_10_scenarios", n), |b| {
        b.iter(|| vastc::emit::diagrams::diagrams(std::hint::black_box(&m), &analysis))
    });
    group.finish();
}

fn layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for &n in &[100usize, 500, 2000] {
        let input = common::generate(n, 7);
        group.bench_with_input(BenchmarkId::from_parameter(n), &input, |b, input| {
            b.iter(|| vastc::layout::layout(std::hint::black_box(input)))
        });
    }
    group.finish();
}

criterion_group!(benches, diagrams, layout);
criterion_main!(benches);
