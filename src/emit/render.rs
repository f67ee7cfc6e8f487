//! Every output of a [`Compilation`]: [`render`] keeps them in memory
//! (tests, fuzzing), [`write_to`] writes them into a directory, each file
//! atomically as soon as it is rendered so that writing overlaps the
//! rendering of the others. Independent outputs are rendered in parallel on
//! the one thread pool; the result is the same whatever finishes first.

use crate::compile::Compilation;
use crate::emit;
use crate::timings::{Observer, Recorded, Unobserved, observe};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

/// An output format (`vastc build --format`), in the order outputs are
/// listed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `operational.svg`, `app-<id>.svg`, `scenario-<id>.svg`, `focus-<boundary>.svg`.
    Svg,
    /// `threats.md`.
    Md,
    /// `threats.csv`.
    Csv,
    /// `threats.json`.
    Json,
    /// `threats.sarif`.
    Sarif,
    /// `report.html`.
    Html,
    /// `operational.dot`.
    Dot,
    /// `summary.md`.
    Summary,
    /// `threat-dragon.json` (Threat Dragon v2).
    Td,
    /// `otm.json` (Open Threat Model).
    Otm,
}

impl Format {
    /// Every format, in the order outputs are listed.
    pub const ALL: [Format; 10] = [
        Format::Svg,
        Format::Md,
        Format::Csv,
        Format::Json,
        Format::Sarif,
        Format::Html,
        Format::Dot,
        Format::Summary,
        Format::Td,
        Format::Otm,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Html => "html",
            Format::Dot => "dot",
            Format::Summary => "summary",
            Format::Td => "td",
            Format::Otm => "otm",
        }
    }

    /// Where an output file is listed: the position of its format in
    /// [`Format::ALL`] (diagrams keep their own order among themselves).
    fn rank(file: &str) -> usize {
        let format = match file {
            "threat-dragon.json" => "td",
            "otm.json" => "otm",
            "summary.md" => "summary",
            _ => file.rsplit('.').next().unwrap_or(""),
        };
        Format::ALL
            .iter()
            .position(|f| f.name() == format)
            .unwrap_or(Format::ALL.len())
    }
}

/// A file that could not be written: its name and the error.
pub type WriteError = (String, std::io::Error);

/// The outputs of a compilation, as (file name, contents), in
/// [`Format::ALL`] order (every format when `formats` is empty). A model
/// with errors has none.
pub fn render(c: &Compilation, formats: &[Format]) -> Vec<(String, Vec<u8>)> {
    // Without a directory nothing is written, so nothing can fail.
    outputs(c, formats, None, &Unobserved).unwrap_or_default()
}

/// Writes the outputs of a compilation into `dir` (created when missing),
/// each atomically as soon as it is rendered, and reports each output to
/// `observer`. Temporary files an interrupted build left there are removed
/// first; when diagrams are written, diagrams of this model's earlier
/// builds that it no longer has (a deleted scenario's) are removed after.
/// Returns the names of the files written, in [`Format::ALL`] order.
pub fn write_to(
    c: &Compilation,
    formats: &[Format],
    dir: &Path,
    observer: &dyn Observer,
) -> Result<Vec<String>, WriteError> {
    emit::write::remove_stale_temps(dir);
    let written: Vec<String> = outputs(c, formats, Some(dir), observer)?
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    if formats.is_empty() || formats.contains(&Format::Svg) {
        let names: BTreeSet<String> = written.iter().cloned().collect();
        emit::write::remove_stale_diagrams(dir, &names);
    }
    Ok(written)
}

/// How an output is rendered: as one text, or written piece by piece.
enum Body<'a> {
    Text(&'a dyn Fn() -> String),
    Stream(&'a dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>),
}

/// The outputs of one parallel task as they are rendered: with a
/// directory, each is written as soon as it is rendered (a streamed one
/// while it is) and kept without its bytes.
struct Outputs<'d> {
    dir: Option<&'d Path>,
    t: Recorded,
    files: Vec<(String, Vec<u8>)>,
    /// The first file that could not be written.
    failed: Option<WriteError>,
}

impl<'d> Outputs<'d> {
    /// No output yet, to be written to `dir` when given.
    fn new(dir: Option<&'d Path>) -> Self {
        Outputs {
            dir,
            t: Recorded::default(),
            files: Vec::new(),
            failed: None,
        }
    }

