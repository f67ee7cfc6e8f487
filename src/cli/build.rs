//! `vastc build FILE|DIR… -o DIR`: compiles each root model into `DIR/<stem>/`,
//! several models in parallel, their messages in input order.

use crate::analysis::Severity;
use crate::compile::{Options, compile};
use crate::diagnostic::{self, Level, RenderOptions};
use crate::emit::{self, Format};
use crate::syntax::ast::Date;
use crate::timings::{Timings, Unobserved};
use clap::Args;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Root model files, or directories: every root model below a directory
    /// (a `.vast` file no other file there includes) is built.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output directory; each model goes to DIR/<file stem>/.
    #[arg(short, long, default_value = "build")]
    pub out: PathBuf,
    /// Comma-separated formats: svg,md,csv,json,sarif,html,dot,summary,td,otm
    /// (default: all; td is Threat Dragon v2 JSON, otm Open Threat Model).
    #[arg(long, value_enum, value_delimiter = ',', hide_possible_values = true)]
    pub format: Vec<Format>,
    /// Exit with status 1 when an open threat is at or above this severity.
    #[arg(long, value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// The date `until` expiries are judged against (default: today).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
    /// Print how long each stage took (parse and resolve, analysis steps,
    /// each output) after each model.
    #[arg(long)]
    pub timings: bool,
}

pub fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s)
        .ok_or_else(|| format!("`{s}` is not a severity (critical, high, medium, low, none)"))
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date (YYYY-MM-DD)"))
}

/// Runs `build`; returns the exit status: the worst of the models'.
pub fn run(args: &BuildArgs) -> i32 {
    let (models, any_dir) = match expand(&args.files) {
        Ok(m) => m,
        Err(message) => {
            eprintln!("error: {message}");
            return super::EXIT_ERRORS;
        }
    };
    if models.is_empty() {
        eprintln!("error: no .vast models found");
        return super::EXIT_ERRORS;
    }
    let today = args.today.unwrap_or_else(Date::today);
    let outcomes = build_all(&models, args, today);
    if any_dir || models.len() > 1 {
        eprint!("{}", summary(&outcomes));
    }
    outcomes
        .iter()
        .map(|o| o.status)
        .max()
        .unwrap_or(super::EXIT_OK)
}

/// The root models named by the arguments: files as given, directories
/// replaced by their root models. Also says whether a directory was given.
fn expand(args: &[PathBuf]) -> Result<(Vec<PathBuf>, bool), String> {
    let mut models = Vec::new();
    let mut any_dir = false;
    for a in args {
        if a.is_dir() {
            any_dir = true;
            let found = crate::roots::roots(a)
                .map_err(|e| format!("cannot read directory {}: {e}", super::shown(a)))?;
            models.extend(found);
        } else {
            models.push(a.clone());
        }
    }
    let mut seen: std::collections::BTreeMap<String, &PathBuf> = Default::default();
    for m in &models {
        if let Some(first) = seen.insert(stem(m), m) {
            return Err(format!(
                "{} and {} would both be built into <out>/{}/; build them separately with different -o",
                super::shown(first),
                super::shown(m),
                stem(m)
            ));
        }
    }
    Ok((models, any_dir))
}

fn stem(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into())
}

/// What building one model gave.
pub(super) struct Outcome {
    pub(super) status: i32,
    /// Everything the build says on stderr, printed in input order.
    pub(super) log: String,
    model: String,
    threats: usize,
    /// Open threats: critical, high, medium, low.
    open: [usize; 4],
}

/// Builds the models on the thread pool (each model's own parallel steps
/// share its threads); each log is printed as soon as the logs of the
/// models before it are.
fn build_all(models: &[PathBuf], args: &BuildArgs, today: Date) -> Vec<Outcome> {
    let progress = models.len() > 1 && std::io::stderr().is_terminal();
    let (send, receive) = std::sync::mpsc::channel();
    let mut done: Vec<Option<Outcome>> = models.iter().map(|_| None).collect();
    // This thread prints while the pool builds.
    rayon::in_place_scope(|scope| {
        scope.spawn(move |_| {
            models
                .par_iter()
                .enumerate()
                .with_max_len(1)
                .for_each_with(send, |send, (i, file)| {
                    let outcome = build_one(file, args, today, models.len() == 1);
                    let _ = send.send((i, outcome));
                });
        });
        let mut printed = 0;
        let mut finished = 0;
        for (i, outcome) in receive {
            done[i] = Some(outcome);
            finished += 1;
            if progress {
                eprint!("\r\x1b[K");
            }
            while let Some(Some(o)) = done.get(printed) {
                eprint!("{}", o.log);
                printed += 1;
            }
            if progress && finished < models.len() {
                eprint!("building: {finished}/{} models done", models.len());
            }
        }
    });
    done.into_iter().flatten().collect()
}

