//! Loading manifests: YAML streams of many documents (`---`), comments and
//! empty documents as Helm renders them, and `List` objects whose `items`
//! are expanded into documents of their own. Each document is parsed on
//! its own, so a Helm template that is not YAML is skipped with a warning
//! while the documents around it are read.
//!
//! Each document is first read as a generic YAML value, so its `apiVersion`
//! and `kind` decide which typed Kubernetes object it becomes (see
//! [`super::objects`]). Malformed YAML is a [`Diag`] pointing at the line and
//! column the parser stopped at.

use crate::diagnostic::Diag;
use crate::source::{FileId, Span};
use serde::Deserialize;
use std::fmt;
use yaml_serde::Value;

/// Where a document came from, for notes: file name, document number
/// (1-based, counting every `---` document) and item of a `List`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    pub file: String,
    pub document: usize,
    pub item: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, document {}", self.file, self.document)?;
        if let Some(i) = self.item {
            write!(f, ", item {i}")?;
        }
        Ok(())
    }
}

/// One Kubernetes object as generic YAML.
#[derive(Clone, Debug)]
pub struct Doc {
    pub origin: Origin,
    pub api_version: String,
    pub kind: String,
    pub value: Value,
}

impl Doc {
    /// `metadata.name`, or an empty string.
    pub fn name(&self) -> &str {
        self.value
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// What one file holds: its documents (`List` items expanded), notes for
/// documents that are not Kubernetes objects, and a warning for each Helm
/// template that is not YAML (skipped).
#[derive(Debug, Default)]
pub struct Loaded {
    pub docs: Vec<Doc>,
    pub notes: Vec<String>,
    pub warnings: Vec<Diag>,
}

/// The documents of one file. Each `---` document is parsed on its own, so
/// a document that is a Helm template (`{{ … }}` that is not YAML) is
/// skipped with a warning and the others are still read. Malformed YAML
/// that is no template is an error.
pub fn load(file: FileId, name: &str, text: &str) -> Result<Loaded, Diag> {
    let mut out = Loaded::default();
    let mut number = 0;
    for (start, chunk) in documents(text) {
        for de in yaml_serde::Deserializer::from_str(chunk) {
            number += 1;
            let origin = Origin {
                file: name.to_string(),
                document: number,
                item: None,
            };
            let mut value = match Value::deserialize(de) {
                Ok(v) => v,
                Err(e) => match chunk.find("{{") {
                    Some(at) => {
                        out.warnings
                            .push(template(file, name, text, start + at, &e));
                        break;
                    }
                    None => return Err(malformed(file, name, text, start, &e)),
                },
            };
            if value.apply_merge().is_err() {
                out.notes.push(format!(
                    "note: skipped a document with a bad merge key ({origin})"
                ));
                continue;
            }
            expand(value, origin, &mut out.docs, &mut out.notes);
        }
    }
    Ok(out)
}

/// The documents of a YAML stream as (byte offset, text): a new document
/// starts at each line that is `---` alone or followed by a space. The
/// text before the first marker is a document only if it holds more than
/// comments, directives and blank lines.
fn documents(text: &str) -> Vec<(usize, &str)> {
    let mut starts = vec![0];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        let marker = bare == "---" || bare.starts_with("--- ") || bare.starts_with("---\t");
        if marker && at > 0 {
            starts.push(at);
        }
        at += line.len();
    }
    let mut out: Vec<(usize, &str)> = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&text.len()]))
        .map(|(&a, &b)| (a, &text[a..b]))
        .collect();
    if let Some((_, first)) = out.first()
        && out.len() > 1
        && first.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l.starts_with('%')
        })
    {
        out.remove(0);
    }
    out
}

/// The 1-based line and column of byte `at` of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The warning for a Helm template document, pointing at its first `{{`.
fn template(file: FileId, name: &str, text: &str, at: usize, e: &yaml_serde::Error) -> Diag {
    let (line, col) = line_col(text, at);
    let short = short_message(e);
    Diag::warning(
        "vast::import::helm_template",
        format!(
            "skipped {name}:{line}:{col}: Helm template: render it first with `helm template`"
        ),
        Span::new(file, at, at + 2),
    )
    .label(format!("a template, not YAML ({short})"))
    .help("run `helm template RELEASE CHART > rendered.yaml` and import the rendered manifests; the other documents were imported")
}

