//! How long each open threat has been open, from git history (`vastc
//! history`): the model is compiled as it is and at each commit that
//! changed its directory, newest first, and a threat's first commit is the
//! oldest of the unbroken run of commits back from HEAD whose model raises
//! it. A threat raised only by uncommitted changes is new today. Its age
//! is the days from that commit's date to `today`; a model's
//! `deadline-critical`, `deadline-high`, `deadline-medium` and
//! `deadline-low` settings give the days a threat of that severity may
//! stay open, and a threat older than that is overdue.
//!
//! Each revision is compiled once; revisions whose model files are the
//! same objects as an already compiled one's reuse its threats (the key is
//! every file's path and git object ID), and revisions are compiled a batch
//! at a time on the thread pool, stopping as soon as every open threat's
//! run has ended. A revision whose model has errors says nothing about a
//! threat: the run goes on through it.

use crate::analysis::{Severity, Threat};
use crate::compile::{Compilation, Options, compile};
use crate::diff::ThreatRef;
use crate::emit::escape::{code_into, markdown as md};
use crate::git::{self, Commit, Repo};
use crate::model::{Date, Key, Model};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Commits compiled at once.
const BATCH: usize = 8;

/// One open threat and since when it has been open.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Aged {
    #[serde(flatten)]
    pub threat: ThreatRef,
    /// The commit it first appeared in; `None` when only the uncommitted
    /// model raises it.
    pub commit: Option<String>,
    /// That commit's date (today for uncommitted ones).
    pub since: String,
    pub age_days: i64,
    /// The model's deadline for its severity, in days.
    pub deadline_days: Option<u32>,
    pub overdue: bool,
    /// The history read ended (`--max-commits`) while it was still raised:
    /// it is at least this old.
    pub at_least: bool,
}

/// The ages of a model's open threats.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct History {
    pub model: String,
    /// Commits that changed the model's directory and were read.
    pub commits_read: usize,
    /// Of those, commits compiled (the others had the same files as one
    /// compiled before).
    pub commits_compiled: usize,
    pub threats: Vec<Aged>,
}

impl History {
    pub fn overdue(&self) -> usize {
        self.threats.iter().filter(|t| t.overdue).count()
    }
}

/// Why the history could not be read.
pub enum Error {
    Git(git::Error),
    /// The model as it is has errors: its compilation, for its diagnostics.
    Model(Box<Compilation>),
}

/// The threat IDs a revision's model raises; `None` when it has errors
/// (or cannot be written out).
fn threats_at(
    repo: &Repo,
    commit: &str,
    files: &git::Files,
    options: &Options,
) -> Option<BTreeSet<String>> {
    let snap = repo.write(commit, files).ok()?;
    let c = compile(snap.path(), options);
    let a = c.analysis?;
    Some(a.threats.into_iter().map(|t| t.id).collect())
}

