//! Every invalid fixture fails with diagnostics, rendered without colour at a
//! fixed width and kept as insta snapshots in `snapshots/diagnostics/`.
//! Every valid fixture and normative example passes `check` clean.

use std::path::Path;
use vastc::diagnostic::{RenderOptions, render};
use vastc::resolve::resolve_path;

fn rendered(path: &Path) -> (bool, String) {
    let r = resolve_path(path);
    let text = render(
        &r.diags,
        r.sources(),
        RenderOptions {
            color: false,
            width: 100,
        },
    );
    (r.has_errors(), text)
}

#[test]
fn invalid_fixtures_snapshot() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/diagnostics");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("fixtures/invalid/*.vast", |path| {
            let (errors, text) = rendered(path);
            assert!(errors, "{} must fail:\n{text}", path.display());
            insta::assert_snapshot!(text);
        });
    });
}

#[test]
fn enough_error_classes() {
    let codes: std::collections::BTreeSet<String> = std::fs::read_dir("tests/fixtures/invalid")
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "vast"))
        .flat_map(|p| {
            resolve_path(&p)
                .diags
                .into_iter()
                .map(|d| d.code.to_string())
        })
        .collect();
    assert!(
        codes.len() >= 30,
        "only {} distinct diagnostic codes: {codes:?}",
        codes.len()
    );
}

#[test]
fn three_independent_mistakes_reported_together() {
    let r = resolve_path(Path::new("tests/fixtures/invalid/three_mistakes.vast"));
    let codes: Vec<&str> = r.diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "vast::resolve::bad_vocabulary",
            "vast::resolve::unknown_setting",
            "vast::resolve::unknown_ref"
        ]
    );
}

#[test]
fn diagnostics_carry_help_and_suggestions() {
    let r = resolve_path(Path::new("tests/fixtures/invalid/unknown_setting.vast"));
    let d = &r.diags[0];
    assert_eq!(d.help.as_deref(), Some("did you mean `privileged`?"));
    let (file, line, col) = r.sources().location(d.span.unwrap());
    assert_eq!((file.as_str(), line, col), ("unknown_setting.vast", 3, 3));
}

#[test]
fn valid_fixtures_and_examples_check_clean() {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir("tests/fixtures/valid")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    for ex in ["quickstart", "platform", "shop"] {
        files.push(Path::new("../shared/examples").join(format!("{ex}.vast")));
    }
    files.sort();
    for f in files {
        let r = resolve_path(&f);
        let text = render(&r.diags, r.sources(), RenderOptions::default());
        assert!(
            r.diags.is_empty(),
            "{} has diagnostics:\n{text}",
            f.display()
        );
    }
}

#[test]
fn deep_nesting_is_a_diagnostic() {
    for (open, close) in [
        ("boundary b { ", "}"),
        ("rule R \"t\" { applies-to process when ", ""),
    ] {
        let mut text = String::new();
        for _ in 0..10_000 {
            text.push_str(open);
        }
        if close.is_empty() {
            text.push_str(&"(".repeat(10_000));
        }
        for _ in 0..10_000 {
            text.push_str(close);
        }
        let r = vastc::resolve::resolve_str("deep.vast", &text);
        assert!(
            r.diags.iter().any(|d| d.code == "vast::syntax::too_deep"),
            "{:?}",
            r.diags
        );
    }
}
