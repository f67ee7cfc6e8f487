//! Finding a file inside the root model's directory and reading it, with
//! nothing outside that directory ever opened or looked at: a path is
//! resolved one component at a time, each symlink read and followed by
//! hand, and the walk stops as soon as it would leave the directory. Only
//! regular files are opened, and without blocking, so a FIFO swapped in
//! between the check and the open cannot hang the build.

use super::{MAX_FILE_BYTES, Unreadable};
use std::ffi::OsString;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Most symlinks followed while resolving one path (as Linux's `ELOOP`).
const MAX_LINKS: usize = 40;

/// Where a path inside the root directory leads.
pub(crate) enum Place {
    /// A canonical path inside the root directory (it exists).
    Inside(PathBuf),
    /// The path leaves the root directory (whether or not its target exists).
    Outside,
    /// A component inside the root directory does not exist.
    Missing(std::io::Error),
    /// Another error inside the root directory (permissions, a link loop).
    Failed(std::io::Error),
}

/// Resolves `rel` from `from` (a canonical directory inside `root`, which is
/// canonical too), following symlinks without ever stepping outside `root`.
pub(crate) fn confine(root: &Path, from: &Path, rel: &Path) -> Place {
    if !from.starts_with(root) {
        return Place::Outside;
    }
    let mut cur = from.to_path_buf();
    // Components still to walk, the next one last.
    let mut todo: Vec<OsString> = Vec::new();
    if push_relative(&mut todo, rel).is_err() {
        return Place::Outside;
    }
    let mut links = 0;
    while let Some(part) = todo.pop() {
        if part == ".." {
            if cur == root || !cur.pop() || !cur.starts_with(root) {
                return Place::Outside;
            }
            continue;
        }
        let next = cur.join(&part);
        let meta = match std::fs::symlink_metadata(&next) {
            Ok(m) => m,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Place::Missing(e);
            }
            Err(e) => return Place::Failed(e),
        };
        if !meta.file_type().is_symlink() {
            cur = next;
            continue;
        }
        links += 1;
        if links > MAX_LINKS {
            return Place::Failed(std::io::Error::other("too many levels of symbolic links"));
        }
        let target = match std::fs::read_link(&next) {
            Ok(t) => t,
            Err(e) => return Place::Failed(e),
        };
        if target.has_root() {
            // An absolute link stays inside only if it names the root
            // directory itself; what follows is walked like the rest.
            let Ok(rest) = target.strip_prefix(root) else {
                return Place::Outside;
            };
            cur = root.to_path_buf();
            if push_relative(&mut todo, rest).is_err() {
                return Place::Outside;
            }
        } else if push_relative(&mut todo, &target).is_err() {
            return Place::Outside;
        }
    }
    Place::Inside(cur)
}

/// Pushes the components of a relative path onto `todo` so the first is
/// popped first; `.` is dropped. Fails on a root or prefix component.
fn push_relative(todo: &mut Vec<OsString>, rel: &Path) -> Result<(), ()> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => parts.push(OsString::from("..")),
            Component::Normal(n) => parts.push(n.to_os_string()),
            Component::RootDir | Component::Prefix(_) => return Err(()),
        }
    }
    todo.extend(parts.into_iter().rev());
    Ok(())
}

/// What a file that is not a regular one is, in words.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let ty = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ty.is_fifo() {
            return "a FIFO";
        }
        if ty.is_socket() {
            return "a socket";
        }
        if ty.is_block_device() || ty.is_char_device() {
            return "a device";
        }
    }
    if ty.is_dir() {
        "a directory"
    } else if ty.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// Reads `path` (resolved: its last component is no symlink) if it is a
/// regular file of at most `budget` bytes (at most [`MAX_FILE_BYTES`]).
pub(crate) fn read_regular(path: &Path, budget: u64) -> Result<crate::syntax::Decoded, Unreadable> {
    let meta = std::fs::symlink_metadata(path).map_err(Unreadable::Io)?;
    if !meta.is_file() {
        return Err(Unreadable::NotRegular(kind(&meta)));
    }
    let over = |size: u64| {
        if size > MAX_FILE_BYTES {
            Unreadable::TooLarge(size)
        } else {
            Unreadable::TotalTooLarge
        }
    };
    if meta.len() > budget {
        return Err(over(meta.len()));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never block on a FIFO, never follow a link swapped in since the check.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(Unreadable::Io)?;
    let opened = file.metadata().map_err(Unreadable::Io)?;
    if !opened.is_file() {
        return Err(Unreadable::NotRegular(kind(&opened)));
    }
    // Read no more than the budget even if the file grows meanwhile.
    let mut bytes = Vec::new();
    file.take(budget + 1)
        .read_to_end(&mut bytes)
        .map_err(Unreadable::Io)?;
    if bytes.len() as u64 > budget {
        return Err(over(bytes.len() as u64));
    }
    // Invalid UTF-8 is decoded lossily and reported at its first byte.
    Ok(crate::syntax::decode(bytes))
}
