//! CVSS vectors checked completely with the `cvss` crate: the version, every
//! metric's value, no metric twice, and every base metric present (the crate
//! accepts a CVSS 3 vector without some base metrics, and the analysis would
//! then score it). A diagnostic names the metric and points at it inside the
//! vector string when it can.

use crate::diagnostic::Diag;
use crate::model::Key;
use crate::source::Span;
use crate::syntax::ast::{Decl, Item};
use cvss::Error;
use std::collections::BTreeMap;

/// The base metrics a CVSS 3.x vector must state, in the specification's
/// order, with the values each takes.
const V3_BASE: &[(&str, &str, &str)] = &[
    ("AV", "Attack Vector", "N, A, L or P"),
    ("AC", "Attack Complexity", "L or H"),
    ("PR", "Privileges Required", "N, L or H"),
    ("UI", "User Interaction", "N or R"),
    ("S", "Scope", "U or C"),
    ("C", "Confidentiality Impact", "H, L or N"),
    ("I", "Integrity Impact", "H, L or N"),
    ("A", "Availability Impact", "H, L or N"),
];

/// The base metrics of CVSS 4.0, in the specification's order.
const V4_BASE: &str = "AV, AC, AT, PR, UI, VC, VI, VA, SC, SI and SA";

/// An example of a full vector, for help texts.
const EXAMPLE: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

/// Checks a vector completely. `span` is the string literal's (quotes included).
pub fn check(s: &str, span: Span) -> Result<(), Diag> {
    let at = Locator { s, span };
    if s.starts_with("CVSS:4.0/") {
        return s
            .parse::<cvss::v4::Vector>()
            .map(|_| ())
            .map_err(|e| at.crate_error(&e, "4.0"));
    }
    if !s.starts_with("CVSS:3.0/") && !s.starts_with("CVSS:3.1/") {
        return Err(Diag::error(
            "vast::resolve::bad_cvss",
            "invalid CVSS vector: it does not start with `CVSS:3.1/`, `CVSS:3.0/` or `CVSS:4.0/`",
            at.component(0),
        )
        .label("unknown version")
        .help(format!("write a full vector such as \"{EXAMPLE}\"")));
    }
    let version = &s[5..8];
    let v = s
        .parse::<cvss::v3::Vector>()
        .map_err(|e| at.crate_error(&e, version))?;
    let present = [
        v.av.is_some(),
        v.ac.is_some(),
        v.pr.is_some(),
        v.ui.is_some(),
        v.s.is_some(),
        v.c.is_some(),
        v.i.is_some(),
        v.a.is_some(),
    ];
    let missing: Vec<_> = V3_BASE
        .iter()
        .zip(present)
        .filter(|(_, p)| !p)
        .map(|(m, _)| m)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing
        .iter()
        .map(|(name, what, _)| format!("{name} ({what})"))
        .collect();
    let adds: Vec<String> = missing
        .iter()
        .map(|(name, _, values)| format!("`{name}:` with {values}"))
        .collect();
    Err(Diag::error(
        "vast::resolve::bad_cvss",
        format!(
            "incomplete CVSS {version} vector: {} {} missing",
            and_list(&names),
            if missing.len() == 1 { "is" } else { "are" }
        ),
        span,
    )
    .label(format!(
        "no {}",
        and_list(&missing.iter().map(|m| m.0.to_string()).collect::<Vec<_>>())
    ))
    .help(format!(
        "a CVSS {version} vector states all eight base metrics (AV, AC, PR, UI, S, C, I and A); add {}",
        and_list(&adds)
    )))
}

