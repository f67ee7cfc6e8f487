//! One pair of fixtures per built-in rule, in `tests/fixtures/rules/`:
//!
//! - `RULE.fires.vast`: a small model on which the rule fires; its first
//!   line is `// fires: RULE@TARGET`, the threat ID that must be generated.
//! - `RULE.quiet.vast`: the same model with the one fact fixed (the
//!   mitigation applied); its first line is `// quiet: RULE` and no threat of
//!   the rule may be generated on any target.
//!
//! Every failure of every rule is collected and reported together.

use std::path::{Path, PathBuf};
use vastc::analysis::analyze;
use vastc::resolve::{Resolved, catalogue, resolve_path};
use vastc::syntax::ast::Date;

/// A fixed date, so risk expiry never changes an outcome.
const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

/// Rules whose fixtures fail because of a bug in `src/analysis/` (not in the
/// fixture or the rule): `(rule ID, what is wrong)`. The test tolerates
/// these and fails when one of them starts passing, so the entry gets
/// removed together with the fix.
const KNOWN_EVALUATOR_BUGS: &[(&str, &str)] = &[];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn fixture(rule: &str, which: &str) -> PathBuf {
    dir().join(format!("{rule}.{which}.vast"))
}

fn rule_ids() -> Vec<String> {
    catalogue().rules.iter().map(|r| r.id.clone()).collect()
}

#[test]
fn every_rule_has_both_fixtures() {
    let ids = rule_ids();
    assert!(!ids.is_empty(), "the catalogue has no rules");
    let mut missing = Vec::new();
    for id in &ids {
        for which in ["fires", "quiet"] {
            let path = fixture(id, which);
            if !path.is_file() {
                missing.push(format!("tests/fixtures/rules/{id}.{which}.vast"));
            }
        }
    }
    // Fixtures of rules the catalogue no longer has are stale.
    let mut stale = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir()) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let rule = name
                .strip_suffix(".fires.vast")
                .or_else(|| name.strip_suffix(".quiet.vast"));
            match rule {
                Some(r) if ids.iter().any(|id| id == r) => {}
                _ => stale.push(name),
            }
        }
    }
    stale.sort();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "{} rules, {} fixture files missing:\n  {}\nfiles that match no catalogue rule:\n  {}",
        ids.len(),
        missing.len(),
        list_or_none(&missing),
        list_or_none(&stale)
    );
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".into()
    } else {
        items.join("\n  ")
    }
}

/// The value after `// KEY:` on the first line of `text`.
fn header<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    text.lines()
        .next()?
        .trim()
        .strip_prefix("//")?
        .trim()
        .strip_prefix(key)?
        .strip_prefix(':')
        .map(str::trim)
}

/// Resolves a fixture; `Err` describes why it cannot be analysed.
fn load(path: &Path) -> Result<(String, Resolved), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let r = resolve_path(path);
    if r.has_errors() {
        let errors: Vec<_> = r.diags.iter().filter(|d| d.is_error()).cloned().collect();
        let shown = vastc::diagnostic::render(&errors, r.sources(), Default::default());
        return Err(format!("does not resolve:\n{shown}"));
    }
    Ok((text, r))
}

/// Everything wrong with one rule's fixtures.
fn check_rule(rule: &str) -> Vec<String> {
    let mut problems = Vec::new();

    let fires = fixture(rule, "fires");
    match load(&fires) {
        Err(e) => problems.push(format!("{rule}.fires.vast {e}")),
        Ok((text, r)) => match header(&text, "fires") {
            None => problems.push(format!(
                "{rule}.fires.vast: first line must be `// fires: {rule}@TARGET`"
            )),
            Some(want) if want.split('@').next() != Some(rule) => problems.push(format!(
                "{rule}.fires.vast: names `{want}`, not a threat of {rule}"
            )),
            Some(want) => {
                let a = analyze(&r.model, TODAY);
                if !a.threats.iter().any(|t| t.id == want) {
                    let of_rule: Vec<&str> = a
                        .threats
                        .iter()
                        .filter(|t| t.rule == rule)
                        .map(|t| t.id.as_str())
                        .collect();
                    problems.push(format!(
                        "{rule}.fires.vast: no threat {want}; threats of {rule}: {of_rule:?}"
                    ));
                }
            }
        },
    }

    let quiet = fixture(rule, "quiet");
    match load(&quiet) {
        Err(e) => problems.push(format!("{rule}.quiet.vast {e}")),
        Ok((text, r)) => {
            if header(&text, "quiet") != Some(rule) {
                problems.push(format!(
                    "{rule}.quiet.vast: first line must be `// quiet: {rule}`"
                ));
            }
            let a = analyze(&r.model, TODAY);
            for t in a.threats.iter().filter(|t| t.rule == rule) {
                problems.push(format!(
                    "{rule}.quiet.vast: {} still fires (evidence: {})",
                    t.id, t.evidence
                ));
            }
        }
    }
    problems
}

#[test]
fn every_rule_fires_and_stays_quiet() {
    let mut failures = Vec::new();
    let mut known_still_failing = Vec::new();
    for rule in rule_ids() {
        let problems = check_rule(&rule);
        match KNOWN_EVALUATOR_BUGS.iter().find(|(id, _)| *id == rule) {
            Some((_, why)) if problems.is_empty() => failures.push(format!(
                "{rule} passes now: remove it from KNOWN_EVALUATOR_BUGS ({why})"
            )),
            Some((_, why)) => known_still_failing.push(format!("{rule}: {why}")),
            None => failures.extend(problems),
        }
    }
    for (id, _) in KNOWN_EVALUATOR_BUGS {
        if !rule_ids().iter().any(|r| r == id) {
            failures.push(format!(
                "KNOWN_EVALUATOR_BUGS names {id}, not a catalogue rule"
            ));
        }
    }
    if !known_still_failing.is_empty() {
        eprintln!(
            "tolerated (KNOWN_EVALUATOR_BUGS):\n  {}",
            known_still_failing.join("\n  ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
