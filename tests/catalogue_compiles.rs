//! The built-in catalogue compiles cleanly and covers the Kubernetes rule
//! table (`tests/fixtures/k8s-rules.tsv`) (except rules docs/catalogue.md lists as undecidable) plus at
//! least 25 generic rules.

use std::collections::BTreeSet;
use std::path::Path;

/// Rules of tests/fixtures/k8s-rules.tsv that docs/catalogue.md lists as undecidable from a model.
const UNDECIDABLE: &[&str] = &[];

#[test]
fn catalogue_has_no_diagnostics() {
    let c = vastc::resolve::catalogue();
    if !c.diags.is_empty() {
        let text = vastc::diagnostic::render(&c.diags, &c.sources, Default::default());
        panic!("catalogue diagnostics:\n{text}");
    }
}

#[test]
fn catalogue_covers_the_kubernetes_rule_table() {
    let tsv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s-rules.tsv");
    let text = std::fs::read_to_string(&tsv).expect("the rule table is vendored");
    let have: BTreeSet<&str> = vastc::resolve::catalogue()
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    // A `#` comment line, then the header row, then one rule a line.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .collect();
    assert!(rows.len() >= 40, "only {} rules in the table", rows.len());
    let missing: Vec<&str> = rows
        .iter()
        .filter_map(|l| l.split('\t').next())
        .filter(|id| !id.is_empty() && !UNDECIDABLE.contains(id))
        .filter(|id| !have.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules missing from the catalogue: {missing:?}"
    );
}

#[test]
fn catalogue_has_generic_rules() {
    let c = vastc::resolve::catalogue();
    let generic = c.rules.iter().filter(|r| r.id.starts_with("GEN-")).count();
    assert!(generic >= 25, "only {generic} GEN- rules");
}

#[test]
fn every_rule_is_complete() {
    for r in &vastc::resolve::catalogue().rules {
        use vastc::model::Key;
        for key in [
            Key::Category,
            Key::Stride,
            Key::Cvss,
            Key::Mitigation,
            Key::References,
            Key::Description,
        ] {
            assert!(r.settings.contains(key), "{} has no `{key}`", r.id);
        }
        assert!(r.when.is_some(), "{} has no `when`", r.id);
    }
}
