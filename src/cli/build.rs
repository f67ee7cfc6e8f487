//! `vastc build FILE… -o DIR`: compiles each root model into `DIR/<stem>/`.

use crate::analysis::{self, Severity};
use crate::diagnostic::{self, Level, RenderOptions};
use crate::emit;
use crate::resolve;
use crate::syntax::ast::Date;
use clap::Args;
use std::path::{Path, PathBuf};

/// Every output format, in the order they are written.
pub const FORMATS: &[&str] = &["svg", "md", "csv", "json", "sarif", "html", "dot"];

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Root model files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output directory; each model goes to DIR/<file stem>/.
    #[arg(short, long, default_value = "build")]
    pub out: PathBuf,
    /// Comma-separated formats: svg,md,csv,json,sarif,html,dot (default: all).
    #[arg(long, value_delimiter = ',')]
    pub format: Vec<String>,
    /// Exit with status 1 when an open threat is at or above this severity.
    #[arg(long, value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// The date `until` expiries are judged against (default: today).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
}

pub fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s)
        .ok_or_else(|| format!("`{s}` is not a severity (critical, high, medium, low, none)"))
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

/// The outputs of one model, as (file name, contents).
pub fn render(
    model: &crate::model::Model,
    analysis: &analysis::Analysis,
    formats: &[String],
) -> Vec<(String, Vec<u8>)> {
    let want = |f: &str| formats.is_empty() || formats.iter().any(|x| x == f);
    let report = emit::report::report(model, analysis);
    let mut out = Vec::new();
    if want("svg") {
        out.extend(emit::diagrams::diagrams(model, analysis, &report));
    }
    if want("dot") {
        out.push((
            "operational.dot".to_string(),
            emit::dot::operational_dot(model).into_bytes(),
        ));
    }
    if want("md") {
        out.push((
            "threats.md".to_string(),
            emit::markdown::markdown(&report).into_bytes(),
        ));
    }
    if want("csv") {
        out.push((
            "threats.csv".to_string(),
            emit::csv::csv(&report).into_bytes(),
        ));
    }
    if want("json") {
        out.push((
            "threats.json".to_string(),
            emit::json::json(&report).into_bytes(),
        ));
    }
    out
}

/// Runs `build`; returns the exit status.
pub fn run(args: &BuildArgs) -> i32 {
    if let Some(bad) = args.format.iter().find(|f| !FORMATS.contains(&f.as_str())) {
        eprintln!(
            "error: unknown format `{bad}`; formats: {}",
            FORMATS.join(",")
        );
        return super::EXIT_ERRORS;
    }
    let today = args.today.unwrap_or_else(Date::today);
    let mut status = super::EXIT_OK;
    for file in &args.files {
        status = status.max(build_one(file, args, today));
    }
    status
}

fn build_one(file: &Path, args: &BuildArgs, today: Date) -> i32 {
    let color = super::stderr_color();
    let r = resolve::resolve_path(file);
    eprint!(
        "{}",
        diagnostic::render(&r.diags, r.sources(), RenderOptions { color, width: 100 })
    );
    if r.has_errors() {
        let n = r.diags.iter().filter(|d| d.level == Level::Error).count();
        eprintln!(
            "{}: {n} error{}; nothing written",
            file.display(),
            if n == 1 { "" } else { "s" }
        );
        return super::EXIT_ERRORS;
    }
    let analysis = analysis::analyze(&r.model, today);
    eprint!(
        "{}",
        diagnostic::render(
            &analysis.warnings,
            r.sources(),
            RenderOptions { color, width: 100 }
        )
    );
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    let dir = args.out.join(&stem);
    for (name, bytes) in render(&r.model, &analysis, &args.format) {
        if let Err(e) = emit::write::atomic(&dir.join(&name), &bytes) {
            eprintln!("error: cannot write {}: {e}", dir.join(&name).display());
            return super::EXIT_ERRORS;
        }
    }
    let open: Vec<_> = analysis
        .threats
        .iter()
        .filter(|t| t.status.is_open())
        .collect();
    let count = |s: Severity| open.iter().filter(|t| t.scores.severity == s).count();
    eprintln!(
        "built {} → {}: {} threats, {} open ({} critical, {} high, {} medium, {} low)",
        file.display(),
        dir.display(),
        analysis.threats.len(),
        open.len(),
        count(Severity::Critical),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low)
    );
    match args.fail_on {
        Some(level) if open.iter().any(|t| t.scores.severity >= level) => {
            eprintln!("open threats at or above {}: failing", level.as_str());
            super::EXIT_THREATS
        }
        _ => super::EXIT_OK,
    }
}
