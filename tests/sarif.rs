//! `threats.sarif` validates against the SARIF 2.1.0 JSON schema (kept in
//! `tests/sarif-2.1.0-rtm.5.json`, from Microsoft's MIT-licensed
//! @microsoft/jest-sarif package, with its one malformed `language` pattern
//! `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` corrected to
//! `^[a-zA-Z]{2}(-[a-zA-Z]{2})?$` as in later releases) and its locations
//! point at real lines.

use std::path::Path;
use vastc::analysis::analyze;
use vastc::emit::{report::report, sarif::sarif};
use vastc::resolve::resolve_path;
use vastc::syntax::ast::Date;

fn log(example: &str) -> serde_json::Value {
    let r = resolve_path(Path::new(&format!("models/{example}.vast")));
    assert!(!r.has_errors());
    let a = analyze(
        &r.model,
        Date {
            year: 2026,
            month: 11,
            day: 26,
        },
    );
    serde_json::from_str(&sarif(&r.model, &report(&r.model, &a))).unwrap()
}

#[test]
fn validates_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("tests/sarif-2.1.0-rtm.5.json").unwrap())
            .unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap();
    for ex in ["starter", "platform", "clinic", "payments"] {
        let l = log(ex);
        let errors: Vec<String> = validator
            .iter_errors(&l)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{ex}: {errors:?}");
    }
}

#[test]
fn results_point_at_declarations() {
    let l = log("clinic");
    let results = l["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        let file = loc["artifactLocation"]["uri"].as_str().unwrap();
        let line = loc["region"]["startLine"].as_u64().unwrap() as usize;
        let col = loc["region"]["startColumn"].as_u64().unwrap() as usize;
        let text = std::fs::read_to_string(Path::new("models").join(file)).unwrap();
        let src = text
            .lines()
            .nth(line - 1)
            .unwrap_or_else(|| panic!("{file}:{line} does not exist"));
        let target = r["locations"][0]["logicalLocations"][0]["name"]
            .as_str()
            .unwrap();
        // A generated threat points at its target's declaration, a manual one at itself.
        let manual = r["ruleId"] == r["properties"]["threatId"];
        let first = if manual {
            r["ruleId"].as_str().unwrap()
        } else {
            target.split("->").next().unwrap()
        };
        assert!(
            src[col - 1..].starts_with(first),
            "{file}:{line}:{col} `{src}` is not the declaration of {target}"
        );
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        let sev: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
    }
    // Accepted and mitigated threats are not results; a threat whose
    // acceptance expired is one again.
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["properties"]["threatId"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"K8S-CMP-01@backup-agent") && !ids.contains(&"K8S-CMP-11@booking"));
    assert!(ids.contains(&"K8S-CMP-02@backup-agent"));
    assert!(ids.contains(&"K8S-EXT-12@scheduler"));
    // Results point into both files of the model.
    let files: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        ["clinic.vast", "platform.vast"]
    );
}
