//! Settings: checks each `name value, …` of a block against the settings
//! table and turns the values into typed [`Val`]s. References are checked
//! for existence and kind here; the builder maps them to indices.

use super::names::Names;
use super::schema::{self, RefKind, Subject, Ty};
use super::suggest::did_you_mean;
use super::vocab::Vocab;
use crate::diagnostic::Diag;
use crate::model::{Key, Settings, Val};
use crate::source::Span;
use crate::syntax::ast::{Allow, Block, Expr, Item, Keyword, Setting, Value, ValueKind};
use std::collections::BTreeMap;

/// What a block holds besides plain settings.
#[derive(Default)]
pub struct BlockParts<'a> {
    pub settings: Settings,
    pub spans: BTreeMap<Key, Span>,
    pub allows: Vec<&'a Allow>,
    pub when: Option<(&'a Expr, Span)>,
}

/// Checks every setting of `block` for `subject`; `kind` is the declaration's
/// own `kind` (for kind-specific vocabularies).
pub fn read<'a>(
    block: Option<&'a Block>,
    subject: Subject,
    names: &Names<'_>,
    diags: &mut Vec<Diag>,
) -> BlockParts<'a> {
    let mut parts = BlockParts::default();
    let Some(block) = block else {
        return parts;
    };
    for item in &block.items {
        match item {
            Item::Setting(s) => setting(s, subject, names, diags, &mut parts),
            Item::Allow(a) if subject == Subject::Identity => parts.allows.push(a),
            Item::Allow(a) => diags.push(
                Diag::error("vast::resolve::misplaced_allow", "`allow` grants belong to identities", a.span)
                    .label("not an identity")
                    .help("declare an `identity` with the grant and reference it with `runs-as` or `credential`"),
            ),
            Item::When(e, span) if subject == Subject::Rule => {
                if let Some((_, first)) = parts.when {
                    diags.push(
                        Diag::error("vast::resolve::duplicate_setting", "`when` is given twice", *span)
                            .label("second condition")
                            .note(first, "first here")
                            .help("combine the conditions with `and` or `or`"),
                    );
                } else {
                    parts.when = Some((e, *span));
                }
            }
            Item::When(_, span) => diags.push(
                Diag::error("vast::resolve::misplaced_when", "`when` conditions belong to rules", *span)
                    .label("not a rule")
                    .help("write a `rule ID \"Title\" { applies-to …; when … }`"),
            ),
            Item::Decl(_) | Item::Unknown(_) => {}
        }
    }
    parts
}

fn setting(
    s: &Setting,
    subject: Subject,
    names: &Names<'_>,
    diags: &mut Vec<Diag>,
    parts: &mut BlockParts<'_>,
) {
    let name = s.name.name.as_str();
    let Some(spec) = schema::setting_named(subject, name) else {
        let help = did_you_mean(name, schema::names(subject)).unwrap_or_else(|| {
            let all: Vec<&str> = schema::names(subject).collect();
            format!("a {} takes: {}", subject.as_str(), all.join(", "))
        });
        diags.push(
            Diag::error(
                "vast::resolve::unknown_setting",
                format!("unknown setting `{name}` on a {}", subject.as_str()),
                s.name.span,
            )
            .label("not a setting of this declaration")
            .help(help),
        );
        return;
    };
    if let Some(first) = parts.spans.get(&spec.key) {
        diags.push(
            Diag::error(
                "vast::resolve::duplicate_setting",
                format!("`{name}` is set twice"),
                s.name.span,
            )
            .label("second value")
            .note(*first, "first set here")
            .help("keep one; list values are written once, comma-separated"),
        );
        return;
    }
    let ty = match (spec.key, schema::kind_vocab(subject)) {
        (Key::Kind, Some(v)) => Ty::Vocab(v),
        _ => spec.ty,
    };
    if !ty.is_list() && s.values.len() > 1 {
        diags.push(
            Diag::error(
                "vast::resolve::too_many_values",
                format!("`{name}` takes one value"),
                s.values[1].span.to(s.span),
            )
            .label("extra values")
            .help(format!("`{name}` expects {}", ty.describe())),
        );
        return;
    }
    let mut vals = Vec::new();
    let mut ok = true;
    for v in &s.values {
        match value(v, ty, name, names) {
            Ok(val) => vals.push(val),
            Err(d) => {
                diags.push(d);
                ok = false;
            }
        }
    }
    if !ok {
        return;
    }
    let val = if ty.is_list() {
        Val::List(vals)
    } else {
        match vals.pop() {
            Some(v) => v,
            None => return,
        }
    };
    parts.spans.insert(spec.key, s.name.span);
    parts.settings.insert(spec.key, val);
}

