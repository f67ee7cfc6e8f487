//! Completion: the keywords that may start an entry where the cursor is;
//! inside a declaration's block only the settings that declaration takes
//! (and the declarations it may hold); a setting's values (its vocabulary,
//! `true`/`false`, or the declared IDs of the kind it references); declared
//! IDs where a reference is expected (`in`, flow and step ends, a risk's
//! rule and target, an `allow`'s scope) and the verbs of an `allow`.

use super::context::{self, Context, Tok};
use super::index::{Def, Index};
use crate::model::Key;

/// Declared IDs by name.
type Known = std::collections::BTreeMap<String, Def>;
use super::project::Project;
use crate::resolve::schema::{self, Subject, Ty};
use crate::resolve::vocab;
use crate::syntax::ast::Keyword;
use lsp_types::{CompletionItem, CompletionItemKind, Documentation};

const ELEMENTS: &[Keyword] = &[Keyword::Actor, Keyword::Process, Keyword::Store];
const TARGETS: &[Keyword] = &[
    Keyword::Actor,
    Keyword::Process,
    Keyword::Store,
    Keyword::Flow,
    Keyword::Boundary,
    Keyword::Identity,
    Keyword::Data,
];

/// The completions at byte `offset` of `text`; IDs come from the
/// project's index (or, without a project, from `text` alone).
pub fn complete(p: Option<&Project>, text: &str, offset: usize) -> Vec<CompletionItem> {
    let own;
    let index = match p {
        Some(p) => p.known(),
        None => {
            let (file, _) = crate::syntax::parse(0, text);
            own = Index::new(&[(0, file)]).defs;
            &own
        }
    };
    match context::context(text, offset) {
        Context::Nothing | Context::When => Vec::new(),
        Context::Entry(None) => keywords(
            Keyword::ALL
                .iter()
                .copied()
                .filter(|k| !matches!(k, Keyword::Feature | Keyword::Widget | Keyword::Step)),
        ),
        Context::Entry(Some(None)) => Vec::new(),
        Context::Entry(Some(Some(k))) => entry_in(k),
        Context::Value { container, setting } => values(index, Subject::of(container), &setting),
        Context::Header { keyword, rest } => header(index, keyword, &rest),
        Context::Allow(rest) => allow(index, &rest),
    }
}

fn keywords(ks: impl Iterator<Item = Keyword>) -> Vec<CompletionItem> {
    ks.map(|k| CompletionItem {
        label: k.as_str().to_string(),
        kind: Some(CompletionItemKind::KEYWORD),
        ..Default::default()
    })
    .collect()
}

/// What may start an entry in the block of a `k` declaration.
fn entry_in(k: Keyword) -> Vec<CompletionItem> {
    use Keyword as K;
    let subject = Subject::of(k);
    let mut items: Vec<CompletionItem> = schema::SETTINGS
        .iter()
        .filter(|s| s.subjects.contains(&subject))
        .map(|s| CompletionItem {
            label: s.name().to_string(),
            kind: Some(CompletionItemKind::PROPERTY),
            detail: Some(match (s.name(), schema::kind_vocab(subject)) {
                ("kind", Some(v)) => Ty::Vocab(v).describe(),
                _ => s.ty.describe(),
            }),
            documentation: Some(Documentation::String(s.doc.to_string())),
            ..Default::default()
        })
        .collect();
    let nested: &[Keyword] = match k {
        K::Boundary => &[K::Boundary, K::Actor, K::Process, K::Store, K::Flow],
        K::App => &[K::Feature, K::Step],
        K::Feature => &[K::Widget],
        _ => &[],
    };
    items.extend(keywords(nested.iter().copied()));
    let extra = match k {
        K::Identity => Some("allow"),
        K::Rule => Some("when"),
        _ => None,
    };
    items.extend(extra.map(|w| CompletionItem {
        label: w.to_string(),
        kind: Some(CompletionItemKind::KEYWORD),
        ..Default::default()
    }));
    items
}

