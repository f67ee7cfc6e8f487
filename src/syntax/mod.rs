//! Syntax: the pest grammar (`grammar/vast.pest`), the typed tree with spans,
//! comments and doc comments; decoding of the file's bytes. [`parse`] is the stage's one entry.

pub mod ast;
mod docs;
mod encoding;
mod errors;
pub mod lexical;
mod parser;
mod recover;

pub use encoding::{Decoded, decode, not_utf8, repeats_invalid};
pub use parser::parse;
