//! A model as it was at a git revision, for `vastc diff REV MODEL`: the
//! `.vast` files of the model's directory at that revision are written to a
//! private temporary directory ([`Snapshot`]), so the model and its includes
//! compile exactly as they did then, under the same confinement and limits
//! as the working copy.
//!
//! Git is run as the `git` binary (found on `PATH`) with explicit arguments,
//! never through a shell: every machine that has a repository has it, it
//! reads every repository format and configuration the user's own git
//! reads (worktrees, alternates, partial clones, `safe.directory`), and it
//! adds no C library or large crate to the build. Only plumbing commands
//! that read objects run (`rev-parse`, `ls-tree`, `cat-file`); none reads
//! the index or the work tree, so a repository's hooks and file-system
//! monitor never start.

use crate::resolve::{MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// Why a revision could not be read.
#[derive(Debug)]
pub enum Error {
    /// `git` could not be started.
    NoGit(std::io::Error),
    /// The path is not in a git work tree.
    NotARepository(PathBuf, String),
    /// The revision names no commit.
    BadRevision(String, String),
    /// The model is not in that revision.
    Missing(String, String),
    /// Too many or too large files, or a git command failed.
    Other(String),
    /// The temporary copy could not be written.
    Io(std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NoGit(e) => write!(f, "cannot run git: {e}"),
            Error::NotARepository(p, why) => {
                write!(f, "{} is not in a git work tree: {why}", p.display())
            }
            Error::BadRevision(r, why) => write!(f, "`{r}` names no commit: {why}"),
            Error::Missing(r, p) => write!(f, "{p} does not exist at revision {r}"),
            Error::Other(why) => f.write_str(why),
            Error::Io(e) => write!(f, "cannot write the model of the revision: {e}"),
        }
    }
}

/// The model's files at one revision, in a temporary directory removed on
/// drop. [`Snapshot::path`] is where the model (file or directory) is.
#[derive(Debug)]
pub struct Snapshot {
    dir: PathBuf,
    path: PathBuf,
    /// The commit the revision named.
    pub commit: String,
}

impl Snapshot {
    /// The model file (or directory) of the revision.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    // Pathspecs are paths, never globs or magic; no pager, no prompts.
    c.arg("--literal-pathspecs")
        .arg("--no-pager")
        .arg("-C")
        .arg(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    c
}

/// Runs a git command to its end; its standard output, or its error text.
fn run(mut c: Command) -> Result<Vec<u8>, Result<String, std::io::Error>> {
    let out = c.output().map_err(Err)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(Ok(err
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()))
    }
}

/// Checks a revision as the user typed it: no option (`-x`) and no control
/// characters, so it can only be read as a revision.
fn plain_revision(rev: &str) -> bool {
    !rev.is_empty() && !rev.starts_with('-') && !rev.chars().any(char::is_control)
}

/// The model at `path` (a file or a directory of models, as it is now in
/// the work tree) as it was at revision `rev`: the `.vast` files under the
/// model's directory at that revision, written to a temporary directory.
/// Symbolic links and submodules in the revision are left out, as a build
/// of a directory leaves them out; the file and size limits of a build
/// apply.
pub fn snapshot(path: &Path, rev: &str) -> Result<Snapshot, Error> {
    let repo = Repo::open(path)?;
    let commit = repo.commit(rev)?;
    let files = repo.files(&commit)?;
    if !repo.has_model(&files) {
        return Err(Error::Missing(rev.to_string(), slash(&repo.rel_model)));
    }
    repo.write(&commit, &files)
}

/// The repository a model is in, and where the model is in it.
#[derive(Debug)]
pub struct Repo {
    top: PathBuf,
    /// The model's directory, relative to the top.
    rel_dir: PathBuf,
    /// The model (file or directory), relative to the top.
    rel_model: PathBuf,
    is_dir: bool,
}

/// A commit that changed the model's directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    /// Committer time, seconds since 1970-01-01 UTC.
    pub time: i64,
}

/// The model files of one commit (see [`Repo::files`]).
pub struct Files(Vec<Entry>);

impl Files {
    /// Equal keys, equal files: each file's path and object ID.
    pub fn key(&self) -> String {
        self.0
            .iter()
            .map(|e| format!("{} {}\n", e.object, slash(&e.path)))
            .collect()
    }
}

