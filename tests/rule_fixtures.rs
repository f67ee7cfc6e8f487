//! One pair of fixtures per built-in rule, in `tests/fixtures/rules/`:
//!
//! - `RULE.fires.vast`: a small model on which the rule fires; its first
//!   line is `// fires: RULE@TARGET`, the threat ID that must be generated.
//! - `RULE.quiet.vast`: the same model with the one fact fixed (the
//!   mitigation applied); its first line is `// quiet: RULE` and no threat of
//!   the rule may be generated on any target.
//! - `RULE.fires-NAME.vast`, `RULE.quiet-NAME.vast`: more cases of the
//!   same kinds (another trigger of the rule, another fact that quiets it).
//!
//! In the comment lines that open a fires fixture, `// not: RULE, RULE`
//! names rules that must not fire on any target (a rule that steps aside
//! for this one), and `// count: N` the number of threats the rule must
//! raise in all (one per store, not one per flow).
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

/// The named variants of a rule's fixtures of one kind
/// (`RULE.fires-NAME.vast`), in name order.
fn variants(rule: &str, which: &str) -> Vec<PathBuf> {
    let prefix = format!("{rule}.{which}-");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir())
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(".vast")
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
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
                .strip_suffix(".vast")
                .and_then(|n| n.split_once(".fires").or_else(|| n.split_once(".quiet")))
                .filter(|(_, rest)| rest.is_empty() || rest.starts_with('-'))
                .map(|(rule, _)| rule);
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

/// The values after `// KEY:` on the comment lines that open `text`.
fn opening(text: &str, key: &str) -> Option<String> {
    text.lines()
        .map_while(|l| l.trim().strip_prefix("//"))
        .find_map(|l| l.trim().strip_prefix(key)?.strip_prefix(':'))
        .map(|v| v.trim().to_string())
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
    let mut fires = vec![fixture(rule, "fires")];
    fires.extend(variants(rule, "fires"));
    for path in fires {
        check_fires(rule, &path, &mut problems);
    }
    let mut quiet = vec![fixture(rule, "quiet")];
    quiet.extend(variants(rule, "quiet"));
    for path in quiet {
        check_quiet(rule, &path, &mut problems);
    }
    problems
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A fires fixture raises its threat, and keeps to its `not` and `count`.
fn check_fires(rule: &str, path: &Path, problems: &mut Vec<String>) {
    let name = file_name(path);
    let (text, r) = match load(path) {
        Err(e) => return problems.push(format!("{name} {e}")),
        Ok(x) => x,
    };
    let want = match header(&text, "fires") {
        None => {
            return problems.push(format!(
                "{name}: first line must be `// fires: {rule}@TARGET`"
            ));
        }
        Some(want) if want.split('@').next() != Some(rule) => {
            return problems.push(format!("{name}: names `{want}`, not a threat of {rule}"));
        }
        Some(want) => want,
    };
    let a = analyze(&r.model, TODAY);
    let of_rule: Vec<&str> = a
        .threats
        .iter()
        .filter(|t| &*t.rule == rule)
        .map(|t| t.id.as_str())
        .collect();
    if !of_rule.contains(&want) {
        problems.push(format!(
            "{name}: no threat {want}; threats of {rule}: {of_rule:?}"
        ));
    }
    if let Some(count) = opening(&text, "count")
        && count.parse::<usize>().ok() != Some(of_rule.len())
    {
        problems.push(format!(
            "{name}: {rule} must raise {count} threat(s), raises {of_rule:?}"
        ));
    }
    for other in opening(&text, "not").iter().flat_map(|l| l.split(',')) {
        let other = other.trim();
        for t in a.threats.iter().filter(|t| &*t.rule == other) {
            problems.push(format!(
                "{name}: {} fires beside {want} (evidence: {})",
                t.id, t.evidence
            ));
        }
    }
}

/// A quiet fixture raises no threat of the rule.
fn check_quiet(rule: &str, path: &Path, problems: &mut Vec<String>) {
    let name = file_name(path);
    let (text, r) = match load(path) {
        Err(e) => return problems.push(format!("{name} {e}")),
        Ok(x) => x,
    };
    if header(&text, "quiet") != Some(rule) {
        problems.push(format!("{name}: first line must be `// quiet: {rule}`"));
    }
    let a = analyze(&r.model, TODAY);
    for t in a.threats.iter().filter(|t| &*t.rule == rule) {
        problems.push(format!(
            "{name}: {} still fires (evidence: {})",
            t.id, t.evidence
        ));
    }
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
