//! What pytm's model decides about its own findings → `risk` decisions on
//! vastc's rules. A finding an assumption excludes (`excluded_findings`)
//! is a false positive; an override's `response` (mitigated, avoided,
//! accepted, transferred) is a status. pytm's threat class maps to the
//! vastc rules covering the same class (`bench/pytm-classes.tsv`, also
//! read by the side-by-side bench); a decision is written only for the
//! rules that find a threat on that target in the imported model, so no
//! `risk` is left matching nothing. The others are notes.

use super::super::draft::{Draft, Risk, Target, shown};
use super::super::write;
use super::schema::{File, Finding, text_of};
use std::collections::{BTreeMap, BTreeSet};

/// pytm's threat classes and the vastc rules covering each.
const CLASSES: &str = include_str!("../../../bench/pytm-classes.tsv");

/// `(sid, title, rules)` for each of pytm's threat classes; `rules` is
/// empty where no vastc rule covers the class.
pub fn classes() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    CLASSES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let sid = cols.next()?;
            let title = cols.next()?;
            let rules = cols
                .next()?
                .split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty() && *r != "none")
                .collect();
            Some((sid, title, rules))
        })
        .collect()
}

/// One decision of pytm's model on a finding.
struct Decision {
    target: Target,
    label: String,
    sid: String,
    status: &'static str,
    reason: String,
}

fn status_of(response: &str) -> Option<&'static str> {
    Some(match response.trim().to_lowercase().as_str() {
        "mitigated" | "avoided" => "mitigated",
        "accepted" | "transferred" => "accepted",
        _ => return None,
    })
}

/// An override as a decision, or a note when it decides nothing vastc can hold.
fn answered(d: &mut Draft, o: &Finding, target: Target, label: &str) -> Option<Decision> {
    let sid = o.threat_id.trimmed().to_string();
    let response = o.response.trimmed();
    let Some(status) = status_of(response) else {
        let what = if response.is_empty() && !o.cvss.is_empty() {
            "sets only a CVSS score: vastc scores its own threats".to_string()
        } else {
            format!(
                "has response {}, which is not mitigated, avoided, accepted or transferred: not imported",
                shown(response)
            )
        };
        d.note(format!(
            "pytm's override of {} on {} {what}",
            shown(&sid),
            shown(label)
        ));
        return None;
    };
    Some(Decision {
        target,
        label: label.to_string(),
        status,
        reason: format!("pytm: {response} ({sid} on {label})"),
        sid,
    })
}

