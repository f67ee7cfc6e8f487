//! `vastc history`: the age of each open threat from a git history written
//! at test time with fixed commit dates (the project's clinic model). A
//! threat dates from the oldest commit of its unbroken run back from HEAD;
//! a commit whose model has errors does not break a run; a threat removed
//! and raised again dates from its return; uncommitted threats are new;
//! commits with the same model files are compiled once; deadlines in the
//! model make threats overdue, and `--fail-on-overdue` exits 1.

#[path = "common/git.rs"]
mod git;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SCRAPER: &str = "\nactor scraper \"Scraper\" { kind user }\nflow scraper -> portal \"scrape\" {\n  protocol http\n  port 80\n  carries session\n}\n";
const EXPORT: &str = "\nflow backup-agent -> claims \"export\" {\n  protocol http\n  port 80\n  carries records\n}\n";

fn write(dir: &Path, extra: &[&str]) {
    let clinic = std::fs::read_to_string("models/clinic.vast")
        .unwrap()
        .replace(
            "  version \"1.4\"\n",
            "  version \"1.4\"\n  deadline-high 30\n  deadline-critical 7\n",
        );
    std::fs::write(
        dir.join("m/clinic.vast"),
        format!("{clinic}{}", extra.concat()),
    )
    .unwrap();
}

/// The history: 2026-01-10 the model; 2026-03-01 the scraper; 2026-04-01
/// only a note changes; 2026-05-01 a broken model; 2026-05-02 fixed;
/// 2026-06-01 the export flow goes; 2026-08-01 it comes back. Uncommitted:
/// a second export flow.
fn repo() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vastc-history-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("m")).unwrap();
    git::git(&dir, Some("2026-01-01"), &["init", "-q"]);
    std::fs::copy("models/platform.vast", dir.join("m/platform.vast")).unwrap();
    write(&dir, &[EXPORT]);
    git::git(&dir, Some("2026-01-10"), &["add", "-A"]);
    git::git(&dir, Some("2026-01-10"), &["commit", "-q", "-m", "model"]);
    write(&dir, &[EXPORT, SCRAPER]);
    git::git(
        &dir,
        Some("2026-03-01"),
        &["commit", "-q", "-am", "scraper"],
    );
    std::fs::write(dir.join("m/notes.txt"), "a note").unwrap();
    git::git(&dir, Some("2026-04-01"), &["add", "-A"]);
    git::git(&dir, Some("2026-04-01"), &["commit", "-q", "-m", "note"]);
    std::fs::write(dir.join("m/platform.vast"), "boundary {\n").unwrap();
    git::git(&dir, Some("2026-05-01"), &["commit", "-q", "-am", "broken"]);
    std::fs::copy("models/platform.vast", dir.join("m/platform.vast")).unwrap();
    git::git(&dir, Some("2026-05-02"), &["commit", "-q", "-am", "fixed"]);
    write(&dir, &[SCRAPER]);
    git::git(
        &dir,
        Some("2026-06-01"),
        &["commit", "-q", "-am", "no export"],
    );
    write(&dir, &[SCRAPER, EXPORT]);
    git::git(
        &dir,
        Some("2026-08-01"),
        &["commit", "-q", "-am", "export again"],
    );
    // Outside the model's directory: not a commit of its history.
    std::fs::write(dir.join("README"), "x").unwrap();
    git::git(&dir, Some("2026-09-01"), &["add", "-A"]);
    git::git(&dir, Some("2026-09-01"), &["commit", "-q", "-m", "readme"]);
    write(
        &dir,
        &[
            SCRAPER,
            EXPORT,
            &EXPORT
                .replace("\"export\"", "\"export 2\"")
                .replace("backup-agent -> claims", "portal -> claims"),
        ],
    );
    dir
}

