//! `summary.md`: a pull-request comment's worth of the threat report. It
//! never exceeds [`LIMIT`] bytes (so never more characters) whatever the
//! model: counts by severity and category, the open threats that fail
//! `--fail-on` (without it, those at [`DEFAULT_LEVEL`] or above), the top
//! open threats by score, and where the full report is.
//!
//! The failing threats are listed one row each when that fits; otherwise
//! grouped by rule (a threat's ID is `RULE@TARGET`), each rule with its
//! count and its targets, the highest-scoring threats named first; what
//! does not fit is counted exactly: how many threats are not named and how
//! many rules are not listed. Every model string is cut to
//! [`MAX_CHARS`] characters and escaped for Markdown.

use super::escape::{code_into, markdown_into as md_into};
use super::report::{Report, ThreatOut};
use crate::analysis::Severity;
use crate::analysis::threat::Status;
use std::fmt::Write;

/// The most bytes `summary.md` holds: the size of a pull-request comment.
pub const LIMIT: usize = 65_536;

/// The level the failing section lists when `--fail-on` is not given.
pub const DEFAULT_LEVEL: Severity = Severity::High;

/// How many threats the top-by-score table shows.
pub const TOP: usize = 10;

/// Model strings longer than this many characters are cut, with `…`.
pub const MAX_CHARS: usize = 120;

/// What the summary says beyond the report itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// `--fail-on`, when given.
    pub fail_on: Option<Severity>,
    /// The full report's path relative to `summary.md`, when one is written.
    pub report: Option<&'a str>,
}

/// Whether a threat fails `--fail-on level`: open (or in progress) at or
/// above `level`; the rule `vastc build` exits with status 1 by.
pub fn fails(t: &ThreatOut, level: Severity) -> bool {
    Status::parse(t.status).is_open() && t.cvss.severity >= level
}

/// Appends `s` cut to [`MAX_CHARS`] characters and escaped for Markdown.
fn text_into(out: &mut String, s: &str) {
    match s.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => {
            md_into(out, &s[..cut]);
            out.push('…');
        }
        None => md_into(out, s),
    }
}

/// Appends the ID `s`, cut to [`MAX_CHARS`] characters, as a code span
/// (`cell`: in a table).
fn id_into(out: &mut String, s: &str, cell: bool) {
    match s.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => {
            code_into(out, &s[..cut], cell);
            out.push('…');
        }
        None => code_into(out, s, cell),
    }
}

/// Highest score first, then by ID: the order threats are named in.
fn by_score(a: &&ThreatOut, b: &&ThreatOut) -> std::cmp::Ordering {
    b.cvss
        .environmental
        .total_cmp(&a.cvss.environmental)
        .then(a.id.cmp(b.id))
}

/// The summary of `report`, at most [`LIMIT`] bytes.
pub fn summary(report: &Report, opts: &Options) -> String {
    let level = opts.fail_on.unwrap_or(DEFAULT_LEVEL);
    let mut open: Vec<&ThreatOut> = report
        .threats
        .iter()
        .filter(|t| Status::parse(t.status).is_open())
        .collect();
    open.sort_by(by_score);
    let failing: Vec<&ThreatOut> = open
        .iter()
        .copied()
        .filter(|t| t.cvss.severity >= level)
        .collect();
    let head = head(report, opts);
    let top = top(&open);
    let foot = foot(opts);
    let mut out = head;
    failing_heading(&mut out, opts.fail_on, level, failing.len());
    let budget = LIMIT.saturating_sub(out.len() + top.len() + foot.len());
    if !failing.is_empty() {
        match rows(&failing, budget) {
            Some(table) => out.push_str(&table),
            None => out.push_str(&grouped(&failing, budget)),
        }
    }
    out.push_str(&top);
    out.push_str(&foot);
    out
}

