//! The diagram files of a build: `operational.svg` with threat badges,
//! `app-<id>.svg` per app, `scenario-<id>.svg` per scenario drawing only
//! the region it reaches ([`super::scenario_region`]), highlighted, and
//! `focus-<boundary>.svg` per focus view of a large model
//! ([`super::focus`]). [`main`] draws the diagrams over the operational
//! layout, [`regions`] those laid out on their own, so a build can lay out
//! the regions while the operational layout is computed. The threat counts
//! come from the analysis. An ID too long for a file name is
//! cut and followed by a hash of the whole ID.

use super::report::feature_threats;
use super::svg::{self, AppOptions, DiagramOptions, Highlight};
use crate::analysis::{Analysis, Severity};
use crate::model::{Model, TargetRef};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Longest ID used whole in a file name (most file systems allow 255 bytes).
const MAX_NAME_ID: usize = 200;

/// The file of an app's or scenario's diagram: `PREFIX-ID.svg`, or, for an
/// ID longer than [`MAX_NAME_ID`] bytes, its first 160 bytes, `-` and a
/// 64-bit FNV-1a hash of the whole ID in hex, so names stay unique.
pub fn file_name(prefix: &str, id: &str) -> String {
    if id.len() <= MAX_NAME_ID {
        return format!("{prefix}-{id}.svg");
    }
    let mut cut = 160;
    while !id.is_char_boundary(cut) {
        cut -= 1;
    }
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{prefix}-{}-{hash:016x}.svg", &id[..cut])
}

/// Open-threat count and highest open severity per element.
pub fn badges(model: &Model, analysis: &Analysis) -> BTreeMap<String, (usize, Severity)> {
    badges_of(analysis, |t| match t {
        TargetRef::Element(e) => model.elements.get(*e).map(|e| e.id.as_str()),
        _ => None,
    })
}

/// Open-threat count and highest open severity per ID that `id` gives a
/// threat's target (threats it gives none are skipped).
fn badges_of<'m>(
    analysis: &Analysis,
    id: impl Fn(&TargetRef) -> Option<&'m str>,
) -> BTreeMap<String, (usize, Severity)> {
    let mut out: BTreeMap<String, (usize, Severity)> = BTreeMap::new();
    for t in analysis.threats.iter().filter(|t| t.status.is_open()) {
        if let Some(id) = id(&t.target) {
            let entry = out.entry(id.to_string()).or_insert((0, Severity::None));
            entry.0 += 1;
            entry.1 = entry.1.max(t.scores.severity);
        }
    }
    out
}

/// A placeholder diagram when layout fails, so the other outputs still land.
pub fn failed(what: &str, e: impl std::fmt::Display) -> Vec<u8> {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"40\"><text x=\"8\" y=\"24\">{} could not be laid out: {}</text></svg>\n",
        super::escape::xml(what),
        super::escape::xml(&e.to_string())
    )
    .into_bytes()
}

/// What becomes of a diagram as soon as it is drawn: given its file name
/// and bytes, returns the bytes to keep (a build writes the file and keeps
/// only what the HTML report embeds).
pub type Store<'a> = dyn Fn(&str, Vec<u8>) -> std::io::Result<Vec<u8>> + Sync + 'a;

/// Every diagram of a model as (file name, SVG bytes): [`main`]'s, then
/// [`regions`]'.
pub fn diagrams(model: &Model, analysis: &Analysis) -> Vec<(String, Vec<u8>)> {
    let keep = |_: &str, bytes: Vec<u8>| Ok(bytes);
    let base = base(model, analysis);
    let prepared = svg::Prepared::new(model);
    let mut out = main(model, analysis, &base, &prepared, &keep).unwrap_or_default();
    out.extend(regions(model, analysis, &base, &keep).unwrap_or_default());
    out
}

