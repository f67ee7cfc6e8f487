//! `vastc init [DIR] [--template NAME]`: writes a commented starter model.

use clap::Args;
use std::path::PathBuf;

/// The starter models, by template name.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "kubernetes",
        include_str!("../../templates/kubernetes.vast"),
    ),
    ("generic", include_str!("../../templates/generic.vast")),
];

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// A web application on Kubernetes: ingress, namespace, workloads, database.
    Kubernetes,
    /// A web app, an API, a database and a third party.
    Generic,
}

impl Template {
    pub fn text(self) -> &'static str {
        match self {
            Template::Kubernetes => TEMPLATES[0].1,
            Template::Generic => TEMPLATES[1].1,
        }
    }
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Directory to write `model.vast` into (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The starter model to write.
    #[arg(long, value_enum, default_value_t = Template::Kubernetes)]
    pub template: Template,
}

/// Runs `init`; returns the exit status.
pub fn run(args: &InitArgs) -> i32 {
    let path = args.dir.join("model.vast");
    if path.exists() {
        eprintln!(
            "error: {} already exists; not overwriting it (choose another directory)",
            super::shown(&path)
        );
        return super::EXIT_ERRORS;
    }
    if let Err(e) = std::fs::create_dir_all(&args.dir) {
        eprintln!("error: cannot create {}: {e}", super::shown(&args.dir));
        return super::EXIT_ERRORS;
    }
    // `create_new` so a file appearing meanwhile is not overwritten either.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(args.template.text().as_bytes())
        });
    if let Err(e) = written {
        eprintln!("error: cannot write {}: {e}", super::shown(&path));
        return super::EXIT_ERRORS;
    }
    eprintln!(
        "wrote {}; next: vastc check {0}, then vastc build {0}",
        super::shown(&path)
    );
    super::EXIT_OK
}
