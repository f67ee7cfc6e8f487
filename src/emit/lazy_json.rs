//! JSON documents whose long lists are built one entry at a time while they
//! are written: an export of 10,000 elements and 50,000 threats never holds
//! more than one entry as a `serde_json::Value`, only the output text.
//!
//! Objects are `BTreeMap`s keyed by `&str`, so their keys come out in the
//! same (bytewise) order as a `serde_json::Map`'s: a document written through
//! [`Part`] is byte-identical to the same document built as one `Value`.

use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// One node of a document.
pub enum Part<'a> {
    /// A value built up front (small parts).
    Value(Value),
    /// An object, keys in bytewise order.
    Object(BTreeMap<&'static str, Part<'a>>),
    /// An array of parts.
    Array(Vec<Part<'a>>),
    /// An array of `len` candidate entries, each built when it is written;
    /// `None` leaves the candidate out.
    Lazy(usize, &'a (dyn Fn(usize) -> Option<Value> + Sync)),
}

impl<'a> Part<'a> {
    /// An object of these entries.
    pub fn object(entries: impl IntoIterator<Item = (&'static str, Part<'a>)>) -> Self {
        Part::Object(entries.into_iter().collect())
    }
}

impl From<Value> for Part<'_> {
    fn from(v: Value) -> Self {
        Part::Value(v)
    }
}

impl Serialize for Part<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Part::Value(v) => v.serialize(s),
            Part::Object(map) => map.serialize(s),
            Part::Array(parts) => parts.serialize(s),
            Part::Lazy(len, build) => {
                let mut seq = s.serialize_seq(None)?;
                for i in 0..*len {
                    if let Some(v) = build(i) {
                        seq.serialize_element(&v)?;
                    }
                }
                seq.end()
            }
        }
    }
}

/// The document as pretty JSON with a final newline, as
/// `serde_json::to_string_pretty` writes it.
pub fn pretty(doc: &Part) -> String {
    super::write::text(|w| write_pretty(doc, w))
}

/// [`pretty`] written to `w` as the document is built.
pub fn write_pretty(doc: &Part, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, doc).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn same_bytes_as_one_value() {
        let doc = json!({
            "zeta": 1, "alpha": [], "diagrams": [{"b": 2.0, "a": "x"}], "diagramTop": 1,
            "list": [{"i": 0}, {"i": 2}],
        });
        let build = |i: usize| i.is_multiple_of(2).then(|| json!({ "i": i }));
        let lazy = Part::object([
            ("zeta", json!(1).into()),
            ("alpha", Part::Lazy(0, &build)),
            (
                "diagrams",
                Part::Array(vec![Part::object([
                    ("b", json!(2.0).into()),
                    ("a", json!("x").into()),
                ])]),
            ),
            ("diagramTop", json!(1).into()),
            ("list", Part::Lazy(3, &build)),
        ]);
        let mut want = serde_json::to_string_pretty(&doc).unwrap();
        want.push('\n');
        assert_eq!(pretty(&lazy), want);
    }
}
