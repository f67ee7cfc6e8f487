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
use std::ops::Range;
use std::sync::Arc;
use terminal::Shown;

pub mod terminal;

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

/// The source files of a build as a terminal shows them (escaped, see
/// [`terminal`]), each made on first use.
struct ShownSources<'a> {
    sources: &'a SourceMap,
    shown: Vec<Option<Shown>>,
}

impl<'a> ShownSources<'a> {
    fn new(sources: &'a SourceMap) -> Self {
        ShownSources {
            sources,
            shown: Vec::new(),
        }
    }

    fn get(&mut self, file: usize) -> Option<&Shown> {
        let text = &self.sources.get(file)?.text;
        if self.shown.len() <= file {
            self.shown.resize_with(file + 1, || None);
        }
        let slot = self.shown.get_mut(file)?;
        Some(slot.get_or_insert_with(|| Shown::new(text)))
    }

    /// The escaped file name and text, and the span's range in that text,
    /// when the lines it is on are narrow enough to draw.
    fn drawn(&mut self, span: Span) -> Option<(NamedSource<Arc<str>>, Range<usize>)> {
        let name = terminal::escape(&self.sources.get(span.file)?.name).into_owned();
        let shown = self.get(span.file)?;
        let range = shown.offset(span.start)..shown.offset(span.end);
        drawable(&shown.text, &range)
            .then(|| (NamedSource::new(name, Arc::clone(&shown.text)), range))
    }
}

/// A diagnostic bound to its (escaped) source text, ready for miette.
/// Every string in it that may hold model text is escaped for a terminal.
struct Report {
    source: Option<NamedSource<Arc<str>>>,
    /// The same-file notes drawn as secondary labels.
    notes: Vec<(Range<usize>, String)>,
    related: Vec<Report>,
    message: String,
    label: String,
    span: Option<Range<usize>>,
    level: Level,
    code: Option<&'static str>,
    help: Option<String>,
}

impl Report {
    fn new(diag: &Diag, shown: &mut ShownSources) -> Self {
        let esc = |s: &str| terminal::escape(s).into_owned();
        let main = diag.span.and_then(|s| shown.drawn(s));
        let mut related = Vec::new();
        let mut notes = Vec::new();
        for note in &diag.notes {
            let drawn = shown.drawn(note.span);
            // A note far from the primary label gets its own snippet: one
            // snippet would show every line between the two.
            let same_file = main.is_some()
                && diag
                    .span
                    .is_some_and(|s| s.file == note.span.file && near(shown.sources, s, note.span));
            match drawn {
                Some((_, range)) if same_file => notes.push((range, esc(&note.label))),
                _ => {
                    let message = match drawn {
                        Some(_) => esc(&note.label),
                        None => located(shown.sources, note.span, &note.label),
                    };
                    let (source, span) = drawn.unzip();
                    related.push(Report {
                        source,
                        notes: Vec::new(),
                        related: Vec::new(),
                        message,
                        label: esc(&note.label),
                        span,
                        level: Level::Warning,
                        code: None,
                        help: None,
                    });
                }
            }
        }
        let message = match diag.span {
            Some(s) if main.is_none() => located(shown.sources, s, &diag.message),
            _ => esc(&diag.message),
        };
        let (source, span) = main.unzip();
        Report {
            source,
            notes,
            related,
            message,
            label: esc(&diag.label),
            span,
            level: diag.level,
            code: Some(diag.code),
            help: diag.help.as_deref().map(esc),
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

/// Widest source line (in columns, a tab counting four) whose snippet is
/// drawn: miette pads its underlines to a label's column, and Rust's
/// padding stops at 65,535 (a longer pad panics). Past it the diagnostic
/// gives its location in words instead.
const MAX_SNIPPET_LINE: usize = 10_000;

/// Are the lines `range` starts and ends on in `text` narrow enough to draw?
fn drawable(text: &str, range: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    [range.start, range.end].into_iter().all(|at| {
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

/// `message (file:line:column)` for a location too wide to draw, escaped.
fn located(sources: &SourceMap, span: Span, message: &str) -> String {
    let (file, line, column) = sources.location(span);
    terminal::escape(&format!(
        "{message} ({file}:{line}:{column}; the line is too long to show)"
    ))
    .into_owned()
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
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
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            (!self.label.is_empty()).then(|| self.label.clone()),
            span,
        )];
        for (range, label) in &self.notes {
            labels.push(LabeledSpan::new_with_span(
                Some(label.clone()),
                range.clone(),
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
    let mut shown = ShownSources::new(sources);
    for diag in diags {
        let report = Report::new(diag, &mut shown);
        let mut one = String::new();
        if handler.render_report(&mut one, &report).is_err() {
            one = format!("{}: {}\n", diag.code, report.message);
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
