//! vastc compiles `.vast` threat models.
//!
//! The pipeline, one module per stage:
//!
//! | stage | module | input → output |
//! |---|---|---|
//! | parse | [`syntax`] | text → typed syntax tree with spans (pest grammar in `grammar/vast.pest`) |
//! | resolve | [`resolve`] | syntax trees → [`model::Model`] (includes, names, settings, defaults) |
//! | layout | [`layout`] | sized nodes, nested clusters, labelled edges → rectangles and routes |
//! | emit | [`emit`] | model (+ analysis results) → SVG and DOT diagrams |
//! | diagnostics | [`diagnostic`] | problems of every stage, rendered through miette |
//! | cli | [`cli`] | the `vastc` command line |

// Diagnostics travel in `Result::Err` on cold paths only; boxing them would
// buy nothing.
#![allow(clippy::result_large_err)]

// pest (built without `std`, which skips its per-rule stack probe) refers to `alloc`.
extern crate alloc;

pub mod analysis;
pub mod cli;
pub mod diagnostic;
pub mod emit;
pub mod generate;
pub mod layout;
pub mod model;
pub mod resolve;
pub mod source;
pub mod syntax;
