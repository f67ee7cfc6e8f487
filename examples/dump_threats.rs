//! Prints the threats of a model (a development aid).
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let r = vastc::resolve::resolve_path(std::path::Path::new(&path));
    let a = vastc::analysis::analyze(
        &r.model,
        vastc::syntax::ast::Date {
            year: 2026,
            month: 11,
            day: 26,
        },
    );
    for t in &a.threats {
        println!(
            "{:<40} {:>4} {:>4} {:<9} {:<14} {}",
            t.id,
            t.scores.base,
            t.scores.environmental,
            t.scores.severity.as_str(),
            t.status.as_str(),
            t.evidence
        );
    }
    println!("{} threats", a.threats.len());
}
