//! Analysis: trust-boundary crossings, the rule engine over the built-in
//! catalogue and the model's own rules, CVSS scoring and risk decisions.

pub mod crossings;
pub mod threat;

pub use crossings::{Crossing, crossing, crossings};
pub use threat::{Scores, Severity, Status, Threat};