fn history(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
        .current_dir(dir)
        .args(["history", "--today", "2026-12-01", "m/clinic.vast"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn ages_from_history() {
    let dir = repo();
    let o = history(&dir, &["--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let h: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let threats = h["threats"].as_array().unwrap();
    let since = |prefix: &str| -> Vec<(String, String)> {
        threats
            .iter()
            .filter(|t| t["id"].as_str().unwrap().contains(prefix))
            .map(|t| {
                (
                    t["id"].as_str().unwrap().to_string(),
                    t["since"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // Threats of the first model date from it, through the broken commit.
    let portal: Vec<_> = since("@gateway->portal");
    assert!(!portal.is_empty(), "{h}");
    assert!(portal.iter().all(|(_, s)| s == "2026-01-10"), "{portal:?}");
    // The scraper's flow from its commit.
    let scraper = since("@scraper->portal");
    assert!(!scraper.is_empty(), "{h}");
    assert!(
        scraper.iter().all(|(_, s)| s == "2026-03-01"),
        "{scraper:?}"
    );
    // The export flow went and came back: from its return.
    let export = since("@backup-agent->claims");
    assert!(!export.is_empty(), "{h}");
    assert!(export.iter().all(|(_, s)| s == "2026-08-01"), "{export:?}");
    // Not committed: new today, no commit.
    let new: Vec<_> = threats
        .iter()
        .filter(|t| t["id"].as_str().unwrap().contains("@portal->claims"))
        .collect();
    assert!(!new.is_empty(), "{h}");
    for t in &new {
        assert_eq!(t["commit"], serde_json::Value::Null);
        assert_eq!(t["age_days"], 0);
        assert_eq!(t["since"], "2026-12-01");
    }
    // Ages count to --today; deadlines by severity.
    for t in threats {
        let since = t["since"].as_str().unwrap();
        let age = t["age_days"].as_i64().unwrap();
        if since == "2026-03-01" {
            assert_eq!(age, 275);
        }
        let overdue = match t["severity"].as_str().unwrap() {
            "high" => age > 30,
            "critical" => age > 7,
            _ => false,
        };
        assert_eq!(t["overdue"].as_bool(), Some(overdue), "{t}");
    }
    // The README commit is not in the model's history; the note's commit
    // and the fix have the same model files as the scraper's commit: read,
    // not compiled again.
    assert_eq!(h["commits_read"], 7, "{h}");
    assert_eq!(h["commits_compiled"], 5, "{h}");

    // Overdue high threats fail the job when asked.
    let o = history(&dir, &["--fail-on-overdue"]);
    assert_eq!(o.status.code(), Some(1));
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.contains("| Threat | Title | Severity | Status | Open since |"),
        "{md}"
    );
    assert!(md.contains("**overdue**"), "{md}");
    assert!(md.contains("not committed"), "{md}");

    // A shorter walk gives lower bounds.
    let o = history(&dir, &["--format", "json", "--max-commits", "2"]);
    let h: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        h["threats"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["at_least"] == true),
        "{h}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_now_and_outside_a_repository() {
    let lone = std::env::temp_dir().join(format!("vastc-history-lone-{}", std::process::id()));
    std::fs::create_dir_all(&lone).unwrap();
    std::fs::write(lone.join("a.vast"), "boundary {\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(["history", "--today", "2026-12-01"])
        .arg(lone.join("a.vast"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    std::fs::copy("models/starter.vast", lone.join("a.vast")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vastc"))
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .args(["history", "--today", "2026-12-01"])
        .arg(lone.join("a.vast"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not in a git work tree"));

    // A repository without commits: every threat is new today.
    git::git(&lone, None, &["init", "-q"]);
    let o = Command::new(env!("CARGO_BIN_EXE_vastc"))
        .args(["history", "--today", "2026-12-01", "--format", "json"])
        .arg(lone.join("a.vast"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let h: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(h["commits_read"], 0);
    let threats = h["threats"].as_array().unwrap();
    assert!(!threats.is_empty());
    assert!(
        threats
            .iter()
            .all(|t| t["commit"].is_null() && t["age_days"] == 0)
    );
    let _ = std::fs::remove_dir_all(&lone);
}
