//! The identities panel of the operational diagram: under the legend, one
//! card per identity that matters to the drawing (declared ones, and a
//! namespace's default service account when a workload runs as it or a
//! threat is open on it), with its threat badge, kind, scope, how many
//! grants it holds and the workloads that run as it. Each workload's box
//! names its identity too (`as NAME`), so a reader goes from one to the
//! other. At most [`MAX_CARDS`] cards are drawn; one more card counts the
//! rest, so the panel's size is bounded whatever the model.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::escape::xml;
use super::shapes::{self, BADGE_R, num};
use super::style;
use crate::analysis::Severity;
use crate::layout::Point;
use crate::layout::text::{self, clip};
use crate::model::{IdVec, IdentityId, Model};

/// Most identity cards drawn.
pub const MAX_CARDS: usize = 48;
const CARD_W: f64 = 250.0;
const CARD_H: f64 = 46.0;
const GAP: f64 = 8.0;
const HEAD_H: f64 = 24.0;
const PAD: f64 = 12.0;
/// Characters of a card line before it is cut (the card's width at 10 px).
const LINE_CHARS: usize = 40;

/// What one card shows.
struct Card<'a> {
    id: &'a str,
    kind: &'a str,
    title: String,
    detail: String,
    badge: Option<(usize, Severity)>,
}

/// The panel, `width` pixels wide at most: `(svg, height)`, or `None` when
/// no identity matters to the drawing.
pub(super) fn panel(
    model: &Model,
    badges: &BTreeMap<String, (usize, Severity)>,
    width: f64,
) -> Option<(String, f64)> {
    let mut run_by: IdVec<IdentityId, Vec<&str>> =
        IdVec::filled(Vec::new(), model.identities.len());
    for e in &model.elements {
        if let Some(list) = e.runs_as.and_then(|i| run_by.get_mut(i)) {
            list.push(e.id.as_str());
        }
    }
    let mut cards: Vec<Card> = Vec::new();
    let mut more = 0usize;
    for (i, identity) in model.identities.iter_enumerated() {
        let badge = badges.get(&identity.id).copied().filter(|b| b.0 > 0);
        if identity.implicit && run_by[i].is_empty() && badge.is_none() {
            continue;
        }
        if cards.len() == MAX_CARDS {
            more += 1;
            continue;
        }
        let name = if identity.label.is_empty() {
            &identity.id
        } else {
            &identity.label
        };
        let scope = identity
            .scope
            .and_then(|b| model.boundaries.get(b))
            .map_or("cluster-wide", |b| b.id.as_str());
        let mut detail = format!(
            "{scope} · {} grant{}",
            identity.grants.len(),
            if identity.grants.len() == 1 { "" } else { "s" }
        );
        let runners = &run_by[i];
        if !runners.is_empty() {
            let _ = write!(detail, " · run by {}", runners[0]);
            if runners.len() > 1 {
                let _ = write!(detail, " +{}", runners.len() - 1);
            }
        }
        cards.push(Card {
            id: &identity.id,
            kind: identity.kind.as_str(),
            title: clip(name, LINE_CHARS).into_owned(),
            detail: clip(&detail, LINE_CHARS + 8).into_owned(),
            badge,
        });
    }
    if cards.is_empty() {
        return None;
    }
    let cells = cards.len() + usize::from(more > 0);
    let columns = (((width - 2.0 * PAD + GAP) / (CARD_W + GAP)).floor() as usize).clamp(1, cells);
    let rows = cells.div_ceil(columns);
    let height = HEAD_H + rows as f64 * (CARD_H + GAP) + PAD;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"bold\" fill=\"{}\">Identities (what workloads run as)</text>",
        num(PAD),
        num(HEAD_H - 8.0),
        style::TEXT
    );
    let at = |k: usize| {
        (
            PAD + (k % columns) as f64 * (CARD_W + GAP),
            HEAD_H + (k / columns) as f64 * (CARD_H + GAP),
        )
    };
    for (k, card) in cards.iter().enumerate() {
        let (x, y) = at(k);
        let _ = writeln!(
            out,
            "<g class=\"identity\" data-id=\"{}\" data-kind=\"{}\" data-threats=\"{}\" data-bbox=\"{} {} {} {}\">",
            xml(card.id),
            xml(card.kind),
            card.badge.map_or(0, |b| b.0),
            num(x),
            num(y),
            num(CARD_W),
            num(CARD_H)
        );
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\" ry=\"5\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.2\"/>",
            num(x),
            num(y),
            num(CARD_W),
            num(CARD_H),
            style::IDENTITY_FILL,
            style::IDENTITY_TEXT
        );
        let title_w = text::width(&card.title, 11.0);
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"bold\" fill=\"{}\">{}</text>",
            num(x + 8.0),
            num(y + 17.0),
            style::IDENTITY_TEXT,
            xml(&card.title)
        );
        if !card.kind.is_empty() && title_w + text::width(card.kind, 9.5) < CARD_W - 50.0 {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"9.5\" fill=\"{}\">{}</text>",
                num(x + 14.0 + title_w),
                num(y + 17.0),
                style::MUTED,
                xml(card.kind)
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"{}\">{}</text>",
            num(x + 8.0),
            num(y + 35.0),
            style::MUTED,
            xml(&card.detail)
        );
        if let Some((count, severity)) = card.badge {
            let c = Point {
                x: x + CARD_W - BADGE_R - 4.0,
                y: y + BADGE_R + 4.0,
            };
            shapes::badge(&mut out, c, count, severity);
        }
        out.push_str("</g>\n");
    }
    if more > 0 {
        let (x, y) = at(cards.len());
        let _ = writeln!(
            out,
            "<g class=\"identity-more\" data-count=\"{more}\"><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\">+{more} more identities (see threats.md)</text></g>",
            num(x + 8.0),
            num(y + 26.0),
            style::MUTED
        );
    }
    Some((out, height))
}
