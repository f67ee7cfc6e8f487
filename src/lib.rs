//! vastc compiles `.vast` threat models.
//!
//! The pipeline, one module per stage:
//!
//! | stage | module | input → output |
//! |---|---|---|
//! | parse | [`syntax`] | text → typed syntax tree with spans (pest grammar in `grammar/vast.pest`) |
//! | resolve | [`resolve`] | syntax trees → [`model::Model`] (includes, names, settings, defaults) |
//! | diagnostics | [`diagnostic`] | problems of every stage, rendered through miette |
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
pub mod model;
pub mod resolve;
pub mod source;
pub mod syntax;