/// The options of the whole operational diagram: the model's title and
/// the open-threat badges of its elements, boundaries and identities (the
/// other diagrams show some of them).
pub fn base(model: &Model, analysis: &Analysis) -> DiagramOptions {
    DiagramOptions {
        badges: badges(model, analysis),
        boundary_badges: badges_of(analysis, |t| match t {
            TargetRef::Boundary(b) => model.boundaries.get(*b).map(|b| b.id.as_str()),
            _ => None,
        }),
        identity_badges: badges_of(analysis, |t| match t {
            TargetRef::Identity(i) => model.identities.get(*i).map(|i| i.id.as_str()),
            _ => None,
        }),
        highlight: BTreeMap::new(),
        title: model.title.clone(),
        captions: BTreeMap::new(),
    }
}

/// A diagram passed through `store`, as (file name, bytes kept).
fn stored(
    store: &Store<'_>,
    name: String,
    bytes: Vec<u8>,
) -> Result<(String, Vec<u8>), super::WriteError> {
    match store(&name, bytes) {
        Ok(kept) => Ok((name, kept)),
        Err(e) => Err((name, e)),
    }
}

/// `operational.svg` over its layout `prepared` (the build shares it with
/// `threat-dragon.json`) and the app diagrams, each passed through `store`
/// as soon as it is drawn.
pub fn main(
    model: &Model,
    analysis: &Analysis,
    base: &DiagramOptions,
    prepared: &Result<svg::Prepared, crate::layout::LayoutError>,
    store: &Store<'_>,
) -> Result<Vec<(String, Vec<u8>)>, super::WriteError> {
    let mut out = vec![stored(
        store,
        "operational.svg".to_string(),
        match prepared {
            Ok(p) => svg::draw_operational(model, p, base).into_bytes(),
            Err(e) => failed("operational diagram", e),
        },
    )?];
    for (i, app) in model.apps.iter().enumerate() {
        let feature_threats = app
            .features
            .iter()
            .map(|f| {
                let open: Vec<_> = feature_threats(model, &f.on, &analysis.threats)
                    .into_iter()
                    .filter(|t| t.status.is_open())
                    .collect();
                let worst = open.iter().map(|t| t.scores.severity).max();
                (
                    f.id.clone(),
                    (open.len(), worst.unwrap_or(crate::analysis::Severity::None)),
                )
            })
            .collect();
        out.push(stored(
            store,
            file_name("app", &app.id),
            svg::app(model, i, &AppOptions { feature_threats }).into_bytes(),
        )?);
    }
    Ok(out)
}

/// The diagrams of parts of the model, each laid out on its own: a
/// scenario's region and the focus views, each passed through `store` as
/// soon as it is drawn.
pub fn regions(
    model: &Model,
    analysis: &Analysis,
    base: &DiagramOptions,
    store: &Store<'_>,
) -> Result<Vec<(String, Vec<u8>)>, super::WriteError> {
    let scenarios: Vec<_> = model.scenarios.iter().zip(&analysis.scenarios).collect();
    let draw = |&(s, reach): &(&crate::model::Scenario, &crate::analysis::attack::Reach)| {
        // Only the region the scenario reaches is laid out and drawn.
        let region = super::scenario_region::region(model, reach);
        let badges = base
            .badges
            .iter()
            .filter(|(id, _)| {
                region
                    .highlight
                    .get(*id)
                    .is_some_and(|h| *h != Highlight::Untouched)
            })
            .map(|(id, b)| (id.clone(), *b))
            .collect();
        let opts = DiagramOptions {
            badges,
            boundary_badges: BTreeMap::new(),
            identity_badges: BTreeMap::new(),
            captions: super::scenario_region::captions(
                &region.highlight,
                super::scenario_region::STUB_KIND,
            ),
            highlight: region.highlight,
            title: format!("{} — scenario: {}", model.title, s.label),
        };
        stored(
            store,
            file_name("scenario", &s.id),
            match svg::operational(&region.model, &opts) {
                Ok(svg) => svg.into_bytes(),
                Err(e) => failed("scenario diagram", e),
            },
        )
    };
    let mut out: Vec<_> = scenarios.par_iter().map(draw).collect::<Result<_, _>>()?;
    out.extend(super::focus::views(
        model,
        &base.badges,
        &base.boundary_badges,
        store,
    )?);
    Ok(out)
}
