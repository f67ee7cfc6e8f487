//! `vastc fmt`: idempotent on every fixture and example, keeps the meaning
//! of the model and every comment, a snapshot of a file with comments in
//! every position, and the exit statuses of `fmt --check`.

mod common;

use common::projection::projection;
use std::path::{Path, PathBuf};
use std::process::Command;
use vastc::fmt::format;

fn vastc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vastc"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vastc-fmt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn vast_files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "vast"))
        .collect();
    v.sort();
    v
}

fn fmt(text: &str, what: &Path) -> String {
    format(text).unwrap_or_else(|d| panic!("{}: {d:?}", what.display()))
}

fn resolved(root: &Path) -> String {
    let r = vastc::resolve::resolve_path(root);
    let codes: Vec<&str> = r.diags.iter().map(|d| d.code).collect();
    format!("{}\n{codes:?}", projection(&r.model))
}

fn comment_texts(text: &str) -> Vec<String> {
    let (file, _) = vastc::syntax::parse(0, text);
    let mut v: Vec<String> = file
        .comments
        .iter()
        .map(|c| c.text.trim().to_string())
        .collect();
    v.sort();
    v
}

/// Formats every `.vast` file of `dir` in memory; checks idempotence and
/// comments per file, and that every file resolves to the same model
/// formatted or not (through copies in temporary directories, so includes work).
fn check_dir(dir: &str, name: &str) {
    let files = vast_files(dir);
    assert!(!files.is_empty(), "{dir}");
    let before = tmp(&format!("{name}-before"));
    let after = tmp(&format!("{name}-after"));
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let once = fmt(&text, f);
        let twice = fmt(&once, f);
        assert_eq!(once, twice, "{}: fmt is not idempotent", f.display());
        assert_eq!(
            comment_texts(&text),
            comment_texts(&once),
            "{}: comments changed",
            f.display()
        );
        let file_name = f.file_name().unwrap();
        std::fs::write(before.join(file_name), &text).unwrap();
        std::fs::write(after.join(file_name), &once).unwrap();
    }
    for f in &files {
        let file_name = f.file_name().unwrap();
        assert_eq!(
            resolved(&before.join(file_name)),
            resolved(&after.join(file_name)),
            "{}: fmt changed the model",
            f.display()
        );
    }
    let _ = std::fs::remove_dir_all(before);
    let _ = std::fs::remove_dir_all(after);
}

#[test]
fn valid_fixtures_keep_meaning() {
    check_dir("tests/fixtures/valid", "valid");
}

#[test]
fn fmt_fixtures_keep_meaning() {
    check_dir("tests/fixtures/fmt", "fmt");
}

#[test]
fn project_models_keep_meaning() {
    check_dir("models", "models");
}

#[test]
fn invalid_fixtures_that_parse_are_idempotent() {
    for f in vast_files("tests/fixtures/invalid") {
        // Lossy: one fixture is not valid UTF-8 on purpose.
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        if let Ok(once) = format(&text) {
            assert_eq!(Ok(once.clone()), format(&once), "{}", f.display());
            assert_eq!(
                comment_texts(&text),
                comment_texts(&once),
                "{}",
                f.display()
            );
        }
    }
}

#[test]
fn comments_everywhere_snapshot() {
    let path = Path::new("tests/fixtures/fmt/comments_everywhere.vast");
    let out = fmt(&std::fs::read_to_string(path).unwrap(), path);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/fmt");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("comments_everywhere", out));
}

#[test]
fn layout_snapshot() {
    let path = Path::new("tests/fixtures/fmt/layout.vast");
    let out = fmt(&std::fs::read_to_string(path).unwrap(), path);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/fmt");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("layout", out));
}

#[test]
fn check_exit_statuses() {
    let dir = tmp("check");
    let formatted = dir.join("formatted.vast");
    let messy = dir.join("messy.vast");
    let broken = dir.join("broken.vast");
    let messy_text = "actor a \"A\" {kind user;}   // why\n\n\n\nactor b\n";
    std::fs::write(&formatted, "actor a \"A\" {\n  kind user // why\n}\n").unwrap();
    std::fs::write(&messy, messy_text).unwrap();
    std::fs::write(&broken, "actor a {\n  kind user\n").unwrap();

    let run = |args: &[&Path], check: bool| {
        let mut c = vastc();
        c.arg("fmt");
        if check {
            c.arg("--check");
        }
        c.args(args).output().unwrap()
    };
    let o = run(&[&formatted], true);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(o.stdout.is_empty());

    let o = run(&[&formatted, &messy], true);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(listed.contains("messy.vast") && !listed.contains("formatted.vast"));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), messy_text);

    let o = run(&[&broken], true);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("vast::syntax"), "{stderr}");

    // Without --check: rewrites the messy file, leaves the broken one alone.
    let o = run(&[&messy, &broken], false);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "actor a \"A\" { kind user } // why\n\nactor b\n"
    );
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "actor a {\n  kind user\n"
    );
    let o = run(&[&messy], true);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let _ = std::fs::remove_dir_all(dir);
}

