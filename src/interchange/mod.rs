//! `vastc import td|otm|threagile|pytm`: threat models of other tools → a
//! `.vast` model.
//!
//! | step | module | |
//! |---|---|---|
//! | read | [`read`] | JSON (`serde_json`) or YAML (`yaml_serde`) → typed structures; malformed input is a located diagnostic |
//! | map | [`threat_dragon`], [`otm`], [`threagile`], [`pytm`] | one format each → a [`draft::Draft`] and notes |
//! | write | [`write`] | the draft → canonical `.vast` text (unique, valid IDs; strings escaped) |
//!
//! The mapping of each format is documented in `docs/import.md`. What a
//! format says that the model cannot hold is a `note:` line, never dropped
//! in silence. Output is deterministic: declarations follow the file's order.

pub mod draft;
pub mod otm;
pub mod pytm;
pub mod read;
pub mod threagile;
pub mod threat_dragon;
pub mod write;

use crate::import::{Failed, Imported};
use crate::source::SourceMap;
use std::path::PathBuf;

/// A format `vastc import` reads besides Kubernetes manifests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// OWASP Threat Dragon v2 JSON.
    ThreatDragon,
    /// Open Threat Model, JSON or YAML.
    Otm,
    /// Threagile YAML.
    Threagile,
    /// OWASP pytm's JSON (`python tm.py --json FILE`).
    Pytm,
}

/// Imports one file: `name` is how notes and diagnostics call it.
pub fn import(format: Format, name: &str, text: &str) -> Result<Imported, Failed> {
    // A byte order mark (editors on Windows write one) is no part of the
    // JSON or YAML text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sources = SourceMap::default();
    let file = sources.add(name.to_string(), PathBuf::from(name), text);
    let draft = match format {
        Format::ThreatDragon => threat_dragon::read(file, name, text),
        Format::Otm => otm::read(file, name, text),
        Format::Threagile => threagile::read(file, name, text),
        Format::Pytm => pytm::read(file, name, text),
    };
    match draft {
        Ok(d) => Ok(Imported {
            vast: write::vast(&d),
            notes: d.notes,
            warnings: Vec::new(),
            sources,
        }),
        Err(diag) => Err(Failed {
            sources,
            diags: vec![diag],
        }),
    }
}
