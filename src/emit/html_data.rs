//! The data `report.html` renders its threat list, groups, panels and
//! boundary views from: one JSON blob in a `<script type="application/json">`
//! element, embedded once. Columns as arrays and every string once in a
//! string table (`s`) keep it small: a threat is a dozen small integers.
//! Every `<` is written `\u003c`, so neither `</script>` nor `<!--` can
//! occur in the blob whatever the model's strings are.

use super::report::Report;
use std::collections::HashMap;
use std::fmt::Write;

/// Severities and statuses in the order their indices mean.
pub const SEVERITIES: [&str; 5] = ["critical", "high", "medium", "low", "none"];
pub const STATUSES: [&str; 5] = [
    "open",
    "in-progress",
    "mitigated",
    "accepted",
    "false-positive",
];

/// Interns strings: the index of each in `list`.
#[derive(Default)]
struct Strings<'a> {
    list: Vec<&'a str>,
    at: HashMap<&'a str, usize>,
}

impl<'a> Strings<'a> {
    fn id(&mut self, s: &'a str) -> usize {
        if let Some(&i) = self.at.get(s) {
            return i;
        }
        self.list.push(s);
        self.at.insert(s, self.list.len() - 1);
        self.list.len() - 1
    }
}

/// `"name":[a,b,…]` of integers.
fn column(out: &mut String, name: &str, values: impl Iterator<Item = usize>) {
    let _ = write!(out, "\"{name}\":[");
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{v}");
    }
    out.push(']');
}

/// A JSON string literal with `<` as `\u003c` (and U+2028/9 escaped).
fn string_into(out: &mut String, s: &str) {
    let quoted = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    for c in quoted.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
}

/// The status as the table writes it: `accepted until DATE`,
/// `open (acceptance expired DATE)`, or the bare status.
pub fn status_label(status: &str, until: Option<&str>, expired: bool) -> String {
    match (until, expired) {
        (Some(u), true) => format!("{status} (acceptance expired {u})"),
        (Some(u), false) => format!("{status} until {u}"),
        (None, _) => status.to_string(),
    }
}

/// The blob (JSON text, safe inside a `<script>` element); `focus` names
/// the focus view (`focus-<id>.svg`) of each boundary index that has one.
pub fn data(report: &Report, focus: &[(usize, String)]) -> String {
    let mut s = Strings::default();
    let labels: Vec<String> = report
        .threats
        .iter()
        .map(|t| status_label(t.status, t.until.as_deref(), t.expired))
        .collect();
    let strides: Vec<String> = report.threats.iter().map(|t| t.stride.join(" ")).collect();
    let th = &report.threats;
    let mut cols: Vec<(&str, Vec<usize>)> = Vec::new();
    let pick: [(&str, Vec<&str>); 9] = [
        ("id", th.iter().map(|t| t.id).collect()),
        ("ti", th.iter().map(|t| t.title).collect()),
        ("ru", th.iter().map(|t| t.rule).collect()),
        ("tk", th.iter().map(|t| t.target.kind).collect()),
        ("tg", th.iter().map(|t| t.target.id).collect()),
        ("ca", th.iter().map(|t| t.category).collect()),
        ("wh", th.iter().map(|t| t.why).collect()),
        ("mi", th.iter().map(|t| t.mitigation).collect()),
        ("sl", labels.iter().map(String::as_str).collect()),
    ];
    for (name, values) in &pick {
        cols.push((name, values.iter().map(|v| s.id(v)).collect()));
    }
    cols.push(("sd", strides.iter().map(|v| s.id(v)).collect()));
    cols.push((
        "sv",
        th.iter()
            .map(|t| {
                let v = t.cvss.severity_str();
                SEVERITIES.iter().position(|x| *x == v).unwrap_or(4)
            })
            .collect(),
    ));
    cols.push((
        "st",
        th.iter()
            .map(|t| STATUSES.iter().position(|x| *x == t.status).unwrap_or(0))
            .collect(),
    ));
    cols.push((
        "sc",
        th.iter()
            .map(|t| (t.cvss.environmental * 10.0).round().max(0.0) as usize)
            .collect(),
    ));
    let mut out = String::with_capacity(64 * th.len() + 4096);
    out.push_str("{\"th\":{");
    for (i, (name, values)) in cols.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        column(&mut out, name, values.iter().copied());
    }
    out.push_str("},\"el\":{");
    column(
        &mut out,
        "id",
        report
            .elements
            .iter()
            .map(|e| s.id(e))
            .collect::<Vec<_>>()
            .into_iter(),
    );
    out.push(',');
    // Innermost boundary index + 1; 0 for none.
    column(
        &mut out,
        "b",
        report
            .element_boundary
            .iter()
            .map(|b| b.map_or(0, |b| b + 1)),
    );
    out.push_str("},\"bd\":{");
    let names: Vec<usize> = report
        .boundaries
        .iter()
        .flat_map(|(id, label, _)| [s.id(id), s.id(label)])
        .collect();
    column(&mut out, "il", names.into_iter());
    out.push(',');
    // Parent index + 1; 0 for a top-level boundary.
    column(
        &mut out,
        "p",
        report.boundaries.iter().map(|b| b.2.map_or(0, |p| p + 1)),
    );
    out.push(',');
    // Pairs: boundary index + 1, file name of its focus view.
    let views: Vec<usize> = focus
        .iter()
        .flat_map(|(b, name)| [b + 1, s.id(name)])
        .collect();
    column(&mut out, "fv", views.into_iter());
    out.push_str("},\"cat\":");
    let cats: Vec<usize> = report
        .categories
        .iter()
        .flat_map(|(id, t)| [s.id(id), s.id(t)])
        .collect();
    out.push('{');
    column(&mut out, "il", cats.into_iter());
    out.push_str("},\"sn\":[");
    for (i, sc) in report.scenarios.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "[{},{},[", s.id(&sc.id), s.id(&sc.title));
        let mut first = true;
        for f in &sc.findings {
            if f.kind != "element" && f.kind != "flow" {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            let _ = write!(
                out,
                "{},{}",
                s.id(&f.id),
                usize::from(f.access == "control")
            );
        }
        out.push_str("]]");
    }
    out.push_str("],\"s\":[");
    for (i, v) in s.list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string_into(&mut out, v);
    }
    out.push_str("]}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_close_the_script() {
        let mut out = String::new();
        string_into(&mut out, "</script><!-- \u{2028} & \"x\"");
        assert_eq!(
            out,
            "\"\\u003c/script\\u003e\\u003c!-- \\u2028 \\u0026 \\\"x\\\"\""
        );
    }

    #[test]
    fn status_labels() {
        assert_eq!(
            status_label("open", Some("2026-03-31"), true),
            "open (acceptance expired 2026-03-31)"
        );
        assert_eq!(
            status_label("accepted", Some("2026-03-31"), false),
            "accepted until 2026-03-31"
        );
        assert_eq!(status_label("open", None, false), "open");
    }
}
