//! `threats.csv`: one row a threat, every cell escaped against formula
//! injection.

use super::escape::csv as cell;
use super::report::Report;

const HEADER: &[&str] = &[
    "id",
    "rule",
    "title",
    "target_kind",
    "target",
    "category",
    "stride",
    "severity",
    "base",
    "temporal",
    "environmental",
    "vector",
    "status",
    "until",
    "reason",
    "crossings",
    "mitigation",
    "evidence",
    "file",
    "line",
];

pub fn csv(report: &Report) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for t in &report.threats {
        let row = [
            cell(&t.id),
            cell(&t.rule),
            cell(&t.title),
            cell(&t.target.kind),
            cell(&t.target.id),
            cell(&t.category),
            cell(&t.stride.join("")),
            t.cvss.severity_str().to_string(),
            format!("{:.1}", t.cvss.base),
            format!("{:.1}", t.cvss.temporal),
            format!("{:.1}", t.cvss.environmental),
            cell(&t.cvss.vector),
            cell(&t.status),
            cell(t.until.as_deref().unwrap_or("")),
            cell(t.reason.as_deref().unwrap_or("")),
            cell(&t.crossings.join(" ")),
            cell(&t.mitigation),
            cell(&t.evidence),
            cell(&t.location.file),
            t.location.line.to_string(),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
