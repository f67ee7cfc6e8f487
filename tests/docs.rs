//! The language reference lists every setting, vocabulary, fact and
//! predicate the compiler knows: the tables in `docs/language.md` are
//! generated from the compiler's own tables and this test fails when they
//! are stale (`UPDATE_DOCS=1 cargo test --test docs` rewrites them).
//!
//! `docs/kubernetes.md` maps every KubeHound attack edge and every
//! Microsoft Threat Matrix technique to rules and scenario capabilities:
//! every rule and capability it names exists, every capability is named,
//! and every edge and technique has a row.

use vastc::resolve::{facts, schema, vocab};

fn settings_table() -> String {
    let mut out = String::from("| setting | on | type | meaning |\n|---|---|---|---|\n");
    for s in schema::SETTINGS {
        let on: Vec<&str> = s.subjects.iter().map(|x| x.as_str()).collect();
        let on = if on.len() > 10 {
            "every declaration".to_string()
        } else {
            on.join(", ")
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            s.name(),
            on,
            s.ty.describe(),
            s.doc.replace('|', "\\|")
        ));
    }
    out
}

fn vocab_table() -> String {
    let mut out = String::from("| vocabulary | words (lowest first where ordered) |\n|---|---|\n");
    for v in vocab::all() {
        let order = if v.ordered { " (ordered)" } else { "" };
        out.push_str(&format!("| {}{order} | {} |\n", v.name, v.words.join(", ")));
    }
    out.push_str(&format!(
        "| protocol | {} |\n",
        vocab::PROTOCOL.words.join(", ")
    ));
    out.push_str(&format!(
        "| capability | {} |\n",
        vocab::CAPABILITY.words.join(", ")
    ));
    out
}

fn facts_table() -> String {
    let mut out =
        String::from("Derived facts (bare names):\n\n| fact | on | meaning |\n|---|---|---|\n");
    for f in facts::FACTS {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            f.name,
            facts::on_text(f.on),
            f.doc
        ));
    }
    out.push_str("\nGraph predicates:\n\n| predicate | on | meaning |\n|---|---|---|\n");
    for p in facts::PREDICATES {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            p.name,
            facts::on_text(p.on),
            p.doc
        ));
    }
    out
}

fn splice(doc: &str, marker: &str, body: &str) -> String {
    let begin = format!("<!-- {marker}:begin");
    let end = format!("<!-- {marker}:end -->");
    let b = doc.find(&begin).expect("begin marker");
    let b_end = b + doc[b..].find("-->").expect("marker end") + 3;
    let e = doc.find(&end).expect("end marker");
    format!("{}\n{}{}", &doc[..b_end], body, &doc[e..])
}

#[test]
fn language_reference_is_current() {
    let path = "docs/language.md";
    let doc = std::fs::read_to_string(path).unwrap();
    let mut fresh = splice(&doc, "settings", &settings_table());
    fresh = splice(&fresh, "vocabularies", &vocab_table());
    fresh = splice(&fresh, "facts", &facts_table());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    } else {
        assert!(
            doc == fresh,
            "docs/language.md is stale: run `UPDATE_DOCS=1 cargo test --test docs`"
        );
    }
}

/// Every registered fact and predicate has its row in the language
/// reference.
#[test]
fn every_registered_fact_is_documented() {
    let doc = std::fs::read_to_string("docs/language.md").unwrap();
    let names = facts::FACTS
        .iter()
        .map(|f| f.name)
        .chain(facts::PREDICATES.iter().map(|p| p.name));
    for name in names {
        assert!(
            doc.contains(&format!("| `{name}` |")),
            "docs/language.md has no row for `{name}`"
        );
    }
}

/// The backticked words of a text.
fn ticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// Rows of every Markdown table of a document: each row's cells by its
/// table's header.
fn table_rows(doc: &str) -> Vec<Vec<(String, String)>> {
    let cells = |l: &str| -> Vec<String> {
        l.trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for line in doc.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        if line.starts_with("|---") {
            continue;
        }
        match &header {
            None => header = Some(cells(line)),
            Some(h) => out.push(h.iter().cloned().zip(cells(line)).collect()),
        }
    }
    out
}

fn cell<'r>(row: &'r [(String, String)], name: &str) -> Option<&'r str> {
    row.iter().find(|(h, _)| h == name).map(|(_, c)| c.as_str())
}

