//! `vastc build FILE|DIR… -o DIR`: compiles each root model into `DIR/<stem>/`,
//! several models in parallel, their messages in input order.

use crate::analysis::{self, Severity};
use crate::diagnostic::{self, Level, RenderOptions};
use crate::emit;
use crate::resolve;
use crate::syntax::ast::Date;
use crate::timings::Timings;
use clap::Args;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Every output format, in the order they are written.
pub const FORMATS: &[&str] = &[
    "svg", "md", "csv", "json", "sarif", "html", "dot", "summary", "td", "otm",
];

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
    #[arg(long, value_delimiter = ',')]
    pub format: Vec<String>,
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

/// The outputs of one model, as (file name, contents), in [`FORMATS`]
/// order (all formats when `formats` is empty). Independent outputs are
/// rendered in parallel.
pub fn render(
    model: &crate::model::Model,
    analysis: &analysis::Analysis,
    formats: &[String],
) -> Vec<(String, Vec<u8>)> {
    // Without a directory nothing is written, so nothing can fail.
    render_timed(
        model,
        analysis,
        formats,
        None,
        &mut Timings::new(false),
        None,
    )
    .unwrap_or_default()
}

/// A file that could not be written: its name and the error.
pub type WriteError = (String, std::io::Error);

/// [`render`], recording how long each output took. With `dir`, each
/// output is also written there (atomically) as soon as it is rendered,
/// so writing overlaps the rendering of the others. `fail_on` is what
/// `summary.md` lists as failing.
pub fn render_timed(
    model: &crate::model::Model,
    analysis: &analysis::Analysis,
    formats: &[String],
    fail_on: Option<Severity>,
    timings: &mut Timings,
    dir: Option<&Path>,
) -> Result<Vec<(String, Vec<u8>)>, WriteError> {
    let want = |f: &str| formats.is_empty() || formats.iter().any(|x| x == f);
    let report = timings.time("emit: threat report", || {
        emit::report::report(model, analysis)
    });
    // Costliest first: they start first. The diagrams are drawn once for
    // the SVG files and the HTML page.
    let tasks: Vec<&str> = [
        "json", "svg", "sarif", "md", "csv", "dot", "summary", "td", "otm",
    ]
    .into_iter()
    .filter(|f| want(f) || (*f == "svg" && want("html")))
    .collect();
    let on = timings.on();
    let rendered = crate::parallel::map(&tasks, |&task| {
        let mut t = Timings::new(on);
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut one = |name: &str, f: &dyn Fn() -> String| {
            let text = t.time(&format!("emit: {name}"), f);
            files.push((name.to_string(), text.into_bytes()));
        };
        match task {
            // Alone, threats.json is rendered on every core; beside the
            // other outputs, those have the cores.
            "json" if tasks.len() == 1 => {
                one("threats.json", &|| emit::json::json_on_every_core(&report))
            }
            "json" => one("threats.json", &|| emit::json::json(&report)),
            "sarif" => one("threats.sarif", &|| emit::sarif::sarif(model, &report)),
            "md" => one("threats.md", &|| emit::markdown::markdown(&report)),
            "csv" => one("threats.csv", &|| emit::csv::csv(&report)),
            "dot" => one("operational.dot", &|| emit::dot::operational_dot(model)),
            "td" => one("threat-dragon.json", &|| {
                emit::threat_dragon::export(model, analysis)
            }),
            "otm" => one("otm.json", &|| emit::otm::otm(model, analysis)),
            "summary" => one("summary.md", &|| {
                let full = want("html").then_some("report.html");
                let options = emit::summary::Options {
                    fail_on,
                    report: full,
                };
                emit::summary::summary(&report, &options)
            }),
            _ => {
                let diagrams = t.time("emit: svg (layout and drawing)", || {
                    emit::diagrams::diagrams(model, analysis)
                });
                if want("html") {
                    let html = t.time("emit: report.html", || emit::html::html(&report, &diagrams));
                    files.push(("report.html".to_string(), html.into_bytes()));
                }
                if want("svg") {
                    files.extend(diagrams);
                }
            }
        }
        let written = match dir {
            Some(dir) => t.time("write files", || {
                files.iter().try_for_each(|(name, bytes)| {
                    emit::write::atomic(&dir.join(name), bytes).map_err(|e| (name.clone(), e))
                })
            }),
            None => Ok(()),
        };
        (files, t, written)
    });
    let mut out = Vec::new();
    let mut failed = None;
    for (files, t, written) in rendered {
        timings.absorb(t);
        out.extend(files);
        if let Err(e) = written {
            failed.get_or_insert(e);
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    // In FORMATS order whatever thread finished first.
    let rank = |name: &str| {
        let format = match name {
            "threat-dragon.json" => "td",
            "otm.json" => "otm",
            "summary.md" => "summary",
            _ => name.rsplit('.').next().unwrap_or(""),
        };
        FORMATS
            .iter()
            .position(|f| *f == format)
            .unwrap_or(FORMATS.len())
    };
    out.sort_by_key(|(name, _)| rank(name));
    Ok(out)
}

/// Runs `build`; returns the exit status: the worst of the models'.
pub fn run(args: &BuildArgs) -> i32 {
    if let Some(bad) = args.format.iter().find(|f| !FORMATS.contains(&f.as_str())) {
        eprintln!(
            "error: unknown format `{bad}`; formats: {}",
            FORMATS.join(",")
        );
        return super::EXIT_ERRORS;
    }
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
            let found = super::roots::roots(a)
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
struct Outcome {
    status: i32,
    /// Everything the build says on stderr, printed in input order.
    log: String,
    model: String,
    threats: usize,
    /// Open threats: critical, high, medium, low.
    open: [usize; 4],
}

/// Builds the models on up to `available_parallelism` threads; each log is
/// printed as soon as the logs of the models before it are.
fn build_all(models: &[PathBuf], args: &BuildArgs, today: Date) -> Vec<Outcome> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(models.len())
        .max(1);
    let progress = models.len() > 1 && std::io::stderr().is_terminal();
    let next = AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::channel();
    let mut done: Vec<Option<Outcome>> = models.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = models.get(i) else { break };
                    if send
                        .send((i, build_one(file, args, today, models.len() == 1)))
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        drop(send);
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
fn build_one(file: &Path, args: &BuildArgs, today: Date, only: bool) -> Outcome {
    let mut o = Outcome {
        status: super::EXIT_OK,
        log: String::new(),
        model: super::shown(file),
        threats: 0,
        open: [0; 4],
    };
    let color = super::stderr_color();
    let started = std::time::Instant::now();
    let mut timings = Timings::new(args.timings);
    let r = timings.time("parse and resolve", || resolve::resolve_path(file));
    o.log.push_str(&diagnostic::render(
        &r.diags,
        r.sources(),
        RenderOptions { color, width: 100 },
    ));
    if r.has_errors() {
        let n = r.diags.iter().filter(|d| d.level == Level::Error).count();
        o.log.push_str(&format!(
            "{}: {n} error{}; nothing written\n",
            super::shown(file),
            if n == 1 { "" } else { "s" }
        ));
        o.status = super::EXIT_ERRORS;
        return o;
    }
    let analysis = analysis::analyze_timed(&r.model, today, &mut timings);
    o.log.push_str(&diagnostic::render(
        &analysis.warnings,
        r.sources(),
        RenderOptions { color, width: 100 },
    ));
    let dir = args.out.join(stem(file));
    emit::write::remove_stale_temps(&dir);
    let outputs = match render_timed(
        &r.model,
        &analysis,
        &args.format,
        args.fail_on,
        &mut timings,
        Some(&dir),
    ) {
        Ok(outputs) => outputs,
        Err((name, e)) => {
            o.log.push_str(&format!(
                "error: cannot write {}: {e}\n",
                super::shown(&dir.join(&name))
            ));
            o.status = super::EXIT_ERRORS;
            return o;
        }
    };
    if args.format.is_empty() || args.format.iter().any(|f| f == "svg") {
        let written = outputs.iter().map(|(name, _)| name.clone()).collect();
        emit::write::remove_stale_diagrams(&dir, &written);
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
        && open.iter().any(|t| t.scores.severity >= level)
    {
        o.log.push_str(&format!(
            "open threats at or above {}: failing\n",
            level.as_str()
        ));
        o.status = super::EXIT_THREATS;
    }
    if only {
        std::mem::forget(outputs);
        std::mem::forget(analysis);
        std::mem::forget(r);
    }
    o
}
