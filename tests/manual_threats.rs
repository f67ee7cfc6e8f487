//! A manual threat states a `cvss` vector or a `severity` (issue 15): a
//! stated severity is scored in its band and counts for `--fail-on`.

use std::process::Command;

fn vastc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
}

#[test]
fn a_stated_severity_counts_for_fail_on() {
    let out = std::env::temp_dir().join(format!("vastc-stated-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let model = "tests/fixtures/valid/stated_severity.vast";
    let run = |level: &str| {
        vastc()
            .args(["build", model, "--format", "json", "--fail-on", level, "-o"])
            .arg(&out)
            .output()
            .unwrap()
    };
    let high = run("high");
    assert_eq!(high.status.code(), Some(1), "{high:?}");
    let critical = run("critical");
    assert_eq!(critical.status.code(), Some(0), "{critical:?}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("stated_severity/threats.json")).unwrap(),
    )
    .unwrap();
    let replay = json["threats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "replay")
        .unwrap()
        .clone();
    assert_eq!(replay["cvss"]["severity"], "high", "{replay}");
    assert_eq!(replay["cvss"]["vector"], "", "{replay}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_threat_without_vector_or_severity_fails_check() {
    let o = vastc()
        .args(["check", "tests/fixtures/invalid/threat_without_score.vast"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a threat needs a `cvss` vector or a `severity`"),
        "{err}"
    );
    assert!(err.contains("not both"), "{err}");
}
