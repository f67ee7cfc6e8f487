//! Times the stages of a build on a generated model (a development aid):
//! `cargo run --release --example time_build -- 10000`. Also times ten
//! scenarios and every attack path of the same model.

/// The binary's allocator, so the timings are the ones `vastc` gives.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let mut text = vastc::generate::model(vastc::generate::Shape::new(n));
    text.push_str(&vastc::generate::scenarios(10));
    let t = std::time::Instant::now();
    let r = vastc::resolve::resolve_str("gen.vast", &text);
    let front = t.elapsed();
    let t = std::time::Instant::now();
    let a = vastc::analysis::analyze(
        &r.model,
        vastc::syntax::ast::Date {
            year: 2026,
            month: 11,
            day: 26,
        },
    );
    let analysis = t.elapsed();
    let t = std::time::Instant::now();
    let cx = vastc::analysis::context::Context::new(&r.model);
    let reach: Vec<_> = r
        .model
        .scenarios
        .iter()
        .map(|s| vastc::analysis::attack::explore(&cx, &s.compromise))
        .collect();
    let only_scenarios = t.elapsed();
    let paths = vastc::analysis::paths::attack_paths(&cx, &a.threats);
    let scenarios = t.elapsed();
    println!("scenarios alone {only_scenarios:?}");
    println!(
        "{n} elements, {} bytes: front end {front:?}, analysis {analysis:?} ({} threats), {} scenarios + {} attack paths {scenarios:?}",
        text.len(),
        a.threats.len(),
        reach.len(),
        paths.len()
    );
}
