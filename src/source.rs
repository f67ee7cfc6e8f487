//! Source files of one build: the root model and everything it includes.
//!
//! Every span in the compiler is a [`Span`]: a file id plus a byte range, so a
//! diagnostic or a threat can point at the declaration it is about in any of
//! the included files. An [`Overlay`] supplies texts that replace files on
//! disk (an editor's unsaved buffers).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Index of a file in a [`SourceMap`].
pub type FileId = usize;

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The smallest span covering both (same file assumed).
    pub fn to(&self, other: Span) -> Span {
        Span::new(
            self.file,
            self.start.min(other.start),
            self.end.max(other.end),
        )
    }
}

/// One loaded source file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Name shown to users: relative to the root model's directory, `/`-separated.
    pub name: String,
    /// Path on disk (never printed in outputs).
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Byte offset of each line's start, computed on first use: outputs
    /// locate every threat, so a scan from the file's start per lookup
    /// would make them quadratic.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // The last line start at or before the offset.
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .text
            .get(line_start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line, col)
    }
}

/// All files of a build, indexed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, name: String, path: PathBuf, text: impl Into<Arc<str>>) -> FileId {
        self.files.push(SourceFile {
            name,
            path,
            text: text.into(),
            line_starts: OnceLock::new(),
        });
        self.files.len() - 1
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id)
    }

    pub fn text(&self, span: Span) -> &str {
        self.files
            .get(span.file)
            .and_then(|f| f.text.get(span.range()))
            .unwrap_or("")
    }

    /// `file:line:column` of a span's start, as users read it.
    pub fn location(&self, span: Span) -> (String, usize, usize) {
        match self.files.get(span.file) {
            Some(f) => {
                let (l, c) = f.line_col(span.start);
                (f.name.clone(), l, c)
            }
            None => (String::new(), 0, 0),
        }
    }
}

/// Texts read instead of files on disk: an editor's unsaved buffers. A
/// build that meets one of these paths (the root model or an include) takes
/// its text from here; whether the file may be read at all (inside the root
/// model's directory, a regular file) is still decided on disk.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    texts: BTreeMap<PathBuf, Arc<str>>,
}

impl Overlay {
    /// Sets the text of `path` (made canonical when it exists, so it matches
    /// the paths the loader reaches through symlinks and `..`).
    pub fn insert(&mut self, path: &Path, text: impl Into<Arc<str>>) {
        self.texts.insert(canonical(path), text.into());
    }

    /// Forgets the text of `path`: the file on disk is read again.
    pub fn remove(&mut self, path: &Path) {
        self.texts.remove(&canonical(path));
    }

    /// The text of a canonical `path`, if the overlay holds one.
    pub fn get(&self, path: &Path) -> Option<&Arc<str>> {
        self.texts.get(path)
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_in_characters() {
        let mut map = SourceMap::default();
        let id = map.add("a.vast".into(), PathBuf::new(), "ab\n\nçé x\n");
        let f = map.get(id).expect("file");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(2), (1, 3));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(4), (3, 1));
        // `x` is after two two-byte characters and a space.
        assert_eq!(f.line_col(9), (3, 4));
        assert_eq!(f.line_col(10), (3, 5));
        assert_eq!(f.line_col(11), (4, 1));
        assert_eq!(f.line_col(999), (4, 1));
    }
}
