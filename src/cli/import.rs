//! `vastc import k8s FILE…|DIR`: Kubernetes manifests → a `.vast` model on
//! stdout; notes about skipped objects on stderr. `vastc import
//! td|otm|threagile|pytm FILE [-o OUT]`: another tool's threat model → a model
//! on stdout or in OUT; notes about what it cannot hold on stderr.

use crate::diagnostic::{self, Diag, RenderOptions};
use crate::import::{self, Input};
use crate::interchange::{self, Format};
use crate::source::SourceMap;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(Subcommand, Debug)]
pub enum Source {
    /// Reads Kubernetes YAML manifests (files or directories) and prints a model.
    K8s(K8sArgs),
    /// Reads an OWASP Threat Dragon v2 JSON model.
    Td(FileArgs),
    /// Reads an Open Threat Model file (JSON or YAML).
    Otm(FileArgs),
    /// Reads a Threagile YAML model.
    Threagile(FileArgs),
    /// Reads the JSON OWASP pytm writes (`python tm.py --json FILE`).
    Pytm(FileArgs),
}

#[derive(Args, Debug)]
pub struct FileArgs {
    /// The file to import.
    pub file: PathBuf,
    /// Write the model to OUT instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct K8sArgs {
    /// Manifest files, or directories searched for `*.yaml` and `*.yml`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Namespace of the objects that name none (as `kubectl apply -n NS`).
    #[arg(short = 'n', long = "namespace", value_name = "NS")]
    pub namespace: Option<String>,
}

/// Runs `import`; returns the exit status.
pub fn run(args: &ImportArgs) -> i32 {
    match &args.source {
        Source::K8s(k) => k8s(k),
        Source::Td(f) => foreign(Format::ThreatDragon, f),
        Source::Otm(f) => foreign(Format::Otm, f),
        Source::Threagile(f) => foreign(Format::Threagile, f),
        Source::Pytm(f) => foreign(Format::Pytm, f),
    }
}

fn foreign(format: Format, args: &FileArgs) -> i32 {
    let shown = display(&args.file);
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let fail = |message: String, help: &str| {
        report(
            &[Diag::global("vast::import::unreadable", message).help(help.to_string())],
            &SourceMap::default(),
        );
        super::EXIT_ERRORS
    };
    let Some(decoded) = crate::resolve::read_regular_decoded(&args.file) else {
        return fail(
            format!("cannot read {shown}"),
            "name a regular UTF-8 text file of at most 16 MiB that you may read",
        );
    };
    // Replacing bytes that are not UTF-8 would put U+FFFD into names and
    // IDs without a word: refuse the file instead, as the help says.
    if let Some(bad) = decoded.invalid.first() {
        return fail(
            format!("{shown} is not UTF-8 text (byte {} is not)", bad.start),
            "save the file as UTF-8 and import it again",
        );
    }
    let text = decoded.text;
    match interchange::import(format, &name, &text) {
        Ok(imported) => {
            for n in &imported.notes {
                eprintln!("{n}");
            }
            match &args.output {
                Some(out) => match crate::emit::write::atomic(out, imported.vast.as_bytes()) {
                    Ok(()) => super::EXIT_OK,
                    Err(e) => fail(
                        format!("cannot write {}: {e}", display(out)),
                        "check the directory exists and is writable",
                    ),
                },
                None => {
                    print!("{}", imported.vast);
                    super::EXIT_OK
                }
            }
        }
        Err(failed) => {
            report(&failed.diags, &failed.sources);
            super::EXIT_ERRORS
        }
    }
}

fn k8s(args: &K8sArgs) -> i32 {
    let mut inputs = Vec::new();
    let mut diags = Vec::new();
    for (path, name) in files(&args.paths, &mut diags) {
        let shown = display(&path);
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => inputs.push(Input { name, text }),
                Err(_) => diags.push(
                    Diag::global(
                        "vast::import::unreadable",
                        format!("{shown} is not UTF-8 text"),
                    )
                    .help("manifests are YAML text in UTF-8"),
                ),
            },
            Err(e) => diags.push(
                Diag::global(
                    "vast::import::unreadable",
                    format!("cannot read {shown}: {e}"),
                )
                .help("check the path and its permissions"),
            ),
        }
    }
    if !diags.is_empty() {
        report(&diags, &SourceMap::default());
        return super::EXIT_ERRORS;
    }
    match import::k8s_in(&inputs, args.namespace.as_deref()) {
        Ok(imported) => {
            if !imported.warnings.is_empty() {
                report(&imported.warnings, &imported.sources);
            }
            for n in &imported.notes {
                eprintln!("{n}");
            }
            print!("{}", imported.vast);
            super::EXIT_OK
        }
        Err(failed) => {
            report(&failed.diags, &failed.sources);
            super::EXIT_ERRORS
        }
    }
}

fn report(diags: &[Diag], sources: &SourceMap) {
    let text = diagnostic::render(
        diags,
        sources,
        RenderOptions {
            color: super::stderr_color(),
            width: 100,
        },
    );
    eprint!("{text}");
}

/// The files to read with the names shown for them: a file by its file
/// name; a directory's `*.yaml`/`*.yml` files below it, sorted, named
/// by their path inside it.
fn files(paths: &[PathBuf], diags: &mut Vec<Diag>) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            if found.is_empty() {
                diags.push(
                    Diag::global(
                        "vast::import::no_manifests",
                        format!("no *.yaml or *.yml files in {}", display(p)),
                    )
                    .help("name manifest files or a directory that holds them"),
                );
            }
            for f in found {
                let rel = f.strip_prefix(p).unwrap_or(&f);
                out.push((f.clone(), display(rel)));
            }
        } else {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| display(p));
            out.push((p.clone(), name));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(path);
        }
    }
}

/// A path as shown to users: `/`-separated; an absolute path by its file name only.
fn display(p: &Path) -> String {
    if p.is_absolute() {
        return p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    p.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}
