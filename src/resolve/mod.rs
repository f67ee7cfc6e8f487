//! Resolve: turns parsed files into the [`Model`]: includes, the one symbol
//! table, settings checked against the settings table and vocabularies,
//! references checked for existence and kind, defaults filled in, the
//! boundary tree, identity grants, and every `when` checked. What
//! Kubernetes implies (RBAC grants, default service accounts) is lowered by
//! its own pass ([`kubernetes`]) between the generic ones. The built-in
//! catalogue goes through the same code.

mod build;
mod catalogue;
pub use catalogue::{CATALOGUE_FILES, Catalogue, catalogue};
pub(crate) mod cvss;
pub mod defaults;
mod expr;
pub mod facts;
mod kubernetes;
mod load;
mod lower;
mod names;
mod nesting;
pub mod schema;
mod settings;
pub use settings::ref_keywords;
pub mod suggest;
pub mod vocab;

use crate::diagnostic::{self, Diag};
use crate::model::Model;
use crate::source::{FileId, Overlay, SourceMap, Span};
use std::path::Path;

pub use load::{
    MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, read_regular_decoded, read_regular_file,
};
pub use nesting::MAX_NESTING;

/// A resolved build: the model (partial when there are errors) and every
/// diagnostic of every file, sorted by position.
pub struct Resolved {
    pub model: Model,
    pub diags: Vec<Diag>,
    /// The syntax trees, kept for editors ([`Resolved::trees`]); a
    /// compilation frees them on the thread pool ([`Resolved::free_trees`])
    /// since freeing a large file's trees costs a quarter of its resolve
    /// time.
    trees: Vec<(usize, crate::syntax::ast::File)>,
    /// Which file each `include` (by the span of its path) brought in.
    includes: std::collections::BTreeMap<Span, FileId>,
}

impl Resolved {
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diag::is_error)
    }

    pub fn sources(&self) -> &SourceMap {
        &self.model.sources
    }

    /// The syntax tree of each file, by file ID, in include order (for
    /// editors: what each name in the text refers to).
    pub fn trees(&self) -> &[(FileId, crate::syntax::ast::File)] {
        &self.trees
    }

    /// Frees the syntax trees on the thread pool, off the caller's path: a
    /// build needs only the model, and the trees of a large model are a
    /// sixth of its memory while the outputs are rendered.
    pub fn free_trees(&mut self) {
        let trees = std::mem::take(&mut self.trees);
        if !trees.is_empty() {
            rayon::spawn(move || drop(trees));
        }
    }

    /// The file each `include` brought in, by the span of its path.
    pub fn includes(&self) -> &std::collections::BTreeMap<Span, FileId> {
        &self.includes
    }
}

/// Resolves the model whose root file is `path`.
pub fn resolve_path(path: &Path) -> Resolved {
    finish(load::load(path, None))
}

/// Resolves the model whose root file is `path`, reading the files the
/// overlay holds from there instead of from disk.
pub fn resolve_overlaid(path: &Path, overlay: &Overlay) -> Resolved {
    finish(load::load(path, Some(overlay)))
}

/// Resolves a model held in memory (tests, fuzzing); `include` is refused.
pub fn resolve_str(name: &str, text: &str) -> Resolved {
    finish(load::load_str(name, text))
}

fn finish(loaded: load::Loaded) -> Resolved {
    // The catalogue is needed only at the end, and the parse threads are
    // done: compile it on another core while this one resolves the model.
    catalogue::prepare();
    let mut diags = loaded.diags;
    let mut names = names::collect(&loaded.files, &loaded.includes, &mut diags);
    // The generic passes, with what Kubernetes implies lowered in between.
    let (mut model, more, _) = build::Builder::new(&names).run(kubernetes::lower);
    let broken = std::mem::take(&mut names.broken);
    drop(names);
    diags.extend(more);
    if !broken.is_empty() {
        // A declaration with a misspelt keyword still declares its ID.
        diags.retain(|d| {
            d.code != "vast::resolve::unknown_ref"
                || !d.span.is_some_and(|s| {
                    let text = loaded.sources.get(s.file).map(|f| &f.text[..]);
                    let id = text.and_then(|t| t.get(s.start..s.end)).unwrap_or("");
                    broken.iter().any(|b| b == id)
                })
        });
    }
    let catalogue = catalogue();
    for r in &model.rules {
        if let Some(b) = catalogue.rules.iter().find(|b| b.id == r.id) {
            diags.push(
                Diag::error(
                    "vast::resolve::builtin_rule",
                    format!("`{}` is a built-in rule", r.id),
                    r.span,
                )
                .label("clashes with the catalogue")
                .help(format!(
                    "built-in `{}`: {}; choose another ID, e.g. with your team's prefix",
                    b.id, b.title
                )),
            );
        }
    }
    let mut rules = catalogue.rules.clone();
    rules.append(&mut model.rules);
    model.rules = rules;
    check_risks(&model, &mut diags);
    nesting::case_collisions(&model, &mut diags);
    model.sources = loaded.sources;
    diagnostic::sort(&mut diags);
    Resolved {
        model,
        diags,
        trees: loaded.files,
        includes: loaded.includes,
    }
}

fn check_risks(model: &Model, diags: &mut Vec<Diag>) {
    for r in &model.risks {
        let known = model.rules.iter().any(|x| x.id == r.rule);
        if !known {
            let ids = model.rules.iter().map(|x| x.id.as_str());
            diags.push(
                Diag::error(
                    "vast::resolve::unknown_rule",
                    format!("no rule `{}`", r.rule),
                    r.span,
                )
                .label("not a built-in or model rule")
                .help(
                    suggest::did_you_mean(&r.rule, ids)
                        .unwrap_or_else(|| "`vastc rules` lists the built-in rules".into()),
                ),
            );
        }
    }
}
