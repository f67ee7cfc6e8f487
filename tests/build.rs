//! `vastc build` as a user runs it: the threat tables of the project's models
//! as snapshots, escaping of hostile labels, byte-identical rebuilds, atomic
//! outputs, `--fail-on` and `--today`.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/markdown.rs"]
mod markdown;

fn vastc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vastc-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn build(model: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    vastc()
        .arg("build")
        .arg(model)
        .arg("-o")
        .arg(out)
        .args(["--today", "2026-11-26"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn example_threat_tables() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/build");
    settings.set_prepend_module_to_snapshot(false);
    let out = tmp("examples");
    for ex in ["starter", "platform", "clinic"] {
        let o = build(
            &format!("models/{ex}.vast"),
            &out,
            &["--format", "md,json,csv"],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let dir = out.join(ex);
        settings.bind(|| {
            insta::assert_snapshot!(
                format!("{ex}.threats.md"),
                std::fs::read_to_string(dir.join("threats.md")).unwrap()
            );
            insta::assert_snapshot!(
                format!("{ex}.threats.json"),
                std::fs::read_to_string(dir.join("threats.json")).unwrap()
            );
        });
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("threats.json")).unwrap())
                .unwrap();
        assert!(
            json["threats"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| !t["location"]["file"].as_str().unwrap().starts_with('/'))
        );
    }
}

#[test]
fn hostile_labels_stay_inert() {
    let out = tmp("hostile");
    let o = build("tests/fixtures/build/hostile_labels.vast", &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = out.join("hostile_labels");
    let md = std::fs::read_to_string(dir.join("threats.md")).unwrap();
    markdown::inert("threats.md", &md);
    assert!(markdown::rendered(&md).contains("<script>"));
    // No table row gains a column from a `|` in a label, and no newline splits one.
    for line in md.lines().filter(|l| l.starts_with("| `t-1` |")) {
        assert_eq!(line.matches(" | ").count(), 8, "{line}");
    }
    let csv = std::fs::read_to_string(dir.join("threats.csv")).unwrap();
    for cell in csv.split([',', '\n']) {
        let cell = cell.trim_start_matches('"');
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "live formula cell: {cell}"
        );
    }
    assert!(csv.contains("'=cmd|' /C calc'!A0") && csv.contains("'@SUM(A1)"));
    // Every row has the header's number of fields (quoted commas and newlines stay inside).
    let mut rdr_fields = Vec::new();
    let (mut field, mut quoted, mut count) = (String::new(), false, 0usize);
    for c in csv.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                count += 1;
                field.clear();
            }
            '\n' if !quoted => {
                rdr_fields.push(count + 1);
                count = 0;
            }
            _ => field.push(c),
        }
    }
    assert!(
        rdr_fields.iter().all(|&n| n == rdr_fields[0]),
        "{rdr_fields:?}"
    );
}

