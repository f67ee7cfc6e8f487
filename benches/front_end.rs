//! Front end (parse + resolve) on generated models of 1,000 and 10,000
//! elements. Goal: 10,000 elements in under 0.3 s on the 2-core CI machine,
//! growing about linearly. Freeing the result is not timed: `vastc check`
//! leaves that to the end of the process.

/// The binary's allocator, so the timings are the ones `vastc` gives.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use vastc::generate::{Shape, model};

fn front_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("front_end");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let text = model(Shape::new(n));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("parse", n), &text, |b, t| {
            b.iter_with_large_drop(|| vastc::syntax::parse(0, black_box(t)))
        });
        group.bench_with_input(BenchmarkId::new("parse_resolve", n), &text, |b, t| {
            b.iter_with_large_drop(|| {
                let r = vastc::resolve::resolve_str("gen.vast", black_box(t));
                assert!(!r.has_errors());
                r
            })
        });
    }
    group.finish();
}

criterion_group!(benches, front_end);
criterion_main!(benches);
