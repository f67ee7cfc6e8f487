//! The documents the editor has open: their text as last sent (unsaved
//! changes included), version and path, and the [`Overlay`] of those texts
//! that every resolve reads instead of the files on disk.

use super::position::LineIndex;
use super::uri;
use crate::source::Overlay;
use lsp_types::Uri;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One open document.
pub struct Doc {
    pub uri: Uri,
    pub version: i32,
    pub text: Arc<str>,
    /// Canonical path when it is a file on disk (else it is checked alone).
    pub path: Option<PathBuf>,
    pub lines: LineIndex,
}

/// The open documents, by URI.
#[derive(Default)]
pub struct Documents {
    docs: BTreeMap<String, Doc>,
    pub overlay: Overlay,
}

impl Documents {
    /// Opens a document or replaces its text.
    pub fn set(&mut self, uri: Uri, version: i32, text: String) {
        let path = uri::to_path(&uri)
            .filter(|p| p.is_file())
            .map(|p| std::fs::canonicalize(&p).unwrap_or(p));
        let text: Arc<str> = text.into();
        if let Some(p) = &path {
            self.overlay.insert(p, Arc::clone(&text));
        }
        let lines = LineIndex::new(&text);
        self.docs.insert(
            uri.as_str().to_string(),
            Doc {
                uri,
                version,
                text,
                path,
                lines,
            },
        );
    }

    /// Closes a document: its file is read from disk again.
    pub fn close(&mut self, uri: &Uri) -> Option<Doc> {
        let doc = self.docs.remove(uri.as_str())?;
        if let Some(p) = &doc.path {
            self.overlay.remove(p);
        }
        Some(doc)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Doc> {
        self.docs.get(uri.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Doc> {
        self.docs.values()
    }

    /// The open document of a canonical path.
    pub fn at_path(&self, path: &Path) -> Option<&Doc> {
        self.docs.values().find(|d| d.path.as_deref() == Some(path))
    }

    /// The canonical paths of the open documents.
    pub fn paths(&self) -> BTreeSet<PathBuf> {
        self.docs.values().filter_map(|d| d.path.clone()).collect()
    }
}
