//! Atomic output: each file is written to a temporary sibling and renamed
//! into place, so a failed or interrupted build leaves earlier outputs whole.
//! The next build removes what a killed one left (its temporary files) and
//! the diagrams it no longer writes.

use std::io::Write;
use std::path::Path;

/// Bytes of the output buffer between writes to a file: large outputs are
/// written as they are rendered, never held whole.
const BUFFER: usize = 1 << 18;

/// An output rendered by `write` as text (tests, `vastc build` without a
/// directory). The writers write UTF-8 only.
pub fn text(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    if write(&mut out).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Writes `contents` to `path` through a temporary file and a rename.
pub fn atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    atomic_with(path, |w| w.write_all(contents))
}

/// Writes what `write` renders to `path` through a buffered temporary file
/// and a rename, so that an output is never held whole in memory.
pub fn atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let f = std::fs::File::create(&tmp)?;
        // No fsync: the rename is what keeps earlier outputs whole when a
        // build fails; flushing every file to disk would cost more than the
        // build (outputs can always be rebuilt from the model).
        let mut w = std::io::BufWriter::with_capacity(BUFFER, f);
        write(&mut w)?;
        w.flush()?;
        drop(w);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The process id in a temporary file's name `.NAME.tmp-PID`, if it is one.
fn temp_pid(name: &str) -> Option<u32> {
    let (_, pid) = name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    pid.parse().ok()
}

/// Is the process `pid` still running (it may be writing its temporary file)?
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // Signal 0 only checks that the process exists.
        // SAFETY: kill with signal 0 sends nothing and touches no memory.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        alive || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Removes the temporary files (`.NAME.tmp-PID`) that builds killed before
/// their rename left in `dir`; those of running processes stay. Only
/// regular files of that exact pattern are touched.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if regular && temp_pid(&name).is_some_and(|pid| !running(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes the diagrams a build of this model wrote earlier but no longer
/// writes (an app or scenario renamed or removed): regular files named
/// `app-*.svg` or `scenario-*.svg` in `dir` that are not in `written`.
/// No other file is ever removed.
pub fn remove_stale_diagrams(dir: &Path, written: &std::collections::BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours =
            (name.starts_with("app-") || name.starts_with("scenario-")) && name.ends_with(".svg");
        let regular = entry.file_type().is_ok_and(|t| t.is_file());
        if ours && regular && !written.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names() {
        assert_eq!(temp_pid(".report.html.tmp-123"), Some(123));
        assert_eq!(temp_pid("report.html.tmp-123"), None);
        assert_eq!(temp_pid(".report.html.tmp-x"), None);
    }
}
