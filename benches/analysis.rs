//! Analysis (crossings, every rule, scores, risk decisions) on generated
//! models of 1,000 and 10,000 elements. Goal: 10,000 elements in under
//! 0.5 s on the 2-core CI machine, growing about linearly.

/// The binary's allocator, so the timings are the ones `vastc` gives.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use vastc::generate::{Shape, model};
use vastc::syntax::ast::Date;

fn analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let r = vastc::resolve::resolve_str("gen.vast", &model(Shape::new(n)));
        assert!(!r.has_errors());
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("analyze", n), &r.model, |b, m| {
            b.iter(|| {
                vastc::analysis::analyze(
                    black_box(m),
                    Date {
                        year: 2026,
                        month: 11,
                        day: 26,
                    },
                )
            })
        });
    }
    group.finish();

    // Scenarios and attack paths of a 2,000-element model: ten scenarios,
    // each compromising one workload (five) or one service account (five).
    // Goal: under 1 s.
    let mut text = model(Shape::new(2_000));
    text.push_str(&vastc::generate::scenarios(10));
    let r = vastc::resolve::resolve_str("gen.vast", &text);
    assert!(!r.has_errors(), "{:?}", r.diags.first());
    let mut group = c.benchmark_group("scenarios");
    group.sample_size(10);
    group.bench_function("scenarios_and_paths/2000", |b| {
        b.iter(|| {
            let cx = vastc::analysis::context::Context::new(black_box(&r.model));
            let reach: Vec<_> = r
                .model
                .scenarios
                .iter()
                .map(|s| vastc::analysis::attack::explore(&cx, &s.compromise))
                .collect();
            let paths = vastc::analysis::paths::attack_paths(&cx, &[]);
            (reach, paths)
        })
    });
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