/// The table printed after building several models.
fn summary(outcomes: &[Outcome]) -> String {
    let width = outcomes
        .iter()
        .map(|o| o.model.chars().count())
        .chain([5])
        .max()
        .unwrap_or(5);
    let mut s = format!(
        "\n{:<width$}  {:>7}  {:>8}  {:>4}  {:>6}  {:>3}  status\n",
        "model", "threats", "critical", "high", "medium", "low"
    );
    for o in outcomes {
        let status = match o.status {
            super::EXIT_OK => "ok",
            super::EXIT_THREATS => "failing",
            _ => "errors",
        };
        let [c, h, m, l] = o.open;
        s.push_str(&format!(
            "{:<width$}  {:>7}  {c:>8}  {h:>4}  {m:>6}  {l:>3}  {status}\n",
            o.model, o.threats
        ));
    }
    s
}

/// Builds one model. `only`: it is the run's only model, so its data is
/// left for the process exit to free instead of being dropped piece by piece.
pub(super) fn build_one(file: &Path, args: &BuildArgs, today: Date, only: bool) -> Outcome {
    let mut o = Outcome {
        status: super::EXIT_OK,
        log: String::new(),
        model: super::shown(file),
        threats: 0,
        open: [0; 4],
    };
    let color = super::stderr_color();
    let started = std::time::Instant::now();
    let timings = Timings::new();
    let options = Options {
        today,
        fail_on: args.fail_on,
        observer: if args.timings { &timings } else { &Unobserved },
        overlay: None,
    };
    let c = compile(file, &options);
    let render = |diags: &[diagnostic::Diag]| {
        diagnostic::render(diags, c.sources(), RenderOptions { color, width: 100 })
    };
    o.log.push_str(&render(&c.resolved.diags));
    let Some(analysis) = &c.analysis else {
        let n = c
            .resolved
            .diags
            .iter()
            .filter(|d| d.level == Level::Error)
            .count();
        o.log.push_str(&format!(
            "{}: {n} error{}; nothing written\n",
            super::shown(file),
            if n == 1 { "" } else { "s" }
        ));
        o.status = super::EXIT_ERRORS;
        return o;
    };
    o.log.push_str(&render(c.warnings()));
    let dir = args.out.join(stem(file));
    if let Err((name, e)) = emit::write_to(&c, &args.format, &dir, options.observer) {
        o.log.push_str(&format!(
            "error: cannot write {}: {e}\n",
            super::shown(&dir.join(&name))
        ));
        o.status = super::EXIT_ERRORS;
        return o;
    }
    if args.timings {
        o.log.push_str(&format!(
            "timings of {}:\n{}  wall time {:.2} ms\n",
            super::shown(file),
            timings.table(),
            started.elapsed().as_secs_f64() * 1000.0
        ));
    }
    let open: Vec<_> = analysis
        .threats
        .iter()
        .filter(|t| t.status.is_open())
        .collect();
    let count = |s: Severity| open.iter().filter(|t| t.scores.severity == s).count();
    o.threats = analysis.threats.len();
    o.open = [
        count(Severity::Critical),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
    ];
    o.log.push_str(&format!(
        "built {} → {}: {} threats, {} open ({} critical, {} high, {} medium, {} low)\n",
        super::shown(file),
        super::shown(&dir),
        o.threats,
        open.len(),
        o.open[0],
        o.open[1],
        o.open[2],
        o.open[3]
    ));
    if let Some(level) = args.fail_on
        && c.failing()
    {
        o.log.push_str(&format!(
            "open threats at or above {}: failing\n",
            level.as_str()
        ));
        o.status = super::EXIT_THREATS;
    }
    if only {
        std::mem::forget(c);
    }
    o
}
