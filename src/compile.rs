//! The pipeline in one call: [`compile`] reads a root model and its
//! includes, resolves it and, when it has no errors, analyses it; the
//! [`Compilation`] it returns holds the model, the analysis and every
//! diagnostic. [`crate::emit::render`] and [`crate::emit::write`] turn a
//! compilation into output files. The command line, the tests, the fuzz
//! targets and the benches all go through here.

use crate::analysis::{self, Analysis, Severity};
use crate::diagnostic::{self, Diag};
use crate::model::Model;
use crate::resolve::{self, Resolved};
use crate::source::{Overlay, SourceMap};
use crate::syntax::ast::Date;
use crate::timings::{Observer, Unobserved, observe};
use std::path::Path;

/// How to compile.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// The date `until` expiries are judged against.
    pub today: Date,
    /// The severity at or above which an open threat fails the build
    /// (`--fail-on`); `summary.md` lists such threats as failing.
    pub fail_on: Option<Severity>,
    /// Told of every stage as it finishes (`--timings`).
    pub observer: &'a dyn Observer,
    /// Texts read instead of files on disk (an editor's unsaved buffers).
    pub overlay: Option<&'a Overlay>,
}

impl Options<'static> {
    /// Judged as of `today`, nothing failing, no observer.
    pub fn new(today: Date) -> Self {
        Options {
            today,
            fail_on: None,
            observer: &Unobserved,
            overlay: None,
        }
    }
}

/// A compiled model.
pub struct Compilation {
    /// The resolved model and the diagnostics of reading and resolving it
    /// (the model is partial when there are errors).
    pub resolved: Resolved,
    /// The analysis; `None` when the model has errors.
    pub analysis: Option<Analysis>,
    /// [`Options::fail_on`].
    pub fail_on: Option<Severity>,
}

impl Compilation {
    /// The resolved model.
    pub fn model(&self) -> &Model {
        &self.resolved.model
    }

    /// The model's source files, for rendering diagnostics.
    pub fn sources(&self) -> &SourceMap {
        self.resolved.sources()
    }

    /// Whether reading or resolving the model found errors (then nothing
    /// was analysed, and nothing is rendered).
    pub fn has_errors(&self) -> bool {
        self.resolved.has_errors()
    }

    /// The warnings of the analysis (expired acceptances, a `risk` that
    /// matches no threat); none when the model has errors.
    pub fn warnings(&self) -> &[Diag] {
        self.analysis.as_ref().map_or(&[], |a| &a.warnings)
    }

    /// Every diagnostic: those of resolving and, when the model was
    /// analysed, the analysis warnings, all sorted by position.
    pub fn diagnostics(&self) -> Vec<Diag> {
        merged(
            &self.resolved,
            self.analysis.as_ref().map(|a| &a.warnings[..]),
        )
    }

    /// Whether an open threat is at or above [`Self::fail_on`].
    pub fn failing(&self) -> bool {
        match (&self.analysis, self.fail_on) {
            (Some(a), Some(level)) => a
                .threats
                .iter()
                .any(|t| t.status.is_open() && t.scores.severity >= level),
            _ => false,
        }
    }
}

/// Compiles the model whose root file is `path`.
pub fn compile(path: &Path, options: &Options) -> Compilation {
    let resolved = resolve_file(path, options);
    analyse(resolved, options)
}

/// Compiles a model held in memory (tests, fuzzing); `include` is refused.
pub fn compile_str(name: &str, text: &str, options: &Options) -> Compilation {
    let resolved = observe(options.observer, "parse and resolve", || {
        resolve::resolve_str(name, text)
    });
    analyse(resolved, options)
}

/// What `check` reports: the diagnostics of a model, without its threats.
pub struct Checked {
    /// The resolved model and the diagnostics of reading and resolving it.
    pub resolved: Resolved,
    /// The analysis warnings; `None` when the model has errors.
    pub warnings: Option<Vec<Diag>>,
}

impl Checked {
    /// The model's source files, for rendering diagnostics.
    pub fn sources(&self) -> &SourceMap {
        self.resolved.sources()
    }

    /// Every diagnostic [`Compilation::diagnostics`] gives for the same
    /// model, in the same order.
    pub fn diagnostics(&self) -> Vec<Diag> {
        merged(&self.resolved, self.warnings.as_deref())
    }
}

/// Checks the model whose root file is `path`: [`compile`]'s diagnostics,
/// with only as much analysis as its warnings need
/// ([`analysis::warnings`]).
pub fn check(path: &Path, options: &Options) -> Checked {
    let resolved = resolve_file(path, options);
    let warnings = (!resolved.has_errors()).then(|| {
        observe(options.observer, "analysis: warnings", || {
            analysis::warnings(&resolved.model, options.today)
        })
    });
    Checked { resolved, warnings }
}

/// Reads and resolves the model whose root file is `path`.
fn resolve_file(path: &Path, options: &Options) -> Resolved {
    observe(options.observer, "parse and resolve", || {
        match options.overlay {
            Some(overlay) => resolve::resolve_overlaid(path, overlay),
            None => resolve::resolve_path(path),
        }
    })
}

/// The diagnostics of resolving and, when the model was analysed, the
/// analysis warnings, sorted by position.
fn merged(resolved: &Resolved, warnings: Option<&[Diag]>) -> Vec<Diag> {
    let mut diags = resolved.diags.clone();
    if let Some(warnings) = warnings {
        diags.extend(warnings.iter().cloned());
        diagnostic::sort(&mut diags);
    }
    diags
}

fn analyse(mut resolved: Resolved, options: &Options) -> Compilation {
    // Nothing after resolution reads the syntax trees (editors resolve
    // without compiling).
    resolved.free_trees();
    let analysis = (!resolved.has_errors())
        .then(|| analysis::analyze_observed(&resolved.model, options.today, options.observer));
    Compilation {
        resolved,
        analysis,
        fail_on: options.fail_on,
    }
}