impl Repo {
    /// The repository of the work tree `path` (a model file or directory)
    /// is in.
    pub fn open(path: &Path) -> Result<Repo, Error> {
        let abs = std::fs::canonicalize(path).map_err(Error::Io)?;
        let is_dir = abs.is_dir();
        let dir = if is_dir {
            abs.clone()
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let mut top = git(&dir);
        top.args(["rev-parse", "--show-toplevel"]);
        let top = match run(top) {
            Ok(o) => PathBuf::from(String::from_utf8_lossy(&o).trim_end_matches('\n')),
            Err(Err(e)) => return Err(Error::NoGit(e)),
            Err(Ok(why)) => return Err(Error::NotARepository(dir, why)),
        };
        let top = std::fs::canonicalize(&top).map_err(Error::Io)?;
        let rel_dir = dir
            .strip_prefix(&top)
            .map_err(|_| Error::NotARepository(dir.clone(), "outside the work tree".into()))?
            .to_path_buf();
        let rel_model = abs.strip_prefix(&top).unwrap_or(&abs).to_path_buf();
        Ok(Repo {
            top,
            rel_dir,
            rel_model,
            is_dir,
        })
    }

    /// The commit a revision names.
    pub fn commit(&self, rev: &str) -> Result<String, Error> {
        if !plain_revision(rev) {
            return Err(Error::BadRevision(
                rev.to_string(),
                "a revision is a branch, tag or commit name".into(),
            ));
        }
        resolve_commit(&self.top, rev)
    }

    /// The model files at `commit`.
    pub fn files(&self, commit: &str) -> Result<Files, Error> {
        list(&self.top, commit, &self.rel_dir).map(Files)
    }

    /// Does the model itself exist among `files`?
    pub fn has_model(&self, files: &Files) -> bool {
        self.is_dir || files.0.iter().any(|e| e.path == self.rel_model)
    }

    /// Writes `files` to a new temporary directory.
    pub fn write(&self, commit: &str, files: &Files) -> Result<Snapshot, Error> {
        let tmp = temp_dir()?;
        let snap = Snapshot {
            path: tmp.join(&self.rel_model),
            dir: tmp,
            commit: commit.to_string(),
        };
        std::fs::create_dir_all(snap.dir.join(&self.rel_dir)).map_err(Error::Io)?;
        write_blobs(&self.top, &files.0, &snap.dir)?;
        Ok(snap)
    }

    /// Up to `max` commits reachable from HEAD along first parents that
    /// changed the model's directory, newest first.
    pub fn log(&self, max: usize) -> Result<Vec<Commit>, Error> {
        // A repository without commits has no history.
        let mut head = git(&self.top);
        head.args(["rev-parse", "--verify", "--quiet", "HEAD"]);
        match run(head) {
            Ok(_) => {}
            Err(Err(e)) => return Err(Error::NoGit(e)),
            Err(Ok(_)) => return Ok(Vec::new()),
        }
        let mut c = git(&self.top);
        c.args([
            "log",
            "--first-parent",
            "--format=%H %ct",
            "--no-show-signature",
        ])
        .arg(format!("--max-count={max}"))
        .arg("HEAD");
        if !self.rel_dir.as_os_str().is_empty() {
            c.arg("--").arg(&self.rel_dir);
        }
        let out = match run(c) {
            Ok(o) => o,
            Err(Err(e)) => return Err(Error::NoGit(e)),
            Err(Ok(why)) => return Err(Error::Other(format!("git log: {why}"))),
        };
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .filter_map(|l| {
                let (id, time) = l.split_once(' ')?;
                Some(Commit {
                    id: id.to_string(),
                    time: time.trim().parse().ok()?,
                })
            })
            .collect())
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn resolve_commit(top: &Path, rev: &str) -> Result<String, Error> {
    let mut c = git(top);
    c.args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"));
    match run(c) {
        Ok(o) => Ok(String::from_utf8_lossy(&o).trim().to_string()),
        Err(Err(e)) => Err(Error::NoGit(e)),
        Err(Ok(why)) => Err(Error::BadRevision(
            rev.to_string(),
            if why.is_empty() {
                "not found in this repository".into()
            } else {
                why
            },
        )),
    }
}

/// One regular file of the revision.
struct Entry {
    object: String,
    size: u64,
    /// Relative to the repository's top, checked to be plain components.
    path: PathBuf,
}

/// The regular `.vast` files under `rel_dir` at `commit`.
fn list(top: &Path, commit: &str, rel_dir: &Path) -> Result<Vec<Entry>, Error> {
    let mut c = git(top);
    c.args(["ls-tree", "-r", "-z", "-l", "--full-tree", commit]);
    if !rel_dir.as_os_str().is_empty() {
        c.arg("--").arg(rel_dir);
    }
    let out = match run(c) {
        Ok(o) => o,
        Err(Err(e)) => return Err(Error::NoGit(e)),
        Err(Ok(why)) => return Err(Error::Other(format!("git ls-tree: {why}"))),
    };
    let mut entries = Vec::new();
    let mut total = 0u64;
    for record in out.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        // "MODE TYPE OBJECT SIZE\tPATH"
        let Some(tab) = record.iter().position(|b| *b == b'\t') else {
            continue;
        };
        let head = String::from_utf8_lossy(&record[..tab]);
        let path = String::from_utf8_lossy(&record[tab + 1..]).into_owned();
        let fields: Vec<&str> = head.split_whitespace().collect();
        let [mode, "blob", object, size] = fields[..] else {
            continue; // submodules (commits) and anything else
        };
        if !(mode == "100644" || mode == "100755") || !path.ends_with(".vast") {
            continue; // symbolic links and files that are no models
        }
        let Some(path) = plain_path(&path) else {
            continue;
        };
        let size: u64 = size.parse().unwrap_or(u64::MAX);
        if size > MAX_FILE_BYTES {
            continue; // the build reports it when it is the model or an include
        }
        total = total.saturating_add(size);
        if entries.len() >= MAX_FILES || total > MAX_TOTAL_BYTES.saturating_mul(4) {
            return Err(Error::Other(format!(
                "the model's directory at {commit} holds more than {MAX_FILES} model files or {} bytes of them",
                MAX_TOTAL_BYTES.saturating_mul(4)
            )));
        }
        entries.push(Entry {
            object: object.to_string(),
            size,
            path,
        });
    }
    Ok(entries)
}

/// A path of normal components only (no `..`, no root, no `.git`).
fn plain_path(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = p.components().all(|c| match c {
        Component::Normal(s) => !s.eq_ignore_ascii_case(".git"),
        _ => false,
    });
    (ok && !path.contains('\\')).then(|| p.to_path_buf())
}

/// Writes each entry's blob under `dest`, read in one `git cat-file --batch`.
fn write_blobs(top: &Path, entries: &[Entry], dest: &Path) -> Result<(), Error> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut c = git(top);
    c.args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = c.spawn().map_err(Error::NoGit)?;
    let request: String = entries.iter().map(|e| format!("{}\n", e.object)).collect();
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| Error::Other("git cat-file: no input".into()))?;
    // Written from another thread: git answers while it reads, and both
    // pipes are bounded.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| Error::Other("git cat-file: no output".into()))?;
    let mut out = BufReader::new(stdout);
    let mut result = Ok(());
    for e in entries {
        let mut header = String::new();
        if out.read_line(&mut header).map_err(Error::Io)? == 0 {
            result = Err(Error::Other("git cat-file ended early".into()));
            break;
        }
        let size: u64 = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(u64::MAX);
        if size != e.size {
            result = Err(Error::Other(format!("git cat-file: {}", header.trim())));
            break;
        }
        let mut data = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        (&mut out)
            .take(size + 1) // and the line break after it
            .read_to_end(&mut data)
            .map_err(Error::Io)?;
        data.truncate(usize::try_from(size).unwrap_or(0));
        let file = dest.join(&e.path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(Error::Io)?;
        }
        std::fs::write(&file, &data).map_err(Error::Io)?;
    }
    drop(out);
    let _ = writer.join();
    let _ = child.wait();
    result
}

/// A new private directory under the system's temporary directory.
fn temp_dir() -> Result<PathBuf, Error> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let base = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    for _ in 0..100 {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!("vastc-rev-{}-{nanos}-{n}", std::process::id()));
        let mut b = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        match b.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::Io(e)),
        }
    }
    Err(Error::Other("cannot create a temporary directory".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_cannot_be_options() {
        assert!(plain_revision("main"));
        assert!(plain_revision("HEAD~2"));
        assert!(plain_revision("v1.0^{commit}"));
        assert!(!plain_revision("--output=/etc/x"));
        assert!(!plain_revision("-p"));
        assert!(!plain_revision(""));
        assert!(!plain_revision("main\nHEAD"));
    }

    #[test]
    fn paths_stay_inside() {
        assert!(plain_path("models/a.vast").is_some());
        assert!(plain_path("../a.vast").is_none());
        assert!(plain_path("/etc/a.vast").is_none());
        assert!(plain_path("a/../../b.vast").is_none());
        assert!(plain_path(".git/hooks/a.vast").is_none());
        assert!(plain_path("a\\..\\b.vast").is_none());
    }
}
