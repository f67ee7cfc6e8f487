//! JSON documents whose long lists are built one entry at a time while they
//! are written: an export of 10,000 elements and 50,000 threats never holds
//! more than one entry, only the output text. An entry is any `Serialize`
//! value (typed structs borrowing from the model write fastest), so a list's
//! entries need not be built as `serde_json::Value`s first.
//!
//! Objects are `BTreeMap`s keyed by `&str`, so their keys come out in the
//! same (bytewise) order as a `serde_json::Map`'s: a document written through
//! [`Part`] is byte-identical to the same document built as one `Value`.

use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;

/// One node of a document whose lazy lists' entries are `E`s.
pub enum Part<'a, E = Value> {
    /// A value built up front (small parts).
    Value(Value),
    /// An object, keys in bytewise order.
    Object(BTreeMap<&'static str, Part<'a, E>>),
    /// An array of parts.
    Array(Vec<Part<'a, E>>),
    /// An array of `len` candidate entries, each built when it is written;
    /// `None` leaves the candidate out.
    Lazy(usize, &'a (dyn Fn(usize) -> Option<E> + Sync)),
}

impl<'a, E> Part<'a, E> {
    /// An object of these entries.
    pub fn object(entries: impl IntoIterator<Item = (&'static str, Part<'a, E>)>) -> Self {
        Part::Object(entries.into_iter().collect())
    }
}

impl<E> From<Value> for Part<'_, E> {
    fn from(v: Value) -> Self {
        Part::Value(v)
    }
}

impl<E: Serialize> Serialize for Part<'_, E> {
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

/// A `Display` value written as a JSON string (escaped as serde escapes a
/// `String`) without building the string first.
pub struct Shown<T>(pub T);

impl<T: std::fmt::Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Two strings written as one: a prefix and the rest (a cell's ID).
pub struct Cat<'a>(pub &'a str, pub &'a str);

impl std::fmt::Display for Cat<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)?;
        f.write_str(self.1)
    }
}

/// The document as pretty JSON with a final newline, as
/// `serde_json::to_string_pretty` writes it.
pub fn pretty<E: Serialize>(doc: &Part<E>) -> String {
    super::write::text(|w| write_pretty(doc, w))
}

/// [`pretty`] written to `w` as the document is built.
pub fn write_pretty<E: Serialize>(
    doc: &Part<E>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // serde writes many short pieces: gather them in a local buffer, so each
    // is a copy instead of a call through `w`.
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut buf, doc).map_err(std::io::Error::other)?;
    buf.write_all(b"\n")?;
    buf.flush()
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
        let lazy: Part = Part::object([
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

    #[test]
    fn shown_escapes_like_a_string() {
        let odd = "a\"b\\c\n\u{1}é";
        let typed = serde_json::to_string(&Shown(Cat("x-", odd))).unwrap();
        assert_eq!(typed, serde_json::to_string(&format!("x-{odd}")).unwrap());
    }
}
