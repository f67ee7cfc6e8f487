//! Models the diagram tests draw: the three examples and generated ones.

use std::path::Path;

use vastc::model::Model;

/// A resolved example from `../shared/examples/`.
pub fn example(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/examples")
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
