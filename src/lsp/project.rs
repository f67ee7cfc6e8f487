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
    /// The names, indexed on first use: diagnostics need none, so an edit
    /// costs only the resolve until a request comes.
    index: OnceLock<Index>,
    /// The IDs completion offers: those of this resolve, and while the
    /// text has syntax errors (it is being typed, and recovery may have
    /// dropped declarations) those known before too.
    known: OnceLock<BTreeMap<String, Def>>,
    /// The IDs known before this resolve.
    known_before: BTreeMap<String, Def>,
    /// Each file's line starts, made on first use.
    lines: Vec<OnceLock<LineIndex>>,
    pub dirty: bool,
    /// An analysis of it runs on another thread.
    pub analysing: bool,
}

impl Project {
    /// A project not resolved yet.
    pub fn new(key: Key) -> Self {
        Project {
            key,
            resolved: Arc::new(resolve::resolve_str("", "")),
            generation: 0,
            analysis: None,
            index: OnceLock::new(),
            known: OnceLock::new(),
            known_before: BTreeMap::new(),
            lines: Vec::new(),
            dirty: true,
            analysing: false,
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
        // While the text has syntax errors, completion keeps offering the
        // IDs known before (indexing the previous resolve if no request had).
        self.known_before = if syntax_errors(&resolved) {
            self.known().clone()
        } else {
            BTreeMap::new()
        };
        self.known = OnceLock::new();
        self.index = OnceLock::new();
        self.lines = (0..resolved.sources().files.len())
            .map(|_| OnceLock::new())
            .collect();
        let old = std::mem::replace(&mut self.resolved, Arc::new(resolved));
        // Freeing a large model's trees takes a good part of a resolve:
        // not while the editor waits.
        if Arc::strong_count(&old) == 1 {
            let _ = std::thread::Builder::new()
                .name("vastc-free".into())
                .spawn(move || drop(old));
        }
        self.analysis = None;
        self.generation = generation;
        self.dirty = false;
    }

    /// The names of the project.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::new(self.resolved.trees()))
    }

    /// The IDs completion offers.
    pub fn known(&self) -> &BTreeMap<String, Def> {
        self.known.get_or_init(|| {
            let mut known = self.known_before.clone();
            for (id, def) in &self.index().defs {
                known.insert(id.clone(), def.clone());
            }
            known
        })
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

fn syntax_errors(r: &Resolved) -> bool {
    r.diags
        .iter()
        .any(|d| d.is_error() && d.code.starts_with("vast::syntax::"))
}
