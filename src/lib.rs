//! vastc compiles `.vast` threat models.
//!
//! [`compile()`] runs the pipeline on a root model and returns a
//! [`Compilation`] (the model, its analysis, every diagnostic);
//! [`emit::render()`] and [`emit::write_to`] turn it into the outputs of the
//! [`emit::Format`]s asked for. The command line only parses arguments,
//! calls these and prints.
//!
//! The pipeline, one module per stage:
//!
//! | stage | module | input → output |
//! |---|---|---|
//! | parse | [`syntax`] | text → typed syntax tree with spans (pest grammar in `grammar/vast.pest`) |
//! | resolve | [`resolve`] | syntax trees → [`model::Model`] (includes, names, settings, defaults) |
//! | graphs | [`graph`] | model → data-flow graph (adjacency lists) |
//! | analysis | [`analysis`] | model → crossings, threats (rules, CVSS, risk decisions), scenarios, attack paths |
//! | compile | [`mod@compile`] | root file → [`Compilation`]: resolve, then analysis when there are no errors; stages reported to a [`timings::Observer`] |
//! | layout | [`layout`] | sized nodes, nested clusters, labelled edges → rectangles and routes |
//! | emit | [`emit`] | [`Compilation`] → SVG, DOT, Markdown, CSV, JSON, SARIF, HTML ([`emit::render()`], [`emit::write_to`]) |
//! | diff | [`diff`] | two versions of a model → threats, elements and flows added, removed, changed (Markdown, JSON, `diff.svg`) |
//! | history | [`history`] | a model and its git history → how long each open threat has been open, overdue ones (`vastc history`) |
//! | git | [`git`] | a model at a git revision → its files in a temporary directory, for `vastc diff REV MODEL` |
//! | diagnostics | [`diagnostic`] | problems of every stage, rendered through miette |
//! | import | [`import`] | Kubernetes manifests → `.vast` text (`vastc import k8s`) |
//! | interchange import | [`interchange`] | Threat Dragon, OTM, Threagile → `.vast` text (`vastc import td\|otm\|threagile`) |
//! | format | [`fmt`] | syntax tree and comments → canonical text (`vastc fmt`) |
//! | watch and serve | [`watch`], [`serve`] | file events on the model's directory → rebuilds (`vastc watch`); the latest build over HTTP on 127.0.0.1 with live reload (`vastc serve`) |
//! | language server | [`lsp`] | an editor's open documents → diagnostics, navigation, hover, completion, outline, formatting (`vastc lsp`) |
//! | cli | [`cli`] | the `vastc` command line: arguments in, the library's results printed |
//!
//! Beside them: [`roots`] finds the root models of a directory, [`parallel`]
//! maps a slice on the one thread pool (rayon's), [`timings`] holds the
//! stage observer behind `--timings`.

// Diagnostics travel in `Result::Err` on cold paths only; boxing them would
// buy nothing.
#![allow(clippy::result_large_err)]
// No panicking shortcuts outside tests: a model must never crash the build.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

// pest (built without `std`, which skips its per-rule stack probe) refers to `alloc`.
extern crate alloc;

pub mod analysis;
pub mod cards;
pub mod cli;
pub mod compile;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod fmt;
pub mod generate;
pub mod git;
pub mod graph;
pub mod history;
pub mod host_path;
pub mod import;
pub mod interchange;
pub mod layout;
pub mod lsp;
pub mod model;
pub mod parallel;
pub mod resolve;
pub mod roots;
pub mod serve;
pub mod source;
pub mod syntax;
pub mod timings;
pub mod watch;

pub use compile::{Checked, Compilation, Options, check, compile, compile_str};
