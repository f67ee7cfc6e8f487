//! Threagile's individual risks → `threat` declarations, with their status
//! from `risk_tracking`.

use super::super::draft::{self, Draft, Target, Threat, shown};
use super::schema::File;
use std::collections::BTreeMap;

/// HTML tags Threagile titles use (`<b>…</b>`) removed.
pub(super) fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let tag_end = tail.find('>').filter(|&j| {
            let inner = tail[1..j].trim_start_matches('/');
            !inner.is_empty() && inner.len() <= 6 && inner.chars().all(|c| c.is_ascii_alphabetic())
        });
        match tag_end {
            Some(j) => rest = &tail[j + 1..],
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a risk-tracking ID (with `*` for any part) matches a risk's ID.
pub(super) fn matches(pattern: &str, id: &str) -> bool {
    let (p, i): (Vec<&str>, Vec<&str>) =
        (pattern.trim().split('@').collect(), id.split('@').collect());
    p.len() == i.len() && p.iter().zip(&i).all(|(a, b)| *a == "*" || a == b)
}

pub(super) fn risks(
    d: &mut Draft,
    f: &File,
    el_ix: &BTreeMap<String, usize>,
    link_ix: &BTreeMap<String, usize>,
    b_ix: &BTreeMap<String, usize>,
    data_ix: &BTreeMap<String, usize>,
) {
    let mut used = vec![false; f.risk_tracking.0.len()];
    for (ctitle, c) in &f.individual_risk_categories.0 {
        for (rtitle, r) in &c.risks_identified.0 {
            let title = plain(rtitle);
            let parts = [
                &r.most_relevant_technical_asset,
                &r.most_relevant_communication_link,
                &r.most_relevant_trust_boundary,
                &r.most_relevant_shared_runtime,
                &r.most_relevant_data_asset,
            ];
            let mut synthetic = c.id.0.clone();
            for p in parts.iter().filter(|p| !p.is_empty()) {
                synthetic.push('@');
                synthetic.push_str(p.as_str());
            }
            let target = el_ix
                .get(&r.most_relevant_technical_asset.0)
                .map(|&e| Target::Element(e))
                .or_else(|| {
                    link_ix
                        .get(&r.most_relevant_communication_link.0)
                        .map(|&x| Target::Flow(x))
                })
                .or_else(|| {
                    b_ix.get(&r.most_relevant_trust_boundary.0)
                        .map(|&x| Target::Boundary(x))
                })
                .or_else(|| {
                    data_ix
                        .get(&r.most_relevant_data_asset.0)
                        .map(|&x| Target::Data(x))
                });
            let Some(target) = target else {
                d.note(format!("risk {} names no technical asset, link, trust boundary or data asset in the file: not imported", shown(&title)));
                continue;
            };
            let mut t = Threat::new(&title, target);
            t.names = vec![synthetic.clone(), title.clone()];
            t.stride = draft::stride(c.stride.trimmed()).into_iter().collect();
            t.severity = match r.severity.trimmed() {
                "elevated" => "high",
                s => draft::severity(s).unwrap_or("none"),
            };
            let mut text = vec![format!("{}: {}", plain(ctitle), c.description.trimmed())];
            if !c.impact.is_empty() {
                text.push(format!("Impact: {}", c.impact.trimmed()));
            }
            text.push(format!(
                "Threagile rating: severity {}, likelihood {}, impact {}",
                r.severity.trimmed(),
                r.exploitation_likelihood.trimmed(),
                r.exploitation_impact.trimmed()
            ));
            t.description = text.join("\n\n");
            t.mitigation = c.mitigation.0.trim().to_string();
            if !c.cwe.is_empty() {
                t.references.push(format!(
                    "CWE-{}",
                    c.cwe.trimmed().trim_start_matches("CWE-")
                ));
            }
            for x in [&c.asvs, &c.cheat_sheet] {
                if !x.is_empty() {
                    t.references.push(x.trimmed().to_string());
                }
            }
            if let Some(i) = f
                .risk_tracking
                .0
                .iter()
                .position(|(p, _)| matches(p, &synthetic))
            {
                used[i] = true;
                let tr = &f.risk_tracking.0[i].1;
                t.status = match tr.status.trimmed() {
                    "accepted" => "accepted",
                    "in-progress" => "in-progress",
                    "mitigated" => "mitigated",
                    "false-positive" => "false-positive",
                    _ => "open",
                };
                let mut reason = tr.justification.0.trim().to_string();
                let by = [("checked by", &tr.checked_by), ("on", &tr.date)]
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(w, v)| format!("{w} {}", v.trimmed()))
                    .collect::<Vec<_>>();
                if !by.is_empty() {
                    reason = format!("{reason} ({})", by.join(" ")).trim().to_string();
                }
                t.reason = reason;
                t.ticket = tr.ticket.0.trim().to_string();
            }
            d.threats.push(t);
        }
    }
    for ((id, _), used) in f.risk_tracking.0.iter().zip(used) {
        if !used {
            d.note(format!(
                "risk tracking {} is about a risk Threagile's own rules find: not imported (vastc's rules are its own; record decisions on them with `risk`)",
                shown(id)
            ));
        }
    }
}
