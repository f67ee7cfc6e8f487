//! Waiting for a model to change, for `vastc watch` and `vastc serve`: the
//! model's directory is watched with the operating system's file events
//! (the `notify` crate: inotify, FSEvents, ReadDirectoryChangesW), since
//! every file a build may read (the root and its includes) lies below it.
//! A change is a `.vast` file (or the root, whatever its name) created,
//! written, renamed or removed; editors that save by writing a new file
//! and renaming it over the old one count once. Changes are debounced: a
//! wait returns when no further change came for a quiet period, so a save
//! of several files rebuilds once.

use notify::{Event, EventKind, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Watches a model's directory.
pub struct Watcher {
    // Kept alive: dropping it stops the events.
    _inner: notify::RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
}

impl Watcher {
    /// Starts watching the directory of the model file `model`, recursively.
    pub fn new(model: &Path) -> notify::Result<Watcher> {
        let root = std::fs::canonicalize(model).map_err(notify::Error::io)?;
        let dir = root
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let (tx, events) = channel();
        let mut inner = notify::recommended_watcher(move |e| {
            // The receiver is gone only when the watcher is being dropped.
            let _ = tx.send(e);
        })?;
        inner.watch(&dir, RecursiveMode::Recursive)?;
        Ok(Watcher {
            _inner: inner,
            events,
            root,
        })
    }

    /// Is this event a change to a file the model may read?
    fn relevant(&self, e: &Event) -> bool {
        matches!(
            e.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
        ) && e.paths.iter().any(|p| {
            p.extension().is_some_and(|x| x == "vast") || p.file_name() == self.root.file_name()
        })
    }

    /// Blocks until the model's files change, then until `quiet` passes
    /// without another change to them. Returns false when the watch has ended (the
    /// operating system closed it); errors of single events are ignored.
    pub fn wait(&self, quiet: Duration) -> bool {
        loop {
            match self.events.recv() {
                Ok(Ok(e)) if self.relevant(&e) => break,
                Ok(_) => continue,
                Err(_) => return false,
            }
        }
        // Only further changes to model files restart the quiet period:
        // reads of the outputs (a browser, a test) must not hold it off.
        let mut until = Instant::now() + quiet;
        loop {
            match self
                .events
                .recv_timeout(until.saturating_duration_since(Instant::now()))
            {
                Ok(Ok(e)) if self.relevant(&e) => until = Instant::now() + quiet,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return true,
                Err(RecvTimeoutError::Disconnected) => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_to_an_include_wakes_the_watcher_once() {
        let dir = std::env::temp_dir().join(format!("vastc-watch-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("parts")).unwrap();
        std::fs::write(dir.join("model.vast"), "include \"parts/a.vast\"\n").unwrap();
        std::fs::write(dir.join("parts/a.vast"), "").unwrap();
        let w = Watcher::new(&dir.join("model.vast")).unwrap();
        let writer = {
            let dir = dir.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(100));
                // Not a model file: ignored.
                std::fs::write(dir.join("notes.txt"), "x").unwrap();
                std::thread::sleep(Duration::from_millis(100));
                std::fs::write(dir.join("parts/a.vast"), "// changed\n").unwrap();
                std::fs::write(dir.join("parts/a.vast"), "// changed again\n").unwrap();
            })
        };
        let started = std::time::Instant::now();
        assert!(w.wait(Duration::from_millis(100)));
        // Woken by the include, not by the note written 100 ms earlier.
        assert!(started.elapsed() >= Duration::from_millis(200));
        writer.join().unwrap();
        // Both writes were one change: nothing is left to wake it.
        assert!(
            w.events
                .recv_timeout(Duration::from_millis(200))
                .map(|e| !w.relevant(&e.unwrap()))
                .unwrap_or(true)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
