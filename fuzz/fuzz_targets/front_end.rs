//! Fuzzes the front end: any bytes through the parser and resolver, and the
//! diagnostics rendered; nothing rendered may hold a character that acts on
//! a terminal (every control character from the input is shown escaped).
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run front_end`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let r = vastc::resolve::resolve_str("fuzz.vast", text);
        let shown = vastc::diagnostic::render(&r.diags, r.sources(), Default::default());
        assert_terminal_safe(&shown);
    }
});

/// Only line breaks may act on the terminal: they are the renderer's own.
fn assert_terminal_safe(shown: &str) {
    let raw = shown
        .chars()
        .find(|&c| c != '\n' && vastc::diagnostic::terminal::is_unsafe(c));
    assert!(raw.is_none(), "raw {raw:?} printed: {shown:?}");
}