#[test]
fn rebuilds_are_byte_identical() {
    let (a, b) = (tmp("det-a"), tmp("det-b"));
    assert!(build("models/clinic.vast", &a, &[]).status.success());
    assert!(build("models/clinic.vast", &b, &[]).status.success());
    let mut names: Vec<_> = std::fs::read_dir(a.join("clinic"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for n in names {
        assert_eq!(
            std::fs::read(a.join("clinic").join(&n)).unwrap(),
            std::fs::read(b.join("clinic").join(&n)).unwrap(),
            "{n:?} differs"
        );
    }
}

#[test]
fn failed_build_leaves_previous_outputs_whole() {
    let out = tmp("atomic");
    let src = out.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let model = src.join("m.vast");
    std::fs::write(
        &model,
        "process p \"P\" { kind k8s-pod\n privileged true }\n",
    )
    .unwrap();
    let o = vastc()
        .arg("build")
        .arg(&model)
        .arg("-o")
        .arg(out.join("build"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let before = std::fs::read(out.join("build/m/threats.json")).unwrap();
    std::fs::write(
        &model,
        "process p \"P\" { kind k8s-pod\n privilged true }\n",
    )
    .unwrap();
    let o = vastc()
        .arg("build")
        .arg(&model)
        .arg("-o")
        .arg(out.join("build"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(out.join("build/m/threats.json")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.join("build/m"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn fail_on_and_today() {
    let out = tmp("failon");
    let o = build("models/clinic.vast", &out, &["--fail-on", "critical"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = build(
        "tests/fixtures/valid/minimal.vast",
        &out,
        &["--fail-on", "low"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = vastc()
        .args([
            "build",
            "models/clinic.vast",
            "--format",
            "json",
            "--today",
            "2027-04-01",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("expired"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("clinic/threats.json")).unwrap())
            .unwrap();
    let t = json["threats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "K8S-CMP-01@backup-agent")
        .unwrap();
    assert_eq!(t["status"], "open");
    assert_eq!(t["expired"], true);
}

#[test]
fn bad_arguments_are_errors() {
    let o = vastc()
        .args(["build", "models/clinic.vast", "--fail-on", "severe"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = vastc()
        .args(["build", "no-such-file.vast"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = vastc().args(["explain", "K8S-NOPE"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// threats.md explains each finding in sentences from the model's facts and
/// gives its mitigation; threats.json keeps the rule's expression beside
/// the sentences; the CSV carries both.
#[test]
fn threat_tables_explain_in_sentences() {
    let out = tmp("why");
    let o = build("models/starter.vast", &out, &["--format", "md,json,csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = out.join("starter");
    let md = std::fs::read_to_string(dir.join("threats.md")).unwrap();
    assert!(md.contains("| Status | Why | Mitigation |"), "{md}");
    let row = md
        .lines()
        .find(|l| l.starts_with("| `K8S-CMP-08@web` |"))
        .expect("the run-as-root finding");
    assert!(
        row.contains(
            "| runs as root; namespace status does not enforce restricted Pod Security | Set runAsNonRoot: true"
        ),
        "{row}"
    );
    // No rule syntax leaks into the table.
    for syntax in ["==", "not kind in", "reachable-from(", "\\["] {
        assert!(!md.contains(syntax), "{syntax} in threats.md");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("threats.json")).unwrap()).unwrap();
    let t = json["threats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "K8S-CMP-08@web")
        .unwrap();
    assert_eq!(
        t["evidence"],
        "run-as-root; not namespace.pod-security == restricted"
    );
    assert_eq!(
        t["why"],
        "runs as root; namespace status does not enforce restricted Pod Security"
    );
    let csv = std::fs::read_to_string(dir.join("threats.csv")).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",why"), "{csv}");
    let _ = std::fs::remove_dir_all(&out);
}

/// The outputs written to a directory (the large ones streamed to their
/// files as they are rendered) are the bytes rendered in memory, on a model
/// whose threats fill several pieces of `threats.json`.
#[test]
fn written_outputs_equal_rendered_ones() {
    let text = vastc::generate::model(vastc::generate::Shape::new(1000));
    let today = vastc::syntax::ast::Date::parse("2026-11-26").unwrap();
    let c = vastc::compile_str("gen.vast", &text, &vastc::Options::new(today));
    assert!(!c.has_errors());
    assert!(c.analysis.as_ref().unwrap().threats.len() > 4000);
    let rendered = vastc::emit::render(&c, &[]);
    let dir = tmp("streamed");
    let written = vastc::emit::write_to(&c, &[], &dir, &vastc::timings::Unobserved).unwrap();
    let names: Vec<&String> = rendered.iter().map(|(n, _)| n).collect();
    assert_eq!(written.iter().collect::<Vec<_>>(), names);
    for (name, bytes) in &rendered {
        let on_disk = std::fs::read(dir.join(name)).unwrap();
        assert!(on_disk == *bytes, "{name} differs from the rendered bytes");
        assert!(!bytes.is_empty(), "{name} is empty");
    }
    for name in [
        "threats.json",
        "threats.csv",
        "threats.md",
        "threats.sarif",
        "otm.json",
    ] {
        assert!(names.iter().any(|n| *n == name), "no {name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
