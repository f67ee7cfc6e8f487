//! `vastc import pytm` on pytm's own example (`tests/fixtures/interchange/
//! pytm/`: tm.py at pytm's 1.4.0 tag and the JSON pytm 1.4.0 wrote for it):
//! the imported model and what `build` finds on it are snapshots in
//! `snapshots/interchange/`; the imported model and its hand-written twin
//! (`comments.vast`) are held against the findings the example should
//! give and the noise it must not; decisions pytm's model makes become
//! `risk`s; hostile and malformed input is a note or a located diagnostic.

#[path = "common/interchange.rs"]
mod support;

use std::collections::BTreeSet;
use support::{TODAY, import_clean, root};
use vastc::analysis::Analysis;
use vastc::interchange::{Format, import};
use vastc::model::Model;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/interchange/pytm").join(name)).unwrap()
}

/// `RULE@TARGET`, one per threat, sorted.
fn found(a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a.threats.iter().map(|t| t.id.clone()).collect();
    v.sort();
    v
}

fn element<'a>(m: &'a Model, label: &str) -> &'a vastc::model::Element {
    m.elements
        .iter()
        .find(|e| e.label == label)
        .unwrap_or_else(|| panic!("no element {label}"))
}

#[test]
fn pytm_example_imports_checks_builds_and_matches_its_snapshots() {
    let text = fixture("tm.json");
    let (vast, notes, m, a) = import_clean(Format::Pytm, "tm.json", &text);
    let again = import(Format::Pytm, "tm.json", &text).ok().unwrap();
    assert_eq!(again.vast, vast);
    assert_eq!(again.notes, notes);

    // Every element, boundary and data item; the four responses fold into
    // their requests as `returns`.
    assert_eq!(m.elements.len(), 8);
    assert_eq!(m.data.len(), 11);
    assert_eq!(m.flows.len(), 7);
    // pytm's three boundaries and the one a third-party model goes into.
    assert_eq!(m.boundaries.len(), 4);
    let kind = |label: &str| element(&m, label).kind.as_str().to_string();
    assert_eq!(kind("Web Server"), "web-app");
    assert_eq!(kind("AWS Lambda"), "function");
    assert_eq!(kind("SQL Database"), "database");
    assert_eq!(kind("Comment Moderation LLM"), "model-server");
    assert_eq!(kind("AI Writing Assistant"), "llm");
    assert_eq!(kind("Moderation Agent"), "agent");
    let zone = |label: &str| {
        let b = element(&m, label).boundary.unwrap();
        (
            m.boundaries[b].label.clone(),
            m.boundaries[b].kind.as_str().to_string(),
        )
    };
    assert_eq!(zone("User"), ("Internet".into(), "internet".into()));
    assert_eq!(zone("AI Writing Assistant").1, "third-party");
    // TOP_SECRET and SECRET are restricted, PUBLIC public.
    let class = |label: &str| {
        m.data
            .iter()
            .find(|d| d.label == label)
            .unwrap()
            .classification
    };
    assert_eq!(class("User ID Token"), 3);
    assert_eq!(class("Token verifying user identity"), 3);
    assert_eq!(class("Moderation verdict"), 0);
    assert!(vast.contains("content-filter true"), "{vast}");
    for n in [
        "138 findings of pytm's own threat library",
        "\"INP16\" (PHP Remote File Inclusion) on \"Web Server\"",
        "\"usesExternalTools\" (\"Moderation Agent\")",
        "4 response dataflow(s)",
    ] {
        assert!(notes.iter().any(|x| x.contains(n)), "{n}: {notes:#?}");
    }

    let report = format!(
        "{} elements, {} boundaries, {} flows, {} data, {} risks\n\nnotes:\n{}\n\nthreats:\n{}\n",
        m.elements.len(),
        m.boundaries.len(),
        m.flows.len(),
        m.data.len(),
        m.risks.len(),
        notes.join("\n"),
        found(&a).join("\n")
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots/interchange");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!("pytm-tm-json.vast", vast);
        insta::assert_snapshot!("pytm-tm-json-build", report);
    });
}

