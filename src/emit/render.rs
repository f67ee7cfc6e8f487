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

impl Outputs<'_> {
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

/// The outputs, written to `dir` when given (then returned without their
/// contents, which are freed as soon as written).
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
    // Costliest first: they start first. The diagrams are drawn once for
    // the SVG files and the HTML page.
    use Format::*;
    let tasks: Vec<Format> = [Json, Svg, Sarif, Md, Csv, Dot, Summary, Td, Otm]
        .into_iter()
        .filter(|&f| want(f) || (f == Svg && want(Html)))
        .collect();
    let alone = tasks.len() == 1;
    // The operational layout, computed once by the first task that needs
    // it (the diagrams or threat-dragon.json); the other waits for it.
    let layout = std::sync::OnceLock::new();
    let laid_out = || layout.get_or_init(|| emit::svg::Prepared::new(model));
    let rendered: Vec<Task> = tasks
        .par_iter()
        .with_max_len(1)
        .map(|&task| {
            let mut out = Outputs {
                dir,
                t: Recorded::default(),
                files: Vec::new(),
                failed: None,
            };
            match task {
                // Alone, threats.json is rendered in pieces that the pool
                // spreads over the cores; beside the other outputs, those
                // keep the cores busy.
                Json if alone => out.one(
                    "threats.json",
                    Body::Stream(&|w| emit::json::write_json_on_every_core(&report, w)),
                ),
                Json => out.one(
                    "threats.json",
                    Body::Stream(&|w| emit::json::write_json(&report, w)),
                ),
                Sarif => out.one(
                    "threats.sarif",
                    Body::Stream(&|w| emit::sarif::write_sarif(model, &report, w)),
                ),
                Md => out.one(
                    "threats.md",
                    Body::Stream(&|w| emit::markdown::write_markdown(&report, w)),
                ),
                Csv => out.one(
                    "threats.csv",
                    Body::Stream(&|w| emit::csv::write_csv(&report, w)),
                ),
                Dot => out.one(
                    "operational.dot",
                    Body::Text(&|| emit::dot::operational_dot(model)),
                ),
                Td => out.one(
                    "threat-dragon.json",
                    Body::Stream(&|w| {
                        let lay = laid_out().as_ref().ok().map(|p| p.layout());
                        emit::threat_dragon::write_threat_dragon(model, analysis, lay, w)
                    }),
                ),
                Otm => out.one(
                    "otm.json",
                    Body::Stream(&|w| emit::otm::write_otm(model, analysis, w)),
                ),
                Summary => out.one(
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
                Svg | Html => {
                    // With a directory, each diagram is written as soon as
                    // it is drawn, and only the bytes the report embeds are
                    // kept.
                    let to_disk = dir.filter(|_| want(Svg));
                    let store = |name: &str, bytes: Vec<u8>| -> std::io::Result<Vec<u8>> {
                        let Some(dir) = to_disk else {
                            return Ok(bytes);
                        };
                        emit::write::atomic(&dir.join(name), &bytes)?;
                        let embedded = want(Html) && emit::html::embeds(&report, name);
                        Ok(if embedded { bytes } else { Vec::new() })
                    };
                    let diagrams = out.t.time("emit: svg (layout and drawing)", || {
                        emit::diagrams::diagrams_laid_out(model, analysis, laid_out(), &store)
                    });
                    match diagrams {
                        Err(e) => {
                            out.failed.get_or_insert(e);
                        }
                        Ok(diagrams) => {
                            if want(Html) {
                                out.one(
                                    "report.html",
                                    Body::Text(&|| emit::html::html(&report, &diagrams)),
                                );
                            }
                            if want(Svg) {
                                out.files.extend(diagrams);
                            }
                        }
                    }
                }
            }
            let written = out.failed.map_or(Ok(()), Err);
            (out.files, out.t, written)
        })
        .collect();
    let mut out = Vec::new();
    let mut failed = None;
    for (files, t, written) in rendered {
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
