//! Every invalid fixture fails with diagnostics, rendered without colour at a
//! fixed width and kept as insta snapshots in `snapshots/diagnostics/`.
//! Every valid fixture and normative example passes `check` clean.

use std::path::Path;
use vastc::diagnostic::{RenderOptions, render};
use vastc::resolve::resolve_path;

fn rendered(path: &Path) -> (bool, String) {
    rendered_at(path, 100)
}

/// Renders without colour at `width` columns.
fn rendered_at(path: &Path, width: usize) -> (bool, String) {
    let r = resolve_path(path);
    let text = render(
        &r.diags,
        r.sources(),
        RenderOptions {
            color: false,
            width,
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
    for m in std::fs::read_dir("models").unwrap() {
        files.push(m.unwrap().path());
    }
    assert!(files.iter().any(|f| f.ends_with("clinic.vast")));
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

/// The other two things the parser recurses on: `not not not …` and block
/// comments inside block comments. Deep ones are a diagnostic, also in a
/// file large enough to be parsed on several threads (smaller stacks);
/// shallow ones and long conditions of many `not`s side by side are fine.
#[test]
fn deep_nots_and_comments_are_a_diagnostic() {
    let padding = format!("{}\n", "actor a1 { kind user }\n".repeat(8_000));
    let deep = [
        format!(
            "rule R \"t\" {{\n  applies-to process\n  when {}x\n}}\n",
            "not ".repeat(100_000)
        ),
        format!(
            "rule R \"t\" {{\n  applies-to process\n  when {}x\n}}\n",
            "not /* c */ (".repeat(200)
        ),
        format!("{}{}\n", "/*".repeat(100_000), "*/".repeat(100_000)),
    ];
    for (k, text) in deep.iter().enumerate() {
        for text in [text.clone(), padding.clone() + text] {
            let r = vastc::resolve::resolve_str("deep.vast", &text);
            let codes: Vec<&str> = r.diags.iter().map(|d| d.code).collect();
            assert_eq!(codes, ["vast::syntax::too_deep"], "case {k}");
        }
    }
    let many: Vec<String> = (0..300).map(|i| format!("not a.b{i}")).collect();
    let fine = [
        format!(
            "rule R \"t\" {{\n  applies-to process\n  when {}privileged\n}}\n",
            "not ".repeat(100)
        ),
        format!(
            "rule R \"t\" {{\n  applies-to process\n  when {}\n}}\n",
            many.join(" and ")
        ),
        format!("{}{}\n", "/*".repeat(100), "*/".repeat(100)),
    ];
    for (k, text) in fine.iter().enumerate() {
        let r = vastc::resolve::resolve_str("fine.vast", text);
        assert!(
            !r.diags.iter().any(|d| d.code.starts_with("vast::syntax")),
            "case {k}: {:?}",
            r.diags
        );
    }
}

/// The input limits too large for a fixture file in the repository: a file
/// over the size limit (as the root and as an include) and a chain of
/// includes past the file limit. Written at test time, snapshotted like the
/// fixtures (`limit_*` in `snapshots/diagnostics/`); `vastc build` on the
/// chain ends with the diagnostic, not a stack overflow in a build thread.
#[test]
fn limits_have_diagnostics() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("limits");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("chain")).unwrap();
    let limit = vastc::resolve::MAX_FILE_BYTES as usize;
    let mut huge = String::from("// over the size limit\n");
    huge.push_str(&" ".repeat(limit + 1 - huge.len()));
    std::fs::write(dir.join("huge.vast"), &huge).unwrap();
    std::fs::write(dir.join("root.vast"), "include \"huge.vast\"\n").unwrap();
    let files = vastc::resolve::MAX_FILES;
    for i in 0..=files {
        std::fs::write(
            dir.join("chain").join(format!("f{i}.vast")),
            format!("include \"f{}.vast\"\ndata d{i} \"data {i}\"\n", i + 1),
        )
        .unwrap();
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/diagnostics");
    settings.set_prepend_module_to_snapshot(false);
    let tmp = dir.display().to_string();
    for (name, root, code) in [
        ("limit_file_too_large", "huge.vast", "vast::io::too_large"),
        (
            "limit_include_too_large",
            "root.vast",
            "vast::io::too_large",
        ),
        (
            "limit_too_many_files",
            "chain/f0.vast",
            "vast::include::too_many",
        ),
    ] {
        let path = dir.join(root);
        let r = resolve_path(&path);
        let codes: Vec<&str> = r.diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [code], "{name}");
        // Wide enough that no line wraps: the temporary directory's path
        // differs in length between machines, and wrapping would follow it.
        let (_, text) = rendered_at(&path, 1_000);
        settings.bind(|| insta::assert_snapshot!(name, text.replace(&tmp, "$TMP")));
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vastc"))
        .arg("build")
        .arg(dir.join("chain/f0.vast"))
        .arg("-o")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("vast::include::too_many"), "{stderr}");
}

/// miette pads underlines to a label's column and panics past 65,535
/// columns: a diagnostic on a wider line gives its place in words instead.
#[test]
fn diagnostics_on_very_wide_lines_name_their_place() {
    let text = format!("process p \"{}\" {{ kind bogus }}", "x".repeat(70_000));
    let r = vastc::resolve::resolve_str("wide.vast", &text);
    let out = render(&r.diags, r.sources(), RenderOptions::default());
    assert!(out.contains("vast::resolve::bad_vocabulary"), "{out}");
    assert!(
        out.contains("(wide.vast:1:70021; the line is too long to show)"),
        "{out}"
    );
    assert!(out.len() < 2_000, "{out}");
}
