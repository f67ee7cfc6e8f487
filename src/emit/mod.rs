//! Emit: the compiled model written out for people and tools. Each output
//! format is one module with one public entry per file it produces, and
//! every model string is escaped for its format. [`render()`] (in memory)
//! and [`write_to`] (into a directory) produce every output of a
//! [`crate::compile::Compilation`] in the [`Format`]s asked for.
//!
//! | output | entry |
//! |---|---|
//! | `operational.svg` | [`svg::operational`] |
//! | `scenario-<id>.svg` | [`svg::operational`] of [`scenario_region::region`] |
//! | `focus-<boundary>.svg` | [`svg::operational`] of [`focus::view`] (models above [`focus::FOCUS_ABOVE`] elements) |
//! | `app-<id>.svg` | [`svg::app`] |
//! | `operational.dot` | [`dot::operational_dot`] |
//! | `threats.md` | [`markdown::markdown`] |
//! | `threats.csv` | [`csv::csv`] |
//! | `threats.json` | [`json::json`] (from [`report::report`]) |
//! | `threats.sarif` | [`sarif::sarif`] |
//! | `threat-dragon.json` | [`threat_dragon::threat_dragon`] |
//! | `otm.json` | [`otm::otm`] |
//! | `summary.md` | [`summary::summary`] |

pub mod csp;
pub mod csv;
pub mod diagrams;
pub mod dot;
pub mod escape;
pub mod focus;
pub mod html;
pub mod html_data;
pub mod json;
pub mod lazy_json;
pub mod markdown;
pub mod otm;
pub mod render;
pub mod report;
pub mod sarif;
pub mod scenario_out;
pub mod scenario_region;
pub mod summary;
pub mod svg;
pub mod threat_dragon;
pub mod write;

pub use dot::operational_dot;
pub use render::{Format, WriteError, render, write_to};
pub use svg::{AppOptions, DiagramOptions, Highlight, app, operational};
