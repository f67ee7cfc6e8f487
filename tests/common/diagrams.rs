//! Models the diagram tests draw: the project's models and generated ones.

use std::path::Path;

use vastc::model::Model;

/// A resolved model from `models/` (`starter`, `platform`, `clinic`, `payments`).
pub fn example(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models")
        .join(format!("{name}.vast"));
    let r = vastc::resolve::resolve_path(&path);
    assert!(!r.has_errors(), "{name}: {:?}", r.diags);
    r.model
}

/// A resolved generated model of `n` elements.
pub fn generated(n: usize) -> Model {
    let text = vastc::generate::model(vastc::generate::Shape::new(n));
    let r = vastc::resolve::resolve_str("gen.vast", &text);
    assert!(!r.has_errors(), "generated {n}: {:?}", r.diags);
    r.model
}

/// Resolves a model written in a test.
pub fn from_text(text: &str) -> Model {
    let r = vastc::resolve::resolve_str("t.vast", text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    r.model
}

/// The fixed date the diagram tests analyse on.
pub const DATE: vastc::syntax::ast::Date = vastc::syntax::ast::Date {
    year: 2026,
    month: 11,
    day: 26,
};

/// A model's diagrams as `vastc build` draws them (operational, apps and
/// scenarios, with badges and highlights), analysed on a fixed date.
pub fn build_diagrams(name: &str) -> (Model, Vec<(String, Vec<u8>)>) {
    let model = example(name);
    let analysis = vastc::analysis::analyze(&model, DATE);
    let files = vastc::emit::diagrams::diagrams(&model, &analysis);
    (model, files)
}
