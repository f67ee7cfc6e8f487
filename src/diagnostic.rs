//! Diagnostics: one type for every stage, rendered through miette.
//!
//! A [`Diag`] has a stable code (`vast::resolve::unknown_ref`), a message, a
//! primary label at a [`Span`], an optional help line and related notes that
//! may point into other files (the first declaration of a duplicate ID, say).
//! [`render`] turns a list of them into the text users and snapshots see.

use crate::source::{SourceMap, Span};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};
use std::fmt;
use std::sync::Arc;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

/// A secondary location with its own label.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub span: Span,
    pub label: String,
}

/// One problem found in a model.
#[derive(Clone, Debug, PartialEq)]
pub struct Diag {
    pub level: Level,
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
    pub label: String,
    pub help: Option<String>,
    pub notes: Vec<Note>,
}

impl Diag {
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diag {
            level: Level::Error,
            code,
            message: message.into(),
            span: Some(span),
            label: String::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diag {
            level: Level::Warning,
            ..Diag::error(code, message, span)
        }
    }

    /// An error that belongs to no source location (an unreadable root file).
    pub fn global(code: &'static str, message: impl Into<String>) -> Self {
        Diag {
            span: None,
            ..Diag::error(code, message, Span::default())
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn note(mut self, span: Span, label: impl Into<String>) -> Self {
        self.notes.push(Note {
            span,
            label: label.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

/// A diagnostic bound to its source text, ready for miette.
struct Report<'a> {
    source: Option<NamedSource<Arc<str>>>,
    /// The same-file notes drawn as secondary labels.
    notes: Vec<&'a Note>,
    related: Vec<Report<'a>>,
    message: String,
    label: String,
    span: Option<Span>,
    level: Level,
    code: Option<&'static str>,
    help: Option<&'a str>,
}

impl<'a> Report<'a> {
    fn new(diag: &'a Diag, sources: &SourceMap) -> Self {
        let shown = diag.span.filter(|&s| drawable(sources, s));
        let source = shown.and_then(|s| named_source(sources, s));
        let mut related = Vec::new();
        let mut notes = Vec::new();
        for note in &diag.notes {
            let drawn = drawable(sources, note.span);
            // A note far from the primary label gets its own snippet: one
            // snippet would show every line between the two.
            let near =
                shown.is_some_and(|s| s.file == note.span.file && near(sources, s, note.span));
            if near && drawn {
                notes.push(note);
            } else {
                let message = if drawn {
                    note.label.clone()
                } else {
                    located(sources, note.span, &note.label)
                };
                let span = drawn.then_some(note.span);
                related.push(Report {
                    source: span.and_then(|s| named_source(sources, s)),
                    notes: Vec::new(),
                    related: Vec::new(),
                    message,
                    label: note.label.clone(),
                    span,
                    level: Level::Warning,
                    code: None,
                    help: None,
                });
            }
        }
        let message = match diag.span {
            Some(s) if shown.is_none() => located(sources, s, &diag.message),
            _ => diag.message.clone(),
        };
        Report {
            source,
            notes,
            related,
            message,
            label: diag.label.clone(),
            span: shown,
            level: diag.level,
            code: Some(diag.code),
            help: diag.help.as_deref(),
        }
    }

    fn is_primary(&self) -> bool {
        self.code.is_some()
    }
}

/// Lines apart within which a note shares the primary label's snippet.
const NEAR_LINES: usize = 6;

/// Are two spans of one file within [`NEAR_LINES`] lines of each other?
fn near(sources: &SourceMap, a: Span, b: Span) -> bool {
    let (_, la, _) = sources.location(a);
    let (_, lb, _) = sources.location(b);
    la.abs_diff(lb) <= NEAR_LINES
}

fn named_source(sources: &SourceMap, span: Span) -> Option<NamedSource<Arc<str>>> {
    sources
        .get(span.file)
        .map(|f| NamedSource::new(f.name.clone(), Arc::clone(&f.text)))
}

/// Widest source line (in columns, a tab counting four) whose snippet is
/// drawn: miette pads its underlines to a label's column, and Rust's
/// padding stops at 65,535 (a longer pad panics). Past it the diagnostic
/// gives its location in words instead.
const MAX_SNIPPET_LINE: usize = 10_000;

/// Are the lines `span` starts and ends on narrow enough to draw?
fn drawable(sources: &SourceMap, span: Span) -> bool {
    let Some(f) = sources.get(span.file) else {
        return false;
    };
    let bytes = f.text.as_bytes();
    [span.start, span.end].into_iter().all(|at| {
        let at = at.min(bytes.len());
        let from = at.saturating_sub(MAX_SNIPPET_LINE + 1);
        let to = (at + MAX_SNIPPET_LINE + 1).min(bytes.len());
        let start = match bytes[from..at].iter().rposition(|&b| b == b'\n') {
            Some(i) => from + i + 1,
            None if from == 0 => 0,
            None => return false,
        };
        let end = match bytes[at..to].iter().position(|&b| b == b'\n') {
            Some(i) => at + i,
            None if to == bytes.len() => to,
            None => return false,
        };
        let line = &bytes[start..end];
        let tabs = line.iter().filter(|&&b| b == b'\t').count();
        line.len() + 3 * tabs <= MAX_SNIPPET_LINE
    })
}

/// `message (file:line:column)` for a location too wide to draw.
fn located(sources: &SourceMap, span: Span, message: &str) -> String {
    let (file, line, column) = sources.location(span);
    format!("{message} ({file}:{line}:{column}; the line is too long to show)")
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match (self.level, self.is_primary()) {
            (Level::Error, _) => miette::Severity::Error,
            (Level::Warning, true) => miette::Severity::Warning,
            (Level::Warning, false) => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            (!self.label.is_empty()).then(|| self.label.clone()),
            span.range(),
        )];
        for note in &self.notes {
            labels.push(LabeledSpan::new_with_span(
                Some(note.label.clone()),
                note.span.range(),
            ));
        }
        Some(Box::new(labels.into_iter()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

/// How to draw diagnostics.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// Renders diagnostics as miette reports, one after the other.
pub fn render(diags: &[Diag], sources: &SourceMap, options: RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false);
    let mut out = String::new();
    for diag in diags {
        let report = Report::new(diag, sources);
        let mut one = String::new();
        if handler.render_report(&mut one, &report).is_err() {
            one = format!("{}: {}\n", diag.code, diag.message);
        }
        out.push_str(&one);
        out.push('\n');
    }
    out
}

/// Sorts diagnostics by file and position so output is stable.
pub fn sort(diags: &mut [Diag]) {
    diags.sort_by(|a, b| {
        let ka = a.span.map(|s| (s.file, s.start, s.end));
        let kb = b.span.map(|s| (s.file, s.start, s.end));
        ka.cmp(&kb)
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Diagnostics as JSON objects with file, line and column.
pub fn to_json(diags: &[Diag], sources: &SourceMap) -> Vec<serde_json::Value> {
    diags
        .iter()
        .map(|d| {
            let (file, line, column) = d.span.map(|s| sources.location(s)).unwrap_or_default();
            serde_json::json!({
                "level": d.level,
                "code": d.code,
                "message": d.message,
                "file": file,
                "line": line,
                "column": column,
                "label": d.label,
                "help": d.help,
            })
        })
        .collect()
}