/// A manual threat states how bad it is: a `cvss` vector or a `severity`,
/// not both (the vector gives the severity) and not neither (it would score
/// 0.0 and `--fail-on` would never see it). `spans` holds the settings read.
pub fn stated_score(decl: &Decl, spans: &BTreeMap<Key, Span>, id: Span) -> Option<Diag> {
    let written = |key: Key| {
        decl.body
            .iter()
            .flat_map(|b| &b.items)
            .find_map(|item| match item {
                Item::Setting(s) if s.name.name == key.as_str() => Some(s.name.span),
                _ => None,
            })
    };
    match (written(Key::Cvss), written(Key::Severity)) {
        (None, None) => Some(
            Diag::error(
                "vast::resolve::missing_setting",
                "a threat needs a `cvss` vector or a `severity`",
                id,
            )
            .label("how bad is it?")
            .help(format!(
                "add `cvss \"{EXAMPLE}\"` (scored), or `severity critical|high|medium|low` until it is scored"
            )),
        ),
        (Some(_), Some(_)) => {
            let (cvss, severity) = (spans.get(&Key::Cvss)?, spans.get(&Key::Severity)?);
            Some(
                Diag::error(
                    "vast::resolve::cvss_and_severity",
                    "a threat states a `cvss` vector or a `severity`, not both",
                    *severity,
                )
                .label("the vector already gives the severity")
                .note(*cvss, "vector here")
                .help("keep the `cvss` vector and remove `severity`"),
            )
        }
        _ => None,
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Finds the parts of a vector inside its string literal.
struct Locator<'s> {
    s: &'s str,
    span: Span,
}

impl Locator<'_> {
    /// The span of component `n` (`AV:N`) when the literal is the string
    /// as written (no escapes), else the whole literal.
    fn component(&self, n: usize) -> Span {
        let plain = self.span.end.checked_sub(self.span.start) == Some(self.s.len() + 2);
        let mut offset = 0;
        for (i, part) in self.s.split('/').enumerate() {
            if i == n && plain {
                let start = self.span.start + 1 + offset;
                return Span::new(self.span.file, start, start + part.len().max(1));
            }
            offset += part.len() + 1;
        }
        self.span
    }

    /// The first component whose metric name is `name` (any case).
    fn metric(&self, name: &str) -> Span {
        self.find(|part| {
            part.split(':')
                .next()
                .is_some_and(|id| id.eq_ignore_ascii_case(name))
        })
    }

    /// The last component whose metric name is `name`: the duplicate.
    fn duplicate(&self, name: &str) -> Span {
        let n = self
            .s
            .split('/')
            .enumerate()
            .filter(|(_, p)| {
                p.split(':')
                    .next()
                    .is_some_and(|id| id.eq_ignore_ascii_case(name))
            })
            .map(|(i, _)| i)
            .last();
        n.map(|n| self.component(n)).unwrap_or(self.span)
    }

    fn find(&self, f: impl Fn(&str) -> bool) -> Span {
        match self.s.split('/').position(f) {
            Some(n) => self.component(n),
            None => self.span,
        }
    }

    /// A diagnostic for an error of the crate, pointing at the metric it names.
    fn crate_error(&self, e: &Error, version: &str) -> Diag {
        let values = |name: &str| {
            V3_BASE
                .iter()
                .find(|m| m.0 == name)
                .filter(|_| version != "4.0")
                .map(|m| format!("{name} takes {}", m.2))
        };
        let (span, label, help) = match e {
            Error::InvalidMetricV3 { metric_type, .. } => {
                let name = metric_type.name();
                (self.metric(name), "this value".to_string(), values(name))
            }
            Error::InvalidMetricV4 { metric_type, .. } => (
                self.metric(metric_type.name()),
                "this value".to_string(),
                None,
            ),
            Error::DuplicateMetricV3 { metric_type } => (
                self.duplicate(metric_type.name()),
                "stated again".to_string(),
                Some("state each metric once".to_string()),
            ),
            Error::DuplicateMetricV4 { metric_type } => (
                self.duplicate(metric_type.name()),
                "stated again".to_string(),
                Some("state each metric once".to_string()),
            ),
            Error::MissingMandatoryMetricV4 { metric_type } => (
                self.span,
                format!("no {}", metric_type.name()),
                Some(format!(
                    "a CVSS 4.0 vector states every base metric: {V4_BASE}"
                )),
            ),
            Error::UnknownMetric { name } => (
                self.metric(name),
                "unknown metric".to_string(),
                Some(format!("CVSS {version} has no metric `{name}`")),
            ),
            Error::InvalidComponent { component } => (
                self.find(|p| p == component),
                "not `METRIC:VALUE`".to_string(),
                Some("separate `METRIC:VALUE` pairs with single `/`".to_string()),
            ),
            _ => (self.component(0), "this vector".to_string(), None),
        };
        Diag::error(
            "vast::resolve::bad_cvss",
            format!("invalid CVSS vector: {e}"),
            span,
        )
        .label(label)
        .help(help.unwrap_or_else(|| format!("write a full vector such as \"{EXAMPLE}\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> Diag {
        let span = Span::new(0, 10, 10 + s.len() + 2);
        match check(s, span) {
            Err(d) => d,
            Ok(()) => panic!("{s} accepted"),
        }
    }

    #[test]
    fn full_vectors_pass() {
        let span = Span::new(0, 0, 0);
        for v in [
            EXAMPLE,
            "CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:C/C:N/I:N/A:N",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/CR:H",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
        ] {
            assert!(check(v, span).is_ok(), "{v}");
        }
    }

    #[test]
    fn a_missing_metric_is_named() {
        let d = err("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H");
        assert!(
            d.message.contains("A (Availability Impact) is missing"),
            "{}",
            d.message
        );
        let d = err("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H");
        assert!(
            d.message
                .contains("I (Integrity Impact) and A (Availability Impact) are missing"),
            "{}",
            d.message
        );
        let d = err("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N");
        assert!(d.message.contains("SA"), "{}", d.message);
    }

    #[test]
    fn a_wrong_value_is_pointed_at() {
        let s = "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
        let d = err(s);
        assert!(d.message.contains("AV (Attack Vector)"), "{}", d.message);
        // The label covers `AV:X`: 10 (literal) + 1 (quote) + 9 (`CVSS:3.1/`).
        assert_eq!(d.span.map(|s| (s.start, s.end)), Some((20, 24)));
        assert_eq!(d.help.as_deref(), Some("AV takes N, A, L or P"));
        let d = err("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L");
        assert!(d.message.contains("duplicate"), "{}", d.message);
        let d = err("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:L");
        assert!(d.message.contains("ZZ"), "{}", d.message);
        let d = err("CVSS:2.0/AV:N");
        assert!(d.message.contains("does not start with"), "{}", d.message);
    }
}
