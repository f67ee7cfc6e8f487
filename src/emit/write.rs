//! Atomic output: each file is written to a temporary sibling and renamed
//! into place, so a failed or interrupted build leaves earlier outputs whole.

use std::io::Write;
use std::path::Path;

/// Writes `contents` to `path` through a temporary file and a rename.
pub fn atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        // No fsync: the rename is what keeps earlier outputs whole when a
        // build fails; flushing every file to disk would cost more than the
        // build (outputs can always be rebuilt from the model).
        f.write_all(contents)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
