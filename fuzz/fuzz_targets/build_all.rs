//! Fuzzes the whole build: resolve, analysis, layout and every emitter, in
//! memory. An input starting with the byte 0xFF (never the start of UTF-8
//! text) shapes a model of the structured generator
//! (`vastc::generate::random_model_from_bytes`) with its remaining bytes;
//! any other input is `.vast` text. Models with errors stop after their
//! diagnostics are rendered. Nothing rendered for the terminal may hold a
//! character that acts on it (control characters are shown escaped).
//!
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run build_all -s none` (a target may not
//! be called `build`: cargo reserves the name).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vastc::syntax::ast::Date;

/// A fixed date, so `until` expiries do not depend on the day of the run.
const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

fuzz_target!(|data: &[u8]| {
    let text = match data.split_first() {
        Some((0xFF, rest)) => vastc::generate::random_model_from_bytes(rest),
        _ => match std::str::from_utf8(data) {
            Ok(t) => t.to_string(),
            Err(_) => return,
        },
    };
    let c = vastc::compile_str("fuzz.vast", &text, &vastc::Options::new(TODAY));
    assert_terminal_safe(&vastc::diagnostic::render(
        &c.resolved.diags,
        c.sources(),
        Default::default(),
    ));
    if c.has_errors() {
        return;
    }
    assert_terminal_safe(&vastc::diagnostic::render(
        c.warnings(),
        c.sources(),
        Default::default(),
    ));
    let outputs = vastc::emit::render(&c, &[]);
    std::hint::black_box(outputs);
});

/// Only line breaks may act on the terminal: they are the renderer's own.
fn assert_terminal_safe(shown: &str) {
    let raw = shown
        .chars()
        .find(|&c| c != '\n' && vastc::diagnostic::terminal::is_unsafe(c));
    assert!(raw.is_none(), "raw {raw:?} printed: {shown:?}");
}
