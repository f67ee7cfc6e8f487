//! `vastc diff` on two versions of the clinic model (copied to temporary
//! directories at test time): a new unencrypted flow across boundaries, an
//! accepted risk and a removed store give the expected entries.

use std::path::PathBuf;
use std::process::Command;

fn versions() -> (PathBuf, PathBuf) {
    let base = std::env::temp_dir().join(format!("vastc-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (old, new) = (base.join("old"), base.join("new"));
    for d in [&old, &new] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::copy("models/platform.vast", d.join("platform.vast")).unwrap();
    }
    let clinic = std::fs::read_to_string("models/clinic.vast").unwrap();
    std::fs::write(old.join("clinic.vast"), &clinic).unwrap();
    // Removes from `start` to the first `end` after it (inclusive).
    let cut = |s: &str, start: &str, end: &str| -> String {
        let i = s.find(start).unwrap();
        let j = i + s[i..].find(end).unwrap() + end.len();
        format!("{}{}", &s[..i], &s[j..])
    };
    // The slot cache goes, with its flow and its place in the `find` feature.
    let mut changed = cut(&clinic, "  store slots \"slot cache\"", "\n  }\n");
    changed = cut(&changed, "flow portal -> slots", "\n}\n");
    assert!(changed.contains("on portal, slots\n"));
    changed = changed.replace("on portal, slots\n", "on portal\n");
    changed.push_str("\nflow patient -> portal \"direct, bypassing the gateway\" {\n  protocol http\n  port 80\n  carries session\n}\n");
    changed.push_str("\nrisk K8S-CRED-03 on scheduler {\n  status accepted\n  reason \"Secrets move to a CSI volume next quarter\"\n  until 2027-06-30\n}\n");
    std::fs::write(new.join("clinic.vast"), changed).unwrap();
    (old, new)
}

fn diff(old: &PathBuf, new: &PathBuf, format: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(["diff", "--today", "2026-11-26", "--format", format])
        .arg(old)
        .arg(new)
        .output()
        .unwrap()
}

#[test]
fn clinic_versions() {
    let (old, new) = versions();
    let o = diff(&old.join("clinic.vast"), &new.join("clinic.vast"), "json");
    assert_eq!(
        o.status.code(),
        Some(1),
        "new open threats: exit 1\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &json[0];
    let ids = |k: &str| -> Vec<String> {
        d[k].as_array()
            .unwrap()
            .iter()
            .map(|t| {
                t["id"]
                    .as_str()
                    .unwrap_or_else(|| t.as_str().unwrap())
                    .to_string()
            })
            .collect()
    };
    let added = ids("threats_added");
    assert!(
        added.iter().any(|t| t.ends_with("@patient->portal")),
        "{added:?}"
    );
    let removed = ids("threats_removed");
    assert!(
        removed.iter().any(|t| t.contains("portal->slots")),
        "{removed:?}"
    );
    let status: Vec<(String, String, String)> = d["status_changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().into(),
                c["from"].as_str().unwrap().into(),
                c["to"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        status.contains(&(
            "K8S-CRED-03@scheduler".into(),
            "open".into(),
            "accepted".into()
        )),
        "{status:?}"
    );
    assert_eq!(d["elements_removed"], serde_json::json!(["slots"]));
    assert_eq!(d["flows_added"], serde_json::json!(["patient->portal"]));
    assert_eq!(d["flows_removed"], serde_json::json!(["portal->slots"]));

    let md = diff(&old.join("clinic.vast"), &new.join("clinic.vast"), "md");
    // IDs are code spans, as written, never HTML entities (the terminal
    // shows Markdown as it is).
    let text = String::from_utf8_lossy(&md.stdout);
    assert!(text.contains("| `GEN-009@patient->portal` |"), "{text}");
    assert!(
        text.contains("**Flows added:** `patient->portal`"),
        "{text}"
    );
    assert!(!text.contains("&gt;") && !text.contains("&amp;"), "{text}");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/diff");
    settings.set_prepend_module_to_snapshot(false);
    settings
        .bind(|| insta::assert_snapshot!("clinic.diff.md", String::from_utf8_lossy(&md.stdout)));

    // Directories: the two checkouts pair their root models by path.
    let dirs = diff(&old, &new, "json");
    assert_eq!(dirs.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&dirs.stdout).unwrap();
    assert_eq!(
        json.as_array().unwrap().len(),
        1,
        "platform.vast is included by clinic, not a root"
    );
    // No change, no new threats: exit 0.
    let same = diff(&old.join("clinic.vast"), &old.join("clinic.vast"), "md");
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("No change"));
}
