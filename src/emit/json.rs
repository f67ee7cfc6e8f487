//! `threats.json`: the report as pretty JSON, keys in a fixed order.

use super::report::Report;
use serde::Serialize;

pub fn json(report: &Report) -> String {
    pretty(report)
}

/// Pretty JSON (two-space indent) with a final newline; shared by the
/// JSON-based outputs.
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(1 << 16);
    match serde_json::to_writer_pretty(&mut out, value) {
        Ok(()) => {
            out.push(b'\n');
            // serde_json writes UTF-8 only.
            String::from_utf8(out).unwrap_or_default()
        }
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}
