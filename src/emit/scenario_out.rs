//! A scenario in the report: every finding of its fixpoint as one compact
//! record (what was gained, how, and the finding it was gained from), so
//! `threats.json` stays complete while each finding costs one line, not a
//! copy of its whole chain. The chain of a finding is recovered by
//! following `from` back to the compromise ([`ScenarioOut::chain`]).
//!
//! The human outputs (`threats.md`, `report.html`) list at most
//! [`MAX_LISTED`] findings per scenario and shorten long chains
//! ([`short_chain`]); `threats.json` lists every finding.

use crate::analysis::attack::{Asset, Reach};
use crate::model::{Compromised, Model, Scenario};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Most findings a scenario lists in `threats.md` and `report.html`.
pub const MAX_LISTED: usize = 40;

/// Longest chain (in steps) shown whole in `threats.md` and `report.html`;
/// a longer one shows its first step, the number left out, and its last
/// steps.
pub const MAX_CHAIN_SHOWN: usize = 6;

/// One finding of a scenario: an element, identity, node or data asset,
/// and the step that gained it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub id: String,
    /// `element`, `identity`, `node` or `data`.
    pub kind: &'static str,
    /// `control` or `reach` (elements and nodes); `hold` (identities);
    /// `expose` (data).
    pub access: &'static str,
    /// The index, in the scenario's findings, of the finding this one was
    /// gained from; `None` for what the scenario compromises.
    pub from: Option<usize>,
    /// The step, in words.
    pub step: String,
}

/// A finding is written on one line of `threats.json`:
/// `{"id": …, "kind": …, "access": …, "from": …, "step": …}`.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut line = String::with_capacity(64 + self.id.len() + self.step.len());
        line.push_str("{\"id\": ");
        super::json::string(&mut line, &self.id);
        line.push_str(", \"kind\": \"");
        line.push_str(self.kind);
        line.push_str("\", \"access\": \"");
        line.push_str(self.access);
        line.push_str("\", \"from\": ");
        match self.from {
            Some(i) => line.push_str(&i.to_string()),
            None => line.push_str("null"),
        }
        line.push_str(", \"step\": ");
        super::json::string(&mut line, &self.step);
        line.push('}');
        serde_json::value::RawValue::from_string(line)
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
    }
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ScenarioOut {
    pub id: String,
    pub title: String,
    pub compromise: Vec<String>,
    /// Every finding, in the order the fixpoint found them (so `from` is
    /// always an earlier index).
    pub findings: Vec<Finding>,
    /// IDs of the data exposed, sorted.
    pub data: Vec<String>,
}

impl ScenarioOut {
    /// The steps from the compromise to finding `i`, first step first.
    pub fn chain(&self, i: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut cur = Some(i);
        while let Some(f) = cur.and_then(|i| self.findings.get(i)) {
            out.push(f.step.as_str());
            // `from` is always earlier, so this ends; the guard is for
            // hand-made values.
            cur = f.from.filter(|&p| Some(p) < cur);
        }
        out.reverse();
        out
    }

    /// The findings shown as rows of the human outputs: elements reached
    /// and controlled (one row per element, control over reach),
    /// identities, nodes and data, in the order found.
    pub fn rows(&self) -> impl Iterator<Item = (usize, &Finding)> {
        let controlled: BTreeSet<&str> = self
            .findings
            .iter()
            .filter(|f| f.kind == "element" && f.access == "control")
            .map(|f| f.id.as_str())
            .collect();
        self.findings.iter().enumerate().filter(move |(_, f)| {
            !(f.kind == "element" && f.access == "reach" && controlled.contains(f.id.as_str()))
        })
    }

    /// Counts for the summary line: controlled elements and nodes, elements
    /// reached only, identities held.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for (_, f) in self.rows() {
            match f.access {
                "control" => c.0 += 1,
                "reach" => c.1 += 1,
                "hold" => c.2 += 1,
                _ => {}
            }
        }
        c
    }
}

