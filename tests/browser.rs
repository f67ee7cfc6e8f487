//! The HTML report in a real headless browser (Debian's `chromium`, driven by
//! playwright-core from `tests/browser/report.mjs`): a severity filter hides
//! exactly its rows, no request leaves the page, hostile labels stay inert,
//! and a screenshot is taken and checked to be a real rendering.
//!
//! `.ci/run` installs chromium and the node package; on a developer machine
//! without them the test says so and passes only outside CI.

use std::path::{Path, PathBuf};
use std::process::Command;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vastc-browser-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn report_in_headless_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists()
        && Path::new("tests/browser/node_modules/playwright-core").exists();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: .ci/run installs chromium and playwright-core"
        );
        eprintln!("skipped: needs {chromium} and `npm install` in tests/browser (as .ci/run does)");
        return;
    }
    let out = tmp("out");
    for model in [
        "models/clinic.vast",
        "tests/fixtures/build/hostile_labels.vast",
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_vastc"))
            .args([
                "build",
                model,
                "--format",
                "html",
                "--today",
                "2026-11-26",
                "-o",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let shot = out.join("report.png");
    let o = Command::new("node")
        .current_dir("tests/browser")
        .arg("report.mjs")
        .arg(out.join("clinic/report.html"))
        .arg(out.join("hostile_labels/report.html"))
        .arg(&shot)
        .output()
        .expect("node runs");
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // The screenshot is a real page: a PNG of the viewport, not blank.
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(
        png.len() > 20_000,
        "screenshot suspiciously small ({} bytes)",
        png.len()
    );
    let _ = std::fs::copy(
        &shot,
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-screenshot.png"),
    );
}
