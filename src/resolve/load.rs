//! Loading a root model and its includes: paths relative to the including
//! file, confined to the root model's directory, each file parsed once,
//! cycles reported, and the input limits ([`MAX_FILE_BYTES`] per file,
//! [`MAX_FILES`] per build) enforced with their own diagnostics.

use crate::diagnostic::Diag;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ast};
use std::path::{Component, Path, PathBuf};

/// Largest model file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
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

/// Reads and parses `root` and every file it includes.
pub fn load(root: &Path) -> Loaded {
    let mut l = Loaded {
        sources: SourceMap::default(),
        files: Vec::new(),
        diags: Vec::new(),
        includes: Default::default(),
    };
    let text = match read(root) {
        Ok(t) => t,
        Err(Unreadable::TooLarge(size)) => {
            l.diags
                .push(too_large(&root.display().to_string(), size, None));
            return l;
        }
        Err(Unreadable::Io(e)) => {
            l.diags.push(Diag::global(
                "vast::io::unreadable",
                format!("cannot read {}: {e}", root.display()),
            ));
            return l;
        }
    };
    let root_dir = root
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let root_dir_canon = std::fs::canonicalize(&root_dir).unwrap_or(root_dir.clone());
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.display().to_string());
    let canon = std::fs::canonicalize(root).unwrap_or(root.to_path_buf());
    let mut seen: Vec<PathBuf> = vec![canon.clone()];
    let mut stack = vec![canon];
    let id = l.sources.add(name, root.to_path_buf(), text.text);
    visit(
        &mut l,
        id,
        &text.invalid,
        &root_dir_canon,
        &mut seen,
        &mut stack,
    );
    l
}

/// Parses an in-memory model with no includes allowed to escape: used by
/// tests, fuzzing and the embedded catalogue.
pub fn load_str(name: &str, text: &str) -> Loaded {
    let mut l = Loaded {
        sources: SourceMap::default(),
        files: Vec::new(),
        diags: Vec::new(),
        includes: Default::default(),
    };
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

/// Why a file could not be read.
enum Unreadable {
    Io(std::io::Error),
    /// Over [`MAX_FILE_BYTES`]: its size in bytes.
    TooLarge(u64),
}

fn read(path: &Path) -> Result<syntax::Decoded, Unreadable> {
    let meta = std::fs::metadata(path).map_err(Unreadable::Io)?;
    if meta.is_dir() {
        return Err(Unreadable::Io(std::io::Error::other("it is a directory")));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Unreadable::TooLarge(meta.len()));
    }
    // Read no more than the limit even if the file grows meanwhile.
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(Unreadable::Io)?,
            MAX_FILE_BYTES + 1,
        ),
        &mut bytes,
    )
    .map_err(Unreadable::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Unreadable::TooLarge(bytes.len() as u64));
    }
    Ok(syntax::decode(bytes))
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

fn visit(
    l: &mut Loaded,
    id: FileId,
    invalid: &[std::ops::Range<usize>],
    root_dir: &Path,
    seen: &mut Vec<PathBuf>,
    stack: &mut Vec<PathBuf>,
) {
    let Some(src) = l.sources.get(id).cloned() else {
        return;
    };
    let (file, diags) = syntax::parse(id, &src.text);
    if let Some(first) = invalid.first() {
        l.diags
            .push(syntax::not_utf8(id, first.clone(), invalid.len()));
    }
    l.diags.extend(
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
    l.files.push((id, file));
    let here = src.path.parent().map(Path::to_path_buf).unwrap_or_default();
    for inc in includes {
        include(l, &inc, &here, &src.name, root_dir, seen, stack);
    }
}

fn include(
    l: &mut Loaded,
    inc: &ast::Str,
    here: &Path,
    from_name: &str,
    root_dir: &Path,
    seen: &mut Vec<PathBuf>,
    stack: &mut Vec<PathBuf>,
) {
    let span: Span = inc.span;
    let rel = Path::new(&inc.value);
    if inc.value.is_empty() || rel.is_absolute() || rel.has_root() {
        l.diags.push(
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
    let joined = normalize(&here.join(rel));
    let canon = match std::fs::canonicalize(&joined) {
        Ok(c) => c,
        Err(e) => {
            l.diags.push(
                Diag::error(
                    "vast::include::not_found",
                    format!("cannot read included file `{}`: {e}", inc.value),
                    span,
                )
                .label("included here")
                .help("paths are relative to the including file"),
            );
            return;
        }
    };
    if !canon.starts_with(root_dir) {
        l.diags.push(
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
    if stack.contains(&canon) {
        l.diags.push(
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
    if seen.contains(&canon) {
        // Included before: its declarations are in the build once already.
        return;
    }
    if seen.len() >= MAX_FILES {
        l.diags.push(
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
        return;
    }
    let text = match read(&canon) {
        Ok(t) => t,
        Err(Unreadable::TooLarge(size)) => {
            l.diags.push(too_large(&inc.value, size, Some(span)));
            return;
        }
        Err(Unreadable::Io(e)) => {
            l.diags.push(
                Diag::error(
                    "vast::include::not_found",
                    format!("cannot read included file `{}`: {e}", inc.value),
                    span,
                )
                .label("included here"),
            );
            return;
        }
    };
    seen.push(canon.clone());
    let name = canon
        .strip_prefix(root_dir)
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_else(|_| inc.value.clone());
    let id = l.sources.add(name, joined, text.text);
    l.includes.insert(span, id);
    stack.push(canon);
    visit(l, id, &text.invalid, root_dir, seen, stack);
    stack.pop();
}

/// Lexically resolves `.` and `..` components.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}
