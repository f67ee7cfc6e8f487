//! Prints the legibility metrics of diagrams (vastc or Graphviz SVG), one
//! line each: `cargo run --example legibility -- FILE.svg... [--json]`.
//! The metric definitions are in `tests/common/legibility.rs`.

#[path = "../tests/common/legibility.rs"]
mod legibility;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let mut status = 0;
    for file in args.iter().filter(|a| *a != "--json") {
        let m = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|s| legibility::measure(&s));
        match m {
            Ok(m) if json => println!(
                "{{\"through\": {}, \"detached\": {}, \"ambiguous\": {}, \"shared\": {}, \"overlaps\": {}, \"titles\": {}, \"crossings\": {}, \"flows\": {}, \"width\": {:.1}, \"height\": {:.1}, \"aspect\": {:.2}}}",
                m.through,
                m.detached,
                m.ambiguous,
                m.shared,
                m.overlaps,
                m.titles,
                m.crossings,
                m.flows,
                m.width,
                m.height,
                m.aspect()
            ),
            Ok(m) => println!(
                "legibility: through={} detached={} ambiguous={} shared={} overlaps={} titles={} crossings={} flows={} aspect={:.2}",
                m.through,
                m.detached,
                m.ambiguous,
                m.shared,
                m.overlaps,
                m.titles,
                m.crossings,
                m.flows,
                m.aspect()
            ),
            Err(e) => {
                eprintln!("{file}: {e}");
                status = 1;
            }
        }
    }
    std::process::exit(status);
}
