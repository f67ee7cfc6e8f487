//! Emit: the output files of a build, each written from the model and the
//! analysis. Every model string is escaped for its format.

pub mod csv;
pub mod escape;
pub mod json;
pub mod markdown;
pub mod report;
pub mod sarif;
pub mod write;
