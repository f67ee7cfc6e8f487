//! Reading a foreign file with serde: JSON with `serde_json`, YAML with the
//! YAML reader the Kubernetes importer uses (`yaml_serde`), into the typed
//! structures of each format. Scalars are read leniently ([`Text`],
//! [`Num`], [`Flag`]: tools write `"7.5"` and `7.5`, `null` and nothing);
//! a wrong structure (an object where a list belongs), a number out of
//! range, a syntax error or too deep nesting is a diagnostic at its line and
//! column.

use crate::diagnostic::Diag;
use crate::source::{FileId, Span};
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, de::IgnoredAny};
use std::fmt;

/// A scalar as text: a string, a number or a boolean; `null` is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn trimmed(&self) -> &str {
        self.0.trim()
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, a number, a boolean or null")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text::default())
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
                Text::deserialize(d)
            }
        }
        d.deserialize_any(V)
    }
}

/// A number: a JSON/YAML number or a string holding one; `null`, an empty
/// or non-numeric string is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Num(pub Option<f64>);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = Text::deserialize(d)?;
        Ok(Num(t
            .trimmed()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())))
    }
}

/// A boolean: `true`/`false`, or a string saying so; anything else is false.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let t = Text::deserialize(d)?;
        Ok(Flag(matches!(
            t.trimmed().to_lowercase().as_str(),
            "true" | "yes" | "1"
        )))
    }
}

/// For `#[serde(deserialize_with)]`: `null` reads as the default.
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Any value, read and dropped (for a field whose presence is noted).
pub type Ignored = Option<IgnoredAny>;

/// Reads JSON into `T`.
pub fn json<T: DeserializeOwned>(file: FileId, name: &str, text: &str) -> Result<T, Diag> {
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        located(
            file,
            name,
            text,
            "vast::import::json",
            "JSON",
            Some((e.line(), e.column())),
            &message,
        )
    })
}

/// Reads YAML into `T`.
pub fn yaml<T: DeserializeOwned>(file: FileId, name: &str, text: &str) -> Result<T, Diag> {
    yaml_serde::from_str(text).map_err(|e| {
        let message = e.to_string();
        let at = e.location().map(|l| (l.line(), l.column()));
        located(file, name, text, "vast::import::yaml", "YAML", at, &message)
    })
}

/// Whether the text is JSON rather than YAML: its first character opens an
/// object or a list.
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['{', '['])
}

fn located(
    file: FileId,
    name: &str,
    text: &str,
    code: &'static str,
    what: &str,
    at: Option<(usize, usize)>,
    message: &str,
) -> Diag {
    let short = message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_string();
    let start = at.map_or(0, |(l, c)| offset(text, l, c));
    let end = text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    let place = at.map_or_else(|| name.to_string(), |(l, c)| format!("{name}:{l}:{c}"));
    Diag::error(
        code,
        format!("malformed {what} in {place}: {short}"),
        Span::new(file, start, end),
    )
    .label(short)
    .help(format!(
        "fix the {what} here (a value of the wrong type, a missing bracket or quote) and import again"
    ))
}

/// The byte offset of a 1-based line and column (serde counts columns in
/// bytes from 1; 0 means before the first), on a character boundary.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut at = (start + column.saturating_sub(1)).min(line_end);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct S {
        #[serde(default)]
        a: Text,
        #[serde(default)]
        n: Num,
        #[serde(default)]
        f: Flag,
        #[serde(default, deserialize_with = "nullable")]
        list: Vec<Text>,
    }

    #[test]
    fn lenient_scalars() {
        let s: S = json(
            0,
            "x.json",
            r#"{"a": 5, "n": "7.5", "f": "true", "list": null}"#,
        )
        .unwrap();
        assert_eq!(s.a.as_str(), "5");
        assert_eq!(s.n.0, Some(7.5));
        assert!(s.f.0);
        assert!(s.list.is_empty());
        let s: S = yaml(0, "x.yaml", "a: ~\nn: lots\nlist: [1, b]\n").unwrap();
        assert_eq!(s.a.as_str(), "");
        assert_eq!(s.n.0, None);
        assert_eq!(s.list.len(), 2);
    }

    #[test]
    fn errors_are_located() {
        let text = "{\n  \"a\": \"ok\",\n  \"list\": {\"x\": 1}\n}";
        let d = json::<S>(0, "bad.json", text).unwrap_err();
        assert!(
            d.message.starts_with("malformed JSON in bad.json:3:"),
            "{}",
            d.message
        );
        let d = json::<S>(0, "bad.json", "{\"n\": 1e999}").unwrap_err();
        assert!(d.message.contains("out of range"), "{}", d.message);
        let d = yaml::<S>(0, "bad.yaml", "a: [1\n").unwrap_err();
        assert!(
            d.message.starts_with("malformed YAML in bad.yaml:"),
            "{}",
            d.message
        );
        assert_eq!(offset("ab\ncdé\n", 2, 3), 5);
        assert_eq!(offset("ab\ncdé\n", 2, 4), 5);
        assert_eq!(offset("ab", 9, 1), 2);
    }
}
