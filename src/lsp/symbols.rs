//! The outline of a document: its declarations, nested as written, and an
//! element or boundary declared with `in B` at top level under `B` when
//! `B` is declared in the same file (so the outline nests by boundary).
//! Read from the document's own text, so it works on any open file.

use super::position::LineIndex;
use crate::syntax::ast::{Decl, Item, Keyword, flow_id};
use lsp_types::{DocumentSymbol, SymbolKind};
use std::collections::BTreeMap;

/// The document's symbols.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written.
pub fn symbols(text: &str, lines: &LineIndex) -> Vec<DocumentSymbol> {
    let (file, _) = crate::syntax::parse(0, text);
    let mut top: Vec<(Option<String>, DocumentSymbol)> = Vec::new();
    for d in &file.decls {
        if let Some(s) = symbol(d, text, lines) {
            let parent = d.parent.as_ref().map(|p| p.name.clone());
            top.push((parent, s));
        }
    }
    // Move each `in B` declaration under `B`, innermost first; a chain that
    // loops or names nothing here stays at top level.
    let names: BTreeMap<String, usize> = top
        .iter()
        .enumerate()
        .filter(|(_, (_, s))| s.kind == SymbolKind::NAMESPACE)
        .map(|(i, (_, s))| (s.name.clone(), i))
        .collect();
    let mut parent_of: Vec<Option<usize>> = top
        .iter()
        .map(|(p, _)| p.as_ref().and_then(|p| names.get(p).copied()))
        .collect();
    for i in 0..top.len() {
        // Drop links that lead back to `i` (a cycle of `in`).
        let mut cur = parent_of[i];
        let mut steps = 0;
        while let Some(c) = cur {
            if c == i || steps > top.len() {
                parent_of[i] = None;
                break;
            }
            cur = parent_of[c];
            steps += 1;
        }
    }
    let mut slots: Vec<Option<DocumentSymbol>> = top.into_iter().map(|(_, s)| Some(s)).collect();
    let depth = |mut i: usize| {
        let mut d = 0;
        while let Some(p) = parent_of[i] {
            d += 1;
            i = p;
        }
        d
    };
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(depth(i)));
    for i in order {
        if let Some(p) = parent_of[i]
            && let Some(s) = slots[i].take()
            && let Some(parent) = slots[p].as_mut()
        {
            parent.children.get_or_insert_with(Vec::new).push(s);
        }
    }
    for s in slots.iter_mut().flatten() {
        sort_children(s);
    }
    slots.into_iter().flatten().collect()
}

fn sort_children(s: &mut DocumentSymbol) {
    if let Some(c) = &mut s.children {
        c.sort_by_key(|x| (x.range.start.line, x.range.start.character));
        for x in c {
            sort_children(x);
        }
    }
}

#[allow(deprecated)]
fn symbol(d: &Decl, text: &str, lines: &LineIndex) -> Option<DocumentSymbol> {
    use Keyword as K;
    let (name, sel) = match (d.keyword, &d.id, &d.ends, &d.target) {
        (K::Include, ..) => {
            let p = d.path.as_ref()?;
            (format!("include {}", p.value), p.span)
        }
        (K::Model, ..) => (
            d.label
                .as_ref()
                .map_or("model".to_string(), |l| l.value.clone()),
            d.keyword_span,
        ),
        (K::Flow | K::Step, None, Some((a, b)), _) => {
            (flow_id(&a.name, &b.name), a.span.to(b.span))
        }
        (K::Risk | K::Threat, Some(id), _, Some(t)) => {
            (format!("{} on {}", id.name, t.key()), id.span)
        }
        (_, Some(id), ..) => (id.name.clone(), id.span),
        _ => return None,
    };
    let kind = match d.keyword {
        K::Model => SymbolKind::FILE,
        K::Include => SymbolKind::PACKAGE,
        K::Boundary => SymbolKind::NAMESPACE,
        K::Actor => SymbolKind::INTERFACE,
        K::Process => SymbolKind::FUNCTION,
        K::Store => SymbolKind::STRUCT,
        K::Data => SymbolKind::OBJECT,
        K::Flow | K::Step => SymbolKind::EVENT,
        K::Identity => SymbolKind::KEY,
        K::App => SymbolKind::MODULE,
        K::Feature => SymbolKind::METHOD,
        K::Widget => SymbolKind::FIELD,
        K::Risk | K::Threat => SymbolKind::PROPERTY,
        K::Rule => SymbolKind::CONSTANT,
        K::Scenario => SymbolKind::CLASS,
    };
    let detail = match &d.label {
        Some(l) if d.keyword != K::Model => format!("{} · {}", d.keyword.as_str(), l.value),
        _ => d.keyword.as_str().to_string(),
    };
    let children: Vec<DocumentSymbol> = d
        .body
        .iter()
        .flat_map(|b| &b.items)
        .filter_map(|i| match i {
            Item::Decl(c) => symbol(c, text, lines),
            _ => None,
        })
        .collect();
    let range = lines.range(text, d.span.start, d.span.end);
    let mut selection_range = lines.range(text, sel.start, sel.end);
    if selection_range.start < range.start || selection_range.end > range.end {
        selection_range = range;
    }
    Some(DocumentSymbol {
        name: if name.trim().is_empty() {
            d.keyword.as_str().to_string()
        } else {
            name
        },
        detail: Some(detail),
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: (!children.is_empty()).then_some(children),
    })
}
