//! Runs the rule engine once on a generated model, for instruction counts
//! (a development aid): `cargo run --release --example prof_rules -- 10000
//! [DUMP]` under `valgrind --tool=callgrind`, then read the inclusive cost
//! of `vastc::analysis::rules::run`. With DUMP, the threats are written
//! there in debug form, to compare two versions of the engine.
fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let dump = args.next();
    let text = vastc::generate::model(vastc::generate::Shape::new(n));
    let r = vastc::resolve::resolve_str("gen.vast", &text);
    let cx = vastc::analysis::context::Context::new(&r.model);
    let t = std::time::Instant::now();
    let threats = vastc::analysis::rules::run(&cx);
    println!(
        "{n} elements: {} threats in {:?}",
        threats.len(),
        t.elapsed()
    );
    if let Some(path) = dump {
        let text: String = threats.iter().map(|t| format!("{t:?}\n")).collect();
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{path}: {e}");
        }
    }
}
