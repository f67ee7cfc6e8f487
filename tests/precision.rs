//! Precision: how many threats one element with default settings draws.
//! A minimal element must not drown the reader; the counts are recorded in
//! `docs/catalogue.md` and this test keeps them current and bounded.

use vastc::analysis::analyze;
use vastc::resolve::resolve_str;
use vastc::syntax::ast::Date;

const CASES: &[(&str, &str, &str)] = &[
    ("actor", "actor a", "actor a"),
    ("process (service)", "process p", "process p"),
    ("store (database)", "store s", "store s"),
    ("data", "data d", "data d"),
    ("boundary (generic)", "boundary b", "boundary b"),
    ("identity (service account)", "identity i", "identity i"),
    (
        "k8s-deployment in a namespace",
        "process w",
        "boundary c { kind k8s-cluster\n boundary ns { kind k8s-namespace\n process w { kind k8s-deployment } } }",
    ),
    (
        "k8s-namespace (the namespace itself)",
        "boundary ns",
        "boundary c { kind k8s-cluster\n boundary ns { kind k8s-namespace } }",
    ),
    (
        "k8s-api-server",
        "process api",
        "process api { kind k8s-api-server }",
    ),
    ("kubelet", "process k", "process k { kind kubelet }"),
    ("k8s-etcd", "store e", "store e { kind k8s-etcd }"),
    (
        "flow between two default processes",
        "flow",
        "process a\nprocess b\nflow a -> b",
    ),
    (
        "flow from the internet, https",
        "flow",
        "boundary net { kind internet; actor u }\nprocess a\nflow u -> a { protocol https }",
    ),
];

fn count(model: &str, what: &str) -> (usize, Vec<String>) {
    let r = resolve_str("minimal.vast", model);
    assert!(!r.has_errors(), "{model}: {:?}", r.diags);
    let a = analyze(
        &r.model,
        Date {
            year: 2026,
            month: 11,
            day: 26,
        },
    );
    let ids: Vec<String> = a
        .threats
        .iter()
        .filter(|t| {
            if what == "flow" {
                t.target_kind == "flow"
            } else {
                t.target_id == what.split(' ').nth(1).unwrap_or("")
            }
        })
        .map(|t| t.rule.to_string())
        .collect();
    (ids.len(), ids)
}

#[test]
fn minimal_model_counts_are_documented_and_small() {
    let mut table = String::from("| declaration | threats | rules |\n|---|---|---|\n");
    for (name, what, model) in CASES {
        let (n, rules) = count(model, what);
        assert!(n <= 6, "{name} draws {n} threats: {rules:?}");
        table.push_str(&format!(
            "| {name} | {n} | {} |\n",
            if rules.is_empty() {
                "–".to_string()
            } else {
                rules.join(", ")
            }
        ));
    }
    let path = "docs/catalogue.md";
    let doc = std::fs::read_to_string(path).unwrap();
    let begin = doc.find("<!-- minimal:begin -->").unwrap() + "<!-- minimal:begin -->".len();
    let end = doc.find("<!-- minimal:end -->").unwrap();
    let fresh = format!("{}\n{}{}", &doc[..begin], table, &doc[end..]);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, fresh).unwrap();
    } else {
        assert!(
            doc == fresh,
            "docs/catalogue.md's minimal-model table is stale: run `UPDATE_DOCS=1 cargo test --test precision`"
        );
    }
}

/// GEN-012 marks the injection point, the process that builds queries from
/// internet input, not a replication flow between two databases that the
/// same input reaches downstream.
#[test]
fn injection_is_found_where_queries_are_built() {
    let text = r#"
boundary internet "Internet" { kind internet; actor visitor "Visitor" { kind user } }
boundary dc "Data centre" {
  kind network
  process web "web" { kind web-app }
  store db "db" { kind database; engine postgres }
  store replica "replica" { kind database; engine postgres }
}
flow visitor -> web { protocol https; port 443 }
flow web -> db { protocol postgres; port 5432; encrypted true; authn client-cert }
flow db -> replica { protocol postgres; port 5432; encrypted true; authn client-cert }
"#;
    let r = resolve_str("replica.vast", text);
    assert!(!r.has_errors(), "{:?}", r.diags);
    let today = Date {
        year: 2026,
        month: 1,
        day: 1,
    };
    let a = analyze(&r.model, today);
    let gen012: Vec<&str> = a
        .threats
        .iter()
        .filter(|t| &*t.rule == "GEN-012")
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(gen012, ["GEN-012@web->db"]);
}
