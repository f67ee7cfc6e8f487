//! `vastc import td|otm` of a 1,000-element model: the generated model of
//! the other benches (`vastc::generate::model`), exported by `vastc build
//! --format td,otm` (every boundary, element, flow and threat, laid out),
//! then imported. Issue 20's goal: under 0.1 s. The two files are also
//! written to `target/import-bench/` so the release binary can be timed on
//! them (`time target/release/vastc import td target/import-bench/1000.td.json`).

/// The binary's allocator, so the timings are the ones `vastc` gives.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vastc::generate::{Shape, model};
use vastc::interchange::{Format, import};
use vastc::syntax::ast::Date;

fn import_1000(c: &mut Criterion) {
    let r = vastc::resolve::resolve_str("gen.vast", &model(Shape::new(1_000)));
    assert!(!r.has_errors());
    let today = Date {
        year: 2026,
        month: 11,
        day: 26,
    };
    let a = vastc::analysis::analyze(&r.model, today);
    let td = vastc::emit::threat_dragon::export(&r.model, &a);
    let otm = vastc::emit::otm::otm(&r.model, &a);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/import-bench");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join("1000.td.json"), &td);
        let _ = std::fs::write(dir.join("1000.otm.json"), &otm);
    }
    for (format, text) in [(Format::ThreatDragon, &td), (Format::Otm, &otm)] {
        let i = import(format, "gen.json", text)
            .ok()
            .unwrap_or_else(|| panic!("{format:?}"));
        let back = vastc::resolve::resolve_str("back.vast", &i.vast);
        assert!(back.diags.is_empty(), "{format:?}");
        assert_eq!(back.model.elements.len(), r.model.elements.len());
        assert_eq!(back.model.threats.len(), a.threats.len());
    }
    let mut group = c.benchmark_group("import_1000");
    group.sample_size(20);
    group.bench_function("td", |b| {
        b.iter(|| import(Format::ThreatDragon, "gen.json", black_box(&td)).is_ok())
    });
    group.bench_function("otm", |b| {
        b.iter(|| import(Format::Otm, "gen.json", black_box(&otm)).is_ok())
    });
    group.finish();
}

criterion_group!(benches, import_1000);
criterion_main!(benches);
