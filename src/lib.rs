//! vastc compiles `.vast` threat models.
//!
//! The pipeline, one module per stage:
//!
//! | stage | module | input → output |
//! |---|---|---|
//! | parse | [`syntax`] | text → typed syntax tree with spans (pest grammar in `grammar/vast.pest`) |
//! | resolve | [`resolve`] | syntax trees → [`model::Model`] (includes, names, settings, defaults) |
//! | graphs | [`graph`] | model → data-flow graph (adjacency lists) |
//! | analysis | [`analysis`] | model → crossings, threats (rules, CVSS, risk decisions), scenarios, attack paths |
//! | layout | [`layout`] | sized nodes, nested clusters, labelled edges → rectangles and routes |
//! | emit | [`emit`] | model + analysis → SVG, DOT, Markdown, CSV, JSON, SARIF |
//! | diagnostics | [`diagnostic`] | problems of every stage, rendered through miette |
//! | import | [`import`] | Kubernetes manifests → `.vast` text (`vastc import k8s`) |
//! | interchange import | [`interchange`] | Threat Dragon, OTM, Threagile → `.vast` text (`vastc import td\|otm\|threagile`) |
//! | format | [`fmt`] | syntax tree and comments → canonical text (`vastc fmt`) |
//! | cli | [`cli`] | the `vastc` command line |

// Diagnostics travel in `Result::Err` on cold paths only; boxing them would
// buy nothing.
#![allow(clippy::result_large_err)]

// pest (built without `std`, which skips its per-rule stack probe) refers to `alloc`.
extern crate alloc;

pub mod analysis;
pub mod cards;
pub mod cli;
pub mod diagnostic;
pub mod emit;
pub mod fmt;
pub mod generate;
pub mod graph;
pub mod host_path;
pub mod import;
pub mod interchange;
pub mod layout;
pub mod model;
pub mod parallel;
pub mod resolve;
pub mod source;
pub mod syntax;
pub mod timings;
