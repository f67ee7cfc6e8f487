//! `///` doc comments: those standing directly above a declaration become
//! its description.

use super::ast::{Comment, Decl, File, Item};

/// Attaches `///` comments that stand directly above a declaration as its doc.
pub(super) fn attach_docs(file: &mut File, text: &str) {
    let docs: Vec<&Comment> = file
        .comments
        .iter()
        .filter(|c| c.text.starts_with("///") && !c.text.starts_with("////"))
        .collect();
    if docs.is_empty() {
        return;
    }
    fn visit(decls: &mut [Decl], docs: &[&Comment], text: &str) {
        for d in decls {
            d.doc = doc_above(d.span.start, docs, text);
            if let Some(body) = &mut d.body {
                for item in &mut body.items {
                    if let Item::Decl(inner) = item {
                        visit(std::slice::from_mut(inner), docs, text);
                    }
                }
            }
        }
    }
    visit(&mut file.decls, &docs, text);
}

fn doc_above(start: usize, docs: &[&Comment], text: &str) -> Option<String> {
    let mut lines = Vec::new();
    let mut pos = start;
    // Walk upwards over doc comments separated only by white space.
    while let Some(c) = docs.iter().rev().find(|c| c.span.end <= pos) {
        let gap = text.get(c.span.end..pos).unwrap_or("x");
        if !gap.trim().is_empty() || gap.matches('\n').count() > 1 {
            break;
        }
        lines.push(c.text.trim_start_matches('/').trim().to_string());
        pos = c.span.start;
    }
    if lines.is_empty() {
        return None;
    }
    lines.reverse();
    Some(lines.join("\n"))
}
