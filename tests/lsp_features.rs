//! `vastc lsp`'s features on a model of two files (`main.vast` includes
//! `shared.vast`): definition and references across the include, rename
//! in both files, hover on elements, rules and settings, completion that
//! fits the cursor, the outline and formatting.

#[path = "common/lsp.rs"]
mod lsp;

use lsp::{Client, pos, uri};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

struct Fixture {
    c: Client,
    main: String,
    shared: String,
    main_text: String,
    shared_text: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lsp")
        .canonicalize()
        .expect("fixtures")
}

/// A server with `main.vast` open (as on disk, or `main_text`).
fn open(main_text: Option<&str>) -> Fixture {
    let dir = fixtures();
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).expect("fixture");
    let main_text = main_text.map_or_else(|| read("main.vast"), str::to_string);
    let mut c = Client::start(&dir);
    let main = uri(&dir.join("main.vast"));
    c.open(&main, &main_text);
    Fixture {
        c,
        shared: uri(&dir.join("shared.vast")),
        shared_text: read("shared.vast"),
        main,
        main_text,
    }
}

impl Fixture {
    /// A request at the first `needle` of main.vast (plus `offset` characters).
    fn at(&mut self, method: &str, needle: &str, offset: usize) -> Value {
        let (line, col) = pos(&self.main_text, needle, offset);
        let main = self.main.clone();
        self.c.at(method, &main, line, col)
    }

    fn range_of(text: &str, needle: &str, offset: usize, len: u32) -> Value {
        let (line, col) = pos(text, needle, offset);
        json!({ "start": { "line": line, "character": col },
                "end": { "line": line, "character": col + len } })
    }
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn definition_goes_across_the_include() {
    let mut f = open(None);
    let def = f.at("textDocument/definition", "api -> db", 8);
    assert_eq!(def["uri"], f.shared);
    assert_eq!(
        def["range"],
        Fixture::range_of(&f.shared_text, "store db", 6, 2)
    );
    // `in cloud`, and the data a flow carries, too.
    let def = f.at("textDocument/definition", "in cloud", 4);
    assert_eq!(
        def["range"],
        Fixture::range_of(&f.shared_text, "boundary cloud", 9, 5)
    );
    let def = f.at("textDocument/definition", "carries orders", 9);
    assert_eq!(
        def["range"],
        Fixture::range_of(&f.shared_text, "data orders", 5, 6)
    );
    // The include's path opens the file.
    let def = f.at("textDocument/definition", "shared.vast", 2);
    assert_eq!(def["uri"], f.shared);
    // In the same file.
    let def = f.at("textDocument/definition", "customer -> api", 0);
    assert_eq!(def["uri"], f.main);
    assert_eq!(
        def["range"],
        Fixture::range_of(&f.main_text, "actor customer", 6, 8)
    );
    // Nothing on a keyword.
    assert_eq!(f.at("textDocument/definition", "model", 1), Value::Null);
    assert_eq!(f.c.stop(), 0);
}

#[test]
fn references_are_found_in_both_files() {
    let mut f = open(None);
    let refs = f.c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": f.main }, "position": {
                    "line": pos(&f.main_text, "carries orders", 9).0,
                    "character": pos(&f.main_text, "carries orders", 9).1 },
                "context": { "includeDeclaration": true } }),
    );
    let mut found: Vec<(String, Value)> = refs
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap_or("").to_string(),
                l["range"]["start"]["line"].clone(),
            )
        })
        .collect();
    found.sort_by_key(|(u, l)| (u.clone(), l.as_u64()));
    let line = |t: &str, n: &str| json!(pos(t, n, 0).0);
    let mut want = vec![
        (f.shared.clone(), line(&f.shared_text, "data orders")),
        (f.shared.clone(), line(&f.shared_text, "stores orders")),
        (
            f.main.clone(),
            json!(pos(&f.main_text, "carries orders", 0).0),
        ),
        (
            f.main.clone(),
            json!(
                f.main_text
                    .rfind("carries orders")
                    .map(|i| f.main_text[..i].matches('\n').count())
            ),
        ),
    ];
    want.sort_by_key(|(u, l)| (u.clone(), l.as_u64()));
    assert_eq!(found, want);
    assert_eq!(f.c.stop(), 0);
}