/// Comments and blank lines inserted at random places: whenever the result
/// parses, `fmt` keeps its meaning and comments and is idempotent.
#[test]
fn comments_anywhere_keep_meaning() {
    let files = [
        "tests/fixtures/valid/every_construct.vast",
        "tests/fixtures/fmt/comments_everywhere.vast",
        "models/starter.vast",
    ];
    let inserts = [
        " /* c */ ",
        " // c\n",
        "\n/// d\n",
        "\n\n",
        "/* c */",
        "\n// c\n",
    ];
    let mut rng = vastc::generate::Lcg::new(42);
    let mut tried = 0;
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let spaces: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| c.is_whitespace() || matches!(c, '{' | '}' | ',' | '(' | ')'))
            .map(|(i, _)| i)
            .collect();
        for _ in 0..150 {
            let mut mutated = text.clone();
            for _ in 0..3 {
                let at = spaces[rng.below(spaces.len())];
                let at = at.min(mutated.len());
                if mutated.is_char_boundary(at) {
                    mutated.insert_str(at, inserts[rng.below(inserts.len())]);
                }
            }
            let Ok(once) = format(&mutated) else { continue };
            tried += 1;
            assert_eq!(
                format(&once).as_ref(),
                Ok(&once),
                "not idempotent:\n{mutated}"
            );
            assert_eq!(
                comment_texts(&mutated),
                comment_texts(&once),
                "comments:\n{mutated}"
            );
            let before = vastc::resolve::resolve_str("m.vast", &mutated);
            let after = vastc::resolve::resolve_str("m.vast", &once);
            assert_eq!(
                projection(&before.model),
                projection(&after.model),
                "meaning changed:\n{mutated}\n---\n{once}"
            );
        }
    }
    assert!(tried > 100, "only {tried} mutations parsed");
}

/// The ```` ```vast ```` blocks of a Markdown file, with the line each starts on.
fn vast_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in markdown.lines().enumerate() {
        match current.as_mut() {
            None if line.trim() == "```vast" => current = Some((n + 2, String::new())),
            None => {}
            Some(_) if line.trim() == "```" => blocks.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    blocks
}

/// Every `vast` example in the docs and the README is already in the layout
/// `fmt` writes (it used to turn the first example's one-line blocks into
/// one line per setting); so are the project's models and templates.
#[test]
fn docs_and_project_models_are_formatted() {
    let mut docs: Vec<PathBuf> = std::fs::read_dir("docs")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.push(PathBuf::from("README.md"));
    docs.sort();
    let mut examples = 0;
    for doc in &docs {
        let markdown = std::fs::read_to_string(doc).unwrap();
        for (line, block) in vast_blocks(&markdown) {
            examples += 1;
            let what = format!("{}:{line}", doc.display());
            let out = format(&block).unwrap_or_else(|d| panic!("{what}: {d:?}"));
            assert_eq!(out, block, "{what}: not in fmt's layout");
        }
    }
    assert!(examples >= 2, "only {examples} examples found");
    for dir in ["models", "templates"] {
        for f in vast_files(dir) {
            let text = std::fs::read_to_string(&f).unwrap();
            assert!(
                fmt(&text, &f) == text,
                "{}: not formatted (run `vastc fmt` on it)",
                f.display()
            );
        }
    }
}

/// One-line flows stay one line: a model written that way keeps its length.
#[test]
fn one_line_declarations_stay_one_line() {
    let mut model =
        String::from("actor user \"User\" { kind user }\nprocess api \"API\" { kind web-app }\n");
    for i in 0..50 {
        model.push_str(&format!(
            "flow f{i}: user -> api \"call {i}\" {{ protocol https; port 443; authn oidc }}\n"
        ));
    }
    assert_eq!(fmt(&model, Path::new("flows")), model);
}
