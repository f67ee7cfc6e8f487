//! The command line (clap): `vastc check`, `vastc import k8s`, and the commands of later stages;
//! `vastc lsp` starts the language server of [`crate::lsp`].

mod build;
mod cards;
mod check;
mod diff;
mod fmt;
mod history;
mod import;
mod init;
mod rules;
mod watch;

use clap::{Parser, Subcommand};
use std::io::IsTerminal;

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
    /// Compiles models into diagrams and threat tables.
    Build(build::BuildArgs),
    /// Checks models and prints every diagnostic; writes nothing.
    Check(check::CheckArgs),
    /// Threats added, removed, re-scored and re-statused between two versions.
    Diff(diff::DiffArgs),
    /// How long each open threat has been open, from the model's git history.
    History(history::HistoryArgs),
    /// Rewrites model files in the one canonical layout, keeping every comment.
    Fmt(fmt::FmtArgs),
    /// Writes a commented starter model (DIR/model.vast).
    Init(init::InitArgs),
    /// Deals Security Cards for a brainstorm, as a Markdown worksheet.
    Cards(cards::CardsArgs),
    /// Lists the built-in rule catalogue.
    Rules(rules::RulesArgs),
    /// Shows one built-in rule in full.
    Explain(rules::ExplainArgs),
    /// Imports a model from another format and prints it (`vastc import k8s DIR`).
    Import(import::ImportArgs),
    /// Runs the language server on standard input and output (for editors).
    Lsp,
    /// Builds, then rebuilds whenever the model or an included file changes.
    Watch(watch::WatchArgs),
    /// Serves a live report on 127.0.0.1 that reloads when the model changes.
    Serve(watch::ServeArgs),
}

/// Exit status: the model is fine.
pub const EXIT_OK: i32 = 0;
/// Exit status: built, but an open threat is at or above `--fail-on`.
pub const EXIT_THREATS: i32 = 1;
/// Exit status of `check --deny-warnings`: warnings, no errors.
pub const EXIT_WARNINGS: i32 = 1;
/// Exit status of `fmt --check`: a file would change.
pub const EXIT_CHANGED: i32 = 1;
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
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::History(args) => history::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Cards(args) => cards::run(&args),
        Command::Rules(args) => rules::list(&args),
        Command::Explain(args) => rules::explain(&args),
        Command::Import(args) => import::run(&args),
        Command::Lsp => crate::lsp::run(),
        Command::Watch(args) => watch::run_watch(&args),
        Command::Serve(args) => watch::run_serve(&args),
    }
}

/// Colour on stderr only for a terminal, and never with NO_COLOR.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Writes to stdout; a closed pipe (`vastc rules | head`) is not an error.
pub fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush());
}

/// [`out`] with a line break.
pub fn outln(text: &str) {
    out(&format!("{text}\n"));
}

/// Prints the diagnostics of a compilation that has errors to stderr, as
/// `check` does (in colour on a terminal).
pub(crate) fn print_errors(c: &crate::compile::Compilation) {
    let options = crate::diagnostic::RenderOptions {
        color: stderr_color(),
        width: 100,
    };
    eprint!(
        "{}",
        crate::diagnostic::render(&c.resolved.diags, c.sources(), options)
    );
}

/// A path as printed to the terminal: control characters, bidirectional
/// overrides and line breaks in it escaped (`\u{a}`), so a file name
/// cannot write a line of its own (a CI workflow command) or an escape
/// sequence.
pub fn shown(path: &std::path::Path) -> String {
    crate::diagnostic::terminal::escape(&path.display().to_string()).into_owned()
}