/// Ages of the open threats of the model at `path` (a file in a git work
/// tree), reading at most `max_commits` commits back from HEAD.
pub fn history(path: &Path, options: &Options, max_commits: usize) -> Result<History, Error> {
    let now = compile(path, options);
    let Some(analysis) = now.analysis.as_ref() else {
        return Err(Error::Model(Box::new(now)));
    };
    let repo = Repo::open(path).map_err(Error::Git)?;
    let commits = repo.log(max_commits).map_err(Error::Git)?;
    let open: Vec<&Threat> = analysis
        .threats
        .iter()
        .filter(|t| t.status.is_open())
        .collect();

    // Per open threat, the oldest commit of its unbroken run so far.
    let mut first: BTreeMap<&str, Option<&Commit>> =
        open.iter().map(|t| (t.id.as_str(), None)).collect();
    let mut alive: BTreeSet<&str> = first.keys().copied().collect();
    let mut seen: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    let mut read = 0;
    let mut compiled = 0;
    for batch in commits.chunks(BATCH) {
        if alive.is_empty() {
            break;
        }
        read += batch.len();
        let files: Vec<(String, Option<git::Files>)> = batch
            .iter()
            .map(|c| match repo.files(&c.id) {
                Ok(f) if repo.has_model(&f) => (f.key(), Some(f)),
                // The model is not there: nothing is raised at this commit.
                Ok(_) => (String::new(), None),
                Err(_) => (format!("unreadable {}", c.id), None),
            })
            .collect();
        let todo: BTreeMap<&str, (&Commit, &git::Files)> = batch
            .iter()
            .zip(&files)
            .filter_map(|(c, (key, f))| Some((key.as_str(), (c, f.as_ref()?))))
            .filter(|(key, _)| !seen.contains_key(*key))
            .collect();
        compiled += todo.len();
        let results: Vec<(String, Option<BTreeSet<String>>)> = todo
            .into_par_iter()
            .map(|(key, (c, f))| (key.to_string(), threats_at(&repo, &c.id, f, options)))
            .collect();
        seen.extend(results);
        for (c, (key, f)) in batch.iter().zip(&files) {
            let raised = match f {
                None if key.is_empty() => Some(BTreeSet::new()),
                None => None,
                Some(_) => seen.get(key).cloned().flatten(),
            };
            // A revision with errors (or unreadable) says nothing.
            let Some(raised) = raised else { continue };
            alive.retain(|id| {
                let still = raised.contains(*id);
                if still {
                    first.insert(id, Some(c));
                }
                still
            });
        }
    }
    let truncated = commits.len() >= max_commits;
    let today = options.today;
    let mut threats: Vec<Aged> = open
        .iter()
        .map(|t| {
            let commit = first.get(t.id.as_str()).copied().flatten();
            let since = commit.map_or(today, |c| Date::from_unix_days(c.time.div_euclid(86_400)));
            let age_days = (today.unix_days() - since.unix_days()).max(0);
            let deadline_days = deadline(&now.resolved.model, t.scores.severity);
            Aged {
                threat: ThreatRef::of(t),
                commit: commit.map(|c| c.id.clone()),
                since: since.to_string(),
                age_days,
                deadline_days,
                overdue: deadline_days.is_some_and(|d| age_days > i64::from(d)),
                at_least: truncated && alive.contains(t.id.as_str()) && commit.is_some(),
            }
        })
        .collect();
    threats.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.age_days.cmp(&a.age_days))
            .then(b.threat.score.total_cmp(&a.threat.score))
            .then_with(|| a.threat.id.cmp(&b.threat.id))
    });
    let model = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(History {
        model,
        commits_read: read,
        commits_compiled: compiled,
        threats,
    })
}

/// The model's deadline in days for a severity.
fn deadline(model: &Model, severity: Severity) -> Option<u32> {
    let key = match severity {
        Severity::Critical => Key::DeadlineCritical,
        Severity::High => Key::DeadlineHigh,
        Severity::Medium => Key::DeadlineMedium,
        Severity::Low => Key::DeadlineLow,
        Severity::None => return None,
    };
    match model.settings.get(key)? {
        crate::model::Val::Num(n) if *n >= 0.0 => Some(n.min(f64::from(u32::MAX)) as u32),
        _ => None,
    }
}

/// The history as Markdown: one row per open threat, overdue first, then
/// oldest first.
pub fn markdown(h: &History) -> String {
    let mut out = String::from("## How long threats have been open\n\n");
    code_into(&mut out, &h.model, false);
    out.push_str(&format!(
        ": {} open threat(s), {} overdue; {} commit(s) read.\n\n",
        h.threats.len(),
        h.overdue(),
        h.commits_read
    ));
    if h.threats.is_empty() {
        return out;
    }
    out.push_str("| Threat | Title | Severity | Status | Open since | Commit | Age (days) | Deadline (days) |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for t in &h.threats {
        out.push('|');
        code_into(&mut out, &t.threat.id, true);
        let commit = t
            .commit
            .as_deref()
            .map_or("not committed".to_string(), |c| {
                format!("`{}`", &c[..c.len().min(12)])
            });
        let age = if t.at_least {
            format!("≥ {}", t.age_days)
        } else {
            t.age_days.to_string()
        };
        let deadline = match (t.deadline_days, t.overdue) {
            (Some(d), true) => format!("{d} **overdue**"),
            (Some(d), false) => d.to_string(),
            (None, _) => "—".into(),
        };
        out.push_str(&format!(
            " | {} | {} | {} | {} | {commit} | {age} | {deadline} |\n",
            md(&t.threat.title),
            t.threat.severity,
            t.threat.status,
            t.since
        ));
    }
    out
}
