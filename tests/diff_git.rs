//! `vastc diff REV MODEL` and `--base REV`: the old version comes from a
//! git revision of a repository made at test time (the project's clinic
//! model split into a root and an include). A change to the included file
//! alone shows, so includes are read at the revision; `-o` writes
//! `diff.svg` with the new element and flow marked added; bad revisions,
//! options posing as revisions, a model missing at the revision and a
//! directory outside any repository are errors with exit status 2.

#[path = "common/git.rs"]
mod git;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A repository with `models/clinic.vast` including `models/parts/shared.vast`
/// (and `models/platform.vast`, which the clinic includes), committed once;
/// returns its directory.
fn repo(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vastc-diff-git-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("models/parts")).unwrap();
    git::git(&dir, None, &["init", "-q"]);
    let clinic = std::fs::read_to_string("models/clinic.vast").unwrap();
    std::fs::write(
        dir.join("models/clinic.vast"),
        format!("include \"parts/shared.vast\"\n{clinic}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("models/parts/shared.vast"),
        "boundary vendor \"Vendor\" {\n  kind third-party\n  actor auditor \"Auditor\" { kind user }\n}\n",
    )
    .unwrap();
    std::fs::copy("models/platform.vast", dir.join("models/platform.vast")).unwrap();
    // A file that is no model is never read.
    std::fs::write(dir.join("models/notes.txt"), "not a model").unwrap();
    git::git(&dir, None, &["add", "-A"]);
    git::git(&dir, None, &["commit", "-q", "-m", "first"]);
    dir
}

fn vastc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
        .current_dir(dir)
        .args(["diff", "--today", "2026-11-26"])
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\n{}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn unchanged_model_has_no_changes() {
    let dir = repo("same");
    let o = vastc(&dir, &["--format", "json", "HEAD", "models/clinic.vast"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for k in [
        "threats_added",
        "threats_removed",
        "elements_added",
        "flows_added",
    ] {
        assert_eq!(json[0][k].as_array().map(Vec::len), Some(0), "{k}: {json}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn change_in_an_include_shows_against_the_revision() {
    let dir = repo("include");
    // Only the included file changes: a new actor sending over plain HTTP.
    let mut shared = std::fs::read_to_string(dir.join("models/parts/shared.vast")).unwrap();
    shared = shared.replace(
        "  actor auditor",
        "  actor scraper \"Scraper\" { kind user }\n  actor auditor",
    );
    shared.push_str(
        "\nflow scraper -> portal \"scrape\" {\n  protocol http\n  port 80\n  carries session\n}\n",
    );
    std::fs::write(dir.join("models/parts/shared.vast"), shared).unwrap();

    let out = dir.join("out");
    let o = vastc(
        &dir,
        &[
            "--format",
            "json",
            "-o",
            "out",
            "main",
            "models/clinic.vast",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "new open threats: {}", text(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        json[0]["elements_added"],
        serde_json::json!(["scraper"]),
        "{json}"
    );
    let flows = json[0]["flows_added"].as_array().unwrap();
    assert_eq!(flows.len(), 1, "{json}");
    let flow = flows[0].as_str().unwrap().to_string();
    assert!(!json[0]["threats_added"].as_array().unwrap().is_empty());

    // The diagram marks the new element and flow, and only those.
    let svg = std::fs::read_to_string(out.join("clinic/diff.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let added: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.attribute("data-highlight") == Some("added"))
        .map(|n| {
            (
                n.attribute("class").unwrap_or("").to_string(),
                n.attribute("data-id").unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(
        added
            .iter()
            .any(|(c, id)| c.starts_with("element") && id == "scraper")
    );
    assert!(
        added
            .iter()
            .any(|(c, id)| c.starts_with("flow") && *id == flow)
    );
    assert!(svg.contains("changes since main: 1 element and 1 flow added"));
    // Every other element is drawn as usual, not dimmed.
    assert!(!svg.contains("data-highlight=\"untouched\""));

    // --base is the same comparison.
    let o2 = vastc(
        &dir,
        &["--format", "json", "--base", "main", "models/clinic.vast"],
    );
    assert_eq!(o2.stdout, o.stdout, "{}", text(&o2));

    // Committed, the revision before it shows the same change; HEAD none.
    git::git(&dir, None, &["commit", "-q", "-am", "scraper"]);
    let o3 = vastc(&dir, &["--format", "json", "HEAD~1", "models/clinic.vast"]);
    assert_eq!(o3.stdout, o.stdout, "{}", text(&o3));
    let o4 = vastc(&dir, &["HEAD", "models/clinic.vast"]);
    assert_eq!(o4.status.code(), Some(0), "{}", text(&o4));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_revisions_and_places_are_errors() {
    let dir = repo("bad");
    for (args, says) in [
        (
            vec!["no-such-branch", "models/clinic.vast"],
            "names no commit",
        ),
        (
            vec!["--base=--output=x", "models/clinic.vast"],
            "a revision is",
        ),
        (
            vec!["--base", "main", "models/clinic.vast", "models/clinic.vast"],
            "with --base",
        ),
        (vec!["models/clinic.vast"], "give two versions"),
    ] {
        let o = vastc(&dir, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(says),
            "{args:?}: {}",
            text(&o)
        );
    }
    assert!(!dir.join("x").exists());

    // A model added after the revision does not exist there.
    std::fs::copy(dir.join("models/clinic.vast"), dir.join("models/new.vast")).unwrap();
    let o = vastc(&dir, &["HEAD", "models/new.vast"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist at revision HEAD"));

    // A revision whose model has errors reports them as such.
    std::fs::write(dir.join("models/parts/shared.vast"), "boundary {\n").unwrap();
    git::git(&dir, None, &["commit", "-q", "-am", "broken"]);
    std::fs::copy("models/clinic.vast", dir.join("models/clinic.vast")).unwrap();
    let o = vastc(&dir, &["HEAD", "models/clinic.vast"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the model at the revision has errors"));
    let _ = std::fs::remove_dir_all(&dir);

    // Outside a repository.
    let lone = std::env::temp_dir().join(format!("vastc-diff-git-lone-{}", std::process::id()));
    std::fs::create_dir_all(&lone).unwrap();
    std::fs::copy("models/clinic.vast", lone.join("clinic.vast")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vastc"))
        .current_dir(&lone)
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .args(["diff", "HEAD", "clinic.vast"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not in a git work tree"));
    let _ = std::fs::remove_dir_all(&lone);
}
