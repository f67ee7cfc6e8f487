//! `threats.sarif`: SARIF 2.1.0, one result per open threat located at the
//! declaration it is about, with rule metadata (help text, `level` and
//! `security-severity`) so code-scanning dashboards show threats on the
//! model's lines.
//!
//! The log is written from typed structs that borrow the report, so a model
//! with tens of thousands of threats serialises without building a JSON tree.

use super::report::{Report, ThreatOut};
use crate::analysis::Severity;
use crate::model::{Key, Model, Val};
use serde::Serialize;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::None => "note",
    }
}

#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    #[serde(rename = "security-severity")]
    security_severity: String,
    tags: Vec<String>,
    cvss: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Text<&'a str>,
    full_description: Text<String>,
    help: Help,
    default_configuration: Level,
    properties: RuleProperties<'a>,
}

fn rule_meta<'a>(model: &Model, t: &ThreatOut<'a>) -> Rule<'a> {
    let rule = model.rules.iter().find(|r| r.id == t.rule);
    let text = |key: Key| {
        rule.and_then(|r| r.settings.get(key))
            .map(Val::display)
            .unwrap_or_default()
    };
    let description = match text(Key::Description) {
        d if d.is_empty() => t.title.to_string(),
        d => d,
    };
    // The Markdown help is model text escaped as threats.md escapes it
    // (no raw HTML, images or links); the fallback is the compiler's own.
    let (mitigation, mitigation_md) = if t.mitigation.is_empty() {
        let own = "Review the threat and record a decision with a `risk` declaration.";
        (own, own.to_string())
    } else {
        (t.mitigation, crate::emit::escape::markdown(t.mitigation))
    };
    let mut tags = vec!["security".to_string(), t.category.to_string()];
    tags.extend(t.stride.iter().map(|s| format!("STRIDE-{s}")));
    let refs = t.references.join(", ");
    let (text_refs, markdown_refs) = if refs.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(" References: {refs}."),
            format!(
                "\n\n**References:** {}",
                crate::emit::escape::markdown(&refs)
            ),
        )
    };
    Rule {
        id: t.rule,
        name: t.rule.replace(['-', '@'], "_"),
        short_description: Text { text: t.title },
        full_description: Text { text: description },
        help: Help {
            text: format!("{mitigation}{text_refs}"),
            markdown: format!("**Mitigation:** {mitigation_md}{markdown_refs}"),
        },
        default_configuration: Level {
            level: level(t.cvss.severity),
        },
        properties: RuleProperties {
            security_severity: format!("{:.1}", t.cvss.base),
            tags,
            cvss: t.cvss.vector,
        },
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation<'a> {
    uri: &'a str,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct LogicalLocation<'a> {
    name: &'a str,
    kind: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation<'a> {
    physical_location: PhysicalLocation<'a>,
    logical_locations: [LogicalLocation<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints<'a> {
    vast_threat_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    #[serde(rename = "security-severity")]
    security_severity: String,
    threat_id: &'a str,
    status: &'a str,
    category: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<String>,
    locations: [ResultLocation<'a>; 1],
    partial_fingerprints: Fingerprints<'a>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    information_uri: &'static str,
    version: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct BaseUri {
    description: Text<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "UPPERCASE")]
struct BaseUris {
    modelroot: BaseUri,
}

#[derive(Serialize)]
struct Artifact<'a> {
    location: ArtifactLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    original_uri_base_ids: BaseUris,
    artifacts: Vec<Artifact<'a>>,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

/// The SARIF log of a build.
pub fn sarif(model: &Model, report: &Report) -> String {
    super::write::text(|w| write_sarif(model, report, w))
}

/// [`sarif`] written to `w` as it is serialised.
pub fn write_sarif(
    model: &Model,
    report: &Report,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let open: Vec<&ThreatOut> = report
        .threats
        .iter()
        .filter(|t| t.status == "open" || t.status == "in-progress")
        .collect();
    let mut rule_ids: Vec<&str> = open.iter().map(|t| t.rule).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<Rule> = rule_ids
        .iter()
        .filter_map(|id| open.iter().find(|t| t.rule == *id))
        .map(|t| rule_meta(model, t))
        .collect();
    let results: Vec<SarifResult> = open
        .iter()
        .map(|t| SarifResult {
            rule_id: t.rule,
            rule_index: rule_ids.binary_search(&t.rule).unwrap_or(0),
            level: level(t.cvss.severity),
            message: Text {
                text: format!(
                    "{} on {} {}: {}",
                    t.title, t.target.kind, t.target.id, t.why
                ),
            },
            locations: [ResultLocation {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: t.location.file,
                        uri_base_id: "MODELROOT",
                    },
                    region: Region {
                        start_line: t.location.line.max(1),
                        start_column: t.location.column.max(1),
                    },
                },
                logical_locations: [LogicalLocation {
                    name: t.target.id,
                    kind: t.target.kind,
                }],
            }],
            partial_fingerprints: Fingerprints {
                vast_threat_id: t.id,
            },
            properties: ResultProperties {
                security_severity: format!("{:.1}", t.cvss.environmental),
                threat_id: t.id,
                status: t.status,
                category: t.category,
            },
        })
        .collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "vastc",
                    information_uri: "https://github.com/vastc/vastc",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            original_uri_base_ids: BaseUris {
                modelroot: BaseUri {
                    description: Text {
                        text: "The directory of the root model",
                    },
                },
            },
            artifacts: report
                .model
                .files
                .iter()
                .map(|f| Artifact {
                    location: ArtifactLocation {
                        uri: f,
                        uri_base_id: "MODELROOT",
                    },
                })
                .collect(),
            results,
        }],
    };
    super::json::write_pretty(&log, w)
}
