//! `vastc fmt [--check] FILE…`: rewrites files in the canonical layout.

use crate::diagnostic::{self, RenderOptions};
use crate::emit;
use crate::source::SourceMap;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Model files to format.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write nothing; list the files that would change (exit 1 if any).
    #[arg(long)]
    pub check: bool,
}

/// Runs `fmt`; returns the exit status.
pub fn run(args: &FmtArgs) -> i32 {
    let mut status = super::EXIT_OK;
    for file in &args.files {
        status = status.max(one(file, args.check));
    }
    status
}

fn one(file: &std::path::Path, check: bool) -> i32 {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", super::shown(file));
            return super::EXIT_ERRORS;
        }
    };
    let formatted = match crate::fmt::format(&text) {
        Ok(f) => f,
        Err(diags) => {
            let mut sources = SourceMap::default();
            sources.add(file.display().to_string(), file.to_path_buf(), text);
            let options = RenderOptions {
                color: super::stderr_color(),
                width: 100,
            };
            eprint!("{}", diagnostic::render(&diags, &sources, options));
            eprintln!("{}: not formatted (syntax errors)", super::shown(file));
            return super::EXIT_ERRORS;
        }
    };
    if formatted == text {
        return super::EXIT_OK;
    }
    if check {
        super::outln(&super::shown(file));
        return super::EXIT_CHANGED;
    }
    if let Err(e) = emit::write::atomic(file, formatted.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", super::shown(file));
        return super::EXIT_ERRORS;
    }
    super::EXIT_OK
}
