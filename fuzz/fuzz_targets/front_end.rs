//! Fuzzes the front end: any bytes through the parser and resolver, and the
//! diagnostics rendered. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run front_end`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let r = vastc::resolve::resolve_str("fuzz.vast", text);
        let _ = vastc::diagnostic::render(&r.diags, r.sources(), Default::default());
    }
});
