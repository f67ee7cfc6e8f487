//! Loading a root model and its includes: paths relative to the including
//! file, confined to the root model's directory (symlinks resolved one step
//! at a time, nothing outside it ever opened or even looked at), regular
//! files only (a FIFO or device is refused before it is opened), each file
//! parsed once, cycles reported, and the input limits ([`MAX_FILE_BYTES`]
//! per file, [`MAX_TOTAL_BYTES`] for all files together, [`MAX_FILES`] per
//! build) enforced with their own diagnostics. An [`Overlay`] gives texts
//! to read instead of some files (an editor's unsaved buffers); where a file
//! may be read from is decided on disk all the same.

use crate::diagnostic::Diag;
use crate::source::{FileId, Overlay, SourceMap, Span};
use crate::syntax::{self, ast};
use std::path::{Path, PathBuf};

mod confine;

use confine::{Place, confine, read_regular};

/// Largest model file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Largest total of all the files of one build, in bytes.
pub const MAX_TOTAL_BYTES: u64 = 16 * 1024 * 1024;
/// Most files in one build.
pub const MAX_FILES: usize = 1000;

/// Parsed files of a build, in include order (root first).
pub struct Loaded {
    pub sources: SourceMap,
    pub files: Vec<(FileId, ast::File)>,
    pub diags: Vec<Diag>,
    /// Which file each `include` (by the span of its path) brought in.
    pub includes: std::collections::BTreeMap<Span, FileId>,
}

impl Loaded {
    fn empty() -> Self {
        Loaded {
            sources: SourceMap::default(),
            files: Vec::new(),
            diags: Vec::new(),
            includes: Default::default(),
        }
    }
}

/// Why a file could not be read.
pub(crate) enum Unreadable {
    Io(std::io::Error),
    /// Not a regular file (a directory, FIFO, socket or device): what it is.
    NotRegular(&'static str),
    /// Over [`MAX_FILE_BYTES`]: its size in bytes.
    TooLarge(u64),
    /// Would take the build over [`MAX_TOTAL_BYTES`].
    TotalTooLarge,
}

/// The state of one load: the root directory everything is confined to,
/// the files seen, and the bytes read so far.
struct Loader<'o> {
    l: Loaded,
    overlay: Option<&'o Overlay>,
    /// The root model's directory, canonical (symlinks resolved).
    root_dir: PathBuf,
    seen: Vec<PathBuf>,
    stack: Vec<PathBuf>,
    total: u64,
    too_many_reported: bool,
    over_total: bool,
}

/// Reads and parses `root` and every file it includes. The root's
/// directory (the current directory when `root` has no directory part) is
/// where every file must be, after symlinks are resolved; every file is
/// named relative to it, so diagnostics and outputs are the same whichever
/// form of the root path was given and wherever vastc runs from. A file the
/// `overlay` holds is read from there.
pub fn load(root: &Path, overlay: Option<&Overlay>) -> Loaded {
    let mut l = Loaded::empty();
    let shown = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.display().to_string());
    let parent = match root.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let unreadable = |why: String| {
        Diag::global(
            "vast::io::unreadable",
            format!("cannot read {shown}: {why}"),
        )
    };
    let (Ok(root_dir), Some(file_name)) = (std::fs::canonicalize(parent), root.file_name()) else {
        l.diags
            .push(unreadable("its directory cannot be read".to_string()));
        return l;
    };
    let path = match confine(&root_dir, &root_dir, Path::new(file_name)) {
        Place::Inside(p) => p,
        Place::Outside => {
            l.diags.push(
                Diag::global(
                    "vast::io::outside",
                    format!("{shown} is a link to a file outside its directory"),
                )
                .help("the root model and its includes must be files inside the root model's directory"),
            );
            return l;
        }
        Place::Missing(e) | Place::Failed(e) => {
            l.diags.push(unreadable(e.to_string()));
            return l;
        }
    };
    let name = relative_name(&root_dir, &path).unwrap_or(shown.clone());
    let text = match read(overlay, &path, MAX_FILE_BYTES.min(MAX_TOTAL_BYTES)) {
        Ok(t) => t,
        Err(Unreadable::TooLarge(size)) => {
            l.diags.push(too_large(&name, size, None));
            return l;
        }
        Err(Unreadable::TotalTooLarge) => {
            l.diags.push(total_too_large(None));
            return l;
        }
        Err(Unreadable::NotRegular(what)) => {
            l.diags
                .push(unreadable(format!("it is {what}, not a regular file")));
            return l;
        }
        Err(Unreadable::Io(e)) => {
            l.diags.push(unreadable(e.to_string()));
            return l;
        }
    };
    let mut loader = Loader {
        total: text.text.len() as u64,
        l,
        overlay,
        root_dir,
        seen: vec![path.clone()],
        stack: vec![path.clone()],
        too_many_reported: false,
        over_total: false,
    };
    let id = loader.l.sources.add(name, path, text.text);
    loader.visit(id, &text.invalid);
    loader.l
}

