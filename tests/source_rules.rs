//! The code's own house rules, checked so they stay kept: every source
//! file of the project (not the vendored layout-rs) is at most 600 lines,
//! and every module of the library and binary opens with its `//!` docs.

mod common;

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

fn project_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "src",
        "tests",
        "benches",
        "examples",
        "fuzz/fuzz_targets",
        "build.rs",
    ] {
        let p = Path::new(dir);
        if p.is_file() {
            files.push(p.to_path_buf());
        } else {
            files.extend(common::files_with_extension(p, "rs"));
        }
    }
    files
}

#[test]
fn no_source_file_is_over_600_lines() {
    let files = project_files();
    assert!(files.len() > 100, "{} files", files.len());
    let long: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let n = std::fs::read_to_string(p).unwrap().lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}

#[test]
fn every_module_has_docs() {
    let files = common::files_with_extension(Path::new("src"), "rs");
    assert!(files.len() > 50, "{} files", files.len());
    let bare: Vec<String> = files
        .iter()
        .filter(|p| !std::fs::read_to_string(p).unwrap().starts_with("//!"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(bare.is_empty(), "modules without `//!` docs: {bare:?}");
}
