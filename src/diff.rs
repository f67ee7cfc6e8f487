//! Diff: what changed between two versions of a model (files, or
//! directories such as two checkouts): threats added, removed, re-scored and
//! re-statused, elements and flows added and removed ([`compare`]), as
//! Markdown fit for a pull-request comment ([`markdown`]) or JSON
//! ([`json`]), and the new version's diagram with the additions in green
//! ([`diagram`], `diff.svg`). [`diff_paths`] compiles both versions and
//! pairs their models; [`crate::git`] gives the old version from a git
//! revision.

use crate::analysis::{Analysis, Threat};
use crate::compile::{Compilation, Options, compile};
use crate::emit::escape::{code, code_into, markdown as md};
use crate::emit::{DiagramOptions, Highlight};
use crate::model::Model;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One threat as the diff shows it.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ThreatRef {
    pub id: String,
    pub title: String,
    pub severity: String,
    pub score: f64,
    pub status: String,
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Change {
    pub id: String,
    pub title: String,
    pub from: String,
    pub to: String,
}

/// The differences of one model.
#[derive(Serialize, Debug, Clone, PartialEq, Default)]
pub struct ModelDiff {
    pub model: String,
    pub threats_added: Vec<ThreatRef>,
    pub threats_removed: Vec<ThreatRef>,
    pub rescored: Vec<Change>,
    pub status_changed: Vec<Change>,
    pub elements_added: Vec<String>,
    pub elements_removed: Vec<String>,
    pub flows_added: Vec<String>,
    pub flows_removed: Vec<String>,
}

impl ModelDiff {
    /// New threats that are open.
    pub fn new_open(&self) -> usize {
        self.threats_added
            .iter()
            .filter(|t| t.status == "open" || t.status == "in-progress")
            .count()
    }
}

impl ThreatRef {
    /// How `t` is listed.
    pub fn of(t: &Threat) -> ThreatRef {
        ThreatRef {
            id: t.id.clone(),
            title: t.title.to_string(),
            severity: t.scores.severity.as_str().into(),
            score: t.scores.environmental,
            status: t.status.as_str().into(),
        }
    }
}

/// Compares two analysed models.
pub fn compare(name: &str, old: (&Model, &[Threat]), new: (&Model, &[Threat])) -> ModelDiff {
    let by_id = |ts: &[Threat]| -> BTreeMap<String, Threat> {
        ts.iter().map(|t| (t.id.clone(), t.clone())).collect()
    };
    let (o, n) = (by_id(old.1), by_id(new.1));
    let mut d = ModelDiff {
        model: name.to_string(),
        ..Default::default()
    };
    for (id, t) in &n {
        match o.get(id) {
            None => d.threats_added.push(ThreatRef::of(t)),
            Some(before) => {
                if before.scores.environmental != t.scores.environmental {
                    d.rescored.push(Change {
                        id: id.clone(),
                        title: t.title.to_string(),
                        from: format!(
                            "{:.1} {}",
                            before.scores.environmental,
                            before.scores.severity.as_str()
                        ),
                        to: format!(
                            "{:.1} {}",
                            t.scores.environmental,
                            t.scores.severity.as_str()
                        ),
                    });
                }
                if before.status != t.status {
                    d.status_changed.push(Change {
                        id: id.clone(),
                        title: t.title.to_string(),
                        from: before.status.as_str().into(),
                        to: t.status.as_str().into(),
                    });
                }
            }
        }
    }
    d.threats_removed = o
        .iter()
        .filter(|(id, _)| !n.contains_key(*id))
        .map(|(_, t)| ThreatRef::of(t))
        .collect();
    let ids = |m: &Model| -> (Vec<String>, Vec<String>) {
        (
            m.elements.iter().map(|e| e.id.clone()).collect(),
            m.flows.iter().map(|f| f.id.clone()).collect(),
        )
    };
    let ((oe, of), (ne, nf)) = (ids(old.0), ids(new.0));
    let added = |a: &[String], b: &[String]| -> Vec<String> {
        let before: BTreeSet<&String> = a.iter().collect();
        let mut v: Vec<String> = b.iter().filter(|x| !before.contains(x)).cloned().collect();
        v.sort();
        v
    };
    d.elements_added = added(&oe, &ne);
    d.elements_removed = added(&ne, &oe);
    d.flows_added = added(&of, &nf);
    d.flows_removed = added(&nf, &of);
    d.threats_added
        .sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    d
}

/// The Markdown of a diff, for a pull-request comment.
pub fn markdown(diffs: &[ModelDiff]) -> String {
    let mut out = String::from("## Threat model changes\n\n");
    for d in diffs {
        out.push_str("### ");
        code_into(&mut out, &d.model, false);
        out.push_str("\n\n");
        let nothing = d.threats_added.is_empty()
            && d.threats_removed.is_empty()
            && d.rescored.is_empty()
            && d.status_changed.is_empty()
            && d.elements_added.is_empty()
            && d.elements_removed.is_empty()
            && d.flows_added.is_empty()
            && d.flows_removed.is_empty();
        if nothing {
            out.push_str("No change to threats, elements or flows.\n\n");
            continue;
        }
        out.push_str(&format!(
            "{} threat(s) added ({} open), {} removed, {} re-scored, {} with a new status.\n\n",
            d.threats_added.len(),
            d.new_open(),
            d.threats_removed.len(),
            d.rescored.len(),
            d.status_changed.len()
        ));
        let threats = |out: &mut String, title: &str, ts: &[ThreatRef]| {
            if ts.is_empty() {
                return;
            }
            out.push_str(&format!("**{title}**\n\n| Threat | Title | Severity | Score | Status |\n|---|---|---|---|---|\n"));
            for t in ts {
                out.push_str(&format!(
                    "| {} | {} | {} | {:.1} | {} |\n",
                    code(&t.id),
                    md(&t.title),
                    t.severity,
                    t.score,
                    t.status
                ));
            }
            out.push('\n');
        };
        threats(&mut out, "Added threats", &d.threats_added);
        threats(&mut out, "Removed threats", &d.threats_removed);
        let changes = |out: &mut String, title: &str, cs: &[Change]| {
            if cs.is_empty() {
                return;
            }
            out.push_str(&format!(
                "**{title}**\n\n| Threat | Title | Before | After |\n|---|---|---|---|\n"
            ));
            for c in cs {
                out.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    code(&c.id),
                    md(&c.title),
                    md(&c.from),
                    md(&c.to)
                ));
            }
            out.push('\n');
        };
        changes(&mut out, "Re-scored", &d.rescored);
        changes(&mut out, "Status changed", &d.status_changed);
        for (title, list) in [
            ("Elements added", &d.elements_added),
            ("Elements removed", &d.elements_removed),
            ("Flows added", &d.flows_added),
            ("Flows removed", &d.flows_removed),
        ] {
            if !list.is_empty() {
                out.push_str(&format!("**{title}:** "));
                for (i, id) in list.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    code_into(&mut out, id, false);
                }
                out.push_str("\n\n");
            }
        }
    }
    out
}