/// Title, totals, and the tables by severity and by category.
fn head(report: &Report, opts: &Options) -> String {
    let s = &report.summary;
    let o = &s.open_by_severity;
    let mut out = String::from("# Threat summary: ");
    text_into(&mut out, report.model.title);
    out.push_str("\n\n");
    let _ = write!(
        out,
        "{} threats, {} open or in progress.",
        s.total,
        s.open + s.in_progress
    );
    if let Some(path) = opts.report {
        out.push_str(" Full report: [");
        md_into(&mut out, path);
        let _ = write!(out, "]({}).", link(path));
    }
    out.push_str("\n\n| Severity | All | Open |\n|---|---|---|\n");
    for (name, all, open) in [
        ("critical", s.critical, o.critical),
        ("high", s.high, o.high),
        ("medium", s.medium, o.medium),
        ("low", s.low, o.low),
        ("none", s.none, o.none),
    ] {
        let _ = writeln!(out, "| {name} | {all} | {open} |");
    }
    out.push_str("\n| Category | All | Open |\n|---|---|---|\n");
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
    out
}

/// A relative path as a link target: every byte outside a safe set
/// percent-encoded, so it cannot close the link or inject markup.
fn link(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn failing_heading(out: &mut String, fail_on: Option<Severity>, level: Severity, n: usize) {
    let l = level.as_str();
    match fail_on {
        Some(_) if n > 0 => {
            let _ = writeln!(
                out,
                "## Failing `--fail-on {l}`\n\nThe build fails: {n} open threat{} at or above {l}.\n",
                plural(n)
            );
        }
        Some(_) => {
            let _ = writeln!(
                out,
                "## Failing `--fail-on {l}`\n\nThe build passes: no open threat at or above {l}.\n"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "## Open threats at {l} or above\n\n{n} open threat{} at or above {l} \
                 (`--fail-on` not given: the build does not fail on threats).\n",
                plural(n)
            );
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One row per threat; `None` when they do not fit in `budget` bytes.
fn rows(threats: &[&ThreatOut], budget: usize) -> Option<String> {
    let mut out =
        String::from("| ID | Severity | Score | Status | Threat |\n|---|---|---|---|---|\n");
    for t in threats {
        row(&mut out, t);
        if out.len() > budget {
            return None;
        }
    }
    out.push('\n');
    (out.len() <= budget).then_some(out)
}

fn row(out: &mut String, t: &ThreatOut) {
    out.push_str("| ");
    id_into(out, t.id, true);
    let _ = write!(
        out,
        " | {} | {:.1} | {} | ",
        t.cvss.severity_str(),
        t.cvss.environmental,
        t.status
    );
    text_into(out, t.title);
    out.push_str(" |\n");
}

/// The threats of one rule, highest score first.
struct Group<'r, 'a> {
    rule: &'a str,
    threats: Vec<&'r ThreatOut<'a>>,
    /// The line naming the rule, its count and title.
    line: String,
    /// How many of `threats` (a prefix) have their target named.
    named: usize,
}

/// Room kept at the end of each rule's targets for ` … and N more`.
const MORE: usize = 40;
/// Room kept for the closing sentences of the grouped list.
const CLOSING: usize = 400;

/// The failing threats grouped by rule, within `budget` bytes: every rule
/// line that fits (most severe rules first), then targets in global score
/// order while they fit; the rest counted.
fn grouped(threats: &[&ThreatOut], budget: usize) -> String {
    let mut out = String::from(
        "Too many to list one per row: grouped by rule, the most severe rules first. \
         A generated threat's ID is `RULE@TARGET`; a threat written by hand is listed \
         under its own ID. Targets are named highest score first.\n\n",
    );
    let mut by_rule: std::collections::BTreeMap<&str, Vec<&ThreatOut>> = Default::default();
    for t in threats {
        by_rule.entry(t.rule).or_default().push(t);
    }
    let mut groups: Vec<Group> = by_rule
        .into_iter()
        .map(|(rule, threats)| Group {
            rule,
            line: group_line(rule, &threats),
            threats,
            named: 0,
        })
        .collect();
    groups.sort_by(|a, b| {
        let worst = |g: &Group| g.threats.first().map(|t| t.cvss.severity);
        worst(b)
            .cmp(&worst(a))
            .then(b.threats.len().cmp(&a.threats.len()))
            .then(a.rule.cmp(b.rule))
    });
    let mut room = budget.saturating_sub(out.len() + CLOSING);
    let mut shown = 0;
    for g in &groups {
        let cost = g.line.len() + MORE;
        if cost > room {
            break;
        }
        room -= cost;
        shown += 1;
    }
    let rules_left = (
        groups.len() - shown,
        groups[shown..]
            .iter()
            .map(|g| g.threats.len())
            .sum::<usize>(),
    );
    let groups = &mut groups[..shown];
    // Targets in global score order, while they fit.
    let index: std::collections::HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.rule, i))
        .collect();
    for t in threats {
        let Some(&i) = index.get(t.rule) else {
            continue;
        };
        let g = &mut groups[i];
        let cost = target(t).len() + 2;
        if cost > room {
            break;
        }
        room -= cost;
        g.named += 1;
    }
    let mut named = 0;
    for g in groups.iter() {
        out.push_str(&g.line);
        out.push_str("  ");
        for (k, t) in g.threats[..g.named].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(&target(t));
        }
        let more = g.threats.len() - g.named;
        if more > 0 {
            let _ = write!(
                out,
                "{}… and {more} more",
                if g.named > 0 { " " } else { "" }
            );
        }
        out.push('\n');
        named += g.named;
    }
    out.push('\n');
    let omitted = threats.len() - named;
    if rules_left.0 > 0 {
        let _ = writeln!(
            out,
            "{} more rule{} with {} failing threat{} not listed.\n",
            rules_left.0,
            plural(rules_left.0),
            rules_left.1,
            plural(rules_left.1)
        );
    }
    if omitted > 0 {
        let _ = writeln!(
            out,
            "**{omitted} of {} failing threats are not named here** (size limit); \
             the full report lists them all.\n",
            threats.len()
        );
    }
    out
}

/// A rule's line: ID, count by severity, title; the targets follow on the
/// next line.
fn group_line(rule: &str, threats: &[&ThreatOut]) -> String {
    let mut out = String::from("- ");
    id_into(&mut out, rule, false);
    let _ = write!(out, ": {} (", threats.len());
    let mut first = true;
    for s in Severity::ALL {
        let n = threats.iter().filter(|t| t.cvss.severity == s).count();
        if n > 0 {
            let _ = write!(out, "{}{n} {}", if first { "" } else { ", " }, s.as_str());
            first = false;
        }
    }
    out.push_str(") ");
    if let Some(t) = threats.first() {
        text_into(&mut out, t.title);
    }
    out.push('\n');
    out
}

/// How a threat is named in its rule's line: its target's ID, or for a
/// threat written by hand (its ID is its rule) `on TARGET`.
fn target(t: &ThreatOut) -> String {
    let mut out = String::new();
    if t.rule == t.id {
        out.push_str("on ");
    }
    id_into(&mut out, t.target.id, false);
    out
}

/// The [`TOP`] open threats by score.
fn top(open: &[&ThreatOut]) -> String {
    let mut out = String::new();
    if open.is_empty() {
        return out;
    }
    let n = open.len().min(TOP);
    let _ = writeln!(out, "## Top {n} open threat{} by score\n", plural(n));
    out.push_str("| ID | Severity | Score | Status | Threat |\n|---|---|---|---|---|\n");
    for t in &open[..n] {
        row(&mut out, t);
    }
    out.push('\n');
    out
}

fn foot(opts: &Options) -> String {
    let mut out = String::from("---\n");
    match opts.report {
        Some(path) => {
            out.push_str("Every threat, its evidence and mitigation: ");
            md_into(&mut out, path);
            out.push_str(" beside this file.\n");
        }
        None => out.push_str("Build with `--format html` for the full report.\n"),
    }
    out
}