    /// Diagrams drawn in one go as `stage`: kept as files, or the first
    /// that could not be written.
    fn diagrams(
        &mut self,
        stage: &str,
        draw: impl FnOnce() -> Result<Vec<(String, Vec<u8>)>, WriteError>,
    ) {
        match self.t.time(stage, draw) {
            Ok(diagrams) => self.files.extend(diagrams),
            Err(e) => {
                self.failed.get_or_insert(e);
            }
        }
    }

    /// What was rendered, as a [`Task`].
    fn task(self) -> Task {
        (self.files, self.t, self.failed.map_or(Ok(()), Err))
    }

    /// Renders the output `name` (and writes it when there is a directory).
    fn one(&mut self, name: &str, body: Body) {
        let label = format!("emit: {name}");
        let t = &mut self.t;
        let written = match (body, self.dir) {
            (Body::Text(f), None) => Ok(t.time(&label, f).into_bytes()),
            (Body::Stream(f), None) => Ok(t.time(&label, || emit::write::text(f)).into_bytes()),
            (Body::Text(f), Some(dir)) => {
                let text = t.time(&label, f);
                let path = dir.join(name);
                t.time("write files", || {
                    emit::write::atomic(&path, text.as_bytes())
                })
                .map(|()| Vec::new())
            }
            (Body::Stream(f), Some(dir)) => {
                let path = dir.join(name);
                t.time(&label, || emit::write::atomic_with(&path, f))
                    .map(|()| Vec::new())
            }
        };
        match written {
            Ok(bytes) => self.files.push((name.to_string(), bytes)),
            Err(e) => {
                self.files.push((name.to_string(), Vec::new()));
                self.failed.get_or_insert((name.to_string(), e));
            }
        }
    }
}

/// What one parallel task rendered: its files (emptied once written),
/// its stages, and whether writing them failed.
type Task = (Vec<(String, Vec<u8>)>, Recorded, Result<(), WriteError>);

/// A part of the outputs that one parallel task renders without the
/// operational layout: one file, named after its [`Format`], or the
/// regions' diagrams.
#[derive(Clone, Copy, PartialEq)]
enum Part {
    Json,
    Sarif,
    Md,
    Csv,
    Dot,
    Summary,
    Otm,
    /// The scenario diagrams and focus views, each laid out on its own.
    Regions,
}

