//! The editor support in `editors/vscode/`: the TextMate grammar colours
//! every keyword of the language (read from `grammar/vast.pest`) as a
//! keyword, and never inside an ID (`my-process`); its regexes compile;
//! the extension manifest names files that exist.

use fancy_regex::Regex;
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The keywords of the pest grammar: its `kw_…` rules.
fn pest_keywords() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("grammar/vast.pest")).expect("grammar");
    let rule = Regex::new(r#"(?m)^kw_\w+\s*=\s*@\{\s*"(\w+)""#).expect("regex");
    rule.captures_iter(&text)
        .filter_map(|c| c.ok()?.get(1).map(|m| m.as_str().to_string()))
        .collect()
}

/// A pattern's regex and the scope it gives each of its groups (0: the
/// whole match).
struct Rule {
    regex: Regex,
    scopes: Vec<(usize, String)>,
}

fn rules(grammar: &Value) -> Vec<Rule> {
    fn walk(v: &Value, out: &mut Vec<Rule>) {
        match v {
            Value::Object(m) => {
                for (key, captures) in [("match", "captures"), ("begin", "beginCaptures")] {
                    let Some(re) = m.get(key).and_then(Value::as_str) else {
                        continue;
                    };
                    let regex = Regex::new(re).unwrap_or_else(|e| panic!("{re}: {e}"));
                    let mut scopes = Vec::new();
                    if key == "match"
                        && let Some(n) = m.get("name").and_then(Value::as_str)
                    {
                        scopes.push((0, n.to_string()));
                    }
                    for (group, c) in m
                        .get(captures)
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        if let (Ok(g), Some(n)) = (group.parse(), c["name"].as_str()) {
                            scopes.push((g, n.to_string()));
                        }
                    }
                    out.push(Rule { regex, scopes });
                }
                if let Some(end) = m.get("end").and_then(Value::as_str) {
                    Regex::new(end).unwrap_or_else(|e| panic!("{end}: {e}"));
                }
                for v in m.values() {
                    walk(v, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(grammar, &mut out);
    out
}

/// Whether some rule colours `text[at..at + len]` as a keyword.
fn keyword_at(rules: &[Rule], text: &str, at: usize, len: usize) -> bool {
    rules.iter().any(|r| {
        r.regex.captures_iter(text).filter_map(Result::ok).any(|c| {
            r.scopes.iter().any(|(g, scope)| {
                scope.starts_with("keyword.")
                    && c.get(*g)
                        .is_some_and(|m| m.start() == at && m.end() == at + len)
            })
        })
    })
}

#[test]
fn every_keyword_of_the_language_is_coloured() {
    let keywords = pest_keywords();
    assert_eq!(keywords.len(), 26, "{keywords:?}");
    for k in vastc::syntax::ast::Keyword::ALL {
        assert!(
            keywords.iter().any(|w| w == k.as_str()),
            "{} not in the pest grammar",
            k.as_str()
        );
    }
    let rules = rules(&json("editors/vscode/syntaxes/vast.tmLanguage.json"));
    for k in &keywords {
        // Where the language uses it: `and`, `or`, `not`, `has` in a rule's
        // condition, the others as they start a line or follow an ID.
        let sample = match k.as_str() {
            "and" | "or" | "has" => format!("  when a.b {k} c"),
            "not" => format!("  when {k} a.b"),
            "in" | "on" => format!("risk R {k} x"),
            _ => format!("{k} x"),
        };
        let at = sample.find(&format!("{k} ")).expect("keyword in sample");
        assert!(
            keyword_at(&rules, &sample, at, k.len()),
            "`{k}` is not coloured in {sample:?}"
        );
        // Never inside an ID.
        for id in [
            format!("process my-{k}-x"),
            format!("process {k}_x"),
            format!("flow a{k} -> b"),
        ] {
            let at = id.rfind(k.as_str()).expect("keyword in id");
            assert!(
                !keyword_at(&rules, &id, at, k.len()),
                "`{k}` coloured inside {id:?}"
            );
        }
    }
}

#[test]
fn the_extension_manifest_is_whole() {
    let package = json("editors/vscode/package.json");
    let dir = root().join("editors/vscode");
    let grammar = &package["contributes"]["grammars"][0];
    assert_eq!(grammar["scopeName"], "source.vast");
    let path = grammar["path"].as_str().expect("grammar path");
    assert_eq!(
        json(&format!("editors/vscode/{path}"))["scopeName"],
        "source.vast"
    );
    let language = &package["contributes"]["languages"][0];
    assert_eq!(language["extensions"][0], ".vast");
    let config = language["configuration"].as_str().expect("configuration");
    let config = json(&format!("editors/vscode/{config}"));
    assert_eq!(config["comments"]["lineComment"], "//");
    let main = package["main"].as_str().expect("main");
    let js = std::fs::read_to_string(dir.join(main)).expect("extension.js");
    assert!(js.contains(r#"args: ["lsp"]"#), "{js}");
    assert!(package["dependencies"]["vscode-languageclient"].is_string());
    // The server's path is a machine setting: a workspace cannot change it.
    assert_eq!(
        package["contributes"]["configuration"]["properties"]["vast.server.path"]["scope"],
        "machine"
    );
    // The word pattern keeps `-` inside IDs, not before `>`.
    let words = Regex::new(config["wordPattern"].as_str().expect("wordPattern")).expect("regex");
    let found: Vec<&str> = words
        .find_iter("flow api-v2->db")
        .filter_map(Result::ok)
        .map(|m| m.as_str())
        .collect();
    assert_eq!(found, ["flow", "api-v2", "db"]);
}
