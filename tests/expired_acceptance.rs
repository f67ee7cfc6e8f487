//! An acceptance past its `until` reads as open in every threat table:
//! `report.html` says "acceptance expired DATE" as `threats.md` does, never
//! "open until", and its summary counts the expired acceptances.

use std::process::Command;

/// `report.html` and `threats.md` of the risk-decisions fixture as of `today`.
fn build(today: &str) -> (String, String) {
    let out = std::env::temp_dir().join(format!("vastc-expired-{today}-{}", std::process::id()));
    let o = Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(["build", "tests/fixtures/build/risk_decisions.vast"])
        .args(["--today", today, "--format", "html,md", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let dir = out.join("risk_decisions");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let pair = (read("report.html"), read("threats.md"));
    let _ = std::fs::remove_dir_all(&out);
    pair
}

#[test]
fn expired_acceptance_reads_as_open() {
    let (html, md) = build("2026-11-26");
    assert!(
        html.contains("<td>open (acceptance expired 2026-03-31)</td>"),
        "{html}"
    );
    assert!(!html.contains("open until"), "{html}");
    assert!(
        html.contains("0 accepted, 0 false positive; 1 acceptance expired (counted as open)."),
        "{html}"
    );
    assert!(md.contains("open (acceptance expired 2026-03-31)"), "{md}");
    assert!(!md.contains("open until"), "{md}");
}

#[test]
fn live_acceptance_reads_as_accepted_until() {
    let (html, md) = build("2026-01-01");
    assert!(
        html.contains("<td>accepted until 2026-03-31</td>"),
        "{html}"
    );
    assert!(!html.contains("acceptance expired"), "{html}");
    assert!(md.contains("accepted until 2026-03-31"), "{md}");
}