/// The outputs, written to `dir` when given (then returned without their
/// contents, which are freed as soon as written).
///
/// The operational layout is the longest serial step of a large model's
/// build, so it starts first, on one core, while the other cores render
/// every output that does not need it (the focus views among them); the
/// operational diagram and `threat-dragon.json` are then drawn over it,
/// and `report.html` last, around every diagram.
fn outputs(
    c: &Compilation,
    formats: &[Format],
    dir: Option<&Path>,
    observer: &dyn Observer,
) -> Result<Vec<(String, Vec<u8>)>, WriteError> {
    let Some(analysis) = &c.analysis else {
        return Ok(Vec::new());
    };
    let model = c.model();
    let want = |f: Format| formats.is_empty() || formats.contains(&f);
    let report = observe(observer, "emit: threat report", || {
        emit::report::report(model, analysis)
    });
    use Format::*;
    // The diagrams are drawn once for the SVG files and the HTML page.
    let drawn = want(Svg) || want(Html);
    let base = drawn.then(|| emit::diagrams::base(model, analysis));
    // With a directory, each diagram is written as soon as it is drawn,
    // and only the bytes the report embeds are kept.
    let to_disk = dir.filter(|_| want(Svg));
    let store = |name: &str, bytes: Vec<u8>| -> std::io::Result<Vec<u8>> {
        let Some(dir) = to_disk else {
            return Ok(bytes);
        };
        emit::write::atomic(&dir.join(name), &bytes)?;
        let embedded = want(Html) && emit::html::embeds(&report, name);
        Ok(if embedded { bytes } else { Vec::new() })
    };
    // Costliest first: they start first.
    let parts: Vec<Part> = [
        (Json, Part::Json),
        (Svg, Part::Regions),
        (Sarif, Part::Sarif),
        (Md, Part::Md),
        (Csv, Part::Csv),
        (Dot, Part::Dot),
        (Summary, Part::Summary),
        (Otm, Part::Otm),
    ]
    .into_iter()
    .filter(|&(f, _)| want(f) || (f == Svg && drawn))
    .map(|(_, part)| part)
    .collect();
    let alone = parts == [Part::Json] && !want(Td);
    let part = |&part: &Part| {
        let mut out = Outputs::new(dir);
        match part {
            Part::Regions => {
                if let Some(base) = &base {
                    out.diagrams("emit: svg (scenarios and focus views)", || {
                        emit::diagrams::regions(model, analysis, base, &store)
                    });
                }
            }
            // Alone, threats.json is rendered in pieces that the pool
            // spreads over the cores; beside the other outputs, those keep
            // the cores busy.
            Part::Json if alone => out.one(
                "threats.json",
                Body::Stream(&|w| emit::json::write_json_on_every_core(&report, w)),
            ),
            Part::Json => out.one(
                "threats.json",
                Body::Stream(&|w| emit::json::write_json(&report, w)),
            ),
            Part::Sarif => out.one(
                "threats.sarif",
                Body::Stream(&|w| emit::sarif::write_sarif(model, &report, w)),
            ),
            Part::Md => out.one(
                "threats.md",
                Body::Stream(&|w| emit::markdown::write_markdown(&report, w)),
            ),
            Part::Csv => out.one(
                "threats.csv",
                Body::Stream(&|w| emit::csv::write_csv(&report, w)),
            ),
            Part::Dot => out.one(
                "operational.dot",
                Body::Text(&|| emit::dot::operational_dot(model)),
            ),
            Part::Summary => out.one(
                "summary.md",
                Body::Text(&|| {
                    let full = want(Html).then_some("report.html");
                    let options = emit::summary::Options {
                        fail_on: c.fail_on,
                        report: full,
                    };
                    emit::summary::summary(&report, &options)
                }),
            ),
            Part::Otm => out.one(
                "otm.json",
                Body::Stream(&|w| emit::otm::write_otm(model, analysis, w)),
            ),
        }
        out.task()
    };
    // The operational layout, then what is drawn over it: the operational
    // and app diagrams beside threat-dragon.json.
    let laid_out = || {
        let mut t = Recorded::default();
        let prepared = t.time("emit: operational layout", || {
            emit::svg::Prepared::new(model)
        });
        let (main, td) = rayon::join(
            || {
                let mut out = Outputs::new(dir);
                if let Some(base) = &base {
                    out.diagrams("emit: svg (operational and apps)", || {
                        emit::diagrams::main(model, analysis, base, &prepared, &store)
                    });
                }
                out.task()
            },
            || {
                let mut out = Outputs::new(dir);
                if want(Td) {
                    out.one(
                        "threat-dragon.json",
                        Body::Stream(&|w| {
                            let lay = prepared.as_ref().ok().map(|p| p.layout());
                            emit::threat_dragon::write_threat_dragon(model, analysis, lay, w)
                        }),
                    );
                }
                out.task()
            },
        );
        (t, main, td)
    };
    let (laid, mut rest): (Option<_>, Vec<Task>) = rayon::join(
        || (drawn || want(Td)).then(laid_out),
        || parts.par_iter().with_max_len(1).map(part).collect(),
    );
    // Each task's stages are reported in this order: the layout's, the
    // diagrams', report.html's, the other parts', threat-dragon.json's.
    let mut tasks: Vec<Task> = Vec::new();
    // The diagrams in their order: the operational and app diagrams, then
    // the regions'.
    let regions = parts
        .iter()
        .position(|&p| p == Part::Regions)
        .map(|k| rest.remove(k));
    let mut td = None;
    if let Some((t, main, with_td)) = laid {
        tasks.push((Vec::new(), t, Ok(())));
        tasks.push(main);
        td = Some(with_td);
    }
    tasks.extend(regions);
    let mut diagrams = Vec::new();
    for task in &mut tasks {
        diagrams.append(&mut task.0);
    }
    if want(Html) && tasks.iter().all(|task| task.2.is_ok()) {
        let mut out = Outputs::new(dir);
        out.one(
            "report.html",
            Body::Text(&|| emit::html::html(&report, &diagrams)),
        );
        tasks.push(out.task());
    }
    if want(Svg) {
        tasks.push((diagrams, Recorded::default(), Ok(())));
    }
    tasks.extend(rest);
    tasks.extend(td);
    let mut out = Vec::new();
    let mut failed = None;
    for (files, t, written) in tasks {
        t.report(observer);
        out.extend(files);
        if let Err(e) = written {
            failed.get_or_insert(e);
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    // In Format::ALL order (a stable sort: the diagrams keep their order).
    out.sort_by_key(|(name, _)| Format::rank(name));
    Ok(out)
}
