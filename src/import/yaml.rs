//! Loading manifests: YAML streams of many documents (`---`), comments and
//! empty documents as Helm renders them, and `List` objects whose `items`
//! are expanded into documents of their own.
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

/// The documents of one file, `List` items expanded; notes for documents
/// that are not Kubernetes objects. Malformed YAML is an error.
pub fn load(file: FileId, name: &str, text: &str) -> Result<(Vec<Doc>, Vec<String>), Diag> {
    let mut docs = Vec::new();
    let mut notes = Vec::new();
    for (i, de) in yaml_serde::Deserializer::from_str(text).enumerate() {
        let origin = Origin {
            file: name.to_string(),
            document: i + 1,
            item: None,
        };
        let mut value = Value::deserialize(de).map_err(|e| malformed(file, name, text, &e))?;
        if value.apply_merge().is_err() {
            notes.push(format!(
                "note: skipped a document with a bad merge key ({origin})"
            ));
            continue;
        }
        expand(value, origin, &mut docs, &mut notes);
    }
    Ok((docs, notes))
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

fn malformed(file: FileId, name: &str, text: &str, e: &yaml_serde::Error) -> Diag {
    let (start, line) = match e.location() {
        Some(l) => (l.index().min(text.len()), Some((l.line(), l.column()))),
        None => (0, None),
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
    let message = e.to_string();
    let short = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
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
        let (docs, notes) = load(0, "f.yaml", text).unwrap();
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
    fn malformed_has_location() {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: [a\n";
        let d = load(0, "bad.yaml", text).unwrap_err();
        assert!(d.message.contains("bad.yaml:"), "{}", d.message);
    }
}
