//! What one edit costs the language server before it publishes
//! diagnostics (`recheck`): the root model resolved again whole with the
//! edited text from the overlay and its diagnostics converted to the
//! protocol's, on generated models of 1,000 and 10,000 elements (the
//! latter is `gen_peers 10000`'s model). Goal: 10,000 elements under 0.3 s
//! on the 2-core CI machine, so no incremental machinery. The index of
//! names is built on the first request after an edit (`index`); the
//! analysis (threats, warnings) runs after the recheck, on its own thread
//! for models this large (`--bench analysis` times it).

/// The binary's allocator, so the timings are the ones `vastc` gives.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use vastc::generate::{Shape, model};
use vastc::lsp::diagnostics;
use vastc::lsp::index::Index;
use vastc::lsp::project::{Key, Project};
use vastc::source::Overlay;

fn recheck(c: &mut Criterion) {
    let mut group = c.benchmark_group("lsp");
    group.sample_size(10);
    let dir = std::env::temp_dir().join(format!("vastc-bench-lsp-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    for n in [1_000usize, 10_000] {
        let path = dir.join(format!("model-{n}.vast"));
        let text = model(Shape::new(n));
        std::fs::write(&path, &text).expect("write the model");
        let path = path.canonicalize().expect("canonical path");
        // The editor's buffer: the file with one more line, not saved.
        let mut overlay = Overlay::default();
        overlay.insert(&path, format!("{text}\n// edited\n"));
        let mut project = Project::new(Key::Path(path));
        let mut generation = 0;
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("recheck", n), |b| {
            b.iter(|| {
                generation += 1;
                project.resolve(&overlay, None, generation);
                assert!(!project.resolved.has_errors());
                diagnostics::of_project(&project, &|_, _| None).len()
            })
        });
        group.bench_function(BenchmarkId::new("index", n), |b| {
            b.iter(|| Index::new(project.resolved.trees()).occurrences.len())
        });
    }
    let _ = std::fs::remove_dir_all(&dir);
    group.finish();
}

criterion_group!(benches, recheck);
criterion_main!(benches);
