//! Threagile YAML → a [`Draft`]. Data assets become data with their CIA
//! ratings; technical assets elements (external entities actors,
//! processes, datastores stores); communication links flows carrying the
//! data sent and returning the data received; trust boundaries boundaries
//! (nested by `trust_boundaries_nested`); the individual risks of
//! `individual_risk_categories` threats, their status from `risk_tracking`.
//! Technical assets on the internet outside every trust boundary go into
//! an `internet` boundary. What vastc has no place for is a note.

mod links;
mod risks;
mod schema;

use super::draft::{Boundary, Data, Draft, shown};
use super::read::Text;
use crate::diagnostic::Diag;
use schema::File;
use std::collections::BTreeMap;

/// Threagile's confidentiality as a classification (vastc has one level
/// fewer: `restricted` and `confidential` both become `confidential`).
fn classification(s: &str) -> Option<&'static str> {
    Some(match s.trim() {
        "public" => "public",
        "internal" => "internal",
        "restricted" | "confidential" => "confidential",
        "strictly-confidential" => "restricted",
        _ => return None,
    })
}

/// Threagile's integrity and availability as a level.
fn level(s: &str) -> Option<&'static str> {
    Some(match s.trim() {
        "archive" => "low",
        "operational" => "medium",
        "important" => "high",
        "critical" | "mission-critical" => "critical",
        _ => return None,
    })
}

/// Reads a Threagile model.
pub fn read(file: crate::source::FileId, name: &str, text: &str) -> Result<Draft, Diag> {
    let f: File = super::read::yaml(file, name, text)?;
    let mut d = Draft {
        format: "threagile",
        tool: "Threagile",
        file: name.to_string(),
        title: f.title.0.clone(),
        description: f.business_overview.description.0.trim().to_string(),
        ..Draft::default()
    };
    let counted = [
        (f.questions.0.len(), "questions"),
        (f.abuse_cases.0.len(), "abuse cases"),
        (f.security_requirements.0.len(), "security requirements"),
    ];
    for (n, what) in counted {
        if n > 0 {
            d.note(format!(
                "{n} {what} are not kept: vastc has no place for them"
            ));
        }
    }
    if !f.business_criticality.is_empty() {
        d.note(format!(
            "business criticality {} is not kept: vastc rates data, not the whole model",
            shown(f.business_criticality.trimmed())
        ));
    }

    let mut data_ix: BTreeMap<String, usize> = BTreeMap::new();
    let mut squeezed = 0;
    for (title, a) in &f.data_assets.0 {
        let id = if a.id.is_empty() {
            title.clone()
        } else {
            a.id.0.clone()
        };
        if data_ix.contains_key(&id) {
            d.note(format!(
                "data asset ID {} is used twice; references go to the first",
                shown(&id)
            ));
        }
        if a.confidentiality.trimmed() == "restricted" {
            squeezed += 1;
        }
        let rated = |v: &Text, f: fn(&str) -> Option<&'static str>, d: &mut Draft, what: &str| {
            let r = f(v.as_str());
            if r.is_none() && !v.is_empty() {
                d.note(format!(
                    "data asset {}: {what} {} is not a Threagile rating and is not kept",
                    shown(title),
                    shown(v.trimmed())
                ));
            }
            r
        };
        let classification = rated(
            &a.confidentiality,
            classification,
            &mut d,
            "confidentiality",
        );
        let integrity = rated(&a.integrity, level, &mut d, "integrity");
        let availability = rated(&a.availability, level, &mut d, "availability");
        let mut description = a.description.0.trim().to_string();
        if !a.justification_cia_rating.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!(
                "CIA rating: {}",
                a.justification_cia_rating.trimmed()
            ));
        }
        data_ix.entry(id.clone()).or_insert(d.data.len());
        d.data.push(Data {
            names: vec![id, title.clone()],
            label: title.clone(),
            description,
            classification,
            integrity,
            availability,
            settings: Vec::new(),
        });
    }
    if squeezed > 0 {
        d.note(format!(
            "{squeezed} data asset(s) rated `restricted` are `confidential` (vastc has no level between internal and confidential)"
        ));
    }

    let mut b_ix: BTreeMap<String, usize> = BTreeMap::new();
    for (title, b) in &f.trust_boundaries.0 {
        let id = if b.id.is_empty() {
            title.clone()
        } else {
            b.id.0.clone()
        };
        if b_ix.contains_key(&id) {
            d.note(format!(
                "trust boundary ID {} is used twice; references go to the first",
                shown(&id)
            ));
        }
        let kind = match b.ty.trimmed() {
            "network-on-prem" => "corporate-network",
            "network-cloud-provider" => "cloud-account",
            "network-policy-namespace-isolation" => "k8s-namespace",
            "execution-environment" => "generic",
            _ => "network",
        };
        b_ix.entry(id.clone()).or_insert(d.boundaries.len());
        d.boundaries.push(Boundary {
            names: vec![id, title.clone()],
            label: title.clone(),
            description: b.description.0.trim().to_string(),
            kind,
            trust: None,
            parent: None,
        });
    }
    for (title, b) in &f.trust_boundaries.0 {
        let id = if b.id.is_empty() { title } else { &b.id.0 };
        let Some(&me) = b_ix.get(id) else { continue };
        for child in &b.trust_boundaries_nested {
            match b_ix.get(&child.0) {
                Some(&c) if c == me => d.note(format!(
                    "trust boundary {} nests itself: ignored",
                    shown(title)
                )),
                Some(&c) => {
                    if let Some(old) = d.boundaries[c].parent.filter(|&p| p != me) {
                        d.note(format!(
                            "trust boundary {} is nested in both {} and {}: kept in the first",
                            shown(&d.boundaries[c].label),
                            shown(&d.boundaries[old].label),
                            shown(title)
                        ));
                    } else {
                        d.boundaries[c].parent = Some(me);
                    }
                }
                None => d.note(format!(
                    "trust boundary {} nests {}, which is not in the file",
                    shown(title),
                    shown(&child.0)
                )),
            }
        }
    }
    d.break_cycles("trust boundary", "nested boundaries");

    links::assets(&mut d, &f, &data_ix, &b_ix);
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::links::protocol;
    use super::risks::{matches, plain};
    use super::*;

    #[test]
    fn mappings() {
        assert_eq!(protocol("jdbc-encrypted"), Some(("tcp", true)));
        assert_eq!(protocol("http-encrypted"), Some(("https", false)));
        assert_eq!(protocol("ldaps"), Some(("ldaps", false)));
        assert_eq!(protocol("carrier-pigeon"), None);
        assert_eq!(plain("<b>Risk</b> at <b>DB</b> a<b"), "Risk at DB a<b");
        assert!(matches(
            "ldap-injection@*@ldap-auth-server@*",
            "ldap-injection@a@ldap-auth-server@b"
        ));
        assert!(!matches("x@*", "x@a@b"));
        assert_eq!(classification("strictly-confidential"), Some("restricted"));
        assert_eq!(level("mission-critical"), Some("critical"));
    }
}
