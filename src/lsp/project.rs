//! A project: one root model resolved with the editor's unsaved texts, the
//! names in it ([`Index`]) and, once the analysis has run, its threats and
//! warnings. A change to any of its files makes it dirty; the server
//! resolves it again, whole (a 10,000-element model resolves in about a
//! quarter of a second, see `benches/lsp.rs`), before it answers the next
//! request or when the client has nothing more to say.

use super::index::{Def, Index};
use super::position::LineIndex;
use crate::analysis::Analysis;
use crate::resolve::{self, Resolved};
use crate::source::{FileId, Overlay};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// How a project is named.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    /// A root model on disk (canonical path).
    Path(PathBuf),
    /// An editor buffer with no file (its URI): checked alone, no includes.
    Memory(String),
}

/// One resolved root model.
pub struct Project {
    pub key: Key,
    pub resolved: Arc<Resolved>,
    /// Bumped at each resolve; an analysis of an older one is dropped.
    pub generation: u64,
    /// The analysis of this generation, when it has run (never with errors).
    pub analysis: Option<Arc<Analysis>>,
    pub index: Index,
    /// The IDs completion offers: those of this resolve, and while the
    /// text has syntax errors (it is being typed, and recovery may have
    /// dropped declarations) those of the resolves before it too.
    pub known: BTreeMap<String, Def>,
    /// Each file's line starts, made on first use.
    lines: Vec<OnceLock<LineIndex>>,
    pub dirty: bool,
}

impl Project {
    /// A project not resolved yet.
    pub fn new(key: Key) -> Self {
        Project {
            key,
            resolved: Arc::new(resolve::resolve_str("", "")),
            generation: 0,
            analysis: None,
            index: Index::default(),
            known: BTreeMap::new(),
            lines: Vec::new(),
            dirty: true,
        }
    }

    /// Resolves the project again; `memory_text` is the text of a
    /// [`Key::Memory`] project.
    pub fn resolve(
        &mut self,
        overlay: &Overlay,
        memory_text: Option<(&str, &str)>,
        generation: u64,
    ) {
        let resolved = match (&self.key, memory_text) {
            (Key::Path(p), _) => resolve::resolve_overlaid(p, overlay),
            (Key::Memory(_), Some((name, text))) => resolve::resolve_str(name, text),
            (Key::Memory(_), None) => resolve::resolve_str("", ""),
        };
        self.index = Index::new(resolved.trees());
        let syntax_errors = resolved
            .diags
            .iter()
            .any(|d| d.is_error() && d.code.starts_with("vast::syntax::"));
        if !syntax_errors {
            self.known.clear();
        }
        for (id, def) in &self.index.defs {
            self.known.insert(id.clone(), def.clone());
        }
        self.lines = (0..resolved.sources().files.len())
            .map(|_| OnceLock::new())
            .collect();
        self.resolved = Arc::new(resolved);
        self.analysis = None;
        self.generation = generation;
        self.dirty = false;
    }

    /// The text of one of its files.
    pub fn text(&self, file: FileId) -> &str {
        self.resolved
            .sources()
            .get(file)
            .map(|f| &f.text[..])
            .unwrap_or("")
    }

    /// The line starts of one of its files.
    pub fn lines(&self, file: FileId) -> Option<&LineIndex> {
        let text = self.text(file);
        Some(self.lines.get(file)?.get_or_init(|| LineIndex::new(text)))
    }

    /// The file of this project at a canonical path.
    pub fn file_at(&self, path: &std::path::Path) -> Option<FileId> {
        self.resolved
            .sources()
            .files
            .iter()
            .position(|f| f.path == path)
    }

    /// Whether it reads the file at a canonical path.
    pub fn has(&self, path: &std::path::Path) -> bool {
        self.file_at(path).is_some()
    }

    /// Threats and warnings may be computed: the model has no errors.
    pub fn analysable(&self) -> bool {
        !self.resolved.has_errors()
    }
}
