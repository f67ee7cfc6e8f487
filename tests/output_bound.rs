//! The output of a build is bounded by the model, not by scenarios × model:
//! each scenario adds at most a fixed number of bytes to every output but
//! `threats.json` (a capped diagram, a capped list in `threats.md` and
//! `report.html`), and one line per finding to `threats.json`. Measured on
//! generated models of two sizes with the same scenarios, so a cost that
//! grows with the model per scenario (as when every scenario drew the
//! whole diagram, or listed every finding with its whole chain) fails.

use std::collections::BTreeMap;
use vastc::analysis::analyze;
use vastc::syntax::ast::Date;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 26,
};

/// Most bytes one scenario may add to all outputs but `threats.json`
/// together: its capped diagram (at most 81 elements and 200 flows), at
/// most 40 listed findings in `threats.md` and `report.html`, and its
/// highlight (two bits per element of the model) in `report.html`.
const PER_SCENARIO: usize = 250_000;

/// Most bytes one finding may add to `threats.json` (one line: IDs, access,
/// the index it came from, and the step in words).
const PER_FINDING: usize = 300;

/// A generated model of `n` elements with `scenarios` scenarios, each
/// compromising one element, round-robin over every seventh element (as
/// `bench/hostile.sh` makes them).
fn model_text(n: usize, scenarios: usize) -> String {
    let mut text = vastc::generate::model(vastc::generate::Shape::new(n));
    let ids: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            match words.next() {
                Some("actor" | "process" | "store") => words.next().map(str::to_string),
                _ => None,
            }
        })
        .collect();
    assert!(ids.len() >= n / 2, "{} element IDs found", ids.len());
    for i in 0..scenarios {
        text.push_str(&format!(
            "scenario s{i} {{ compromise {} }}\n",
            ids[(i * 7) % ids.len()]
        ));
    }
    text
}

/// Sizes of every output of a build of `text`, and the number of scenario
/// findings in the report.
fn build(text: &str) -> (BTreeMap<String, usize>, usize) {
    let c = vastc::compile_str("gen.vast", text, &vastc::Options::new(TODAY));
    let analysis = c.analysis.as_ref().expect("no errors");
    let report = vastc::emit::report::report(c.model(), analysis);
    let findings = report.scenarios.iter().map(|s| s.findings.len()).sum();
    let sizes = vastc::emit::render(&c, &[])
        .into_iter()
        .map(|(name, bytes)| (name, bytes.len()))
        .collect();
    (sizes, findings)
}

/// Bytes of every output but `threats.json`, and of `threats.json`.
fn split(sizes: &BTreeMap<String, usize>) -> (usize, usize) {
    let json = sizes.get("threats.json").copied().unwrap_or(0);
    (sizes.values().sum::<usize>() - json, json)
}

#[test]
fn each_scenario_adds_a_bounded_amount_whatever_the_model() {
    const SCENARIOS: usize = 30;
    for n in [150, 600] {
        let (plain, none) = build(&model_text(n, 0));
        assert_eq!(none, 0);
        let (with, findings) = build(&model_text(n, SCENARIOS));
        // The scenarios reach a good part of the model: the human
        // outputs are capped, not small by luck.
        assert!(findings > SCENARIOS * 60, "{n}: {findings} findings");

        let (plain_rest, plain_json) = split(&plain);
        let (rest, json) = split(&with);
        let added = rest - plain_rest;
        assert!(
            added <= SCENARIOS * PER_SCENARIO,
            "{n} elements: {SCENARIOS} scenarios added {added} bytes beside threats.json"
        );
        let added_json = json - plain_json;
        assert!(
            added_json <= findings * PER_FINDING,
            "{n} elements: {findings} findings added {added_json} bytes to threats.json"
        );
        // Every scenario diagram is capped (at most 81 elements, 200 flows).
        for (name, &size) in with.iter().filter(|(n, _)| n.starts_with("scenario-")) {
            assert!(size <= 150_000, "{name}: {size} bytes");
        }
        assert_eq!(
            with.keys().filter(|n| n.starts_with("scenario-")).count(),
            SCENARIOS
        );
    }
}

/// `threats.json` keeps every finding, each on one line, and the chain of
/// each is recovered from `from`: it is the one the analysis recorded.
/// The analysis asset a finding of `threats.json` names.
fn asset(m: &vastc::model::Model, f: &serde_json::Value) -> vastc::analysis::attack::Asset {
    use vastc::analysis::attack::Asset;
    let id = f["id"].as_str().expect("id");
    let element = || m.element(id).expect("known ID");
    match (f["kind"].as_str(), f["access"].as_str()) {
        (Some("element"), Some("control")) => Asset::Control(element()),
        (Some("element"), _) => Asset::Reach(element()),
        (Some("identity"), _) => Asset::Identity(m.identity(id).expect("known ID")),
        (Some("data"), _) => Asset::Data(m.data_asset(id).expect("known ID")),
        _ if id == "nodes" => Asset::Node(None),
        _ => Asset::Node(Some(m.boundary(id).expect("known ID"))),
    }
}

#[test]
fn json_findings_are_complete_and_chains_recoverable() {
    let text = model_text(150, 3);
    let r = vastc::resolve::resolve_str("gen.vast", &text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let analysis = analyze(&r.model, TODAY);
    let report = vastc::emit::report::report(&r.model, &analysis);
    let json = vastc::emit::json::json(&report);
    let value: serde_json::Value = serde_json::from_str(&json).expect("threats.json parses");
    // One line per finding.
    let lines = json
        .lines()
        .filter(|l| l.starts_with("        {\"id\": ") && l.trim_end_matches(',').ends_with('}'))
        .count();
    let total: usize = report.scenarios.iter().map(|s| s.findings.len()).sum();
    assert_eq!(lines, total);
    for (s, reach) in report.scenarios.iter().zip(&analysis.scenarios) {
        let listed = value["scenarios"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["id"] == s.id.as_str()))
            .expect("scenario in threats.json");
        let findings = listed["findings"].as_array().expect("findings");
        assert_eq!(findings.len(), s.findings.len());
        // Every asset the analysis gained is a finding, but an element's
        // reach when its control is listed and nothing came from the reach.
        let elements_reached_only = reach
            .in_order()
            .into_iter()
            .filter(|a| {
                use vastc::analysis::attack::Asset;
                matches!(a, Asset::Reach(e) if reach.has(Asset::Control(*e)))
            })
            .count();
        assert!(findings.len() + elements_reached_only >= reach.gained.len());
        assert!(findings.len() <= reach.gained.len());
        for (i, f) in findings.iter().enumerate() {
            // From the JSON alone: follow `from` back to the compromise.
            let mut chain = Vec::new();
            let mut cur = Some(i);
            while let Some(k) = cur {
                let g = &findings[k];
                chain.push(g["step"].as_str().expect("step"));
                cur = g["from"].as_u64().map(|p| p as usize);
                assert!(cur.is_none_or(|p| p < k), "from points back");
            }
            chain.reverse();
            assert_eq!(chain, s.chain(i));
            assert_eq!(chain, reach.chain(asset(&r.model, f)), "{f}");
            assert!(chain[0].ends_with("(scenario)"), "{chain:?}");
        }
    }
}