fn expand(value: Value, origin: Origin, docs: &mut Vec<Doc>, notes: &mut Vec<String>) {
    if value.is_null() {
        return; // an empty document: only comments, or a bare `---`
    }
    let field = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
    let (Some(api_version), Some(kind)) = (field("apiVersion"), field("kind")) else {
        notes.push(format!(
            "note: skipped a document without apiVersion and kind ({origin})"
        ));
        return;
    };
    if kind.ends_with("List") && value.get("items").is_some() {
        // `kind: List` holds whole objects; `kind: DeploymentList` holds
        // items without their own apiVersion and kind.
        let item_kind = kind.strip_suffix("List").unwrap_or("").to_string();
        let items = match value.get("items") {
            Some(Value::Sequence(items)) => items.clone(),
            _ => Vec::new(),
        };
        for (n, mut item) in items.into_iter().enumerate() {
            if let Value::Mapping(m) = &mut item
                && !item_kind.is_empty()
            {
                m.entry("apiVersion".into())
                    .or_insert_with(|| api_version.clone().into());
                m.entry("kind".into())
                    .or_insert_with(|| item_kind.clone().into());
            }
            let origin = Origin {
                item: Some(n + 1),
                ..origin.clone()
            };
            expand(item, origin, docs, notes);
        }
        return;
    }
    docs.push(Doc {
        origin,
        api_version,
        kind,
        value,
    });
}

/// The YAML error's message without its position, which the diagnostic
/// gives in the file's own terms.
fn short_message(e: &yaml_serde::Error) -> String {
    let message = e.to_string();
    match message.split_once(" at line ") {
        Some((short, _)) => short.to_string(),
        None => message,
    }
}

/// The error for malformed YAML in the document that starts at byte
/// `offset` of `text`.
fn malformed(file: FileId, name: &str, text: &str, offset: usize, e: &yaml_serde::Error) -> Diag {
    let (start, line) = match e.location() {
        Some(l) => {
            let at = (offset + l.index()).min(text.len());
            let first = line_col(text, offset.min(text.len())).0;
            (at, Some((first + l.line() - 1, l.column())))
        }
        None => (offset.min(text.len()), None),
    };
    let mut start = start;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // Point at one character (or the end of the file).
    let end = text[start..]
        .chars()
        .next()
        .map(|c| start + c.len_utf8())
        .unwrap_or(start);
    let short = short_message(e);
    let at = line
        .map(|(l, c)| format!("{name}:{l}:{c}"))
        .unwrap_or_else(|| name.to_string());
    Diag::error(
        "vast::import::yaml",
        format!("malformed YAML in {at}: {short}"),
        Span::new(file, start, end),
    )
    .label(short)
    .help("fix the YAML here (indentation, quoting, an unclosed bracket) and import again")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_document_with_comments_and_lists() {
        let text = "# header\n---\n# only a comment\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n---\napiVersion: v1\nkind: ServiceList\nitems:\n- metadata: {name: c}\n---\nfoo: bar\n";
        let Loaded { docs, notes, .. } = load(0, "f.yaml", text).unwrap();
        let kinds: Vec<_> = docs
            .iter()
            .map(|d| (d.kind.as_str(), d.name(), d.origin.to_string()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("Service", "a", "f.yaml, document 2, item 1".to_string()),
                ("ConfigMap", "b", "f.yaml, document 2, item 2".to_string()),
                ("Service", "c", "f.yaml, document 3, item 1".to_string()),
            ]
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn helm_templates_are_skipped_with_a_warning() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n{{- if .Values.on }}\napiVersion: v1\nkind: Service\n{{- end }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n";
        let l = load(0, "t.yaml", text).unwrap();
        let names: Vec<_> = l.docs.iter().map(|d| d.name()).collect();
        assert_eq!(names, vec!["a", "b"]);
        assert_eq!(l.warnings.len(), 1);
        assert!(
            l.warnings[0].message.contains("t.yaml:5:1")
                && l.warnings[0].message.contains("helm template"),
            "{}",
            l.warnings[0].message
        );
        assert_eq!(l.docs[1].origin.document, 3);
    }

    #[test]
    fn malformed_has_location() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: [a\n";
        let d = load(0, "bad.yaml", text).unwrap_err();
        assert!(d.message.contains("bad.yaml:"), "{}", d.message);
    }
}
