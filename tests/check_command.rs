//! `vastc check` reports every diagnostic `build` would, the analysis's
//! warnings included, and `--deny-warnings` makes warnings fail (status 1).

mod common;

use std::process::{Command, Output};

const MODEL: &str = "tests/fixtures/build/risk_decisions.vast";

fn vastc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The diagnostic codes printed on stderr, in order.
fn codes(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("vast::"))
        .map(String::from)
        .collect()
}

#[test]
fn check_reports_what_build_reports() {
    let check = vastc(&["check", MODEL, "--today", "2026-11-26"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let out = std::env::temp_dir().join(format!("vastc-check-{}", std::process::id()));
    let build = vastc(&[
        "build",
        MODEL,
        "--today",
        "2026-11-26",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_dir_all(&out);
    assert_eq!(
        codes(&check),
        [
            "vast::analysis::expired_acceptance",
            "vast::analysis::unused_risk"
        ]
    );
    assert_eq!(codes(&check), codes(&build));
    assert!(
        String::from_utf8_lossy(&check.stderr).contains("0 errors, 2 warnings"),
        "{check:?}"
    );
    // Before the acceptance expired, only the unused decision is left.
    let before = vastc(&["check", MODEL, "--today", "2026-01-01"]);
    assert_eq!(codes(&before), ["vast::analysis::unused_risk"]);
}

#[test]
fn deny_warnings_fails_with_status_1() {
    let o = vastc(&["check", MODEL, "--today", "2026-11-26", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let json = vastc(&[
        "check",
        MODEL,
        "--today",
        "2026-11-26",
        "--deny-warnings",
        "--format",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(1), "{json:?}");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["warnings"], 2);
    // A clean model passes, and errors still win with status 2.
    let clean = vastc(&[
        "check",
        "tests/fixtures/valid/minimal.vast",
        "--deny-warnings",
    ]);
    assert_eq!(clean.status.code(), Some(0), "{clean:?}");
    let bad = vastc(&[
        "check",
        "tests/fixtures/invalid/incomplete_cvss.vast",
        "--deny-warnings",
    ]);
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    let help = vastc(&["check", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("1 warnings and --deny-warnings"));
}

/// `check` runs only the rules a risk decision names; its diagnostics are
/// still exactly `compile`'s, on every model of the repository, before and
/// after acceptances expire.
#[test]
fn check_gives_the_diagnostics_of_compile_on_every_model() {
    use vastc::{Options, check, compile};
    let mut paths = common::files_with_extension(std::path::Path::new("examples"), "vast");
    paths.extend(common::files_with_extension(
        std::path::Path::new("tests/fixtures"),
        "vast",
    ));
    assert!(paths.len() > 100, "{} models", paths.len());
    let mut warned = 0;
    for today in ["2026-01-01", "2026-06-01"] {
        let options = Options::new(vastc::model::Date::parse(today).unwrap());
        for p in &paths {
            let full = compile(p, &options);
            let checked = check(p, &options);
            assert_eq!(
                checked.diagnostics(),
                full.diagnostics(),
                "{} on {today}",
                p.display()
            );
            warned += usize::from(!full.warnings().is_empty());
        }
    }
    // The mixed fixture's four warnings (three expired acceptances, one
    // of them a `*` decision matching two threats, and an unused
    // decision) are among those compared.
    let mixed = check(
        std::path::Path::new("tests/fixtures/build/risk_decisions_mixed.vast"),
        &Options::new(vastc::model::Date::parse("2026-06-01").unwrap()),
    );
    let codes: Vec<&str> = mixed.diagnostics().iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "vast::analysis::expired_acceptance",
            "vast::analysis::expired_acceptance",
            "vast::analysis::expired_acceptance",
            "vast::analysis::unused_risk"
        ]
    );
    assert!(warned >= 4, "only {warned} runs had analysis warnings");
}
