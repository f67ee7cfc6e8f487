//! `threats.json`: the report as pretty JSON, keys in a fixed order.
//!
//! Objects get one key per line; arrays of plain values stay on one line
//! (`"stride": ["E", "T", "I"]`, as `docs/outputs.md` shows them), so
//! an attack path's dozens of threat IDs do not take a line each. A
//! scenario finding is one object on one line
//! ([`super::scenario_out::Finding`]).

use super::report::{HopOut, PathOut, Report};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// The report as JSON. The attack paths (on large models the biggest part
/// after the threats) are written by [`paths`] in the same layout, several
/// times faster than through the serializer; everything else through serde.
/// The parts are rendered separately and joined in the file's order: the
/// bytes are those of one serde pass.
pub fn json(report: &Report) -> String {
    super::write::text(|w| write_json(report, w))
}

/// [`json`] written to `w` part by part, the threats in pieces of
/// [`PIECE`]: no more than one piece is held as text at a time.
pub fn write_json(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let pieces = report.threats.len().div_ceil(PIECE);
    write_in_pieces(report, pieces, false, w)
}

/// [`json`] with its parts rendered on every core, the threats in several
/// pieces: for a build whose only output is `threats.json`. (Beside the
/// other outputs, which have the cores then, it would only add threads.)
pub fn json_on_every_core(report: &Report) -> String {
    super::write::text(|w| write_json_on_every_core(report, w))
}

/// [`json_on_every_core`] written to `w`, a round of pieces at a time.
pub fn write_json_on_every_core(report: &Report, w: &mut dyn Write) -> io::Result<()> {
    let n = report.threats.len();
    let pieces = threat_pieces(n).max(n.div_ceil(PIECE));
    write_in_pieces(report, pieces, true, w)
}

/// Threats rendered as one piece when `threats.json` is written piece by
/// piece.
const PIECE: usize = 2000;

/// How many pieces the threat list is rendered in: one per core, twice, so
/// that a slow piece does not hold the others up; none for short lists.
fn threat_pieces(threats: usize) -> usize {
    let cores = rayon::current_num_threads();
    (threats / 500).clamp(1, 2 * cores)
}

/// One part of `threats.json`, rendered on its own.
enum Part {
    Head,
    Threats(std::ops::Range<usize>),
    Crossings,
    Scenarios,
    Paths,
    Apps,
}

/// Writes `"key": value` as the next member of the report object.
fn member(w: &mut dyn Write, key: &str, value: &str) -> io::Result<()> {
    w.write_all(b",\n  \"")?;
    w.write_all(key.as_bytes())?;
    w.write_all(b"\": ")?;
    w.write_all(value.as_bytes())
}

