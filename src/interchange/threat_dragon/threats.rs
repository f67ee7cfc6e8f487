//! Threat Dragon threats → `threat` declarations: type → STRIDE, severity,
//! status, mitigation; the lines a vastc export writes into a description
//! (threat ID, exact status, CVSS vector, reason, a target with no cell)
//! are read back.

use super::super::draft::{self, Draft, Target, Threat, shown};
use super::schema::TdThreat;

/// What a vastc export wrote into a threat's description.
#[derive(Default)]
struct Exported {
    text: String,
    id: Option<String>,
    status: Option<&'static str>,
    cvss: Option<String>,
    reason: String,
    target: Option<(String, String)>,
}

fn exported(description: &str) -> Exported {
    let Some(at) = description.find("vastc threat: ") else {
        return Exported {
            text: description.trim().to_string(),
            ..Exported::default()
        };
    };
    let mut x = Exported {
        text: description[..at].trim().to_string(),
        ..Exported::default()
    };
    for line in description[at..].lines() {
        if let Some(v) = line.strip_prefix("vastc threat: ") {
            x.id = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("vastc status: ") {
            x.status = draft::word(&crate::resolve::vocab::STATUS, v);
        } else if let Some(v) = line.strip_prefix("CVSS: ") {
            let v = v.split(' ').next().unwrap_or("");
            if v.starts_with("CVSS:") {
                x.cvss = Some(v.to_string());
            }
        } else if let Some(v) = line.strip_prefix("reason: ") {
            x.reason = v.to_string();
        } else if let Some(v) = line.strip_prefix("vastc target: ") {
            x.target = v
                .split_once(' ')
                .map(|(k, id)| (k.to_string(), id.trim().to_string()));
        }
    }
    x
}

pub(super) fn threat_of(
    d: &mut Draft,
    t: &TdThreat,
    target: Option<Target>,
    dtype: &str,
) -> Option<Threat> {
    let x = exported(&t.description.0);
    let target = match (target, &x.target) {
        (Some(tg), _) => tg,
        (None, Some((kind, id))) => stub_target(d, kind, id)?,
        (None, None) => return None,
    };
    let title = t.title.0.clone();
    let mut th = Threat::new(&title, target);
    if let Some(id) = &x.id {
        th.names.push(id.clone());
    }
    th.names.push(title.clone());
    let label = shown(&title);
    let ty = t.ty.trimmed();
    match draft::stride(ty) {
        Some(letter) => th.stride.push(letter),
        None if ty.is_empty() => {}
        None => {
            let model = if t.model_type.is_empty() {
                dtype
            } else {
                t.model_type.trimmed()
            };
            d.note(format!(
                "threat {label}: type {} ({}) has no STRIDE letter; kept in its description",
                shown(ty),
                shown(model)
            ));
            th.description = format!("{} threat type: {ty}", t.model_type.trimmed());
        }
    }
    if !x.text.is_empty() {
        if !th.description.is_empty() {
            th.description.push_str("\n\n");
        }
        th.description.push_str(&x.text);
    }
    match x
        .cvss
        .filter(|v| crate::resolve::cvss::check(v, Default::default()).is_ok())
    {
        Some(v) => th.cvss = Some(v),
        None => {
            th.severity = draft::severity(t.severity.trimmed()).unwrap_or_else(|| {
                d.note(format!(
                    "threat {label}: severity {} is not a vastc severity: written as none",
                    shown(t.severity.trimmed())
                ));
                "none"
            })
        }
    }
    th.status = match x.status {
        Some(s) => s,
        None => match t.status.trimmed().to_lowercase().as_str() {
            "open" | "" => "open",
            "mitigated" => "mitigated",
            "notapplicable" | "not applicable" | "n/a" => "false-positive",
            other => {
                d.note(format!(
                    "threat {label}: status {} is not a Threat Dragon status: written as open",
                    shown(other)
                ));
                "open"
            }
        },
    };
    th.reason = x.reason;
    th.mitigation = t.mitigation.0.trim().to_string();
    Some(th)
}

/// An identity or data asset a vastc export named as a threat's target
/// (Threat Dragon has no place for either): declared so the threat keeps it.
fn stub_target(d: &mut Draft, kind: &str, id: &str) -> Option<Target> {
    match kind {
        "identity" => Some(Target::Identity(d.identity_named(id))),
        "data" => {
            if let Some(i) = d
                .data
                .iter()
                .position(|x| x.names.first().is_some_and(|n| n == id))
            {
                return Some(Target::Data(i));
            }
            d.note(format!(
                "data {} is declared for the threats on it (Threat Dragon has no data assets); set its classification",
                shown(id)
            ));
            d.data.push(draft::Data {
                names: vec![id.to_string()],
                label: id.to_string(),
                ..draft::Data::default()
            });
            Some(Target::Data(d.data.len() - 1))
        }
        _ => None,
    }
}
