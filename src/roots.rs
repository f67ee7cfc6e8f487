//! Root models of a directory: every `*.vast` regular file below it that no
//! other file there includes. Includes are found by parsing each file.
//! Symlinks, FIFOs and devices in the tree are neither followed nor opened.

use crate::syntax::{self, ast::Keyword};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The root models below `dir`, sorted by path. Hidden files and
/// directories (`.git`, …) are skipped.
pub fn roots(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.sort();
    let mut included = BTreeSet::new();
    for file in &files {
        let Some(text) = crate::resolve::read_regular_file(file) else {
            continue;
        };
        let (parsed, _) = syntax::parse(0, &text);
        let base = file.parent().unwrap_or(Path::new("."));
        for d in parsed
            .decls
            .iter()
            .filter(|d| d.keyword == Keyword::Include)
        {
            if let Some(p) = &d.path {
                let target = base.join(&p.value);
                included.insert(std::fs::canonicalize(&target).unwrap_or(target));
            }
        }
    }
    Ok(files
        .into_iter()
        .filter(|f| {
            let canon = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
            !included.contains(&canon)
        })
        .collect())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // The entry itself, not what a symlink points to: links (to a
        // directory or a file, inside the tree or not), FIFOs and devices
        // are skipped; only regular files are built.
        let ty = entry.file_type()?;
        if ty.is_dir() {
            walk(&path, out)?;
        } else if ty.is_file() && path.extension().is_some_and(|e| e == "vast") {
            out.push(path);
        }
    }
    Ok(())
}
