//! Git repositories written at test time: `git` with a fixed identity, no
//! signing, `main` as the first branch and, when given, a fixed date for
//! the commit.

use std::path::Path;
use std::process::Command;

/// Runs `git ARGS` in `dir`, dated `date` (YYYY-MM-DD, noon UTC) when
/// given; panics with git's message when it fails.
pub fn git(dir: &Path, date: Option<&str>, args: &[&str]) {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args);
    if let Some(date) = date {
        c.env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
            .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"));
    }
    let o = c.output().expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}
