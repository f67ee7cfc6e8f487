//! `threats.json`: the report as pretty JSON, keys in a fixed order.

use super::report::Report;

pub fn json(report: &Report) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
