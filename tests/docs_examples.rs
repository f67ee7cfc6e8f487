//! Every ```vast code block of README.md and docs/*.md is a model a reader
//! can copy: it checks clean (no error and no warning, including the
//! analysis' warnings about expired acceptances and unmatched risks) and is
//! already in the layout `vastc fmt` writes.
//!
//! Info strings: `vast` is a whole model; `vast continued` adds to the
//! blocks before it in the same file (a tutorial step), and the model so far
//! is checked; `vast fragment` is an excerpt and is skipped.

use std::path::{Path, PathBuf};
use vastc::diagnostic::{RenderOptions, render};
use vastc::syntax::ast::Date;

const TODAY: Date = Date {
    year: 2026,
    month: 12,
    day: 4,
};

#[derive(Debug, PartialEq)]
enum Kind {
    Model,
    Continued,
    Fragment,
}

#[derive(Debug)]
struct Block {
    kind: Kind,
    line: usize,
    text: String,
}

/// The fenced ```vast blocks of a Markdown text, with the line of each
/// fence. Blocks of other languages are skipped whole, so a ```vast line
/// inside one (an example of Markdown output) is not taken for a block.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    // Inside a block of another language, and the fence that closes it.
    let mut foreign: Option<String> = None;
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(fence) = &foreign {
            if trimmed.trim_end() == fence {
                foreign = None;
            }
            continue;
        }
        if let Some(mut b) = current.take() {
            if trimmed.trim_end() == "```" {
                out.push(b);
            } else {
                b.text.push_str(line);
                b.text.push('\n');
                current = Some(b);
            }
            continue;
        }
        let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
        if ticks < 3 {
            continue;
        }
        let info = &trimmed[ticks..];
        let mut words = info.split_whitespace();
        if ticks > 3 || words.next() != Some("vast") {
            foreign = Some("`".repeat(ticks));
            continue;
        }
        let kind = match words.next() {
            None => Kind::Model,
            Some("continued") => Kind::Continued,
            Some("fragment") => Kind::Fragment,
            Some(other) => panic!("line {}: unknown vast block kind `{other}`", i + 1),
        };
        current = Some(Block {
            kind,
            line: i + 1,
            text: String::new(),
        });
    }
    assert!(
        current.is_none() && foreign.is_none(),
        "an unclosed code block"
    );
    out
}

/// README.md and every Markdown file of docs/.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// Problems of one model text: diagnostics of `check`, then analysis warnings.
fn problems(name: &str, text: &str) -> Option<String> {
    let r = vastc::resolve::resolve_str(name, text);
    if !r.diags.is_empty() {
        return Some(render(&r.diags, r.sources(), RenderOptions::default()));
    }
    let a = vastc::analysis::analyze(&r.model, TODAY);
    (!a.warnings.is_empty()).then(|| render(&a.warnings, r.sources(), RenderOptions::default()))
}

#[test]
fn every_vast_block_checks_clean_and_is_formatted() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut fragments = 0;
    for doc in documents() {
        let markdown = std::fs::read_to_string(&doc).unwrap();
        let shown = doc.file_name().unwrap().to_string_lossy().into_owned();
        let mut so_far = String::new();
        for b in blocks(&markdown) {
            let place = format!("{shown}:{}", b.line);
            match b.kind {
                Kind::Fragment => {
                    fragments += 1;
                    continue;
                }
                Kind::Model => so_far = b.text.clone(),
                Kind::Continued => {
                    assert!(
                        !so_far.is_empty(),
                        "{place}: `vast continued` with nothing before it"
                    );
                    so_far.push('\n');
                    so_far.push_str(&b.text);
                }
            }
            checked += 1;
            if let Some(p) = problems(&place, &so_far) {
                failures.push(format!("{place}: not check-clean\n{p}"));
            }
            match vastc::fmt::format(&b.text) {
                Ok(f) if f == b.text => {}
                Ok(f) => failures.push(format!("{place}: not fmt-clean; `vastc fmt` writes:\n{f}")),
                Err(d) => failures.push(format!("{place}: fmt cannot parse it: {d:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The README's tutorial and the language reference have many blocks;
    // fragments stay the exception.
    assert!(checked >= 8, "only {checked} vast blocks checked");
    assert!(
        fragments * 4 <= checked,
        "{fragments} fragments for {checked} checked blocks"
    );
}

/// The extraction itself: kinds, lines, and blocks of other languages ignored.
#[test]
fn blocks_are_extracted_with_their_kind() {
    let md = "text\n```vast\nactor a\n```\n```sh\nvastc check\n```\n```vast continued\nactor b\n```\n```vast fragment\nkind user\n```\n````md\n```vast\nnot a model\n```\n````\n";
    let b = blocks(md);
    let kinds: Vec<(&Kind, usize, &str)> = b
        .iter()
        .map(|b| (&b.kind, b.line, b.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (&Kind::Model, 2, "actor a\n"),
            (&Kind::Continued, 8, "actor b\n"),
            (&Kind::Fragment, 11, "kind user\n"),
        ]
    );
    // A broken example is caught.
    assert!(problems("t", "actor a { kind nobody }\n").is_some());
    assert!(problems("t", "risk GEN-001 on a\nactor a { kind user }\n").is_some());
    assert!(problems("t", "actor a {\n  kind user\n}\n").is_none());
}
