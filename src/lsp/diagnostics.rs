//! The diagnostics of a project as the editor shows them: the same codes,
//! messages, ranges and help as `vastc check`, the analysis warnings
//! `vastc build` gives once the model has no errors, related notes (the
//! first declaration of a duplicate ID, say) as related locations. Grouped
//! by file, since one build's diagnostics fall in all its included files.

use super::project::Project;
use crate::diagnostic::{Diag, Level};
use crate::source::FileId;
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};
use std::collections::BTreeMap;

/// Every diagnostic of the project, by file: those of resolving, then the
/// analysis warnings when it has run.
pub fn of_project(
    p: &Project,
    uri_of: &dyn Fn(&Project, FileId) -> Option<Uri>,
) -> BTreeMap<FileId, Vec<Diagnostic>> {
    let mut out: BTreeMap<FileId, Vec<Diagnostic>> = BTreeMap::new();
    let warnings = p.analysis.as_ref().map(|a| &a.warnings[..]).unwrap_or(&[]);
    let mut diags: Vec<&Diag> = p.resolved.diags.iter().chain(warnings).collect();
    diags.sort_by_key(|d| d.span.map(|s| (s.file, s.start, s.end)));
    for d in diags {
        let (file, range) = match d.span {
            Some(s) => match p.lines(s.file) {
                Some(lines) => (s.file, lines.range(p.text(s.file), s.start, s.end)),
                None => continue,
            },
            // A problem of no place (the root unreadable): the root's start.
            None => (0, Range::new(Position::new(0, 0), Position::new(0, 0))),
        };
        out.entry(file)
            .or_default()
            .push(convert(p, d, range, uri_of));
    }
    out
}

fn convert(
    p: &Project,
    d: &Diag,
    range: Range,
    uri_of: &dyn Fn(&Project, FileId) -> Option<Uri>,
) -> Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut related: Vec<DiagnosticRelatedInformation> = Vec::new();
    if let (Some(span), false) = (d.span, d.label.is_empty())
        && let Some(uri) = uri_of(p, span.file)
    {
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri, range),
            message: d.label.clone(),
        });
    }
    for n in &d.notes {
        let (Some(uri), Some(lines)) = (uri_of(p, n.span.file), p.lines(n.span.file)) else {
            continue;
        };
        related.push(DiagnosticRelatedInformation {
            location: Location::new(
                uri,
                lines.range(p.text(n.span.file), n.span.start, n.span.end),
            ),
            message: n.label.clone(),
        });
    }
    Diagnostic {
        range,
        severity: Some(match d.level {
            Level::Error => DiagnosticSeverity::ERROR,
            Level::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some("vastc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