fn words(ws: &[&str], detail: &str) -> Vec<CompletionItem> {
    ws.iter()
        .map(|w| CompletionItem {
            label: w.to_string(),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(detail.to_string()),
            ..Default::default()
        })
        .collect()
}

/// The values of setting `name` of `subject`.
fn values(index: &Known, subject: Subject, name: &str) -> Vec<CompletionItem> {
    let Some(spec) = Key::from_name(name).and_then(|k| schema::setting(subject, k)) else {
        return Vec::new();
    };
    let ty = match (name, schema::kind_vocab(subject)) {
        ("kind", Some(v)) => Ty::Vocab(v),
        _ => spec.ty,
    };
    match ty {
        Ty::Bool => words(&["true", "false"], "boolean"),
        Ty::Vocab(v) | Ty::VocabList(v) => words(v.words, v.name),
        Ty::Date => words(&[&crate::model::Date::today().to_string()], "today"),
        Ty::Ref(k) | Ty::RefList(k) => ids(index, crate::resolve::ref_keywords(k)),
        _ => Vec::new(),
    }
}

/// The declared IDs of some kinds.
fn ids(index: &Known, keywords: &[Keyword]) -> Vec<CompletionItem> {
    index
        .iter()
        .filter(|(_, d)| keywords.contains(&d.keyword))
        .map(|(id, d)| CompletionItem {
            label: id.clone(),
            kind: Some(match d.keyword {
                Keyword::Boundary => CompletionItemKind::MODULE,
                Keyword::Data => CompletionItemKind::STRUCT,
                Keyword::Identity => CompletionItemKind::VARIABLE,
                Keyword::Rule => CompletionItemKind::CONSTANT,
                Keyword::Flow => CompletionItemKind::EVENT,
                _ => CompletionItemKind::CLASS,
            }),
            detail: Some(match &d.label {
                Some(l) => format!("{} · {l}", d.keyword.as_str()),
                None => d.keyword.as_str().to_string(),
            }),
            ..Default::default()
        })
        .collect()
}

fn last_word(rest: &[Tok]) -> Option<&str> {
    match rest.last() {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

/// In a declaration's header.
fn header(index: &Known, k: Keyword, rest: &[Tok]) -> Vec<CompletionItem> {
    let last = rest.last();
    if last_word(rest) == Some("in") && !matches!(k, Keyword::Risk | Keyword::Threat) {
        return ids(index, &[Keyword::Boundary]);
    }
    match k {
        Keyword::Flow if rest.is_empty() || matches!(last, Some(Tok::Arrow | Tok::Sym(':'))) => {
            ids(index, ELEMENTS)
        }
        Keyword::Step if rest.is_empty() || last == Some(&Tok::Arrow) => {
            ids(index, &[Keyword::Feature, Keyword::Actor])
        }
        Keyword::Risk if rest.is_empty() => {
            let mut items = ids(index, &[Keyword::Rule]);
            for r in &crate::resolve::catalogue().rules {
                if items.iter().any(|i| i.label == r.id) {
                    continue;
                }
                items.push(CompletionItem {
                    label: r.id.clone(),
                    kind: Some(CompletionItemKind::CONSTANT),
                    detail: Some(r.title.clone()),
                    ..Default::default()
                });
            }
            items
        }
        Keyword::Risk | Keyword::Threat if last_word(rest) == Some("on") => ids(index, TARGETS),
        Keyword::Risk | Keyword::Threat if last == Some(&Tok::Arrow) => ids(index, ELEMENTS),
        _ => Vec::new(),
    }
}

/// In an `allow` grant: verbs, then (after `in`) namespaces.
fn allow(index: &Known, rest: &[Tok]) -> Vec<CompletionItem> {
    let words_so_far: Vec<&str> = rest
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.as_str()),
            _ => None,
        })
        .collect();
    if last_word(rest) == Some("in") {
        return ids(index, &[Keyword::Boundary]);
    }
    if !words_so_far.contains(&"on") {
        return words(vocab::VERBS, "verb");
    }
    Vec::new()
}
