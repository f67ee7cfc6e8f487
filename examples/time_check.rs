//! Times `check` of one file in memory (a development aid for slow inputs):
//! parse alone and parse + resolve, each a few times.

/// The binary's allocator, so the timings are the ones `vastc` gives.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let (_, d) = vastc::syntax::parse(0, &text);
        println!("parse {:?} ({} diags)", t.elapsed(), d.len());
        let t = std::time::Instant::now();
        let r = vastc::resolve::resolve_str("x.vast", &text);
        println!("resolve {:?} ({} diags)", t.elapsed(), r.diags.len());
    }
}