#[test]
fn rename_changes_both_files_and_refuses_bad_names() {
    let mut f = open(None);
    let (line, col) = pos(&f.main_text, "api -> db", 7);
    let main = f.main.clone();
    let params = |name: &str| {
        json!({ "textDocument": { "uri": main }, "position": { "line": line, "character": col },
                "newName": name })
    };
    let prepared = f.at("textDocument/prepareRename", "api -> db", 7);
    assert_eq!(prepared, Fixture::range_of(&f.main_text, "api -> db", 7, 2));
    let edit = f.c.request("textDocument/rename", params("orders-db"));
    let changes = edit["changes"].as_object().expect("changes");
    assert_eq!(changes.len(), 2, "{edit}");
    let in_shared = changes[&f.shared].as_array().expect("edits");
    assert_eq!(in_shared.len(), 1);
    assert_eq!(
        in_shared[0]["range"],
        Fixture::range_of(&f.shared_text, "store db", 6, 2)
    );
    assert_eq!(in_shared[0]["newText"], "orders-db");
    // `flow api -> db` and `risk GEN-020 on db`.
    assert_eq!(changes[&f.main].as_array().map(Vec::len), Some(2));
    for bad in ["2db", "a b", "process", "api", "x->y", ""] {
        let r = f.c.request_raw("textDocument/rename", params(bad));
        assert!(r.get("error").is_some(), "{bad}: {r}");
    }
    // A built-in rule's ID is not renamed.
    let (line, col) = pos(&f.main_text, "GEN-020", 1);
    let r = f.c.request_raw(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": f.main }, "position": { "line": line, "character": col } }),
    );
    let why = r["error"]["message"].as_str().unwrap_or("");
    assert_eq!(why, "`GEN-020` is a built-in rule; its ID cannot change");
    assert_eq!(f.c.stop(), 0);
}

#[test]
fn hover_shows_an_element_with_its_threats_a_rule_and_a_setting() {
    let mut f = open(None);
    let h = f.at("textDocument/hover", "api -> db", 8);
    let text = h["contents"]["value"].as_str().unwrap_or("").to_string();
    assert!(text.starts_with("**store** `db` — Orders DB\n"), "{text}");
    assert!(text.contains("kind `database`"), "{text}");
    assert!(text.contains("in `cloud`"), "{text}");
    assert!(
        text.contains(
            "**medium** 4.4 `GEN-019` Sensitive data stored without encryption at rest · open"
        ),
        "{text}"
    );
    assert!(
        text.contains("`GEN-020`") && text.contains("· mitigated"),
        "{text}"
    );
    assert_eq!(
        h["range"],
        Fixture::range_of(&f.main_text, "api -> db", 7, 2)
    );
    // A rule in a risk: as `vastc explain` prints it.
    let h = f.at("textDocument/hover", "GEN-020", 2);
    let text = h["contents"]["value"].as_str().unwrap_or("");
    assert!(
        text.contains("GEN-020 — Sensitive data store without backup"),
        "{text}"
    );
    assert!(text.contains("\nmitigation   "), "{text}");
    assert!(
        text.contains("defined in   catalogue/generic.vast:"),
        "{text}"
    );
    // A setting: its description from the settings table.
    let h = f.at("textDocument/hover", "protocol https", 2);
    let text = h["contents"]["value"].as_str().unwrap_or("");
    assert!(text.starts_with("**protocol** (setting of flow)"), "{text}");
    assert_eq!(f.c.stop(), 0);
}

#[test]
fn hover_escapes_model_text() {
    let text = std::fs::read_to_string(fixtures().join("main.vast"))
        .expect("fixture")
        .replace(
            "\"Customer\"",
            "\"<img src=x onerror=alert(1)> [link](http://x) *b*\"",
        );
    let mut f = open(Some(&text));
    let h = f.at("textDocument/hover", "customer -> api", 1);
    let value = h["contents"]["value"].as_str().unwrap_or("");
    assert!(
        value.contains("\\<img src=x onerror=alert(1)\\> \\[link\\](http://x) \\*b\\*"),
        "{value}"
    );
    assert_eq!(f.c.stop(), 0);
}

