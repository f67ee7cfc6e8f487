//! `vastc diff OLD NEW`: what changed between two versions of a model
//! (files, or directories such as two checkouts), as Markdown fit for a
//! pull-request comment or JSON ([`crate::diff`]). `vastc diff REV MODEL`
//! (or `--base REV MODEL`) takes the old version from a git revision
//! ([`crate::git`]), so a pull-request job needs no second checkout.
//! `-o DIR` also writes each model's `diff.svg`. Exit 1 when NEW adds open
//! threats.

use crate::compile::Options;
use crate::diff::{self, Error};
use crate::syntax::ast::Date;
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old version: a model file or a directory of models, or a git
    /// revision (a branch, tag or commit) when no such path exists.
    pub old: PathBuf,
    /// The new version: a model file or a directory of models.
    pub new: Option<PathBuf>,
    /// Compare the model (the one path given) with itself at this git
    /// revision, includes read at that revision too.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Also write the new version's diagram with what was added in green:
    /// DIR/<file stem>/diff.svg for each model.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// The date `until` expiries are judged against (default: today).
    #[arg(long, value_parser = super::build::parse_date)]
    pub today: Option<Date>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Md,
    Json,
}

/// What the arguments ask to compare.
enum Sides {
    Paths(PathBuf, PathBuf),
    Revision(String, PathBuf),
}

fn sides(args: &DiffArgs) -> Result<Sides, String> {
    match (&args.base, &args.new) {
        (Some(rev), None) => Ok(Sides::Revision(rev.clone(), args.old.clone())),
        (Some(_), Some(_)) => Err("with --base, give one model: vastc diff --base REV MODEL".into()),
        (None, Some(new)) if args.old.exists() => Ok(Sides::Paths(args.old.clone(), new.clone())),
        (None, Some(new)) => Ok(Sides::Revision(
            args.old.to_string_lossy().into_owned(),
            new.clone(),
        )),
        (None, None) => Err(
            "give two versions (vastc diff OLD NEW) or a revision and a model (vastc diff REV MODEL, vastc diff --base REV MODEL)"
                .into(),
        ),
    }
}

/// Runs `diff`; returns the exit status.
pub fn run(args: &DiffArgs) -> i32 {
    let today = args.today.unwrap_or_else(Date::today);
    let options = Options::new(today);
    let sides = match sides(args) {
        Ok(s) => s,
        Err(why) => {
            eprintln!("error: {why}");
            return super::EXIT_ERRORS;
        }
    };
    // The old version of a revision lives in a temporary directory as long
    // as `snapshot` does.
    let (snapshot, old, new, since) = match sides {
        Sides::Paths(old, new) => {
            let since = old.display().to_string();
            (None, old, new, since)
        }
        Sides::Revision(rev, model) => match crate::git::snapshot(&model, &rev) {
            Ok(s) => {
                let old = s.path().to_path_buf();
                (Some(s), old, model, rev)
            }
            Err(e) => {
                eprintln!(
                    "error: {}",
                    crate::diagnostic::terminal::escape(&e.to_string())
                );
                return super::EXIT_ERRORS;
            }
        },
    };
    let since = args.out.as_ref().map(|_| since);
    let compared = match diff::compare_paths(&old, &new, &options, since.as_deref()) {
        Ok(c) => c,
        Err(Error::Read(path, e)) => {
            eprintln!("error: cannot read {}: {e}", super::shown(&path));
            return super::EXIT_ERRORS;
        }
        Err(Error::Model(c)) => {
            if snapshot.is_some() {
                eprintln!("error: the model at the revision has errors:");
            }
            super::print_errors(&c);
            return super::EXIT_ERRORS;
        }
    };
    drop(snapshot);
    if let Some(dir) = &args.out {
        for c in &compared {
            let Some(svg) = &c.diagram else { continue };
            let path = dir.join(stem(&c.diff.model)).join("diff.svg");
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| crate::emit::write::atomic(&path, svg.as_bytes()));
            if let Err(e) = written {
                eprintln!("error: cannot write {}: {e}", super::shown(&path));
                return super::EXIT_ERRORS;
            }
        }
    }
    let diffs: Vec<_> = compared.into_iter().map(|c| c.diff).collect();
    match args.format {
        Format::Md => super::out(&diff::markdown(&diffs)),
        Format::Json => super::outln(&diff::json(&diffs)),
    }
    if diffs.iter().any(|d| d.new_open() > 0) {
        super::EXIT_THREATS
    } else {
        super::EXIT_OK
    }
}

/// The directory of a model's outputs, as `build` names it: its path
/// relative to the compared directory without `.vast`.
fn stem(model: &str) -> PathBuf {
    let p = Path::new(model);
    let stem = p.file_stem().map(PathBuf::from).unwrap_or_default();
    match p.parent() {
        Some(parent) => parent.join(stem),
        None => stem,
    }
}