/// Writes the report with its threats in `pieces`, each written as soon as
/// it is rendered; when `parallel`, rendered on every core a round (two
/// pieces a core) at a time, so that a round's text at most is held.
fn write_in_pieces(
    report: &Report,
    pieces: usize,
    parallel: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Head<'r, 'a> {
        model: &'r super::report::ModelInfo<'a>,
        summary: &'r super::report::Summary,
    }
    let n = report.threats.len();
    // No empty piece, and one (empty) piece for no threats.
    let pieces = pieces.clamp(1, n.max(1));
    // In the file's order.
    let mut parts = vec![Part::Head];
    parts.extend((0..pieces).map(|k| Part::Threats(k * n / pieces..(k + 1) * n / pieces)));
    parts.extend([Part::Crossings, Part::Scenarios, Part::Paths, Part::Apps]);
    let render = |part: &Part| match part {
        Part::Head => pretty(&Head {
            model: &report.model,
            summary: &report.summary,
        }),
        Part::Threats(r) => pretty_at(&report.threats[r.clone()], 1),
        Part::Crossings => pretty_at(&report.crossings, 1),
        Part::Scenarios => pretty_at(&report.scenarios, 1),
        Part::Paths => {
            let mut out = String::with_capacity(200 * report.attack_paths.len());
            paths(&mut out, &report.attack_paths);
            out
        }
        Part::Apps => pretty_at(&report.apps, 1),
    };
    let mut join = |part: &Part, text: &str| -> io::Result<()> {
        let text = text.trim_end();
        match part {
            // The head ends with the object's closing "\n}": continue the object.
            Part::Head => w.write_all(text.strip_suffix("\n}").unwrap_or(text).as_bytes()),
            // Each piece is a whole array, "[" … "\n  ]" ("[]" when empty):
            // keep what is between the brackets (each value starts with its
            // own line break) and join the pieces with the comma the single
            // array would have there.
            Part::Threats(r) => {
                if r.start == 0 {
                    member(w, "threats", "[")?;
                } else {
                    w.write_all(b",")?;
                }
                let inner = text
                    .strip_prefix('[')
                    .and_then(|t| t.strip_suffix("\n  ]"))
                    .unwrap_or("");
                w.write_all(inner.as_bytes())?;
                if r.end == n {
                    w.write_all(if n == 0 { b"]" } else { b"\n  ]" })?;
                }
                Ok(())
            }
            Part::Crossings => member(w, "crossings", text),
            Part::Scenarios => member(w, "scenarios", text),
            Part::Paths => member(w, "attack_paths", text),
            Part::Apps => member(w, "apps", text),
        }
    };
    if parallel {
        let round = 2 * rayon::current_num_threads();
        for parts in parts.chunks(round) {
            let rendered: Vec<String> = parts.par_iter().map(render).collect();
            // Each text is dropped once written.
            for (part, text) in parts.iter().zip(rendered) {
                join(part, &text)?;
            }
        }
    } else {
        for part in &parts {
            join(part, &render(part))?;
        }
    }
    w.write_all(b"\n}\n")
}

