//! The server loop: the protocol's lifecycle (`initialize`, `shutdown`,
//! `exit`), the open documents, and each request sent to its feature.
//!
//! One thread reads the client's messages ([`super::transport`]) into a
//! channel; this one answers them in order. A change only marks the
//! projects that read the file dirty: they are resolved again before the
//! next request that needs them, or as soon as the client has sent
//! everything it had, so a burst of keystrokes costs one resolve. The
//! analysis (threats, warnings) of a large model runs on its own thread and
//! is dropped when the model changed meanwhile. A handler that fails
//! answers with an error and the server goes on.

use super::documents::Documents;
use super::project::{Key, Project};
use super::transport::{self, Incoming};
use super::workspace::Workspace;
use super::{diagnostics, features, uri};
use crate::analysis::Analysis;
use crate::source::FileId;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types::{Diagnostic, PublishDiagnosticsParams, Uri};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError};

/// Models up to this many elements and flows are analysed at once; larger
/// ones on another thread, so requests are answered meanwhile.
const ANALYSE_INLINE: usize = 2_000;

/// What the loop waits for.
pub enum Event {
    Incoming(Incoming),
    /// The client closed its end.
    Closed,
    /// An analysis finished (`None`: it failed).
    Analysed {
        key: Key,
        generation: u64,
        analysis: Option<Box<Analysis>>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Starting,
    Running,
    ShuttingDown,
}

/// The server's state.
pub struct Server<W: Write> {
    out: W,
    events: Sender<Event>,
    phase: Phase,
    pub(super) docs: Documents,
    workspace: Workspace,
    projects: BTreeMap<Key, Project>,
    /// Documents whose root model (from the include graph) turned out not
    /// to include them: checked alone.
    detached: BTreeSet<PathBuf>,
    published: BTreeMap<String, (Uri, Vec<Diagnostic>)>,
    generation: u64,
}

/// A request failed: its error code and message.
pub type Failure = (ErrorCode, String);

impl<W: Write> Server<W> {
    pub fn new(out: W, events: Sender<Event>) -> Self {
        Server {
            out,
            events,
            phase: Phase::Starting,
            docs: Documents::default(),
            workspace: Workspace::default(),
            projects: BTreeMap::new(),
            detached: BTreeSet::new(),
            published: BTreeMap::new(),
            generation: 0,
        }
    }

