//! Shared by the interchange import tests: the fixtures and an import
//! that must check clean, be fmt-clean and build without warnings.

#![allow(dead_code)]

use std::path::PathBuf;
use vastc::analysis::Analysis;
use vastc::interchange::{Format, import};
use vastc::model::Model;
use vastc::syntax::ast::Date;

pub const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixtures of one format, sorted by path.
pub fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(root().join("tests/fixtures/interchange").join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    v.sort();
    assert!(!v.is_empty(), "{dir}");
    v
}

/// Imports, and asserts the model checks with no diagnostic and is fmt-clean.
pub fn import_clean(
    format: Format,
    name: &str,
    text: &str,
) -> (String, Vec<String>, Model, Analysis) {
    let i = import(format, name, text).unwrap_or_else(|f| panic!("{name}: {:?}", f.diags));
    let r = vastc::resolve::resolve_str("imported.vast", &i.vast);
    assert!(r.diags.is_empty(), "{name}: {:?}\n{}", r.diags, i.vast);
    let formatted = vastc::fmt::format(&i.vast).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    assert_eq!(formatted, i.vast, "{name}: not fmt-clean");
    let analysis = vastc::analysis::analyze(&r.model, TODAY);
    assert!(
        analysis.warnings.is_empty(),
        "{name}: {:?}",
        analysis.warnings
    );
    for n in &i.notes {
        assert!(n.starts_with("note: "), "{n}");
        assert!(!n.chars().any(char::is_control), "{n:?}");
    }
    (i.vast, i.notes, r.model, analysis)
}