#[test]
fn completion_fits_the_cursor() {
    let base = std::fs::read_to_string(fixtures().join("main.vast")).expect("fixture");
    // Inside a process block: process settings only.
    let text = base.replace("  kind web-app\n", "  kind web-app\n  \n");
    let mut f = open(Some(&text));
    let (line, _) = pos(&text, "kind web-app", 0);
    let main = f.main.clone();
    let items = labels(&f.c.at("textDocument/completion", &main, line + 1, 2));
    for want in ["kind", "runs-as", "image", "description"] {
        assert!(
            items.contains(&want.to_string()),
            "{want} missing: {items:?}"
        );
    }
    for not in ["trust", "classification", "protocol", "process", "model"] {
        assert!(
            !items.contains(&not.to_string()),
            "{not} offered: {items:?}"
        );
    }
    assert_eq!(f.c.stop(), 0);
    // Values: a vocabulary, references, booleans; IDs after `in` and `->`.
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "  kind web-app\n",
            "  kind web-app\n  exposure ",
            &["private", "internal", "public"],
            &["web-app"],
        ),
        (
            "  kind web-app\n",
            "  kind web-app\n  kind ",
            &["web-app", "k8s-deployment"],
            &["database"],
        ),
        (
            "  carries orders\n}\n\nflow api",
            "  carries orders, \n}\n\nflow api",
            &["orders"],
            &["db"],
        ),
        (
            "  port 443\n",
            "  port 443\n  encrypted ",
            &["true", "false"],
            &[],
        ),
        ("in cloud {", "in  {", &["cloud"], &["db"]),
        (
            "flow api -> db",
            "flow api -> ",
            &["db", "api", "customer"],
            &["cloud", "orders"],
        ),
        (
            "risk GEN-020 on db",
            "risk GEN-020 on ",
            &["db", "cloud", "orders"],
            &[],
        ),
        ("risk GEN-020", "risk ", &["GEN-020", "K8S-CMP-01"], &["db"]),
        (
            "actor customer",
            "actor customer \"x\" {}\nbound",
            &["boundary", "process", "risk"],
            &["feature", "kind"],
        ),
    ];
    for (from, to, want, not) in cases {
        let text = base.replacen(from, to, 1);
        let at = text.find(to).expect("edited")
            + to.trim_end_matches("\n}\n\nflow api")
                .trim_end_matches(" {")
                .len();
        let at = if to.ends_with("in  {") {
            text.find(to).expect("edited") + 3
        } else {
            at
        };
        let line = text[..at].matches('\n').count() as u32;
        let col = text[text[..at].rfind('\n').map_or(0, |i| i + 1)..at]
            .encode_utf16()
            .count() as u32;
        // As in an editor: the model was whole (and checked) before this edit.
        let mut f = open(None);
        let main = f.main.clone();
        assert_eq!(f.c.diagnostics(&main), Vec::<Value>::new());
        f.c.change(&main, 2, &text);
        let items = labels(&f.c.at("textDocument/completion", &main, line, col));
        for w in *want {
            assert!(
                items.contains(&w.to_string()),
                "{to:?}: {w} missing from {items:?}"
            );
        }
        for n in *not {
            assert!(
                !items.contains(&n.to_string()),
                "{to:?}: {n} offered in {items:?}"
            );
        }
        assert_eq!(f.c.stop(), 0);
    }
}

#[test]
fn outline_nests_by_boundary() {
    let mut f = open(None);
    let shared = f.shared.clone();
    let shared_text = f.shared_text.clone();
    f.c.open(&shared, &shared_text);
    let symbols = f.c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": shared } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| s["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["cloud", "orders"]);
    let cloud = &symbols[0];
    assert_eq!(cloud["children"][0]["name"], "db");
    assert_eq!(cloud["children"][0]["detail"], "store · Orders DB");
    let main = f.main.clone();
    let symbols = f.c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": main } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| s["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "include shared.vast",
            "Shop",
            "customer",
            "api",
            "customer->api",
            "api->db",
            "GEN-020 on db"
        ]
    );
    assert_eq!(f.c.stop(), 0);
}

#[test]
fn formatting_keeps_comments() {
    let text =
        "// head\nprocess   api \"API\"{kind web-app // trailing\n/* inner */ image \"x\"}\n";
    let mut f = open(Some(text));
    let main = f.main.clone();
    let edits = f.c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": main }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = edits.as_array().expect("edits");
    assert_eq!(edits.len(), 1);
    let formatted = edits[0]["newText"].as_str().unwrap_or("");
    assert_eq!(formatted, vastc::fmt::format(text).expect("formats"));
    for comment in ["// head", "// trailing", "/* inner */"] {
        assert!(formatted.contains(comment), "{formatted}");
    }
    assert_eq!(
        edits[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    assert_eq!(
        edits[0]["range"]["end"],
        json!({ "line": 3, "character": 0 })
    );
    assert_eq!(f.c.stop(), 0);
}
