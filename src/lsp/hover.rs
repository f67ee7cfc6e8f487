//! Hover: for an element its kind, label, boundary path and threats (with
//! severity, score and status); for a boundary, data asset, flow or
//! identity what it is and where; for a rule (in a `risk` or its own
//! declaration) the rule in full, as `vastc explain` prints it; for a
//! setting name its type and its description from the settings table.
//! Every model string is escaped for Markdown.

use super::features::Spot;
use super::project::Project;
use crate::analysis::explain;
use crate::analysis::threat::Threat;
use crate::emit::escape;
use crate::model::Key;
use crate::model::{BoundaryId, Model, TargetRef};
use crate::resolve::schema::{self, Ty};
use crate::syntax::ast::Keyword;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

/// Threats listed in one hover; the rest are counted.
const MAX_THREATS: usize = 20;

/// The hover at a spot, if there is something to say.
pub fn hover(p: &Project, at: &Spot) -> Option<Hover> {
    let (text, span) = if let Some(o) = p.index().at(at.file, at.offset) {
        (about(p, p.index().name(o))?, o.span)
    } else {
        let s = p.index().setting_at(at.file, at.offset)?;
        (setting(s.subject, s.name)?, s.span)
    };
    let range = p
        .lines(span.file)
        .map(|l| l.range(p.text(span.file), span.start, span.end));
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range,
    })
}

fn code(s: &str) -> String {
    let mut out = String::new();
    escape::code_into(&mut out, s, false);
    out
}

fn head(keyword: &str, id: &str, label: &str) -> String {
    let mut s = format!("**{keyword}** {}", code(id));
    if !label.is_empty() && label != id {
        s.push_str(" — ");
        s.push_str(&escape::markdown(label));
    }
    s.push_str("\n\n");
    s
}

fn about(p: &Project, name: &str) -> Option<String> {
    let m = &p.resolved.model;
    let keyword = p.index().defs.get(name).map(|d| d.keyword);
    match keyword {
        Some(Keyword::Actor | Keyword::Process | Keyword::Store) => {
            let i = m.element(name)?;
            let e = &m.elements[i];
            let mut s = head(e.ty.as_str(), &e.id, &e.label);
            s.push_str(&format!("kind {}\n\n", code(e.kind.as_str())));
            s.push_str(&format!("in {}\n\n", boundary_path(m, e.boundary)));
            if let Some(id) = e.runs_as.and_then(|x| m.identities.get(x)) {
                s.push_str(&format!("runs as {}\n\n", code(&id.id)));
            }
            s.push_str(&threats(p, &TargetRef::Element(i)));
            Some(s)
        }
        Some(Keyword::Boundary) => {
            let i = m.boundary(name)?;
            let b = &m.boundaries[i];
            let mut s = head("boundary", &b.id, &b.label);
            s.push_str(&format!(
                "kind {} · trust {}\n\n",
                code(b.kind.as_str()),
                code(b.trust.as_str())
            ));
            s.push_str(&format!("in {}\n\n", boundary_path(m, b.parent)));
            let inside = m.elements.iter().filter(|e| e.boundary == Some(i)).count();
            s.push_str(&format!(
                "{inside} element{} directly inside\n\n",
                plural(inside)
            ));
            s.push_str(&threats(p, &TargetRef::Boundary(i)));
            Some(s)
        }
        Some(Keyword::Data) => {
            let i = m.data_asset(name)?;
            let d = &m.data[i];
            let mut s = head("data", &d.id, &d.label);
            for k in [Key::Classification, Key::Integrity, Key::Availability] {
                if let Some(v) = d.settings.get(k) {
                    s.push_str(&format!("{k} {} · ", code(&v.display())));
                }
            }
            let s = s.trim_end_matches(" · ").to_string() + "\n\n";
            Some(s + &threats(p, &TargetRef::Data(i)))
        }
        Some(Keyword::Flow) => {
            let i = m.flow(name)?;
            let f = &m.flows[i];
            let mut s = head("flow", &f.id, &f.label);
            let (a, b) = (m.elements.get(f.source)?, m.elements.get(f.target)?);
            s.push_str(&format!("{} → {}", code(&a.id), code(&b.id)));
            if let Some(proto) = f.settings.get(crate::model::Key::Protocol) {
                s.push_str(&format!(" over {}", code(&proto.display())));
            }
            s.push_str(&format!(
                " · {} · authn {}\n\n",
                if f.encrypted() {
                    "encrypted"
                } else {
                    "not encrypted"
                },
                code(f.authn())
            ));
            Some(s + &threats(p, &TargetRef::Flow(i)))
        }
        Some(Keyword::Identity) => {
            let i = m.identity(name)?;
            let id = &m.identities[i];
            let mut s = head("identity", &id.id, &id.label);
            s.push_str(&format!(
                "kind {} · {} grant{}\n\n",
                code(id.kind.as_str()),
                id.grants.len(),
                plural(id.grants.len())
            ));
            Some(s + &threats(p, &TargetRef::Identity(i)))
        }
        Some(Keyword::Rule) | None => rule(p, name),
        Some(k) => {
            let d = p.index().defs.get(name)?;
            Some(head(k.as_str(), name, d.label.as_deref().unwrap_or("")))
        }
    }
}