/// What a reviewer expects of pytm's example, on the imported model and
/// on the one written by hand: few findings, every valid class, no noise.
fn holds_expectations(name: &str, m: &Model, a: &Analysis) {
    let ids = found(a);
    assert!(ids.len() < 30, "{name}: {} findings: {ids:#?}", ids.len());
    let id_of = |label: &str| element(m, label).id.clone();
    let (web, db, identity_db) = (
        id_of("Web Server"),
        id_of("SQL Database"),
        id_of("Real Identity Database"),
    );
    let on = |rule: &str, target: &str| ids.contains(&format!("{rule}@{target}"));
    // Injection where the web server writes users' comments into its query,
    // and not on the database-to-database flow that carries no user input.
    assert!(on("GEN-012", &format!("{web}->{db}")), "{name}: {ids:#?}");
    assert!(
        !ids.iter()
            .any(|t| t.starts_with("GEN-012@") && t != &format!("GEN-012@{web}->{db}")),
        "{name}: {ids:#?}"
    );
    // Restricted data in clear text inside the database zone.
    assert!(
        on("GEN-005", &format!("{db}->{identity_db}")),
        "{name}: {ids:#?}"
    );
    // The web server takes input from the internet unvalidated.
    assert!(on("GEN-015", &web), "{name}: {ids:#?}");
    // AI findings on the moderation model and on the agent's flow.
    let moderator = id_of("Comment Moderation LLM");
    let agent = id_of("Moderation Agent");
    assert!(
        ids.iter()
            .any(|t| t.starts_with("AI-") && t.ends_with(&format!("@{moderator}"))),
        "{name}: {ids:#?}"
    );
    assert!(
        ids.iter()
            .any(|t| t.starts_with("AI-") && t.contains(&format!("@{agent}"))),
        "{name}: {ids:#?}"
    );
    // The writing assistant is a third-party model that gets personal data.
    let assistant = id_of("AI Writing Assistant");
    assert!(
        on("AI-003", &format!("{web}->{assistant}")),
        "{name}: {ids:#?}"
    );
    // GEN-009 never beside GEN-004 on one flow.
    for t in &ids {
        if let Some(flow) = t.strip_prefix("GEN-004@") {
            assert!(!on("GEN-009", flow), "{name}: {t} and GEN-009");
        }
    }
    // One GEN-011 per store, not one per flow into it.
    for t in ids.iter().filter(|t| t.starts_with("GEN-011@")) {
        assert!(!t.contains("->"), "{name}: {t}");
    }
    // The web server encodes its output: no stored cross-site scripting.
    assert!(
        !ids.iter().any(|t| t.starts_with("GEN-031@")),
        "{name}: {ids:#?}"
    );
    // No Kubernetes rule on a model without Kubernetes.
    assert!(
        !ids.iter().any(|t| t.starts_with("K8S-")),
        "{name}: {ids:#?}"
    );
}

