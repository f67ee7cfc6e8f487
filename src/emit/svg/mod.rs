//! SVG diagrams: the operational data-flow diagram (also used, with a
//! highlight, for scenarios) and one process-flow diagram per app.
//!
//! The output is plain SVG 1.1 with absolute coordinates, no scripts and no
//! external references; every model string is XML-escaped. Groups carry the
//! `data-*` attributes of the output contract (`OUTPUTS.md`) plus a
//! `data-bbox="x y w h"` with the geometry of the shape they draw, so tests
//! and tools can check the drawing without rendering it.

mod app;
mod boundary;
pub mod escape;
mod flow;
mod identities;
mod legend;
mod operational;
mod shapes;
pub mod style;

use std::collections::BTreeMap;

use crate::analysis::Severity;

pub use app::app;
pub(crate) use operational::flow_label as flow_label_text;
pub use operational::{Prepared, draw as draw_operational, operational};

/// What a scenario did to an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Highlight {
    /// The attacker controls it (the scenario's starting point).
    Controlled,
    /// The attacker can reach it from what they control.
    Reachable,
    /// The scenario does not touch it (or, in a focus view, a neighbour
    /// outside the boundary in focus): drawn dimmed.
    Untouched,
    /// A member of a focus view's boundary: drawn as on the operational
    /// diagram.
    Focus,
    /// New since the revision a diff compares with (`diff.svg`): an element
    /// or a flow, drawn in the diff's green.
    Added,
}

impl Highlight {
    pub fn as_str(self) -> &'static str {
        match self {
            Highlight::Controlled => "controlled",
            Highlight::Reachable => "reachable",
            Highlight::Untouched => "untouched",
            Highlight::Focus => "focus",
            Highlight::Added => "added",
        }
    }
}

/// Options of the operational (and scenario) diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiagramOptions {
    /// Element ID → (open threat count, highest open severity). Elements
    /// without an entry (or with a count of 0) get no badge.
    pub badges: BTreeMap<String, (usize, Severity)>,
    /// Boundary ID → (open threat count, highest open severity): the badge
    /// at the end of the boundary's title line.
    pub boundary_badges: BTreeMap<String, (usize, Severity)>,
    /// Identity ID → (open threat count, highest open severity), for the
    /// identities panel.
    pub identity_badges: BTreeMap<String, (usize, Severity)>,
    /// Element ID → scenario highlight. Empty: the plain operational
    /// diagram; otherwise elements without an entry count as untouched.
    /// A flow's ID (IDs are unique across elements and flows) may map to
    /// [`Highlight::Added`] to draw it as new.
    pub highlight: BTreeMap<String, Highlight>,
    /// Title drawn above the diagram (and its `<title>`); may be empty.
    pub title: String,
    /// Element ID → the text drawn under its label (and in its tooltip) in
    /// place of its kind: a region's stubs and the box counting what is
    /// not drawn.
    pub captions: BTreeMap<String, String>,
}

/// Options of an app's process-flow diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppOptions {
    /// Feature ID → number of open threats on that feature and the highest
    /// severity among them (the pill's colour).
    pub feature_threats: BTreeMap<String, (usize, Severity)>,
}
