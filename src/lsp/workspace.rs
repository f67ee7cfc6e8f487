//! Which file includes which, across the editor's workspace folders, so an
//! open file that another model includes is checked as part of that model
//! (its references and diagnostics then see the whole build). Read once
//! from disk when the server starts (a quick line scan for `include "…"`,
//! at most [`MAX_SCANNED`] files and [`MAX_ENTRIES`] directory entries,
//! hidden directories and symlinks skipped)
//! and corrected from every resolve, which knows the includes exactly.

use crate::resolve::Resolved;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Most `.vast` files read when the workspace is scanned.
pub const MAX_SCANNED: usize = 5_000;
/// Most directory entries looked at when the workspace is scanned (a home
/// directory opened as a workspace must not hold up the editor).
pub const MAX_ENTRIES: usize = 100_000;

/// The include graph: canonical paths, each file to the files it includes.
#[derive(Default)]
pub struct Workspace {
    includes: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
}

impl Workspace {
    /// Reads the includes of the `.vast` files below `folders`.
    pub fn scan(folders: &[PathBuf]) -> Self {
        let mut files = Vec::new();
        let mut entries = 0;
        for f in folders {
            walk(f, &mut files, &mut entries, 0);
        }
        let mut ws = Workspace::default();
        for file in files {
            let Some(text) = crate::resolve::read_regular_file(&file) else {
                continue;
            };
            let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
            let targets = text
                .lines()
                .filter_map(include_path)
                .filter_map(|p| std::fs::canonicalize(base.join(p)).ok())
                .collect();
            let canon = std::fs::canonicalize(&file).unwrap_or(file);
            ws.includes.insert(canon, targets);
        }
        ws
    }

    /// Takes the includes of every file of a resolve as they are now.
    pub fn update(&mut self, resolved: &Resolved) {
        let sources = resolved.sources();
        let mut found: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
        for (id, _) in resolved.trees() {
            if let Some(f) = sources.get(*id) {
                found.entry(f.path.clone()).or_default();
            }
        }
        for (span, target) in resolved.includes() {
            if let (Some(from), Some(to)) = (sources.get(span.file), sources.get(*target)) {
                found
                    .entry(from.path.clone())
                    .or_default()
                    .insert(to.path.clone());
            }
        }
        self.includes.extend(found);
    }

    /// The root model to check `path` with: a file that includes it,
    /// directly or not, and that nothing includes; an open one first (in
    /// `open`), else the first by path; `path` itself when nothing
    /// includes it.
    pub fn root_of(&self, path: &Path, open: &BTreeSet<PathBuf>) -> PathBuf {
        let mut included_by: BTreeMap<&Path, Vec<&Path>> = BTreeMap::new();
        for (from, to) in &self.includes {
            for t in to {
                included_by.entry(t).or_default().push(from);
            }
        }
        let mut seen = BTreeSet::new();
        let mut todo = vec![path];
        let mut tops = BTreeSet::new();
        while let Some(p) = todo.pop() {
            if !seen.insert(p) {
                continue;
            }
            match included_by.get(p) {
                Some(parents) => todo.extend(parents.iter().copied()),
                None => {
                    tops.insert(p.to_path_buf());
                }
            }
        }
        tops.iter()
            .find(|t| open.contains(*t))
            .or_else(|| tops.iter().next())
            .cloned()
            .unwrap_or_else(|| path.to_path_buf())
    }
}

/// The path of a line `include "path"` (no escapes), if it is one.
fn include_path(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("include")?;
    let rest = rest.strip_prefix([' ', '\t'])?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    let path = &rest[..end];
    (!path.contains('\\') && !path.is_empty()).then_some(path)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut usize, depth: usize) {
    if depth > 32 || out.len() >= MAX_SCANNED || *seen >= MAX_ENTRIES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut list: Vec<_> = entries
        .filter_map(Result::ok)
        .take(MAX_ENTRIES.saturating_sub(*seen))
        .collect();
    *seen += list.len();
    list.sort_by_key(|e| e.file_name());
    for entry in list {
        if out.len() >= MAX_SCANNED {
            return;
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        let Ok(ty) = entry.file_type() else { continue };
        let path = entry.path();
        if ty.is_dir() {
            walk(&path, out, seen, depth + 1);
        } else if ty.is_file() && path.extension().is_some_and(|e| e == "vast") {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_lines() {
        assert_eq!(include_path("include \"a/b.vast\""), Some("a/b.vast"));
        assert_eq!(include_path("  include\t\"x.vast\" // c"), Some("x.vast"));
        assert_eq!(include_path("included \"x.vast\""), None);
        assert_eq!(include_path("include \"\""), None);
    }

    #[test]
    fn roots_prefer_open_files() {
        let p = |s: &str| PathBuf::from(s);
        let mut ws = Workspace::default();
        ws.includes
            .insert(p("/m/a.vast"), [p("/m/shared.vast")].into());
        ws.includes
            .insert(p("/m/b.vast"), [p("/m/shared.vast")].into());
        let none = BTreeSet::new();
        assert_eq!(ws.root_of(&p("/m/shared.vast"), &none), p("/m/a.vast"));
        let open = [p("/m/b.vast")].into();
        assert_eq!(ws.root_of(&p("/m/shared.vast"), &open), p("/m/b.vast"));
        assert_eq!(ws.root_of(&p("/m/other.vast"), &none), p("/m/other.vast"));
    }
}