/// The text of `path` (canonical) from the overlay when it holds one,
/// else from disk; either way `path` must be a regular file on disk and the
/// text at most `budget` bytes.
fn read(
    overlay: Option<&Overlay>,
    path: &Path,
    budget: u64,
) -> Result<crate::syntax::Decoded, Unreadable> {
    let Some(text) = overlay.and_then(|o| o.get(path)) else {
        return read_regular(path, budget);
    };
    let meta = std::fs::symlink_metadata(path).map_err(Unreadable::Io)?;
    if !meta.is_file() {
        return Err(Unreadable::NotRegular("not a regular file"));
    }
    let size = text.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(Unreadable::TooLarge(size));
    }
    if size > budget {
        return Err(Unreadable::TotalTooLarge);
    }
    Ok(crate::syntax::Decoded {
        text: text.to_string(),
        invalid: Vec::new(),
    })
}

/// The text of `path` if it is a regular file (not a symlink, FIFO or
/// device) of at most [`MAX_FILE_BYTES`], opened without blocking: for a
/// directory walk, which must open nothing else.
pub fn read_regular_file(path: &Path) -> Option<String> {
    read_regular(path, MAX_FILE_BYTES).ok().map(|d| d.text)
}

/// Like [`read_regular_file`], keeping where the bytes were not UTF-8 (the
/// text has `U+FFFD` there), for readers that must refuse such input.
pub fn read_regular_decoded(path: &Path) -> Option<crate::syntax::Decoded> {
    read_regular(path, MAX_FILE_BYTES).ok()
}