/// Turns pytm's exclusions and overrides into `risk` decisions on `d`.
pub(super) fn decide(
    d: &mut Draft,
    f: &File,
    el_ix: &BTreeMap<String, usize>,
    flow_ix: &BTreeMap<String, usize>,
    b_ix: &BTreeMap<String, usize>,
) {
    let mut list = Vec::new();
    for x in &f.excluded_findings {
        let name = x.target.trimmed();
        let target = el_ix
            .get(name)
            .map(|&i| Target::Element(i))
            .or_else(|| flow_ix.get(name).map(|&i| Target::Flow(i)))
            .or_else(|| b_ix.get(name).map(|&i| Target::Boundary(i)));
        let sid = x.threat_id.trimmed().to_string();
        let Some(target) = target else {
            d.note(format!(
                "pytm excludes {} on {}, which is not in the file: not imported",
                shown(&sid),
                shown(name)
            ));
            continue;
        };
        let assumption = x
            .assumption
            .as_ref()
            .and_then(|a| a.get("name").map(text_of))
            .unwrap_or_default();
        let reason = if assumption.trim().is_empty() {
            format!("pytm excludes {sid} on {name}")
        } else {
            format!(
                "pytm: the assumption \"{}\" excludes {sid} on {name}",
                assumption.trim()
            )
        };
        list.push(Decision {
            target,
            label: name.to_string(),
            sid,
            status: "false-positive",
            reason,
        });
    }
    let mut element_answers: BTreeMap<&str, BTreeSet<(String, String)>> = BTreeMap::new();
    for (i, e) in f.elements.iter().enumerate() {
        for o in &e.overrides {
            element_answers.entry(e.name.as_str()).or_default().insert((
                o.threat_id.trimmed().to_string(),
                o.response.trimmed().to_string(),
            ));
            if let Some(x) = answered(d, o, Target::Element(i), e.name.as_str()) {
                list.push(x);
            }
        }
    }
    for (i, b) in f.boundaries.iter().enumerate() {
        for o in &b.overrides {
            if let Some(x) = answered(d, o, Target::Boundary(i), b.name.as_str()) {
                list.push(x);
            }
        }
    }
    for fl in &f.flows {
        let Some(&i) = flow_ix.get(fl.name.as_str()) else {
            continue;
        };
        for o in &fl.overrides {
            // pytm copies the overrides of a flow's ends onto the flow.
            let key = (
                o.threat_id.trimmed().to_string(),
                o.response.trimmed().to_string(),
            );
            let copied = [fl.source.as_str(), fl.sink.as_str()]
                .iter()
                .any(|e| element_answers.get(e).is_some_and(|s| s.contains(&key)));
            if copied {
                continue;
            }
            if let Some(x) = answered(d, o, Target::Flow(i), fl.name.as_str()) {
                list.push(x);
            }
        }
    }
    for sid in &f.threats_excluded {
        d.note(format!(
            "pytm excludes {} everywhere (--exclude): not imported; decide on vastc's threats with `risk RULE on *`",
            shown(sid.trimmed())
        ));
    }
    if list.is_empty() {
        return;
    }
    risks(d, list);
}

/// The rules each decision's class maps to that fire on its target.
fn risks(d: &mut Draft, list: Vec<Decision>) {
    let resolved = crate::resolve::resolve_str("imported.vast", &write::vast(d));
    if resolved.has_errors() {
        d.note("pytm's decisions are not imported: the imported model does not resolve");
        return;
    }
    let today = crate::model::Date {
        year: 2000,
        month: 1,
        day: 1,
    };
    let analysis = crate::analysis::analyze(&resolved.model, today);
    let fired: BTreeSet<(&str, &str)> = analysis
        .threats
        .iter()
        .map(|t| (&*t.rule, t.target_id.as_str()))
        .collect();
    let ids = write::ids(d);
    let classes = classes();
    let mut done = BTreeSet::new();
    for x in list {
        let id = match x.target {
            Target::Element(i) => ids.elements.get(i).cloned(),
            Target::Flow(i) => ids.flow_id(d, i),
            Target::Boundary(i) => ids.boundaries.get(i).cloned(),
            Target::Data(i) => ids.data.get(i).cloned(),
            Target::Identity(i) => ids.identities.get(i).cloned(),
        };
        let Some(id) = id else { continue };
        let class = classes.iter().find(|c| c.0 == x.sid);
        let what = format!(
            "pytm's decision on {}{} on {} ({})",
            shown(&x.sid),
            class.map(|c| format!(" ({})", c.1)).unwrap_or_default(),
            shown(&x.label),
            x.status
        );
        let Some((_, _, rules)) = class.filter(|c| !c.2.is_empty()) else {
            d.note(format!(
                "{what} is not imported: no vastc rule covers that class"
            ));
            continue;
        };
        let hits: Vec<&&str> = rules
            .iter()
            .filter(|r| fired.contains(&(**r, id.as_str())))
            .collect();
        if hits.is_empty() {
            d.note(format!(
                "{what} is not imported: vastc's rules for that class ({}) find nothing there",
                rules.join(", ")
            ));
            continue;
        }
        for rule in hits {
            if done.insert((rule.to_string(), id.clone())) {
                d.risks.push(Risk {
                    rule: rule.to_string(),
                    target: x.target,
                    status: x.status,
                    reason: x.reason.clone(),
                });
            }
        }
    }
}
