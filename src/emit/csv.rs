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

/// `threats.csv`: the report, one row a threat.
pub fn csv(report: &Report) -> String {
    super::write::text(|w| write_csv(report, w))
}

/// Text of this many bytes is written out at the end of a row.
const CHUNK: usize = 1 << 16;

/// [`csv`] written to `w` a few hundred rows at a time.
pub fn write_csv(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::with_capacity(2 * CHUNK);
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
        if out.len() >= CHUNK {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    w.write_all(out.as_bytes())
}
