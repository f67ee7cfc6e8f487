//! The operational graph in Graphviz DOT, for users who lay it out with
//! Graphviz: boundaries as nested `cluster_<n>` subgraphs, DFD shapes,
//! labelled flows, crossing flows bold and red.

use std::fmt::Write;

use crate::analysis::crossings::{TrustChange, crossings, trust_change};
use crate::model::{BoundaryId, ElementId, ElementType, IdVec, Model};

/// A DOT double-quoted string: `"` and `\` escaped, line breaks as `\n`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The operational diagram of `model` in DOT.
pub fn operational_dot(model: &Model) -> String {
    let mut out = String::with_capacity(200 * (model.elements.len() + model.flows.len()) + 512);
    let _ = writeln!(out, "digraph operational {{");
    let _ = writeln!(out, "  label={};", quote(&model.title));
    let _ = writeln!(
        out,
        "  labelloc=t;\n  newrank=true;\n  fontname=\"Helvetica\";\n  compound=true;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];"
    );
    // Children of every boundary and the elements directly in it.
    let nb = model.boundaries.len();
    let mut kids: IdVec<BoundaryId, Vec<BoundaryId>> = IdVec::filled(Vec::new(), nb);
    let mut members: IdVec<BoundaryId, Vec<ElementId>> = IdVec::filled(Vec::new(), nb);
    // Those at the top level, in no boundary.
    let (mut top_kids, mut top_members) = (Vec::new(), Vec::new());
    for (b, bd) in model.boundaries.iter_enumerated() {
        match bd.parent.and_then(|p| kids.get_mut(p)) {
            Some(k) => k.push(b),
            None => top_kids.push(b),
        }
    }
    for (e, el) in model.elements.iter_enumerated() {
        match el.boundary.and_then(|b| members.get_mut(b)) {
            Some(m) => m.push(e),
            None => top_members.push(e),
        }
    }
    // Depth-first over the boundary tree, iteratively: (boundary, entering?).
    let mut stack: Vec<(BoundaryId, bool)> = top_kids.iter().rev().map(|&b| (b, true)).collect();
    for &e in &top_members {
        node(&mut out, model, e, 1);
    }
    let mut depth = 1;
    let mut seen = IdVec::filled(false, nb);
    while let Some((b, enter)) = stack.pop() {
        if !enter {
            depth -= 1;
            let _ = writeln!(out, "{}}}", "  ".repeat(depth));
            continue;
        }
        if seen[b] {
            continue;
        }
        seen[b] = true;
        let bd = &model.boundaries[b];
        let ind = "  ".repeat(depth);
        let (fill, stroke) = match bd.trust.as_str() {
            "untrusted" => ("#fde8e8", "#c62828"),
            "low" => ("#fff0dc", "#e06c00"),
            "medium" => ("#fff9d6", "#b39200"),
            _ => ("#e6f0fa", "#2f6db5"),
        };
        let label = if bd.label.is_empty() {
            &bd.id
        } else {
            &bd.label
        };
        let _ = writeln!(
            out,
            "{ind}subgraph cluster_{} {{\n{ind}  id={};\n{ind}  label={};\n{ind}  style=\"dashed,filled\";\n{ind}  fillcolor=\"{fill}\";\n{ind}  color=\"{stroke}\";",
            b.index(),
            quote(&bd.id),
            quote(&format!("{label} ({})", bd.kind))
        );
        depth += 1;
        for &e in &members[b] {
            node(&mut out, model, e, depth);
        }
        stack.push((b, false));
        for &k in kids[b].iter().rev() {
            stack.push((k, true));
        }
    }
    let cross = crossings(model);
    for (i, f) in model.flows.iter_enumerated() {
        let (Some(s), Some(t)) = (model.elements.get(f.source), model.elements.get(f.target))
        else {
            continue;
        };
        let crosses = cross.get(i).is_some_and(|c| c.crosses());
        let label = crate::emit::svg::flow_label_text(f);
        // The SVG's styles: by the trust change the flow makes.
        let style = match (trust_change(model, i), crosses) {
            (TrustChange::Up, _) => {
                ", color=\"#d32f2f\", fontcolor=\"#9a1c1c\", penwidth=2.2, style=bold"
            }
            (TrustChange::Down, _) => ", color=\"#ef6c00\", fontcolor=\"#8a4300\", penwidth=2",
            (TrustChange::Same, true) => ", color=\"#546e7a\", penwidth=1.6",
            (TrustChange::Same, false) => ", color=\"#546e7a\"",
        };
        let _ = writeln!(
            out,
            "  {} -> {} [id={}, label={}{style}];",
            quote(&s.id),
            quote(&t.id),
            quote(&f.id),
            quote(&label)
        );
    }
    out.push_str("}\n");
    out
}

fn node(out: &mut String, model: &Model, e: ElementId, depth: usize) {
    let el = &model.elements[e];
    let shape = match el.ty {
        ElementType::Actor => "shape=box, style=filled, fillcolor=\"#eceff1\"",
        ElementType::Process => "shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\"",
        ElementType::Store => "shape=cylinder, style=filled, fillcolor=\"#f6f0fb\"",
    };
    let label = if el.label.is_empty() {
        &el.id
    } else {
        &el.label
    };
    let _ = writeln!(
        out,
        "{}{} [label={}, tooltip={}, {shape}];",
        "  ".repeat(depth),
        quote(&el.id),
        quote(&format!("{label}\n{}", el.kind)),
        quote(&format!("{} ({})", el.id, el.kind)),
    );
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("x\ny"), r#""x\ny""#);
        assert_eq!(quote("<html>"), "\"<html>\"");
    }
}
