//! `vastc history MODEL`: how long each open threat has been open, from
//! the git history of the model's directory ([`crate::history`]), as
//! Markdown or JSON. `--fail-on-overdue` exits 1 when an open threat is
//! older than the model's deadline for its severity.

use crate::compile::Options;
use crate::history::{self, Error};
use crate::syntax::ast::Date;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// The model file, in a git work tree.
    pub model: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = super::diff::Format::Md)]
    pub format: super::diff::Format,
    /// The date ages are counted to (default: today).
    #[arg(long, value_parser = super::build::parse_date)]
    pub today: Option<Date>,
    /// Read at most this many commits that changed the model's directory.
    #[arg(long, default_value_t = 500, value_name = "N")]
    pub max_commits: usize,
    /// Exit 1 when an open threat is past the model's deadline for its
    /// severity (`deadline-critical 7` and so on in the `model` block).
    #[arg(long)]
    pub fail_on_overdue: bool,
}

/// Runs `history`; returns the exit status.
pub fn run(args: &HistoryArgs) -> i32 {
    let today = args.today.unwrap_or_else(Date::today);
    let h = match history::history(&args.model, &Options::new(today), args.max_commits.max(1)) {
        Ok(h) => h,
        Err(Error::Git(e)) => {
            eprintln!(
                "error: {}",
                crate::diagnostic::terminal::escape(&e.to_string())
            );
            return super::EXIT_ERRORS;
        }
        Err(Error::Model(c)) => {
            super::print_errors(&c);
            return super::EXIT_ERRORS;
        }
    };
    match args.format {
        super::diff::Format::Md => super::out(&history::markdown(&h)),
        super::diff::Format::Json => match serde_json::to_string_pretty(&h) {
            Ok(j) => super::outln(&j),
            Err(e) => {
                eprintln!("error: {e}");
                return super::EXIT_ERRORS;
            }
        },
    }
    if args.fail_on_overdue && h.overdue() > 0 {
        super::EXIT_THREATS
    } else {
        super::EXIT_OK
    }
}