fn expected(v: &Value, name: &str, ty: Ty) -> Diag {
    let found = match &v.kind {
        ValueKind::Ident(_) => "a name",
        ValueKind::Str(_) => "a string",
        ValueKind::Number(..) => "a number",
        ValueKind::Date(_) => "a date",
        ValueKind::Star => "`*`",
    };
    let help = match (ty, &v.kind) {
        (Ty::Text | Ty::Cvss, ValueKind::Ident(s)) => format!("write it as a string: \"{s}\""),
        _ => format!("`{name}` expects {}", ty.describe()),
    };
    Diag::error(
        "vast::resolve::bad_value",
        format!("`{name}` expects {}, found {found}", ty.describe()),
        v.span,
    )
    .label("this value")
    .help(help)
}

/// Checks one value against a type.
pub fn value(v: &Value, ty: Ty, name: &str, names: &Names<'_>) -> Result<Val, Diag> {
    match (ty, &v.kind) {
        (Ty::Bool, ValueKind::Ident(s)) if s == "true" || s == "false" => {
            Ok(Val::Bool(s == "true"))
        }
        (Ty::Number, ValueKind::Number(n, _)) => Ok(Val::Num(*n)),
        (Ty::Port, ValueKind::Number(n, raw)) => {
            if n.fract() == 0.0 && (0.0..=65535.0).contains(n) {
                Ok(Val::Num(*n))
            } else {
                Err(Diag::error(
                    "vast::resolve::bad_port",
                    format!("`{raw}` is not a port number"),
                    v.span,
                )
                .label("out of range")
                .help("ports are whole numbers from 0 to 65535"))
            }
        }
        (Ty::Text, ValueKind::Str(s)) => Ok(Val::Text(s.clone())),
        (Ty::TextList, ValueKind::Str(s) | ValueKind::Ident(s)) => Ok(Val::Text(s.clone())),
        (Ty::TextList, ValueKind::Number(_, raw)) => Ok(Val::Text(raw.clone())),
        (Ty::Word, ValueKind::Str(s) | ValueKind::Ident(s)) => Ok(Val::Word(s.clone())),
        (Ty::Date, ValueKind::Date(d)) => Ok(Val::Date(*d)),
        (Ty::Cvss, ValueKind::Str(s)) => {
            super::cvss::check(s, v.span).map(|_| Val::Text(s.clone()))
        }
        (Ty::Vocab(voc) | Ty::VocabList(voc), ValueKind::Ident(s) | ValueKind::Str(s)) => {
            vocab_word(s, voc, v.span)
        }
        (Ty::Ref(kind) | Ty::RefList(kind), ValueKind::Ident(s)) => {
            reference(s, kind, v.span, names)
        }
        _ => Err(expected(v, name, ty)),
    }
}

fn vocab_word(s: &str, voc: &Vocab, span: Span) -> Result<Val, Diag> {
    if voc.contains(s) {
        return Ok(Val::Word(s.to_string()));
    }
    let help = did_you_mean(s, voc.words.iter().copied())
        .unwrap_or_else(|| format!("{} is one of: {}", voc.name, voc.words.join(", ")));
    Err(Diag::error(
        "vast::resolve::bad_vocabulary",
        format!("`{s}` is not a {} word", voc.name),
        span,
    )
    .label("unknown value")
    .help(help))
}

/// Keywords a reference of `kind` may name.
pub fn ref_keywords(kind: RefKind) -> &'static [Keyword] {
    match kind {
        RefKind::Data => &[Keyword::Data],
        RefKind::Boundary => &[Keyword::Boundary],
        RefKind::Element => &[Keyword::Actor, Keyword::Process, Keyword::Store],
        RefKind::Actor => &[Keyword::Actor],
        RefKind::Identity => &[Keyword::Identity],
        RefKind::Compromisable => &[
            Keyword::Actor,
            Keyword::Process,
            Keyword::Store,
            Keyword::Identity,
        ],
    }
}

/// Checks that `id` exists and names a declaration of `kind`: the value.
pub fn reference(id: &str, kind: RefKind, span: Span, names: &Names<'_>) -> Result<Val, Diag> {
    check_reference(id, kind, span, names).map(|()| Val::Word(id.to_string()))
}

/// Checks that `id` exists and names a declaration of `kind`.
pub fn check_reference(id: &str, kind: RefKind, span: Span, names: &Names<'_>) -> Result<(), Diag> {
    let keywords = ref_keywords(kind);
    match names.get(id) {
        Some(sym) if keywords.contains(&sym.keyword) => Ok(()),
        Some(sym) => Err(Diag::error(
            "vast::resolve::wrong_kind",
            format!(
                "`{id}` is a {}, but {} is needed here",
                sym.keyword.as_str(),
                kind.describe()
            ),
            span,
        )
        .label(format!("a {}", sym.keyword.as_str()))
        .note(sym.span, "declared here")
        .maybe_help(did_you_mean(id, names.ids_of(keywords)))),
        None => Err(Diag::error(
            "vast::resolve::unknown_ref",
            format!("`{id}` is not declared"),
            span,
        )
        .label(format!("expected {}", kind.describe()))
        .help(
            did_you_mean(id, names.ids_of(keywords))
                .unwrap_or_else(|| format!("declare it, or name {}", kind.describe())),
        )),
    }
}
