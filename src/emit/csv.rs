//! `threats.csv`: one row a threat, every cell escaped against formula
//! injection.

use super::escape::csv_into as cell;
use super::report::Report;
use std::fmt::Write;

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
    "why",
];

pub fn csv(report: &Report) -> String {
    let mut out = String::with_capacity(256 * (report.threats.len() + 1));
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for t in &report.threats {
        let until = t.until.as_deref().unwrap_or("");
        let text_cells = [
            t.id,
            t.rule,
            t.title,
            t.target.kind,
            t.target.id,
            t.category,
            &t.stride.concat(),
        ];
        for c in text_cells {
            cell(&mut out, c);
            out.push(',');
        }
        let _ = write!(
            out,
            "{},{:.1},{:.1},{:.1},",
            t.cvss.severity_str(),
            t.cvss.base,
            t.cvss.temporal,
            t.cvss.environmental
        );
        let text_cells = [
            t.cvss.vector,
            t.status,
            until,
            t.reason.unwrap_or(""),
            &t.crossings.join(" "),
            t.mitigation,
            t.evidence,
            t.location.file,
        ];
        for c in text_cells {
            cell(&mut out, c);
            out.push(',');
        }
        let _ = write!(out, "{},", t.location.line);
        cell(&mut out, t.why);
        out.push_str("\r\n");
    }
    out
}
