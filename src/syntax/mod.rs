//! Syntax: the pest grammar (`grammar/vast.pest`), the typed tree with spans,
//! comments and doc comments. [`parse`] is the stage's one entry.

pub mod ast;
pub mod lexical;
mod parser;

pub use parser::parse;