/// The JSON of a diff: an array with one object per model.
pub fn json(diffs: &[ModelDiff]) -> String {
    serde_json::to_string_pretty(diffs).unwrap_or_default()
}

/// Why two versions could not be compared.
pub enum Error {
    /// A directory could not be read.
    Read(PathBuf, std::io::Error),
    /// A model has errors: its compilation, for its diagnostics.
    Model(Box<Compilation>),
}

/// Root models of a path, keyed by their path relative to it (a file: its name).
fn models(path: &Path) -> Result<BTreeMap<String, PathBuf>, Error> {
    if path.is_dir() {
        let roots = crate::roots::roots(path).map_err(|e| Error::Read(path.to_path_buf(), e))?;
        Ok(roots
            .into_iter()
            .map(|r| {
                let rel = r
                    .strip_prefix(path)
                    .unwrap_or(&r)
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, r)
            })
            .collect())
    } else {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(BTreeMap::from([(name, path.to_path_buf())]))
    }
}

/// The model and analysis of one version; the compilation itself when the
/// model has errors.
fn analyse(path: &Path, options: &Options) -> Result<(Model, Analysis), Error> {
    let c = compile(path, options);
    match c.analysis {
        Some(a) => Ok((c.resolved.model, a)),
        None => Err(Error::Model(Box::new(c))),
    }
}

