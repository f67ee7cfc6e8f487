//! The built-in rule catalogue: the rule files embedded in the binary,
//! compiled once per process by the same code as a model's rules. A rule
//! with an error inside its declaration (a `when` that does not parse or
//! names no fact, a missing setting) is refused rather than loaded in part:
//! a rule without its condition would fire on everything it applies to.

use super::{build, names};
use crate::diagnostic::{Diag, Level};
use crate::model::RuleDef;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{Decl, Keyword};
use std::sync::OnceLock;

/// The built-in rule files, embedded in the binary.
pub const CATALOGUE_FILES: &[(&str, &str)] = &[
    (
        "catalogue/k8s.vast",
        include_str!("../../catalogue/k8s.vast"),
    ),
    (
        "catalogue/generic.vast",
        include_str!("../../catalogue/generic.vast"),
    ),
    ("catalogue/ai.vast", include_str!("../../catalogue/ai.vast")),
];

/// The compiled catalogue and any diagnostics it produced (a test keeps them empty).
pub struct Catalogue {
    pub rules: Vec<RuleDef>,
    pub sources: SourceMap,
    pub diags: Vec<Diag>,
}

/// The built-in catalogue, compiled at most once per process.
static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

/// Compiles the built-in catalogue once per process (a caller that comes
/// while another thread compiles it waits for that thread).
pub fn catalogue() -> &'static Catalogue {
    CATALOGUE.get_or_init(|| compile(CATALOGUE_FILES))
}

/// Starts compiling the catalogue on another thread unless it is already
/// compiled (the model's resolution does not need it until the end).
pub(super) fn prepare() {
    if CATALOGUE.get().is_none() {
        let _ = std::thread::Builder::new().spawn(|| {
            catalogue();
        });
    }
}

/// Compiles rule files (name, text) into a catalogue. Rules whose
/// declaration holds an error are left out; the errors stay in `diags`.
pub fn compile(files: &[(&str, &str)]) -> Catalogue {
    let mut sources = SourceMap::default();
    let mut parsed = Vec::new();
    let mut diags = Vec::new();
    for (name, text) in files {
        let id = sources.add(name.to_string(), name.into(), *text);
        let (file, d) = crate::syntax::parse(id, text);
        diags.extend(d);
        parsed.push((id, file));
    }
    let names = names::collect(&parsed, &Default::default(), &mut diags);
    let mut b = build::Builder::new(&names);
    let decls: Vec<&Decl> = names.decls.iter().map(|f| f.decl).collect();
    let mut extents = Vec::new();
    for d in decls {
        if d.keyword == Keyword::Rule {
            b.rule(d, true);
            if let Some(id) = &d.id {
                extents.push((id.name.clone(), extent(d)));
            }
        } else {
            diags.push(
                Diag::error(
                    "vast::catalogue::not_a_rule",
                    "the catalogue holds only rules",
                    d.keyword_span,
                )
                .label("not a rule"),
            );
        }
    }
    diags.extend(b.diags);
    let errors: Vec<Span> = diags
        .iter()
        .filter(|d| d.level == Level::Error)
        .filter_map(|d| d.span)
        .collect();
    let broken: Vec<&str> = extents
        .iter()
        .filter(|(_, e)| errors.iter().any(|s| within(*s, *e)))
        .map(|(id, _)| id.as_str())
        .collect();
    let mut rules = b.model.rules;
    rules.retain(|r| !broken.contains(&r.id.as_str()));
    for r in &mut rules {
        r.builtin = true;
    }
    Catalogue {
        rules,
        sources,
        diags,
    }
}

/// From a declaration's keyword to the end of its block.
fn extent(d: &Decl) -> Span {
    let end = d.body.as_ref().map_or(d.keyword_span.end, |b| b.span.end);
    Span::new(d.keyword_span.file, d.keyword_span.start, end)
}

/// Whether `s` starts inside `outer` (same file).
fn within(s: Span, outer: Span) -> bool {
    s.file == outer.file && s.start >= outer.start && s.start <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"rule OK-1 "fine" {
  applies-to flow
  cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
  when encrypted
}
"#;

    #[test]
    fn the_built_in_catalogue_loads_every_rule() {
        let c = catalogue();
        assert!(c.diags.is_empty());
        assert!(c.rules.len() > 70, "{} rules", c.rules.len());
    }

    #[test]
    fn a_rule_whose_when_does_not_parse_is_refused() {
        let bad = r#"rule BAD-1 "broken" {
  applies-to flow
  cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
  when encrypted and (
}
"#;
        let c = compile(&[("good.vast", GOOD), ("bad.vast", bad)]);
        assert!(!c.diags.is_empty());
        let ids: Vec<&str> = c.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["OK-1"]);
    }

    #[test]
    fn a_rule_whose_when_names_no_fact_is_refused() {
        let bad = r#"rule BAD-2 "typo" {
  applies-to flow
  cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
  when encrypte
}
"#;
        let c = compile(&[("bad.vast", bad), ("good.vast", GOOD)]);
        assert!(!c.diags.is_empty());
        let ids: Vec<&str> = c.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["OK-1"]);
        assert!(c.rules.iter().all(|r| r.when.is_some() && r.builtin));
    }
}