/// A chain for people: whole up to [`MAX_CHAIN_SHOWN`] steps, else its
/// first step, how many are left out, and its last steps.
pub fn short_chain(chain: &[&str]) -> String {
    if chain.len() <= MAX_CHAIN_SHOWN {
        return chain.join(" → ");
    }
    let tail = MAX_CHAIN_SHOWN - 2;
    let left_out = chain.len() - 1 - tail;
    let mut parts = vec![chain[0].to_string(), format!("… ({left_out} more steps) …")];
    parts.extend(chain[chain.len() - tail..].iter().map(|s| s.to_string()));
    parts.join(" → ")
}

/// The scenario `s` of `model` with its fixpoint `r`.
pub fn scenario_out(model: &Model, s: &Scenario, r: &Reach) -> ScenarioOut {
    let order = r.in_order();
    // An element both reached and controlled is listed once, as control,
    // unless some step was gained from reaching it: then both are kept,
    // so that every `from` names a listed finding.
    let sources: BTreeSet<Asset> = r.gained.values().filter_map(|(_, s)| s.from).collect();
    let listed: Vec<Asset> = order
        .into_iter()
        .filter(|&a| match a {
            Asset::Reach(e) => !r.has(Asset::Control(e)) || sources.contains(&a),
            _ => true,
        })
        .collect();
    let index: BTreeMap<Asset, usize> = listed.iter().enumerate().map(|(i, a)| (*a, i)).collect();
    let mut data = Vec::new();
    let findings = listed
        .iter()
        .map(|&a| {
            let (id, kind, access) = match a {
                Asset::Control(e) => (model.elements[e].id.clone(), "element", "control"),
                Asset::Reach(e) => (model.elements[e].id.clone(), "element", "reach"),
                Asset::Identity(i) => (model.identities[i].id.clone(), "identity", "hold"),
                Asset::Node(n) => (
                    n.map(|b| model.boundaries[b].id.clone())
                        .unwrap_or_else(|| "nodes".into()),
                    "node",
                    "control",
                ),
                Asset::Data(d) => {
                    data.push(model.data[d].id.clone());
                    (model.data[d].id.clone(), "data", "expose")
                }
            };
            let step = r.gained.get(&a);
            Finding {
                id,
                kind,
                access,
                from: step
                    .and_then(|(_, s)| s.from)
                    .and_then(|f| index.get(&f).copied()),
                step: step.map(|(_, s)| s.reason.clone()).unwrap_or_default(),
            }
        })
        .collect();
    data.sort();
    ScenarioOut {
        id: s.id.clone(),
        title: s.label.clone(),
        compromise: s
            .compromise
            .iter()
            .map(|c| match *c {
                Compromised::Element(e) => model.elements[e].id.clone(),
                Compromised::Identity(i) => model.identities[i].id.clone(),
            })
            .collect(),
        findings,
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_chains_are_shortened_in_the_middle() {
        let steps: Vec<String> = (0..10).map(|i| format!("s{i}")).collect();
        let chain: Vec<&str> = steps.iter().map(String::as_str).collect();
        assert_eq!(short_chain(&chain[..3]), "s0 → s1 → s2");
        assert_eq!(short_chain(&chain[..6]), "s0 → s1 → s2 → s3 → s4 → s5");
        assert_eq!(
            short_chain(&chain),
            "s0 → … (5 more steps) … → s6 → s7 → s8 → s9"
        );
    }

    #[test]
    fn a_finding_is_one_line_of_json() {
        let f = Finding {
            id: "a\"b".into(),
            kind: "element",
            access: "reach",
            from: Some(3),
            step: "x can send to a\"b\n".into(),
        };
        let text = serde_json::to_string_pretty(&vec![f]).expect("serializes");
        assert_eq!(
            text,
            "[\n  {\"id\": \"a\\\"b\", \"kind\": \"element\", \"access\": \"reach\", \"from\": 3, \"step\": \"x can send to a\\\"b\\n\"}\n]"
        );
        let back: serde_json::Value = serde_json::from_str(&text).expect("parses");
        assert_eq!(back[0]["from"], 3);
    }
}