/// Compiles both versions and compares their models, paired by path
/// relative to `old` and `new` (a single file on each side pairs with the
/// other); a model on one side only is compared with an empty one. Stops at
/// the first model with errors.
pub fn diff_paths(old: &Path, new: &Path, options: &Options) -> Result<Vec<ModelDiff>, Error> {
    Ok(compare_paths(old, new, options, None)?
        .into_iter()
        .map(|c| c.diff)
        .collect())
}

/// One model's differences and, when asked for, its `diff.svg`.
pub struct Compared {
    pub diff: ModelDiff,
    /// The new version's operational diagram with what was added
    /// highlighted; `None` when not asked for or when the model is gone.
    pub diagram: Option<String>,
}

/// [`diff_paths`], with each new version's [`diagram`] when `since` names
/// the old version for the diagram's title.
pub fn compare_paths(
    old: &Path,
    new: &Path,
    options: &Options,
    since: Option<&str>,
) -> Result<Vec<Compared>, Error> {
    let (old_models, new_models) = match (models(old), models(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let pairs: Vec<(String, Option<PathBuf>, Option<PathBuf>)> =
        if old_models.len() == 1 && new_models.len() == 1 && !old.is_dir() {
            let (name, o) = old_models.into_iter().next().unwrap_or_default();
            let n = new_models.into_values().next();
            vec![(name, Some(o), n)]
        } else {
            let mut names: Vec<String> = old_models
                .keys()
                .chain(new_models.keys())
                .cloned()
                .collect();
            names.sort();
            names.dedup();
            names
                .into_iter()
                .map(|k| {
                    (
                        k.clone(),
                        old_models.get(&k).cloned(),
                        new_models.get(&k).cloned(),
                    )
                })
                .collect()
        };
    let empty = Model::default();
    let mut out = Vec::new();
    for (name, o, n) in pairs {
        let old_a = o.as_deref().map(|p| analyse(p, options)).transpose()?;
        let new_a = n.as_deref().map(|p| analyse(p, options)).transpose()?;
        let old_ref = old_a
            .as_ref()
            .map(|(m, a)| (m, a.threats.as_slice()))
            .unwrap_or((&empty, &[]));
        let new_ref = new_a
            .as_ref()
            .map(|(m, a)| (m, a.threats.as_slice()))
            .unwrap_or((&empty, &[]));
        let diff = compare(&name, old_ref, new_ref);
        let diagram = match (since, &new_a) {
            (Some(since), Some((m, a))) => Some(diagram(m, a, &diff, since)),
            _ => None,
        };
        out.push(Compared { diff, diagram });
    }
    Ok(out)
}

/// The new version's operational diagram (`diff.svg`): every element and
/// flow as on `operational.svg`, with threat badges, and those `d` lists as
/// added drawn in green (`data-highlight="added"`); the title says since
/// what and what was removed.
pub fn diagram(model: &Model, analysis: &Analysis, d: &ModelDiff, since: &str) -> String {
    let added: BTreeSet<&str> = d
        .elements_added
        .iter()
        .chain(&d.flows_added)
        .map(String::as_str)
        .collect();
    let mut highlight: BTreeMap<String, Highlight> = model
        .elements
        .iter()
        .map(|e| {
            let h = if added.contains(e.id.as_str()) {
                Highlight::Added
            } else {
                Highlight::Focus
            };
            (e.id.clone(), h)
        })
        .collect();
    for f in model.flows.iter().filter(|f| added.contains(f.id.as_str())) {
        highlight.insert(f.id.clone(), Highlight::Added);
    }
    let count = |n: usize, what: &str| match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    };
    let mut title = format!(
        "{} — changes since {since}: {} and {} added (green)",
        model.title,
        count(d.elements_added.len(), "element"),
        count(d.flows_added.len(), "flow"),
    );
    if !d.elements_removed.is_empty() || !d.flows_removed.is_empty() {
        title.push_str(&format!(
            "; {} and {} removed",
            count(d.elements_removed.len(), "element"),
            count(d.flows_removed.len(), "flow"),
        ));
    }
    let opts = DiagramOptions {
        badges: crate::emit::diagrams::badges(model, analysis),
        highlight,
        title,
        ..Default::default()
    };
    match crate::emit::operational(model, &opts) {
        Ok(svg) => svg,
        Err(e) => {
            String::from_utf8_lossy(&crate::emit::diagrams::failed("diff diagram", e)).into_owned()
        }
    }
}