/// A rule, built-in or the model's, as `vastc explain` prints it.
fn rule(p: &Project, name: &str) -> Option<String> {
    let r = p
        .resolved
        .model
        .rules
        .iter()
        .find(|r| r.id == name)
        .or_else(|| {
            crate::resolve::catalogue()
                .rules
                .iter()
                .find(|r| r.id == name)
        })?;
    let sources = if r.builtin {
        &crate::resolve::catalogue().sources
    } else {
        p.resolved.sources()
    };
    let (file, line, _) = sources.location(r.span);
    let text = explain::explain(r, &format!("{file}:{line}"));
    Some(format!("**rule** {}\n\n{}", code(&r.id), fenced(&text)))
}

/// Text in a fenced code block no line of it can close.
fn fenced(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}text\n{}\n{fence}", text.trim_end())
}

fn boundary_path(m: &Model, b: Option<BoundaryId>) -> String {
    let chain = m.boundary_chain(b);
    if chain.is_empty() {
        return "no boundary".to_string();
    }
    let parts: Vec<String> = chain
        .iter()
        .rev()
        .filter_map(|&i| m.boundaries.get(i))
        .map(|b| code(&b.id))
        .collect();
    parts.join(" › ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The threats on a target, highest first.
fn threats(p: &Project, target: &TargetRef) -> String {
    let Some(a) = &p.analysis else {
        return if p.analysable() {
            "_threats: analysing…_\n".to_string()
        } else {
            "_threats are shown once the model has no errors_\n".to_string()
        };
    };
    let list: Vec<&Threat> = a.threats.iter().filter(|t| &t.target == target).collect();
    if list.is_empty() {
        return "no threats\n".to_string();
    }
    let open = list.iter().filter(|t| t.status.is_open()).count();
    let mut s = format!("**Threats**: {} ({open} open)\n\n", list.len());
    for t in list.iter().take(MAX_THREATS) {
        s.push_str(&format!(
            "- **{}** {:.1} {} {} · {}\n",
            t.scores.severity.as_str(),
            t.scores.environmental,
            code(&t.rule),
            escape::markdown(&t.title),
            t.status.as_str()
        ));
    }
    if list.len() > MAX_THREATS {
        s.push_str(&format!("- … and {} more\n", list.len() - MAX_THREATS));
    }
    s
}

/// A setting's type and description.
pub fn setting(subject: schema::Subject, name: &str) -> Option<String> {
    let spec = schema::setting(subject, Key::from_name(name)?)?;
    let ty = match (name, schema::kind_vocab(subject)) {
        ("kind", Some(v)) => Ty::Vocab(v),
        _ => spec.ty,
    };
    let mut s = format!(
        "**{}** (setting of {})\n\n{}\n\n{}",
        name,
        subject.as_str(),
        escape::markdown(spec.doc),
        ty.describe()
    );
    if let Ty::Vocab(v) | Ty::VocabList(v) = ty {
        let words: Vec<String> = v.words.iter().map(|w| code(w)).collect();
        s.push_str(&format!(": {}", words.join(", ")));
    }
    Some(s)
}
