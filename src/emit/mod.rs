//! Emit: the compiled model written out for people and tools. Each output
//! format is one module with one public entry per file it produces.
//!
//! | output | entry |
//! |---|---|
//! | `operational.svg`, `scenario-<id>.svg` | [`svg::operational`] |
//! | `app-<id>.svg` | [`svg::app`] |
//! | `operational.dot` | [`dot::operational_dot`] |

pub mod dot;
pub mod svg;

pub use dot::operational_dot;
pub use svg::{AppOptions, DiagramOptions, Highlight, app, operational};