/// Appends a JSON string: quoted as is when nothing in it needs escaping
/// (IDs never do), else through serde_json.
pub(super) fn string(out: &mut String, s: &str) {
    if needs_escape(s.as_bytes()) {
        out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// Whether any byte is a control character, `"` or `\\`; eight bytes at a
/// time (a byte below 0x20, or equal to 0x22 or 0x5C, shows as a high bit).
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        if below_space | zero_byte(x ^ (ONES * 0x22)) | zero_byte(x ^ (ONES * 0x5C)) != 0 {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

fn strings(out: &mut String, items: &[&str]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        string(out, s);
    }
    out.push(']');
}

/// A path's hops, as [`pretty`] lays out an array of one-member objects at
/// depth three.
fn hops(out: &mut String, hops: &[HopOut<'_>]) {
    if hops.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push('[');
    for (i, h) in hops.iter().enumerate() {
        out.push_str(if i == 0 {
            "\n        {"
        } else {
            ",\n        {"
        });
        let (key, value) = match *h {
            HopOut::Flow(f) => ("flow", f),
            HopOut::Network(ns) => ("network", ns),
        };
        out.push_str("\n          \"");
        out.push_str(key);
        out.push_str("\": ");
        string(out, value);
        out.push_str("\n        }");
    }
    out.push_str("\n      ]");
}

/// The `attack_paths` array, laid out as [`pretty`] lays out a value at
/// depth one.
fn paths(out: &mut String, paths: &[PathOut]) {
    if paths.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push('[');
    for (i, p) in paths.iter().enumerate() {
        out.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        out.push_str("\n      \"from\": ");
        string(out, p.from);
        out.push_str(",\n      \"to\": ");
        string(out, p.to);
        out.push_str(",\n      \"reached_from\": ");
        strings(out, &p.reached_from);
        out.push_str(",\n      \"path\": ");
        strings(out, &p.path);
        out.push_str(",\n      \"flows\": ");
        strings(out, &p.flows);
        out.push_str(",\n      \"hops\": ");
        hops(out, &p.hops);
        out.push_str(",\n      \"weaknesses\": ");
        out.push_str(&p.weaknesses.to_string());
        out.push_str(",\n      \"threats\": ");
        strings(out, &p.threats);
        out.push_str("\n    }");
    }
    out.push_str("\n  ]");
}

/// Pretty JSON with a final newline; shared by the JSON-based outputs.
pub fn pretty<T: Serialize>(value: &T) -> String {
    pretty_at(value, 0)
}

/// [`pretty`] written to `w` as it is serialised.
pub fn write_pretty<T: Serialize + ?Sized>(value: &T, w: &mut dyn Write) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, Compact::default());
    value.serialize(&mut ser).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// [`pretty`] for a value nested `depth` levels deep.
fn pretty_at<T: Serialize + ?Sized>(value: &T, depth: usize) -> String {
    let mut out = Vec::with_capacity(1 << 16);
    let formatter = Compact {
        indent: depth,
        ..Compact::default()
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    match value.serialize(&mut ser) {
        Ok(()) => {
            out.push(b'\n');
            // serde_json writes UTF-8 only.
            String::from_utf8(out).unwrap_or_default()
        }
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

/// How an open array is laid out, known once its first value starts.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Layout {
    /// No value yet.
    Empty,
    /// Plain values, on one line.
    Inline,
    /// Objects or arrays, one per line.
    Block,
}

/// A formatter like serde_json's pretty one (two-space indent), except that
/// arrays of plain values stay on one line. An array's layout is decided
/// when its first value starts: the separator before each value is held
/// back until then.
#[derive(Default)]
struct Compact {
    indent: usize,
    /// Open containers (innermost last): arrays and objects (`false`), each
    /// with its layout; an object is `Block` once it has a key.
    open: Vec<(bool, Layout)>,
    /// An array value is about to start; `true` when it is the first.
    pending: Option<bool>,
}

impl Compact {
    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.indent {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Writes the held-back separator, now that the value's kind is known.
    fn start_value<W: ?Sized + Write>(&mut self, w: &mut W, container: bool) -> io::Result<()> {
        let Some(first) = self.pending.take() else {
            return Ok(());
        };
        if let Some((true, layout)) = self.open.last_mut() {
            if *layout == Layout::Empty {
                *layout = if container {
                    Layout::Block
                } else {
                    Layout::Inline
                };
            }
            match *layout {
                Layout::Block => {
                    if !first {
                        w.write_all(b",")?;
                    }
                    self.newline(w)?;
                }
                _ if !first => w.write_all(b", ")?,
                _ => {}
            }
        }
        Ok(())
    }
}

macro_rules! scalar {
    ($($name:ident($ty:ty)),* $(,)?) => {
        $(
            fn $name<W: ?Sized + Write>(&mut self, w: &mut W, value: $ty) -> io::Result<()> {
                self.start_value(w, false)?;
                serde_json::ser::CompactFormatter.$name(w, value)
            }
        )*
    };
}

impl Formatter for Compact {
    scalar!(
        write_bool(bool),
        write_i8(i8),
        write_i16(i16),
        write_i32(i32),
        write_i64(i64),
        write_i128(i128),
        write_u8(u8),
        write_u16(u16),
        write_u32(u32),
        write_u64(u64),
        write_u128(u128),
        write_f32(f32),
        write_f64(f64),
        write_number_str(&str),
    );

    fn write_null<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.start_value(w, false)?;
        w.write_all(b"null")
    }

    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.start_value(w, false)?;
        w.write_all(b"\"")
    }

    fn write_raw_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // A raw object or array (a scenario finding) is a value of its own
        // line, like any container, though written on one line.
        self.start_value(w, fragment.starts_with(['{', '[']))?;
        w.write_all(fragment.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.start_value(w, true)?;
        self.open.push((true, Layout::Empty));
        self.indent += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.open.pop() == Some((true, Layout::Block)) {
            self.newline(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, _w: &mut W, first: bool) -> io::Result<()> {
        self.pending = Some(first);
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.start_value(w, true)?;
        self.open.push((false, Layout::Empty));
        self.indent += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        // An empty object stays `{}`.
        if self.open.pop() == Some((false, Layout::Block)) {
            self.newline(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if let Some((false, layout)) = self.open.last_mut() {
            *layout = Layout::Block;
        }
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text_in_pieces(report: &Report, pieces: usize, parallel: bool) -> String {
        crate::emit::write::text(|w| write_in_pieces(report, pieces, parallel, w))
    }

    #[test]
    fn escape_check_finds_every_special_byte_at_every_position() {
        assert!(!needs_escape(b""));
        assert!(!needs_escape("plain-id_0->x@y é ~!".as_bytes()));
        for len in 1..20 {
            for pos in 0..len {
                for special in [0u8, 0x1F, b'"', b'\\', b'\n'] {
                    let mut v = vec![b'a'; len];
                    v[pos] = special;
                    assert!(needs_escape(&v), "{len} {pos} {special}");
                }
                for fine in [b' ', b'!', b'#', b'[', b']', 0x7F, 0x80, 0xFF] {
                    let mut v = vec![b'a'; len];
                    v[pos] = fine;
                    assert!(!needs_escape(&v), "{len} {pos} {fine}");
                }
            }
        }
    }

    /// The hand-written attack paths and the splice give exactly what
    /// serializing the whole report gives.
    #[test]
    fn spliced_paths_equal_the_serialized_report() {
        let r = crate::resolve::resolve_path(std::path::Path::new("models/clinic.vast"));
        assert!(!r.has_errors());
        let today = crate::syntax::ast::Date::parse("2026-11-26").expect("date");
        let analysis = crate::analysis::analyze(&r.model, today);
        let mut report = super::super::report::report(&r.model, &analysis);
        assert!(!report.attack_paths.is_empty());
        assert_eq!(json(&report), pretty(&report));
        report.attack_paths.truncate(1);
        report.attack_paths[0].from = "a\"b\\c\n";
        assert_eq!(json(&report), pretty(&report));
        report.attack_paths.clear();
        assert_eq!(json(&report), pretty(&report));
    }

    /// The threat list rendered in any number of pieces joins into what
    /// serializing the whole report gives.
    #[test]
    fn threats_in_pieces_equal_the_serialized_report() {
        let text = crate::generate::model(crate::generate::Shape::new(200));
        let r = crate::resolve::resolve_str("gen.vast", &text);
        assert!(!r.has_errors());
        let today = crate::syntax::ast::Date::parse("2026-11-26").expect("date");
        let analysis = crate::analysis::analyze(&r.model, today);
        let mut report = super::super::report::report(&r.model, &analysis);
        assert!(report.threats.len() > 100, "{}", report.threats.len());
        let whole = pretty(&report);
        for pieces in [
            1,
            2,
            3,
            7,
            64,
            report.threats.len(),
            report.threats.len() + 5,
        ] {
            for parallel in [false, true] {
                let text = text_in_pieces(&report, pieces, parallel);
                assert_eq!(text, whole, "{pieces} pieces");
            }
        }
        report.threats.truncate(1);
        assert_eq!(text_in_pieces(&report, 4, false), pretty(&report));
        report.threats.clear();
        assert_eq!(text_in_pieces(&report, 4, false), pretty(&report));
    }

    #[test]
    fn plain_arrays_inline_objects_one_key_a_line() {
        let v = json!({
            "a": [1, 2],
            "b": [],
            "c": {},
            "d": [{"x": ["p", "q"], "z": [{}, {"w": [true]}]}, {"y": null}],
            "e": [[1], [2, 3]],
            "f": "s\"t",
        });
        let text = pretty(&v);
        assert_eq!(
            text,
            "{\n  \"a\": [1, 2],\n  \"b\": [],\n  \"c\": {},\n  \"d\": [\n    {\n      \"x\": [\"p\", \"q\"],\n      \"z\": [\n        {},\n        {\n          \"w\": [true]\n        }\n      ]\n    },\n    {\n      \"y\": null\n    }\n  ],\n  \"e\": [\n    [1],\n    [2, 3]\n  ],\n  \"f\": \"s\\\"t\"\n}\n"
        );
        let back: serde_json::Value = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, v);
    }
}
