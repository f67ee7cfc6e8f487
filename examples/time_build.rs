//! Times the stages of a build on a generated model (a development aid):
//! `cargo run --release --example time_build -- 10000`.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    let text = vastc::generate::model(vastc::generate::Shape::new(n));
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
    println!(
        "{n} elements, {} bytes: front end {front:?}, analysis {analysis:?}, {} threats",
        text.len(),
        a.threats.len()
    );
}
