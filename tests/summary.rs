//! `summary.md`: within a pull-request comment's size at 10,000 elements,
//! every failing threat named or counted exactly, a snapshot of the
//! payments model, and its failing list agreeing with `--fail-on`'s exit.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use vastc::analysis::Severity;
use vastc::emit::summary::{LIMIT, Options, fails, summary};

const PAYMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/models/payments.vast");

fn today() -> vastc::syntax::ast::Date {
    vastc::syntax::ast::Date {
        year: 2026,
        month: 11,
        day: 26,
    }
}

fn build(out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(["build", PAYMENTS, "-o"])
        .arg(out)
        .args(["--today", "2026-11-26"])
        .args(extra)
        .output()
        .unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vastc-summary-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// The text of a Markdown code span as the summary writes IDs: fenced in
/// backticks, a pipe escaped in table cells.
fn unspan(s: &str) -> String {
    let s = s.trim();
    assert!(
        s.starts_with('`') && s.ends_with('`'),
        "not a code span: {s}"
    );
    s.trim_matches('`').replace("\\|", "|")
}

/// The threats a summary names, as (rule, target) from the grouped list or
/// IDs from the table, and the count it says it left out.
fn named(text: &str) -> (BTreeSet<String>, usize) {
    let mut ids = BTreeSet::new();
    let section = text
        .split("## Top ")
        .next()
        .unwrap()
        .split_once("\n## ")
        .map(|(_, s)| s)
        .unwrap_or("");
    let mut rule = String::new();
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix("| ") {
            let id = rest.split(" | ").next().unwrap();
            if id != "ID" {
                ids.insert(unspan(id));
            }
        } else if let Some(rest) = line.strip_prefix("- `") {
            rule = rest.split('`').next().unwrap().to_string();
        } else if let Some(rest) = line.strip_prefix("  ") {
            let list = rest.split('…').next().unwrap();
            for t in list.split(", ").map(str::trim).filter(|t| !t.is_empty()) {
                ids.insert(format!("{rule}@{}", unspan(t)));
            }
        }
    }
    let omitted = text
        .split("**")
        .find_map(|s| s.strip_suffix(" failing threats are not named here"))
        .map(|s| s.split(' ').next().unwrap().parse().unwrap())
        .unwrap_or(0);
    (ids, omitted)
}

#[test]
fn ten_thousand_elements_fit_and_every_failing_threat_is_named_or_counted() {
    let text = vastc::generate::model(vastc::generate::Shape::new(10_000));
    let r = vastc::resolve::resolve_str("gen.vast", &text);
    assert!(!r.has_errors());
    let analysis = vastc::analysis::analyze(&r.model, today());
    let report = vastc::emit::report::report(&r.model, &analysis);
    for level in [Severity::High, Severity::Medium, Severity::Critical] {
        let options = Options {
            fail_on: Some(level),
            report: Some("report.html"),
        };
        let md = summary(&report, &options);
        assert!(md.len() <= LIMIT, "{} bytes", md.len());
        assert_eq!(md, summary(&report, &options), "deterministic");
        let failing: BTreeSet<String> = report
            .threats
            .iter()
            .filter(|t| fails(t, level))
            .map(|t| t.id.to_string())
            .collect();
        assert!(failing.len() > 100, "{level:?}: {}", failing.len());
        let (ids, omitted) = named(&md);
        assert!(
            ids.is_subset(&failing),
            "{level:?}: names a threat not failing"
        );
        assert_eq!(
            failing.len() - ids.len(),
            omitted,
            "{level:?}: the count left out is exact"
        );
        assert!(
            ids.len() >= failing.len().min(1_000),
            "{level:?}: only {} named",
            ids.len()
        );
        assert!(md.contains("[report.html](report.html)"));
    }
}

#[test]
fn payments_summary() {
    let out = tmp("snap");
    let o = build(&out, &["--format", "summary,html", "--fail-on", "high"]);
    assert_eq!(o.status.code(), Some(1));
    let md = std::fs::read_to_string(out.join("payments/summary.md")).unwrap();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/build");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("payments.summary.md", md));
    let _ = std::fs::remove_dir_all(&out);
}

/// The failing threats listed are exactly those `--fail-on` exits 1 for.
#[test]
fn failing_list_matches_fail_on_exit_status() {
    let out = tmp("failon");
    for (level, status) in [("critical", 0), ("high", 1), ("medium", 1), ("low", 1)] {
        let o = build(&out, &["--format", "summary,json", "--fail-on", level]);
        assert_eq!(o.status.code(), Some(status), "{level}");
        let md = std::fs::read_to_string(out.join("payments/summary.md")).unwrap();
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join("payments/threats.json")).unwrap(),
        )
        .unwrap();
        let rank = |s: &str| {
            ["none", "low", "medium", "high", "critical"]
                .iter()
                .position(|x| *x == s)
        };
        let failing: BTreeSet<String> = json["threats"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| matches!(t["status"].as_str(), Some("open" | "in-progress")))
            .filter(|t| rank(t["cvss"]["severity"].as_str().unwrap()) >= rank(level))
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        let (ids, omitted) = named(&md);
        assert_eq!(omitted, 0);
        assert_eq!(ids, failing, "{level}");
        assert_eq!(failing.is_empty(), status == 0, "{level}");
        let verdict = if status == 0 {
            "The build passes"
        } else {
            "The build fails"
        };
        assert!(md.contains(verdict), "{level}");
    }
    let _ = std::fs::remove_dir_all(&out);
}