#[test]
fn imported_and_hand_written_models_find_what_a_reviewer_expects() {
    let (_, _, m, a) = import_clean(Format::Pytm, "tm.json", &fixture("tm.json"));
    holds_expectations("imported", &m, &a);
    let r =
        vastc::resolve::resolve_path(&root().join("tests/fixtures/interchange/pytm/comments.vast"));
    assert!(r.diags.is_empty(), "{:?}", r.diags);
    let hand = vastc::analysis::analyze(&r.model, TODAY);
    assert!(hand.warnings.is_empty(), "{:?}", hand.warnings);
    holds_expectations("comments.vast", &r.model, &hand);
    let formatted = vastc::fmt::format(
        &std::fs::read_to_string(root().join("tests/fixtures/interchange/pytm/comments.vast"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        formatted,
        std::fs::read_to_string(root().join("tests/fixtures/interchange/pytm/comments.vast"))
            .unwrap(),
        "comments.vast is not fmt-clean"
    );
}

#[test]
fn without_output_encoding_the_example_has_stored_cross_site_scripting() {
    let mut tm: serde_json::Value = serde_json::from_str(&fixture("tm.json")).unwrap();
    for e in tm["elements"].as_array_mut().unwrap() {
        if e["name"] == "Web Server" {
            e["controls"]["encodesOutput"] = serde_json::Value::Bool(false);
        }
    }
    let (vast, _, _, a) = import_clean(Format::Pytm, "tm.json", &tm.to_string());
    assert!(!vast.contains("output-encoded"), "{vast}");
    let xss: Vec<String> = found(&a)
        .into_iter()
        .filter(|t| t.starts_with("GEN-031@"))
        .collect();
    // The comments the web server stores come back to it from the
    // database, to be shown to every user.
    assert_eq!(xss, ["GEN-031@web-server->sql-database"]);
}

#[test]
fn threat_tables_of_the_example_use_generic_categories() {
    let bin = env!("CARGO_BIN_EXE_vastc");
    let dir = std::env::temp_dir().join(format!("vastc-pytm-{}", std::process::id()));
    let model = root().join("tests/fixtures/interchange/pytm/comments.vast");
    let out = std::process::Command::new(bin)
        .args(["build", "--format", "md", "--today", "2026-11-26", "-o"])
        .arg(&dir)
        .arg(&model)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(dir.join("comments/threats.md")).unwrap();
    assert!(!md.to_lowercase().contains("container or node"), "{md}");
    assert!(!md.contains("Kubernetes"), "{md}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_class_map_names_only_rules_that_exist() {
    let rules: BTreeSet<String> = vastc::resolve::catalogue()
        .rules
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let classes = vastc::interchange::pytm::classes();
    // pytm 1.4.0's library has 114 threat classes.
    assert_eq!(classes.len(), 114);
    let mut sids = BTreeSet::new();
    for (sid, title, mapped) in &classes {
        assert!(sids.insert(*sid), "{sid} twice");
        assert!(!title.is_empty(), "{sid}");
        for r in mapped {
            assert!(rules.contains(*r), "{sid}: {r} is not a rule");
        }
    }
    // The example's findings are all in the map.
    let tm: serde_json::Value = serde_json::from_str(&fixture("tm.json")).unwrap();
    for f in tm["findings"].as_array().unwrap() {
        assert!(sids.contains(f["threat_id"].as_str().unwrap()), "{f}");
    }
}

/// A small pytm JSON document: boundaries, elements and flows as given.
fn doc(extra: serde_json::Value) -> String {
    let mut d = serde_json::json!({
        "name": "T",
        "description": "D",
        "boundaries": [{"name": "Internet"}, {"name": "VPC"}],
        "elements": [
            {"__class__": "Actor", "name": "User", "inBoundary": "Internet"},
            {"__class__": "Server", "name": "Web Server", "inBoundary": "VPC",
             "controls": {"isHardened": true}}
        ],
        "flows": [
            {"name": "User enters comments", "source": "User", "sink": "Web Server", "protocol": "HTTP", "dstPort": 80}
        ],
        "data": []
    });
    if let (Some(base), Some(more)) = (d.as_object_mut(), extra.as_object()) {
        for (k, v) in more {
            base.insert(k.clone(), v.clone());
        }
    }
    d.to_string()
}

#[test]
fn exclusions_and_overrides_become_risks_where_a_rule_of_the_class_fires() {
    let text = doc(serde_json::json!({
        "elements": [
            {"__class__": "Actor", "name": "User", "inBoundary": "Internet"},
            {"__class__": "Server", "name": "Web Server", "inBoundary": "VPC",
             "overrides": [
                {"threat_id": "INP14", "response": "mitigated"},
                {"threat_id": "CR05", "response": "accepted"},
                {"threat_id": "DO01", "cvss": "9.8"},
                {"threat_id": "AC21", "response": "ignored"}
             ]}
        ],
        "flows": [
            {"name": "User enters comments", "source": "User", "sink": "Web Server", "protocol": "HTTP", "dstPort": 80,
             "overrides": [{"threat_id": "INP14", "response": "mitigated"}]}
        ],
        "excluded_findings": [
            {"threat_id": "DE01", "target": "User enters comments",
             "assumption": {"name": "Only a \"lab\" network", "exclude": "{'DE01'}"}},
            {"threat_id": "LLM01", "target": "Web Server"},
            {"threat_id": "INP14", "target": "Nowhere"}
        ],
        "threatsExcluded": ["AC01"]
    }));
    let (vast, notes, m, a) = import_clean(Format::Pytm, "t.json", &text);
    let status = |id: &str| {
        a.threats
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("{id}: {:#?}", found(&a)))
            .status
            .as_str()
    };
    assert_eq!(status("GEN-015@web-server"), "mitigated", "{vast}");
    assert_eq!(
        status("GEN-006@user->web-server"),
        "false-positive",
        "{vast}"
    );
    assert_eq!(m.risks.len(), 2, "{vast}");
    assert!(
        vast.contains(
            "reason \"pytm: the assumption \\\"Only a \\\"lab\\\" network\\\" excludes DE01"
        ),
        "{vast}"
    );
    for n in [
        "\"CR05\" (Encryption Brute Forcing) on \"Web Server\" (accepted) is not imported: no vastc rule",
        "\"LLM01\" (Direct Prompt Injection) on \"Web Server\" (false-positive) is not imported: vastc's rules for that class (AI-001, AI-012) find nothing there",
        "override of \"DO01\" on \"Web Server\" sets only a CVSS score",
        "override of \"AC21\" on \"Web Server\" has response \"ignored\"",
        "pytm excludes \"INP14\" on \"Nowhere\", which is not in the file",
        "pytm excludes \"AC01\" everywhere",
    ] {
        assert!(notes.iter().any(|x| x.contains(n)), "{n}: {notes:#?}");
    }
    // The flow's copy of its sink's override is not a second decision.
    assert!(
        !notes
            .iter()
            .any(|x| x.contains("on \"User enters comments\" (mitigated)")),
        "{notes:#?}"
    );
}

#[test]
fn hostile_names_odd_values_and_cycles_are_escaped_notes_or_defaults() {
    let evil = "\u{1b}[31mred\u{7}\" } process x { \n// */ \\";
    let text = doc(serde_json::json!({
        "name": evil,
        "description": evil,
        "assumptions": [evil, 5, null],
        "boundaries": [
            {"name": "A", "inBoundary": "B"},
            {"name": "B", "inBoundary": "A"},
            {"name": "C", "inBoundary": "C"},
            {"name": "D", "inBoundary": "nowhere"},
            {"name": "A"},
            {"name": evil}
        ],
        "elements": [
            {"__class__": "Actor", "name": "flow", "inBoundary": "A", "isAdmin": "True"},
            {"__class__": "Server", "name": "true", "inBoundary": evil,
             "controls": {"sanitizesInput": "yes", "isEncryptedAtRest": 1, "usesCodeSigning": {"x": 1}, "authenticationScheme": null},
             "usesCache": true, "OS": evil},
            {"__class__": "Datastore", "name": evil, "type": "DatastoreType.AWS_S3", "inBoundary": "gone",
             "controls": {"isEncryptedAtRest": true}},
            {"__class__": "Toaster", "name": "日本語"},
            {"__class__": "Datastore", "name": "", "storesLogData": true},
            {"__class__": "LLM", "name": "true", "isThirdParty": true, "hasAgentCapabilities": true},
            {"name": "no class"}
        ],
        "data": [
            {"name": evil, "classification": "Classification.TOP_SECRET", "isPII": true, "isCredentials": true, "credentialsLife": "Lifetime.HARDCODED"},
            {"name": "odd", "classification": "COSMIC"},
            {"name": "odd", "classification": 3}
        ],
        "flows": [
            {"name": evil, "source": "flow", "sink": "true", "protocol": "carrier pigeon", "dstPort": 99999999,
             "data": [evil, "missing"], "tlsVersion": "TLSVersion.SSLv3",
             "controls": {"authenticatesSource": true, "authenticationScheme": "Kerberos"}},
            {"name": "again", "source": "flow", "sink": "true", "protocol": "HTTPS", "dstPort": -1,
             "controls": {"implementsAuthenticationScheme": true}},
            {"name": "back", "source": "true", "sink": "flow", "isResponse": true, "responseTo": "nothing"},
            {"name": "void", "source": "nobody", "sink": "true"},
            {"name": "self", "source": evil, "sink": evil, "dstPort": "443"}
        ]
    }));
    let (vast, notes, m, _) = import_clean(Format::Pytm, "evil.json", &text);
    assert!(
        !vast.contains('\u{1b}') && !vast.contains('\u{7}'),
        "{vast}"
    );
    assert!(notes.iter().all(|n| !n.contains('\u{1b}')));
    assert_eq!(m.elements.len(), 7);
    assert_eq!(m.flows.len(), 4);
    let ids: Vec<&str> = m.elements.iter().map(|e| e.id.as_str()).collect();
    assert!(
        ids.contains(&"actor-flow") && ids.contains(&"process-true"),
        "{ids:?}"
    );
    let flow0 = m.flows.iter().next().expect("a flow");
    assert_eq!(flow0.label, evil);
    assert!(vast.contains("authn token"), "{vast}");
    assert!(vast.contains("encrypted true"), "{vast}");
    assert!(vast.contains("kind admin"), "{vast}");
    assert!(
        vast.contains("kind object-storage") && vast.contains("engine s3"),
        "{vast}"
    );
    assert!(vast.contains("kind log-store"), "{vast}");
    for n in [
        "cycle of inBoundary",
        "\"C\" is inside itself",
        "\"D\" is inside \"nowhere\"",
        "boundary name \"A\" is used twice",
        "element name \"true\" is used twice",
        "pytm class \"Toaster\"",
        "classification \"COSMIC\"",
        "protocol \"carrier pigeon\"",
        "\"usesCache\"",
        "\"usesCodeSigning\"",
        "\"tlsVersion\"",
        "\"credentialsLife\"",
        "names data \"missing\"",
        "\"void\" goes from \"nobody\"",
        "third-party (isThirdParty)",
    ] {
        assert!(notes.iter().any(|x| x.contains(n)), "{n}: {notes:#?}");
    }
}

#[test]
fn wrong_types_and_syntax_errors_are_located_diagnostics() {
    for (text, at) in [
        ("{\n  \"elements\": 5\n}", "x.json:2:"),
        ("[1, 2]", "x.json:1:"),
        ("{\"flows\": [1]}", "x.json:1:"),
        ("{\"data\": [{\"processedBy\": {\"a\": 1}}]}", "x.json:1:"),
        ("{\"boundaries\": [ {\"name\": \"a\" ", "x.json:1:"),
        ("{\"flows\": [{\"dstPort\": 1e999}]}", "x.json:1:"),
    ] {
        let f = import(Format::Pytm, "x.json", text)
            .err()
            .unwrap_or_else(|| panic!("{text}"));
        let msg = &f.diags[0].message;
        assert!(
            msg.starts_with("malformed ") && msg.contains(at),
            "{text}: {msg}"
        );
    }
}

#[test]
fn every_prefix_of_the_example_is_a_model_or_a_diagnostic() {
    let text = fixture("tm.json");
    let step = (text.len() / 150).max(1);
    let mut cut = 0;
    while cut < text.len() {
        if text.is_char_boundary(cut) {
            match import(Format::Pytm, "p", &text[..cut]) {
                Ok(i) => {
                    let r = vastc::resolve::resolve_str("p.vast", &i.vast);
                    assert!(!r.has_errors(), "at {cut}: {:?}", r.diags);
                }
                Err(e) => assert!(!e.diags.is_empty()),
            }
        }
        cut += step;
    }
    // The example with a byte order mark imports the same.
    let plain = import(Format::Pytm, "tm.json", &text).ok().unwrap();
    let marked = import(Format::Pytm, "tm.json", &format!("\u{feff}{text}"))
        .ok()
        .unwrap();
    assert_eq!(plain.vast, marked.vast);
}

#[test]
fn the_command_imports_the_example() {
    let bin = env!("CARGO_BIN_EXE_vastc");
    let out = std::process::Command::new(bin)
        .args(["import", "pytm"])
        .arg(root().join("tests/fixtures/interchange/pytm/tm.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("// Imported by `vastc import pytm` from tm.json"),
        "{stdout}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.lines().all(|l| l.starts_with("note: ")), "{stderr}");
    let bad = std::process::Command::new(bin)
        .args(["import", "pytm"])
        .arg(root().join("tests/fixtures/interchange/pytm/tm.py"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("tm.py:"));
}

#[test]
fn boundaries_nest_by_in_boundary() {
    let text = doc(serde_json::json!({
        "boundaries": [
            {"name": "Internet"},
            {"name": "AWS account", "inBoundary": null},
            {"name": "VPC", "inBoundary": "AWS account"},
            {"name": "Private subnet", "inBoundary": "VPC"}
        ],
        "elements": [
            {"__class__": "Actor", "name": "User", "inBoundary": "Internet"},
            {"__class__": "Server", "name": "Web Server", "inBoundary": "Private subnet"}
        ]
    }));
    let (_, _, m, _) = import_clean(Format::Pytm, "n.json", &text);
    let b = |label: &str| m.boundaries.position(|b| b.label == label).unwrap();
    assert_eq!(m.boundaries[b("Private subnet")].parent, Some(b("VPC")));
    assert_eq!(m.boundaries[b("VPC")].parent, Some(b("AWS account")));
    assert_eq!(m.boundaries[b("AWS account")].parent, None);
    assert_eq!(
        m.boundaries[b("AWS account")].kind.as_str(),
        "cloud-account"
    );
    assert_eq!(
        element(&m, "Web Server").boundary,
        Some(b("Private subnet"))
    );
}
