//! vastc compiles `.vast` threat models.
//!
//! The pipeline, one module per stage:
//!
//! | stage | module | input → output |
//! |---|---|---|
//! | parse | [`syntax`] | text → typed syntax tree with spans (pest grammar in `grammar/vast.pest`) |
//! | resolve | [`resolve`] | syntax trees → [`model::Model`] (includes, names, settings, defaults) |
//! | diagnostics | [`diagnostic`] | problems of every stage, rendered through miette |
//! | cli | [`cli`] | the `vastc` command line |

pub mod cli;
pub mod diagnostic;
pub mod model;
pub mod resolve;
pub mod source;
pub mod syntax;
