//! `vastc check FILE…`: every diagnostic of every file, then a summary line.
//! A model without errors is also analysed as far as its risk decisions
//! need, so `check` reports every warning `build` would (expired
//! acceptances, a `risk` that matches no threat).

use crate::compile::{Options, check};
use crate::diagnostic::{self, Level, RenderOptions};
use crate::syntax::ast::Date;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 no errors (warnings allowed unless --deny-warnings); \
1 warnings and --deny-warnings; 2 errors."
)]
pub struct CheckArgs {
    /// Root model files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format of diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit status 1) when there are warnings but no errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The date `until` expiries are judged against (default: today).
    #[arg(long, value_parser = super::build::parse_date)]
    pub today: Option<Date>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// Runs `check`; returns the exit status.
pub fn run(args: &CheckArgs) -> i32 {
    let mut errors = 0;
    let mut warnings = 0;
    let mut json = Vec::new();
    let today = args.today.unwrap_or_else(Date::today);
    for (i, file) in args.files.iter().enumerate() {
        let c = check(file, &Options::new(today));
        let diags = c.diagnostics();
        errors += diags.iter().filter(|d| d.level == Level::Error).count();
        warnings += diags.iter().filter(|d| d.level == Level::Warning).count();
        match args.format {
            Format::Human => {
                let text = diagnostic::render(
                    &diags,
                    c.sources(),
                    RenderOptions {
                        color: super::stderr_color(),
                        width: 100,
                    },
                );
                eprint!("{text}");
            }
            Format::Json => json.extend(diagnostic::to_json(&diags, c.sources())),
        }
        if i + 1 == args.files.len() {
            // The process ends next: its exit frees the model at once.
            std::mem::forget(c);
        }
    }
    let summary = format!(
        "checked {} file{}: {} error{}, {} warning{}",
        args.files.len(),
        plural(args.files.len()),
        errors,
        plural(errors),
        warnings,
        plural(warnings)
    );
    match args.format {
        Format::Human => eprintln!("{summary}"),
        Format::Json => {
            let out =
                serde_json::json!({ "diagnostics": json, "errors": errors, "warnings": warnings });
            super::outln(&serde_json::to_string_pretty(&out).unwrap_or_default());
        }
    }
    if errors > 0 {
        super::EXIT_ERRORS
    } else if warnings > 0 && args.deny_warnings {
        super::EXIT_WARNINGS
    } else {
        super::EXIT_OK
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
