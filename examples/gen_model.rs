//! Prints a generated `.vast` model: `cargo run --example gen_model -- N [SEED]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let mut shape = vastc::generate::Shape::new(n);
    if let Some(seed) = args.next().and_then(|a| a.parse().ok()) {
        shape.seed = seed;
    }
    print!("{}", vastc::generate::model(shape));
}
