//! Times the diagram stage on one model file:
//! `cargo run --release --example render_timing -- MODEL.vast OUT_DIR`.
//! Writes `operational.svg` and `operational.dot` into OUT_DIR and prints
//! one line: `elements flows resolve_ms svg_ms dot_ms write_ms` (layout is
//! part of the SVG time).

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(model), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: render_timing MODEL.vast OUT_DIR");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    let t = Instant::now();
    let r = vastc::resolve::resolve_path(std::path::Path::new(&model));
    let resolve = t.elapsed();
    if r.has_errors() {
        eprintln!("{model}: model errors");
        std::process::exit(2);
    }
    let m = r.model;
    let t = Instant::now();
    let svg =
        vastc::emit::operational(&m, &vastc::emit::DiagramOptions::default()).expect("layout");
    let svg_time = t.elapsed();
    let t = Instant::now();
    let dot = vastc::emit::operational_dot(&m);
    let dot_time = t.elapsed();
    let t = Instant::now();
    std::fs::create_dir_all(&out).expect("output directory");
    std::fs::write(out.join("operational.svg"), svg).expect("write svg");
    std::fs::write(out.join("operational.dot"), dot).expect("write dot");
    let write = t.elapsed();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} {} {:.2} {:.2} {:.2} {:.2}",
        m.elements.len(),
        m.flows.len(),
        ms(resolve),
        ms(svg_time),
        ms(dot_time),
        ms(write)
    );
}
