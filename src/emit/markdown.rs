//! `threats.md`: the summary by severity and category, one table per seed
//! category, per-feature threats of each app, and the boundary crossings.
//! Every model string is escaped for Markdown.

use super::escape::{code_into, markdown as md, markdown_into as md_into};
use super::report::{HopOut, PathOut, Report, ThreatOut};
use std::fmt::Write;

/// Appends `items` (IDs), each a code span in a table cell, separated by `sep`.
fn code_join<S: AsRef<str>>(out: &mut String, items: &[S], sep: &str) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        code_into(out, item.as_ref(), true);
    }
}

fn threat_rows(out: &mut String, threats: &[&ThreatOut]) {
    out.push_str("| ID | Threat | Target | STRIDE | Severity | Score | Status | Why | Mitigation |\n|---|---|---|---|---|---|---|---|---|\n");
    for t in threats {
        out.push_str("| ");
        code_into(out, t.id, true);
        out.push_str(" | ");
        md_into(out, t.title);
        out.push_str(" | ");
        out.push_str(t.target.kind);
        out.push(' ');
        code_into(out, t.target.id, true);
        out.push_str(" | ");
        for letter in t.stride {
            out.push_str(letter);
        }
        let _ = write!(
            out,
            " | {} | {:.1} | ",
            t.cvss.severity_str(),
            t.cvss.environmental
        );
        match (&t.until, t.expired) {
            (Some(u), true) => {
                out.push_str("open (acceptance expired ");
                md_into(out, u);
                out.push(')');
            }
            (Some(u), false) => {
                out.push_str(t.status);
                out.push_str(" until ");
                md_into(out, u);
            }
            _ => out.push_str(t.status),
        }
        out.push_str(" | ");
        md_into(out, t.why);
        out.push_str(" | ");
        md_into(out, t.mitigation);
        out.push_str(" |\n");
    }
}

/// `threats.md`: the report as Markdown.
pub fn markdown(report: &Report) -> String {
    super::write::text(|w| write_markdown(report, w))
}

/// [`markdown`] written to `w` section by section (the text of one
/// category's threats at most is held at a time).
pub fn write_markdown(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::new();
    let mut flush = |out: &mut String| {
        let result = w.write_all(out.as_bytes());
        out.clear();
        result
    };
    let s = &report.summary;
    let _ = writeln!(out, "# Threats: {}\n", md(report.model.title));
    if !report.model.version.is_empty() {
        let _ = write!(out, "Model version {}; files: ", md(&report.model.version));
        code_join(&mut out, &report.model.files, ", ");
        out.push_str(".\n\n");
    }
    out.push_str("## Summary\n\n| Severity | All | Open |\n|---|---|---|\n");
    let o = &s.open_by_severity;
    for (name, all, open) in [
        ("critical", s.critical, o.critical),
        ("high", s.high, o.high),
        ("medium", s.medium, o.medium),
        ("low", s.low, o.low),
        ("none", s.none, o.none),
    ] {
        let _ = writeln!(out, "| {name} | {all} | {open} |");
    }
    let _ = writeln!(
        out,
        "| **total** | {} | {} |\n",
        s.total,
        s.open + s.in_progress
    );
    let _ = writeln!(
        out,
        "Status: {} open, {} in progress, {} mitigated, {} accepted, {} false positive{}.\n",
        s.open,
        s.in_progress,
        s.mitigated,
        s.accepted,
        s.false_positive,
        if s.expired > 0 {
            format!(", {} acceptance(s) expired", s.expired)
        } else {
            String::new()
        }
    );
    out.push_str("| Category | All | Open |\n|---|---|---|\n");
    for c in &s.by_category {
        let title = report
            .categories
            .iter()
            .find(|(id, _)| *id == c.category)
            .map(|(_, t)| *t)
            .unwrap_or("");
        let _ = writeln!(out, "| {title} | {} | {} |", c.total, c.open);
    }
    out.push('\n');
    for &(id, title) in report.categories {
        let threats: Vec<&ThreatOut> = report.threats.iter().filter(|t| t.category == id).collect();
        let _ = writeln!(out, "## {title}\n");
        if threats.is_empty() {
            out.push_str("No threats.\n\n");
            continue;
        }
        threat_rows(&mut out, &threats);
        out.push('\n');
        flush(&mut out)?;
    }
    for app in &report.apps {
        let _ = writeln!(out, "## App: {}\n", md(&app.title));
        out.push_str("| Feature | Runs on | Threats |\n|---|---|---|\n");
        for f in &app.features {
            out.push_str("| ");
            md_into(&mut out, &f.title);
            out.push_str(" | ");
            code_join(&mut out, &f.on, ", ");
            out.push_str(" | ");
            code_join(&mut out, &f.threats, ", ");
            out.push_str(" |\n");
        }
        out.push('\n');
    }
    scenarios(&mut out, report);
    paths(&mut out, report);
    out.push_str("## Boundary crossings\n\n");
    if report.crossings.is_empty() {
        out.push_str("No flow crosses a trust boundary.\n");
    } else {
        out.push_str("| Flow | Leaves | Enters |\n|---|---|---|\n");
        for c in &report.crossings {
            out.push_str("| ");
            code_into(&mut out, c.flow, true);
            out.push_str(" | ");
            code_join(&mut out, &c.left, ", ");
            out.push_str(" | ");
            code_join(&mut out, &c.entered, ", ");
            out.push_str(" |\n");
        }
    }
    flush(&mut out)
}

