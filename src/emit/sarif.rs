//! `threats.sarif`: SARIF 2.1.0, one result per open threat located at the
//! declaration it is about, with rule metadata (help text, `level` and
//! `security-severity`) so code-scanning dashboards show threats on the
//! model's lines.

use super::report::{Report, ThreatOut};
use crate::analysis::Severity;
use crate::model::{Model, Val};
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::None => "note",
    }
}

fn rule_meta(model: &Model, t: &ThreatOut) -> Value {
    let rule = model.rules.iter().find(|r| r.id == t.rule);
    let text = |name: &str| {
        rule.and_then(|r| r.settings.get(name))
            .map(Val::display)
            .unwrap_or_default()
    };
    let description = match text("description") {
        d if d.is_empty() => t.title.clone(),
        d => d,
    };
    let mitigation = if t.mitigation.is_empty() {
        "Review the threat and record a decision with a `risk` declaration.".to_string()
    } else {
        t.mitigation.clone()
    };
    let mut tags = vec!["security".to_string(), t.category.clone()];
    tags.extend(t.stride.iter().map(|s| format!("STRIDE-{s}")));
    let refs = t.references.join(", ");
    json!({
        "id": t.rule,
        "name": t.rule.replace(['-', '@'], "_"),
        "shortDescription": { "text": t.title },
        "fullDescription": { "text": description },
        "help": {
            "text": format!("{mitigation}{}", if refs.is_empty() { String::new() } else { format!(" References: {refs}.") }),
            "markdown": format!("**Mitigation:** {mitigation}{}", if refs.is_empty() { String::new() } else { format!("\n\n**References:** {refs}") }),
        },
        "defaultConfiguration": { "level": level(t.cvss.severity) },
        "properties": {
            "security-severity": format!("{:.1}", t.cvss.base),
            "tags": tags,
            "cvss": t.cvss.vector,
        }
    })
}

/// The SARIF log of a build.
pub fn sarif(model: &Model, report: &Report) -> String {
    let open: Vec<&ThreatOut> = report
        .threats
        .iter()
        .filter(|t| t.status == "open" || t.status == "in-progress")
        .collect();
    let mut rule_ids: Vec<&str> = open.iter().map(|t| t.rule.as_str()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<Value> = rule_ids
        .iter()
        .filter_map(|id| open.iter().find(|t| t.rule == *id))
        .map(|t| rule_meta(model, t))
        .collect();
    let results: Vec<Value> = open
        .iter()
        .map(|t| {
            let index = rule_ids.iter().position(|r| *r == t.rule).unwrap_or(0);
            json!({
                "ruleId": t.rule,
                "ruleIndex": index,
                "level": level(t.cvss.severity),
                "message": { "text": format!("{} on {} {}: {}", t.title, t.target.kind, t.target.id, t.evidence) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": t.location.file, "uriBaseId": "MODELROOT" },
                        "region": { "startLine": t.location.line.max(1), "startColumn": t.location.column.max(1) }
                    },
                    "logicalLocations": [{ "name": t.target.id, "kind": t.target.kind }]
                }],
                "partialFingerprints": { "vastThreatId": t.id },
                "properties": {
                    "security-severity": format!("{:.1}", t.cvss.environmental),
                    "threatId": t.id,
                    "status": t.status,
                    "category": t.category,
                }
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "vastc",
                "informationUri": "https://github.com/vastc/vastc",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "originalUriBaseIds": { "MODELROOT": { "description": { "text": "The directory of the root model" } } },
            "artifacts": report.model.files.iter().map(|f| json!({ "location": { "uri": f, "uriBaseId": "MODELROOT" } })).collect::<Vec<_>>(),
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}
