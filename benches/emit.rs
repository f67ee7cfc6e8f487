//! Emit stage: the threat report and each text output of a generated
//! 1,000-element model (the diagrams have their own bench, `diagrams`), so
//! a regression in one emitter shows on its own. Part of issue 8's goal of
//! a full build of 1,000 elements in under 0.2 s.

/// The binary's allocator, so the timings are the ones `vastc` gives.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vastc::emit;
use vastc::generate::{Shape, model};
use vastc::syntax::ast::Date;

fn emit_stage(c: &mut Criterion) {
    let r = vastc::resolve::resolve_str("gen.vast", &model(Shape::new(1_000)));
    assert!(!r.has_errors());
    let today = Date {
        year: 2026,
        month: 11,
        day: 26,
    };
    let a = vastc::analysis::analyze(&r.model, today);
    let report = emit::report::report(&r.model, &a);
    let mut group = c.benchmark_group("emit_1000");
    group.sample_size(10);
    group.bench_function("report", |b| {
        b.iter(|| emit::report::report(black_box(&r.model), black_box(&a)))
    });
    group.bench_function("json", |b| b.iter(|| emit::json::json(black_box(&report))));
    group.bench_function("sarif", |b| {
        b.iter(|| emit::sarif::sarif(black_box(&r.model), black_box(&report)))
    });
    group.bench_function("markdown", |b| {
        b.iter(|| emit::markdown::markdown(black_box(&report)))
    });
    group.bench_function("csv", |b| b.iter(|| emit::csv::csv(black_box(&report))));
    group.bench_function("dot", |b| {
        b.iter(|| emit::dot::operational_dot(black_box(&r.model)))
    });
    let diagrams = emit::diagrams::diagrams(&r.model, &a);
    group.bench_function("html", |b| {
        b.iter(|| emit::html::html(black_box(&report), black_box(&diagrams)))
    });
    group.finish();
}

criterion_group!(benches, emit_stage);
criterion_main!(benches);
