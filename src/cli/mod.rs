//! The command line (clap): `vastc check`, `vastc import k8s`, and the commands of later stages.

mod check;
mod import;

use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "vastc",
    version,
    about = "Compiles .vast threat models into diagrams and threat tables"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Checks models and prints every diagnostic; writes nothing.
    Check(check::CheckArgs),
    /// Imports a model from another format and prints it (`vastc import k8s DIR`).
    Import(import::ImportArgs),
}

/// Exit status: the model is fine.
pub const EXIT_OK: i32 = 0;
/// Exit status: model errors.
pub const EXIT_ERRORS: i32 = 2;

/// Runs the command line; returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_ERRORS } else { EXIT_OK };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Import(args) => import::run(&args),
    }
}

/// Colour on stderr only for a terminal, and never with NO_COLOR.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Files named on the command line, in order.
pub fn paths(files: &[PathBuf]) -> Vec<PathBuf> {
    files.to_vec()
}
