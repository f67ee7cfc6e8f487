//! `vastc diff OLD NEW`: what changed between two versions of a model
//! (files, or directories such as two checkouts), as Markdown fit for a
//! pull-request comment or JSON ([`crate::diff`]). Exit 1 when NEW adds
//! open threats.

use crate::compile::Options;
use crate::diagnostic::{self, RenderOptions};
use crate::diff::{self, Error};
use crate::syntax::ast::Date;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old version: a model file or a directory of models.
    pub old: PathBuf,
    /// The new version: a model file or a directory of models.
    pub new: PathBuf,
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

/// Runs `diff`; returns the exit status.
pub fn run(args: &DiffArgs) -> i32 {
    let today = args.today.unwrap_or_else(Date::today);
    let diffs = match diff::diff_paths(&args.old, &args.new, &Options::new(today)) {
        Ok(diffs) => diffs,
        Err(Error::Read(path, e)) => {
            eprintln!("error: cannot read {}: {e}", super::shown(&path));
            return super::EXIT_ERRORS;
        }
        Err(Error::Model(c)) => {
            let options = RenderOptions {
                color: super::stderr_color(),
                width: 100,
            };
            eprint!(
                "{}",
                diagnostic::render(&c.resolved.diags, c.sources(), options)
            );
            return super::EXIT_ERRORS;
        }
    };
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
