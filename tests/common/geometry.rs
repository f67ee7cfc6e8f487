//! Geometry checks on an operational-style SVG, read back with an XML
//! parser: elements inside every boundary they belong to, boundaries that
//! are not nested apart, element shapes apart, one drawn path per flow, and
//! `data-crossing` true exactly for the flows that cross a boundary. Used by
//! `tests/geometry.rs` and the property test.

use std::collections::BTreeMap;

use vastc::analysis::crossings;
use vastc::model::Model;

const EPS: f64 = 0.11; // one decimal of output precision

#[derive(Clone, Copy, Debug)]
struct B {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl B {
    fn inside(&self, o: &B) -> bool {
        self.x >= o.x - EPS
            && self.y >= o.y - EPS
            && self.x + self.w <= o.x + o.w + EPS
            && self.y + self.h <= o.y + o.h + EPS
    }

    fn overlaps(&self, o: &B) -> bool {
        self.x + EPS < o.x + o.w
            && o.x + EPS < self.x + self.w
            && self.y + EPS < o.y + o.h
            && o.y + EPS < self.y + self.h
    }
}

fn bbox(n: roxmltree::Node) -> B {
    let v: Vec<f64> = n
        .attribute("data-bbox")
        .expect("data-bbox")
        .split(' ')
        .map(|x| x.parse().expect("number"))
        .collect();
    assert_eq!(v.len(), 4);
    B {
        x: v[0],
        y: v[1],
        w: v[2],
        h: v[3],
    }
}

fn has_class(n: &roxmltree::Node, class: &str) -> bool {
    n.is_element()
        && n.tag_name().name() == "g"
        && n.attribute("class")
            .is_some_and(|c| c.split(' ').any(|x| x == class))
}

/// The first child element's geometry agrees with `data-bbox`.
fn first_shape_matches(g: roxmltree::Node, b: &B) {
    let shape = g.children().find(|c| c.is_element()).expect("a shape");
    match shape.tag_name().name() {
        "rect" => {
            let a = |k| shape.attribute(k).unwrap().parse::<f64>().unwrap();
            assert!((a("x") - b.x).abs() < EPS && (a("y") - b.y).abs() < EPS);
            assert!((a("width") - b.w).abs() < EPS && (a("height") - b.h).abs() < EPS);
        }
        "path" => {}
        other => panic!("unexpected shape {other}"),
    }
}

/// The geometry checks on one operational-style SVG of `model`.
pub fn check_svg(name: &str, model: &Model, svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut boundaries: BTreeMap<String, (B, String)> = BTreeMap::new();
    let mut elements: Vec<(String, B, String)> = Vec::new();
    let mut flows: BTreeMap<String, Vec<roxmltree::Node>> = BTreeMap::new();
    for n in doc.descendants() {
        if has_class(&n, "boundary") {
            let b = bbox(n);
            first_shape_matches(n, &b);
            boundaries.insert(
                n.attribute("data-id").unwrap().to_string(),
                (b, n.attribute("data-parent").unwrap().to_string()),
            );
        } else if has_class(&n, "element") {
            let b = bbox(n);
            first_shape_matches(n, &b);
            elements.push((
                n.attribute("data-id").unwrap().to_string(),
                b,
                n.attribute("data-boundary").unwrap().to_string(),
            ));
        } else if has_class(&n, "flow") {
            flows
                .entry(n.attribute("data-id").unwrap().to_string())
                .or_default()
                .push(n);
        }
    }
    assert_eq!(
        boundaries.len(),
        model.boundaries.len(),
        "{name}: boundaries"
    );
    assert_eq!(elements.len(), model.elements.len(), "{name}: elements");

    // Ancestors of a boundary, itself included, from the SVG's data-parent.
    let chain = |mut b: String| {
        let mut out = Vec::new();
        while !b.is_empty() {
            out.push(b.clone());
            b = boundaries[&b].1.clone();
        }
        out
    };
    for (id, b, inner) in &elements {
        let m = model.element(id).expect("element in model");
        let expected = model.elements[m]
            .boundary
            .map_or(String::new(), |x| model.boundaries[x].id.clone());
        assert_eq!(inner, &expected, "{name}: {id} data-boundary");
        for anc in chain(inner.clone()) {
            assert!(
                b.inside(&boundaries[&anc].0),
                "{name}: {id} {b:?} not inside {anc} {:?}",
                boundaries[&anc].0
            );
        }
    }
    let ids: Vec<&String> = boundaries.keys().collect();
    let chains: BTreeMap<&String, Vec<String>> =
        ids.iter().map(|&b| (b, chain(b.clone()))).collect();
    for (i, a) in ids.iter().enumerate() {
        let (ra, _) = &boundaries[*a];
        for (bid, (rb, _)) in &boundaries {
            if bid == *a || chains[*a].contains(bid) {
                assert!(
                    bid == *a || ra.inside(rb),
                    "{name}: {a} not inside ancestor {bid}"
                );
            }
        }
        for b in &ids[i + 1..] {
            if chains[*a].contains(b) || chains[*b].contains(a) {
                continue;
            }
            assert!(
                !ra.overlaps(&boundaries[*b].0),
                "{name}: boundaries {a} and {b} overlap"
            );
        }
    }
    for (i, (a, ra, _)) in elements.iter().enumerate() {
        for (b, rb, _) in &elements[i + 1..] {
            assert!(!ra.overlaps(rb), "{name}: elements {a} and {b} overlap");
        }
    }
    let cross = crossings(model);
    assert_eq!(flows.len(), model.flows.len(), "{name}: flows");
    for (f, c) in model.flows.iter().zip(&cross) {
        let groups = &flows[&f.id];
        assert_eq!(groups.len(), 1, "{name}: flow {} drawn once", f.id);
        let g = groups[0];
        assert!(
            g.children().any(|c| c.tag_name().name() == "path"),
            "{name}: flow {} has a path",
            f.id
        );
        assert_eq!(
            g.attribute("data-crossing"),
            Some(if c.crosses() { "true" } else { "false" }),
            "{name}: flow {} data-crossing",
            f.id
        );
        assert_eq!(
            g.attribute("data-source"),
            Some(model.elements[f.source].id.as_str())
        );
        assert_eq!(
            g.attribute("data-target"),
            Some(model.elements[f.target].id.as_str())
        );
    }
}
