//! What the operational diagram says beyond its shapes: each flow is
//! styled by the trust change it makes (`data-trust-change` up, down or
//! same, and the legend says which style is which), boundaries carry a
//! badge of their open threats, and identities are drawn (a panel of
//! cards with their badges; each workload names the identity it runs as).

mod common;

use common::diagrams::{DATE, example};
use vastc::analysis::crossings::trust_change;
use vastc::model::{Model, TargetRef};

fn operational(model: &Model) -> String {
    let analysis = vastc::analysis::analyze(model, DATE);
    let files = vastc::emit::diagrams::diagrams(model, &analysis);
    let svg = files
        .into_iter()
        .find(|(name, _)| name == "operational.svg")
        .map(|(_, b)| b)
        .expect("operational.svg");
    String::from_utf8(svg).expect("UTF-8")
}

/// The value of attribute `name` in the opening tag starting `tag`.
fn attr(tag: &str, name: &str) -> String {
    let key = format!(" {name}=\"");
    let Some(i) = tag.find(&key) else {
        return String::new();
    };
    let rest = &tag[i + key.len()..];
    rest[..rest.find('"').unwrap_or(0)]
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The opening tag of every group of class `class` (first class word).
fn groups<'a>(svg: &'a str, class: &str) -> Vec<&'a str> {
    let open = format!("<g class=\"{class}");
    svg.match_indices(&open)
        .map(|(i, _)| &svg[i..i + svg[i..].find('>').unwrap_or(0)])
        .filter(|tag| {
            let c = attr(tag, "class");
            c.split(' ').next() == Some(class)
        })
        .collect()
}

#[test]
fn flows_carry_their_trust_change_and_the_legend_explains_it() {
    for name in ["clinic", "payments", "platform", "starter"] {
        let model = example(name);
        let svg = operational(&model);
        let flows = groups(&svg, "flow");
        assert_eq!(flows.len(), model.flows.len(), "{name}");
        let mut seen = std::collections::BTreeSet::new();
        for tag in flows {
            let id = attr(tag, "data-id");
            let f = model.flow(&id).expect("a model flow");
            let change = trust_change(&model, f).as_str();
            assert_eq!(attr(tag, "data-trust-change"), change, "{name}: {id}");
            let class = attr(tag, "class");
            assert_eq!(class.contains("trust-up"), change == "up", "{name}: {id}");
            assert_eq!(
                class.contains("trust-down"),
                change == "down",
                "{name}: {id}"
            );
            seen.insert(change);
        }
        for caption in [
            "within one boundary",
            "across boundaries of equal trust",
            "into higher trust",
            "out to lower trust",
        ] {
            assert!(svg.contains(caption), "{name}: legend lacks {caption}");
        }
        if name == "payments" {
            assert!(seen.contains("up") && seen.contains("down") && seen.contains("same"));
        }
    }
}

#[test]
fn namespace_hops_of_equal_trust_are_not_drawn_as_entry_points() {
    let model = example("clinic");
    let svg = operational(&model);
    let f = model.flow("gateway->portal").expect("edge to booking");
    // Two namespaces of the same trust: a boundary crossing, no trust change.
    let tag = groups(&svg, "flow")
        .into_iter()
        .find(|t| attr(t, "data-id") == model.flows[f].id)
        .expect("drawn");
    assert_eq!(attr(tag, "data-crossing"), "true");
    assert_eq!(attr(tag, "data-trust-change"), "same");
}

#[test]
fn boundaries_carry_a_badge_of_their_open_threats() {
    let model = example("payments");
    let analysis = vastc::analysis::analyze(&model, DATE);
    let svg = operational(&model);
    let mut badged = 0;
    for (b, boundary) in model.boundaries.iter_enumerated() {
        let open: Vec<_> = analysis
            .threats
            .iter()
            .filter(|t| t.status.is_open() && t.target == TargetRef::Boundary(b))
            .collect();
        let start = svg
            .find(&format!(
                "<g class=\"boundary\" data-id=\"{}\"",
                boundary.id
            ))
            .expect("boundary drawn");
        // The boundary's own group ends at its first closing tag line.
        let inner = &svg[start..];
        let own = &inner[..inner.find("\n</g>\n").unwrap_or(inner.len())];
        if open.is_empty() {
            assert!(!own.contains("class=\"badge\""), "{}", boundary.id);
        } else {
            badged += 1;
            let worst = open.iter().map(|t| t.scores.severity).max().expect("open");
            let badge = &own[own.find("class=\"badge\"").expect("badge")..];
            assert_eq!(attr(badge, "data-count"), open.len().to_string());
            assert_eq!(attr(badge, "data-severity"), worst.as_str());
        }
    }
    assert!(badged > 0, "payments has an open threat on a boundary");
}

#[test]
fn identities_are_drawn_with_their_badges_and_workloads_name_theirs() {
    let model = example("clinic");
    let analysis = vastc::analysis::analyze(&model, DATE);
    let svg = operational(&model);
    let cards = groups(&svg, "identity");
    let drawn: Vec<String> = cards.iter().map(|t| attr(t, "data-id")).collect();
    for (i, identity) in model.identities.iter_enumerated() {
        let open = analysis
            .threats
            .iter()
            .filter(|t| t.status.is_open() && t.target == TargetRef::Identity(i))
            .count();
        let used = model.elements.iter().any(|e| e.runs_as == Some(i));
        if !identity.implicit || used || open > 0 {
            let k = drawn.iter().position(|d| *d == identity.id);
            let k = k.unwrap_or_else(|| panic!("{} has no card", identity.id));
            assert_eq!(attr(cards[k], "data-threats"), open.to_string());
        }
    }
    for e in &model.elements {
        let tag = groups(&svg, "element")
            .into_iter()
            .find(|t| attr(t, "data-id") == e.id)
            .expect("element drawn");
        let want = e.runs_as.map_or("", |i| model.identities[i].id.as_str());
        assert_eq!(attr(tag, "data-runs-as"), want, "{}", e.id);
    }
    assert!(svg.contains(">as booking service account<"));
}
