//! `threats.json`: the report as pretty JSON, keys in a fixed order.
//!
//! Objects get one key per line; arrays of plain values stay on one line
//! (`"stride": ["E", "T", "I"]`, as `../shared/OUTPUTS.md` shows them), so
//! an attack path's dozens of threat IDs do not take a line each.

use super::report::Report;
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

pub fn json(report: &Report) -> String {
    pretty(report)
}

/// Pretty JSON with a final newline; shared by the JSON-based outputs.
pub fn pretty<T: Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(1 << 16);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Compact::default());
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
        self.start_value(w, false)?;
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