/// `path` (canonical, inside `root_dir`) relative to `root_dir`, `/`-separated.
fn relative_name(root_dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root_dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Parses an in-memory model with no includes allowed to escape: used by
/// tests, fuzzing and the embedded catalogue.
pub fn load_str(name: &str, text: &str) -> Loaded {
    let mut l = Loaded::empty();
    if text.len() as u64 > MAX_FILE_BYTES {
        l.diags.push(too_large(name, text.len() as u64, None));
        return l;
    }
    let id = l.sources.add(name.to_string(), PathBuf::from(name), text);
    let (file, diags) = syntax::parse(id, text);
    l.diags.extend(diags);
    for d in &file.decls {
        if let Some(p) = &d.path {
            l.diags.push(
                Diag::error(
                    "vast::include::unavailable",
                    "include is not available here",
                    p.span,
                )
                .label("this include")
                .help("in-memory models cannot include files"),
            );
        }
    }
    l.files.push((id, file));
    l
}

/// `vast::io::too_large`: a model file over [`MAX_FILE_BYTES`], at the
/// `include` that names it when there is one.
fn too_large(file: &str, size: u64, include: Option<Span>) -> Diag {
    let limit = MAX_FILE_BYTES / 1024 / 1024;
    let message = format!("{file} is larger than the limit of {limit} MiB per model file");
    let help = format!(
        "{file} has {size} bytes; split the model into files joined with `include` \
         (each up to {limit} MiB)"
    );
    match include {
        Some(span) => Diag::error("vast::io::too_large", message, span)
            .label("this file is too large")
            .help(help),
        None => Diag::global("vast::io::too_large", message).help(help),
    }
}

/// `vast::io::total_too_large`: the files of one build together over
/// [`MAX_TOTAL_BYTES`], at the `include` that went over.
fn total_too_large(include: Option<Span>) -> Diag {
    let limit = MAX_TOTAL_BYTES / 1024 / 1024;
    let message = format!("the model's files are larger than the limit of {limit} MiB together");
    let help = format!(
        "a build reads at most {MAX_TOTAL_BYTES} bytes ({limit} MiB) of model files in all; \
         build parts of the model separately"
    );
    match include {
        Some(span) => Diag::error("vast::io::total_too_large", message, span)
            .label("this file goes over the limit")
            .help(help),
        None => Diag::global("vast::io::total_too_large", message).help(help),
    }
}

impl Loader<'_> {
    fn visit(&mut self, id: FileId, invalid: &[std::ops::Range<usize>]) {
        let Some(src) = self.l.sources.get(id).cloned() else {
            return;
        };
        let (file, diags) = syntax::parse(id, &src.text);
        if let Some(first) = invalid.first() {
            self.l
                .diags
                .push(syntax::not_utf8(id, first.clone(), invalid.len()));
        }
        self.l.diags.extend(
            diags
                .into_iter()
                .filter(|d| !syntax::repeats_invalid(d, invalid)),
        );
        let includes: Vec<ast::Str> = file
            .decls
            .iter()
            .filter(|d| d.keyword == ast::Keyword::Include)
            .filter_map(|d| d.path.clone())
            .collect();
        self.l.files.push((id, file));
        let here = src
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.root_dir.clone());
        for inc in includes {
            self.include(&inc, &here, &src.name);
        }
    }

    fn include(&mut self, inc: &ast::Str, here: &Path, from_name: &str) {
        let span: Span = inc.span;
        let rel = Path::new(&inc.value);
        if inc.value.is_empty() || rel.is_absolute() || rel.has_root() {
            self.l.diags.push(
                Diag::error(
                    "vast::include::absolute",
                    "include paths must be relative",
                    span,
                )
                .label("absolute path")
                .help("write the path relative to this file, inside the root model's directory"),
            );
            return;
        }
        let not_found = |e: std::io::Error| {
            Diag::error(
                "vast::include::not_found",
                format!("cannot read included file `{}`: {e}", inc.value),
                span,
            )
            .label("included here")
        };
        let canon = match confine(&self.root_dir, here, rel) {
            Place::Inside(p) => p,
            Place::Missing(e) => {
                self.l
                    .diags
                    .push(not_found(e).help("paths are relative to the including file"));
                return;
            }
            Place::Failed(e) => {
                self.l.diags.push(not_found(e));
                return;
            }
            // The same message whether or not the file outside exists:
            // nothing outside the directory is looked at.
            Place::Outside => {
                self.l.diags.push(
                    Diag::error(
                        "vast::include::escape",
                        format!("`{}` is outside the root model's directory", inc.value),
                        span,
                    )
                    .label("escapes the model directory")
                    .help("includes must stay inside the directory of the root model; move the file or build from a higher directory"),
                );
                return;
            }
        };
        if self.stack.contains(&canon) {
            self.l.diags.push(
                Diag::error(
                    "vast::include::cycle",
                    format!("`{}` includes itself through `{from_name}`", inc.value),
                    span,
                )
                .label("this include closes a cycle")
                .help("remove one of the includes; shared declarations belong in a file that includes nothing back"),
            );
            return;
        }
        if self.seen.contains(&canon) {
            // Included before: its declarations are in the build once already.
            return;
        }
        if self.seen.len() >= MAX_FILES {
            // Once: every include past the limit would say the same.
            if !std::mem::replace(&mut self.too_many_reported, true) {
                self.l.diags.push(
                    Diag::error(
                        "vast::include::too_many",
                        format!("more than {MAX_FILES} files in one build"),
                        span,
                    )
                    .label("one include too many")
                    .help(format!(
                        "a build reads at most {MAX_FILES} files; merge small files, or build parts of the model separately"
                    )),
                );
            }
            return;
        }
        let budget = MAX_FILE_BYTES.min(MAX_TOTAL_BYTES - self.total);
        let text = match read(self.overlay, &canon, budget) {
            Ok(t) => t,
            Err(Unreadable::TooLarge(size)) if size > MAX_FILE_BYTES => {
                self.l.diags.push(too_large(&inc.value, size, Some(span)));
                return;
            }
            Err(Unreadable::TooLarge(_) | Unreadable::TotalTooLarge) => {
                // Once: every later include would be over it too.
                if !std::mem::replace(&mut self.over_total, true) {
                    self.l.diags.push(total_too_large(Some(span)));
                }
                return;
            }
            Err(Unreadable::NotRegular(what)) => {
                self.l.diags.push(
                    Diag::error(
                        "vast::include::not_regular",
                        format!(
                            "included file `{}` is {what}, not a regular file",
                            inc.value
                        ),
                        span,
                    )
                    .label("included here")
                    .help("only regular files are read; a FIFO or device is never opened"),
                );
                return;
            }
            Err(Unreadable::Io(e)) => {
                self.l.diags.push(not_found(e));
                return;
            }
        };
        self.total += text.text.len() as u64;
        self.seen.push(canon.clone());
        let name = relative_name(&self.root_dir, &canon).unwrap_or_else(|| inc.value.clone());
        let id = self.l.sources.add(name, canon.clone(), text.text);
        self.l.includes.insert(span, id);
        self.stack.push(canon);
        self.visit(id, &text.invalid);
        self.stack.pop();
    }
}