/// Every attack edge of KubeHound's attack reference.
const KUBEHOUND_EDGES: &[&str] = &[
    "CE_MODULE_LOAD",
    "CE_NSENTER",
    "CE_PRIV_MOUNT",
    "CE_SYS_PTRACE",
    "CE_UMH_CORE_PATTERN",
    "CE_VAR_LOG_SYMLINK",
    "CONTAINER_ATTACH",
    "ENDPOINT_EXPLOIT",
    "EXPLOIT_CONTAINERD_SOCK",
    "EXPLOIT_HOST_READ",
    "EXPLOIT_HOST_TRAVERSE",
    "EXPLOIT_HOST_WRITE",
    "IDENTITY_ASSUME",
    "IDENTITY_IMPERSONATE",
    "PERMISSION_DISCOVER",
    "POD_ATTACH",
    "POD_CREATE",
    "POD_EXEC",
    "POD_PATCH",
    "ROLE_BIND",
    "SHARE_PS_NAMESPACE",
    "TOKEN_BRUTEFORCE",
    "TOKEN_LIST",
    "TOKEN_STEAL",
    "VOLUME_ACCESS",
    "VOLUME_DISCOVER",
];

fn is_rule_id(w: &str) -> bool {
    let mut parts = w.rsplitn(2, '-');
    let digits = parts.next().unwrap_or("");
    let head = parts.next().unwrap_or("");
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && (head == "GEN" || head.starts_with("K8S-"))
}

#[test]
fn kubernetes_attack_map_names_what_exists() {
    let doc = std::fs::read_to_string("docs/kubernetes.md").unwrap();
    let rules: std::collections::BTreeSet<String> = vastc::resolve::catalogue()
        .rules
        .iter()
        .map(|r| r.id.clone())
        .collect();
    let capabilities = vastc::analysis::attack::capability_names();
    assert!(capabilities.len() >= 26, "{capabilities:?}");

    // Every rule ID named anywhere exists.
    let named_rules: Vec<&str> = ticked(&doc).into_iter().filter(|w| is_rule_id(w)).collect();
    assert!(named_rules.len() > 60, "{named_rules:?}");
    for r in &named_rules {
        assert!(
            rules.contains(*r),
            "docs/kubernetes.md names rule {r}, which does not exist"
        );
    }

    // Every capability named in a table exists, and every one is named.
    let rows = table_rows(&doc);
    let mut named_caps = std::collections::BTreeSet::new();
    for row in &rows {
        for column in ["covered by", "capabilities", "capability"] {
            for w in cell(row, column).map(ticked).unwrap_or_default() {
                if !is_rule_id(w) {
                    assert!(
                        capabilities.contains(&w),
                        "docs/kubernetes.md names capability `{w}`, which does not exist"
                    );
                    named_caps.insert(w);
                }
            }
        }
    }
    for c in &capabilities {
        assert!(
            named_caps.contains(c),
            "capability `{c}` is missing from docs/kubernetes.md"
        );
    }

    // Every KubeHound edge and every technique has a row that says what
    // covers it, or why nothing can.
    let covered = |key: &str, column: &str| {
        rows.iter().any(|r| {
            cell(r, column).is_some_and(|c| c == key)
                && cell(r, "covered by").is_some_and(|c| {
                    !ticked(c).is_empty()
                        || c.contains("not decidable from manifests")
                        || c == "implicit"
                })
        })
    };
    for e in KUBEHOUND_EDGES {
        assert!(
            covered(e, "edge"),
            "KubeHound edge {e} has no row in docs/kubernetes.md"
        );
    }
    let mut techniques: Vec<String> = (9001..=9042).map(|n| format!("MS-TA{n}")).collect();
    // Every technique the catalogue cites, too.
    for r in vastc::resolve::catalogue().rules.iter() {
        if let Some(vastc::model::Val::List(refs)) = r.settings.get(vastc::model::Key::References) {
            for x in refs.iter().filter_map(vastc::model::Val::as_str) {
                if x.starts_with("MS-TA") && !techniques.iter().any(|t| t == x) {
                    techniques.push(x.to_string());
                }
            }
        }
    }
    for t in &techniques {
        assert!(
            covered(t, "technique"),
            "technique {t} has no row in docs/kubernetes.md"
        );
    }
    // A row that marks a step undecidable says why.
    for row in &rows {
        if cell(row, "covered by") == Some("not decidable from manifests") {
            let why = row.last().map(|(_, c)| c.len()).unwrap_or(0);
            assert!(why > 20, "an undecidable row without its reason: {row:?}");
        }
    }
}
