//! The diagrams' palette: boundary tints by trust level, severity colours of
//! threat badges, element fills and scenario highlights. Light fills, dark
//! strokes, so labels stay readable on every background.

use crate::analysis::Severity;

/// Fill, stroke and label colour of a boundary of trust `trust`.
pub struct Tint {
    pub fill: &'static str,
    pub stroke: &'static str,
    pub text: &'static str,
}

/// Trust levels in legend order (lowest first).
pub const TRUST_LEVELS: &[&str] = crate::resolve::vocab::TRUST.words;

/// Opacity of a boundary fill; nested boundaries deepen the tint.
pub const BOUNDARY_FILL_OPACITY: &str = "0.55";

pub fn trust_tint(trust: &str) -> Tint {
    match trust {
        "untrusted" => Tint {
            fill: "#fde8e8",
            stroke: "#c62828",
            text: "#8e1b1b",
        },
        "low" => Tint {
            fill: "#fff0dc",
            stroke: "#e06c00",
            text: "#8a4300",
        },
        "medium" => Tint {
            fill: "#fff9d6",
            stroke: "#b39200",
            text: "#6d5900",
        },
        _ => Tint {
            fill: "#e6f0fa",
            stroke: "#2f6db5",
            text: "#1d4677",
        },
    }
}

/// Badge fill and text colour of a severity.
pub fn severity_colours(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Critical => ("#8e0000", "#ffffff"),
        Severity::High => ("#e53935", "#ffffff"),
        Severity::Medium => ("#fb8c00", "#ffffff"),
        Severity::Low => ("#fdd835", "#212121"),
        Severity::None => ("#9e9e9e", "#ffffff"),
    }
}

/// Element fills by DFD type.
pub const ACTOR_FILL: &str = "#eceff1";
pub const PROCESS_FILL: &str = "#ffffff";
pub const STORE_FILL: &str = "#f6f0fb";
pub const ELEMENT_STROKE: &str = "#37474f";
pub const TEXT: &str = "#212121";
pub const MUTED: &str = "#5f6b73";
/// The "as IDENTITY" line of a workload and the identities panel's accent.
pub const IDENTITY_TEXT: &str = "#4a3b8f";
pub const IDENTITY_FILL: &str = "#f1eefb";

/// Flow strokes: between equal trust (thicker when the flow still
/// crosses a boundary), into higher trust, out to lower trust.
pub const FLOW_STROKE: &str = "#546e7a";
pub const FLOW_WIDTH: &str = "1.3";
pub const SAME_CROSSING_WIDTH: &str = "2";
pub const UP_STROKE: &str = "#d32f2f";
pub const UP_WIDTH: &str = "2.4";
pub const UP_TEXT: &str = "#9a1c1c";
pub const DOWN_STROKE: &str = "#ef6c00";
pub const DOWN_WIDTH: &str = "2";
pub const DOWN_TEXT: &str = "#8a4300";

/// Scenario highlight: controlled, reachable.
pub const CONTROLLED_FILL: &str = "#ffcdd2";
pub const CONTROLLED_STROKE: &str = "#b71c1c";
pub const REACHABLE_FILL: &str = "#ffe0b2";
pub const REACHABLE_STROKE: &str = "#e65100";
/// A diff's additions: new elements and flows.
pub const ADDED_FILL: &str = "#c8e6c9";
pub const ADDED_STROKE: &str = "#2e7d32";
pub const ADDED_WIDTH: &str = "2.6";
/// Opacity of everything the scenario does not touch.
pub const UNTOUCHED_OPACITY: &str = "0.35";