fn scenarios(out: &mut String, report: &Report) {
    use super::scenario_out::{MAX_LISTED, short_chain};
    for s in &report.scenarios {
        let _ = writeln!(out, "## Scenario: {}\n", md(&s.title));
        out.push_str("Compromised: ");
        code_join(out, &s.compromise, ", ");
        out.push_str(".\n\n");
        let (controlled, reached, held) = s.counts();
        let _ = writeln!(
            out,
            "Controls {controlled} element(s) or node(s), reaches {reached} more, holds {held} identit{}, exposes {} data asset(s).\n",
            if held == 1 { "y" } else { "ies" },
            s.data.len()
        );
        out.push_str("| What | Access | How |\n|---|---|---|\n");
        let mut rows = 0;
        for (i, f) in s.rows() {
            rows += 1;
            if rows > MAX_LISTED {
                continue;
            }
            let _ = write!(out, "| {} ", f.kind);
            code_into(out, &f.id, true);
            let _ = write!(out, " | {} | ", f.access);
            md_into(out, &short_chain(&s.chain(i)));
            out.push_str(" |\n");
        }
        out.push('\n');
        if rows > MAX_LISTED {
            let _ = writeln!(
                out,
                "The first {MAX_LISTED} findings of {rows}; `threats.json` lists every finding with its chain.\n"
            );
        }
    }
}

fn paths(out: &mut String, report: &Report) {
    out.push_str("## Attack paths\n\n");
    if report.attack_paths.is_empty() {
        out.push_str("No path of flows leads from an untrusted actor to restricted data.\n\n");
        return;
    }
    out.push_str("For each element that stores or handles restricted data, the shortest path to it from an actor in an untrusted zone (ties broken by weaker controls), and the other untrusted actors that reach it.\n\n");
    let ranked = super::report::ranked_paths(&report.attack_paths);
    if ranked.len() < report.attack_paths.len() {
        let _ = writeln!(
            out,
            "The {} paths with the most weak hops of {}; `threats.json` lists every path.\n",
            ranked.len(),
            report.attack_paths.len()
        );
    }
    out.push_str(
        "| From | To | Path | Weak hops | Open threats on the path | Also reached from |\n|---|---|---|---|---|---|\n",
    );
    let network = ranked
        .iter()
        .any(|p| p.hops.iter().any(|h| matches!(h, HopOut::Network(_))));
    for p in ranked {
        out.push_str("| ");
        code_into(out, p.from, true);
        out.push_str(" | ");
        code_into(out, p.to, true);
        out.push_str(" | ");
        route(out, p);
        let _ = write!(out, " | {} | ", p.weaknesses);
        code_join(out, &p.threats, ", ");
        out.push_str(" | ");
        code_join(out, &super::report::others(p), ", ");
        out.push_str(" |\n");
    }
    out.push('\n');
    if network {
        out.push_str(super::report::NETWORK_HOP);
        out.push_str("\n\n");
    }
}

/// A path's elements with the arrow of each hop between them.
fn route(out: &mut String, p: &PathOut<'_>) {
    for (i, e) in p.path.iter().enumerate() {
        if i > 0 {
            out.push_str(p.hops.get(i - 1).map_or(" → ", |h| h.arrow()));
        }
        code_into(out, e, true);
    }
}