    /// Answers events until `exit`; returns the exit status (0 after a
    /// `shutdown`, else 1).
    pub fn run(&mut self, events: &Receiver<Event>) -> i32 {
        loop {
            let event = match events.try_recv() {
                Ok(e) => e,
                Err(TryRecvError::Empty) => {
                    // Nothing more from the client: bring diagnostics up to date.
                    let flushed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.flush();
                    }));
                    if flushed.is_err() {
                        log("internal error while checking the open documents");
                    }
                    match events.recv() {
                        Ok(e) => e,
                        Err(_) => return 1,
                    }
                }
                Err(TryRecvError::Disconnected) => return 1,
            };
            match event {
                Event::Closed => return 1,
                Event::Incoming(Incoming::Malformed(why)) => {
                    log(&format!("malformed message: {why}"));
                    self.io(|out| transport::write_parse_error(out, &why));
                }
                Event::Incoming(Incoming::Message(Message::Request(r))) => self.request(r),
                Event::Incoming(Incoming::Message(Message::Response(_))) => {}
                Event::Incoming(Incoming::Message(Message::Notification(n))) => {
                    if n.method == "exit" {
                        return if self.phase == Phase::ShuttingDown {
                            0
                        } else {
                            1
                        };
                    }
                    self.notification(n);
                }
                Event::Analysed {
                    key,
                    generation,
                    analysis,
                } => {
                    let Some(p) = self.projects.get_mut(&key) else {
                        continue;
                    };
                    p.analysing = false;
                    if p.generation == generation {
                        p.analysis = analysis.map(Arc::from);
                        self.publish();
                    } else if p.analysable() && !p.dirty {
                        // The model changed meanwhile: analyse what it is now.
                        self.analyse(&key);
                    }
                }
            }
        }
    }

    fn io(&mut self, f: impl FnOnce(&mut W) -> std::io::Result<()>) {
        if let Err(e) = f(&mut self.out) {
            log(&format!("cannot write to the client: {e}"));
        }
    }

    fn send(&mut self, m: Message) {
        self.io(|out| transport::write(out, &m));
    }

    fn request(&mut self, r: Request) {
        let id = r.id.clone();
        let result = match (self.phase, r.method.as_str()) {
            (Phase::Starting, "initialize") => {
                self.phase = Phase::Running;
                Ok(self.initialize(&r.params))
            }
            (Phase::Starting, _) => Err((
                ErrorCode::ServerNotInitialized,
                "the server is not initialized".to_string(),
            )),
            (Phase::ShuttingDown, _) => Err((
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_string(),
            )),
            (Phase::Running, "initialize") => Err((
                ErrorCode::InvalidRequest,
                "the server is already initialized".to_string(),
            )),
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShuttingDown;
                Ok(Value::Null)
            }
            (Phase::Running, method) => {
                let method = method.to_string();
                let params = r.params;
                // A bug in a feature must not end the editor's session.
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    features::request(self, &method, params)
                })) {
                    Ok(r) => r,
                    Err(_) => Err((
                        ErrorCode::InternalError,
                        format!("internal error answering {method}"),
                    )),
                }
            }
        };
        self.respond(id, result);
    }

    fn respond(&mut self, id: RequestId, result: Result<Value, Failure>) {
        let response = match result {
            Ok(v) => Response {
                id,
                response_result: Ok(v),
            },
            Err((code, message)) => {
                log(&message);
                Response {
                    id,
                    response_result: Err(ResponseError {
                        code: code as i32,
                        message,
                        data: None,
                    }),
                }
            }
        };
        self.send(Message::Response(response));
    }

    fn initialize(&mut self, params: &Value) -> Value {
        let mut folders: Vec<PathBuf> = params
            .get("workspaceFolders")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|f| f.get("uri")?.as_str()?.parse::<Uri>().ok())
            .filter_map(|u| uri::to_path(&u))
            .collect();
        if folders.is_empty()
            && let Some(root) = params
                .get("rootUri")
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<Uri>().ok())
                .and_then(|u| uri::to_path(&u))
        {
            folders.push(root);
        }
        self.workspace = Workspace::scan(&folders);
        features::capabilities()
    }

    fn notification(&mut self, n: Notification) {
        if self.phase == Phase::Starting {
            return;
        }
        let method = n.method.clone();
        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            features::notification(self, &method, n.params)
        }));
        match done {
            Ok(Ok(())) => {}
            Ok(Err(why)) => log(&format!("{method}: {why}")),
            Err(_) => log(&format!("internal error handling {method}")),
        }
    }

    /// A document's text changed (opened, edited, closed): the projects
    /// that read it are dirty.
    pub(super) fn touched(&mut self, path: Option<&PathBuf>, uri: &Uri) {
        for p in self.projects.values_mut() {
            let hit = match (&p.key, path) {
                (Key::Memory(u), _) => u == uri.as_str(),
                (Key::Path(_), Some(path)) => p.has(path),
                (Key::Path(_), None) => false,
            };
            p.dirty |= hit;
        }
        if let Some(path) = path {
            self.detached.remove(path);
        }
    }

    /// Forces diagnostics of a URI to be sent again (a newly opened file).
    pub(super) fn forget_published(&mut self, uri: &Uri) {
        self.published.remove(uri.as_str());
    }

    /// The project key of each open document.
    fn wanted(&self) -> BTreeMap<String, Key> {
        let open = self.docs.paths();
        self.docs
            .iter()
            .map(|d| {
                let key = match &d.path {
                    Some(p) if self.detached.contains(p) => Key::Path(p.clone()),
                    Some(p) => Key::Path(self.workspace.root_of(p, &open)),
                    None => Key::Memory(d.uri.as_str().to_string()),
                };
                (d.uri.as_str().to_string(), key)
            })
            .collect()
    }

    /// Resolves every dirty project, makes and drops projects as documents
    /// come and go, and publishes what changed.
    pub fn flush(&mut self) {
        let mut changed = false;
        for _round in 0..2 {
            let wanted = self.wanted();
            let keys: BTreeSet<&Key> = wanted.values().collect();
            let before = self.projects.len();
            self.projects.retain(|k, _| keys.contains(k));
            changed |= self.projects.len() != before;
            for k in keys {
                if !self.projects.contains_key(k) {
                    self.projects.insert(k.clone(), Project::new(k.clone()));
                }
            }
            let dirty: Vec<Key> = self
                .projects
                .iter()
                .filter(|(_, p)| p.dirty)
                .map(|(k, _)| k.clone())
                .collect();
            if dirty.is_empty() {
                break;
            }
            changed = true;
            for key in dirty {
                self.resolve(&key);
            }
            // A document its root did not include after all is checked alone.
            let mut again = false;
            for (uri, key) in &wanted {
                let Some(path) = self
                    .docs
                    .iter()
                    .find(|d| d.uri.as_str() == uri)
                    .and_then(|d| d.path.clone())
                else {
                    continue;
                };
                if let Some(p) = self.projects.get(key)
                    && !p.has(&path)
                    && self.detached.insert(path)
                {
                    again = true;
                }
            }
            if !again {
                break;
            }
        }
        if changed {
            self.publish();
        }
    }

    fn resolve(&mut self, key: &Key) {
        self.generation += 1;
        let generation = self.generation;
        let memory = match key {
            Key::Memory(u) => self
                .docs
                .iter()
                .find(|d| d.uri.as_str() == u)
                .map(|d| (memory_name(&d.uri), Arc::clone(&d.text))),
            Key::Path(_) => None,
        };
        let Some(p) = self.projects.get_mut(key) else {
            return;
        };
        let started = std::time::Instant::now();
        p.resolve(
            &self.docs.overlay,
            memory.as_ref().map(|(n, t)| (n.as_str(), &t[..])),
            generation,
        );
        let took = started.elapsed();
        if took.as_millis() > 100 {
            log(&format!("resolved {key:?} in {} ms", took.as_millis()));
        }
        self.workspace.update(&p.resolved);
        if !p.analysable() {
            return;
        }
        let model = &p.resolved.model;
        if model.elements.len() + model.flows.len() <= ANALYSE_INLINE {
            let today = crate::model::Date::today();
            p.analysis = Some(Arc::new(crate::analysis::analyze(model, today)));
            return;
        }
        if !p.analysing {
            self.analyse(key);
        }
    }

    /// Starts the analysis of a project on its own thread; one at a time
    /// per project (an edit meanwhile starts the next when it ends).
    fn analyse(&mut self, key: &Key) {
        let Some(p) = self.projects.get_mut(key) else {
            return;
        };
        p.analysing = true;
        let resolved = Arc::clone(&p.resolved);
        let generation = p.generation;
        let events = self.events.clone();
        let key = key.clone();
        let today = crate::model::Date::today();
        let spawned = std::thread::Builder::new()
            .name("vastc-analysis".into())
            .spawn(move || {
                let analysis = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    crate::analysis::analyze(&resolved.model, today)
                }));
                if analysis.is_err() {
                    log("internal error in the analysis");
                }
                let _ = events.send(Event::Analysed {
                    key,
                    generation,
                    analysis: analysis.ok().map(Box::new),
                });
            });
        if let Err(e) = spawned {
            p.analysing = false;
            log(&format!("cannot start the analysis: {e}"));
        }
    }

    /// The project an open document is checked in, resolved, and the
    /// document's file in it.
    pub(super) fn locate(&mut self, uri: &Uri) -> Option<(Key, FileId)> {
        self.flush();
        let doc = self.docs.get(uri)?;
        let key = self.wanted().remove(uri.as_str())?;
        let p = self.projects.get(&key)?;
        let file = match (&key, &doc.path) {
            (Key::Memory(_), _) => 0,
            (Key::Path(_), Some(path)) => p.file_at(path)?,
            (Key::Path(_), None) => return None,
        };
        Some((key, file))
    }

    pub(super) fn project(&self, key: &Key) -> Option<&Project> {
        self.projects.get(key)
    }

    /// The URI of a file of a project: the open document's own URI when
    /// it is open.
    pub(super) fn uri_of(&self, p: &Project, file: FileId) -> Option<Uri> {
        if let Key::Memory(u) = &p.key {
            return (file == 0).then(|| u.parse().ok()).flatten();
        }
        let path = &p.resolved.sources().get(file)?.path;
        match self.docs.at_path(path) {
            Some(d) => Some(d.uri.clone()),
            None => uri::from_path(path),
        }
    }

    /// Sends the diagnostics that changed since they were last sent.
    fn publish(&mut self) {
        let mut now: BTreeMap<String, (Uri, Vec<Diagnostic>)> = BTreeMap::new();
        for d in self.docs.iter() {
            now.insert(d.uri.as_str().to_string(), (d.uri.clone(), Vec::new()));
        }
        let uri_of = |p: &Project, f: FileId| self.uri_of(p, f);
        for p in self.projects.values() {
            for (file, diags) in diagnostics::of_project(p, &uri_of) {
                let Some(uri) = self.uri_of(p, file) else {
                    continue;
                };
                let entry = now
                    .entry(uri.as_str().to_string())
                    .or_insert_with(|| (uri, Vec::new()));
                for d in diags {
                    if !entry.1.contains(&d) {
                        entry.1.push(d);
                    }
                }
            }
        }
        let gone: Vec<(String, Uri)> = self
            .published
            .iter()
            .filter(|(k, _)| !now.contains_key(*k))
            .map(|(k, (u, _))| (k.clone(), u.clone()))
            .collect();
        let mut out = Vec::new();
        for (k, u) in gone {
            self.published.remove(&k);
            out.push((u, Vec::new()));
        }
        for (k, (u, diags)) in now {
            if self.published.get(&k).is_some_and(|(_, d)| *d == diags) {
                continue;
            }
            self.published.insert(k, (u.clone(), diags.clone()));
            out.push((u, diags));
        }
        for (uri, diagnostics) in out {
            let version = self.docs.get(&uri).map(|d| d.version);
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            };
            self.send(Message::Notification(Notification::new(
                "textDocument/publishDiagnostics".into(),
                params,
            )));
        }
    }
}

/// The name an unsaved buffer is shown by in diagnostics.
fn memory_name(uri: &Uri) -> String {
    let s = uri.as_str();
    s.rsplit(['/', ':']).next().unwrap_or(s).to_string()
}

/// A line of the server's log (stderr, which editors show as its output).
pub fn log(line: &str) {
    eprintln!("vastc lsp: {}", crate::diagnostic::terminal::escape(line));
}
